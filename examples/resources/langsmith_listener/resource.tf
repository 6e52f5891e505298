terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# A listener for a self-hosted Kubernetes cluster (self-hosted Enterprise
# plans only). Deployments placed on it must use one of its namespaces.
resource "langsmith_listener" "prod_eu" {
  compute_id = "prod-eu-1"
  version    = "0.1.0"

  compute_config = {
    k8s_namespaces = ["agents", "agents-batch"]
  }
}

resource "langsmith_deployment" "on_prod_eu" {
  name   = "support-agent-eu"
  source = "external_docker"

  source_config = {
    listener_id     = langsmith_listener.prod_eu.id
    listener_config = { k8s_namespace = "agents" }
  }

  source_revision_config = {
    image_uri = "registry.example.com/agents/support:1.4.2"
  }
}
