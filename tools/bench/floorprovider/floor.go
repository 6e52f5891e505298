// Package floorprovider builds the benchmark's floor providers from the real
// provider at run time, so that neither can drift from it:
//
//   - the schema floor (KindSchema) registers every resource (with its
//     identity schema, if it has one), data source, list resource and action
//     of provider.New with exactly the schema it serves, validators, plan
//     modifiers and defaults included (langsmith_deployment serves its
//     schema without attribute validators and runs them in its
//     ValidateConfig, which no floor has, so for it the schema floor keeps
//     the defaults and custom types only);
//   - the bare floor (KindBare) registers the same schemas reduced to their
//     shape: the same attribute names, types, flags (Required, Optional,
//     Computed, Sensitive, WriteOnly), nesting and descriptions, but no
//     Validators, PlanModifiers, Default or CustomType anywhere.
//
// Neither has a Configure client, ValidateConfig, ConfigValidators or
// ModifyPlan, and their CRUD makes no API call: Create and Update store the
// plan with unknowns replaced by placeholders (and an identity taken from the
// state), Read returns the state, Delete does nothing; a data source returns
// its configuration, a list resource lists nothing, an action does nothing. terraform and the plugin framework cost what they cost with
// the real provider, so the difference is the provider's own cost: against
// the bare floor all of it (its code and its schema's validators, modifiers
// and defaults), against the schema floor its code only.
package floorprovider

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"runtime/pprof"
	"strconv"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	realprovider "github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
)

// Kind selects a floor.
type Kind int

const (
	// KindSchema keeps the real schemas as they are.
	KindSchema Kind = iota
	// KindBare keeps only the shape of the real schemas.
	KindBare
)

func (k Kind) String() string {
	if k == KindBare {
		return "bare"
	}
	return "schema"
}

var (
	_ provider.ProviderWithListResources = (*floorProvider)(nil)
	_ provider.ProviderWithActions       = (*floorProvider)(nil)
	_ resource.ResourceWithIdentity      = (*floorIdentityResource)(nil)
	_ datasource.DataSource              = (*floorDataSource)(nil)
	_ list.ListResource                  = (*floorListResource)(nil)
	_ action.Action                      = (*floorAction)(nil)
)

// New returns a constructor of the floor provider of kind k, as providerserver
// expects. It panics if a real schema cannot be reduced (KindBare), which the
// package's test catches.
func New(k Kind, version string) func() provider.Provider {
	return func() provider.Provider {
		p, err := build(context.Background(), k, version)
		if err != nil {
			panic(err)
		}
		return p
	}
}

// floorProvider holds the schemas read from the real provider.
type floorProvider struct {
	version       string
	schema        provider.SchemaResponse
	resources     []func() resource.Resource
	dataSources   []func() datasource.DataSource
	listResources []func() list.ListResource
	actions       []func() action.Action
}

// build instantiates the real provider and copies its schemas: as they are
// for KindSchema, reduced to their shape for KindBare.
func build(ctx context.Context, k Kind, version string) (*floorProvider, error) {
	rp := realprovider.New(version)()
	var meta provider.MetadataResponse
	rp.Metadata(ctx, provider.MetadataRequest{}, &meta)
	p := &floorProvider{version: version}
	rp.Schema(ctx, provider.SchemaRequest{}, &p.schema)
	if p.schema.Diagnostics.HasError() {
		return nil, fmt.Errorf("provider schema: %v", p.schema.Diagnostics)
	}
	if k == KindBare {
		if err := strip(&p.schema.Schema); err != nil {
			return nil, fmt.Errorf("provider schema: %w", err)
		}
	}
	for _, newResource := range rp.Resources(ctx) {
		r := newResource()
		fr := &floorResource{}
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &fr.meta)
		r.Schema(ctx, resource.SchemaRequest{}, &fr.schema)
		if fr.schema.Diagnostics.HasError() {
			return nil, fmt.Errorf("%s schema: %v", fr.meta.TypeName, fr.schema.Diagnostics)
		}
		if k == KindBare {
			if err := strip(&fr.schema.Schema); err != nil {
				return nil, fmt.Errorf("%s schema: %w", fr.meta.TypeName, err)
			}
		}
		ri, ok := r.(resource.ResourceWithIdentity)
		if !ok {
			p.resources = append(p.resources, func() resource.Resource { return fr })
			continue
		}
		fi := &floorIdentityResource{floorResource: fr}
		ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &fi.identity)
		if fi.identity.Diagnostics.HasError() {
			return nil, fmt.Errorf("%s identity schema: %v", fr.meta.TypeName, fi.identity.Diagnostics)
		}
		p.resources = append(p.resources, func() resource.Resource { return fi })
	}
	for _, newDataSource := range rp.DataSources(ctx) {
		d := newDataSource()
		fd := &floorDataSource{}
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &fd.meta)
		d.Schema(ctx, datasource.SchemaRequest{}, &fd.schema)
		if fd.schema.Diagnostics.HasError() {
			return nil, fmt.Errorf("%s data source schema: %v", fd.meta.TypeName, fd.schema.Diagnostics)
		}
		if k == KindBare {
			if err := strip(&fd.schema.Schema); err != nil {
				return nil, fmt.Errorf("%s data source schema: %w", fd.meta.TypeName, err)
			}
		}
		p.dataSources = append(p.dataSources, func() datasource.DataSource { return fd })
	}
	if lp, ok := rp.(provider.ProviderWithListResources); ok {
		for _, newList := range lp.ListResources(ctx) {
			l := newList()
			fl := &floorListResource{}
			l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &fl.meta)
			l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &fl.schema)
			if fl.schema.Diagnostics.HasError() {
				return nil, fmt.Errorf("%s list resource schema: %v", fl.meta.TypeName, fl.schema.Diagnostics)
			}
			if k == KindBare {
				if err := strip(&fl.schema.Schema); err != nil {
					return nil, fmt.Errorf("%s list resource schema: %w", fl.meta.TypeName, err)
				}
			}
			p.listResources = append(p.listResources, func() list.ListResource { return fl })
		}
	}
	if ap, ok := rp.(provider.ProviderWithActions); ok {
		for _, newAction := range ap.Actions(ctx) {
			a := newAction()
			fa := &floorAction{}
			a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: meta.TypeName}, &fa.meta)
			a.Schema(ctx, action.SchemaRequest{}, &fa.schema)
			if fa.schema.Diagnostics.HasError() {
				return nil, fmt.Errorf("%s action schema: %v", fa.meta.TypeName, fa.schema.Diagnostics)
			}
			if k == KindBare {
				if err := strip(&fa.schema.Schema); err != nil {
					return nil, fmt.Errorf("%s action schema: %w", fa.meta.TypeName, err)
				}
			}
			p.actions = append(p.actions, func() action.Action { return fa })
		}
	}
	return p, nil
}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "langsmith"
	resp.Version = p.version
}

func (p *floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = p.schema.Schema
}

// Configure builds no client: a floor never talks to the API.
func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource { return p.resources }

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource {
	return p.dataSources
}

func (p *floorProvider) ListResources(context.Context) []func() list.ListResource {
	return p.listResources
}

func (p *floorProvider) Actions(context.Context) []func() action.Action { return p.actions }

// floorResource is one real resource type without behaviour: its schema,
// and CRUD that only moves values between plan and state. The framework
// calls the methods concurrently; they read only the shared schema.
type floorResource struct {
	meta   resource.MetadataResponse
	schema resource.SchemaResponse
}

func (r *floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	*resp = r.meta
}

func (r *floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema.Schema
}

// Create stores the plan with every unknown value replaced by a placeholder,
// since terraform refuses state with unknowns after apply.
func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	raw, err := FillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor provider: cannot fill unknown values", err.Error())
		return
	}
	resp.State.Raw = raw
	fillIdentity(resp.Identity, raw)
}

// Read returns the state unchanged, so a refresh costs no API call (and
// gives state written without an identity one).
func (r *floorResource) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	fillIdentity(resp.Identity, req.State.Raw)
}

// Update stores the plan, with unknowns filled as in Create.
func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	raw, err := FillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor provider: cannot fill unknown values", err.Error())
		return
	}
	resp.State.Raw = raw
	fillIdentity(resp.Identity, raw)
}

// Delete does nothing; the framework removes the resource from state.
func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// floorIdentityResource is a floorResource whose real resource has an
// identity schema, which it reports too.
type floorIdentityResource struct {
	*floorResource
	identity resource.IdentitySchemaResponse
}

func (r *floorIdentityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.identity.IdentitySchema
}

// fillIdentity gives a resource that has an identity schema, and no identity
// yet, one: each identity attribute takes the state's attribute of the same
// name and type when there is one, else a placeholder as in FillUnknowns.
func fillIdentity(id *tfsdk.ResourceIdentity, state tftypes.Value) {
	if id == nil || !id.Raw.IsFullyNull() || state.IsNull() || !state.IsKnown() {
		return
	}
	typ, ok := id.Raw.Type().(tftypes.Object)
	if !ok {
		return
	}
	var st map[string]tftypes.Value
	_ = state.As(&st)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		if v, ok := st[name]; ok && v.Type().Equal(t) && !v.IsNull() {
			attrs[name] = v
		} else {
			attrs[name] = tftypes.NewValue(t, tftypes.UnknownValue)
		}
	}
	raw, err := FillUnknowns(tftypes.NewValue(typ, attrs))
	if err == nil {
		id.Raw = raw
	}
}

// floorDataSource is one real data source type without behaviour: Read
// returns the configuration with its unknowns filled. The benchmark uses no
// data source; they are registered so the provider schema terraform loads is
// the real one.
type floorDataSource struct {
	meta   datasource.MetadataResponse
	schema datasource.SchemaResponse
}

func (d *floorDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	*resp = d.meta
}

func (d *floorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema.Schema
}

func (d *floorDataSource) Read(_ context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	raw, err := FillUnknowns(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor provider: cannot fill unknown values", err.Error())
		return
	}
	resp.State.Raw = raw
}

// floorListResource is one real list resource type; it lists nothing.
type floorListResource struct {
	meta   resource.MetadataResponse
	schema list.ListResourceSchemaResponse
}

func (l *floorListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	*resp = l.meta
}

func (l *floorListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.schema.Schema
}

func (l *floorListResource) List(_ context.Context, _ list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = list.NoListResults
}

// floorAction is one real action type; invoking it does nothing.
type floorAction struct {
	meta   action.MetadataResponse
	schema action.SchemaResponse
}

func (a *floorAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	*resp = a.meta
}

func (a *floorAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = a.schema.Schema
}

func (a *floorAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}

// idPath is the path of the top-level "id" attribute, the one unknown that
// gets a fresh UUID rather than an empty string.
var idPath = tftypes.NewAttributePath().WithAttributeName("id")

// FillUnknowns returns v with every unknown value replaced: strings by ""
// (a fresh UUID for the top-level "id"), bools by false, numbers by 0, and
// anything else (objects, maps, lists, sets) by a null of its type.
func FillUnknowns(v tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		t := v.Type()
		switch {
		case t.Is(tftypes.String) && p.Equal(idPath):
			return tftypes.NewValue(t, uuid.NewString()), nil
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, ""), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, new(big.Float)), nil
		default:
			return tftypes.NewValue(t, nil), nil
		}
	})
}

// CPUProfileEnv names the environment variable that makes a provider process
// write a CPU profile to "<value>.<pid>.pprof" (terraform starts one provider
// process per graph walk, so the pid tells them apart). Only tools/bench sets
// it; main.go of the provider honours the same variable.
const CPUProfileEnv = "LANGSMITH_PROVIDER_CPUPROFILE"

// Serve serves the floor of kind k over the plugin protocol, as main.go
// serves the real provider, with the same CPU profile hook.
func Serve(k Kind) error {
	if prefix := os.Getenv(CPUProfileEnv); prefix != "" {
		f, err := os.Create(prefix + "." + strconv.Itoa(os.Getpid()) + ".pprof")
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	return providerserver.Serve(context.Background(), New(k, "floor-"+k.String()), providerserver.ServeOpts{
		Address: "registry.terraform.io/langsmith-terraform/langsmith",
	})
}
