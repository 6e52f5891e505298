package provider

import (
	"context"
	"strings"

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
	_ list.ListResourceWithConfigure = (*deploymentListResource)(nil)
)

func newDeploymentListResource() list.ListResource { return &deploymentListResource{} }

// deploymentListResource lists a workspace's deployments for `terraform
// query` (Terraform 1.14+), as import candidates of langsmith_deployment.
type deploymentListResource struct {
	data *providerData
}

type deploymentListConfigModel struct {
	WorkspaceID    types.String `tfsdk:"workspace_id"`
	NameContains   types.String `tfsdk:"name_contains"`
	Status         types.String `tfsdk:"status"`
	DeploymentType types.String `tfsdk:"deployment_type"`
}

func (l *deploymentListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

func (l *deploymentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the deployments of a workspace, newest first, that match every filter set (all of them " +
			"when none is), for `terraform query` (Terraform 1.14 and newer). Each result carries the deployment's identity, " +
			"so `terraform query -generate-config-out=FILE` writes an `import` block and a `langsmith_deployment` block for " +
			"each. The filters are sent to the API; its pages are read until the list block's `limit` is reached " +
			"(Terraform's default is 100: raise it for a workspace with more deployments). With `include_resource = true` " +
			"each result holds the whole resource, as an import followed by a refresh would store it. Deployments " +
			"being deleted are listed only when `status` asks for them.",
		Attributes: map[string]listschema.Attribute{
			"workspace_id": listschema.StringAttribute{
				MarkdownDescription: "UUID of the workspace to list. Defaults to the provider's `workspace_id` (or the API " +
					"key's workspace).",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"name_contains": listschema.StringAttribute{
				MarkdownDescription: "Only deployments whose name contains this substring.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": listschema.StringAttribute{
				MarkdownDescription: "Only deployments with this status: `AWAITING_DATABASE`, `READY`, `UNUSED`, `AWAITING_DELETE`, `AWAITING_FINAL_DELETE` or `UNKNOWN`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(deploymentStatuses...)},
			},
			"deployment_type": listschema.StringAttribute{
				MarkdownDescription: "Only deployments of this type: `dev_free`, `dev`, `prod`, `dev_zero` or `dev_free_zero`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(deploymentTypes...)},
			},
		},
	}
}

func (l *deploymentListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// List reads the matching deployments, up to the list block's limit, and
// streams one result per deployment. An API error is one error diagnostic
// on the stream, after any results already sent.
func (l *deploymentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg deploymentListConfigModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.data == nil {
		*stream = listError("Error listing LangSmith deployments", "The provider is not configured.")
		return
	}
	c := l.data.clientFor(cfg.WorkspaceID.ValueString())
	params := langsmith.ListDeploymentsParams{
		NameContains:   cfg.NameContains.ValueString(),
		Status:         cfg.Status.ValueString(),
		DeploymentType: cfg.DeploymentType.ValueString(),
	}
	stream.Results = func(push func(list.ListResult) bool) {
		deps, err := c.ListDeploymentsUpTo(ctx, params, listLimit(req))
		if err != nil {
			var diags diag.Diagnostics
			diags.AddError("Error listing LangSmith deployments", errorDetail(l.data, "the deployments of "+tenantLabel(c), err))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		res := &deploymentResource{data: l.data}
		for i := range deps {
			dep := &deps[i]
			workspaceID := firstNonNil(dep.TenantID, emptyToNil(c.TenantID()))
			identity := workspaceIdentityModel{ID: types.StringValue(dep.ID), WorkspaceID: lowerStringPointer(workspaceID)}
			result := listResult(ctx, req, deploymentDisplayName(dep), identity, deploymentObjectType(),
				func() (map[string]attr.Value, diag.Diagnostics) { return res.importedState(ctx, req, c, dep) })
			if !push(result) {
				return
			}
		}
	}
}

// importedState is the state an import of dep followed by a refresh
// stores: Read's conversion of the API's answer, with the state the import
// leaves as the prior state.
func (r *deploymentResource) importedState(ctx context.Context, req list.ListRequest, c *langsmith.Client, dep *langsmith.Deployment) (map[string]attr.Value, diag.Diagnostics) {
	importID := dep.ID
	if ws := firstNonNil(dep.TenantID, emptyToNil(c.TenantID())); ws != nil {
		importID = *ws + "/" + dep.ID
	}
	prior, diags := importedRoot(ctx, r, req, deploymentObjectType(), importID)
	if diags.HasError() {
		return nil, diags
	}
	secretValues := make([]string, 0, len(dep.Secrets))
	for _, v := range dep.Secrets {
		secretValues = append(secretValues, v.Value) // an import puts every variable in secrets
	}
	ctx = r.data.secretsOf(ctx, secretValues...)
	sc := stateContext{refresh: true, hashKey: r.hashKey(), workspaceID: c.TenantID()}
	sc.latestStatus = r.latestRevisionStatus(ctx, c, dep, prior, &diags)
	root, d := deploymentState(ctx, dep, prior, sc)
	diags.Append(d...)
	return root, diags
}

// deploymentDisplayName is how a listed deployment is shown: its name, and
// its display name when it has one.
func deploymentDisplayName(d *langsmith.Deployment) string {
	if name := deref(d.DisplayName); name != "" && name != d.Name {
		return d.Name + " (" + name + ")"
	}
	return d.Name
}

// lowerStringPointer is the lower-cased string p points to, or null.
func lowerStringPointer(p *string) types.String {
	if p == nil || *p == "" {
		return types.StringNull()
	}
	return types.StringValue(strings.ToLower(*p))
}

// tenantLabel names the workspace a client acts in, for messages.
func tenantLabel(c *langsmith.Client) string {
	if c.TenantID() != "" {
		return "workspace " + c.TenantID()
	}
	return "the API key's default workspace"
}
