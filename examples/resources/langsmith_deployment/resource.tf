terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# A Cloud deployment built from a GitHub repository.
resource "langsmith_deployment" "agent" {
  name         = "support-agent"
  display_name = "Support Agent"
  source       = "github"

  source_config = {
    integration_id  = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url        = "https://github.com/acme/support-agent"
    deployment_type = "prod"
  }

  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }

  environment_variables = {
    LOG_LEVEL = "info"
  }
  secrets = {
    OPENAI_API_KEY = var.openai_api_key
  }

  timeouts = {
    create = "45m"
  }
}

variable "openai_api_key" {
  type      = string
  sensitive = true
}

variable "listener_id" {
  type        = string
  description = "ID of the listener of the cluster (see the langsmith_listeners data source)."
}

# A self-hosted deployment of a prebuilt image, placed by a listener.
resource "langsmith_deployment" "self_hosted" {
  name   = "support-agent-sh"
  source = "external_docker"

  source_config = {
    listener_id     = var.listener_id
    listener_config = { k8s_namespace = "agents" }
    resource_spec = {
      min_scale = 1
      max_scale = 3
      cpu       = 1
      memory_mb = 2048
    }
  }

  source_revision_config = {
    image_uri = "registry.example.com/agents/support:1.4.2"
  }

  secret_references = [
    { name = "DB_PASSWORD", secret_name = "agent-db", secret_key = "password" },
  ]
  delete_tracing_project = true
}
