package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// workspaceArgument is the workspace_id argument of a workspace-scoped data
// source: the workspace to read in, sent as X-Tenant-Id; the provider's when
// left out.
func workspaceArgument() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "UUID of the workspace to read in, sent as `X-Tenant-Id`. Defaults to the provider's " +
			"`workspace_id` (or the API key's workspace).",
		Optional:   true,
		Validators: []validator.String{uuidValidator()},
	}
}

// configWorkspace reads a data source's workspace_id from its configuration.
func configWorkspace(ctx context.Context, cfg tfsdk.Config) string {
	var ws types.String
	cfg.GetAttribute(ctx, path.Root("workspace_id"), &ws)
	return ws.ValueString()
}

// workspaceLabelFor names the workspace requests act in, for messages.
func workspaceLabelFor(data *providerData, workspaceID string) string {
	if workspaceID != "" {
		return "workspace " + workspaceID
	}
	return workspaceLabel(data)
}
