package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// apiThreeRevisions gives a deployment revisions A (main, DEPLOYED), B
// (release, DEPLOYED) and C (fail-build, BUILD_FAILED), through the API.
func apiThreeRevisions(t *testing.T, env *acctest.Env, name string) (depID, revA, revB, revC string) {
	t.Helper()
	depID, revA, revB = apiDeploymentWithTwoRevisions(t, env, name)
	ref, path := "fail-build", "langgraph.json"
	d, err := apiClient(env).PatchDeployment(context.Background(), depID, &langsmith.DeploymentPatchRequest{
		SourceRevisionConfig: &langsmith.SourceRevisionConfig{RepoRef: &ref, LanggraphConfigPath: &path},
	})
	if err != nil {
		t.Fatal(err)
	}
	return depID, revA, revB, *d.LatestRevisionID
}

func TestAccDeploymentRevisionsDataSource_filters(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	depID, revA, revB, revC := apiThreeRevisions(t, env, "revisions-agent")
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment_revisions" "all" {
  deployment_id = %[1]q
}
data "langsmith_deployment_revisions" "deployed" {
  deployment_id = %[1]q
  status        = ["DEPLOYED"]
}
data "langsmith_deployment_revisions" "latest" {
  deployment_id = %[1]q
  limit         = 1
}
`, depID))
	all, deployed, latest := "data.langsmith_deployment_revisions.all", "data.langsmith_deployment_revisions.deployed", "data.langsmith_deployment_revisions.latest"
	idList := func(ids ...string) knownvalue.Check {
		checks := []knownvalue.Check{}
		for _, id := range ids {
			checks = append(checks, knownvalue.StringExact(id))
		}
		return knownvalue.ListExact(checks)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectCallsSoFar{env, map[string]int{routeRevisions: 3}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("ids"), idList(revC, revB, revA)),
				statecheck.ExpectKnownValue(deployed, tfjsonpath.New("ids"), idList(revB, revA)),
				statecheck.ExpectKnownValue(latest, tfjsonpath.New("ids"), idList(revC)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("revisions").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":             knownvalue.StringExact(revC),
					"status":         knownvalue.StringExact("BUILD_FAILED"),
					"status_message": knownvalue.StringExact("mock build failed: exit code 1"),
					"source":         knownvalue.StringExact("github"),
					"created_at":     knownvalue.NotNull(),
					"updated_at":     knownvalue.NotNull(),
					"source_revision_config": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"repo_ref":              knownvalue.StringExact("refs/heads/fail-build"),
						"langgraph_config_path": knownvalue.StringExact("langgraph.json"),
						"image_uri":             knownvalue.Null(),
						"repo_commit_sha":       knownvalue.NotNull(),
					}),
				})),
				statecheck.ExpectKnownValue(deployed, tfjsonpath.New("revisions").AtSliceIndex(1).AtMapKey("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("refs/heads/main")),
				statecheck.ExpectKnownValue(deployed, tfjsonpath.New("revisions").AtSliceIndex(1).AtMapKey("status_message"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccDeploymentRevisionsDataSource_errors(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: config(env, "data \"langsmith_deployment_revisions\" \"x\" {\n"+body+"\n}\n"), ExpectError: looseRE(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`deployment_id = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10"`, `No deployment with ID 0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10 exists`),
			step(`deployment_id = "agent"`, `deployment_id must be a UUID`),
			step("deployment_id = \"0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10\"\nstatus = [\"RUNNING\"]", `value must be one of: ["CREATING"`),
			step("deployment_id = \"0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10\"\nlimit = 0", `limit value must be at least 1`),
			// The unknown deployment's revisions were asked for once; the
			// rest failed validation first.
			afterDestroyStep(env, map[string]int{routeRevisions: 1}),
		},
	})
}
