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

func TestAccGithubIntegrationsDataSource_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	second := env.Mock.AddGithubIntegration("globex", "agents@trunk")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    config(env, `data "langsmith_github_integrations" "all" {}`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectCallsSoFar{env, map[string]int{routeIntegrations: 1}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.langsmith_github_integrations.all", tfjsonpath.New("integrations"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(acctest.IntegrationID), "installation_id": knownvalue.Int64Exact(4242), "name": knownvalue.StringExact("acme"),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(second), "installation_id": knownvalue.Int64Exact(4243), "name": knownvalue.StringExact("globex"),
					}),
				})),
			},
		}},
	})
}
