# GitHub and external_docker deployments side by side: one resource block,
# and one for_each, per source. Each map holds objects of one shape.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

locals {
  github_agents = {
    support-agent  = { repo = "acme/support-agent", ref = "main" }
    research-agent = { repo = "acme/research-agent", ref = "develop" }
  }
  docker_agents = {
    batch-agent = { image = "registry.example.com/agents/batch:2.0.1", url = "https://batch.example.com" }
  }
}

resource "langsmith_deployment" "github" {
  for_each = local.github_agents

  name   = each.key
  source = "github"
  source_config = {
    integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
    repo_url       = "https://github.com/${each.value.repo}"
  }
  source_revision_config = {
    repo_ref              = each.value.ref
    langgraph_config_path = "langgraph.json"
  }
  delete_tracing_project = true
}

resource "langsmith_deployment" "docker" {
  for_each = local.docker_agents

  name   = each.key
  source = "external_docker"
  source_config = {
    custom_url    = each.value.url
    resource_spec = { cpu = 1, memory_mb = 2048 }
  }
  source_revision_config = { image_uri = each.value.image }
  delete_tracing_project = true
}

output "urls" {
  value = merge(
    { for name, d in langsmith_deployment.github : name => d.url },
    { for name, d in langsmith_deployment.docker : name => d.url },
  )
}
