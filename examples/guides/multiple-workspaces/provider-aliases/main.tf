# One configuration, two workspaces, with a provider block per workspace,
# chosen on each resource with its provider argument: for workspaces that
# need different API keys, or settings of their own. Here both blocks use
# LANGSMITH_API_KEY; set api_key in a block to give it another key.
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

provider "langsmith" {
  alias        = "staging"
  workspace_id = var.staging_workspace_id
}

provider "langsmith" {
  alias        = "production"
  workspace_id = var.production_workspace_id
}

locals {
  agent = {
    source_config = {
      integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
      repo_url       = "https://github.com/acme/support-agent"
    }
    langgraph_config_path = "langgraph.json"
  }
}

# Names are per workspace: both deployments can be called support-agent.
resource "langsmith_deployment" "staging" {
  provider = langsmith.staging

  name          = "support-agent"
  source        = "github"
  source_config = merge(local.agent.source_config, { deployment_type = "dev" })
  source_revision_config = {
    repo_ref              = "develop"
    langgraph_config_path = local.agent.langgraph_config_path
  }
}

resource "langsmith_deployment" "production" {
  provider = langsmith.production

  name          = "support-agent"
  source        = "github"
  source_config = merge(local.agent.source_config, { deployment_type = "prod" })
  source_revision_config = {
    repo_ref              = "refs/tags/v1.4.2"
    langgraph_config_path = local.agent.langgraph_config_path
  }
}

# Data sources take the provider argument too.
data "langsmith_deployments" "production" {
  provider = langsmith.production
}
