package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
	WorkspaceID    types.String `tfsdk:"workspace_id"`
	Name           types.String `tfsdk:"name"`
	NameContains   types.String `tfsdk:"name_contains"`
	Status         types.String `tfsdk:"status"`
	DeploymentType types.String `tfsdk:"deployment_type"`
	ImageVersion   types.String `tfsdk:"image_version"`
	DeploymentIDs  types.List   `tfsdk:"deployment_ids"`
	TagValueIDs    types.List   `tfsdk:"tag_value_ids"`
	URL            types.String `tfsdk:"url"`
	Deployments    types.List   `tfsdk:"deployments"`
	IDs            types.List   `tfsdk:"ids"`
}

func deploymentSummaryAttrTypes() map[string]attr.Type {
	t := map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "source": types.StringType, "status": types.StringType,
		"display_name": types.StringType, "url": types.StringType, "latest_revision_id": types.StringType,
		"active_revision_id": types.StringType, "created_at": types.StringType, "updated_at": types.StringType,
		"deployment_type": types.StringType,
	}
	for name, a := range deploymentSettingsAttributes() {
		t[name] = a.GetType()
	}
	return t
}

// deploymentSettingsAttributes are the tier and flag attributes (contract
// §4.1, S3) both deployment data sources report, computed. Older servers
// omit them: the tiers are then null and the flags false, the API's default.
func deploymentSettingsAttributes() map[string]schema.Attribute {
	flag := func(desc string) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: desc + " `false` when the API does not report it.", Computed: true}
	}
	return map[string]schema.Attribute{
		"deployment_tier":       dsString("Fixed tier of the deployment: " + quotedList(langsmith.DeploymentTiers) + "; null when none is selected."),
		"compute_tier":          dsString("Compute tier, one of the `deployment_tier` values; on older deployments the API reports `deployment_tier`'s."),
		"database_tier":         dsString("Database tier, for dedicated deployments (`DEDICATED_*`); null for serverless ones."),
		"shareable":             flag("Whether the deployment can be shared with LangSmith users outside the organisation."),
		"route_through_gateway": flag("Whether the deployment's OpenAI and Anthropic calls go through the LangSmith LLM gateway."),
		"is_preview":            flag("Whether this is a preview-build deployment."),
		"is_managed_deep_agent": flag("Whether LangSmith manages the deployment as a deep agent."),
	}
}

// deploymentSettingsValues are the values of deploymentSettingsAttributes
// for dep.
func deploymentSettingsValues(dep *langsmith.Deployment) map[string]attr.Value {
	flag := func(b *bool) types.Bool { return types.BoolValue(b != nil && *b) }
	return map[string]attr.Value{
		"deployment_tier":       types.StringPointerValue(dep.DeploymentTier),
		"compute_tier":          types.StringPointerValue(dep.ComputeTier),
		"database_tier":         types.StringPointerValue(dep.DatabaseTier),
		"shareable":             flag(dep.Shareable),
		"route_through_gateway": flag(dep.RouteThroughGateway),
		"is_preview":            flag(dep.IsPreview),
		"is_managed_deep_agent": flag(dep.IsManagedDeepAgent),
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
			"workspace_id": workspaceArgument(),
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the deployment with exactly this name (case-sensitive). For servers too old to " +
					"filter by exact name it is also sent as `name_contains` (unless that is set), and the list is filtered " +
					"exactly here.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtMost(deploymentNameMaxLength),
					stringvalidator.RegexMatches(deploymentNamePattern, "must contain only lowercase letters, digits and dashes, "+
						"and start with a letter (for example \"support-agent\")"),
				},
			},
			"deployment_ids": schema.ListAttribute{
				MarkdownDescription: "Only deployments with one of these IDs (UUIDs).",
				ElementType:         types.StringType,
				Optional:            true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(uuidValidator()),
				},
			},
			"tag_value_ids": schema.ListAttribute{
				MarkdownDescription: "Only deployments tagged with these resource tag values (UUIDs of tag values, as the " +
					"LangSmith UI and API show them). How several combine is the server's rule; the test mock requires " +
					"all of them.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(uuidValidator()),
				},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "Only the deployment serving at exactly this URL (the `url` of `deployments`). Servers too " +
					"old to filter by URL ignore it, so the list is also filtered here.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(urlPattern, "must be an absolute http(s) URL such as \"https://support-agent-1a2b3c.us.langgraph.app\""),
				},
			},
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
				NestedObject: schema.NestedAttributeObject{Attributes: withDeploymentSettings(map[string]schema.Attribute{
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
				})},
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
		Name:           m.Name.ValueString(),
		NameContains:   m.NameContains.ValueString(),
		Status:         m.Status.ValueString(),
		DeploymentType: m.DeploymentType.ValueString(),
		ImageVersion:   m.ImageVersion.ValueString(),
		URL:            m.URL.ValueString(),
	}
	// Servers without the exact name filter (before S3) narrow by substring.
	if params.NameContains == "" {
		params.NameContains = params.Name
	}
	resp.Diagnostics.Append(m.DeploymentIDs.ElementsAs(ctx, &params.DeploymentIDs, false)...)
	resp.Diagnostics.Append(m.TagValueIDs.ElementsAs(ctx, &params.TagValueIDs, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.data.clientFor(m.WorkspaceID.ValueString()).ListDeployments(ctx, params)
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith deployments", errorDetail(d.data, "the deployments of "+workspaceLabel(d.data), err))
		return
	}
	objType := types.ObjectType{AttrTypes: deploymentSummaryAttrTypes()}
	items := make([]attr.Value, 0, len(all))
	ids := make([]string, 0, len(all))
	for i := range all {
		dep := &all[i]
		url := firstNonNil(dep.URL, dep.SourceConfig.CustomURL)
		// name and url are S3 filters an older server ignores: applied
		// here as well, so the result is the same on every server.
		if params.Name != "" && dep.Name != params.Name || params.URL != "" && (url == nil || *url != params.URL) {
			continue
		}
		vals := deploymentSettingsValues(dep)
		for k, v := range map[string]attr.Value{
			"id":                 types.StringValue(dep.ID),
			"name":               types.StringValue(dep.Name),
			"source":             types.StringValue(dep.Source),
			"status":             types.StringValue(dep.Status),
			"display_name":       types.StringPointerValue(dep.DisplayName),
			"url":                types.StringPointerValue(url),
			"latest_revision_id": types.StringPointerValue(dep.LatestRevisionID),
			"active_revision_id": types.StringPointerValue(dep.ActiveRevisionID),
			"created_at":         timeValue(dep.CreatedAt),
			"updated_at":         timeValue(dep.UpdatedAt),
			"deployment_type":    types.StringPointerValue(dep.SourceConfig.DeploymentType),
		} {
			vals[k] = v
		}
		obj, diags := types.ObjectValue(deploymentSummaryAttrTypes(), vals)
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

// withDeploymentSettings returns attrs with deploymentSettingsAttributes
// added.
func withDeploymentSettings(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	for name, a := range deploymentSettingsAttributes() {
		attrs[name] = a
	}
	return attrs
}
