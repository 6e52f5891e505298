# After: the same two deployments, managed by this provider at new addresses.
# The first plan moves them over: no create, no destroy.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "openai_api_key" {
  type      = string
  sensitive = true
}

resource "langsmith_deployment" "support_agent" {
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
  environment_variables = { LOG_LEVEL = "info" }
  # The official provider's write-only secrets. Here `secrets` keeps the
  # values in state; `secrets_wo` (Terraform 1.11+) does not, and its first
  # apply rolls out one revision that sends them.
  secrets = { OPENAI_API_KEY = var.openai_api_key }
}

moved {
  from = langsmith_deployment.agent
  to   = langsmith_deployment.support_agent
}

resource "langsmith_deployment" "support_agent_sh" {
  name   = "support-agent-sh"
  source = "external_docker"
  source_config = {
    custom_url    = "https://agent.example.com"
    resource_spec = { cpu = 1, memory_mb = 1024, max_scale = 2 }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/support:1.4.2" }
  environment_variables  = { MODE = "hosted" }
  secret_references      = [{ name = "DB_URL", secret_name = "agent-db", secret_key = "url" }]
}

moved {
  from = langsmith_deployment.self_hosted
  to   = langsmith_deployment.support_agent_sh
}
