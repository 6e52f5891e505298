# terraform query (Terraform 1.14+): every listener of the workspace.
list "langsmith_listener" "all" {
  provider = langsmith

  config {
    compute_type = "k8s"
  }
}
