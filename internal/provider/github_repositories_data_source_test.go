package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

const (
	routeIntegrations = "GET /v1/integrations/github/install"
	routeRepos        = "GET /v1/integrations/github/{integration_id}/repos"
)

// TestAccGithubRepositoriesDataSource_feedsDeployment takes integration_id,
// repo_url and repo_ref of a deployment from the GitHub lookups.
func TestAccGithubRepositoriesDataSource_feedsDeployment(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, `
data "langsmith_github_integrations" "all" {}

data "langsmith_github_repositories" "acme" {
  integration_id = [for i in data.langsmith_github_integrations.all.integrations : i.id if i.name == "acme"][0]
}

locals {
  repo = [for r in data.langsmith_github_repositories.acme.repositories : r if r.name == "research-agent"][0]
}

resource "langsmith_deployment" "test" {
  name   = "research-agent"
  source = "github"
  source_config = {
    integration_id = local.repo.host_integration_id
    repo_url       = local.repo.url
  }
  source_revision_config = {
    repo_ref              = local.repo.default_branch
    langgraph_config_path = "langgraph.json"
  }
}
`)
	repos := "data.langsmith_github_repositories.acme"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					// The lookups are read once, during plan; the deployment's
					// inputs are known then (and its name is looked up).
					expectCallsSoFar{env, map[string]int{routeIntegrations: 1, routeRepos: 1, routeList: 1}},
					env.ResetCounts(),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("repo_url"), knownvalue.StringExact("https://github.com/acme/research-agent")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: env.ExpectCalls(createCalls(nil)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(repos, tfjsonpath.New("repositories"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(812345001), "name": knownvalue.StringExact("support-agent"), "owner": knownvalue.StringExact("acme"),
						"url": knownvalue.StringExact("https://github.com/acme/support-agent"), "default_branch": knownvalue.StringExact("main"),
						"host_integration_id": knownvalue.StringExact(acctest.IntegrationID),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(812345002), "name": knownvalue.StringExact("research-agent"), "owner": knownvalue.StringExact("acme"),
						"url": knownvalue.StringExact("https://github.com/acme/research-agent"), "default_branch": knownvalue.StringExact("develop"),
						"host_integration_id": knownvalue.StringExact(acctest.IntegrationID),
					}),
				})),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("integration_id"), knownvalue.StringExact(acctest.IntegrationID)),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("develop")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("repo_branch"), knownvalue.StringExact("develop")),
			},
		}},
	})
}

func TestAccGithubRepositoriesDataSource_errors(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      config(env, `data "langsmith_github_repositories" "x" { integration_id = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10" }`),
				ExpectError: looseRE(`No GitHub integration with ID 0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10 is connected`),
			},
			{
				Config:      config(env, `data "langsmith_github_repositories" "x" { integration_id = "acme" }`),
				PlanOnly:    true,
				ExpectError: looseRE(`integration_id must be a UUID`),
			},
			// The unknown integration's repositories were asked for once; the
			// malformed ID failed validation first.
			afterDestroyStep(env, map[string]int{routeRepos: 1}),
		},
	})
}
