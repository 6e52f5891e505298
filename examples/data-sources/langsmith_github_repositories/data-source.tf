terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# A github deployment whose integration, repository URL and branch come from
# lookups instead of copied IDs.
data "langsmith_github_integrations" "all" {}

data "langsmith_github_repositories" "acme" {
  integration_id = one([for i in data.langsmith_github_integrations.all.integrations : i.id if i.name == "acme"])
}

locals {
  repo = one([for r in data.langsmith_github_repositories.acme.repositories : r if r.name == "support-agent"])
}

resource "langsmith_deployment" "agent" {
  name   = "support-agent"
  source = "github"

  source_config = {
    integration_id = local.repo.host_integration_id
    repo_url       = local.repo.url
  }

  source_revision_config = {
    repo_ref              = local.repo.default_branch
    langgraph_config_path = "langgraph.json"
  }
}
