terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

data "langsmith_deployment" "support" {
  name = "support-agent"
}

# The five newest revisions that deployed, newest first: candidates for a
# langsmith_deployment_redeploy.
data "langsmith_deployment_revisions" "deployed" {
  deployment_id = data.langsmith_deployment.support.id
  status        = ["DEPLOYED"]
  limit         = 5
}

output "deployed_revisions" {
  value = [for r in data.langsmith_deployment_revisions.deployed.revisions : "${r.id} ${r.source_revision_config.repo_ref} ${r.created_at}"]
}
