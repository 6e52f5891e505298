package floorprovider

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	realprovider "github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
)

var kinds = []Kind{KindSchema, KindBare}

// wireSchema is what terraform receives from GetProviderSchema.
func wireSchema(t *testing.T, p provider.Provider) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	resp, err := providerserver.NewProtocol6(p)().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatalf("GetProviderSchema: %v", err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
	}
	return resp
}

// identitySchemas is what terraform receives from GetResourceIdentitySchemas.
func identitySchemas(t *testing.T, p provider.Provider) map[string]*tfprotov6.ResourceIdentitySchema {
	t.Helper()
	resp, err := providerserver.NewProtocol6(p)().GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatalf("GetResourceIdentitySchemas: %v", err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("GetResourceIdentitySchemas: %s: %s", d.Summary, d.Detail)
	}
	return resp.IdentitySchemas
}

// TestFloors_wireSchemaIsTheRealOne: terraform sees the same provider,
// resource, identity, data source, list resource and action schemas from
// both floors as from the provider (names, types, flags, nesting,
// descriptions), so it does the same work.
func TestFloors_wireSchemaIsTheRealOne(t *testing.T) {
	rp := realprovider.New("test")()
	want, wantIdentity := wireSchema(t, rp), identitySchemas(t, rp)
	if len(want.ResourceSchemas) == 0 || len(want.DataSourceSchemas) == 0 {
		t.Fatalf("the real provider has %d resources and %d data sources", len(want.ResourceSchemas), len(want.DataSourceSchemas))
	}
	for _, k := range kinds {
		floor := New(k, "test")()
		got := wireSchema(t, floor)
		if !reflect.DeepEqual(got.Provider, want.Provider) {
			t.Errorf("%s floor: provider schema differs from the real one", k)
		}
		if !reflect.DeepEqual(got.ProviderMeta, want.ProviderMeta) || !reflect.DeepEqual(got.ServerCapabilities, want.ServerCapabilities) {
			t.Errorf("%s floor: provider meta schema or server capabilities differ", k)
		}
		compareSchemas(t, k.String()+" floor resource", got.ResourceSchemas, want.ResourceSchemas)
		compareSchemas(t, k.String()+" floor resource identity", identitySchemas(t, floor), wantIdentity)
		compareSchemas(t, k.String()+" floor data source", got.DataSourceSchemas, want.DataSourceSchemas)
		compareSchemas(t, k.String()+" floor list resource", got.ListResourceSchemas, want.ListResourceSchemas)
		compareSchemas(t, k.String()+" floor action", got.ActionSchemas, want.ActionSchemas)
		if len(got.EphemeralResourceSchemas)+len(got.Functions) != len(want.EphemeralResourceSchemas)+len(want.Functions) {
			t.Errorf("%s floor: the real provider has ephemeral resources or functions, which floorprovider does not copy yet", k)
		}
	}
}

func compareSchemas[S any](t *testing.T, what string, got, want map[string]S) {
	t.Helper()
	for _, name := range sortedNames(want) {
		switch g, ok := got[name]; {
		case !ok:
			t.Errorf("%s %s missing", what, name)
		case !reflect.DeepEqual(g, want[name]):
			t.Errorf("%s %s differs from the real schema", what, name)
		}
	}
	for _, name := range sortedNames(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s %s is not in the real provider", what, name)
		}
	}
}

func sortedNames[S any](m map[string]S) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestFloors_bareHasNoBehaviour: the bare floor's schemas hold no validator,
// plan modifier, default or custom type at any depth, while the schema
// floor's hold what the real ones hold (langsmith_deployment has validators
// and a default, and its timeouts a custom type).
func TestFloors_bareHasNoBehaviour(t *testing.T) {
	ctx := context.Background()
	count := func(k Kind) map[string]int {
		p, err := build(ctx, k, "test")
		if err != nil {
			t.Fatalf("%s floor: %v", k, err)
		}
		n := map[string]int{"provider": behaviourCount(reflect.ValueOf(p.schema.Schema))}
		for _, r := range p.resources {
			fr := floorResourceOf(r())
			n[fr.meta.TypeName] = behaviourCount(reflect.ValueOf(fr.schema.Schema))
		}
		for _, d := range p.dataSources {
			fd := d().(*floorDataSource)
			n["data."+fd.meta.TypeName] = behaviourCount(reflect.ValueOf(fd.schema.Schema))
		}
		for _, l := range p.listResources {
			fl := l().(*floorListResource)
			n["list."+fl.meta.TypeName] = behaviourCount(reflect.ValueOf(fl.schema.Schema))
		}
		for _, a := range p.actions {
			fa := a().(*floorAction)
			n["action."+fa.meta.TypeName] = behaviourCount(reflect.ValueOf(fa.schema.Schema))
		}
		return n
	}
	bare, schema := count(KindBare), count(KindSchema)
	for name, n := range bare {
		if n != 0 {
			t.Errorf("bare floor: %s keeps %d validators, plan modifiers, defaults or custom types", name, n)
		}
	}
	if schema["langsmith_deployment"] < 10 || schema["provider"] == 0 {
		t.Errorf("schema floor: langsmith_deployment has %d behaviour fields set, the provider schema %d; want the real ones",
			schema["langsmith_deployment"], schema["provider"])
	}
}

// floorResourceOf returns the floorResource behind a floor's resource.
func floorResourceOf(r resource.Resource) *floorResource {
	if fi, ok := r.(*floorIdentityResource); ok {
		return fi.floorResource
	}
	return r.(*floorResource)
}

// behaviourCount counts the behaviour fields set in a schema struct and the
// attributes and blocks under it.
func behaviourCount(v reflect.Value) int {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0
	}
	n := 0
	for _, name := range behaviourFields {
		if f := v.FieldByName(name); f.IsValid() && !f.IsZero() {
			n++
		}
	}
	for _, name := range nestingFields {
		f := v.FieldByName(name)
		switch {
		case !f.IsValid():
		case f.Kind() == reflect.Map:
			for it := f.MapRange(); it.Next(); {
				n += behaviourCount(it.Value())
			}
		default:
			n += behaviourCount(f)
		}
	}
	return n
}

// TestFloors_createFillsEveryUnknown: Create replaces every unknown of a
// create plan (nested ones included) and keeps every known value, with a
// fresh UUID as id each time.
func TestFloors_createFillsEveryUnknown(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			p, err := build(ctx, k, "test")
			if err != nil {
				t.Fatal(err)
			}
			var r *floorResource
			for _, newResource := range p.resources {
				if fr := floorResourceOf(newResource()); fr.meta.TypeName == "langsmith_deployment" {
					r = fr
				}
			}
			if r == nil {
				t.Fatal("no langsmith_deployment in the floor")
			}
			typ := r.schema.Schema.Type().TerraformType(ctx).(tftypes.Object)
			scType := typ.AttributeTypes["source_config"].(tftypes.Object)
			str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
			plan := objectWith(typ, map[string]tftypes.Value{
				"name":   str("support-agent"),
				"source": str("github"),
				"source_config": objectWith(scType, map[string]tftypes.Value{
					"integration_id": str(acctest.IntegrationID),
					// A known object whose fields are all unknown.
					"resource_spec": objectWith(scType.AttributeTypes["resource_spec"], nil),
				}),
				"delete_tracing_project": tftypes.NewValue(tftypes.Bool, true),
				"timeouts":               tftypes.NewValue(typ.AttributeTypes["timeouts"], nil),
			})
			create := func() tftypes.Value {
				req := resource.CreateRequest{}
				req.Plan.Schema, req.Plan.Raw = r.schema.Schema, plan
				resp := resource.CreateResponse{}
				resp.State.Schema, resp.State.Raw = r.schema.Schema, tftypes.NewValue(typ, nil)
				r.Create(ctx, req, &resp)
				if resp.Diagnostics.HasError() {
					t.Fatalf("Create: %v", resp.Diagnostics)
				}
				if !resp.State.Raw.IsFullyKnown() {
					t.Fatalf("Create left unknown values in state: %s", resp.State.Raw)
				}
				return resp.State.Raw
			}
			state := create()
			at := func(v tftypes.Value, steps ...string) tftypes.Value {
				p := tftypes.NewAttributePath()
				for _, s := range steps {
					p = p.WithAttributeName(s)
				}
				got, _, err := tftypes.WalkAttributePath(v, p)
				if err != nil {
					t.Fatalf("%v: %v", steps, err)
				}
				return got.(tftypes.Value)
			}
			var id, again string
			_ = at(state, "id").As(&id)
			_ = at(create(), "id").As(&again)
			if uuid.Validate(id) != nil || id == again {
				t.Errorf("ids %q and %q: want two different UUIDs", id, again)
			}
			for _, c := range []struct {
				got  tftypes.Value
				want tftypes.Value
			}{
				{at(state, "name"), str("support-agent")},
				{at(state, "source_config", "integration_id"), str(acctest.IntegrationID)},
				{at(state, "delete_tracing_project"), tftypes.NewValue(tftypes.Bool, true)},
				{at(state, "latest_revision_status"), str("")},
				{at(state, "source_config", "build_on_push"), tftypes.NewValue(tftypes.Bool, false)},
				{at(state, "source_config", "resource_spec", "service_account_name"), str("")},
				{at(state, "source_config", "resource_spec", "min_scale"), tftypes.NewValue(tftypes.Number, 0)},
				{at(state, "source_config", "resource_spec", "labels"), tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil)},
				{at(state, "source_config", "listener_config"), tftypes.NewValue(scType.AttributeTypes["listener_config"], nil)},
			} {
				if !c.got.Equal(c.want) {
					t.Errorf("state holds %s, want %s", c.got, c.want)
				}
			}
		})
	}
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

// TestAccFloors_basic runs both floors through terraform: apply, the empty
// plan that follows, and destroy. The benchmark relies on that plan being
// empty, as it is for the real provider.
func TestAccFloors_basic(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
					"langsmith": providerserver.NewProtocol6WithError(New(k, "test")()),
				},
				Steps: []tfresource.TestStep{{
					Config: fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "floor-agent"
  source = "github"
  source_config = {
    integration_id = %q
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = "info" }
  delete_tracing_project = true
}
`, acctest.IntegrationID),
					ConfigPlanChecks: tfresource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				}},
			})
		})
	}
}
