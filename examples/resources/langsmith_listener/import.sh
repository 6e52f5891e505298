# A listener is imported by its ID (the langsmith_listeners data source lists them).
terraform import langsmith_listener.prod_eu 3b8e2f4a-6c1d-4e9b-8a7f-2d5c6b4a3e1f
