# The five newest revisions that deployed, newest first: candidates for a
# langsmith_deployment_redeploy.
data "langsmith_deployment_revisions" "deployed" {
  deployment_id = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
  status        = ["DEPLOYED"]
  limit         = 5
}

output "deployed_revisions" {
  value = [for r in data.langsmith_deployment_revisions.deployed.revisions : "${r.id} ${r.source_revision_config.repo_ref} ${r.created_at}"]
}
