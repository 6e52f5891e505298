package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*githubIntegrationsDataSource)(nil)

func newGithubIntegrationsDataSource() datasource.DataSource { return &githubIntegrationsDataSource{} }

type githubIntegrationsDataSource struct {
	data *providerData
}

type githubIntegrationsDataSourceModel struct {
	WorkspaceID  types.String `tfsdk:"workspace_id"`
	Integrations types.List   `tfsdk:"integrations"`
}

func githubIntegrationAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"id": types.StringType, "installation_id": types.Int64Type, "name": types.StringType}
}

func (d *githubIntegrationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_github_integrations"
}

func (d *githubIntegrationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the GitHub App installations connected to LangSmith. An integration's `id` is what " +
			"`source_config.integration_id` of a `github` deployment takes; `langsmith_github_repositories` lists its repositories.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceArgument(),
			"integrations": schema.ListNestedAttribute{
				MarkdownDescription: "The GitHub integrations, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              dsString("Integration ID (UUID), for `source_config.integration_id`."),
					"installation_id": schema.Int64Attribute{MarkdownDescription: "GitHub App installation ID.", Computed: true},
					"name":            dsString("GitHub account (user or organization) the app is installed on."),
				}},
			},
		},
	}
}

func (d *githubIntegrationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *githubIntegrationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ws := configWorkspace(ctx, req.Config)
	all, err := d.data.clientFor(ws).ListGithubIntegrations(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith GitHub integrations", errorDetail(d.data, "the GitHub integrations", err))
		return
	}
	items := make([]attr.Value, 0, len(all))
	for _, in := range all {
		items = append(items, types.ObjectValueMust(githubIntegrationAttrTypes(), map[string]attr.Value{
			"id": types.StringValue(in.ID), "installation_id": types.Int64Value(in.InstallationID), "name": types.StringValue(in.Name),
		}))
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: githubIntegrationAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &githubIntegrationsDataSourceModel{WorkspaceID: types.StringPointerValue(emptyToNil(ws)), Integrations: list})...)
}
