package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// The tests in this file script faults and error answers on the mock and pin
// both what the user sees and exactly which API calls the provider made. The
// faults the provider must absorb (TestAccDeployment_fault*) leave state true
// and never create anything twice; the errors it must report
// (TestAccDeployment_apiError*) name the cause and what to do about it.

// TestAccDeployment_faultGetRetriedOn503: the refresh GET answers 503 twice
// and then 200; the client retries and the plan succeeds, empty.
func TestAccDeployment_faultGetRetriedOn503(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "flaky-get"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					env.Mock.ResetCounts()
					env.Mock.Fault(routeGet, mockapi.Fault{Status: http.StatusServiceUnavailable}, mockapi.Fault{Status: http.StatusServiceUnavailable})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The refreshing plan: two 503s and the 200, nothing else.
					expectCallsNow(env, map[string]int{routeGet: 3}),
					plancheck.ExpectEmptyPlan(),
				}},
				// Applying the empty plan calls nothing more.
				Check: env.ExpectCalls(map[string]int{routeGet: 3}),
			},
		},
	})
}

// TestAccDeployment_faultPatchRateLimited: an in-place PATCH gets 429 with
// Retry-After: 1; the client waits a second and the second PATCH applies.
func TestAccDeployment_faultPatchRateLimited(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	base := githubDeployment{name: "rate-limited"}
	renamed := base
	renamed.extra = `  display_name = "Rate Limited"`
	var applyStart time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, base.hcl("test"))},
			{
				PreConfig: func() {
					env.Mock.Fault(routePatch, mockapi.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"})
				},
				Config: config(env, renamed.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					markTime(&applyStart),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatch: 2}),
					resource.TestCheckResourceAttr(deploymentAddr, "display_name", "Rate Limited"),
					func(*terraform.State) error {
						if waited := time.Since(applyStart); waited < time.Second {
							return fmt.Errorf("apply took %s: the client did not honour Retry-After: 1", waited)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccDeployment_faultRevisionPollDropped: the connection of the first
// revision poll during create is dropped; the GET is retried and the create
// completes.
func TestAccDeployment_faultRevisionPollDropped(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			PreConfig: func() { env.Mock.Fault(routeGetRevision, mockapi.Fault{Drop: true}) },
			Config:    config(env, githubDeployment{name: "dropped-poll"}.hcl("test")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				env.ResetCounts(),
				plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				// The dropped poll and its retry.
				env.ExpectCalls(createCalls(map[string]int{routeGetRevision: 1})),
				resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
				oneDeploymentInState(env),
			),
		}},
	})
}

// TestAccDeployment_faultCreateDroppedAfterCommit: the server creates the
// deployment but the POST's response is lost. The client must not POST
// again: it looks the name up, adopts the deployment, and it reaches state.
func TestAccDeployment_faultCreateDroppedAfterCommit(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			PreConfig: func() { env.Mock.Fault(routeCreate, mockapi.Fault{DropAfterCommit: true}) },
			Config:    config(env, githubDeployment{name: "lost-response"}.hcl("test")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				env.ResetCounts(),
				plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				// One POST, one lookup by name, then the usual wait and read.
				env.ExpectCalls(createCalls(map[string]int{routeList: 1})),
				oneDeploymentInState(env),
				resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
			),
		}},
	})
}

// TestAccDeployment_faultRevisionPatchDroppedAfterCommit: a request that
// rolls out a revision (the create-revision endpoint; a PATCH follows the
// same rule, see the client's tests) is applied but its response is lost.
// The client reads the deployment back, sees latest_revision_id moved, and
// does not send it again: exactly one new revision exists.
func TestAccDeployment_faultRevisionPatchDroppedAfterCommit(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	base := githubDeployment{name: "lost-patch"}
	release := base
	release.repoRef = "release"
	var firstRevision string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, base.hcl("test")), Check: captureAttr(deploymentAddr, "latest_revision_id", &firstRevision)},
			{
				PreConfig: func() { env.Mock.Fault(routeCreateRevision, mockapi.Fault{DropAfterCommit: true}) },
				Config:    config(env, release.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					// The request, the GET that finds the new revision, the GET
					// that records it, the wait for it and the final GET.
					env.ExpectCalls(map[string]int{routeCreateRevision: 1, routeGet: 3, routeGetRevision: 1}),
					checkMockRevisions(env, 2),
					checkAttrDiffers(deploymentAddr, "latest_revision_id", &firstRevision),
					resource.TestCheckResourceAttr(deploymentAddr, "source_revision_config.repo_ref", "release"),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
				),
			},
		},
	})
}

// TestAccDeployment_faultDeleteRetriedOn502: DELETE answers 502, then 204;
// the retry makes destroy succeed.
func TestAccDeployment_faultDeleteRetriedOn502(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "flaky-delete"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					env.Mock.ResetCounts()
					env.Mock.Fault(routeDelete, mockapi.Fault{Status: http.StatusBadGateway})
				},
				Config:  cfg,
				Destroy: true,
			},
			// The destroy plan's refresh, the 502 and the 204, then GET until
			// 404 (AWAITING_DELETE once).
			afterDestroyStep(env, map[string]int{routeGet: 1 + 2, routeDelete: 2}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_faultDestroySoftDeleted: the deployment was deleted
// outside Terraform and the API still shows it AWAITING_DELETE. The destroy
// plan's refresh drops it from state, so destroy succeeds without a DELETE.
func TestAccDeployment_faultDestroySoftDeleted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: 100})
	cfg := config(env, githubDeployment{name: "soft-deleted"}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					softDeleteViaAPI(t, env, id)
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// Only the refresh's GET; the API is still deleting it. (The plan
			// of the configuration after the destroy looks the name up.)
			afterDestroyStep(env, map[string]int{routeGet: 1, routeList: 1}, deploymentGone(env), deploymentStatus(env, &id, "AWAITING_DELETE")),
		},
	})
}

// TestAccDeployment_faultDestroySoftDeletedNoRefresh: as above, but destroy
// runs with -refresh=false, so the DELETE reaches the soft-deleted
// deployment; it is accepted again and the provider waits for the 404.
func TestAccDeployment_faultDestroySoftDeletedNoRefresh(t *testing.T) {
	const softGETs = 3
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: softGETs})
	cfg := config(env, githubDeployment{name: "soft-deleted-norefresh"}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					softDeleteViaAPI(t, env, id)
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// The DELETE, then GET until 404: the soft-deleted answers left and the 404.
			afterDestroyStep(env, map[string]int{routeDelete: 1, routeGet: softGETs + 1}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_apiErrorUnauthorized: a wrong api_key gets 401; the
// message names the api_key attribute and LANGSMITH_API_KEY.
func TestAccDeployment_apiErrorUnauthorized(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := fmt.Sprintf(`
provider "langsmith" {
  api_key           = "lsv2_wrong_key"
  workspace_id      = %q
  control_plane_url = %q
}
`, acctest.WorkspaceID, env.URL) + githubDeployment{name: "bad-key"}.hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseAll(
					"Error creating LangSmith deployment",
					`LangSmith API error for new deployment "bad-key": POST /v2/deployments: HTTP 401: Unauthorized`,
					"Check the provider's api_key attribute or the LANGSMITH_API_KEY environment variable",
				),
			},
			nothingCreatedStep(env, cfg, map[string]int{routeCreate: 1}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_apiErrorForbidden: the key may not act in the configured
// workspace; the 403's message names that workspace ID.
func TestAccDeployment_apiErrorForbidden(t *testing.T) {
	const otherWorkspace = "11111111-2222-4333-8444-555555555555"
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := fmt.Sprintf(`
provider "langsmith" {
  api_key           = %q
  workspace_id      = %q
  control_plane_url = %q
}
`, acctest.APIKey, otherWorkspace, env.URL) + githubDeployment{name: "wrong-workspace"}.hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseAll(
					"Error creating LangSmith deployment",
					"POST /v2/deployments: HTTP 403:",
					"The API key is not allowed to do this in workspace "+otherWorkspace+".",
					"that organization-scoped keys are given a workspace_id (or LANGSMITH_WORKSPACE_ID)",
				),
			},
			nothingCreatedStep(env, cfg, map[string]int{routeCreate: 1}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_apiErrorNameConflict: a deployment with the same name
// already exists (created outside Terraform); the 409's message gives the
// terraform import command with its exact ID, and nothing is created.
func TestAccDeployment_apiErrorNameConflict(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	existing := createViaAPI(t, env, "taken-name")
	env.Mock.ResetCounts()
	cfg := config(env, githubDeployment{name: "taken-name"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseAll(
					"Error creating LangSmith deployment",
					`POST /v2/deployments: HTTP 409: A deployment named 'taken-name' already exists.`,
					`A deployment named "taken-name" already exists (ID `+existing+`).`,
					"terraform import <resource address> "+existing,
				),
			},
			// The POST, the lookup of a deployment of that name being deleted
			// (none), and the lookup that finds the existing deployment.
			nothingCreatedStep(env, cfg, map[string]int{routeCreate: 1, routeList: 2}, func(*terraform.State) error {
				deps := env.Mock.Deployments()
				if len(deps) != 1 || deps[0]["id"] != existing {
					return fmt.Errorf("want only the existing deployment %s on the API, got %v", existing, deps)
				}
				return nil
			}),
		},
	})
}

// TestAccDeployment_apiErrorValidationList: a FastAPI 422 with two entries;
// the message lists each field (loc joined with dots) with its msg.
func TestAccDeployment_apiErrorValidationList(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	body := `{"detail":[` +
		`{"type":"string_pattern_mismatch","loc":["body","name"],"msg":"String should match pattern '^[a-z][a-z0-9-]*$'","input":"x","ctx":{"pattern":"^[a-z][a-z0-9-]*$"}},` +
		`{"type":"missing","loc":["body","secrets",0,"value"],"msg":"Field required","input":{}}]}`
	env.Mock.Fault(routeCreate, mockapi.Fault{Status: http.StatusUnprocessableEntity, Body: body})
	cfg := config(env, githubDeployment{name: "invalid-agent"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseAll(
					"Error creating LangSmith deployment",
					"POST /v2/deployments: HTTP 422:",
					"The API rejected these fields:",
					"- body.name: String should match pattern '^[a-z][a-z0-9-]*$'",
					"- body.secrets.0.value: Field required",
				),
			},
			nothingCreatedStep(env, cfg, map[string]int{routeCreate: 1}, deploymentGone(env)),
		},
	})
}

// TestAccDeployment_apiErrorHTMLFromProxy: a proxy answers the refresh GET
// with an HTML 502 on every attempt. The error says the body was not JSON and
// quotes it; state is kept, so the plan is empty once the proxy recovers.
func TestAccDeployment_apiErrorHTMLFromProxy(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := env.ProviderConfigWith("  max_retries = 2") + githubDeployment{name: "behind-proxy"}.hcl("test")
	const attempts = 3 // the first GET and the 2 retries max_retries allows
	html := mockapi.Fault{
		Status:      http.StatusBadGateway,
		ContentType: "text/html",
		Body:        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\r\n</html>\r\n",
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					env.Mock.ResetCounts()
					for range attempts {
						env.Mock.Fault(routeGet, html)
					}
				},
				Config: cfg,
				ExpectError: looseAll(
					"Error reading LangSmith deployment",
					"GET /v2/deployments/<uuid>: HTTP 502: non-JSON response (text/html): <html> <head><title>502 Bad Gateway</title></head>",
					"The API or a proxy in front of it answered 502. The provider repeats what is safe to repeat",
				),
			},
			stateKeptStep(env, cfg, map[string]int{routeGet: attempts}),
		},
	})
}

// TestAccDeployment_apiErrorMalformedJSON: the refresh GET answers 200 with
// truncated JSON. The error quotes the body; the deployment stays in state.
func TestAccDeployment_apiErrorMalformedJSON(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "bad-json"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					env.Mock.ResetCounts()
					env.Mock.Fault(routeGet, mockapi.Fault{Status: http.StatusOK, Body: `{"id": "truncated`})
				},
				Config: cfg,
				ExpectError: looseAll(
					"Error reading LangSmith deployment",
					`GET /v2/deployments/<uuid>: response body is not valid JSON: "{\"id\": \"truncated"`,
				),
			},
			stateKeptStep(env, cfg, map[string]int{routeGet: 1}),
		},
	})
}

// TestAccDeployment_apiErrorNotADeployment: the refresh GET answers 200
// with well-formed JSON that is not a deployment (no id), as a misrouting
// proxy or a captive portal might. That must be an error like malformed JSON,
// and the deployment must stay in state under its ID.
func TestAccDeployment_apiErrorNotADeployment(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "not-a-deployment"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					env.Mock.ResetCounts()
					env.Mock.Fault(routeGet, mockapi.Fault{Status: http.StatusOK, Body: `{}`})
				},
				Config: cfg,
				ExpectError: looseAll(
					"Error reading LangSmith deployment",
					`GET /v2/deployments/<uuid>:`,
					`"{}"`,
				),
			},
			stateKeptStep(env, cfg, map[string]int{routeGet: 1}),
		},
	})
}

// TestAccDeployment_apiErrorUnexpectedStatus: create answers 418, a status
// the contract never mentions; the error shows it with the API's detail.
func TestAccDeployment_apiErrorUnexpectedStatus(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault(routeCreate, mockapi.Fault{Status: http.StatusTeapot})
	cfg := config(env, githubDeployment{name: "teapot"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: looseAll(
					"Error creating LangSmith deployment",
					`LangSmith API error for new deployment "teapot": POST /v2/deployments: HTTP 418: I'm a teapot`,
				),
			},
			nothingCreatedStep(env, cfg, map[string]int{routeCreate: 1}, deploymentGone(env)),
		},
	})
}

// markTime is a plan check that records when the plan was checked, just
// before apply.
func markTime(at *time.Time) plancheck.PlanCheck { return timePlanCheck{at} }

type timePlanCheck struct{ at *time.Time }

func (c timePlanCheck) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	*c.at = time.Now()
}

// oneDeploymentInState checks that the API holds exactly one deployment and
// that it is the one in state.
func oneDeploymentInState(env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[deploymentAddr]
		if !ok {
			return fmt.Errorf("%s is not in state", deploymentAddr)
		}
		deps := env.Mock.Deployments()
		if len(deps) != 1 {
			return fmt.Errorf("want exactly 1 deployment on the API, got %d: %v", len(deps), deps)
		}
		if deps[0]["id"] != rs.Primary.ID {
			return fmt.Errorf("state holds deployment %s, the API holds %v", rs.Primary.ID, deps[0]["id"])
		}
		return nil
	}
}

// deploymentStatus checks the status the mock reports for deployment *id,
// without counting as a GET.
func deploymentStatus(env *acctest.Env, id *string, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		d, ok := env.Mock.Deployment(*id)
		if !ok {
			return fmt.Errorf("deployment %s is unknown to the API", *id)
		}
		if d["status"] != want {
			return fmt.Errorf("deployment %s has status %v, want %s", *id, d["status"], want)
		}
		return nil
	}
}

// looseAll matches each text (see looseRE) in order, with anything between.
func looseAll(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, text := range texts {
		parts[i] = looseRE(text).String()
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\S]*`))
}

// callAPI sends one request to the mock over HTTP with the test credentials,
// as a user acting outside Terraform would, and returns the status and the
// decoded JSON body (nil when there is none).
func callAPI(t *testing.T, env *acctest.Env, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var reqBody bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&reqBody).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), method, env.URL+path, &reqBody)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Api-Key", acctest.APIKey)
	req.Header.Set("X-Tenant-Id", acctest.WorkspaceID)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("%s %s: decoding the response: %v", method, path, err)
		}
	}
	return resp.StatusCode, out
}

// createViaAPI creates a github deployment outside Terraform and returns its ID.
func createViaAPI(t *testing.T, env *acctest.Env, name string) string {
	t.Helper()
	status, d := callAPI(t, env, http.MethodPost, "/v2/deployments", map[string]any{
		"name":   name,
		"source": "github",
		"source_config": map[string]any{
			"integration_id": acctest.IntegrationID,
			"repo_url":       "https://github.com/acme/support-agent",
		},
		"source_revision_config": map[string]any{"repo_ref": "main", "langgraph_config_path": "langgraph.json"},
		"secrets":                []any{},
	})
	if status != http.StatusCreated {
		t.Fatalf("creating %q outside Terraform: HTTP %d %v", name, status, d)
	}
	id, _ := d["id"].(string)
	return id
}

// softDeleteViaAPI deletes a deployment outside Terraform, as the UI does:
// it is left soft-deleted (AWAITING_DELETE) for the mock's DeleteGETs.
func softDeleteViaAPI(t *testing.T, env *acctest.Env, id string) {
	t.Helper()
	if status, body := callAPI(t, env, http.MethodDelete, "/v2/deployments/"+id, nil); status != http.StatusNoContent {
		t.Fatalf("deleting %s outside Terraform: HTTP %d %v", id, status, body)
	}
}
