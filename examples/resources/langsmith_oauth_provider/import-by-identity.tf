# Terraform 1.12 and newer: import by identity, the provider_id.
import {
  to = langsmith_oauth_provider.github
  identity = {
    provider_id = "github-app"
  }
}
