package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ datasource.DataSourceWithConfigure = (*deploymentsDataSource)(nil)

// deploymentStatuses are the deployment statuses of contract §3.4.
var deploymentStatuses = []string{
	langsmith.DeploymentAwaitingDatabase, langsmith.DeploymentReady, langsmith.DeploymentUnused,
	langsmith.DeploymentAwaitingDelete, langsmith.DeploymentAwaitingFinalDelete, langsmith.DeploymentUnknown,
}

func newDeploymentsDataSource() datasource.DataSource { return &deploymentsDataSource{} }

type deploymentsDataSource struct {
	data *providerData
}

type deploymentsDataSourceModel struct {
	NameContains   types.String `tfsdk:"name_contains"`
	Status         types.String `tfsdk:"status"`
	DeploymentType types.String `tfsdk:"deployment_type"`
	ImageVersion   types.String `tfsdk:"image_version"`
	Deployments    types.List   `tfsdk:"deployments"`
	IDs            types.List   `tfsdk:"ids"`
}

func deploymentSummaryAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "source": types.StringType, "status": types.StringType,
		"display_name": types.StringType, "url": types.StringType, "latest_revision_id": types.StringType,
		"active_revision_id": types.StringType, "created_at": types.StringType, "updated_at": types.StringType,
		"deployment_type": types.StringType,
	}
}

func (d *deploymentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployments"
}

func (d *deploymentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the workspace's deployments, newest first, that match every filter set (all of them " +
			"when none is). Every page of the API's list is read. Deployments being deleted are not listed by the API.",
		Attributes: map[string]schema.Attribute{
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "Only deployments whose name contains this substring.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only deployments with this status: `AWAITING_DATABASE`, `READY`, `UNUSED`, `AWAITING_DELETE`, `AWAITING_FINAL_DELETE` or `UNKNOWN`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(deploymentStatuses...)},
			},
			"deployment_type": schema.StringAttribute{
				MarkdownDescription: "Only deployments of this type: `dev_free`, `dev`, `prod`, `dev_zero` or `dev_free_zero`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(deploymentTypes...)},
			},
			"image_version": schema.StringAttribute{
				MarkdownDescription: "Only deployments running this Agent Server image version.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"deployments": schema.ListNestedAttribute{
				MarkdownDescription: "The matching deployments, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                 dsString("Deployment ID (UUID)."),
					"name":               dsString("Deployment name."),
					"source":             dsString("Where the code comes from, such as `github` or `external_docker`."),
					"status":             dsString("Deployment status, such as `READY`."),
					"display_name":       dsString("Human-friendly name; null when never set."),
					"url":                dsString("URL the deployment serves at, once provisioned."),
					"latest_revision_id": dsString("ID of the newest revision."),
					"active_revision_id": dsString("ID of the revision serving traffic."),
					"created_at":         dsString("Creation time (RFC 3339)."),
					"updated_at":         dsString("Last update time (RFC 3339)."),
					"deployment_type":    dsString("`dev_free`, `dev`, `prod`, `dev_zero` or `dev_free_zero`."),
				}},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the matching deployments, in the same order as `deployments`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *deploymentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *deploymentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deploymentsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	params := langsmith.ListDeploymentsParams{
		NameContains:   m.NameContains.ValueString(),
		Status:         m.Status.ValueString(),
		DeploymentType: m.DeploymentType.ValueString(),
		ImageVersion:   m.ImageVersion.ValueString(),
	}
	all, err := d.data.client.ListDeployments(ctx, params)
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith deployments", errorDetail(d.data, "the deployments of "+workspaceLabel(d.data), err))
		return
	}
	objType := types.ObjectType{AttrTypes: deploymentSummaryAttrTypes()}
	items := make([]attr.Value, 0, len(all))
	ids := make([]string, 0, len(all))
	for i := range all {
		dep := &all[i]
		obj, diags := types.ObjectValue(deploymentSummaryAttrTypes(), map[string]attr.Value{
			"id":                 types.StringValue(dep.ID),
			"name":               types.StringValue(dep.Name),
			"source":             types.StringValue(dep.Source),
			"status":             types.StringValue(dep.Status),
			"display_name":       types.StringPointerValue(dep.DisplayName),
			"url":                types.StringPointerValue(firstNonNil(dep.URL, dep.SourceConfig.CustomURL)),
			"latest_revision_id": types.StringPointerValue(dep.LatestRevisionID),
			"active_revision_id": types.StringPointerValue(dep.ActiveRevisionID),
			"created_at":         timeValue(dep.CreatedAt),
			"updated_at":         timeValue(dep.UpdatedAt),
			"deployment_type":    types.StringPointerValue(dep.SourceConfig.DeploymentType),
		})
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		items = append(items, obj)
		ids = append(ids, dep.ID)
	}
	list, diags := types.ListValue(objType, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Deployments = list
	m.IDs = stringList(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
