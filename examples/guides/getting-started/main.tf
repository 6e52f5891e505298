# A first deployment: a LangSmith Cloud deployment built from a GitHub
# repository. terraform apply returns once its revision is DEPLOYED.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# The API key comes from LANGSMITH_API_KEY; with an organization-scoped key,
# set LANGSMITH_WORKSPACE_ID too.
provider "langsmith" {}

variable "openai_api_key" {
  type        = string
  sensitive   = true
  description = "Passed to the agent as OPENAI_API_KEY."
}

# The GitHub App installation that can read the repository.
data "langsmith_github_integrations" "all" {}

locals {
  integration_id = one([for i in data.langsmith_github_integrations.all.integrations : i.id if i.name == "acme"])
}

resource "langsmith_deployment" "agent" {
  name   = "support-agent"
  source = "github"

  source_config = {
    integration_id  = local.integration_id
    repo_url        = "https://github.com/acme/support-agent"
    deployment_type = "dev"
  }

  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }

  environment_variables = { LOG_LEVEL = "info" }
  secrets               = { OPENAI_API_KEY = var.openai_api_key }
}

output "url" {
  value = langsmith_deployment.agent.url
}

output "latest_revision_status" {
  value = langsmith_deployment.agent.latest_revision_status
}
