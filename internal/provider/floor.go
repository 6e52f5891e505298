package provider

import (
	"context"
	"math/big"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The floor provider is the benchmark's baseline (tools/bench): it registers
// langsmith_deployment with exactly the real schema but makes no API calls,
// so terraform core and the plugin framework cost the same as with the real
// provider and the difference between the two is the provider's own cost.
// It is never served by main.go.

var (
	_ provider.Provider = (*floorProvider)(nil)
	_ resource.Resource = (*floorDeploymentResource)(nil)
)

// NewFloor returns a constructor for the do-nothing floor provider, as
// providerserver expects. Its provider schema is the real one; its only
// resource is langsmith_deployment with the real resource schema.
func NewFloor(version string) func() provider.Provider {
	return func() provider.Provider {
		return &floorProvider{version: version}
	}
}

type floorProvider struct {
	version string
}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "langsmith"
	resp.Version = p.version
}

// Schema is the real provider schema, so the same provider block is valid.
func (p *floorProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	(&langsmithProvider{version: p.version}).Schema(ctx, req, resp)
}

// Configure builds no client: the floor never talks to the API.
func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &floorDeploymentResource{} }}
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// floorDeploymentResource is langsmith_deployment without behaviour: the
// schema (with its validators, defaults and plan modifiers) is the real
// resource's, and CRUD only moves values between plan and state.
type floorDeploymentResource struct{}

func (r *floorDeploymentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

func (r *floorDeploymentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = (&deploymentResource{}).schema(ctx)
}

// Create stores the plan with every unknown value replaced by a placeholder,
// since terraform refuses state with unknowns after apply.
func (r *floorDeploymentResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	raw, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor provider: cannot fill unknown values", err.Error())
		return
	}
	resp.State.Raw = raw
}

// Read returns the state unchanged, so a refresh costs no API call.
func (r *floorDeploymentResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Update stores the plan, with unknowns filled as in Create.
func (r *floorDeploymentResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	raw, err := fillUnknowns(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor provider: cannot fill unknown values", err.Error())
		return
	}
	resp.State.Raw = raw
}

// Delete does nothing; the framework removes the resource from state.
func (r *floorDeploymentResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// floorIDPath is the path of the top-level "id" attribute, the one unknown
// that gets a fresh UUID rather than an empty string.
var floorIDPath = tftypes.NewAttributePath().WithAttributeName("id")

// fillUnknowns returns v with every unknown value replaced: strings by ""
// (a fresh UUID for "id"), bools by false, numbers by 0, and anything else
// (objects, maps, lists, sets) by a null of its type.
func fillUnknowns(v tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		t := v.Type()
		switch {
		case t.Is(tftypes.String) && p.Equal(floorIDPath):
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
