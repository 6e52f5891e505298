terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Credentials come from the environment: LANGSMITH_API_KEY and
# LANGSMITH_WORKSPACE_ID. For the EU region or a self-hosted install, set
# api_url (or LANGSMITH_ENDPOINT); the control-plane URL is derived from it.
provider "langsmith" {
  # api_key           = "..."                                  # LANGSMITH_API_KEY (required)
  # workspace_id      = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d" # LANGSMITH_WORKSPACE_ID, sent as X-Tenant-Id
  # api_url           = "https://eu.api.smith.langchain.com"   # LANGSMITH_ENDPOINT
  # control_plane_url = "https://eu.api.host.langchain.com"    # LANGSMITH_CONTROL_PLANE_URL
}
