# GitHub and external_docker deployments from one for_each: one object type
# for every agent, with optional (null) fields for what a source does not use.
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

variable "agents" {
  type = map(object({
    source         = string
    integration_id = optional(string)
    repo_url       = optional(string)
    repo_ref       = optional(string)
    config_path    = optional(string, "langgraph.json")
    image_uri      = optional(string)
    custom_url     = optional(string)
    cpu            = optional(number)
    memory_mb      = optional(number)
    env            = optional(map(string), {})
  }))
  default = {
    support-agent = {
      source         = "github"
      integration_id = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
      repo_url       = "https://github.com/acme/support-agent"
      repo_ref       = "main"
      env            = { LOG_LEVEL = "info" }
    }
    batch-agent = {
      source     = "external_docker"
      image_uri  = "registry.example.com/agents/batch:2.0.1"
      custom_url = "https://batch.example.com"
      cpu        = 1
      memory_mb  = 2048
    }
  }
}

resource "langsmith_deployment" "agent" {
  for_each = var.agents

  name   = each.key
  source = each.value.source

  # Every attribute is always set; null means "not used by this source".
  source_config = {
    integration_id = each.value.integration_id
    repo_url       = each.value.repo_url
    custom_url     = each.value.custom_url
    resource_spec  = each.value.cpu == null ? null : { cpu = each.value.cpu, memory_mb = each.value.memory_mb }
  }

  source_revision_config = {
    repo_ref              = each.value.repo_ref
    langgraph_config_path = each.value.source == "github" ? each.value.config_path : null
    image_uri             = each.value.image_uri
  }

  environment_variables  = length(each.value.env) > 0 ? each.value.env : null
  delete_tracing_project = true
}

output "urls" {
  value = { for name, d in langsmith_deployment.agent : name => d.url }
}
