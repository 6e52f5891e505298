package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

func TestAccDeploymentRevisionDataSource_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	depID, revA, _, revC := apiThreeRevisions(t, env, "revision-agent")
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment_revision" "first" {
  deployment_id = %[1]q
  id            = %[2]q
}
data "langsmith_deployment_revision" "failed" {
  deployment_id = %[1]q
  id            = %[3]q
}
`, depID, revA, revC))
	first, failed := "data.langsmith_deployment_revision.first", "data.langsmith_deployment_revision.failed"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config(env, fmt.Sprintf(`
data "langsmith_deployment_revision" "x" {
  deployment_id = %q
  id            = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10"
}`, depID)),
				ExpectError: looseRE(`The API has no revision 0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10 of deployment ` + depID),
			},
			{
				Config: config(env, `
data "langsmith_deployment_revision" "x" {
  deployment_id = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10"
  id            = "latest"
}`),
				PlanOnly:    true,
				ExpectError: looseRE(`id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "latest"`),
			},
			{
				PreConfig: env.Mock.ResetCounts,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectCallsSoFar{env, map[string]int{routeGetRevision: 2}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(first, tfjsonpath.New("status"), knownvalue.StringExact("DEPLOYED")),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("status_message"), knownvalue.Null()),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("source"), knownvalue.StringExact("github")),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(first, tfjsonpath.New("source_revision_config"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"repo_ref":              knownvalue.StringExact("refs/heads/main"),
						"langgraph_config_path": knownvalue.StringExact("langgraph.json"),
						"image_uri":             knownvalue.StringRegexp(regexp.MustCompile(`revision-agent:[0-9a-f]{7}$`)),
						"repo_commit_sha":       knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{40}$`)),
					})),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("status"), knownvalue.StringExact("BUILD_FAILED")),
					statecheck.ExpectKnownValue(failed, tfjsonpath.New("status_message"), knownvalue.StringExact("mock build failed: exit code 1")),
				},
			},
		},
	})
}
