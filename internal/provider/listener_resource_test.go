package provider

import (
	"context"
	"encoding/json"
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
					// The destroy first checks that no deployment uses the listener.
					env.ExpectCalls(map[string]int{routeList: 1, routeDeleteListener: 1, routeCreateListener: 1}),
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
			// No refresh: the check for deployments using the listener, then the
			// one DELETE answered 404, and destroy succeeded.
			afterDestroyStep(env, map[string]int{routeList: 1, routeDeleteListener: 1}, listenersGone(env)),
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
		ExpectError:   looseRE(`"prod-eu-1" is not a listener import ID`),
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

// apiDeploymentOnListener creates an external_docker deployment on the
// listener through the API, outside Terraform.
func apiDeploymentOnListener(t *testing.T, env *acctest.Env, name, listenerID string) *langsmith.Deployment {
	t.Helper()
	image, memory, ns := "registry.example.com/agents/"+name+":1.0.0", int64(1024), "agents"
	d, err := apiClient(env).CreateDeployment(context.Background(), &langsmith.DeploymentCreateRequest{
		Name:   name,
		Source: "external_docker",
		SourceConfig: langsmith.SourceConfig{
			ListenerID: &listenerID, ListenerConfig: &langsmith.ListenerConfig{K8sNamespace: &ns},
			ResourceSpec: &langsmith.ResourceSpec{MemoryMB: &memory},
		},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{ImageURI: &image},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// listenerStill checks that the listener id is still on the API.
func listenerStill(env *acctest.Env, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := apiClient(env).GetListener(context.Background(), *id)
		return err
	}
}

// TestAccListener_destroyWhileInUse: a deployment created outside Terraform
// still runs on a Terraform-managed listener. destroy fails at once, naming
// the listener and the deployment, and sends no DELETE; once the deployment
// is deleted, destroy succeeds.
func TestAccListener_destroyWhileInUse(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, listenerHCL(`  compute_id = "shared-cluster"
  compute_config = { k8s_namespaces = ["agents"] }`))
	var listenerID string
	var outside *langsmith.Deployment
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(listenerAddr, "id", &listenerID)},
			{
				PreConfig: func() {
					outside = apiDeploymentOnListener(t, env, "outside-agent", listenerID)
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
				ExpectError: looseRE(`Listener <uuid> (compute_id "shared-cluster") is still used by 1 deployment(s) in its workspace: ` +
					`- outside-agent (ID <uuid>, status READY) Terraform did not delete the listener: ` +
					`the deployments would be left without the cluster agent that runs them. Delete these deployments first, ` +
					`or move them to another listener`),
			},
			{
				// Nothing was deleted: the refresh, the list, a GET that the
				// listener is still there, no DELETE; the listener is still in
				// state and on the API.
				PreConfig: func() {
					if err := env.CheckCalls(map[string]int{routeGetListener: 2, routeList: 1}); err != nil {
						t.Fatal(err)
					}
					if err := listenerStill(env, &listenerID)(nil); err != nil {
						t.Fatal(err)
					}
					if err := apiClient(env).DeleteDeployment(context.Background(), outside.ID, langsmith.DeleteDeploymentParams{DeleteTracingProject: true}); err != nil {
						t.Fatal(err)
					}
					env.Mock.ResetCounts()
				},
				Config:   cfg,
				PlanOnly: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listenerAddr, tfjsonpath.New("compute_id"), knownvalue.StringExact("shared-cluster")),
				},
			},
			{
				// The deployment is being deleted (it no longer holds the
				// listener): destroy goes through.
				PreConfig: env.Mock.ResetCounts,
				Config:    cfg,
				Destroy:   true,
			},
			afterDestroyStep(env, map[string]int{routeGetListener: 1, routeList: 1, routeDeleteListener: 1}, listenersGone(env)),
		},
	})
	if outside == nil {
		t.Fatal("the outside deployment was never created")
	}
}

// TestAccListener_destroyWaitsForDeploymentsBeingDeleted: a server that
// lists soft-deleted deployments (AWAITING_DELETE) still naming the listener
// does not block the destroy: the provider waits until they answer 404, then
// sends the DELETE.
func TestAccListener_destroyWaitsForDeploymentsBeingDeleted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: 3})
	cfg := config(env, listenerHCL(`  compute_id = "draining-cluster"`))
	var listenerID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(listenerAddr, "id", &listenerID)},
			{
				PreConfig: func() {
					d := apiDeploymentOnListener(t, env, "draining-agent", listenerID)
					if err := apiClient(env).DeleteDeployment(context.Background(), d.ID, langsmith.DeleteDeploymentParams{DeleteTracingProject: true}); err != nil {
						t.Fatal(err)
					}
					// The mock leaves soft-deleted deployments out of its list;
					// this page imitates a server that shows them.
					view, ok := env.Mock.Deployment(d.ID)
					if !ok || view["status"] != langsmith.DeploymentAwaitingDelete {
						t.Fatalf("deployment = %v", view)
					}
					page, err := json.Marshal(map[string]any{"resources": []any{view}, "offset": 1})
					if err != nil {
						t.Fatal(err)
					}
					env.Mock.Fault(routeList, mockapi.Fault{Status: 200, Body: string(page)})
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// One list, then GETs of the deployment until it is gone (three
			// AWAITING_DELETE, one 404), then the DELETE.
			afterDestroyStep(env, map[string]int{routeGetListener: 1, routeList: 1, routeGet: 4, routeDeleteListener: 1}, listenersGone(env)),
		},
	})
}

// TestAccListener_destroyRefusedByAPI: when the API refuses the DELETE
// although the provider's check found nobody (here a list page that hides
// the deployment, as a lagging index might), the error gives the API's
// answer, the deployments found after it, and what to do. The 409 is
// scripted with the mock's own words: the published document defines no 409
// for this route, so the mock's answer would count as a deviation from it.
func TestAccListener_destroyRefusedByAPI(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, listenerHCL(`  compute_id = "busy-cluster"`))
	var listenerID string
	var hidden *langsmith.Deployment
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(listenerAddr, "id", &listenerID)},
			{
				PreConfig: func() {
					hidden = apiDeploymentOnListener(t, env, "hidden-agent", listenerID)
					env.Mock.Fault(routeList, mockapi.Fault{Status: 200, Body: `{"resources":[],"offset":0}`})
					env.Mock.Fault(routeDeleteListener, mockapi.Fault{Status: 409,
						Body: `{"detail":"Listener ID ` + listenerID + ` is in use by one or more deployments and cannot be deleted."}`})
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
				ExpectError: looseAll(`HTTP 409: Listener ID <uuid> is in use by one or more deployments and cannot be deleted.`,
					`Request ID (give it to LangSmith support if you contact them): mock-`,
					`The API refused to delete listener <uuid> (compute_id "busy-cluster"). These deployments still use it: `+
						`- hidden-agent (ID <uuid>, status READY) Delete or move the deployments that use the listener first, then destroy it again.`),
			},
			{
				PreConfig: func() {
					// Refresh, list (hidden), DELETE (409), list again.
					if err := env.CheckCalls(map[string]int{routeGetListener: 1, routeList: 2, routeDeleteListener: 1}); err != nil {
						t.Fatal(err)
					}
					if !env.Mock.DeleteDeploymentOutOfBand(hidden.ID) {
						t.Fatal("no deployment to delete")
					}
				},
				Config:  cfg,
				Destroy: true,
			},
		},
	})
}

// TestAccListener_destroyWithDeployment: a listener and a deployment on it
// in one configuration destroy together. Terraform deletes the deployment
// first (it references the listener) and waits until the API answers 404,
// so the listener's check finds nobody and its DELETE goes through.
func TestAccListener_destroyWithDeployment(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: 2})
	cfg := config(env, listenerHCL(`  compute_id = "paired-cluster"
  compute_config = { k8s_namespaces = ["agents"] }`), `
resource "langsmith_deployment" "test" {
  name   = "paired-agent"
  source = "external_docker"
  source_config = {
    listener_id     = langsmith_listener.test.id
    listener_config = { k8s_namespace = "agents" }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/paired:1.0.0" }
  delete_tracing_project = true
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(listenersGone(env), deploymentGone(env)),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttrPair(deploymentAddr, "source_config.listener_id", listenerAddr, "id"),
			},
			{
				PreConfig: env.Mock.ResetCounts,
				Config:    cfg,
				Destroy:   true,
			},
			afterDestroyStep(env, map[string]int{
				// Refresh of both, the deployment's DELETE and its wait (two
				// AWAITING_DELETE answers, then 404), the listener's check and DELETE.
				routeGetListener: 1, routeGet: 4, routeGetRevision: 0, routeDelete: 1,
				routeList: 1, routeDeleteListener: 1,
			}, listenersGone(env), deploymentGone(env)),
		},
	})
}
