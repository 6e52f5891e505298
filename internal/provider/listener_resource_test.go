package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Route keys of the mock's listener counters.
const (
	routeListListeners  = "GET /v2/listeners"
	routeCreateListener = "POST /v2/listeners"
	routePatchListener  = "PATCH /v2/listeners/{listener_id}"
	routeGetListener    = "GET /v2/listeners/{listener_id}"
	routeDeleteListener = "DELETE /v2/listeners/{listener_id}"
)

const listenerAddr = "langsmith_listener.test"

// listenerHCL is a langsmith_listener block; body goes inside it.
func listenerHCL(body string) string {
	return "resource \"langsmith_listener\" \"test\" {\n" + body + "\n}\n"
}

// listenersGone checks, after destroy, that the workspace has no listener.
func listenersGone(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all, err := apiClient(env).ListListeners(context.Background())
		if err != nil {
			return err
		}
		if len(all) != 0 {
			return fmt.Errorf("want no listeners left on the API, got %d", len(all))
		}
		return nil
	}
}

func TestAccListener_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	created := listenerHCL(`  compute_id = "prod-eu-1"
  version    = "0.1.0"
  compute_config = { k8s_namespaces = ["agents", "batch"] }`)
	updated := listenerHCL(`  compute_id = "prod-eu-1"
  version    = "0.2.0"
  compute_config = { k8s_namespaces = ["agents"] }`)
	noNamespaces := listenerHCL(`  compute_id = "prod-eu-1"
  version    = "0.2.0"`)
	replaced := listenerHCL(`  compute_id = "prod-eu-2"
  version    = "0.2.0"`)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, created),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeCreateListener: 1}),
					captureAttr(listenerAddr, "id", &firstID),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("compute_type"), knownvalue.StringExact("k8s")),
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("version"), knownvalue.StringExact("0.1.0")),
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("compute_config").AtMapKey("k8s_namespaces"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("agents"), knownvalue.StringExact("batch")})),
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
			},
			{
				ResourceName:      listenerAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// version and namespaces change in place with one PATCH.
				Config: config(env, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatchListener: 1}),
					checkAttrEquals(listenerAddr, "id", &firstID),
					resource.TestCheckResourceAttr(listenerAddr, "version", "0.2.0"),
					resource.TestCheckResourceAttr(listenerAddr, "compute_config.k8s_namespaces.#", "1"),
				),
			},
			{
				// Removing compute_config opens the listener to any namespace, in place.
				Config: config(env, noNamespaces),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatchListener: 1}),
					resource.TestCheckNoResourceAttr(listenerAddr, "compute_config"),
					func(*terraform.State) error {
						l, err := apiClient(env).GetListener(context.Background(), firstID)
						if err != nil {
							return err
						}
						if l.ComputeConfig.K8sNamespaces != nil {
							return fmt.Errorf("want null k8s_namespaces on the API, got %v", l.ComputeConfig.K8sNamespaces)
						}
						return nil
					},
				),
			},
			{
				// compute_id is create-only: a new listener replaces the old one.
				Config: config(env, replaced),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeDeleteListener: 1, routeCreateListener: 1}),
					checkAttrDiffers(listenerAddr, "id", &firstID),
				),
			},
		},
	})
}

// TestAccListener_disappears shows a listener deleted outside Terraform: the
// refresh drops it and the plan creates it again.
func TestAccListener_disappears(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, listenerHCL(`  compute_id = "vanishing"`))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(listenerAddr, "id", &id),
					func(*terraform.State) error { return apiClient(env).DeleteListener(context.Background(), id) },
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeCreateListener: 1}),
					checkAttrDiffers(listenerAddr, "id", &id),
				),
			},
		},
	})
}

// TestAccListener_destroyAlreadyGone destroys without refreshing after the
// listener was deleted elsewhere: the DELETE answers 404 and destroy succeeds.
func TestAccListener_destroyAlreadyGone(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, listenerHCL(`  compute_id = "gone"`))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(listenerAddr, "id", &id)},
			{
				PreConfig: func() {
					if err := apiClient(env).DeleteListener(context.Background(), id); err != nil {
						t.Fatal(err)
					}
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// No refresh: the one DELETE answered 404, and destroy succeeded.
			afterDestroyStep(env, map[string]int{routeDeleteListener: 1}, listenersGone(env)),
		},
	})
}

// TestAccListener_notEnterprise shows the 403 of an organization without the
// self-hosted Enterprise plan, said plainly.
func TestAccListener_notEnterprise(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{ListenersForbidden: true})
	cfg := config(env, listenerHCL(`  compute_id = "prod-eu-1"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseRE(`Listeners can only be created in organizations on a self-hosted Enterprise plan; workspace ` +
					acctest.WorkspaceID + ` is not.`),
			},
			// One POST, refused; nothing reached state, so the plan still
			// creates the listener.
			nothingCreatedStepFor(env, listenerAddr, cfg, map[string]int{routeCreateListener: 1}),
		},
	})
}

// TestAccListener_duplicateComputeID shows the 409 for a compute_id that
// already has a listener: the message names the existing listener and the
// import command, which then works.
func TestAccListener_duplicateComputeID(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	existing, err := apiClient(env).CreateListener(context.Background(), &langsmith.ListenerCreateRequest{
		ComputeType: "k8s", ComputeID: "shared-cluster", ComputeConfig: langsmith.ListenerComputeConfig{K8sNamespaces: []string{"agents"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(env, listenerHCL(`  compute_id = "shared-cluster"
  compute_config = { k8s_namespaces = ["agents"] }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{
				PreConfig: env.Mock.ResetCounts,
				Config:    cfg,
				ExpectError: looseRE(`A listener for compute_id "shared-cluster" already exists in this workspace (ID ` + existing.ID +
					`); import it with terraform import langsmith_listener.<name> ` + existing.ID),
			},
			{
				// The POST was refused and the existing one looked up; nothing else.
				PreConfig: func() {
					if err := env.CheckCalls(map[string]int{routeCreateListener: 1, routeListListeners: 1}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				ResourceName:       listenerAddr,
				ImportState:        true,
				ImportStateId:      existing.ID,
				ImportStatePersist: true,
			},
			{
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}

func TestAccListener_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	steps := []resource.TestStep{}
	for body, want := range map[string]string{
		`  compute_id = "c1"
  compute_type = "ecs"`: `compute_type value must be one of: ["k8s"]`,
		`  compute_id = ""`: `compute_id string length must be at least 1`,
		`  compute_id = "c1"
  compute_config = { k8s_namespaces = ["Agents_1"] }`: `must be a Kubernetes namespace name`,
		`  compute_id = "c1"
  compute_config = { k8s_namespaces = ["a", "a"] }`: `This attribute contains duplicate values of: "a"`,
	} {
		steps = append(steps, resource.TestStep{Config: config(env, listenerHCL(body)), PlanOnly: true, ExpectError: looseRE(want)})
	}
	steps = append(steps, resource.TestStep{
		Config:        config(env, listenerHCL(`  compute_id = "c1"`)),
		ResourceName:  listenerAddr,
		ImportState:   true,
		ImportStateId: "prod-eu-1",
		ExpectError:   looseRE(`The listener ID "prod-eu-1" is not a UUID`),
	})
	// Every mistake was caught before any API call.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

// apiClient is a client of the test's mock, for arranging and inspecting
// API state outside Terraform.
func apiClient(env *acctest.Env) *langsmith.Client {
	c, err := langsmith.New(langsmith.Config{BaseURL: env.URL, APIKey: acctest.APIKey, TenantID: acctest.WorkspaceID, MaxRetries: -1})
	if err != nil {
		panic(err)
	}
	return c
}
