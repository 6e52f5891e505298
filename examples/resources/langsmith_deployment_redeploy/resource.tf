terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Break-glass rollback: put the last good revision back, then make the
# configuration say so (see the resource description).

data "langsmith_deployment" "agent" {
  name = "support-agent"
}

# The deployment's last two DEPLOYED revisions, newest first.
data "langsmith_deployment_revisions" "deployed" {
  deployment_id = data.langsmith_deployment.agent.id
  status        = ["DEPLOYED"]
  limit         = 2
}

resource "langsmith_deployment_redeploy" "rollback" {
  deployment_id = data.langsmith_deployment.agent.id
  # A fixed ID: an expression that moves (such as a list index) would run the
  # redeploy again whenever its value changes.
  revision_id = "7c9e4b2a-1f3d-4a5b-8c6d-9e0f1a2b3c4d"

  # Change to roll back again.
  triggers = {
    incident = "INC-2041"
  }

  timeouts = {
    create = "45m"
  }
}

output "rollback_candidates" {
  value = data.langsmith_deployment_revisions.deployed.revisions[*].source_revision_config.repo_ref
}
