terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# An OAuth provider agents use to act on a user's GitHub account. Register
# <control plane URL>/v2/auth/callback/github-app as the callback URL of the
# GitHub OAuth app.
resource "langsmith_oauth_provider" "github" {
  provider_id   = "github-app"
  name          = "GitHub"
  client_id     = "Iv1.0123456789abcdef"
  client_secret = var.github_client_secret
  auth_url      = "https://github.com/login/oauth/authorize"
  token_url     = "https://github.com/login/oauth/access_token"

  authorization_params = {
    allow_signup = "false"
  }
}

# A Slack provider with PKCE and a public client.
resource "langsmith_oauth_provider" "slack" {
  provider_id                = "slack"
  name                       = "Slack"
  provider_type              = "slack"
  client_id                  = "1234567890.0987654321"
  auth_url                   = "https://slack.com/oauth/v2/authorize"
  token_url                  = "https://slack.com/api/oauth.v2.access"
  uses_pkce                  = true
  token_endpoint_auth_method = "none"
}

variable "github_client_secret" {
  type      = string
  sensitive = true
}
