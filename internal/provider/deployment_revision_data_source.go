package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ datasource.DataSourceWithConfigure = (*deploymentRevisionDataSource)(nil)

func newDeploymentRevisionDataSource() datasource.DataSource { return &deploymentRevisionDataSource{} }

type deploymentRevisionDataSource struct {
	data *providerData
}

type deploymentRevisionDataSourceModel struct {
	WorkspaceID          types.String `tfsdk:"workspace_id"`
	DeploymentID         types.String `tfsdk:"deployment_id"`
	ID                   types.String `tfsdk:"id"`
	Status               types.String `tfsdk:"status"`
	StatusMessage        types.String `tfsdk:"status_message"`
	Source               types.String `tfsdk:"source"`
	CreatedAt            types.String `tfsdk:"created_at"`
	UpdatedAt            types.String `tfsdk:"updated_at"`
	SourceRevisionConfig types.Object `tfsdk:"source_revision_config"`
}

// revisionAttrTypes is one revision as an object, as listed by
// langsmith_deployment_revisions.
func revisionAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id": types.StringType, "status": types.StringType, "status_message": types.StringType, "source": types.StringType,
		"created_at": types.StringType, "updated_at": types.StringType,
		"source_revision_config": types.ObjectType{AttrTypes: reportedRevisionConfigAttrTypes()},
	}
}

// revisionAttributes are the computed attributes describing one revision,
// shared by both revision data sources.
func revisionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"status": dsString("Revision status: `CREATING`, `QUEUED`, `AWAITING_BUILD`, `BUILDING`, `AWAITING_DEPLOY`, `DEPLOYING`, " +
			"`DEPLOYED`, `CREATE_FAILED`, `BUILD_FAILED`, `DEPLOY_FAILED`, `SKIPPED`, `INTERRUPTED` or `UNKNOWN`. Older revisions " +
			"keep `DEPLOYED` after a newer one replaced them; the deployment's `active_revision_id` names the live one."),
		"status_message":         dsString("Why the revision failed, when the API says; null otherwise."),
		"source":                 dsString("Source the revision was built from, such as `github` or `external_docker`."),
		"created_at":             dsString("Creation time (RFC 3339)."),
		"updated_at":             dsString("Time of the last status change (RFC 3339)."),
		"source_revision_config": sourceRevisionConfigDataSourceAttribute("What the revision runs."),
	}
}

// revisionValues converts a revision into the values of revisionAttrTypes.
func revisionValues(r *langsmith.Revision) map[string]attr.Value {
	return map[string]attr.Value{
		"id":                     types.StringValue(r.ID),
		"status":                 types.StringValue(r.Status),
		"status_message":         types.StringPointerValue(r.StatusMessage),
		"source":                 types.StringValue(r.Source),
		"created_at":             timeValue(r.CreatedAt),
		"updated_at":             timeValue(r.UpdatedAt),
		"source_revision_config": sourceRevisionConfigValue(r.SourceRevisionConfig),
	}
}

func (d *deploymentRevisionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_revision"
}

func (d *deploymentRevisionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := revisionAttributes()
	attrs["workspace_id"] = workspaceArgument()
	attrs["deployment_id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the deployment the revision belongs to.",
		Required:            true,
		Validators:          []validator.String{uuidValidator()},
	}
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Revision ID, such as a deployment's `latest_revision_id`.",
		Required:            true,
		Validators:          []validator.String{uuidValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one revision of a deployment: its status and what it runs.",
		Attributes:          attrs,
	}
}

func (d *deploymentRevisionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *deploymentRevisionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deploymentRevisionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	depID, revID := m.DeploymentID.ValueString(), m.ID.ValueString()
	rev, err := d.data.clientFor(m.WorkspaceID.ValueString()).GetRevision(ctx, depID, revID)
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "LangSmith deployment revision not found",
			fmt.Sprintf("The API has no revision %s of deployment %s in %s: %s. Check both IDs; old revisions may be pruned.",
				revID, depID, workspaceLabel(d.data), err.Error()))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment revision", errorDetail(d.data, fmt.Sprintf("revision %s of deployment %s", revID, depID), err))
		return
	}
	m.Status = types.StringValue(rev.Status)
	m.StatusMessage = types.StringPointerValue(rev.StatusMessage)
	m.Source = types.StringValue(rev.Source)
	m.CreatedAt = timeValue(rev.CreatedAt)
	m.UpdatedAt = timeValue(rev.UpdatedAt)
	m.SourceRevisionConfig = sourceRevisionConfigValue(rev.SourceRevisionConfig)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
