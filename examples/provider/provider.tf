# Credentials come from the environment: LANGSMITH_API_KEY and
# LANGSMITH_WORKSPACE_ID. For the EU region or a self-hosted install, set
# api_url (or LANGSMITH_ENDPOINT); the control-plane URL is derived from it.
provider "langsmith" {
  # api_url = "https://eu.api.smith.langchain.com"
}
