package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*listenersDataSource)(nil)

func newListenersDataSource() datasource.DataSource { return &listenersDataSource{} }

type listenersDataSource struct {
	data *providerData
}

type listenersDataSourceModel struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	Listeners   types.List   `tfsdk:"listeners"`
	IDs         types.List   `tfsdk:"ids"`
}

func (d *listenersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listeners"
}

func (d *listenersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := listenerAttributes()
	item["id"] = dsString("Listener ID (UUID).")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every listener of the workspace, newest first, reading every page of the API's list.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceArgument(),
			"listeners": schema.ListNestedAttribute{
				MarkdownDescription: "The workspace's listeners.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "IDs of the listeners, in the same order as `listeners`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *listenersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *listenersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ws := configWorkspace(ctx, req.Config)
	all, err := d.data.clientFor(ws).ListListeners(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith listeners", errorDetail(d.data, "the listeners of "+workspaceLabel(d.data), err))
		return
	}
	items := make([]attr.Value, 0, len(all))
	ids := make([]string, 0, len(all))
	for i := range all {
		obj, diags := types.ObjectValue(listenerAttrTypes(), listenerValues(&all[i]))
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		items = append(items, obj)
		ids = append(ids, all[i].ID)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: listenerAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &listenersDataSourceModel{WorkspaceID: types.StringPointerValue(emptyToNil(ws)), Listeners: list, IDs: stringList(ids)})...)
}
