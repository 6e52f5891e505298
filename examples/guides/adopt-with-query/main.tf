# Adopting every deployment of a workspace with terraform query (Terraform
# 1.14+): adopt.tfquery.hcl lists them, and
#   terraform query -generate-config-out=adopted.tf
# writes an import block and a langsmith_deployment block for each. The
# provider reads LANGSMITH_API_KEY and LANGSMITH_WORKSPACE_ID.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

provider "langsmith" {}
