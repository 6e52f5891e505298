terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# The GitHub App installation of the "acme" organization.
data "langsmith_github_integrations" "all" {}

locals {
  acme_integration_id = one([for i in data.langsmith_github_integrations.all.integrations : i.id if i.name == "acme"])
}

output "acme_integration_id" {
  value = local.acme_integration_id
}
