package provider

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
)

// floorResource returns the floor provider's only resource and its schema.
func floorResource(t *testing.T) (resource.Resource, resource.SchemaResponse) {
	t.Helper()
	ctx := context.Background()
	rs := NewFloor("test")().Resources(ctx)
	if len(rs) != 1 {
		t.Fatalf("floor provider has %d resources, want 1", len(rs))
	}
	r := rs[0]()
	var meta resource.MetadataResponse
	r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "langsmith"}, &meta)
	if meta.TypeName != "langsmith_deployment" {
		t.Fatalf("floor resource type = %q, want langsmith_deployment", meta.TypeName)
	}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	return r, sresp
}

// objectWith builds a known object of type typ from vals; attributes not in
// vals are unknown, as computed attributes are in a create plan.
func objectWith(typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	obj := typ.(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		if v, ok := vals[name]; ok {
			attrs[name] = v
		} else {
			attrs[name] = tftypes.NewValue(at, tftypes.UnknownValue)
		}
	}
	return tftypes.NewValue(obj, attrs)
}

func TestFloor_schemasMatchTheRealProvider(t *testing.T) {
	ctx := context.Background()
	_, floor := floorResource(t)
	want := (&deploymentResource{}).schema(ctx)
	if !floor.Schema.Type().TerraformType(ctx).Equal(want.Type().TerraformType(ctx)) {
		t.Errorf("floor langsmith_deployment schema differs from the real one")
	}

	var fp, rp provider.SchemaResponse
	NewFloor("test")().Schema(ctx, provider.SchemaRequest{}, &fp)
	New("test")().Schema(ctx, provider.SchemaRequest{}, &rp)
	if !fp.Schema.Type().TerraformType(ctx).Equal(rp.Schema.Type().TerraformType(ctx)) {
		t.Errorf("floor provider schema differs from the real one")
	}
}

func TestFloor_createFillsEveryUnknown(t *testing.T) {
	ctx := context.Background()
	r, sresp := floorResource(t)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	scType := typ.AttributeTypes["source_config"]
	specType := scType.(tftypes.Object).AttributeTypes["resource_spec"]
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

	plan := objectWith(typ, map[string]tftypes.Value{
		"name":   str("support-agent"),
		"source": str("github"),
		"source_config": objectWith(scType, map[string]tftypes.Value{
			"integration_id": str(acctest.IntegrationID),
			"repo_url":       str("https://github.com/acme/support-agent"),
			// A known object whose fields are all unknown: numbers, strings
			// and maps inside it are filled one by one.
			"resource_spec": objectWith(specType, nil),
		}),
		"environment_variables": tftypes.NewValue(typ.AttributeTypes["environment_variables"],
			map[string]tftypes.Value{"LOG_LEVEL": str("info")}),
		"delete_tracing_project": tftypes.NewValue(tftypes.Bool, true),
		"timeouts":               tftypes.NewValue(typ.AttributeTypes["timeouts"], nil),
	})

	create := func() tfsdk.State {
		req := resource.CreateRequest{Plan: tfsdk.Plan{Schema: sresp.Schema, Raw: plan}}
		resp := resource.CreateResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}}
		r.Create(ctx, req, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("Create: %v", resp.Diagnostics)
		}
		if !resp.State.Raw.IsFullyKnown() {
			t.Fatalf("Create left unknown values in state: %s", resp.State.Raw)
		}
		return resp.State
	}
	state := create()

	get := func(p path.Path, target any) {
		t.Helper()
		if d := state.GetAttribute(ctx, p, target); d.HasError() {
			t.Fatalf("GetAttribute(%s): %v", p, d)
		}
	}
	var id, name, integrationID, status, account *string
	get(path.Root("id"), &id)
	if id == nil || uuid.Validate(*id) != nil {
		t.Errorf("id = %v, want a UUID", id)
	}
	get(path.Root("name"), &name)
	get(path.Root("source_config").AtName("integration_id"), &integrationID)
	if name == nil || *name != "support-agent" || integrationID == nil || *integrationID != acctest.IntegrationID {
		t.Errorf("known values changed: name %v, integration_id %v", name, integrationID)
	}
	get(path.Root("latest_revision_status"), &status)
	get(path.Root("source_config").AtName("resource_spec").AtName("service_account_name"), &account)
	if status == nil || *status != "" || account == nil || *account != "" {
		t.Errorf("unknown strings should become \"\": latest_revision_status %v, service_account_name %v", status, account)
	}
	var buildOnPush, deleteProject *bool
	get(path.Root("source_config").AtName("build_on_push"), &buildOnPush)
	get(path.Root("delete_tracing_project"), &deleteProject)
	if buildOnPush == nil || *buildOnPush || deleteProject == nil || !*deleteProject {
		t.Errorf("bools: build_on_push %v (want false), delete_tracing_project %v (want true, as planned)", buildOnPush, deleteProject)
	}
	var minScale types.Int64
	var cpu types.Float64
	get(path.Root("source_config").AtName("resource_spec").AtName("min_scale"), &minScale)
	get(path.Root("source_config").AtName("resource_spec").AtName("cpu"), &cpu)
	if minScale.IsNull() || minScale.ValueInt64() != 0 || cpu.IsNull() || cpu.ValueFloat64() != 0 {
		t.Errorf("numbers: min_scale %v, cpu %v, want 0", minScale, cpu)
	}
	var labels map[string]string
	get(path.Root("source_config").AtName("resource_spec").AtName("labels"), &labels)
	if labels != nil {
		t.Errorf("labels = %v, want null", labels)
	}
	var listenerConfig *struct {
		K8sNamespace *string `tfsdk:"k8s_namespace"`
	}
	get(path.Root("source_config").AtName("listener_config"), &listenerConfig)
	if listenerConfig != nil {
		t.Errorf("listener_config = %v, want null", listenerConfig)
	}

	var again *string
	if d := create().GetAttribute(ctx, path.Root("id"), &again); d.HasError() || again == nil || *again == *id {
		t.Errorf("a second create got id %v, want a fresh UUID", again)
	}
}

// TestAccFloor_basic runs the floor provider through terraform: apply, the
// empty plan that follows, and destroy. The benchmark relies on that plan
// being empty, as it is for the real provider.
func TestAccFloor_basic(t *testing.T) {
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"langsmith": providerserver.NewProtocol6WithError(NewFloor("test")()),
		},
		Steps: []tfresource.TestStep{
			{
				Config: `
resource "langsmith_deployment" "test" {
  name   = "floor-agent"
  source = "github"
  source_config = {
    integration_id = "` + acctest.IntegrationID + `"
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = "info" }
  delete_tracing_project = true
}
`,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
