package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

const (
	routeRedeploy = "POST /v2/deployments/{deployment_id}/revisions/{revision_id}/redeploy"
	redeployAddr  = "langsmith_deployment_redeploy.rollback"
)

// firstRevisionHCL remembers the deployment's first revision ID in a
// terraform_data that ignores later changes, so a later step can roll back
// to it without the test knowing the ID.
const firstRevisionHCL = `
resource "terraform_data" "first_revision" {
  input = langsmith_deployment.test.latest_revision_id
  lifecycle { ignore_changes = [input] }
}
`

const redeployHCL = `
resource "langsmith_deployment_redeploy" "rollback" {
  deployment_id = langsmith_deployment.test.id
  revision_id   = terraform_data.first_revision.output
  triggers      = { incident = "INC-1" }
}
`

// mockRevisionRefs returns the repo_ref and status of each revision of the
// deployment in state, newest first, as the API reports them.
func mockRevisionRefs(env *acctest.Env, s *terraform.State) (refs, statuses []string) {
	id := s.RootModule().Resources[deploymentAddr].Primary.ID
	for _, rev := range env.Mock.Revisions(id) {
		src, _ := rev["source_revision_config"].(map[string]any)
		ref, _ := src["repo_ref"].(string)
		ref = displayRef(ref) // the mock reports branches resolved, refs/heads/<name>
		status, _ := rev["status"].(string)
		refs, statuses = append(refs, ref), append(statuses, status)
	}
	return refs, statuses
}

func checkRevisionRefs(env *acctest.Env, want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		refs, statuses := mockRevisionRefs(env, s)
		if fmt.Sprint(refs) != fmt.Sprint(want) {
			return fmt.Errorf("want revisions (newest first) with repo_ref %v on the API, got %v (statuses %v)", want, refs, statuses)
		}
		if statuses[0] != "DEPLOYED" {
			return fmt.Errorf("want the newest revision DEPLOYED, got %v", statuses)
		}
		return nil
	}
}

// TestAccDeploymentRedeploy_rollback shows exactly what a rollback does: a
// deployment goes from repo_ref main (revision A) to release (B); the
// redeploy of A rolls out a third revision copying A's config; the next plan
// shows the rollback as drift of the deployment (repo_ref main in state,
// release in the configuration), so no apply undoes it silently; setting
// repo_ref to main, the lasting fix, makes configuration, state and API
// agree without another revision.
func TestAccDeploymentRedeploy_rollback(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	a := githubDeployment{name: "rollback-agent", repoRef: "main", extra: "  delete_tracing_project = true"}
	b := a
	b.repoRef = "release"
	var revisionA, revisionB, revisionC string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, a.hcl("test"), firstRevisionHCL),
				Check:  captureAttr(deploymentAddr, "latest_revision_id", &revisionA),
			},
			{
				Config: config(env, b.hcl("test"), firstRevisionHCL),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(deploymentAddr, "latest_revision_id", &revisionB),
					resource.TestCheckResourceAttrPtr("terraform_data.first_revision", "output", &revisionA),
					checkRevisionRefs(env, "release", "main"),
				),
			},
			{
				// The redeploy: one GET (the latest revision before), the
				// POST, one GET of the new revision until DEPLOYED. The plan
				// after it is not empty: the deployment now runs main.
				Config: config(env, b.hcl("test"), firstRevisionHCL, redeployHCL),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(),
						plancheck.ExpectResourceAction(redeployAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
						expectBefore("main", "source_revision_config", "repo_ref"),
						plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("release")),
						plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_id")),
					},
				},
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeGet: 1, routeRedeploy: 1, routeGetRevision: 1}),
					checkRevisionRefs(env, "main", "release", "main"),
					resource.TestCheckResourceAttrPtr(redeployAddr, "revision_id", &revisionA),
					resource.TestCheckResourceAttr(redeployAddr, "status", "DEPLOYED"),
					captureAttr(redeployAddr, "resulting_revision_id", &revisionC),
					resource.TestCheckResourceAttrPair(redeployAddr, "id", redeployAddr, "resulting_revision_id"),
					func(*terraform.State) error {
						if revisionC == revisionA || revisionC == revisionB {
							return fmt.Errorf("want a new revision, got %s (A %s, B %s)", revisionC, revisionA, revisionB)
						}
						return nil
					},
				),
			},
			{
				// The lasting fix: configure the rolled-back value. State
				// already says main, so nothing rolls out; the redeploy record
				// stays as it is.
				Config: config(env, a.hcl("test"), firstRevisionHCL, redeployHCL),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(),
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(redeployAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{}),
					checkRevisionRefs(env, "main", "release", "main"),
					resource.TestCheckResourceAttrPtr(deploymentAddr, "latest_revision_id", &revisionC),
				),
			},
		},
	})
}

// TestAccDeploymentRedeploy_nextRevisionShowsRollback: after a rollback, a
// change that rolls out a revision (here a variable) plans repo_ref back to
// the configured release in the same plan, where the user sees it; with
// ignore_changes = [source_revision_config] the same change keeps the
// rolled-back main, the documented way to hold a rollback.
func TestAccDeploymentRedeploy_nextRevisionShowsRollback(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	a := githubDeployment{name: "undo-agent", repoRef: "main", env: map[string]string{"LOG_LEVEL": "info"}, extra: "  delete_tracing_project = true"}
	b := a
	b.repoRef = "release"
	held := b
	held.env = map[string]string{"LOG_LEVEL": "debug"}
	held.extra += "\n  lifecycle {\n    ignore_changes = [source_revision_config]\n  }"
	undone := b
	undone.env = map[string]string{"LOG_LEVEL": "trace"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, a.hcl("test"), firstRevisionHCL)},
			{Config: config(env, b.hcl("test"), firstRevisionHCL)},
			{
				Config:             config(env, b.hcl("test"), firstRevisionHCL, redeployHCL),
				Check:              checkRevisionRefs(env, "main", "release", "main"),
				ExpectNonEmptyPlan: true,
			},
			{
				// Holding the rollback: the variable change rolls out with
				// the state's (rolled-back) source_revision_config.
				Config: config(env, held.hcl("test"), firstRevisionHCL, redeployHCL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("main")),
				}},
				Check: checkRevisionRefs(env, "main", "main", "release", "main"),
			},
			{
				// Without the freeze the plan says it: repo_ref main ->
				// release, next to the variable change.
				Config: config(env, undone.hcl("test"), firstRevisionHCL, redeployHCL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					expectBefore("main", "source_revision_config", "repo_ref"),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("release")),
				}},
				Check: checkRevisionRefs(env, "release", "main", "main", "release", "main"),
			},
		},
	})
}

// apiDeploymentWithTwoRevisions creates, through the API, a github
// deployment whose first revision builds repo_ref main and second release,
// and returns the deployment ID and both revision IDs.
func apiDeploymentWithTwoRevisions(t *testing.T, env *acctest.Env, name string) (depID, revA, revB string) {
	t.Helper()
	ctx := context.Background()
	c := apiClient(env)
	str := func(s string) *string { return &s }
	dep, err := c.CreateDeployment(ctx, &langsmith.DeploymentCreateRequest{
		Name: name, Source: langsmith.SourceGithub,
		SourceConfig:         langsmith.SourceConfig{IntegrationID: str(acctest.IntegrationID), RepoURL: str("https://github.com/acme/support-agent")},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{RepoRef: str("main"), LanggraphConfigPath: str("langgraph.json")},
	})
	if err != nil {
		t.Fatal(err)
	}
	patched, err := c.PatchDeployment(ctx, dep.ID, &langsmith.DeploymentPatchRequest{
		SourceRevisionConfig: &langsmith.SourceRevisionConfig{RepoRef: str("release"), LanggraphConfigPath: str("langgraph.json")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dep.ID, *dep.LatestRevisionID, *patched.LatestRevisionID
}

// redeployLiteralHCL is a redeploy of a deployment made outside Terraform.
func redeployLiteralHCL(depID, revID string) string {
	return fmt.Sprintf(`
resource "langsmith_deployment_redeploy" "rollback" {
  deployment_id = %q
  revision_id   = %q
}
`, depID, revID)
}

// TestAccDeploymentRedeploy_failedRevision shows a redeploy whose revision
// fails: the error names the revision and status, and the record stays in
// state, tainted, so the next apply runs the redeploy again.
func TestAccDeploymentRedeploy_failedRevision(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	depID, revA, _ := apiDeploymentWithTwoRevisions(t, env, "failing-rollback")
	cfg := config(env, redeployLiteralHCL(depID, revA))
	var failed string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { env.Mock.FailNextRevision("DEPLOY_FAILED", "") },
				Config:      cfg,
				ExpectError: looseRE(`Revision <uuid> of deployment ` + depID + ` (the redeploy of revision ` + revA + `) ended with status DEPLOY_FAILED: mock deploy failed`),
			},
			{
				// Tainted: replaced, which redeploys again (and succeeds now).
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(redeployAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(redeployAddr, tfjsonpath.New("status")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeGet: 1, routeRedeploy: 1, routeGetRevision: 1}),
					resource.TestCheckResourceAttr(redeployAddr, "status", "DEPLOYED"),
					func(*terraform.State) error {
						revs := env.Mock.Revisions(depID)
						got := []string{}
						for _, r := range revs {
							got = append(got, fmt.Sprint(r["status"]))
						}
						failed = fmt.Sprint(revs[1]["status"])
						if len(revs) != 4 || got[0] != "DEPLOYED" || failed != "DEPLOY_FAILED" {
							return fmt.Errorf("want 4 revisions, the failed redeploy then the good one, got %v", got)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccDeploymentRedeploy_deploymentGone shows the record following its
// deployment: once the deployment is gone, the refresh drops the redeploy
// and the plan would run it again.
func TestAccDeploymentRedeploy_deploymentGone(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	depID, revA, _ := apiDeploymentWithTwoRevisions(t, env, "gone-rollback")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config(env, redeployLiteralHCL(depID, revA)),
			Check: func(*terraform.State) error {
				if !env.Mock.DeleteDeploymentOutOfBand(depID) {
					return fmt.Errorf("mock did not know deployment %s", depID)
				}
				return nil
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(redeployAddr, plancheck.ResourceActionCreate)},
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}

func TestAccDeploymentRedeploy_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config(env, `
resource "langsmith_deployment_redeploy" "rollback" {
  deployment_id = "my-agent"
  revision_id   = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
}`),
				PlanOnly:    true,
				ExpectError: looseRE(`deployment_id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "my-agent"`),
			},
			{
				Config: config(env, `
resource "langsmith_deployment_redeploy" "rollback" {
  deployment_id = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
  revision_id   = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
  timeouts      = { create = "soon" }
}`),
				PlanOnly:    true,
				ExpectError: looseRE(`"soon" must be a string containing a sequence of decimal numbers`),
			},
			// Both mistakes were caught before any API call.
			afterDestroyStep(env, map[string]int{}),
		},
	})
}
