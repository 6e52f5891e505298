terraform {
  # Actions need Terraform 1.14 or newer; on older CLIs and on OpenTofu use
  # the langsmith_deployment_redeploy resource.
  required_version = ">= 1.14.0"
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

data "langsmith_deployment" "agent" {
  name = "support-agent"
}

# Break-glass rollback, run on demand:
#   terraform apply -invoke=action.langsmith_deployment_redeploy.rollback
action "langsmith_deployment_redeploy" "rollback" {
  config {
    deployment_id = data.langsmith_deployment.agent.id
    # The last good revision (the langsmith_deployment_revisions data source
    # with status = ["DEPLOYED"] lists candidates).
    revision_id = "7c9e4b2a-1f3d-4a5b-8c6d-9e0f1a2b3c4d"
    timeouts = {
      invoke = "45m"
    }
  }
}

# A restart: no revision_id redeploys the latest revision.
#   terraform apply -invoke=action.langsmith_deployment_redeploy.restart
action "langsmith_deployment_redeploy" "restart" {
  config {
    deployment_id = data.langsmith_deployment.agent.id
  }
}

# The same restart whenever the agent's feature flags change.
variable "feature_flags_version" {
  type    = string
  default = "1"
}

resource "terraform_data" "feature_flags" {
  input = var.feature_flags_version

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.langsmith_deployment_redeploy.restart]
    }
  }
}
