package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ datasource.DataSourceWithConfigure = (*deploymentRevisionsDataSource)(nil)

// revisionStatuses are the revision statuses of contract §7.2.
var revisionStatuses = []string{
	langsmith.RevisionCreating, langsmith.RevisionQueued, langsmith.RevisionAwaitingBuild, langsmith.RevisionBuilding,
	langsmith.RevisionAwaitingDeploy, langsmith.RevisionDeploying, langsmith.RevisionCreateFailed, langsmith.RevisionBuildFailed,
	langsmith.RevisionDeployFailed, langsmith.RevisionDeployed, langsmith.RevisionSkipped, langsmith.RevisionInterrupted,
	langsmith.RevisionUnknown,
}

func newDeploymentRevisionsDataSource() datasource.DataSource {
	return &deploymentRevisionsDataSource{}
}

type deploymentRevisionsDataSource struct {
	data *providerData
}

type deploymentRevisionsDataSourceModel struct {
	WorkspaceID  types.String `tfsdk:"workspace_id"`
	DeploymentID types.String `tfsdk:"deployment_id"`
	Status       types.List   `tfsdk:"status"`
	Limit        types.Int64  `tfsdk:"limit"`
	Revisions    types.List   `tfsdk:"revisions"`
	IDs          types.List   `tfsdk:"ids"`
}

func (d *deploymentRevisionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_revisions"
}

func (d *deploymentRevisionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := revisionAttributes()
	item["id"] = dsString("Revision ID.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a deployment's revisions, newest first: for example the last `DEPLOYED` revision to " +
			"roll back to with `langsmith_deployment_redeploy`.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceArgument(),
			"deployment_id": schema.StringAttribute{
				MarkdownDescription: "ID of the deployment.",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"status": schema.ListAttribute{
				MarkdownDescription: "Only revisions with one of these statuses, such as `[\"DEPLOYED\"]`. All revisions when not set.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(revisionStatuses...)),
				},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: "At most this many revisions (the newest). All of them when not set.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"revisions": schema.ListNestedAttribute{
				MarkdownDescription: "The matching revisions, newest first.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the matching revisions, newest first.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *deploymentRevisionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *deploymentRevisionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deploymentRevisionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	statuses, diags := stringSlice(ctx, m.Status)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	depID := m.DeploymentID.ValueString()
	revs, err := d.data.clientFor(m.WorkspaceID.ValueString()).ListRevisions(ctx, depID, langsmith.ListRevisionsParams{Status: statuses, Limit: int(m.Limit.ValueInt64())})
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("deployment_id"), "LangSmith deployment not found",
			fmt.Sprintf("No deployment with ID %s exists in %s.", depID, workspaceLabel(d.data)))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith deployment revisions", errorDetail(d.data, "the revisions of deployment "+depID, err))
		return
	}
	items := make([]attr.Value, 0, len(revs))
	ids := make([]string, 0, len(revs))
	for i := range revs {
		obj, diags := types.ObjectValue(revisionAttrTypes(), revisionValues(&revs[i]))
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		items = append(items, obj)
		ids = append(ids, revs[i].ID)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: revisionAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Revisions = list
	m.IDs = stringList(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
