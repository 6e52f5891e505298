terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# The revision a deployment currently serves.
data "langsmith_deployment" "support" {
  name = "support-agent"
}

data "langsmith_deployment_revision" "active" {
  deployment_id = data.langsmith_deployment.support.id
  id            = data.langsmith_deployment.support.active_revision_id
}

output "serving_commit" {
  value = data.langsmith_deployment_revision.active.source_revision_config.repo_commit_sha
}
