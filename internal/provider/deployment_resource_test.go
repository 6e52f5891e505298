package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Route keys of the mock's counters.
const (
	routeList        = "GET /v2/deployments"
	routeCreate      = "POST /v2/deployments"
	routeGet         = "GET /v2/deployments/{deployment_id}"
	routePatch       = "PATCH /v2/deployments/{deployment_id}"
	routeDelete      = "DELETE /v2/deployments/{deployment_id}"
	routeRevisions   = "GET /v2/deployments/{deployment_id}/revisions"
	routeGetRevision = "GET /v2/deployments/{deployment_id}/revisions/{revision_id}"
)

const deploymentAddr = "langsmith_deployment.test"

// githubDeployment is a github deployment's HCL; extra goes inside the block.
type githubDeployment struct {
	name, repoRef, repoURL, extra string
	env                           map[string]string
}

func (g githubDeployment) hcl(label string) string {
	if g.repoRef == "" {
		g.repoRef = "main"
	}
	if g.repoURL == "" {
		g.repoURL = "https://github.com/acme/support-agent"
	}
	var env strings.Builder
	if len(g.env) > 0 {
		env.WriteString("  environment_variables = {\n")
		for k, v := range g.env {
			fmt.Fprintf(&env, "    %q = %q\n", k, v)
		}
		env.WriteString("  }\n")
	}
	return fmt.Sprintf(`
resource "langsmith_deployment" %q {
  name   = %q
  source = "github"
  source_config = {
    integration_id  = %q
    repo_url        = %q
    deployment_type = "prod"
  }
  source_revision_config = {
    repo_ref              = %q
    langgraph_config_path = "langgraph.json"
  }
%s%s
}
`, label, g.name, acctest.IntegrationID, g.repoURL, g.repoRef, env.String(), g.extra)
}

// hclWith is the deployment's HCL (label "test") with extra attributes
// inside source_config.
func (g githubDeployment) hclWith(sourceConfig string) string {
	return strings.Replace(g.hcl("test"), `    deployment_type = "prod"`, "    deployment_type = \"prod\"\n    "+sourceConfig, 1)
}

func config(env *acctest.Env, resources ...string) string {
	return env.ProviderConfig() + strings.Join(resources, "\n")
}

// deploymentGone checks, after destroy, that the mock holds no deployment.
func deploymentGone(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(env.Mock.Deployments()); n != 0 {
			return fmt.Errorf("want no deployments left on the API, got %d", n)
		}
		return nil
	}
}

// createCalls is what creating one deployment costs when revisions deploy at
// once: the apply's own plan looks the name up (a list filtered by name, to
// warn about a replacement that would fail), then the POST, the wait and the
// read back.
func createCalls(extra map[string]int) map[string]int {
	calls := map[string]int{routeList: 1, routeCreate: 1, routeGetRevision: 1, routeGet: 1}
	for k, v := range extra {
		calls[k] += v
	}
	return calls
}

func TestAccDeployment_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "support-agent", env: map[string]string{"LOG_LEVEL": "info"},
		extra: `  display_name = "Support Agent"`}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate)},
				// The plan right after apply, with a refresh, shows no changes.
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			// create: 1 POST, 1 PATCH (display_name), 1 GET revision, 1 GET deployment.
			Check: env.ExpectCalls(createCalls(map[string]int{routePatch: 1})),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("latest_revision_status"), knownvalue.StringExact("DEPLOYED")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Support Agent")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(acctest.WorkspaceID)),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://support-agent-`))),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("deployment_type"), knownvalue.StringExact("prod")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("build_on_push"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("repo_branch"), knownvalue.StringExact("main")),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("repo_commit_sha"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{40}$`))),
				// The built image the API reports for github is not an input.
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("image_uri"), knownvalue.Null()),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("environment_variables"), knownvalue.MapExact(map[string]knownvalue.Check{"LOG_LEVEL": knownvalue.StringExact("info")})),
				statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("secrets"), knownvalue.Null()),
				statecheck.CompareValuePairs(deploymentAddr, tfjsonpath.New("latest_revision_id"), deploymentAddr, tfjsonpath.New("active_revision_id"), compareSame{}),
			},
		}},
	})
}

func TestAccDeployment_update(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{RevisionStepDelay: 30 * time.Millisecond})
	base := githubDeployment{name: "update-agent", env: map[string]string{"LOG_LEVEL": "info"}}
	inPlace := base
	inPlace.extra = `  display_name = "Renamed"
  delete_tracing_project = true`
	inPlaceBuild := inPlace
	inPlaceBuild.extra += "\n  timeouts = { update = \"10m\" }"
	revision := inPlace
	revision.repoRef = "release"
	revision.env = map[string]string{"LOG_LEVEL": "debug", "FEATURE": "on"}
	revision.extra = inPlace.extra + `
  secrets = { OPENAI_API_KEY = "sk-test-secret-value" }`

	var firstRevision string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, base.hcl("test")),
				Check:  captureAttr(deploymentAddr, "latest_revision_id", &firstRevision),
			},
			{
				// display_name and delete_tracing_project change in place
				// with one PATCH and no new revision.
				Config: config(env, inPlace.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("latest_revision_id"), knownvalue.NotNull()),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatch: 1}),
					resource.TestCheckResourceAttr(deploymentAddr, "display_name", "Renamed"),
					checkAttrEquals(deploymentAddr, "latest_revision_id", &firstRevision),
				),
			},
			{
				// Only a Terraform-side setting changes: no API call at all.
				Config: config(env, inPlaceBuild.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.ExpectCalls(map[string]int{}),
			},
			{
				// repo_ref and variables change: one create-revision request
				// rolls out a new revision (a GET records it), and apply waits
				// for it.
				Config: config(env, revision.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(),
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_id")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCallsAtLeast(env, map[string]int{routeCreateRevision: 1, routeGetRevision: 2, routeGet: 2}, routeCreateRevision, routeGet),
					checkAttrDiffers(deploymentAddr, "latest_revision_id", &firstRevision),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
					resource.TestCheckResourceAttr(deploymentAddr, "source_revision_config.repo_ref", "release"),
					resource.TestCheckResourceAttr(deploymentAddr, "secrets.OPENAI_API_KEY", "sk-test-secret-value"),
					resource.TestCheckResourceAttr(deploymentAddr, "environment_variables.FEATURE", "on"),
					checkMockRevisions(env, 2),
				),
			},
		},
	})
}

func TestAccDeployment_replaceOnCreateOnlyField(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	first := githubDeployment{name: "replace-agent", extra: "  delete_tracing_project = true"}
	second := first
	second.repoURL = "https://github.com/acme/research-agent"
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, first.hcl("test")), Check: captureAttr(deploymentAddr, "id", &firstID)},
			{
				Config: config(env, second.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				// replace: 1 DELETE, GET until 404 (AWAITING_DELETE once), then a create.
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(createCalls(map[string]int{routeDelete: 1, routeGet: 2})),
					checkAttrDiffers(deploymentAddr, "id", &firstID),
				),
			},
		},
	})
}

func TestAccDeployment_import(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "import-agent", extra: `  display_name = "Imported"
  secrets = { OPENAI_API_KEY = "sk-import", LOG_LEVEL = "info" }`}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		// Import blocks and config generation arrived in Terraform 1.5.
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				ResourceName:      deploymentAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Config-driven import (an import block) with the workspace
				// prefix: the plan imports and shows no other change.
				Config:          cfg,
				ResourceName:    deploymentAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return acctest.WorkspaceID + "/" + s.RootModule().Resources[deploymentAddr].Primary.ID, nil
				},
			},
		},
	})
}

func TestAccDeployment_importBadID(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "bad-import"}.hcl("test"))
	steps := []resource.TestStep{}
	for id, want := range map[string]string{
		"not-a-uuid": `deployment ID "not-a-uuid" in import ID "not-a-uuid" is not a UUID`,
		"workspace/6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706": `workspace ID "workspace" in import ID`,
		"a/b/c": `import ID "a/b/c" has 3 parts`,
	} {
		steps = append(steps, resource.TestStep{
			Config:        cfg,
			ResourceName:  deploymentAddr,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   looseRE(want),
		})
	}
	// Bad import IDs are refused before any API call.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

func TestAccDeployment_disappears(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "vanishing-agent"}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(deploymentAddr, "id", &id),
					func(*terraform.State) error {
						if !env.Mock.DeleteDeploymentOutOfBand(id) {
							return fmt.Errorf("mock did not know deployment %s", id)
						}
						return nil
					},
				),
				// Read drops the vanished deployment, so the plan recreates it.
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(createCalls(nil)),
					checkAttrDiffers(deploymentAddr, "id", &id),
				),
			},
		},
	})
}

// TestAccDeployment_destroyAlreadyGone destroys without refreshing after the
// deployment was deleted in the UI, so the DELETE itself answers 404.
func TestAccDeployment_destroyAlreadyGone(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "gone-agent"}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					env.Mock.DeleteDeploymentOutOfBand(id)
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// No refresh: the one DELETE answered 404, and destroy succeeded.
			afterDestroyStep(env, map[string]int{routeDelete: 1}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_destroySoftDeleted destroys while the API still holds
// the deployment soft-deleted for a few polls.
func TestAccDeployment_destroySoftDeleted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: 3})
	cfg := config(env, githubDeployment{name: "soft-agent"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:    cfg,
				Destroy:   true,
				PreConfig: env.Mock.ResetCounts,
			},
			// The destroy plan's refresh (1 GET), the DELETE, then GET until
			// 404: three soft-deleted answers and the 404.
			afterDestroyStep(env, map[string]int{routeDelete: 1, routeGet: 1 + 3 + 1}, deploymentGone(env)),
		},
	})
}

func TestAccDeployment_removedFromConfig(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	keep := githubDeployment{name: "keep-agent"}.hcl("keep")
	drop := githubDeployment{name: "drop-agent"}.hcl("drop")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, keep, drop)},
			{
				Config: config(env, keep),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction("langsmith_deployment.drop", plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction("langsmith_deployment.keep", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeDelete: 1, routeGet: 2}),
					func(*terraform.State) error {
						deps := env.Mock.Deployments()
						if len(deps) != 1 || deps[0]["name"] != "keep-agent" {
							return fmt.Errorf("want only keep-agent left on the API, got %v", deps)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccDeployment_failedBuild(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{RevisionStepDelay: 20 * time.Millisecond})
	broken := githubDeployment{name: "broken-agent", repoRef: "fail-build", extra: "  delete_tracing_project = true"}
	fixed := broken
	fixed.repoRef = "main"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config:      config(env, broken.hcl("test")),
				ExpectError: looseRE(`Revision <uuid> of deployment <uuid> ended with status BUILD_FAILED: mock build failed`),
			},
			{
				// The deployment reached state despite the failure, tainted:
				// the fixed configuration replaces it.
				Config: config(env, fixed.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCallsAtLeast(env, map[string]int{routeList: 1, routeDelete: 1, routeCreate: 1, routeGet: 3, routeGetRevision: 1}, routeDelete, routeCreate),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
					func(*terraform.State) error {
						if n := len(env.Mock.Deployments()); n != 1 {
							return fmt.Errorf("want exactly 1 deployment on the API, got %d", n)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccDeployment_createTimeout(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.HoldRevisions(true)
	cfg := config(env, githubDeployment{name: "slow-agent", extra: `  timeouts = { create = "2s" }
  delete_tracing_project = true`}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: looseRE(`timed out after 2s waiting for revision <uuid> of deployment <uuid> to be DEPLOYED (last status: BUILDING, in the build phase)`),
			},
			{
				// The deployment is in state (tainted), not orphaned: exactly one exists.
				PreConfig: func() { env.Mock.HoldRevisions(false) },
				Config:    cfg,
				Check: func(*terraform.State) error {
					if n := len(env.Mock.Deployments()); n != 1 {
						return fmt.Errorf("want exactly 1 deployment on the API, got %d", n)
					}
					return nil
				},
			},
		},
	})
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

type compareSame struct{}

func (compareSame) CompareValues(values ...any) error {
	if len(values) != 2 || values[0] != values[1] {
		return fmt.Errorf("want equal values, got %v", values)
	}
	return nil
}

func captureAttr(addr, attr string, dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*dst = rs.Primary.Attributes[attr]
		if *dst == "" {
			return fmt.Errorf("%s.%s is empty", addr, attr)
		}
		return nil
	}
}

func checkAttrEquals(addr, attr string, want *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return resource.TestCheckResourceAttr(addr, attr, *want)(s)
	}
}

func checkAttrDiffers(addr, attr string, old *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got := s.RootModule().Resources[addr].Primary.Attributes[attr]
		if got == "" || got == *old {
			return fmt.Errorf("want %s.%s to change from %q, got %q", addr, attr, *old, got)
		}
		return nil
	}
}

// checkCallsAtLeast checks routes whose count depends on timing (revision
// polls): the routes in exact must match exactly, the others reach at least
// their count, and no unlisted route was called.
func checkCallsAtLeast(env *acctest.Env, want map[string]int, exact ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := env.Mock.Counts()
		isExact := map[string]bool{}
		for _, r := range exact {
			isExact[r] = true
		}
		for route, n := range want {
			if isExact[route] && got[route] != n {
				return fmt.Errorf("%s: want exactly %d calls, got %d (all: %v)", route, n, got[route], got)
			}
			if got[route] < n {
				return fmt.Errorf("%s: want at least %d calls, got %d (all: %v)", route, n, got[route], got)
			}
		}
		for route, n := range got {
			if _, ok := want[route]; !ok && n > 0 {
				return fmt.Errorf("%s: want no calls, got %d (all: %v)", route, n, got)
			}
		}
		return nil
	}
}

func checkMockRevisions(env *acctest.Env, want int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[deploymentAddr].Primary.ID
		if got := len(env.Mock.Revisions(id)); got != want {
			return fmt.Errorf("want %d revisions on the API, got %d", want, got)
		}
		return nil
	}
}

// looseRE matches text the way terraform prints it: any run of spaces may
// have become a line break, and <uuid> stands for a UUID.
func looseRE(text string) *regexp.Regexp {
	parts := strings.Split(text, "<uuid>")
	for i, p := range parts {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		lead, trail := "", ""
		if strings.HasPrefix(p, " ") {
			lead = `\s+`
		}
		if strings.HasSuffix(p, " ") {
			trail = `\s+`
		}
		parts[i] = lead + strings.Join(words, `\s+`) + trail
	}
	return regexp.MustCompile(strings.Join(parts, `[0-9a-f-]{36}`))
}

// TestAccDeployment_updateBuildFails: the API accepts an update whose build
// fails. State records the accepted configuration and the failed revision;
// the next plan is an honest update, and applying it again rolls out one new
// revision and converges.
func TestAccDeployment_updateBuildFails(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	v1 := githubDeployment{name: "flaky-agent"}
	v2 := v1
	v2.repoRef = "release"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, v1.hcl("test"))},
			{
				PreConfig:   func() { env.Mock.FailNextRevision("BUILD_FAILED", "pip install failed") },
				Config:      config(env, v2.hcl("test")),
				ExpectError: looseRE(`Revision <uuid> of deployment <uuid> ended with status BUILD_FAILED: pip install failed`),
			},
			{
				// Same configuration: the plan is not empty, it rolls out again.
				Config: config(env, v2.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_status")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeCreateRevision: 1, routeGetRevision: 1, routeGet: 2}),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
					resource.TestCheckResourceAttr(deploymentAddr, "source_revision_config.repo_ref", "release"),
					// initial, failed, and the one retry: no duplicates.
					checkMockRevisions(env, 3),
				),
			},
		},
	})
}

// TestAccDeployment_updateTimeout: the API accepts an update but the wait
// runs out. State holds the accepted configuration and the new revision;
// once the revision finishes the plan is empty, with no second revision.
func TestAccDeployment_updateTimeout(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	v1 := githubDeployment{name: "slow-update-agent"}
	v2 := v1
	v2.repoRef = "release"
	v2.extra = `  timeouts = { update = "2s" }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, v1.hcl("test"))},
			{
				PreConfig:   func() { env.Mock.HoldRevisions(true) },
				Config:      config(env, v2.hcl("test")),
				ExpectError: looseRE(`timed out after 2s waiting for revision <uuid> of deployment <uuid> to be DEPLOYED`),
			},
			{
				PreConfig: func() { env.Mock.HoldRevisions(false) },
				Config:    config(env, v2.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectEmptyPlan(),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{}),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
					resource.TestCheckResourceAttr(deploymentAddr, "source_revision_config.repo_ref", "release"),
					checkMockRevisions(env, 2),
				),
			},
		},
	})
}

// TestAccDeployment_listenerNamespace: a deployment placed on a listener in
// a namespace the listener does not allow fails at plan time, before any
// create; one in an allowed namespace deploys.
func TestAccDeployment_listenerNamespace(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	listener := listenerHCL(`  compute_id = "cluster-a"
  compute_config = { k8s_namespaces = ["agents", "staging"] }`)
	deployment := func(ns string) string {
		return fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "placed-agent"
  source = "external_docker"
  source_config = {
    listener_id     = langsmith_listener.test.id
    listener_config = { k8s_namespace = %q }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/placed:1.0.0" }
  delete_tracing_project = true
}
`, ns)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, listener)},
			{
				Config:      config(env, listener, deployment("production")),
				PlanOnly:    true,
				ExpectError: looseRE(`source_config.listener_config.k8s_namespace is "production", but listener <uuid> only deploys into: agents, staging`),
			},
			{
				Config: config(env, listener, deployment("staging")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					// The final plan during apply checks the listener once more.
					env.ExpectCalls(createCalls(map[string]int{"GET /v2/listeners/{listener_id}": 1})),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.listener_config.k8s_namespace", "staging"),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.memory_mb", "2048"),
				),
			},
		},
	})
}

// TestAccDeployment_importGenerateConfig: an import block plus
// `terraform plan -generate-config-out=generated.tf` writes HCL for the
// deployment, and planning with that HCL is a no-op import.
func TestAccDeployment_importGenerateConfig(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		// Import blocks and config generation arrived in Terraform 1.5.
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, githubDeployment{name: "generated-agent", extra: `  display_name = "Generated"`}.hcl("test"))},
			{
				Config:          env.ProviderConfig(),
				ResourceName:    deploymentAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}

// TestAccDeployment_revisionNotFoundKeepsState: while a revision started in
// the UI is rolling out, the API answers 404 for it. The refresh keeps the
// deployment in state (only a 404 on the deployment removes it) and the
// plan is an update back to the configuration, not a create.
func TestAccDeployment_revisionNotFoundKeepsState(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "pruned-agent", env: map[string]string{"LOG_LEVEL": "info"}}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					env.Mock.HoldRevisions(true)
					env.Mock.PatchOutOfBand(id, map[string]any{"secrets": []any{map[string]any{"name": "LOG_LEVEL", "value": "debug"}}})
					env.Mock.Fault(routeGetRevision, mockapi.Fault{Status: 404, Body: `{"detail":"Revision ID not found."}`})
					env.Mock.ResetCounts()
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					expectCallsNow(env, map[string]int{routeGet: 1, routeGetRevision: 1}),
				}},
			},
			{PreConfig: func() { env.Mock.HoldRevisions(false) }, Config: cfg},
		},
	})
}

// TestAccDeployment_resourceSpecMerge: a resource_spec change is merged over
// the API's current spec, so fields Terraform does not manage (volumes set
// in the UI here) survive the new revision.
func TestAccDeployment_resourceSpecMerge(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	spec := func(cpu string) string {
		return config(env, fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "spec-agent"
  source = "external_docker"
  source_config = {
    resource_spec = { cpu = %s, memory_mb = 2048, max_scale = 2 }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/spec:1.0.0" }
  delete_tracing_project = true
}
`, cpu))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: spec("1"),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(deploymentAddr, "id", &id),
					// Server defaults fill what the configuration leaves out.
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.min_scale", "1"),
				),
			},
			{
				PreConfig: func() {
					d, _ := env.Mock.Deployment(id)
					sc, _ := d["source_config"].(map[string]any)
					current, _ := sc["resource_spec"].(map[string]any)
					current["volumes"] = []any{map[string]any{"name": "scratch", "emptyDir": map[string]any{}}}
					env.Mock.PatchOutOfBand(id, map[string]any{"source_config": map[string]any{"resource_spec": current}})
				},
				Config: spec("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					// One GET to read the current spec, the create-revision
					// request and a GET to record it, the wait and the read back.
					env.ExpectCalls(map[string]int{routeGet: 3, routeCreateRevision: 1, routeGetRevision: 1}),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.cpu", "2"),
					func(*terraform.State) error {
						d, _ := env.Mock.Deployment(id)
						sc, _ := d["source_config"].(map[string]any)
						rs, _ := sc["resource_spec"].(map[string]any)
						vols, _ := rs["volumes"].([]any)
						if rs["cpu"] != 2.0 || rs["max_scale"] != 2.0 || len(vols) != 1 {
							return fmt.Errorf("want cpu 2, max_scale 2 and the UI's volume kept, got cpu=%v max_scale=%v volumes=%v", rs["cpu"], rs["max_scale"], rs["volumes"])
						}
						return nil
					},
				),
			},
		},
	})
}
