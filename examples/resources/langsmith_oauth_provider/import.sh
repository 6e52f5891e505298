# An OAuth provider is imported by its provider_id. The API never returns the
# client secret: set client_secret in the configuration and apply once to
# store it in state (the apply sends it again).
terraform import langsmith_oauth_provider.github github-app
