package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// The terraform CLIs that build here (1.8.5 and older) predate write-only
// attributes (Terraform 1.11), so secrets_wo is tested at the protocol
// level: these tests speak to the provider server the way Terraform 1.11
// does, against the mock.

type protoHarness struct {
	t      *testing.T
	ctx    context.Context
	srv    tfprotov6.ProviderServer
	schema *tfprotov6.Schema
	typ    tftypes.Object
	env    *acctest.Env
}

func newProtoHarness(t *testing.T) *protoHarness {
	t.Helper()
	ctx := context.Background()
	env := acctest.NewEnv(t, mockapi.Options{})
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &protoHarness{t: t, ctx: ctx, srv: srv, env: env, schema: schemas.ResourceSchemas["langsmith_deployment"]}
	h.typ = h.schema.ValueType().(tftypes.Object)
	ptyp := schemas.Provider.ValueType().(tftypes.Object)
	cfg := objectOf(ptyp, map[string]tftypes.Value{
		"api_key":           tftypes.NewValue(tftypes.String, acctest.APIKey),
		"workspace_id":      tftypes.NewValue(tftypes.String, acctest.WorkspaceID),
		"control_plane_url": tftypes.NewValue(tftypes.String, env.URL),
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: dynamic(t, ptyp, cfg)})
	if err != nil {
		t.Fatal(err)
	}
	requireNoDiags(t, "ConfigureProvider", resp.Diagnostics)
	return h
}

// objectOf builds an object of typ, null where vals has no attribute.
func objectOf(typ tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	all := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, all)
}

func stringMapValue(m map[string]string) tftypes.Value {
	typ := tftypes.Map{ElementType: tftypes.String}
	if m == nil {
		return tftypes.NewValue(typ, nil)
	}
	vals := map[string]tftypes.Value{}
	for k, v := range m {
		vals[k] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(typ, vals)
}

func dynamic(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func (h *protoHarness) decode(dv *tfprotov6.DynamicValue) tftypes.Value {
	h.t.Helper()
	v, err := dv.Unmarshal(h.typ)
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

func requireNoDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

// config is a github deployment's configuration with the given write-only
// secrets and version.
func (h *protoHarness) config(wo map[string]string, version int64) tftypes.Value {
	sc := h.typ.AttributeTypes["source_config"].(tftypes.Object)
	src := h.typ.AttributeTypes["source_revision_config"].(tftypes.Object)
	vals := map[string]tftypes.Value{
		"name":   tftypes.NewValue(tftypes.String, "wo-agent"),
		"source": tftypes.NewValue(tftypes.String, "github"),
		"source_config": objectOf(sc, map[string]tftypes.Value{
			"integration_id": tftypes.NewValue(tftypes.String, acctest.IntegrationID),
			"repo_url":       tftypes.NewValue(tftypes.String, "https://github.com/acme/support-agent"),
		}),
		"source_revision_config": objectOf(src, map[string]tftypes.Value{
			"repo_ref":              tftypes.NewValue(tftypes.String, "main"),
			"langgraph_config_path": tftypes.NewValue(tftypes.String, "langgraph.json"),
		}),
		"environment_variables":  stringMapValue(map[string]string{"LOG_LEVEL": "info"}),
		"secrets_wo":             stringMapValue(wo),
		"delete_tracing_project": tftypes.NewValue(tftypes.Bool, true),
	}
	if version != 0 {
		vals["secrets_wo_version"] = tftypes.NewValue(tftypes.Number, version)
	}
	return objectOf(h.typ, vals)
}

// proposed is what Terraform proposes as the new state: the configuration,
// with computed attributes that are null in it taken from the prior state,
// and write-only attributes null.
func proposed(attrs []*tfprotov6.SchemaAttribute, cfg, prior tftypes.Value) tftypes.Value {
	if !cfg.IsKnown() || cfg.IsNull() {
		return cfg
	}
	var cvals, pvals map[string]tftypes.Value
	_ = cfg.As(&cvals)
	if !prior.IsNull() {
		_ = prior.As(&pvals)
	}
	out := map[string]tftypes.Value{}
	for _, a := range attrs {
		c := cvals[a.Name]
		switch {
		case a.WriteOnly:
			out[a.Name] = tftypes.NewValue(c.Type(), nil)
		case c.IsNull() && a.Computed && pvals != nil:
			out[a.Name] = pvals[a.Name]
		case a.NestedType != nil && a.NestedType.Nesting == tfprotov6.SchemaObjectNestingModeSingle && pvals != nil:
			out[a.Name] = proposed(a.NestedType.Attributes, c, pvals[a.Name])
		default:
			out[a.Name] = c
		}
	}
	return tftypes.NewValue(cfg.Type(), out)
}

type applied struct {
	state   tftypes.Value
	private []byte
}

// plan runs PlanResourceChange as Terraform 1.11 would.
func (h *protoHarness) plan(prior applied, cfg tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	h.t.Helper()
	priorState := prior.state
	if priorState.Type() == nil {
		priorState = tftypes.NewValue(h.typ, nil)
	}
	resp, err := h.srv.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         "langsmith_deployment",
		PriorState:       dynamic(h.t, h.typ, priorState),
		ProposedNewState: dynamic(h.t, h.typ, proposed(h.schema.Block.Attributes, cfg, priorState)),
		Config:           dynamic(h.t, h.typ, cfg),
		PriorPrivate:     prior.private,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	requireNoDiags(h.t, "PlanResourceChange", resp.Diagnostics)
	return resp
}

func (h *protoHarness) apply(prior applied, cfg tftypes.Value) applied {
	h.t.Helper()
	planned := h.plan(prior, cfg)
	priorState := prior.state
	if priorState.Type() == nil {
		priorState = tftypes.NewValue(h.typ, nil)
	}
	resp, err := h.srv.ApplyResourceChange(h.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       "langsmith_deployment",
		PriorState:     dynamic(h.t, h.typ, priorState),
		PlannedState:   planned.PlannedState,
		Config:         dynamic(h.t, h.typ, cfg),
		PlannedPrivate: planned.PlannedPrivate,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	requireNoDiags(h.t, "ApplyResourceChange", resp.Diagnostics)
	return applied{state: h.decode(resp.NewState), private: resp.Private}
}

func (h *protoHarness) read(prior applied) applied {
	h.t.Helper()
	resp, err := h.srv.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "langsmith_deployment", CurrentState: dynamic(h.t, h.typ, prior.state), Private: prior.private,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	requireNoDiags(h.t, "ReadResource", resp.Diagnostics)
	return applied{state: h.decode(resp.NewState), private: resp.Private}
}

func attrOf(v tftypes.Value, name string) tftypes.Value {
	var m map[string]tftypes.Value
	_ = v.As(&m)
	return m[name]
}

// planChanges reports whether a plan differs from the prior state.
func (h *protoHarness) planChanges(prior applied, cfg tftypes.Value) (bool, tftypes.Value) {
	h.t.Helper()
	planned := h.decode(h.plan(prior, cfg).PlannedState)
	return !planned.Equal(prior.state), planned
}

func (h *protoHarness) remoteVariables(id string) map[string]string {
	h.t.Helper()
	d, ok := h.env.Mock.Deployment(id)
	if !ok {
		h.t.Fatalf("deployment %s not on the mock", id)
	}
	out := map[string]string{}
	list, _ := d["secrets"].([]any)
	for _, item := range list {
		s, _ := item.(map[string]any)
		name, _ := s["name"].(string)
		value, _ := s["value"].(string)
		out[name] = value
	}
	return out
}

func TestWriteOnlySecrets_refusedWithoutClientSupport(t *testing.T) {
	h := newProtoHarness(t)
	cfg := h.config(map[string]string{"API_TOKEN": "wo-secret-1"}, 1)
	for _, allowed := range []bool{false, true} {
		resp, err := h.srv.ValidateResourceConfig(h.ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName: "langsmith_deployment", Config: dynamic(t, h.typ, cfg),
			ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: allowed},
		})
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				msgs = append(msgs, d.Summary+": "+d.Detail)
			}
		}
		if allowed && len(msgs) > 0 {
			t.Errorf("client with write-only support: unexpected errors %v", msgs)
		}
		if !allowed && (len(msgs) == 0 || !strings.Contains(strings.Join(msgs, " "), "secrets_wo")) {
			t.Errorf("client without write-only support: want an error naming secrets_wo, got %v", msgs)
		}
	}
}

func TestWriteOnlySecrets_lifecycle(t *testing.T) {
	h := newProtoHarness(t)

	// Create: the value reaches the API, never the state.
	st := h.apply(applied{}, h.config(map[string]string{"API_TOKEN": "wo-secret-1"}, 1))
	id := attrOf(st.state, "id")
	var depID string
	_ = id.As(&depID)
	if got := h.remoteVariables(depID); got["API_TOKEN"] != "wo-secret-1" || got["LOG_LEVEL"] != "info" {
		t.Fatalf("API variables after create = %v", got)
	}
	if !attrOf(st.state, "secrets_wo").IsNull() || !attrOf(st.state, "secrets").IsNull() {
		t.Fatalf("secrets_wo and secrets must be null in state, got %v / %v", attrOf(st.state, "secrets_wo"), attrOf(st.state, "secrets"))
	}
	if strings.Contains(st.state.String(), "wo-secret-1") || strings.Contains(string(st.private), "wo-secret-1") {
		t.Fatal("the write-only value reached the state or private state")
	}

	// Refresh and plan with the same configuration: no changes, and the
	// write-only variable is not mistaken for a secret added in the UI.
	st = h.read(st)
	if !attrOf(st.state, "secrets").IsNull() {
		t.Fatalf("after refresh, secrets = %v; want null", attrOf(st.state, "secrets"))
	}
	if changed, planned := h.planChanges(st, h.config(map[string]string{"API_TOKEN": "wo-secret-1"}, 1)); changed {
		t.Fatalf("plan with unchanged configuration shows changes:\n%v\n->\n%v", st.state, planned)
	}
	revisions := len(h.env.Mock.Revisions(depID))

	// Rotating the value in the configuration rolls out a new revision.
	st = h.apply(st, h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 1))
	if got := h.remoteVariables(depID)["API_TOKEN"]; got != "wo-secret-2" {
		t.Fatalf("API_TOKEN after rotation = %q", got)
	}
	if n := len(h.env.Mock.Revisions(depID)); n != revisions+1 {
		t.Fatalf("revisions after rotation = %d, want %d", n, revisions+1)
	}

	// A change made outside Terraform is noticed through environment_hash.
	h.env.Mock.PatchOutOfBand(depID, map[string]any{"secrets": []any{
		map[string]any{"name": "API_TOKEN", "value": "changed-in-ui"},
		map[string]any{"name": "LOG_LEVEL", "value": "info"},
	}})
	st = h.read(st)
	changed, planned := h.planChanges(st, h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 1))
	if !changed || attrOf(planned, "environment_hash").IsKnown() {
		t.Fatalf("drift of a write-only variable: want a plan with environment_hash unknown, got changed=%v hash=%v", changed, attrOf(planned, "environment_hash"))
	}
	st = h.apply(st, h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 1))
	if got := h.remoteVariables(depID)["API_TOKEN"]; got != "wo-secret-2" {
		t.Fatalf("API_TOKEN after converging = %q", got)
	}

	// Bumping secrets_wo_version alone rolls out again.
	before := len(h.env.Mock.Revisions(depID))
	if changed, _ := h.planChanges(st, h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 2)); !changed {
		t.Fatal("bumping secrets_wo_version plans no change")
	}
	st = h.apply(st, h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 2))
	if n := len(h.env.Mock.Revisions(depID)); n != before+1 {
		t.Fatalf("revisions after version bump = %d, want %d", n, before+1)
	}
	if changed, _ := h.planChanges(h.read(st), h.config(map[string]string{"API_TOKEN": "wo-secret-2"}, 2)); changed {
		t.Fatal("plan after the version bump still shows changes")
	}
}

// TestCancelledApply_keepsState presses Ctrl-C during the wait that follows
// an accepted create (Terraform cancels the provider's request context):
// the deployment's ID is in the returned state with an error, so Terraform
// records it (tainted) instead of orphaning it, and nothing is created twice.
func TestCancelledApply_keepsState(t *testing.T) {
	h := newProtoHarness(t)
	h.env.Mock.HoldRevisions(true)
	cfg := h.config(nil, 0)
	planned := h.plan(applied{}, cfg)

	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	done := make(chan *tfprotov6.ApplyResourceChangeResponse)
	go func() {
		resp, err := h.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "langsmith_deployment", PriorState: dynamic(t, h.typ, tftypes.NewValue(h.typ, nil)),
			PlannedState: planned.PlannedState, Config: dynamic(t, h.typ, cfg), PlannedPrivate: planned.PlannedPrivate,
		})
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	// Cancel once the API has accepted the create and the wait is polling.
	for h.env.Mock.Count("GET /v2/deployments/{deployment_id}/revisions/{revision_id}") < 2 {
		select {
		case resp := <-done:
			t.Fatalf("apply returned before it was cancelled: %v", resp.Diagnostics)
		default:
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	resp := <-done

	var errs []string
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d.Detail)
		}
	}
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, " "), "context canceled") {
		t.Fatalf("want an error saying the wait was cancelled, got %v", errs)
	}
	state := h.decode(resp.NewState)
	var id string
	_ = attrOf(state, "id").As(&id)
	deps := h.env.Mock.Deployments()
	if len(deps) != 1 || deps[0]["id"] != id {
		t.Fatalf("want the one deployment on the API (%v) in state, state id = %q", deps, id)
	}

	// Once the revision finishes, a refresh sees it deployed.
	h.env.Mock.HoldRevisions(false)
	st := h.read(applied{state: state, private: resp.Private})
	var status string
	_ = attrOf(st.state, "latest_revision_status").As(&status)
	if status != "DEPLOYED" {
		t.Fatalf("latest_revision_status after refresh = %q, want DEPLOYED", status)
	}
}
