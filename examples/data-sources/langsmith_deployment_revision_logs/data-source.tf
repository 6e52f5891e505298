terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

data "langsmith_deployment" "support" {
  name = "support-agent"
}

# The last 50 lines of the latest revision's build log, for a CI job to
# print after a failed apply (terraform output -raw build_log). Values of the
# deployment's variables appear as ***.
data "langsmith_deployment_revision_logs" "build" {
  deployment_id = data.langsmith_deployment.support.id
  type          = "build"
  limit         = 50
}

# Only the errors of the deploy log of the same revision.
data "langsmith_deployment_revision_logs" "deploy_errors" {
  deployment_id = data.langsmith_deployment.support.id
  revision_id   = data.langsmith_deployment.support.latest_revision_id
  type          = "deploy"
  level         = "ERROR"
}

output "build_log" {
  value = data.langsmith_deployment_revision_logs.build.text
}

output "deploy_errors" {
  value = [for l in data.langsmith_deployment_revision_logs.deploy_errors.lines : "${l.timestamp} ${l.message}"]
}
