# Adopting deployments that exist already (created in the UI, or by another
# provider) with import blocks: one for_each over the workspace's
# deployments, matched by name (Terraform 1.7+, OpenTofu 1.7+).
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

locals {
  # The deployments this configuration manages, by name.
  agents = {
    support-agent = { repo = "acme/support-agent", ref = "main" }
  }
}

data "langsmith_deployments" "existing" {}

import {
  # Only the agents that exist already; the others are created.
  for_each = { for d in data.langsmith_deployments.existing.deployments : d.name => d.id if contains(keys(local.agents), d.name) }
  to       = langsmith_deployment.agent[each.key]
  id       = each.value
}

resource "langsmith_deployment" "agent" {
  for_each = local.agents

  name   = each.key
  source = "github"
  source_config = {
    integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url       = "https://github.com/${each.value.repo}"
  }
  source_revision_config = {
    repo_ref              = each.value.ref
    langgraph_config_path = "langgraph.json"
  }
}
