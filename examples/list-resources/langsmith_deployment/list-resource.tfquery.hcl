# terraform query (Terraform 1.14+): the workspace's ready production
# deployments whose name contains "agent". `terraform query` prints them;
# `terraform query -generate-config-out=adopted.tf` writes an import block and
# a resource block for each.
list "langsmith_deployment" "agents" {
  provider = langsmith

  # Terraform stops at 100 results unless told otherwise.
  limit = 500

  config {
    name_contains   = "agent"
    deployment_type = "prod"
    status          = "READY"
  }
}
