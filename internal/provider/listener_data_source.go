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

var _ datasource.DataSourceWithConfigure = (*listenerDataSource)(nil)

func newListenerDataSource() datasource.DataSource { return &listenerDataSource{} }

type listenerDataSource struct {
	data *providerData
}

// listenerAttrTypes is one listener as an object, as listed by langsmith_listeners.
func listenerAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id": types.StringType, "compute_type": types.StringType, "compute_id": types.StringType,
		"compute_config": types.ObjectType{AttrTypes: listenerComputeConfigAttrTypes()},
		"version":        types.StringType, "created_at": types.StringType, "updated_at": types.StringType,
	}
}

// listenerAttributes are the computed attributes describing one listener.
func listenerAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"compute_type": dsString("Kind of compute the listener runs on (`k8s`)."),
		"compute_id":   dsString("Your name for the cluster, unique among the workspace's listeners."),
		"compute_config": schema.SingleNestedAttribute{
			MarkdownDescription: "Where in the cluster deployments may go.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"k8s_namespaces": schema.ListAttribute{
					MarkdownDescription: "Kubernetes namespaces deployments may be placed in; null or empty allows any.",
					ElementType:         types.StringType,
					Computed:            true,
				},
			},
		},
		"version":    dsString("Version of the listener software, when reported."),
		"created_at": dsString("Creation time (RFC 3339)."),
		"updated_at": dsString("Last update time (RFC 3339)."),
	}
}

// listenerValues converts a listener into the values of listenerAttrTypes.
// compute_config is always an object here; its list is null when the API
// says null.
func listenerValues(l *langsmith.Listener) map[string]attr.Value {
	return map[string]attr.Value{
		"id":           types.StringValue(l.ID),
		"compute_type": types.StringValue(l.ComputeType),
		"compute_id":   types.StringValue(l.ComputeID),
		"compute_config": types.ObjectValueMust(listenerComputeConfigAttrTypes(),
			map[string]attr.Value{"k8s_namespaces": stringList(l.ComputeConfig.K8sNamespaces)}),
		"version":    types.StringPointerValue(l.Version),
		"created_at": timeValue(l.CreatedAt),
		"updated_at": timeValue(l.UpdatedAt),
	}
}

func (d *listenerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listener"
}

func (d *listenerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := listenerAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Listener ID (UUID).",
		Required:            true,
		Validators:          []validator.String{uuidValidator()},
	}
	attrs["workspace_id"] = workspaceArgument()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one listener (self-hosted or hybrid cluster agent) by ID, for example to check the " +
			"namespaces an `external_docker` deployment may use.",
		Attributes: attrs,
	}
}

func (d *listenerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *listenerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws := configWorkspace(ctx, req.Config)
	l, err := d.data.clientFor(ws).GetListener(ctx, id.ValueString())
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "LangSmith listener not found",
			fmt.Sprintf("No listener with ID %s exists in %s.", id.ValueString(), workspaceLabelFor(d.data, ws)))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith listener", errorDetail(d.data, "listener "+id.ValueString(), err))
		return
	}
	attrTypes, values := listenerAttrTypes(), listenerValues(l)
	attrTypes["workspace_id"], values["workspace_id"] = types.StringType, types.StringPointerValue(emptyToNil(ws))
	obj, diags := types.ObjectValue(attrTypes, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, obj)...)
}
