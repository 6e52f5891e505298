package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

const (
	routeLogs = "GET /v2/deployments/{deployment_id}/revisions/{revision_id}/logs"
	// logSecret is the value the mock's failing deploy log echoes.
	logSecret = "sk-live-7f3a9c2e4b1d"
)

// apiImageDeployment creates an external_docker deployment through the API
// (in workspace ws, the provider's when ""), outside Terraform.
func apiImageDeployment(t *testing.T, env *acctest.Env, ws, name, image string, secrets ...langsmith.Secret) *langsmith.Deployment {
	t.Helper()
	c := apiClient(env)
	if ws != "" {
		c = c.WithTenant(ws)
	}
	dep, err := c.CreateDeployment(context.Background(), &langsmith.DeploymentCreateRequest{
		Name: name, Source: langsmith.SourceExternalDocker, Secrets: secrets,
		SourceConfig:         langsmith.SourceConfig{ResourceSpec: &langsmith.ResourceSpec{}},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{ImageURI: &image},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dep
}

// failedRevision creates a deployment whose revision fails and returns the
// error waitForRevision reports for it.
func failedRevision(t *testing.T, env *acctest.Env, name, image string, secrets ...langsmith.Secret) (*langsmith.Deployment, *revisionFailedError) {
	t.Helper()
	dep := apiImageDeployment(t, env, "", name, image, secrets...)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := waitForRevision(ctx, testPoll, apiClient(env), dep.ID, deref(dep.LatestRevisionID))
	var failed *revisionFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("waitForRevision = %v, want a *revisionFailedError", err)
	}
	return dep, failed
}

// TestAttachFailureLog_deployLogTailRedacted: a DEPLOY_FAILED revision's
// error carries the end of its deploy log in order, the variable value the
// log (and the status message) echo replaced with ***, in every diagnostic
// built from it.
func TestAttachFailureLog_deployLogTailRedacted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.FailNextRevision("DEPLOY_FAILED", "startup failed with SECRET_X="+logSecret)
	dep, failed := failedRevision(t, env, "crashy", "registry.example.com/agents/crashy:1", langsmith.Secret{Name: "SECRET_X", Value: logSecret})
	err := attachFailureLog(context.Background(), apiClient(env), failed, redactorFor(nil, deploymentSecretValues(dep, nil, nil)...))
	if got, ok := err.(*revisionFailedError); !ok || got != failed { //nolint:errorlint // the very same value
		t.Fatalf("attachFailureLog returned %v, want the error it was given", err)
	}
	want := []string{
		"INFO Pulling image registry.example.com/agents/crashy:1",
		"INFO Image pulled",
		"INFO Starting container api-server (revision 1) with 1 environment variables: SECRET_X",
		"INFO Starting Agent Server on 0.0.0.0:8000",
		"WARNING env SECRET_X=***",
		"ERROR Traceback (most recent call last):",
		`ERROR   File "/api/langgraph_api/graph.py", line 212, in collect_graphs_from_env`,
		"ERROR ValueError: Failed to load graph 'agent': could not connect to the checkpointer database",
		"CRITICAL Container api-server exited with code 1: health check failed",
	}
	if failed.LogType != "deploy" || failed.LogErr != "" || strings.Join(failed.Log, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log %s (err %q):\n%s\nwant:\n%s", failed.LogType, failed.LogErr, strings.Join(failed.Log, "\n"), strings.Join(want, "\n"))
	}
	if failed.Message != "startup failed with SECRET_X=***" {
		t.Errorf("status message %q, want the secret redacted", failed.Message)
	}
	details := map[string]string{
		"create":   (&deploymentResource{}).waitErrorDetail(dep.ID, failed.RevisionID, "creating", err),
		"redeploy": redeployWaitDetail(nil, dep.ID, "r0", failed.RevisionID, err),
	}
	for name, detail := range details {
		if strings.Contains(detail, logSecret) {
			t.Errorf("%s detail shows the secret:\n%s", name, detail)
		}
		if !strings.Contains(detail, "ended with status DEPLOY_FAILED: startup failed with SECRET_X=***.") ||
			!strings.Contains(detail, "Last 9 lines of the deploy log") ||
			!strings.HasSuffix(detail, "\n    WARNING env SECRET_X=***\n    ERROR Traceback (most recent call last):\n"+
				`    ERROR   File "/api/langgraph_api/graph.py", line 212, in collect_graphs_from_env`+"\n"+
				"    ERROR ValueError: Failed to load graph 'agent': could not connect to the checkpointer database\n"+
				"    CRITICAL Container api-server exited with code 1: health check failed") {
			t.Errorf("%s detail:\n%s", name, detail)
		}
	}
	// One page of 20, newest first.
	if n := env.Mock.Count(routeLogs); n != 1 {
		t.Errorf("%d log requests, want 1", n)
	}
}

// TestAttachFailureLog_whichLog: BUILD_FAILED reads the build log and falls
// back to the deploy log when it is empty (an image that cannot be pulled);
// CREATE_FAILED with no logs says so; INTERRUPTED and other errors read none.
func TestAttachFailureLog_whichLog(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	c := apiClient(env)

	_, failed := failedRevision(t, env, "no-image", "registry.example.com/agents/gone:fail-build")
	env.Mock.ResetCounts()
	_ = attachFailureLog(context.Background(), c, failed, nil)
	if failed.Status != "BUILD_FAILED" || failed.LogType != "deploy" || len(failed.Log) != 3 ||
		failed.Log[2] != "CRITICAL Back-off pulling image registry.example.com/agents/gone:fail-build" || env.Mock.Count(routeLogs) != 2 {
		t.Errorf("image BUILD_FAILED: %+v after %d log requests", failed, env.Mock.Count(routeLogs))
	}

	gh := apiGithubDeployment(t, env, "gh-broken", "fail-build", "")
	_, err := waitForRevision(context.Background(), testPoll, c, gh.ID, deref(gh.LatestRevisionID))
	_ = attachFailureLog(context.Background(), c, err, nil)
	if !errors.As(err, &failed) {
		t.Fatalf("waitForRevision = %v, want a *revisionFailedError", err)
	}
	if failed.LogType != "build" || len(failed.Log) != 11 || failed.Log[10] != "CRITICAL Build failed: exit code 1" {
		t.Errorf("github BUILD_FAILED: %s %d %q", failed.LogType, len(failed.Log), failed.Log)
	}

	env.Mock.FailNextRevision("CREATE_FAILED", "")
	_, failed = failedRevision(t, env, "not-created", "registry.example.com/agents/x:1")
	_ = attachFailureLog(context.Background(), c, failed, nil)
	if section := failed.logSection(); section != "\n\nThe revision's build and deploy logs are empty." {
		t.Errorf("CREATE_FAILED section %q", section)
	}

	env.Mock.ResetCounts()
	interrupted := &revisionFailedError{DeploymentID: gh.ID, RevisionID: deref(gh.LatestRevisionID), Status: "INTERRUPTED"}
	_ = attachFailureLog(context.Background(), c, interrupted, nil)
	_ = attachFailureLog(context.Background(), c, errWaitTimeout, nil)
	if n := env.Mock.Count(routeLogs); n != 0 || interrupted.logSection() != " The build and deploy logs are in the LangSmith UI." {
		t.Errorf("INTERRUPTED or a timeout read %d logs; section %q", n, interrupted.logSection())
	}
}

// TestAttachFailureLog_unreadableLogKeepsTheFailure: a log request that
// fails leaves the failure as it was and says, briefly, why there is no log.
func TestAttachFailureLog_unreadableLogKeepsTheFailure(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	dep, failed := failedRevision(t, env, "crashy", "registry.example.com/agents/crashy:fail-deploy")
	env.Mock.Fault(routeLogs, mockapi.Fault{Status: 403, Body: `{"detail":"Log access is not enabled for this workspace."}`})
	err := attachFailureLog(context.Background(), apiClient(env), failed, nil)
	detail := (&deploymentResource{}).waitErrorDetail(dep.ID, failed.RevisionID, "updating", err)
	want := "Revision " + failed.RevisionID + " of deployment " + dep.ID + " ended with status DEPLOY_FAILED: mock deploy failed: container exited with code 1." +
		" The rollout stopped in the deploy phase." +
		"\n\nThe deployment is in state. Fix the configuration and apply again to roll out a new revision." +
		"\n\nThe deploy log could not be read: GET /v2/deployments/" + dep.ID + "/revisions/" + failed.RevisionID + "/logs: HTTP 403: " +
		"Log access is not enabled for this workspace.. The langsmith_deployment_revision_logs data source or the LangSmith UI shows it."
	if detail != want {
		t.Fatalf("detail:\n%s\nwant:\n%s", detail, want)
	}
}

// TestAttachFailureLog_redactsBeforeShortening: a secret that straddles the
// cut of a long line is gone whole, not left half visible.
func TestAttachFailureLog_redactsBeforeShortening(t *testing.T) {
	secret := "tok-ABCDEFGHIJKLMNOP"
	long := strings.Repeat("x", maxLogLineRunes-5) + secret + " tail"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"logs":[{"message":%q,"level":"ERROR"},{"message":"second"}],"next_offset":null}`, long)
	}))
	t.Cleanup(srv.Close)
	c, err := langsmith.New(langsmith.Config{BaseURL: srv.URL, APIKey: "k", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	failed := &revisionFailedError{DeploymentID: "d", RevisionID: "r", Status: "DEPLOY_FAILED"}
	_ = attachFailureLog(context.Background(), c, failed, redactorFor(nil, secret))
	// Newest first on the wire: "second" is the older line.
	if len(failed.Log) != 2 || failed.Log[0] != "second" || !strings.HasPrefix(failed.Log[1], "ERROR xxx") ||
		strings.Contains(failed.Log[1], secret[:4]) || !strings.HasSuffix(failed.Log[1], "x*** t…") {
		t.Fatalf("log %q", failed.Log)
	}
}

// TestDeploymentSecretValues_plainVariablesStayReadable: with the
// configuration at hand, the values of environment_variables are not
// redacted; configured secrets, write-only values and every other value
// the API reports are.
func TestDeploymentSecretValues_plainVariablesStayReadable(t *testing.T) {
	root := map[string]attr.Value{
		"environment_variables": types.MapValueMust(types.StringType, map[string]attr.Value{"LOG_LEVEL": types.StringValue("verbose")}),
		"secrets":               types.MapValueMust(types.StringType, map[string]attr.Value{"API_KEY": types.StringValue("configured-secret")}),
	}
	dep := &langsmith.Deployment{Secrets: []langsmith.Secret{
		{Name: "LOG_LEVEL", Value: "verbose"}, {Name: "API_KEY", Value: "configured-secret"}, {Name: "SET_IN_UI", Value: "ui-secret"},
	}}
	redact := redactorFor(nil, deploymentSecretValues(dep, root, map[string]string{"WO": "write-only-secret"})...)
	got := redact("verbose configured-secret ui-secret write-only-secret")
	if got != "verbose *** *** ***" {
		t.Errorf("with configuration: %q", got)
	}
	if got := redactorFor(nil, deploymentSecretValues(dep, nil, nil)...)("verbose ui-secret"); got != "*** ***" {
		t.Errorf("without configuration: %q", got)
	}
}

// TestAccDeployment_failureShowsDeployLog: an apply whose revision fails to
// deploy fails with the end of the deploy log, through the real CLI; the
// line that echoes the secret shows *** in its place.
func TestAccDeployment_failureShowsDeployLog(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "crashy-agent"
  source = "external_docker"
  source_config = {
    resource_spec = { memory_mb = 1024 }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/crashy:fail-deploy" }
  secrets = { SECRET_X = %q }
  delete_tracing_project = true
}
`, logSecret))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: cfg,
			ExpectError: regexp.MustCompile(looseRE(`ended with status DEPLOY_FAILED: mock deploy failed`).String() +
				`(?s:.*)` + looseRE(`Last 9 lines of the deploy log`).String() + `(?s:.*)` +
				`\n\s*WARNING env SECRET_X=\*\*\*\n\s*ERROR Traceback \(most recent call last\):\n(?s:.*)` +
				`\n\s*CRITICAL Container api-server exited with code 1: health check failed`),
		}},
	})
}

// TestAccDeployment_failureShowsBuildLog: a github build that fails shows
// the end of its build log.
func TestAccDeployment_failureShowsBuildLog(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	broken := githubDeployment{name: "unbuildable-agent", repoRef: "fail-build", extra: "  delete_tracing_project = true"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: config(env, broken.hcl("test")),
			ExpectError: regexp.MustCompile(looseRE(`ended with status BUILD_FAILED: mock build failed`).String() +
				`(?s:.*)` + looseRE(`Last 11 lines of the build log`).String() + `(?s:.*)` +
				`\n\s*ERROR ERROR: No matching distribution found for langgraph-mock-fail==0\.0\.0\n(?s:.*)` +
				`\n\s*CRITICAL Build failed: exit code 1`),
		}},
	})
}

// TestAccRevisionLogs_dataSource reads the newest lines of revision logs:
// in order, of the type and level asked, limited, the deployment's variable
// values redacted, in the provider's workspace or another one.
func TestAccRevisionLogs_dataSource(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	crashy := apiImageDeployment(t, env, "", "crashy-agent", "registry.example.com/agents/crashy:fail-deploy",
		langsmith.Secret{Name: "SECRET_X", Value: logSecret})
	gh := apiGithubDeployment(t, env, "gh-agent", "main", "")
	other := apiImageDeployment(t, env, acctest.OtherWorkspaceID, "elsewhere-agent", "registry.example.com/agents/ok:1")
	const ds = "data.langsmith_deployment_revision_logs."
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment_revision_logs" "tail" {
  deployment_id = %[1]q
  type          = "deploy"
  limit         = 5
}

data "langsmith_deployment_revision_logs" "errors" {
  deployment_id = %[1]q
  type          = "deploy"
  level         = "ERROR"
}

data "langsmith_deployment_revision_logs" "no_build" {
  deployment_id = %[1]q
  type          = "build"
}

data "langsmith_deployment_revision_logs" "build" {
  deployment_id = %[2]q
  revision_id   = %[3]q
  type          = "build"
  limit         = 2
}

data "langsmith_deployment_revision_logs" "other_workspace" {
  workspace_id  = %[4]q
  deployment_id = %[5]q
  type          = "deploy"
}
`, crashy.ID, gh.ID, deref(gh.LatestRevisionID), acctest.OtherWorkspaceID, other.ID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(ds+"tail", "revision_id", deref(crashy.LatestRevisionID)),
				resource.TestCheckResourceAttr(ds+"tail", "lines.#", "5"),
				resource.TestCheckResourceAttr(ds+"tail", "lines.0.level", "WARNING"),
				resource.TestCheckResourceAttr(ds+"tail", "lines.0.message", "env SECRET_X=***"),
				resource.TestCheckResourceAttr(ds+"tail", "lines.1.message", "Traceback (most recent call last):"),
				resource.TestCheckResourceAttr(ds+"tail", "lines.4.level", "CRITICAL"),
				resource.TestCheckResourceAttr(ds+"tail", "lines.4.message", "Container api-server exited with code 1: health check failed"),
				resource.TestMatchResourceAttr(ds+"tail", "lines.4.timestamp", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$`)),
				resource.TestCheckResourceAttr(ds+"tail", "text", "env SECRET_X=***\nTraceback (most recent call last):\n"+
					`  File "/api/langgraph_api/graph.py", line 212, in collect_graphs_from_env`+"\n"+
					"ValueError: Failed to load graph 'agent': could not connect to the checkpointer database\n"+
					"Container api-server exited with code 1: health check failed"),
				resource.TestCheckResourceAttr(ds+"errors", "lines.#", "3"),
				resource.TestCheckResourceAttr(ds+"errors", "lines.2.message", "ValueError: Failed to load graph 'agent': could not connect to the checkpointer database"),
				resource.TestCheckResourceAttr(ds+"no_build", "lines.#", "0"),
				resource.TestCheckResourceAttr(ds+"no_build", "text", ""),
				resource.TestCheckResourceAttr(ds+"build", "lines.#", "2"),
				resource.TestCheckResourceAttr(ds+"build", "lines.0.message", "Successfully built "+buildID(env, gh)),
				resource.TestMatchResourceAttr(ds+"build", "lines.1.message", regexp.MustCompile(`^Pushed us-docker\.pkg\.dev/langsmith-mock/gh-agent:[0-9a-f]{7}$`)),
				resource.TestCheckResourceAttr(ds+"other_workspace", "lines.#", "6"),
				resource.TestCheckResourceAttr(ds+"other_workspace", "lines.5.message", "Health check passed; serving traffic"),
				noValueInState(logSecret),
			),
		}},
	})
}

// buildID is the 12 hex digits the mock's build log names the image by.
func buildID(env *acctest.Env, d *langsmith.Deployment) string {
	revs := env.Mock.Revisions(d.ID)
	src, _ := revs[0]["source_revision_config"].(map[string]any)
	sha, _ := src["repo_commit_sha"].(string)
	if len(sha) < 12 {
		return "<no commit>"
	}
	return sha[:12]
}

// TestAccRevisionLogs_badArgumentsRefusedAtPlan: a bad type, level, limit or
// revision_id fails at plan time, naming what is valid, before any request.
func TestAccRevisionLogs_badArgumentsRefusedAtPlan(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	ds := func(args string) string {
		return config(env, `
data "langsmith_deployment_revision_logs" "test" {
  deployment_id = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
`+args+`
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: ds(`  type = "BUILD"`), PlanOnly: true, ExpectError: looseRE(`value must be one of: ["build" "deploy"], got: "BUILD"`)},
			{Config: ds(`  type = "build"
  level = "error"`), PlanOnly: true, ExpectError: looseRE(`value must be one of: ["DEBUG" "INFO" "WARNING" "ERROR" "CRITICAL"], got: "error"`)},
			{Config: ds(`  type = "deploy"
  limit = 1001`), PlanOnly: true, ExpectError: looseRE(`Attribute limit value must be between 1 and 1000, got: 1001`)},
			{Config: ds(`  type = "deploy"
  revision_id = "latest"`), PlanOnly: true, ExpectError: looseRE(`revision_id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "latest".`)},
			{Config: ds(``), PlanOnly: true, ExpectError: looseRE(`The argument "type" is required`)},
		},
	})
	if n := env.Mock.TotalRequests(); n != 0 {
		t.Errorf("%d API requests, want none: bad arguments are refused before any call", n)
	}
}
