package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What Terraform 1.14 added: list resources for `terraform query`, and
// actions. Older CLIs (and OpenTofu) never ask for either.
var (
	_ provider.ProviderWithListResources = (*langsmithProvider)(nil)
	_ provider.ProviderWithActions       = (*langsmithProvider)(nil)
)

func (p *langsmithProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newDeploymentListResource,
		newListenerListResource,
		newOAuthProviderListResource,
	}
}

func (p *langsmithProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		newDeploymentRedeployAction,
	}
}

// listLimit is the most results a list block asks for: its limit
// (Terraform's default is 100); 0 means no limit.
func listLimit(req list.ListRequest) int {
	if req.Limit <= 0 {
		return 0
	}
	return int(req.Limit)
}

// importedRoot is the state an import of id leaves for a Read to complete:
// the resource's own ImportState run on an empty state. List results built
// from it by the resource's state conversion are exactly what an import
// followed by a refresh writes.
func importedRoot(ctx context.Context, r resource.ResourceWithImportState, req list.ListRequest, typ types.ObjectType, id string) (map[string]attr.Value, diag.Diagnostics) {
	resp := resource.ImportStateResponse{State: tfsdk.State{
		Schema: req.ResourceSchema,
		Raw:    tftypes.NewValue(req.ResourceSchema.Type().TerraformType(ctx), nil),
	}}
	r.ImportState(ctx, resource.ImportStateRequest{ID: id}, &resp)
	if resp.Diagnostics.HasError() {
		return nil, resp.Diagnostics
	}
	root, err := rootOf(ctx, typ, resp.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Error converting an imported state", err.Error())
	}
	return root, resp.Diagnostics
}

// listResult is the result for one listed object: its identity and display
// name and, when the list block sets include_resource, the resource object
// state() builds.
func listResult(ctx context.Context, req list.ListRequest, displayName string, identity any, typ types.ObjectType,
	state func() (map[string]attr.Value, diag.Diagnostics),
) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName
	result.Diagnostics.Append(result.Identity.Set(ctx, identity)...)
	if !req.IncludeResource || result.Diagnostics.HasError() {
		return result
	}
	root, diags := state()
	result.Diagnostics.Append(diags...)
	if result.Diagnostics.HasError() {
		return result
	}
	raw, diags := rawOf(ctx, typ, root)
	result.Diagnostics.Append(diags...)
	if !diags.HasError() {
		result.Resource.Raw = raw
	}
	return result
}

// listError is a stream holding one error diagnostic.
func listError(summary, detail string) list.ListResultsStream {
	var diags diag.Diagnostics
	diags.AddError(summary, detail)
	return list.ListResultsStream{Results: list.ListResultsStreamDiagnostics(diags)}
}
