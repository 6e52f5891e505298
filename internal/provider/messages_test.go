package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Issue 13, items 6 and 7: messages a user can act on, and progress during
// long waits.

// TestAccProvider_versionedControlPlaneURL: a control_plane_url ending in
// /v2 is warned about at plan time, and the 404 it leads to names the base
// URL tried and says it goes without /v2.
func TestAccProvider_versionedControlPlaneURL(t *testing.T) {
	env := acctest.NewEnvOffContract(t, mockapi.Options{}) // /v2/v2/... is off the contract on purpose
	cfg := fmt.Sprintf(`
provider "langsmith" {
  api_key           = %q
  workspace_id      = %q
  control_plane_url = %q
}
`, acctest.APIKey, acctest.WorkspaceID, env.URL+"/v2") + githubDeployment{name: "versioned"}.hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: looseAll("The server at "+env.URL+"/v2", "has no route POST /v2/deployments", "without /v2"),
		}},
	})
}

// TestVersionedBaseURL pins the plan-time warning's rule.
func TestVersionedBaseURL(t *testing.T) {
	for url, want := range map[string]string{
		"https://api.host.langchain.com":              "",
		"https://api.host.langchain.com/v2":           `without the version: "https://api.host.langchain.com"`,
		"https://api.host.langchain.com/v2/":          `without the version: "https://api.host.langchain.com"`,
		"https://gw.example.com/api-host/v1":          `without the version: "https://gw.example.com/api-host"`,
		"https://gw.example.com/api-host":             "",
		"https://gw.example.com/v2x":                  "",
		"http://127.0.0.1:8080/api-host/v2/":          `"http://127.0.0.1:8080/api-host"`,
		"https://eu.api.host.langchain.com/something": "",
	} {
		got := versionedBaseURL(url)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("versionedBaseURL(%q) = %q, want it to contain %q", url, got, want)
		}
	}
}

// TestWaitErrorDetail_interruptedOrTimedOut: an interrupted or timed-out
// wait is not an API error and nothing to fix: the message says the
// revision exists and the next apply waits for it (after an untaint, for a
// create).
func TestWaitErrorDetail_interruptedOrTimedOut(t *testing.T) {
	r := &deploymentResource{}
	interrupted := fmt.Errorf("stopped waiting for revision r2 after 3s (last status: BUILDING, in the build phase): %w", context.Canceled)
	timedOut := fmt.Errorf("%w after 30m0s waiting for revision r2 (last status: DEPLOYING, in the deploy phase)", errWaitTimeout)
	for _, tt := range []struct {
		verb string
		err  error
		want []string
	}{
		{"updating", interrupted, []string{"was interrupted", "Revision r2 exists and keeps rolling out", "the next terraform apply waits for it", "in the build phase"}},
		{"creating", interrupted, []string{"was interrupted", "terraform untaint <address>: the next terraform apply then waits for revision r2"}},
		{"updating", timedOut, []string{"timed out", "in the deploy phase", "the next terraform apply waits for it", `timeouts = { update = "60m" }`}},
	} {
		got := r.waitErrorDetail("d1", "r2", tt.verb, tt.err)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s, %v:\n%s\nlacks %q", tt.verb, tt.err, got, w)
			}
		}
		for _, bad := range []string{"API error", "Fix the configuration"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s, %v: says %q:\n%s", tt.verb, tt.err, bad, got)
			}
		}
	}
	// A failure names the phase it stopped in.
	got := r.waitErrorDetail("d1", "r2", "updating", &revisionFailedError{DeploymentID: "d1", RevisionID: "r2", Status: "DEPLOY_FAILED"})
	if !strings.Contains(got, "stopped in the deploy phase") {
		t.Errorf("failure message lacks the phase:\n%s", got)
	}
	if errors.Is(interrupted, errWaitTimeout) {
		t.Fatal("test setup: an interrupt is not a timeout")
	}
}

// TestAccDeployment_nextApplyWaitsForARolloutLeftRunning: a wait that ended
// early (here the update timeout) leaves the revision rolling out; the next
// plan says it waits for it, changes nothing else, and the apply waits (no
// new revision) until it is DEPLOYED.
func TestAccDeployment_nextApplyWaitsForARolloutLeftRunning(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	image := func(tag string) string {
		return config(env, strings.Replace(dockerDeployment("left-running", "", `  timeouts = { update = "2s" }`),
			"registry.example.com/a:1", "registry.example.com/a:"+tag, 1))
	}
	var held string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: image("1")},
			{
				PreConfig:   func() { env.Mock.HoldRevisions(true) },
				Config:      image("2"),
				ExpectError: looseAll("timed out", "still rolling out", "the next terraform apply waits for it"),
			},
			{
				Config: image("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_status")),
					plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("latest_revision_id"), knownvalue.NotNull()),
					expectUnknownsWithin(deploymentAddr, "latest_revision_status", "active_revision_id", "status", "image_version", "updated_at"),
					env.ResetCounts(),
					funcPlanCheck(func() error {
						held = heldRevision(env)
						env.Mock.HoldRevisions(false)
						return nil
					}),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectSomeCalls(env, map[string]int{routeCreateRevision: 0, routePatch: 0}),
					resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
					resource.TestCheckResourceAttrWith(deploymentAddr, "latest_revision_id", func(v string) error {
						if v != held {
							return fmt.Errorf("latest_revision_id = %s, want the revision left rolling out, %s", v, held)
						}
						return nil
					}),
					mockImage(env, "registry.example.com/a:2"),
				),
			},
		},
	})
}

// heldRevision is the newest revision of the only deployment on the mock.
func heldRevision(env *acctest.Env) string {
	deps := env.Mock.Deployments()
	if len(deps) != 1 {
		return ""
	}
	id, _ := deps[0]["latest_revision_id"].(string)
	return id
}

// TestAccDeployment_progressAtInfo: each status change of a revision is
// logged at INFO with the time waited and the phase, so TF_LOG=INFO shows a
// long build's progress.
func TestAccDeployment_progressAtInfo(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "info.log")
	t.Setenv("TF_LOG", "INFO")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	env := acctest.NewEnv(t, mockapi.Options{RevisionStepDelay: 150e6})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps:                    []resource.TestStep{{Config: config(env, githubDeployment{name: "progress", extra: "  delete_tracing_project = true"}.hcl("test"))}},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	for _, status := range []string{"QUEUED", "BUILDING", "DEPLOYING", "DEPLOYED"} {
		re := regexp.MustCompile(`\[INFO\].*waiting for revision \S+ of deployment \S+ to be DEPLOYED: ` + status + ` after [0-9.]+m?s`)
		if !re.MatchString(logs) {
			t.Errorf("no INFO line for status %s in the log (%d bytes)", status, len(logs))
		}
	}
	if !strings.Contains(logs, "BUILDING after") || !regexp.MustCompile(`BUILDING after [0-9.]+m?s, in the build phase`).MatchString(logs) {
		t.Errorf("the BUILDING line does not name the build phase")
	}
}

// TestAccProvider_missingAPIKeyWithoutProviderBlock: a configuration with no
// provider block and no LANGSMITH_API_KEY fails once, at plan time, saying
// what to set, before any API call.
func TestAccProvider_missingAPIKeyWithoutProviderBlock(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	t.Setenv("LANGSMITH_API_KEY", "")
	t.Setenv("LANGSMITH_CONTROL_PLANE_URL", env.URL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      githubDeployment{name: "no-key"}.hcl("test"),
			PlanOnly:    true,
			ExpectError: looseAll("Missing LangSmith API key", `Set the "api_key" attribute in the provider block or the`, "LANGSMITH_API_KEY environment variable"),
		}},
	})
	if n := env.Mock.Count("GET /v2/deployments"); n != 0 {
		t.Errorf("the API was called %d times without a key", n)
	}
}

// TestAccDeployment_apiErrorPointsAtNestedAttribute: a 422 whose loc names
// a nested attribute is reported at that attribute, so Terraform shows its
// line of the configuration rather than the whole resource block.
func TestAccDeployment_apiErrorPointsAtNestedAttribute(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault(routeCreate, mockapi.Fault{Status: 422,
		Body: `{"detail":[{"loc":["body","source_config","resource_spec","cpu"],"msg":"Input should be less than or equal to 4","type":"less_than_equal"}]}`})
	cfg := config(env, `
resource "langsmith_deployment" "test" {
  name   = "nested-error"
  source = "external_docker"
  source_config = {
    resource_spec = {
      cpu = 6
    }
  }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: nestedErrorRE(t),
		}},
	})
}

// nestedErrorRE is what TestAccDeployment_apiErrorPointsAtNestedAttribute
// expects. The provider reports the error at the attribute's path on every
// CLI, but only newer ones resolve a path inside an object-typed attribute
// to its line: terraform 1.16 does; terraform 1.5.7 and 1.8.5 and OpenTofu
// 1.6.3 and 1.12.6 show the resource block (line 19), as for an error
// without a path.
func nestedErrorRE(t *testing.T) *regexp.Regexp {
	line := []string{"line 24", "cpu = 6"}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		name, v, err := acctest.CLIVersion(t.Context(), tf)
		if err != nil {
			t.Fatal(err)
		}
		if name != "terraform" || v.LessThan(version.Must(version.NewVersion("1.16.0"))) {
			line = []string{"line 19"}
		}
	}
	return looseAll(append(append([]string{"Error creating LangSmith deployment"}, line...),
		"source_config.resource_spec.cpu: Input should be less than or equal to 4")...)
}

// TestAccDeployment_errorCarriesTheRequestID: an API error's diagnostic
// ends with the request ID the server answered with, so a user who
// contacts support can name the request.
func TestAccDeployment_errorCarriesTheRequestID(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault(routeCreate, mockapi.Fault{Status: 400, Body: `{"detail":"Invalid source configuration."}`})
	cfg := config(env, `
resource "langsmith_deployment" "test" {
  name          = "request-id"
  source        = "external_docker"
  source_config = {}
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(`HTTP 400: Invalid source configuration\.[\s\S]*Request ID \(give it to LangSmith support if\s+you\s+contact\s+them\):\s+mock-\d{8}`),
		}},
	})
}
