# The GitHub App installation of the "acme" organization.
data "langsmith_github_integrations" "all" {}

locals {
  acme_integration_id = one([for i in data.langsmith_github_integrations.all.integrations : i.id if i.name == "acme"])
}
