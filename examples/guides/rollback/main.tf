# Rolling a deployment back to a revision that worked, with
# langsmith_deployment_redeploy, and keeping the rollback.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "rollback_to" {
  type        = string
  default     = null
  description = "ID of the revision to put back (see the deployed_revisions output); null: no rollback."
}

variable "incident" {
  type        = string
  default     = "none"
  description = "Changing it runs the redeploy again."
}

resource "langsmith_deployment" "agent" {
  name   = "support-agent"
  source = "github"
  source_config = {
    integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    # After a rollback, the next plan shows this value changing back from
    # the rolled-back one. Set it to the rolled-back ref to keep the rollback.
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
}

# Rollback candidates: revisions that deployed, newest first.
data "langsmith_deployment_revisions" "deployed" {
  deployment_id = langsmith_deployment.agent.id
  status        = ["DEPLOYED"]
  limit         = 5
}

output "deployed_revisions" {
  value = { for r in data.langsmith_deployment_revisions.deployed.revisions : r.id => r.source_revision_config.repo_ref }
}

resource "langsmith_deployment_redeploy" "rollback" {
  count = var.rollback_to == null ? 0 : 1

  deployment_id = langsmith_deployment.agent.id
  revision_id   = var.rollback_to # a literal ID: an index into the list would move
  triggers      = { incident = var.incident }
}
