# A small module under test: one GitHub deployment. tests/agent.tftest.hcl
# exercises it with `terraform test` against the mock Control Plane.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "name" {
  type        = string
  description = "Deployment name."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name))
    error_message = "The name must be lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "repo_ref" {
  type    = string
  default = "main"
}

variable "log_level" {
  type    = string
  default = "info"
}

resource "langsmith_deployment" "agent" {
  name   = var.name
  source = "github"
  source_config = {
    integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    repo_ref              = var.repo_ref
    langgraph_config_path = "langgraph.json"
  }
  environment_variables = { LOG_LEVEL = var.log_level }
  # Frees the name when the test destroys the deployment.
  delete_tracing_project = true
}

output "url" {
  value = langsmith_deployment.agent.url
}

output "latest_revision_id" {
  value = langsmith_deployment.agent.latest_revision_id
}
