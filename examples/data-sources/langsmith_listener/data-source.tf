terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# The namespaces a listener allows, for example to validate a deployment's
# listener_config.k8s_namespace in a variable.
variable "listener_id" {
  type        = string
  description = "ID of the listener, such as 3b8e2f4a-6c1d-4e9b-8a7f-2d5c6b4a3e1f (the langsmith_listeners data source lists them)."
}

data "langsmith_listener" "prod_eu" {
  id = var.listener_id
}

output "allowed_namespaces" {
  value = data.langsmith_listener.prod_eu.compute_config.k8s_namespaces
}
