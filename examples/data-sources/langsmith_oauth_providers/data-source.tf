terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Every OAuth provider of the organization (OAuth providers belong to the
# organization, so there is no workspace_id).
data "langsmith_oauth_providers" "all" {}

# Only the Slack providers.
data "langsmith_oauth_providers" "slack" {
  provider_type = "slack"
}

# The callback URL to register with each OAuth app, by provider_id.
output "callback_urls" {
  value = { for p in data.langsmith_oauth_providers.all.providers : p.provider_id => p.default_redirect_uri }
}

# Providers created by MCP discovery, with the server each came from.
output "mcp_providers" {
  value = { for p in data.langsmith_oauth_providers.all.providers : p.provider_id => p.mcp_server_url if p.is_dynamic_client }
}

output "slack_provider_ids" {
  value = data.langsmith_oauth_providers.slack.provider_ids
}
