# Secrets that never reach the state or the plan: secrets_wo (write-only,
# Terraform 1.11+ and OpenTofu 1.11+), fed from an ephemeral variable.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "openai_api_key" {
  type      = string
  sensitive = true
  ephemeral = true # not stored in the plan file either
}

variable "secrets_version" {
  type        = number
  default     = 1
  description = "Bump after rotating a secret: the next apply sends the secrets_wo values again."
}

variable "secrets_wo_hash_key" {
  type        = string
  sensitive   = true
  default     = null
  description = "At least 16 characters. With it, plans notice a write-only value changed here or outside Terraform."
}

provider "langsmith" {
  # Null (the default above) falls back to LANGSMITH_SECRETS_WO_HASH_KEY, then to no key.
  secrets_wo_hash_key = var.secrets_wo_hash_key
}

resource "langsmith_deployment" "agent" {
  name   = "support-agent"
  source = "github"
  source_config = {
    integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }

  environment_variables = { LOG_LEVEL = "info" }
  secrets_wo            = { OPENAI_API_KEY = var.openai_api_key }
  secrets_wo_version    = var.secrets_version
}
