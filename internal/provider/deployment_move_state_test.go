package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
)

// officialAddresses are the official provider's addresses on the two
// registries; the test installs the stand-in at both.
var officialAddresses = []string{
	"registry.terraform.io/langchain-ai/langsmith",
	"registry.opentofu.org/langchain-ai/langsmith",
}

// moveSecret is the value of var.openai_api_key in the migration examples.
const moveSecret = "sk-move-0123456789"

// migration drives examples/guides/migrating through the real CLI: the
// deployments are created on the mock with this provider and forgotten, the
// `before` configuration is applied with the stand-in of the official
// provider (testdata/officialstandin), which records them in state under
// registry.terraform.io/langchain-ai/langsmith without calling the API.
type migration struct {
	*cliHarness
	name     string // "terraform" or "tofu"
	version  *version.Version
	host     string // the CLI's registry host
	ids      map[string]string
	revCount map[string]int // revisions per deployment ID before the move
}

func newMigration(t *testing.T) *migration {
	t.Helper()
	h := newCLIHarness(t)
	name, v, err := acctest.CLIVersion(t.Context(), h.cli.Path)
	if err != nil {
		t.Fatal(err)
	}
	m := &migration{cliHarness: h, name: name, version: v, host: "registry.terraform.io"}
	if name == "tofu" {
		m.host = "registry.opentofu.org"
	}
	standin := filepath.Join(t.TempDir(), "official")
	acctest.BuildPackage(t, acctest.RepoRoot(), "./internal/provider/testdata/officialstandin", filepath.Join(standin, acctest.ProviderBinary))
	var extra []acctest.DevOverride
	for _, addr := range officialAddresses {
		extra = append(extra, acctest.DevOverride{Address: addr, Dir: standin})
	}
	acctest.WriteDevOverrides(t, h.cli.ConfigFile, h.bin, extra...)
	h.cli.Env = []string{
		"LANGSMITH_API_KEY=" + acctest.APIKey,
		"LANGSMITH_WORKSPACE_ID=" + acctest.WorkspaceID,
		"LANGSMITH_CONTROL_PLANE_URL=" + h.env.URL,
		"TF_VAR_openai_api_key=" + moveSecret,
	}

	// The deployments exist: created with this provider (the moved blocks
	// of `after` move nothing yet), then forgotten.
	h.write("main.tf", m.example("after"))
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	h.run([]int{0}, "state", "rm", "langsmith_deployment.support_agent", "langsmith_deployment.support_agent_sh")
	m.ids, m.revCount = map[string]string{}, map[string]int{}
	for _, d := range h.env.Mock.Deployments() {
		id := fmt.Sprint(d["id"])
		m.ids[fmt.Sprint(d["name"])] = id
		m.revCount[id] = len(h.env.Mock.Revisions(id))
	}
	if len(m.ids) != 2 {
		t.Fatalf("want 2 deployments on the mock, got %v", m.ids)
	}

	// The official provider's state of them.
	idsJSON, _ := json.Marshal(m.ids)
	h.cli.Env = append(h.cli.Env, "STANDIN_DEPLOYMENT_IDS="+string(idsJSON))
	before := m.example("before")
	if v.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		// Write-only attributes (the official secrets) need 1.11.
		before = dropLines(before, "# write-only")
	}
	h.write("main.tf", before)
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	state := h.run([]int{0}, "state", "pull")
	if !strings.Contains(state, "provider[\\\""+m.host+"/langchain-ai/langsmith\\\"]") {
		t.Fatalf("the stand-in's state does not name the official provider:\n%s", state)
	}
	return m
}

// example returns the migration example named dir (before, after).
func (m *migration) example(dir string) string {
	m.t.Helper()
	b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "examples", "guides", "migrating", dir, "main.tf"))
	if err != nil {
		m.t.Fatal(err)
	}
	return string(b)
}

// checkNothingRolledOut fails unless both deployments exist with their IDs
// and no revision was added since they were created.
func (m *migration) checkNothingRolledOut() {
	m.t.Helper()
	for name, id := range m.ids {
		if _, ok := m.env.Mock.Deployment(id); !ok {
			m.t.Errorf("deployment %s (%s) is gone", name, id)
			continue
		}
		if n := len(m.env.Mock.Revisions(id)); n != m.revCount[id] {
			m.t.Errorf("deployment %s: want %d revisions (nothing rolled out), got %d", name, m.revCount[id], n)
		}
	}
	if n := len(m.env.Mock.Deployments()); n != len(m.ids) {
		m.t.Errorf("want %d deployments, got %d", len(m.ids), n)
	}
}

// checkNoWrites fails when the mock saw a request other than a GET since
// its counters were reset.
func (m *migration) checkNoWrites() {
	m.t.Helper()
	for route, n := range m.env.Mock.Counts() {
		if n > 0 && !strings.HasPrefix(route, "GET ") {
			m.t.Errorf("want no writes to the API, got %d x %s", n, route)
		}
	}
}

// movedChange is one resource change of `terraform show -json` with its
// previous address.
type movedChange struct {
	Address         string `json:"address"`
	PreviousAddress string `json:"previous_address"`
	ProviderName    string `json:"provider_name"`
	Change          struct {
		Actions         []string        `json:"actions"`
		Before          json.RawMessage `json:"before"`
		After           json.RawMessage `json:"after"`
		BeforeSensitive json.RawMessage `json:"before_sensitive"`
		AfterSensitive  json.RawMessage `json:"after_sensitive"`
	} `json:"change"`
}

func (m *migration) savedPlan() []movedChange {
	m.t.Helper()
	out := m.run([]int{0}, "show", "-json", "tfplan")
	var plan struct {
		ResourceChanges []movedChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &plan); err != nil {
		m.t.Fatalf("reading the plan: %v\n%s", err, out)
	}
	return plan.ResourceChanges
}

// TestAccDeployment_moveFromOfficialProvider (issue 13): deployments in the
// state of the official provider (langchain-ai/langsmith) move to this
// provider with the `moved` blocks of examples/guides/migrating/after: the
// plan moves both with no create or destroy and changes no value, the apply
// writes nothing to the API, and the next plan is empty.
func TestAccDeployment_moveFromOfficialProvider(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	skipWithoutCrossProviderMoves(t)
	t.Parallel()
	m := newMigration(t)

	m.write("main.tf", m.example("after"))
	m.run([]int{0}, "plan", "-input=false", "-out=tfplan")
	changes := m.savedPlan()
	want := map[string]string{
		"langsmith_deployment.support_agent":    "langsmith_deployment.agent",
		"langsmith_deployment.support_agent_sh": "langsmith_deployment.self_hosted",
	}
	if len(changes) != len(want) {
		t.Fatalf("want %d resource changes, got %+v", len(want), changes)
	}
	for _, c := range changes {
		if c.PreviousAddress != want[c.Address] {
			t.Errorf("%s: previous address %q, want %q", c.Address, c.PreviousAddress, want[c.Address])
		}
		if !strings.HasSuffix(c.ProviderName, "/langsmith-terraform/langsmith") {
			t.Errorf("%s: provider %q, want this provider", c.Address, c.ProviderName)
		}
		// A no-op, or an update that changes no value: with secrets from a
		// sensitive variable, Terraform records that the value is sensitive
		// (its state keeps which values were, and a moved object starts
		// without that record); the apply then makes no API call.
		noop := len(c.Change.Actions) == 1 && c.Change.Actions[0] == "no-op"
		unchanged := len(c.Change.Actions) == 1 && c.Change.Actions[0] == "update" && string(c.Change.Before) == string(c.Change.After)
		if !noop && !unchanged {
			t.Errorf("%s: actions %v, want a pure move (no-op, or an update that changes no value):\nbefore: %s\nafter:  %s",
				c.Address, c.Change.Actions, c.Change.Before, c.Change.After)
		}
		t.Logf("%s (from %s): %v", c.Address, c.PreviousAddress, c.Change.Actions)
	}
	if t.Failed() {
		t.Log(m.run([]int{0}, "show", "-no-color", "tfplan"))
	}
	m.env.Mock.ResetCounts()
	m.run([]int{0}, "apply", "-input=false", "tfplan")
	m.checkNothingRolledOut()
	m.checkNoWrites()
	if out := m.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the move, want an empty plan, got:\n%s", out)
	}
	state := m.run([]int{0}, "state", "pull")
	if strings.Contains(state, "langchain-ai") {
		t.Errorf("the state still names the official provider after the move:\n%s", state)
	}
}

// TestAccDeployment_moveFromOfficialProviderToSecretsWO: the official
// provider's write-only secrets moved into secrets_wo. The move cannot tell
// which variables were write-only, so the first plan rolls out one revision
// (in place) that sends them; the next plan is empty.
func TestAccDeployment_moveFromOfficialProviderToSecretsWO(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	name, v := skipWithoutCrossProviderMoves(t)
	if v.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		t.Skipf("secrets_wo is write-only: %s %s is older than 1.11", name, v)
	}
	t.Parallel()
	m := newMigration(t)

	after := strings.Replace(m.example("after"), "secrets = { OPENAI_API_KEY = var.openai_api_key }",
		"secrets_wo = { OPENAI_API_KEY = var.openai_api_key }", 1)
	if !strings.Contains(after, "secrets_wo =") {
		t.Fatal("the after example no longer has the secrets line this test rewrites")
	}
	m.write("main.tf", after)
	m.run([]int{0}, "plan", "-input=false", "-out=tfplan")
	for _, c := range m.savedPlan() {
		for _, a := range c.Change.Actions {
			if a == "create" || a == "delete" {
				t.Errorf("%s: actions %v, want no create or delete", c.Address, c.Change.Actions)
			}
		}
		t.Logf("%s (from %s): %v", c.Address, c.PreviousAddress, c.Change.Actions)
	}
	m.run([]int{0}, "apply", "-input=false", "tfplan")
	id := m.ids["support-agent"]
	if got, want := len(m.env.Mock.Revisions(id)), m.revCount[id]+1; got != want {
		t.Errorf("support-agent: want %d revisions (one rolled out to send secrets_wo), got %d", want, got)
	}
	if out := m.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the move and one apply, want an empty plan, got:\n%s", out)
	}
	if n := len(m.env.Mock.Deployments()); n != 2 {
		t.Errorf("want the 2 deployments, got %d", n)
	}
}

// TestAccDeployment_replaceProviderFromOfficial: the routes that keep the
// addresses. `terraform state replace-provider` only rewrites the provider
// address in state; the next plan hands the official provider's state (schema
// version 0) to this provider's state upgrade, which reads it as this
// provider's version 0 and refuses the attributes that version never had
// (latest_revision_status_message, ...): the plan fails before any change, and
// the deployments and the API are untouched. What keeps the addresses is
// `terraform state rm` and an import block per deployment, which this test
// then runs: it imports both with no create or destroy, and the next plan is
// empty.
func TestAccDeployment_replaceProviderFromOfficial(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	t.Parallel()
	m := newMigration(t)

	kept := strings.NewReplacer(
		`"support_agent_sh"`, `"self_hosted"`,
		`"support_agent"`, `"agent"`,
	).Replace(dropMovedBlocks(m.example("after")))
	m.write("main.tf", kept)
	m.run([]int{0}, "state", "replace-provider", "-auto-approve",
		m.host+"/langchain-ai/langsmith", m.host+"/langsmith-terraform/langsmith")
	m.env.Mock.ResetCounts()
	out := m.run([]int{0, 1}, "plan", "-input=false")
	if !strings.Contains(out, "Unable to Upgrade Resource State") {
		t.Fatalf("replace-provider from the official provider now plans (output below). Update the section "+
			"\"Keeping the addresses\" of templates/guides/migrating-from-the-official-provider.md.tmpl and this test:\n%s", out)
	}
	m.checkNothingRolledOut()
	m.checkNoWrites()

	// Keeping the addresses: forget the official state, import by ID.
	m.run([]int{0}, "state", "rm", "langsmith_deployment.agent", "langsmith_deployment.self_hosted")
	m.write("main.tf", kept+fmt.Sprintf(`
import {
  to = langsmith_deployment.agent
  id = %q
}

import {
  to = langsmith_deployment.self_hosted
  id = %q
}
`, m.ids["support-agent"], m.ids["support-agent-sh"]))
	m.run([]int{0}, "plan", "-input=false", "-out=tfplan")
	for _, c := range m.savedPlan() {
		for _, a := range c.Change.Actions {
			if a == "create" || a == "delete" {
				t.Errorf("%s: actions %v, want no create or delete", c.Address, c.Change.Actions)
			}
		}
		t.Logf("%s: %v", c.Address, c.Change.Actions)
	}
	m.env.Mock.ResetCounts()
	m.run([]int{0}, "apply", "-input=false", "tfplan")
	m.checkNothingRolledOut()
	m.checkNoWrites()
	if out := m.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the import, want an empty plan, got:\n%s", out)
	}
}

// skipWithoutCrossProviderMoves skips below the CLIs that send a moved
// resource to MoveResourceState of another provider with the source
// provider's full address.
func skipWithoutCrossProviderMoves(t *testing.T) (string, *version.Version) {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not")
	}
	name, v, err := acctest.CLIVersion(t.Context(), tf)
	if err != nil {
		t.Fatal(err)
	}
	minimum := map[string]string{"terraform": "1.8.0", "tofu": "1.12.4"}[name]
	if v.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("moved blocks across providers need terraform 1.8 or newer (OpenTofu 1.12.4 or newer); this is %s %s", name, v)
	}
	return name, v
}

// dropLines removes the lines containing marker.
func dropLines(s, marker string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.Contains(line, marker) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// dropMovedBlocks removes the moved blocks of a configuration.
func dropMovedBlocks(s string) string {
	var out []string
	in := false
	for _, line := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(line, "moved {"):
			in = true
		case in && line == "}":
			in = false
		case !in:
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// moveState runs the deployment's movers as the framework does: the first
// that sets a state or an error answers.
func moveState(t *testing.T, req resource.MoveStateRequest) *resource.MoveStateResponse {
	t.Helper()
	ctx := t.Context()
	r := &deploymentResource{}
	sch := r.schema(ctx)
	for _, mover := range r.MoveState(ctx) {
		if mover.SourceSchema != nil && req.SourceRawState != nil {
			raw, err := req.SourceRawState.UnmarshalWithOpts(mover.SourceSchema.Type().TerraformType(ctx),
				tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
			if err == nil {
				req.SourceState = &tfsdk.State{Raw: raw, Schema: *mover.SourceSchema}
			}
		}
		resp := &resource.MoveStateResponse{TargetState: tfsdk.State{Schema: sch, Raw: tftypes.NewValue(sch.Type().TerraformType(ctx), nil)}}
		mover.StateMover(ctx, req, resp)
		if resp.Diagnostics.HasError() || !resp.TargetState.Raw.IsNull() {
			return resp
		}
		req.SourceState = nil
	}
	return nil
}

// TestDeploymentMoveState_fromOfficial: the official provider's state keeps
// its inputs; what does not apply to the source (a github deployment's
// serving URL in source_config.custom_url, a built image) and every computed
// attribute start null; delete_tracing_project is false.
func TestDeploymentMoveState_fromOfficial(t *testing.T) {
	official := `{
	  "id": "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6", "name": "support-agent", "source": "github",
	  "display_name": "Support", "status": "READY", "tenant_id": "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706",
	  "source_config": {"integration_id": "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7", "repo_url": "https://github.com/acme/support-agent",
	    "deployment_type": "prod", "build_on_push": true, "custom_url": "https://support-agent-1a2b3c.us.langgraph.app",
	    "resource_spec": {"min_scale": 1, "max_scale": 3, "cpu": 1, "labels": {"team": "agents"}}, "listener_id": null},
	  "source_revision_config": {"repo_ref": "main", "langgraph_config_path": "langgraph.json",
	    "image_uri": "registry.example.com/built:1", "source_tarball_path": null},
	  "environment_variables": {"LOG_LEVEL": "info"}, "secrets": null, "secrets_version": "1", "secrets_hash": "abc",
	  "secret_references": [{"name": "X", "secret_name": "s", "secret_key": "k"}],
	  "shareable": false, "route_through_gateway": true, "latest_revision_status_message": null
	}`
	resp := moveState(t, resource.MoveStateRequest{
		SourceProviderAddress: "registry.terraform.io/langchain-ai/langsmith",
		SourceTypeName:        "langsmith_deployment",
		SourceRawState:        &tfprotov6.RawState{JSON: []byte(official)},
	})
	if resp == nil || resp.Diagnostics.HasError() {
		t.Fatalf("want a moved state, got %+v", resp)
	}
	root, err := rootOf(t.Context(), deploymentObjectType(), resp.TargetState.Raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id": `"5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"`, "name": `"support-agent"`, "source": `"github"`,
		"display_name": `"Support"`, "delete_tracing_project": "false", "status": "<null>", "tenant_id": "<null>",
		"environment_variables": `{"LOG_LEVEL":"info"}`, "secrets": "<null>", "secret_references": "<null>",
		"secrets_wo_version": "<null>", "url": "<null>",
	}
	if _, ok := deploymentObjectType().AttrTypes["workspace_id"]; ok {
		// The schema names the deployment's workspace itself: the official
		// tenant_id carries over.
		delete(want, "tenant_id")
		want["workspace_id"] = `"6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"`
	}
	for name, w := range want {
		v, ok := root[name]
		if !ok {
			t.Errorf("%s: not in the schema", name)
			continue
		}
		if got := v.String(); got != w {
			t.Errorf("%s: got %s, want %s", name, got, w)
		}
	}
	sc, src := attrsOf(root["source_config"]), attrsOf(root["source_revision_config"])
	for name, w := range map[string]string{
		"integration_id": `"9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"`, "deployment_type": `"prod"`, "build_on_push": "true",
		"custom_url": "<null>", "listener_id": "<null>",
	} {
		if got := sc[name].String(); got != w {
			t.Errorf("source_config.%s: got %s, want %s", name, got, w)
		}
	}
	if spec := attrsOf(sc["resource_spec"]); spec["max_scale"].String() != "3" || spec["cpu"].String() != "1.000000" || spec["memory_mb"].String() != "<null>" {
		t.Errorf("source_config.resource_spec: got %v", spec)
	}
	if src["repo_ref"].String() != `"main"` || src["image_uri"].String() != "<null>" {
		t.Errorf("source_revision_config: got %v", src)
	}
}

// TestDeploymentMoveState_sources: the movers answer only for
// langsmith_deployment of the official provider (any host, or none) and of
// this provider under another host, and refuse a state without a deployment ID.
func TestDeploymentMoveState_sources(t *testing.T) {
	minimal := `{"id": "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6", "name": "a", "source": "external_docker",
	  "source_config": {"custom_url": "https://a.example.com"}, "source_revision_config": {"image_uri": "img:1"}}`
	for _, tc := range []struct {
		addr, typ, state string
		want             string // "moved", "skipped" or "error"
	}{
		{"registry.terraform.io/langchain-ai/langsmith", "langsmith_deployment", minimal, "moved"},
		{"registry.opentofu.org/langchain-ai/langsmith", "langsmith_deployment", minimal, "moved"},
		{"langchain-ai/langsmith", "langsmith_deployment", minimal, "moved"},
		{"registry.opentofu.org/langsmith-terraform/langsmith", "langsmith_deployment", minimal, "moved"},
		{"registry.terraform.io/langchain-ai/langsmith", "langsmith_workspace", minimal, "skipped"},
		{"registry.terraform.io/example/langsmith", "langsmith_deployment", minimal, "skipped"},
		{"registry.terraform.io/langchain-ai/langsmith", "langsmith_deployment", `{"id": "not-a-uuid", "name": "a"}`, "error"},
		{"registry.terraform.io/langchain-ai/langsmith", "langsmith_deployment", `[]`, "error"},
	} {
		resp := moveState(t, resource.MoveStateRequest{
			SourceProviderAddress: tc.addr, SourceTypeName: tc.typ,
			SourceSchemaVersion: (&deploymentResource{}).schema(t.Context()).Version,
			SourceRawState:      &tfprotov6.RawState{JSON: []byte(tc.state)},
		})
		got := "skipped"
		switch {
		case resp == nil:
		case resp.Diagnostics.HasError():
			got = "error"
		default:
			got = "moved"
		}
		if got != tc.want {
			t.Errorf("%s %s %s: got %s, want %s (%v)", tc.addr, tc.typ, tc.state, got, tc.want, resp)
		}
	}
}
