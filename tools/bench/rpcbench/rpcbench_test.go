package rpcbench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"syscall"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/go-hclog"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
	"github.com/langsmith-terraform/terraform-provider-langsmith/tools/bench/floorprovider"
)

// The configuration of one deployment, as tools/bench writes it.
const (
	apiKey        = "lsv2_bench_0123456789abcdef"
	workspaceID   = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
	integrationID = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
	repoURL       = "https://github.com/acme/support-agent"
	typeName      = "langsmith_deployment"
)

func TestMain(m *testing.M) {
	// Log lines are encoded as in a provider process (terraform-plugin-log
	// writes to os.Stderr), then dropped here instead of going down a pipe
	// to terraform, which drops them too.
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		panic(err)
	}
	os.Stderr, hclog.DefaultOutput = devNull, io.Discard
	os.Exit(m.Run())
}

// providers are the three servers measured, by the labels tools/bench uses.
var providers = []struct {
	label string
	new   func() fwprovider.Provider
}{
	{"ours", provider.New("bench")},
	{"bare", floorprovider.New(floorprovider.KindBare, "bench")},
	{"schema", floorprovider.New(floorprovider.KindSchema, "bench")},
}

// deployment is one deployment created through a provider, ready to be
// planned again unchanged.
type deployment struct {
	srv     tfprotov6.ProviderServer
	attrs   []*tfprotov6.SchemaAttribute
	typ     tftypes.Type
	config  *tfprotov6.DynamicValue
	state   tftypes.Value
	private []byte
	// What terraform sends for the refreshed state, computed once so that
	// the benchmark times the provider only: the state as JSON, as
	// msgpack, and the proposed new state of the unchanged configuration.
	rawState           []byte
	version            int64
	prior, proposedNew *tfprotov6.DynamicValue
}

// rpcContext is the context tf6server gives each RPC: fresh root SDK, proto
// and provider loggers (levels from TF_LOG_SDK, TF_LOG_SDK_PROTO,
// TF_LOG_PROVIDER), the request fields, and the trace lines it writes around
// the call.
func rpcContext(rpc string) (context.Context, func()) {
	ctx := tfsdklog.NewRootSDKLogger(context.Background(), tfsdklog.WithLevelFromEnv("TF_LOG_SDK"), tfsdklog.WithoutLocation())
	ctx = tfsdklog.NewSubsystem(ctx, "proto", tfsdklog.WithLevelFromEnv("TF_LOG_SDK_PROTO"))
	ctx = tfsdklog.NewRootProviderLogger(ctx, tfsdklog.WithLevelFromEnv("TF_LOG_PROVIDER", "LANGSMITH"), tfsdklog.WithoutLocation())
	for k, v := range map[string]string{"tf_req_id": uuid.NewString(), "tf_provider_addr": "registry.terraform.io/langsmith-terraform/langsmith",
		"tf_proto_version": "6.10", "tf_rpc": rpc, "tf_resource_type": typeName} {
		ctx = tfsdklog.SetField(ctx, k, v)
		ctx = tfsdklog.SubsystemSetField(ctx, "proto", k, v)
	}
	tfsdklog.SubsystemTrace(ctx, "proto", "Received request")
	tfsdklog.SubsystemTrace(ctx, "proto", "Sending request downstream")
	return ctx, func() {
		tfsdklog.SubsystemTrace(ctx, "proto", "Received downstream response", map[string]any{"diagnostic_error_count": 0, "diagnostic_warning_count": 0})
		tfsdklog.SubsystemTrace(ctx, "proto", "Served request")
	}
}

// newDeployment configures the provider (against a fresh mock for ours),
// creates one deployment through PlanResourceChange and ApplyResourceChange,
// and refreshes it once.
func newDeployment(tb testing.TB, newProvider func() fwprovider.Provider) *deployment {
	tb.Helper()
	mock, err := mockapi.Start(mockapi.Options{APIKey: apiKey, TenantID: workspaceID}, "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = mock.Close() })
	tb.Setenv("LANGSMITH_API_KEY", apiKey)
	tb.Setenv("LANGSMITH_WORKSPACE_ID", workspaceID)
	tb.Setenv("LANGSMITH_CONTROL_PLANE_URL", mock.URL)

	d := &deployment{srv: providerserver.NewProtocol6(newProvider())()}
	ctx, done := rpcContext("GetProviderSchema")
	schemas, err := d.srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	done()
	check(tb, "GetProviderSchema", err, schemas.Diagnostics)
	rs := schemas.ResourceSchemas[typeName]
	d.attrs, d.typ, d.version = rs.Block.Attributes, rs.ValueType(), rs.Version

	pcfg := nullObject(schemas.Provider.ValueType(), nil)
	ctx, done = rpcContext("ConfigureProvider")
	cresp, err := d.srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.16.4", Config: dynamic(tb, pcfg)})
	done()
	check(tb, "ConfigureProvider", err, cresp.Diagnostics)

	typ := d.typ.(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	config := nullObject(typ, map[string]tftypes.Value{
		"name":   str("bench-agent-0001"),
		"source": str("github"),
		"source_config": nullObject(typ.AttributeTypes["source_config"], map[string]tftypes.Value{
			"integration_id": str(integrationID),
			"repo_url":       str(repoURL),
		}),
		"source_revision_config": nullObject(typ.AttributeTypes["source_revision_config"], map[string]tftypes.Value{
			"repo_ref":              str("main"),
			"langgraph_config_path": str("langgraph.json"),
		}),
		"environment_variables":  tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"LOG_LEVEL": str("info")}),
		"delete_tracing_project": tftypes.NewValue(tftypes.Bool, true),
	})
	d.config = dynamic(tb, config)

	null := tftypes.NewValue(d.typ, nil)
	ctx, done = rpcContext("PlanResourceChange")
	plan, err := d.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: dynamic(tb, null), ProposedNewState: dynamic(tb, proposedNew(d.attrs, null, config)), Config: d.config,
	})
	done()
	check(tb, "PlanResourceChange (create)", err, plan.Diagnostics)
	ctx, done = rpcContext("ApplyResourceChange")
	applied, err := d.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: dynamic(tb, null), PlannedState: plan.PlannedState, Config: d.config, PlannedPrivate: plan.PlannedPrivate,
	})
	done()
	check(tb, "ApplyResourceChange (create)", err, applied.Diagnostics)
	d.state, d.private = value(tb, d.typ, applied.NewState), applied.Private
	d.setState(tb, d.state)
	d.state, d.private = d.refresh(tb)
	d.setState(tb, d.state)
	return d
}

// setState precomputes what terraform sends for state.
func (d *deployment) setState(tb testing.TB, state tftypes.Value) {
	raw, err := json.Marshal(jsonValue(state))
	if err != nil {
		tb.Fatal(err)
	}
	d.rawState, d.prior = raw, dynamic(tb, state)
	d.proposedNew = dynamic(tb, proposedNew(d.attrs, state, value(tb, d.typ, d.config)))
}

// refresh is terraform's refresh of the deployment: UpgradeResourceState of
// the state as terraform stores it (JSON, at the schema's version), then
// ReadResource.
func (d *deployment) refresh(tb testing.TB) (tftypes.Value, []byte) {
	resp := d.read(tb)
	return value(tb, d.typ, resp.NewState), resp.Private
}

// read sends UpgradeResourceState and ReadResource for the stored state.
func (d *deployment) read(tb testing.TB) *tfprotov6.ReadResourceResponse {
	ctx, done := rpcContext("UpgradeResourceState")
	up, err := d.srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, Version: d.version,
		RawState: &tfprotov6.RawState{JSON: d.rawState}})
	done()
	check(tb, "UpgradeResourceState", err, up.Diagnostics)
	ctx, done = rpcContext("ReadResource")
	read, err := d.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: up.UpgradedState, Private: d.private})
	done()
	check(tb, "ReadResource", err, read.Diagnostics)
	return read
}

// validate is the validate walk's ValidateResourceConfig.
func (d *deployment) validate(tb testing.TB) {
	ctx, done := rpcContext("ValidateResourceConfig")
	resp, err := d.srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: d.config})
	done()
	check(tb, "ValidateResourceConfig", err, resp.Diagnostics)
}

// plan plans the stored state against the unchanged configuration.
func (d *deployment) plan(tb testing.TB) *tfprotov6.PlanResourceChangeResponse {
	ctx, done := rpcContext("PlanResourceChange")
	resp, err := d.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: d.prior, ProposedNewState: d.proposedNew, Config: d.config, PriorPrivate: d.private,
	})
	done()
	check(tb, "PlanResourceChange", err, resp.Diagnostics)
	return resp
}

// TestPlan_unchangedDeploymentPlansNoChange: with each provider, the
// sequence the benchmark times plans no change, as terraform's plan of the
// unchanged configuration does.
func TestPlan_unchangedDeploymentPlansNoChange(t *testing.T) {
	for _, p := range providers {
		t.Run(p.label, func(t *testing.T) {
			d := newDeployment(t, p.new)
			d.validate(t)
			if state, _ := d.refresh(t); !state.Equal(d.state) {
				t.Errorf("a second refresh changed the state:\n%s\nwas\n%s", state, d.state)
			}
			resp := d.plan(t)
			if planned := value(t, d.typ, resp.PlannedState); !planned.Equal(d.state) || len(resp.RequiresReplace) > 0 {
				t.Errorf("planned %s\nwant the prior state %s", planned, d.state)
			}
		})
	}
}

// BenchmarkPlanUnchanged times one unchanged deployment's share of
// `terraform plan`: ValidateResourceConfig, UpgradeResourceState,
// ReadResource and PlanResourceChange, and each on its own.
func BenchmarkPlanUnchanged(b *testing.B) {
	for _, p := range providers {
		b.Run(p.label, func(b *testing.B) {
			d := newDeployment(b, p.new)
			b.Run("all", func(b *testing.B) {
				loop(b, func() {
					d.validate(b)
					d.read(b)
					d.plan(b)
				})
			})
			b.Run("ValidateResourceConfig", func(b *testing.B) { loop(b, func() { d.validate(b) }) })
			b.Run("UpgradeResourceState+ReadResource", func(b *testing.B) { loop(b, func() { d.read(b) }) })
			b.Run("PlanResourceChange", func(b *testing.B) { loop(b, func() { d.plan(b) }) })
		})
	}
}

// loop runs f b.N times and reports, besides time and allocations, the CPU
// time of the whole process per operation (cpu-ns/op: the RPC's goroutine,
// the garbage collector, and for ours the mock answering its GET). Unlike
// ns/op it barely moves when other work on the machine competes for the CPUs.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	start := processCPU()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}

// processCPU is the user+system CPU time of this process so far, in ns.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func check(tb testing.TB, what string, err error, diags []*tfprotov6.Diagnostic) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			tb.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

func dynamic(tb testing.TB, v tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

func value(tb testing.TB, typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	tb.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// nullObject is an object of type typ with vals set and every other
// attribute null.
func nullObject(typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	obj := typ.(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, t := range obj.AttributeTypes {
		if v, ok := vals[name]; ok {
			attrs[name] = v
		} else {
			attrs[name] = tftypes.NewValue(t, nil)
		}
	}
	return tftypes.NewValue(obj, attrs)
}

// proposedNew is terraform's proposed new state for nested attributes
// (objchange.ProposedNew), enough for this schema: a configured value
// stands; a computed one left out of the configuration keeps the prior
// value, or is unknown without one; a single nested object configured on
// both sides is merged attribute by attribute; write-only values are null.
func proposedNew(attrs []*tfprotov6.SchemaAttribute, prior, config tftypes.Value) tftypes.Value {
	var priorAttrs, configAttrs map[string]tftypes.Value
	if !prior.IsNull() && prior.IsKnown() {
		_ = prior.As(&priorAttrs)
	}
	_ = config.As(&configAttrs)
	out := make(map[string]tftypes.Value, len(attrs))
	for _, a := range attrs {
		cv := configAttrs[a.Name]
		pv, ok := priorAttrs[a.Name]
		if !ok {
			pv = tftypes.NewValue(cv.Type(), nil)
		}
		switch {
		case a.WriteOnly:
			out[a.Name] = tftypes.NewValue(cv.Type(), nil)
		case cv.IsNull() && a.Computed && priorAttrs == nil:
			out[a.Name] = tftypes.NewValue(cv.Type(), tftypes.UnknownValue)
		case cv.IsNull() && a.Computed:
			out[a.Name] = pv
		case !cv.IsNull() && a.NestedType != nil && a.NestedType.Nesting == tfprotov6.SchemaObjectNestingModeSingle:
			out[a.Name] = proposedNew(a.NestedType.Attributes, pv, cv)
		default:
			out[a.Name] = cv
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

// jsonValue converts a known value to what encoding/json writes as
// terraform's JSON state of it.
func jsonValue(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	switch t := v.Type(); {
	case t.Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case t.Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case t.Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		return json.Number(f.Text('g', -1))
	case t.Is(tftypes.Object{}), t.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = jsonValue(e)
		}
		return out
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}):
		var l []tftypes.Value
		_ = v.As(&l)
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = jsonValue(e)
		}
		return out
	}
	panic(fmt.Sprintf("jsonValue: unsupported type %s", v.Type()))
}
