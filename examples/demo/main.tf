terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

provider "langsmith" {}

resource "langsmith_deployment" "agent" {
  name   = "support-agent"
  source = "github"
  source_config = {
    integration_id  = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url        = "https://github.com/acme/support-agent"
    deployment_type = "prod"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = "info" }
  delete_tracing_project = true
}

output "deployment_id" { value = langsmith_deployment.agent.id }
output "revision_status" { value = langsmith_deployment.agent.latest_revision_status }
output "url" { value = langsmith_deployment.agent.url }
