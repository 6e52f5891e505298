# Every deployment of the provider's workspace. Terraform stops at 100
# results unless told otherwise: keep the limit above the workspace's number
# of deployments.
list "langsmith_deployment" "all" {
  provider = langsmith
  limit    = 1000
}
