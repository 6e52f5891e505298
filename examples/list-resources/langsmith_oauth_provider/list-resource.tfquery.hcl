# terraform query (Terraform 1.14+): every OAuth provider, with the whole
# resource of each (the client secret excepted: the API never returns it).
list "langsmith_oauth_provider" "all" {
  provider         = langsmith
  include_resource = true
}
