package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

const redeployAction = "action.langsmith_deployment_redeploy"

// actionChecks are the TestCase version checks of action tests: actions
// need Terraform 1.14 (no OpenTofu release has them).
var actionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// actionHCL is an action block of the redeploy action; body goes inside its
// config block.
func actionHCL(name, body string) string {
	return fmt.Sprintf("action \"langsmith_deployment_redeploy\" %q {\n  config {\n%s\n  }\n}\n", name, body)
}

// newestRevision is the newest revision of deployment id on the API: its
// ID, repo_ref (branch names as configured) and status.
func newestRevision(t *testing.T, env *acctest.Env, id string) (revID, ref, status string) {
	t.Helper()
	revs := env.Mock.Revisions(id)
	if len(revs) == 0 {
		t.Fatalf("deployment %s has no revisions", id)
	}
	src, _ := revs[0]["source_revision_config"].(map[string]any)
	ref, _ = src["repo_ref"].(string)
	return fmt.Sprint(revs[0]["id"]), displayRef(ref), fmt.Sprint(revs[0]["status"])
}

// TestAccDeploymentRedeployAction_invoke runs the action with `terraform
// apply -invoke` (neither terraform-plugin-testing nor terraform-exec can):
// a rollback from revision B (release) to A (main) rolls out a new revision
// copying A, reports its statuses as progress, changes no state, and the
// next plan shows the rollback as the deployment's drift; with the
// configuration set to main the plan is empty, and a restart (no
// revision_id) copies the latest revision and leaves the plan empty; a
// revision that fails is the invoke's error, with the API's message.
func TestAccDeploymentRedeployAction_invoke(t *testing.T) {
	requireCLI(t, "actions", "1.14.0", "")
	h := newCLIHarness(t)
	t.Parallel()
	a := githubDeployment{name: "invoked-agent", repoRef: "main", extra: "  delete_tracing_project = true"}
	b := a
	b.repoRef = "release"
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+a.hcl("test"))
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	id := fmt.Sprint(h.env.Mock.Deployments()[0]["id"])
	revisionA, _, _ := newestRevision(t, h.env, id)
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+b.hcl("test"))
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	revisionB, _, _ := newestRevision(t, h.env, id)

	actions := actionHCL("rollback", fmt.Sprintf("    deployment_id = langsmith_deployment.test.id\n    revision_id   = %q", revisionA)) +
		actionHCL("restart", "    deployment_id = langsmith_deployment.test.id")
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+b.hcl("test")+actions)
	h.env.Mock.ResetCounts()
	out := h.invoke([]int{0}, redeployAction+".rollback")
	revisionC, ref, status := newestRevision(t, h.env, id)
	if revisionC == revisionB || ref != "main" || status != "DEPLOYED" {
		t.Errorf("after the rollback, want a new DEPLOYED revision with repo_ref main, got %s (%s, %s)", revisionC, ref, status)
	}
	for _, want := range []string{
		fmt.Sprintf("Redeploying revision %s of deployment %s \"invoked-agent\" (a rollback)", revisionA, id),
		fmt.Sprintf("Revision %s: DEPLOYED", revisionC),
		"Actions: 1 invoked",
		"Resources: 0 added, 0 changed, 0 destroyed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the invoke's output lacks %q:\n%s", want, out)
		}
	}
	// The plan of -invoke refreshes the deployment (1 GET, its latest
	// revision active); the action reads it, redeploys, and polls the new
	// revision once (the mock deploys at once).
	if err := h.env.CheckCalls(map[string]int{routeGet: 2, routeRedeploy: 1, routeGetRevision: 1}); err != nil {
		t.Error(err)
	}
	if out := h.run([]int{2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, `repo_ref              = "main" -> "release"`) {
		t.Errorf("after the rollback, want the plan to show repo_ref going back from main to release, got:\n%s", out)
	}

	// Keeping the rollback: configuration main, and nothing to do.
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+a.hcl("test")+actions)
	h.run([]int{0}, "plan", "-detailed-exitcode", "-input=false")

	// A restart: a copy of the latest revision, and still nothing to plan.
	out = h.invoke([]int{0}, redeployAction+".restart")
	revisionD, ref, status := newestRevision(t, h.env, id)
	if revisionD == revisionC || ref != "main" || status != "DEPLOYED" {
		t.Errorf("after the restart, want a new DEPLOYED revision with repo_ref main, got %s (%s, %s)", revisionD, ref, status)
	}
	if want := fmt.Sprintf("Redeploying revision %s of deployment %s \"invoked-agent\" (a restart)", revisionC, id); !strings.Contains(out, want) {
		t.Errorf("the restart's output lacks %q:\n%s", want, out)
	}
	h.run([]int{0}, "plan", "-detailed-exitcode", "-input=false")

	// A revision that fails.
	h.env.Mock.FailNextRevision("DEPLOY_FAILED", "the container exited with code 1")
	out = h.invoke([]int{1}, redeployAction+".restart")
	revisionE, _, status := newestRevision(t, h.env, id)
	for _, want := range []string{
		fmt.Sprintf("Revision %s: DEPLOY_FAILED", revisionE),
		fmt.Sprintf("Revision %s of deployment %s (the redeploy of revision %s) ended with status DEPLOY_FAILED: the container exited with code 1", revisionE, id, revisionD),
		"of the deploy log", // its last lines, as the resources show them
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the failed invoke's output lacks %q:\n%s", want, out)
		}
	}
	if status != "DEPLOY_FAILED" {
		t.Errorf("want the newest revision DEPLOY_FAILED, got %s", status)
	}
	h.write("main.tf", requiredProviders+h.env.ProviderConfig())
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
}

// TestAccDeploymentRedeployAction_timeoutAndCancel: an invoke whose revision
// does not deploy within timeouts.invoke fails saying so, and one
// interrupted with Ctrl-C (SIGINT to the CLI) stops waiting; neither cancels
// anything on the API, where each revision goes on and deploys once the
// rollout is let through.
func TestAccDeploymentRedeployAction_timeoutAndCancel(t *testing.T) {
	requireCLI(t, "actions", "1.14.0", "")
	h := newCLIHarness(t)
	t.Parallel()
	dep := apiGithubDeployment(t, h.env, "held-agent", "main", "")
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+
		actionHCL("hurried", fmt.Sprintf("    deployment_id = %q\n    timeouts = { invoke = \"2s\" }", dep.ID))+
		actionHCL("patient", fmt.Sprintf("    deployment_id = %q", dep.ID)))
	h.env.Mock.HoldRevisions(true)

	out := h.invoke([]int{1}, redeployAction+".hurried")
	held, _, status := newestRevision(t, h.env, dep.ID)
	for _, want := range []string{"timed out after 2s waiting for revision " + held, "is still rolling out; nothing was cancelled", "timeouts = { invoke ="} {
		if !strings.Contains(out, want) {
			t.Errorf("the timed-out invoke's output lacks %q:\n%s", want, out)
		}
	}
	if status == "DEPLOYED" || strings.HasSuffix(status, "FAILED") {
		t.Errorf("want the held revision still in progress, got %s", status)
	}

	h.env.Mock.ResetCounts()
	signal, wait := h.start(t.Context(), "apply", "-auto-approve", "-input=false", "-invoke="+redeployAction+".patient")
	deadline := time.Now().Add(2 * time.Minute)
	for h.env.Mock.Count(routeGetRevision) < 2 {
		if time.Now().After(deadline) {
			signal(os.Kill)
			out, _ := wait()
			t.Fatalf("the action never polled its revision:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	signal(os.Interrupt)
	interrupted := time.Now()
	polls := h.env.Mock.Count(routeGetRevision)
	out, _ = wait()
	// The revision is held, so only the interrupt ends the wait. Terraform
	// 1.16 then ends the action without printing its diagnostics
	// (TestDeploymentRedeployAction_cancelled checks them at the protocol
	// level) and reports the apply complete.
	if d := time.Since(interrupted); d > time.Minute {
		t.Errorf("the CLI took %s to stop after the interrupt", d)
	}
	for _, want := range []string{"Interrupt received", "Stopping operation"} {
		if !strings.Contains(out, want) {
			t.Errorf("the interrupted invoke's output lacks %q:\n%s", want, out)
		}
	}
	if n := h.env.Mock.Count(routeGetRevision); n > polls+1 {
		t.Errorf("the provider went on polling after the interrupt: %d checks, then %d", polls, n)
	}
	if n := h.env.Mock.Count(routeRedeploy); n != 1 {
		t.Errorf("want one redeploy from the interrupted invoke, got %d", n)
	}

	// Let the rollouts through: the API finishes what it accepted.
	h.env.Mock.HoldRevisions(false)
	deadline = time.Now().Add(time.Minute)
	for {
		_, _, status := newestRevision(t, h.env, dep.ID)
		if status == "DEPLOYED" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last revision never deployed: %s", status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var statuses []string
	for _, rev := range h.env.Mock.Revisions(dep.ID) {
		statuses = append(statuses, fmt.Sprint(rev["status"]))
	}
	// Newest first: the cancelled redeploy's revision deployed; the timed-out
	// one was superseded by it before it finished.
	if want := []string{"DEPLOYED", "SKIPPED", "DEPLOYED"}; !slices.Equal(statuses, want) {
		t.Errorf("want revisions %v on the API, got %v", want, statuses)
	}
}

// TestAccDeploymentRedeployAction_trigger runs the rollback from an
// action_trigger, as a plugin-testing configuration: creating the incident
// record triggers it after the create, in the same apply. The API gets one
// redeploy, and the plan after it shows the deployment's drift; setting the
// configuration to the rolled-back ref plans nothing and calls nothing.
func TestAccDeploymentRedeployAction_trigger(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	a := githubDeployment{name: "triggered-agent", repoRef: "main", extra: "  delete_tracing_project = true"}
	b := a
	b.repoRef = "release"
	trigger := actionHCL("rollback", "    deployment_id = langsmith_deployment.test.id\n    revision_id   = terraform_data.first_revision.output") + `
resource "terraform_data" "incident" {
  input = "INC-7"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.langsmith_deployment_redeploy.rollback]
    }
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   actionChecks,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, a.hcl("test"), firstRevisionHCL)},
			{Config: config(env, b.hcl("test"), firstRevisionHCL), Check: checkRevisionRefs(env, "release", "main")},
			{
				Config: config(env, b.hcl("test"), firstRevisionHCL, trigger),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(),
						plancheck.ExpectResourceAction("terraform_data.incident", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
						expectBefore("main", "source_revision_config", "repo_ref"),
						plancheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("release")),
					},
				},
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					// The action: the deployment, the redeploy, the new
					// revision until DEPLOYED.
					env.ExpectCalls(map[string]int{routeGet: 1, routeRedeploy: 1, routeGetRevision: 1}),
					checkRevisionRefs(env, "main", "release", "main"),
				),
			},
			{
				Config: config(env, a.hcl("test"), firstRevisionHCL, trigger),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(), plancheck.ExpectEmptyPlan(),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{}),
					checkRevisionRefs(env, "main", "release", "main"),
				),
			},
		},
	})
}

// TestDeploymentRedeployAction_progressEvents invokes the action over the
// plugin protocol, as Terraform does, against a mock whose revisions take
// time: every status the poller saw the revision in is one progress event,
// in order and once, after the two events that say what is redeployed, and
// the completion carries no diagnostics.
func TestDeploymentRedeployAction_progressEvents(t *testing.T) {
	var mu sync.Mutex
	var newRev string // the revision the redeploy rolled out
	var seen []string // its statuses, as the API answered each poll
	env := acctest.NewEnv(t, mockapi.Options{RevisionStepDelay: 40 * time.Millisecond, Observer: func(x mockapi.Exchange) {
		var body struct {
			LatestRevisionID string `json:"latest_revision_id"`
			ID               string `json:"id"`
			Status           string `json:"status"`
		}
		_ = json.Unmarshal(x.ResponseBody, &body)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case x.Route == routeRedeploy:
			newRev = body.LatestRevisionID
		case x.Route == routeGetRevision && newRev != "" && body.ID == newRev:
			seen = append(seen, body.Status)
		}
	}})
	dep := deployedGithubDeployment(t, env, "progress-agent")
	progress, completed := invokeOverProtocol(t, context.Background(), env, dep)
	if completed == nil || len(completed.Diagnostics) > 0 {
		t.Fatalf("want a completion without diagnostics, got %+v", completed)
	}
	t.Logf("progress events:\n  %s", strings.Join(progress, "\n  "))
	mu.Lock()
	defer mu.Unlock()
	var changes []string
	for _, s := range seen {
		if len(changes) == 0 || changes[len(changes)-1] != s {
			changes = append(changes, s)
		}
	}
	want := []string{
		"Redeploying revision ",
		"Revision " + newRev + " rolls out: a copy of revision ",
	}
	for _, s := range changes {
		want = append(want, "Revision "+newRev+": "+s)
	}
	if len(progress) != len(want) {
		t.Fatalf("want %d progress events (statuses seen: %v), got %d:\n%s", len(want), changes, len(progress), strings.Join(progress, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(progress[i], want[i]) {
			t.Errorf("progress event %d: want %q..., got %q", i, want[i], progress[i])
		}
	}
	if len(changes) < 2 || changes[len(changes)-1] != "DEPLOYED" {
		t.Errorf("want the revision seen in several statuses, the last DEPLOYED; got %v", changes)
	}
}

// deployedGithubDeployment creates a github deployment through the API and
// returns its ID once its first revision is DEPLOYED.
func deployedGithubDeployment(t *testing.T, env *acctest.Env, name string) string {
	t.Helper()
	dep := apiGithubDeployment(t, env, name, "main", "")
	if _, err := waitForRevision(context.Background(), testPoll, apiClient(env), dep.ID, *dep.LatestRevisionID); err != nil {
		t.Fatal(err)
	}
	return dep.ID
}

// TestDeploymentRedeployAction_cancelled cancels the context of an invoke
// over the plugin protocol while the new revision rolls out, as Terraform's
// StopProvider does on Ctrl-C (the CLI prints no diagnostics of an
// interrupted action): the invoke stops waiting at once and says that the
// revision goes on rolling out; nothing is cancelled on the API.
func TestDeploymentRedeployAction_cancelled(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	dep := deployedGithubDeployment(t, env, "cancelled-agent")
	env.Mock.HoldRevisions(true)
	env.Mock.ResetCounts()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for env.Mock.Count(routeGetRevision) < 2 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	_, completed := invokeOverProtocol(t, ctx, env, dep)
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the cancelled invoke took %s", elapsed)
	}
	newRev, _, status := newestRevision(t, env, dep)
	var details []string
	for _, d := range completed.Diagnostics {
		details = append(details, d.Summary+": "+d.Detail)
	}
	text := strings.Join(details, "\n")
	for _, want := range []string{"Error redeploying LangSmith deployment revision", "Stopped waiting for revision " + newRev, "context canceled", "goes on rolling out"} {
		if !strings.Contains(text, want) {
			t.Errorf("the cancelled invoke's diagnostics lack %q:\n%s", want, text)
		}
	}
	if status == "DEPLOYED" || strings.HasSuffix(status, "FAILED") {
		t.Errorf("want the held revision still rolling out, got %s", status)
	}
	if err := env.CheckCalls(map[string]int{routeGet: 1, routeRedeploy: 1, routeGetRevision: env.Mock.Count(routeGetRevision)}); err != nil {
		t.Error(err)
	}
}

// invokeOverProtocol configures the provider against env and invokes the
// redeploy action on deployment dep over the plugin protocol, as Terraform
// does, and returns the progress messages and the completion event.
func invokeOverProtocol(t *testing.T, ctx context.Context, env *acctest.Env, dep string) ([]string, *tfprotov6.CompletedInvokeActionEventType) {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerConfig := dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"api_key":           tftypes.NewValue(tftypes.String, acctest.APIKey),
		"workspace_id":      tftypes.NewValue(tftypes.String, acctest.WorkspaceID),
		"control_plane_url": tftypes.NewValue(tftypes.String, env.URL),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.16.4", Config: &providerConfig})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configuring the provider: %v %v", err, configured.Diagnostics)
	}
	actionSchema := schemas.ActionSchemas["langsmith_deployment_redeploy"]
	if actionSchema == nil {
		t.Fatalf("no action schema; the provider has %v", schemas.ActionSchemas)
	}
	actionConfig := dynamicValue(t, actionSchema.Schema.ValueType(), map[string]tftypes.Value{
		"deployment_id": tftypes.NewValue(tftypes.String, dep),
	})
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("%T serves no actions", server)
	}
	stream, err := actions.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "langsmith_deployment_redeploy", Config: &actionConfig})
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	var completed *tfprotov6.CompletedInvokeActionEventType
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed = &e
		}
	}
	if completed == nil {
		t.Fatalf("the invoke sent no completion event; progress: %v", progress)
	}
	return progress, completed
}

// dynamicValue encodes an object of type typ with the given attributes, the
// others null.
func dynamicValue(t *testing.T, typ tftypes.Type, attrs map[string]tftypes.Value) tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return dv
}
