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

var _ datasource.DataSourceWithConfigure = (*githubRepositoriesDataSource)(nil)

func newGithubRepositoriesDataSource() datasource.DataSource { return &githubRepositoriesDataSource{} }

type githubRepositoriesDataSource struct {
	data *providerData
}

type githubRepositoriesDataSourceModel struct {
	WorkspaceID   types.String `tfsdk:"workspace_id"`
	IntegrationID types.String `tfsdk:"integration_id"`
	Repositories  types.List   `tfsdk:"repositories"`
}

func githubRepositoryAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id": types.Int64Type, "name": types.StringType, "owner": types.StringType, "url": types.StringType,
		"default_branch": types.StringType, "host_integration_id": types.StringType,
	}
}

func (d *githubRepositoriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_github_repositories"
}

func (d *githubRepositoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the repositories a GitHub integration can access. A repository's `url` is what " +
			"`source_config.repo_url` of a `github` deployment takes, and its `default_branch` a sensible `repo_ref`.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceArgument(),
			"integration_id": schema.StringAttribute{
				MarkdownDescription: "ID of the GitHub integration (see `langsmith_github_integrations`).",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"repositories": schema.ListNestedAttribute{
				MarkdownDescription: "The repositories, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                  schema.Int64Attribute{MarkdownDescription: "GitHub repository ID.", Computed: true},
					"name":                dsString("Repository name, without the owner."),
					"owner":               dsString("Account that owns the repository."),
					"url":                 dsString("Repository URL, for `source_config.repo_url`."),
					"default_branch":      dsString("Default branch, a sensible `source_revision_config.repo_ref`."),
					"host_integration_id": dsString("ID of the integration the repository is reached through."),
				}},
			},
		},
	}
}

func (d *githubRepositoriesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *githubRepositoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m githubRepositoriesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.IntegrationID.ValueString()
	repos, err := d.data.clientFor(m.WorkspaceID.ValueString()).ListGithubRepositories(ctx, id)
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("integration_id"), "LangSmith GitHub integration not found",
			fmt.Sprintf("No GitHub integration with ID %s is connected (%s). The langsmith_github_integrations data source lists "+
				"the connected ones.", id, err.Error()))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith GitHub repositories", errorDetail(d.data, "GitHub integration "+id, err))
		return
	}
	items := make([]attr.Value, 0, len(repos))
	for _, r := range repos {
		items = append(items, types.ObjectValueMust(githubRepositoryAttrTypes(), map[string]attr.Value{
			"id": types.Int64Value(r.ID), "name": types.StringValue(r.Name), "owner": types.StringValue(r.Owner),
			"url": types.StringValue(r.URL), "default_branch": types.StringValue(r.DefaultBranch),
			"host_integration_id": types.StringValue(r.HostIntegrationID),
		}))
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: githubRepositoryAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Repositories = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
