# The namespaces a listener allows, for example to validate a deployment's
# listener_config.k8s_namespace in a variable.
data "langsmith_listener" "prod_eu" {
  id = "3b8e2f4a-6c1d-4e9b-8a7f-2d5c6b4a3e1f"
}

output "allowed_namespaces" {
  value = data.langsmith_listener.prod_eu.compute_config.k8s_namespaces
}
