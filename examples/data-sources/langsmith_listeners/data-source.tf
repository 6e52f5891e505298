terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}

# Every listener of the workspace, keyed by cluster name.
data "langsmith_listeners" "all" {}

output "listener_ids_by_cluster" {
  value = { for l in data.langsmith_listeners.all.listeners : l.compute_id => l.id }
}
