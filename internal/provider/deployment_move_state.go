package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ resource.ResourceWithMoveState = (*deploymentResource)(nil)

// Moving a deployment over from the official provider
// (registry.terraform.io/langchain-ai/langsmith) without recreating it:
//
//	moved {
//	  from = langsmith_deployment.agent   # in state, managed by langchain-ai/langsmith
//	  to   = langsmith_deployment.support # in configuration, this provider
//	}
//
// Terraform 1.8 and newer (and OpenTofu 1.10 and newer) send the source
// state to MoveResourceState of this provider, unconfigured: there is no
// client, so the new state is built from the source state alone, and the
// refresh of the next plan fills in the rest from the API, as after an
// import. The official resource names its attributes as the API does, as
// this one does, so the inputs carry over by name.

// officialProvider is the official provider's namespace and type.
const officialProvider = "langchain-ai/langsmith"

// thisProvider is this provider's namespace and type.
const thisProvider = "langsmith-terraform/langsmith"

// movedFromOfficial are the attributes of the official langsmith_deployment
// that carry over into this resource's state; every other attribute starts
// null and the next refresh reads it from the API. Inside source_config and
// source_revision_config only the attributes the policy table lets a user
// set for the deployment's source carry over (see movableValue).
//
// The official provider's `secrets` are write-only, so its state holds none
// of their values: the refresh lists the deployment's variables that are not
// in environment_variables under `secrets`, as on import.
var movedFromOfficial = []string{
	"id", "name", "source", "display_name", "source_config", "source_revision_config",
	"environment_variables", "secrets", "secret_references",
}

// MoveState accepts a langsmith_deployment of the official provider, and one
// of this provider under another registry host (OpenTofu 1.11.12 and 1.12.4
// asked for a move when only the host of the provider address changed).
func (r *deploymentResource) MoveState(ctx context.Context) []resource.StateMover {
	own := r.schema(ctx)
	return []resource.StateMover{
		{StateMover: moveFromOfficialDeployment},
		{SourceSchema: &own, StateMover: moveFromOwnDeployment},
	}
}

// moveFromOfficialDeployment builds this resource's state from the official
// provider's. A request for any other source is left alone (the framework
// tries the next mover).
func moveFromOfficialDeployment(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != "langsmith_deployment" || !providerAddressIs(req.SourceProviderAddress, officialProvider) {
		return
	}
	const summary = "Error moving the official provider's langsmith_deployment"
	if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
		resp.Diagnostics.AddError(summary, "The source state is empty or in the legacy flatmap format, which "+
			"this provider cannot read. Run terraform apply -refresh-only with the official provider once (it rewrites "+
			"the state as JSON), then plan the move again; or remove it from state and import the deployment by ID.")
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(req.SourceRawState.JSON, &fields); err != nil {
		resp.Diagnostics.AddError(summary, "The source state is not a JSON object: "+err.Error())
		return
	}

	typ := deploymentObjectType()
	root := make(map[string]attr.Value, len(typ.AttrTypes))
	for name, t := range typ.AttrTypes {
		v, err := nullValue(ctx, t)
		if err != nil {
			resp.Diagnostics.AddError(summary, err.Error())
			return
		}
		root[name] = v
	}
	for _, name := range movedFromOfficial {
		raw, ok := fields[name]
		if !ok {
			continue
		}
		v, err := valueFromJSON(ctx, typ.AttrTypes[name], raw)
		if err != nil {
			resp.Diagnostics.AddWarning("Attribute not carried over from the official provider",
				fmt.Sprintf("The official provider's %s could not be read as this provider's %s (%v); it starts empty and "+
					"the next refresh reads it from the API.", name, name, err))
			continue
		}
		root[name] = v
	}

	// The official tenant_id is the deployment's workspace: where this
	// provider's workspace_id argument, when the schema has one, says its
	// requests go.
	if _, ok := typ.AttrTypes["workspace_id"]; ok {
		if raw, ok := fields["tenant_id"]; ok {
			var ws string
			if json.Unmarshal(raw, &ws) == nil && isUUID(ws) {
				root["workspace_id"] = types.StringValue(strings.ToLower(ws))
			}
		}
	}

	id := knownString(root["id"]).ValueString()
	if !isUUID(id) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The source state's id %q is not a deployment ID (a UUID), so "+
			"there is nothing to move. Import the deployment by its ID instead.", id))
		return
	}
	source := knownString(root["source"]).ValueString()
	for _, name := range []string{"source_config", "source_revision_config"} {
		root[name] = movableValue(ctx, name, root[name], source)
	}
	root["secret_references"] = movableValue(ctx, "secret_references", root["secret_references"], source)
	// Destroy keeps the tracing project unless configured otherwise, as the
	// default of the attribute says.
	root["delete_tracing_project"] = types.BoolValue(false)

	resp.Diagnostics.Append(setState(ctx, &resp.TargetState, root)...)
}

// moveFromOwnDeployment passes this provider's own state through unchanged
// when only the provider address differs (another registry host) and the
// state is of the current schema version.
func moveFromOwnDeployment(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceTypeName != "langsmith_deployment" || !providerAddressIs(req.SourceProviderAddress, thisProvider) {
		return
	}
	if current := (&deploymentResource{}).schema(ctx).Version; req.SourceSchemaVersion != current {
		resp.Diagnostics.AddError("Error moving langsmith_deployment",
			fmt.Sprintf("The source state is of schema version %d, this provider's is %d. Run terraform apply "+
				"-refresh-only once without the moved block (it upgrades the state), then plan the move again.",
				req.SourceSchemaVersion, current))
		return
	}
	if req.SourceState == nil {
		resp.Diagnostics.AddError("Error moving langsmith_deployment",
			"The source state does not match this provider's schema (it may come from a newer release). Upgrade the "+
				"provider, or remove the resource from state and import the deployment by ID.")
		return
	}
	resp.TargetState.Raw = req.SourceState.Raw.Copy()
	resp.TargetPrivate = req.SourcePrivate
}

// providerAddressIs reports whether addr ("registry.terraform.io/ns/type",
// or without the host, as some OpenTofu releases send it) names the provider
// nsType ("ns/type"), on any registry host.
func providerAddressIs(addr, nsType string) bool {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(addr)), "/")
	if len(parts) == 3 {
		parts = parts[1:]
	}
	return len(parts) == 2 && parts[0]+"/"+parts[1] == nsType
}

// movableValue keeps, in a value moved from the official provider at path,
// only what a user can set here for source: a nested attribute that is not
// in the policy table, that is computed, or that does not apply to source
// becomes null (a github deployment's serving URL in the official
// source_config.custom_url, for one, is this resource's url).
func movableValue(ctx context.Context, path string, v attr.Value, source string) attr.Value {
	row := deploymentPolicy.row(path)
	if row == nil || (!row.kind.userSettable() && row.kind != kindObject) || !row.appliesTo(source) {
		return nullOf(v)
	}
	obj, ok := v.(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return v
	}
	attrs := obj.Attributes()
	out := make(map[string]attr.Value, len(attrs))
	for name, inner := range attrs {
		out[name] = movableValue(ctx, path+"."+name, inner, source)
	}
	moved, diags := types.ObjectValue(obj.AttributeTypes(ctx), out)
	if diags.HasError() {
		return nullOf(v)
	}
	return moved
}

// nullValue is the null value of t.
func nullValue(ctx context.Context, t attr.Type) (attr.Value, error) {
	return t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
}

// valueFromJSON reads one attribute of a state's JSON as a value of t;
// object attributes the JSON lacks are null and those t lacks are ignored.
func valueFromJSON(ctx context.Context, t attr.Type, raw json.RawMessage) (attr.Value, error) {
	tv, err := tftypes.ValueFromJSONWithOpts(raw, t.TerraformType(ctx), tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
	if err != nil {
		return nil, err
	}
	return t.ValueFromTerraform(ctx, tv)
}
