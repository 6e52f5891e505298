terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Look a deployment up by name (or by id), for example one managed in
# another Terraform configuration.
data "langsmith_deployment" "support" {
  name = "support-agent"
}

output "support_agent_url" {
  value = data.langsmith_deployment.support.url
}

# The names (never the values) of its variables and secrets.
output "support_agent_variables" {
  value = data.langsmith_deployment.support.secret_names
}

# Its fixed tier (null when none is selected) and whether it can be shared
# outside the organisation.
output "support_agent_tier" {
  value = {
    deployment_tier = data.langsmith_deployment.support.deployment_tier
    shareable       = data.langsmith_deployment.support.shareable
  }
}
