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
