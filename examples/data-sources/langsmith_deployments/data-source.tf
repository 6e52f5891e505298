terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Every production deployment whose name contains "agent".
data "langsmith_deployments" "prod_agents" {
  name_contains   = "agent"
  deployment_type = "prod"
}

output "prod_agent_urls" {
  value = { for d in data.langsmith_deployments.prod_agents.deployments : d.name => d.url }
}

# Deployments still waiting for their first revision.
data "langsmith_deployments" "provisioning" {
  status = "AWAITING_DATABASE"
}

# Deployments tagged with these resource tag values (the UUIDs of tag values,
# shown with the tags in the LangSmith UI), with their tiers and whether their
# model calls go through the LLM gateway.
data "langsmith_deployments" "production_support" {
  tag_value_ids = [
    "3b1f6c2d-8e4a-4f5b-9c6d-7e8f9a0b1c2d", # environment = production
    "4c2a7d3e-9f5b-4a6c-8d7e-8f9a0b1c2d3e", # team = support
  ]
}

output "production_support" {
  value = {
    for d in data.langsmith_deployments.production_support.deployments : d.name => {
      deployment_tier       = d.deployment_tier
      route_through_gateway = d.route_through_gateway
    }
  }
}
