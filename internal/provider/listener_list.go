package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ list.ListResourceWithConfigure = (*listenerListResource)(nil)
)

func newListenerListResource() list.ListResource { return &listenerListResource{} }

// listenerListResource lists a workspace's listeners for `terraform query`
// (Terraform 1.14+), as import candidates of langsmith_listener.
type listenerListResource struct {
	data *providerData
}

type listenerListConfigModel struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	ComputeType types.String `tfsdk:"compute_type"`
}

func (l *listenerListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listener"
}

func (l *listenerListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the listeners of a workspace, newest first, for `terraform query` (Terraform 1.14 and " +
			"newer); `terraform query -generate-config-out=FILE` writes an `import` block and a `langsmith_listener` block " +
			"for each. The API's pages are read until the list block's `limit` is reached (Terraform's default is 100). " +
			"With `include_resource = true` each result holds the whole resource, as an import followed by a refresh would " +
			"store it.",
		Attributes: map[string]listschema.Attribute{
			"workspace_id": listschema.StringAttribute{
				MarkdownDescription: "UUID of the workspace to list. Defaults to the provider's `workspace_id` (or the API " +
					"key's workspace).",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"compute_type": listschema.StringAttribute{
				MarkdownDescription: "Only listeners of this compute type. Only `k8s` exists. The API's list has no such " +
					"filter, so the provider applies it to what the API lists.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(listenerComputeTypeK8s)},
			},
		},
	}
}

func (l *listenerListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// List reads the listeners, up to the list block's limit, and streams one
// result per listener. With compute_type set, every page is read and
// filtered before the limit applies. An API error is one error diagnostic on
// the stream.
func (l *listenerListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg listenerListConfigModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.data == nil {
		*stream = listError("Error listing LangSmith listeners", "The provider is not configured.")
		return
	}
	c := l.data.clientFor(cfg.WorkspaceID.ValueString())
	limit, computeType := listLimit(req), cfg.ComputeType.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		fetch := limit
		if computeType != "" {
			fetch = 0
		}
		all, err := c.ListListenersUpTo(ctx, fetch)
		if err != nil {
			var diags diag.Diagnostics
			diags.AddError("Error listing LangSmith listeners", errorDetail(l.data, "the listeners of "+tenantLabel(c), err))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		res := &listenerResource{data: l.data}
		sent := 0
		for i := range all {
			li := &all[i]
			if computeType != "" && li.ComputeType != computeType {
				continue
			}
			if limit > 0 && sent >= limit {
				return
			}
			identity := workspaceIdentityModel{ID: types.StringValue(li.ID), WorkspaceID: lowerStringPointer(emptyToNil(c.TenantID()))}
			result := listResult(ctx, req, li.ComputeID, identity, listenerObjectType(),
				func() (map[string]attr.Value, diag.Diagnostics) { return res.importedState(ctx, req, c, li) })
			if !push(result) {
				return
			}
			sent++
		}
	}
}

// importedState is the state an import of li followed by a refresh stores.
func (r *listenerResource) importedState(ctx context.Context, req list.ListRequest, c *langsmith.Client, li *langsmith.Listener) (map[string]attr.Value, diag.Diagnostics) {
	importID := li.ID
	if c.TenantID() != "" {
		importID = c.TenantID() + "/" + li.ID
	}
	prior, diags := importedRoot(ctx, r, req, listenerObjectType(), importID)
	if diags.HasError() {
		return nil, diags
	}
	root, d := listenerState(ctx, li, prior, c.TenantID())
	diags.Append(d...)
	return root, diags
}
