package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Issue 11, items 2, 3 and 9: tiers through their endpoints, shareable,
// route_through_gateway, tracked_repo_ref, and revisions through the
// create-revision endpoint with the PATCH fallback. Each through the real
// CLI, which holds apply to every value the plan promised.

const (
	routeDeploymentTier = "PATCH /v2/deployments/{deployment_id}/deployment-tier"
	routeResourceTiers  = "PATCH /v2/deployments/{deployment_id}/resource-tiers"
	routeCreateRevision = "POST /v2/deployments/{deployment_id}/revisions"
)

// mockField checks a top-level field of the deployment (deploymentAddr) on
// the mock, or, with a dotted key, one inside source_config.
func mockField(env *acctest.Env, key string, want any) resource.TestCheckFunc {
	const addr = deploymentAddr
	return func(s *terraform.State) error {
		d, ok := env.Mock.Deployment(s.RootModule().Resources[addr].Primary.ID)
		if !ok {
			return fmt.Errorf("%s: not on the API", addr)
		}
		got := d[key]
		if inner, ok := strings.CutPrefix(key, "source_config."); ok {
			got = d["source_config"].(map[string]any)[inner]
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s on the API: %s = %v, want %v", addr, key, got, want)
		}
		return nil
	}
}

// TestAccDeployment_tiers: tiers are set after the create through the tier
// endpoints (a create does not take them), each change rolls out a revision,
// compute and database tiers follow deployment_tier unless configured, and
// removing them keeps the API's.
func TestAccDeployment_tiers(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	g := githubDeployment{name: "tiered"}
	tiers := func(extra string) string {
		g.extra = "  delete_tracing_project = true\n" + extra
		return config(env, g.hcl("test"))
	}
	state := func(name, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New(name), knownvalue.StringExact(want))
	}
	var rev1 string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: tiers(`  deployment_tier = "DEDICATED_S"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "deployment_tier", "DEDICATED_S"),
					expectSomeCalls(env, map[string]int{routeDeploymentTier: 1, routeResourceTiers: 0}),
					captureAttr(deploymentAddr, "latest_revision_id", &rev1),
					func(s *terraform.State) error {
						if n := len(env.Mock.Revisions(s.RootModule().Resources[deploymentAddr].Primary.ID)); n != 2 {
							return fmt.Errorf("want 2 revisions (the create's, the tier's), got %d", n)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					state("deployment_tier", "DEDICATED_S"), state("compute_tier", "DEDICATED_S"), state("database_tier", "DEDICATED_S"),
				},
			},
			{
				// A new deployment tier, and a database tier of its own: two
				// requests, the deployment tier first; compute_tier follows.
				Config: tiers(`  deployment_tier = "DEDICATED_M"
  database_tier   = "DEDICATED_L"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("compute_tier")),
					plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_id")),
					env.ResetCounts(),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "compute_tier", "DEDICATED_M"),
					mockField(env, "database_tier", "DEDICATED_L"),
					expectSomeCalls(env, map[string]int{routeDeploymentTier: 1, routeResourceTiers: 1, routePatch: 0, routeCreateRevision: 0}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					state("deployment_tier", "DEDICATED_M"), state("compute_tier", "DEDICATED_M"), state("database_tier", "DEDICATED_L"),
				},
			},
			{
				// Left out, the tiers stay as they are: nothing to do.
				Config: tiers(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop),
				}},
			},
			{
				Config:                  tiers(""),
				ResourceName:            deploymentAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"delete_tracing_project", "environment_variables", "secrets"},
			},
		},
	})
}

// TestAccDeployment_tierErrors: what the contract states is refused at plan
// time; what it leaves to the API (which deployments are serverless) is the
// API's error, reported with the rule, and the deployment stays in state:
// fixing the tier replaces the tainted deployment, leaving one on the API.
func TestAccDeployment_tierErrors(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	serverless := func(extra string) string {
		g := githubDeployment{name: "zero", extra: "  delete_tracing_project = true\n" + extra}
		return config(env, strings.Replace(g.hcl("test"), `deployment_type = "prod"`, `deployment_type = "dev_zero"`, 1))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config:      serverless(`  deployment_tier = "HUGE"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)deployment_tier.*value must be one of.*SERVERLESS_S`),
			},
			{
				Config:      serverless(`  database_tier = "SERVERLESS_M"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)database_tier.*value must be one of.*DEDICATED_S`),
			},
			{
				Config: serverless(`  deployment_tier = "SERVERLESS_S"
  compute_tier    = "DEDICATED_M"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)compute_tier DEDICATED_M and deployment_tier SERVERLESS_S are of different\s+families`),
			},
			{
				Config: serverless(`  deployment_tier = "SERVERLESS_S"
  database_tier   = "DEDICATED_M"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)database_tier applies only to dedicated deployments, and\s+deployment_tier\s+SERVERLESS_S is serverless`),
			},
			{
				// The mock, like the API may, finds dev_zero serverless.
				Config:      serverless(`  deployment_tier = "DEDICATED_S"`),
				ExpectError: regexp.MustCompile(`(?s)does not match this serverless\s+deployment.*Serverless deployments\s+take SERVERLESS_\* tiers.*only the tier could\s+not be set`),
			},
			{
				Config: serverless(`  deployment_tier = "SERVERLESS_S"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "deployment_tier", "SERVERLESS_S"),
					mockField(env, "database_tier", nil),
					func(*terraform.State) error {
						if n := len(env.Mock.Deployments()); n != 1 {
							return fmt.Errorf("want the failed deployment replaced, not orphaned: %d deployments on the API", n)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("database_tier"), knownvalue.Null()),
				},
			},
		},
	})
}

// TestAccDeployment_shareableGatewayTrackedRef: shareable is create-only,
// route_through_gateway and tracked_repo_ref change in place (one PATCH, no
// revision), and a revision built from another ref, which resets the
// tracked ref on the API, is followed by the tracked ref again.
func TestAccDeployment_shareableGatewayTrackedRef(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	dep := func(ref, extra string) string {
		g := githubDeployment{name: "shared", repoRef: ref, extra: "  delete_tracing_project = true\n" + extra}
		return config(env, g.hcl("test"))
	}
	boolState := func(name string, want bool) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New(name), knownvalue.Bool(want))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: dep("main", `  shareable             = true
  route_through_gateway = true
  tracked_repo_ref      = "develop"`),
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "shareable", true),
					mockField(env, "route_through_gateway", true),
					mockField(env, "source_config.repo_branch", "develop"),
					expectSomeCalls(env, map[string]int{routePatch: 1}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					boolState("shareable", true), boolState("route_through_gateway", true),
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("tracked_repo_ref"), knownvalue.StringExact("develop")),
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("repo_branch"), knownvalue.StringExact("develop")),
				},
			},
			{
				// Removing route_through_gateway turns it off; both changes go
				// in one PATCH without a revision.
				Config: dep("main", `  shareable        = true
  tracked_repo_ref = "release"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("route_through_gateway"), knownvalue.Bool(false)),
					expectUnknownsWithin(deploymentAddr, "repo_branch", "updated_at"),
					env.ResetCounts(),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "route_through_gateway", false),
					mockField(env, "source_config.repo_branch", "release"),
					expectSomeCalls(env, map[string]int{routePatch: 1, routeCreateRevision: 0}),
				),
			},
			{
				// A new ref resets the tracked ref on the API; apply sets it
				// again after the revision.
				Config: dep("feature", `  shareable        = true
  tracked_repo_ref = "release"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{env.ResetCounts()}},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockField(env, "source_config.repo_branch", "release"),
					expectSomeCalls(env, map[string]int{routeCreateRevision: 1, routePatch: 1}),
				),
			},
			{
				// Left out, tracked_repo_ref keeps the API's value.
				Config: dep("feature", `  shareable = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop),
				}},
			},
			{
				// shareable is create-only: a change replaces.
				Config: dep("feature", `  shareable = false`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: mockField(env, "shareable", false),
			},
		},
	})
}

// TestAccDeployment_createRevisionFallback: a change that only rolls out a
// revision goes to the create-revision endpoint (§5.9), which names the
// revision; a server without the route (404 Not Found) gets the PATCH; an
// in-place change together with a revision is one PATCH.
func TestAccDeployment_createRevisionFallback(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	image := func(tag, extra string) string {
		return config(env, strings.Replace(dockerDeployment("revs", "", extra), "registry.example.com/a:1", "registry.example.com/a:"+tag, 1))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: image("1", "")},
			{
				Config:           image("2", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{env.ResetCounts()}},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectSomeCalls(env, map[string]int{routeCreateRevision: 1, routePatch: 0}),
					mockImage(env, "registry.example.com/a:2"),
				),
			},
			{
				Config: image("3", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					funcPlanCheck(func() error {
						env.Mock.Fault(routeCreateRevision, mockapi.Fault{Status: 404})
						return nil
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectSomeCalls(env, map[string]int{routeCreateRevision: 1, routePatch: 1}),
					mockImage(env, "registry.example.com/a:3"),
				),
			},
			{
				Config:           image("4", `  display_name = "Revs"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{env.ResetCounts()}},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectSomeCalls(env, map[string]int{routeCreateRevision: 0, routePatch: 1}),
					mockImage(env, "registry.example.com/a:4"),
					mockField(env, "display_name", "Revs"),
				),
			},
		},
	})
}

// expectSomeCalls checks the number of calls of the routes named in want
// (0: none), leaving the others to their own tests.
func expectSomeCalls(env *acctest.Env, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var bad []string
		for route, n := range want {
			if got := env.Mock.Count(route); got != n {
				bad = append(bad, fmt.Sprintf("%s: %d calls, want %d", route, got, n))
			}
		}
		if len(bad) > 0 {
			return fmt.Errorf("unexpected API calls:\n  %s", strings.Join(bad, "\n  "))
		}
		return nil
	}
}

// mockImage checks the image of the only deployment on the mock.
func mockImage(env *acctest.Env, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		deps := env.Mock.Deployments()
		if len(deps) != 1 {
			return fmt.Errorf("want 1 deployment, got %d", len(deps))
		}
		if got := deps[0]["source_revision_config"].(map[string]any)["image_uri"]; got != want {
			return fmt.Errorf("image on the API = %v, want %s", got, want)
		}
		return nil
	}
}
