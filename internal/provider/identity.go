package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identity (Terraform 1.12 and newer): the identity of a
// deployment or listener is its ID and the workspace it belongs to; that of
// an OAuth provider is its provider_id, which is also what import takes.
//
// Terraform refuses an identity that changes once it is stored, so it is
// written once: by the first Create, Read or Update that finds none (state
// written by older versions of the provider gains it on the next refresh),
// or by ImportState from what the import names (completed by the Read right
// after it). Later calls keep it as it is. The workspace comes from the
// object's state (the API's tenant_id for a deployment), else from the
// provider's workspace_id.

// workspaceIdentityModel is the identity of langsmith_deployment and
// langsmith_listener.
type workspaceIdentityModel struct {
	ID          types.String `tfsdk:"id"`
	WorkspaceID types.String `tfsdk:"workspace_id"`
}

// oauthProviderIdentityModel is the identity of langsmith_oauth_provider.
type oauthProviderIdentityModel struct {
	ProviderID types.String `tfsdk:"provider_id"`
}

func workspaceIdentitySchema(noun string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       fmt.Sprintf("ID of the %s (UUID), the ID that terraform import takes.", noun),
				RequiredForImport: true,
			},
			"workspace_id": identityschema.StringAttribute{
				Description: fmt.Sprintf("UUID of the LangSmith workspace the %s belongs to (its workspace_id). Optional "+
					"for import: the %s is looked up in this workspace, by default in the provider's.", noun, noun),
				OptionalForImport: true,
			},
		},
	}
}

func (r *deploymentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = workspaceIdentitySchema("deployment")
}

func (r *listenerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = workspaceIdentitySchema("listener")
}

func (r *oauthProviderResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"provider_id": identityschema.StringAttribute{
				Description:       "The provider_id of the OAuth provider, the ID that terraform import takes.",
				RequiredForImport: true,
			},
		},
	}
}

// setWorkspaceIdentity gives identity (a response's, pre-filled with the
// stored identity) the deployment's or listener's ID and workspace from st,
// unless it already holds one: an identity never changes.
func setWorkspaceIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, st tfsdk.State, data *providerData) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() || st.Raw.IsNull() {
		return nil
	}
	var id types.String
	diags := st.GetAttribute(ctx, path.Root("id"), &id)
	if diags.HasError() || !isSet(id) {
		return diags
	}
	m := workspaceIdentityModel{ID: id, WorkspaceID: stateWorkspaceID(ctx, st)}
	if m.WorkspaceID.IsNull() && data != nil && data.workspaceID != "" {
		m.WorkspaceID = types.StringValue(strings.ToLower(data.workspaceID))
	}
	diags.Append(identity.Set(ctx, m)...)
	return diags
}

// stateWorkspaceID is the workspace_id an object's state holds (for a
// deployment, the API's tenant_id), lower-cased; null when it has none.
func stateWorkspaceID(ctx context.Context, st tfsdk.State) types.String {
	var v types.String
	if d := st.GetAttribute(ctx, path.Root("workspace_id"), &v); d.HasError() || !isSet(v) {
		return types.StringNull()
	}
	return types.StringValue(strings.ToLower(v.ValueString()))
}

// setOAuthProviderIdentity is setWorkspaceIdentity for an OAuth provider.
func setOAuthProviderIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, st tfsdk.State) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() || st.Raw.IsNull() {
		return nil
	}
	var providerID types.String
	diags := st.GetAttribute(ctx, path.Root("provider_id"), &providerID)
	if diags.HasError() || !isSet(providerID) {
		return diags
	}
	diags.Append(identity.Set(ctx, oauthProviderIdentityModel{ProviderID: providerID})...)
	return diags
}

// identityImport returns what an import names: for an import block with an
// identity (Terraform 1.12+: `identity = { id = ..., workspace_id = ... }`)
// its id and workspace_id, for an import by ID string that string and no
// workspace.
func identityImport(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (id, workspaceID string) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return req.ID, ""
	}
	var m workspaceIdentityModel
	diags.Append(req.Identity.Get(ctx, &m)...)
	return m.ID.ValueString(), m.WorkspaceID.ValueString()
}

// importIDFromIdentity turns the identity of an import block into the
// deployment's import ID string, "<id>" or "<workspace_id>/<id>", so both
// ways of importing are parsed and checked the same way. An import by ID
// string returns it as it is.
func importIDFromIdentity(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	id, workspaceID := identityImport(ctx, req, diags)
	if workspaceID == "" {
		return id
	}
	return workspaceID + "/" + id
}

// providerIDFromIdentity is importIDFromIdentity for an OAuth provider.
func providerIDFromIdentity(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return req.ID
	}
	var m oauthProviderIdentityModel
	diags.Append(req.Identity.Get(ctx, &m)...)
	return m.ProviderID.ValueString()
}

// privateIdentityPending marks, in private state, an import that named no
// workspace: the Read that follows it completes the identity from what the
// API reports (Terraform allows the identity to change only then).
const privateIdentityPending = "identity_pending"

// setImportedIdentity records the identity an import names: the ID and the
// workspace the import gave, else the provider's. Terraform wants an identity
// from every import; when neither names a workspace, the identity holds none
// for now and private state asks the next Read to complete it
// (readWorkspaceIdentity).
func setImportedIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, private privateSetter, data *providerData, workspaceID, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	if workspaceID == "" && data != nil {
		workspaceID = data.workspaceID
	}
	m := workspaceIdentityModel{ID: types.StringValue(strings.ToLower(id)), WorkspaceID: types.StringNull()}
	var diags diag.Diagnostics
	if workspaceID != "" {
		m.WorkspaceID = types.StringValue(strings.ToLower(workspaceID))
	} else if private != nil {
		diags.Append(private.SetKey(ctx, privateIdentityPending, []byte("true"))...)
	}
	diags.Append(identity.Set(ctx, m)...)
	return diags
}

// readWorkspaceIdentity sets the identity of a deployment or listener at the
// end of its Read (deferred at the start, so it runs on every return): from
// the state just read, or from the prior state when the Read removed the
// object (Terraform wants an identity even then, and state written by older
// versions of the provider has none). Right after an import that left the
// workspace open, it writes the identity anew from the state just read (the
// API's tenant_id, or the workspace the request went to) and clears the mark.
func readWorkspaceIdentity(ctx context.Context, data *providerData, prior tfsdk.State, resp *resource.ReadResponse) {
	st := resp.State
	if st.Raw.IsNull() {
		st = prior
	} else if resp.Identity != nil && resp.Private != nil {
		pending, d := resp.Private.GetKey(ctx, privateIdentityPending)
		resp.Diagnostics.Append(d...)
		if len(pending) > 0 {
			resp.Identity.Raw = tftypes.NewValue(resp.Identity.Schema.Type().TerraformType(ctx), nil)
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateIdentityPending, nil)...)
		}
	}
	resp.Diagnostics.Append(setWorkspaceIdentity(ctx, resp.Identity, st, data)...)
}

// readOAuthProviderIdentity is readWorkspaceIdentity for an OAuth provider.
func readOAuthProviderIdentity(ctx context.Context, prior tfsdk.State, resp *resource.ReadResponse) {
	st := resp.State
	if st.Raw.IsNull() {
		st = prior
	}
	resp.Diagnostics.Append(setOAuthProviderIdentity(ctx, resp.Identity, st)...)
}

// setImportedProviderID records the identity of an imported OAuth provider.
func setImportedProviderID(ctx context.Context, identity *tfsdk.ResourceIdentity, providerID string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, oauthProviderIdentityModel{ProviderID: types.StringValue(providerID)})
}
