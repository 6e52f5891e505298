# One configuration, two workspaces, one provider block: each resource and
# data source names its workspace with workspace_id. The API key
# (LANGSMITH_API_KEY) must be organization-scoped to act in both.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "staging_workspace_id" {
  type        = string
  description = "UUID of the staging workspace."
}

variable "production_workspace_id" {
  type        = string
  description = "UUID of the production workspace."
}

# Resources without workspace_id act in this workspace (or the API key's).
provider "langsmith" {
  workspace_id = var.staging_workspace_id
}

locals {
  workspaces = {
    staging    = { id = var.staging_workspace_id, type = "dev", ref = "develop" }
    production = { id = var.production_workspace_id, type = "prod", ref = "refs/tags/v1.4.2" }
  }
}

# Names are per workspace: both deployments are called support-agent.
resource "langsmith_deployment" "agent" {
  for_each = local.workspaces

  workspace_id = each.value.id
  name         = "support-agent"
  source       = "github"
  source_config = {
    integration_id  = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url        = "https://github.com/acme/support-agent"
    deployment_type = each.value.type
  }
  source_revision_config = {
    repo_ref              = each.value.ref
    langgraph_config_path = "langgraph.json"
  }
}

data "langsmith_deployments" "production" {
  workspace_id = var.production_workspace_id
}
