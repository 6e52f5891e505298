package provider

import (
	"context"
	"fmt"

	"sort"
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

// The edges of the schema that ordinary configurations reach, each through
// the real CLI, which checks every planned known value against the applied
// one (issue "Plan and apply agree on every edge", bugs 2 to 10; the
// write-only ones are in write_only_test.go). Each test fails without the
// fix it pins: the fix is named in its comment.

// dockerDeployment is an external_docker deployment's HCL with the image
// registry.example.com/a:1; spec goes inside resource_spec, extra inside the
// block.
func dockerDeployment(name, spec, extra string) string {
	const image = "registry.example.com/a:1"
	return fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = %q
  source = "external_docker"
  source_config = {
    resource_spec = { %s }
  }
  source_revision_config = { image_uri = %q }
  delete_tracing_project = true
%s
}
`, name, spec, image, extra)
}

// mockSpec returns the resource spec the mock holds for the deployment.
func mockSpec(env *acctest.Env, id string) map[string]any {
	d, _ := env.Mock.Deployment(id)
	sc, _ := d["source_config"].(map[string]any)
	rs, _ := sc["resource_spec"].(map[string]any)
	return rs
}

// expectUnknownsWithin is a plan check that every attribute of addr the plan
// leaves unknown (known after apply) is one of allowed (top-level names or
// dotted paths): the noise budget of a plan.
func expectUnknownsWithin(addr string, allowed ...string) plancheck.PlanCheck {
	return unknownsCheck{addr: addr, allowed: allowed}
}

type unknownsCheck struct {
	addr    string
	allowed []string
}

func (c unknownsCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	ok := map[string]bool{}
	for _, a := range c.allowed {
		ok[a] = true
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr || rc.Change == nil {
			continue
		}
		var extra []string
		for _, p := range unknownPaths("", rc.Change.AfterUnknown) {
			if !ok[p] {
				extra = append(extra, p)
			}
		}
		if len(extra) > 0 {
			sort.Strings(extra)
			resp.Error = fmt.Errorf("%s: unknown in the plan beyond %v: %v", c.addr, c.allowed, extra)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", c.addr)
}

// unknownPaths lists the dotted paths whose after_unknown is true.
func unknownPaths(prefix string, v any) []string {
	switch x := v.(type) {
	case bool:
		if x && prefix != "" {
			return []string{prefix}
		}
	case map[string]any:
		var out []string
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out = append(out, unknownPaths(p, e)...)
		}
		return out
	case []any:
		var out []string
		for i, e := range x {
			out = append(out, unknownPaths(fmt.Sprintf("%s[%d]", prefix, i), e)...)
		}
		return out
	}
	return nil
}

// revisionUnknowns are the attributes a plan that rolls out a revision may
// leave unknown (the table's revision-describing and volatile computed
// attributes).
func revisionUnknowns(extra ...string) []string {
	out := []string{"latest_revision_id", "active_revision_id", "latest_revision_status", "status", "updated_at", "image_version"}
	return append(out, extra...)
}

// TestAccDeployment_emptyCollections (bug 2): {} for labels and annotations,
// which the API drops to null, applies and plans empty (state keeps {});
// removing them keeps the server's (none), setting them again works.
func TestAccDeployment_emptyCollections(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	empty := dockerDeployment("empty-maps", `labels = {}, annotations = {}`, "")
	set := dockerDeployment("empty-maps", `labels = { team = "agents" }, annotations = {}`, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, empty),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("resource_spec").AtMapKey("labels"), knownvalue.MapSizeExact(0)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:           config(env, set),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.labels.team", "agents"),
			},
			{
				// {} clears them (the whole spec is replaced).
				Config:           config(env, empty),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					if labels := mockSpec(env, s.RootModule().Resources[deploymentAddr].Primary.ID)["labels"]; labels != nil {
						return fmt.Errorf("want no labels on the API, got %v", labels)
					}
					return nil
				},
			},
		},
	})
}

// TestAccDeployment_normalisedCPU (bug 3): cpu = 0.55, which the API rounds
// to 0.6, applies and plans empty; state keeps 0.55 and the derived limit is
// the API's (1.2).
func TestAccDeployment_normalisedCPU(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config:           config(env, dockerDeployment("round-agent", `cpu = 0.55`, "")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.cpu", "0.55"),
				resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.cpu_limit", "1.2"),
				func(s *terraform.State) error {
					if cpu := mockSpec(env, s.RootModule().Resources[deploymentAddr].Primary.ID)["cpu"]; cpu != 0.6 {
						return fmt.Errorf("want the API to hold cpu 0.6, got %v", cpu)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccDeployment_removedCommands (bug 4): removing install_command and
// build_command, which the API cannot clear (nulls are merged), plans no
// change and keeps the server's commands in state.
func TestAccDeployment_removedCommands(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	with := githubDeployment{name: "js-agent", extra: "  delete_tracing_project = true"}.hclWith(`install_command = "npm ci"
    build_command   = "npm run build"`)
	without := githubDeployment{name: "js-agent", extra: "  delete_tracing_project = true"}.hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, with)},
			{
				Config: config(env, without),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{}),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.install_command", "npm ci"),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.build_command", "npm run build"),
				),
			},
			{
				// A later revision keeps them too: the PATCH leaves them out.
				Config:           config(env, strings.Replace(without, `repo_ref              = "main"`, `repo_ref              = "release"`, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.TestCheckResourceAttr(deploymentAddr, "source_config.install_command", "npm ci"),
			},
		},
	})
}

// TestAccDeployment_githubDefaultBranch (bug 5): a github deployment without
// repo_ref gets the repository's default branch from the API; apply agrees
// with the plan, the next plan is empty, and state shows the branch.
func TestAccDeployment_githubDefaultBranch(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "default-branch"
  source = "github"
  source_config = {
    integration_id = %q
    repo_url       = "https://github.com/acme/research-agent"
  }
  source_revision_config = { langgraph_config_path = "langgraph.json" }
  environment_variables  = { LOG_LEVEL = "info" }
}
`, acctest.IntegrationID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("develop")),
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("repo_branch"), knownvalue.StringExact("develop")),
				},
			},
			{
				// A revision-creating change keeps the ref (the PATCH sends it
				// as state has it).
				Config:           strings.Replace(cfg, `"info"`, `"debug"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkRevisionRefs(env, "develop", "develop"),
			},
		},
	})
}

// TestAccDeployment_unknownSourceConfig (bug 6): a source_config known only
// at apply (another resource's output) plans without false "Missing
// required attribute" errors and applies.
func TestAccDeployment_unknownSourceConfig(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, fmt.Sprintf(`
resource "terraform_data" "repo" {
  input = { integration_id = %q, repo_url = "https://github.com/acme/support-agent" }
}

resource "langsmith_deployment" "test" {
  name          = "late-config"
  source        = "github"
  source_config = terraform_data.repo.output
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
}
`, acctest.IntegrationID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("source_config"))},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.TestCheckResourceAttr(deploymentAddr, "source_config.repo_url", "https://github.com/acme/support-agent"),
		}},
	})
}

// TestAccDeployment_replaceWhileNameReserved (bug 7): with the default
// delete_tracing_project = false the name stays reserved after a destroy, so
// a replacement the provider plans (a create-only attribute changed) is
// refused at plan time, naming delete_tracing_project and the ways out,
// before anything is destroyed. Applying delete_tracing_project = true
// first makes the same replacement work.
func TestAccDeployment_replaceWhileNameReserved(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	first := githubDeployment{name: "reserved-agent"}
	moved := first
	moved.repoURL = "https://github.com/acme/research-agent"
	movedKeep := moved
	movedKeep.extra = "  delete_tracing_project = true"
	firstKeep := first
	firstKeep.extra = movedKeep.extra
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, first.hcl("test")), Check: captureAttr(deploymentAddr, "id", &id)},
			{
				Config:   config(env, moved.hcl("test")),
				PlanOnly: true,
				ExpectError: looseAll("Replacing the deployment would fail: its name stays reserved",
					"delete_tracing_project = false", "set delete_tracing_project = true and apply that alone first",
					"create_before_destroy", "revert source_config.repo_url"),
			},
			{
				// Nothing was destroyed.
				Config:           config(env, firstKeep.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate)}},
				Check:            checkAttrEquals(deploymentAddr, "id", &id),
			},
			{
				Config: config(env, movedKeep.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: checkAttrDiffers(deploymentAddr, "id", &id),
			},
		},
	})
}

// TestAccDeployment_displayNameFailureSaysUntaint (bug 7): a display_name
// PATCH that fails right after create still waits for the revision, then
// fails with a message that says how to keep the deployment (untaint)
// rather than let the next apply replace it into a reserved name.
func TestAccDeployment_displayNameFailureSaysUntaint(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault(routePatch, mockapi.Fault{Status: 422, Body: `{"detail":[{"loc":["body","display_name"],"msg":"not allowed","type":"value_error"}]}`})
	cfg := config(env, githubDeployment{name: "dn-fail", extra: `  display_name = "Support"`}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: looseAll("its revision is DEPLOYED", "only display_name could not be set", "terraform untaint <address>"),
			},
			{
				// The deployment is in state (tainted) and deployed.
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionDestroyBeforeCreate),
					mockChecks(func(*terraform.State) error {
						deps := env.Mock.Deployments()
						if len(deps) != 1 || deps[0]["status"] != "READY" {
							return fmt.Errorf("want one READY deployment, got %v", deps)
						}
						return nil
					})[0],
				}},
			},
		},
	})
}

// TestAccDeployment_derivedLimitsFollow (bug 8): raising cpu from 2 to 6
// when cpu_limit is left to the API plans cpu_limit unknown and leaves it
// out of the PATCH, so the API derives 12 (it used to resend the old 4); a
// cpu_limit set outside Terraform (not twice cpu) is kept.
func TestAccDeployment_derivedLimitsFollow(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	spec := func(cpu string) string {
		return config(env, dockerDeployment("limits-agent", "cpu = "+cpu, ""))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: spec("2"),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(deploymentAddr, "id", &id),
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.cpu_limit", "4"),
				),
			},
			{
				Config: spec("6"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("resource_spec").AtMapKey("cpu_limit")),
						plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("resource_spec").AtMapKey("queue_cpu")),
						// Not derived from cpu: stays known.
						plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("resource_spec").AtMapKey("memory_limit_mb"), knownvalue.Int64Exact(4096)),
						expectUnknownsWithin(deploymentAddr, revisionUnknowns("source_config.resource_spec.cpu_limit",
							"source_config.resource_spec.queue_cpu", "source_config.resource_spec.queue_cpu_limit")...),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(deploymentAddr, "source_config.resource_spec.cpu_limit", "12"),
					func(*terraform.State) error {
						if got := mockSpec(env, id)["cpu_limit"]; got != 12.0 {
							return fmt.Errorf("want the API to derive cpu_limit 12, got %v", got)
						}
						return nil
					},
				),
			},
			{
				// Someone sets cpu_limit 15 in the UI; raising cpu keeps it.
				PreConfig: func() {
					spec := mockSpec(env, id)
					spec["cpu_limit"] = 15.0
					env.Mock.PatchOutOfBand(id, map[string]any{"source_config": map[string]any{"resource_spec": spec}})
				},
				Config: spec("7"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_config").AtMapKey("resource_spec").AtMapKey("cpu_limit"), knownvalue.Float64Exact(15)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := mockSpec(env, id)["cpu_limit"]; got != 15.0 {
						return fmt.Errorf("want cpu_limit 15 kept on the API, got %v", got)
					}
					return nil
				},
			},
		},
	})
}

// TestAccDeployment_quietPlans (bug 9): an environment variable change plans
// only the revision-describing attributes unknown, not url, custom_url,
// repo_branch or the resource_spec; a terraform_data replaced by url
// changes is not replaced.
func TestAccDeployment_quietPlans(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	base := githubDeployment{name: "quiet-agent", env: map[string]string{"LOG_LEVEL": "info"}}
	changed := base
	changed.env = map[string]string{"LOG_LEVEL": "debug"}
	trigger := `
resource "terraform_data" "url" {
  triggers_replace = langsmith_deployment.test.url
}
`
	docker := func(level string) string {
		return dockerDeployment("quiet-docker", "cpu = 1", `  environment_variables = { LOG_LEVEL = "`+level+`" }`)
	}
	dockerAddr := deploymentAddr
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, base.hcl("test"), trigger)},
			{
				Config: config(env, changed.hcl("test"), trigger),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("terraform_data.url", plancheck.ResourceActionNoop),
					expectUnknownsWithin(deploymentAddr, revisionUnknowns("repo_commit_sha")...),
				}},
			},
			{Config: config(env, docker("info")), Destroy: false},
			{
				Config: config(env, docker("debug")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectUnknownsWithin(dockerAddr, revisionUnknowns()...),
				}},
			},
		},
	})
}

// TestAccDeployment_driftOfTheRevisionConfig (bug 10): a repo_ref (github)
// or image_uri (external_docker) changed outside Terraform shows in the next
// plan as a change back to the configuration; the refresh reads it from the
// deployment's own response (one GET).
func TestAccDeployment_driftOfTheRevisionConfig(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	var id string
	github := githubDeployment{name: "drift-gh", extra: "  delete_tracing_project = true"}
	docker := dockerDeployment("drift-docker", "", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, github.hcl("test")), Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					env.Mock.PatchOutOfBand(id, map[string]any{"source_revision_config": map[string]any{"repo_ref": "hotfix"}})
					env.Mock.ResetCounts()
				},
				Config:             config(env, github.hcl("test")),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					expectBefore("hotfix", "source_revision_config", "repo_ref"),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("main")),
					expectCallsNow(env, map[string]int{routeGet: 1}),
				}},
			},
			{
				// Applying rolls the configuration out again.
				Config:           config(env, github.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkRevisionRefs(env, "main", "hotfix", "main"),
			},
			{Config: config(env, docker), Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					env.Mock.PatchOutOfBand(id, map[string]any{"source_revision_config": map[string]any{"image_uri": "registry.example.com/a:0.9"}})
				},
				Config:             config(env, docker),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					expectBefore("registry.example.com/a:0.9", "source_revision_config", "image_uri"),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("image_uri"), knownvalue.StringExact("registry.example.com/a:1")),
				}},
			},
		},
	})
}

// TestAccOAuthProvider_emptyCollections (bug 2): authorization_params = {}
// and allowed_redirect_uris = [], which the API reports as null, apply and
// plan empty.
func TestAccOAuthProvider_emptyCollections(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, `
resource "langsmith_oauth_provider" "test" {
  provider_id           = "empty-params"
  name                  = "Empty"
  client_id             = "client"
  auth_url              = "https://auth.example.com/authorize"
  token_url             = "https://auth.example.com/token"
  authorization_params  = {}
  allowed_redirect_uris = []
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("langsmith_oauth_provider.test", tfjsonpath.New("authorization_params"), knownvalue.MapSizeExact(0)),
				statecheck.ExpectKnownValue("langsmith_oauth_provider.test", tfjsonpath.New("allowed_redirect_uris"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// TestAccListener_emptyNamespaces (bug 2): k8s_namespaces = [], which the API
// reports as null, applies and plans empty.
func TestAccListener_emptyNamespaces(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, `
resource "langsmith_listener" "test" {
  compute_id     = "empty-ns"
  compute_config = { k8s_namespaces = [] }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
