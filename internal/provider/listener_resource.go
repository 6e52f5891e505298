package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ resource.ResourceWithConfigure   = (*listenerResource)(nil)
	_ resource.ResourceWithImportState = (*listenerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*listenerResource)(nil)
	_ resource.ResourceWithIdentity    = (*listenerResource)(nil) // identity.go
)

// listenerPolicy is the attribute policy table of langsmith_listener (see
// policy.go; contract §9).
var listenerPolicy = policyTable{
	{path: "id", kind: kindStableComputed},
	// The workspace: the provider's at create, then the state's for every
	// request; a changed value here replaces the listener.
	{path: "workspace_id", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer, empty: emptyRefused,
		normalise: lowerString, normaliseDesc: "UUIDs compared case-insensitively",
		matrix: &matrixValues{set: `"WORKSPACE_1"`, change: `"WORKSPACE_2"`, empty: `""`}},
	// compute_type and compute_id are immutable (§9).
	{path: "compute_type", kind: kindServerDefaulted, change: changeReplace, removal: removalDefault, empty: emptyRefused,
		def: func(string) attr.Value { return types.StringValue(listenerComputeTypeK8s) }},
	{path: "compute_id", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"mx-cluster"`, change: `"mx-cluster-2"`, empty: `""`}},
	// A null or empty namespace list allows any namespace; the API reports
	// [] as null.
	{path: "compute_config", kind: kindUserSet, change: changeInPlace, removal: removalClears, empty: emptyEqualsNull,
		matrix: &matrixValues{set: `{ k8s_namespaces = ["agents"] }`, change: `{ k8s_namespaces = ["agents", "batch"] }`, empty: `{}`}},
	{path: "compute_config.k8s_namespaces", kind: kindUserSet, change: changeInPlace, removal: removalClears, empty: emptyEqualsNull,
		matrix: &matrixValues{set: `["agents"]`, change: `["batch"]`, empty: `[]`}},
	{path: "version", kind: kindServerDefaulted, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused,
		matrix: &matrixValues{set: `"0.9.1"`, change: `"0.9.2"`, empty: `""`}},
	{path: "created_at", kind: kindStableComputed},
	{path: "updated_at", kind: kindVolatileComputed},
}

var listenerObjectType = sync.OnceValue(func() types.ObjectType { return objectTypeOf(context.Background(), &listenerResource{}) })

// listenerComputeTypeK8s is the only compute type the API knows (contract §9).
const listenerComputeTypeK8s = "k8s"

// k8sNamespacePattern is a Kubernetes namespace name: a DNS-1123 label.
var k8sNamespacePattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

func newListenerResource() resource.Resource { return &listenerResource{} }

type listenerResource struct {
	data *providerData
}

type listenerResourceModel struct {
	ID            types.String `tfsdk:"id"`
	WorkspaceID   types.String `tfsdk:"workspace_id"`
	ComputeType   types.String `tfsdk:"compute_type"`
	ComputeID     types.String `tfsdk:"compute_id"`
	ComputeConfig types.Object `tfsdk:"compute_config"`
	Version       types.String `tfsdk:"version"`
	CreatedAt     types.String `tfsdk:"created_at"`
	UpdatedAt     types.String `tfsdk:"updated_at"`
}

func listenerComputeConfigAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"k8s_namespaces": types.ListType{ElemType: types.StringType}}
}

func (r *listenerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listener"
}

func (r *listenerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A listener: the agent in a self-hosted or hybrid Kubernetes cluster that runs `external_docker` " +
			"deployments placed on it (see `source_config.listener_id` of `langsmith_deployment`). Only organizations on a " +
			"self-hosted Enterprise plan can create listeners. `version` and `compute_config` change in place; " +
			"`compute_type` and `compute_id` replace the listener.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Listener ID (UUID), the value `source_config.listener_id` of a deployment takes.",
				Computed:            true,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the workspace the listener belongs to, sent as `X-Tenant-Id` with its requests. " +
					"Defaults to the provider's `workspace_id` (or the API key's workspace) at create; afterwards the listener " +
					"stays in the workspace its state names, so changing the provider's `workspace_id` changes nothing, while " +
					"changing this attribute replaces the listener.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"compute_type": schema.StringAttribute{
				MarkdownDescription: "Kind of compute the listener runs on. Only `k8s` exists; defaults to `k8s`. Changing it replaces the listener.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(listenerComputeTypeK8s),
				Validators:          []validator.String{stringvalidator.OneOf(listenerComputeTypeK8s)},
			},
			"compute_id": schema.StringAttribute{
				MarkdownDescription: "Your name for the cluster, such as `prod-eu-1`; unique among the workspace's listeners. " +
					"Changing it replaces the listener.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"compute_config": schema.SingleNestedAttribute{
				MarkdownDescription: "Where in the cluster deployments may go. Changed in place.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"k8s_namespaces": schema.ListAttribute{
						MarkdownDescription: "Kubernetes namespaces deployments may be placed in (`source_config.listener_config.k8s_namespace` " +
							"of a deployment must be one of them). Null or empty allows any namespace. Changed in place; " +
							"deployments already placed in a namespace you remove keep running there.",
						ElementType: types.StringType,
						Optional:    true,
						Validators: []validator.List{
							listvalidator.UniqueValues(),
							listvalidator.ValueStringsAre(
								stringvalidator.LengthBetween(1, 63),
								stringvalidator.RegexMatches(k8sNamespacePattern, "must be a Kubernetes namespace name: lowercase "+
									"letters, digits and dashes, starting and ending with a letter or digit"),
							),
						},
					},
				},
			},
			"version": schema.StringAttribute{
				MarkdownDescription: "Version of the listener software the cluster runs, as reported by your installation. " +
					"Changed in place; when not set, the API's value is kept.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "Creation time (RFC 3339).",
				Computed:            true,
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "Last update time (RFC 3339).",
				Computed:            true,
			},
		},
	}
}

func (r *listenerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// k8sNamespaces returns the configured namespaces: nil when compute_config
// or its list is null, so the API stores null ("any namespace").
func (m listenerResourceModel) k8sNamespaces(ctx context.Context) ([]string, diag.Diagnostics) {
	if m.ComputeConfig.IsNull() || m.ComputeConfig.IsUnknown() {
		return nil, nil
	}
	list, ok := m.ComputeConfig.Attributes()["k8s_namespaces"].(types.List)
	if !ok || list.IsNull() || list.IsUnknown() {
		return nil, nil
	}
	out := []string{}
	diags := list.ElementsAs(ctx, &out, false)
	return out, diags
}

// listenerState builds state from the API's listener and prior (the plan
// after Create or Update, the previous state on Read; nil on import), row by
// row of listenerPolicy.
func listenerState(ctx context.Context, l *langsmith.Listener, prior map[string]attr.Value, workspaceID string) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	api := map[string]attr.Value{
		"id":           types.StringValue(l.ID),
		"workspace_id": types.StringPointerValue(emptyToNil(workspaceID)), // the API does not report it
		"compute_type": types.StringValue(l.ComputeType),
		"compute_id":   types.StringValue(l.ComputeID),
		"compute_config": types.ObjectValueMust(listenerComputeConfigAttrTypes(), map[string]attr.Value{
			"k8s_namespaces": stringList(l.ComputeConfig.K8sNamespaces),
		}),
		"version":    types.StringPointerValue(l.Version),
		"created_at": timeValue(l.CreatedAt),
		"updated_at": timeValue(l.UpdatedAt),
	}
	out, err := reconcileRows(ctx, listenerPolicy, "", api, prior, "")
	if err != nil {
		diags.AddError("Error converting LangSmith listener", err.Error())
	}
	return out, diags
}

// ModifyPlan plans from listenerPolicy.
func (r *listenerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planFromTable(ctx, listenerPolicy, listenerObjectType(), req, resp, workspaceDefault(r.data))
}

// setListenerState converts and writes the state of l.
func setListenerState(ctx context.Context, st *tfsdk.State, l *langsmith.Listener, prior tftypes.Value, workspaceID string) diag.Diagnostics {
	root, err := rootOf(ctx, listenerObjectType(), prior)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Error converting LangSmith listener", err.Error())
		return diags
	}
	out, diags := listenerState(ctx, l, root, workspaceID)
	if diags.HasError() {
		return diags
	}
	return setRoot(ctx, st, listenerObjectType(), out)
}

// stringList converts a slice to a list value; nil becomes null.
func stringList(items []string) types.List {
	if items == nil {
		return types.ListNull(types.StringType)
	}
	elems := make([]attr.Value, 0, len(items))
	for _, s := range items {
		elems = append(elems, types.StringValue(s))
	}
	return types.ListValueMust(types.StringType, elems)
}

func (r *listenerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan listenerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	namespaces, d := plan.k8sNamespaces(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := &langsmith.ListenerCreateRequest{
		ComputeType:   plan.ComputeType.ValueString(),
		ComputeID:     plan.ComputeID.ValueString(),
		ComputeConfig: langsmith.ListenerComputeConfig{K8sNamespaces: namespaces},
		Version:       stringPtr(plan.Version),
	}
	c := r.data.clientFor(plan.WorkspaceID.ValueString())
	l, err := c.CreateListener(ctx, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, listenerPolicy, "Error creating LangSmith listener", r.createErrorDetail(ctx, c, body.ComputeID, err), err)
		return
	}
	tflog.Info(ctx, "created LangSmith listener", map[string]any{"listener_id": l.ID, "compute_id": l.ComputeID})
	resp.Diagnostics.Append(setListenerState(ctx, &resp.State, l, req.Plan.Raw, c.TenantID())...)
	resp.Diagnostics.Append(setWorkspaceIdentity(ctx, resp.Identity, resp.State, r.data)...) // identity.go
}

// createErrorDetail explains a refused POST in the user's terms: a 403 means
// the organization's plan has no listeners, a 409 that the compute_id is
// taken, in which case the existing listener's ID is looked up for the
// import command.
func (r *listenerResource) createErrorDetail(ctx context.Context, c *langsmith.Client, computeID string, err error) string {
	detail := errorDetail(r.data, fmt.Sprintf("new listener for compute_id %q", computeID), err)
	var other *langsmith.ExistingObjectError
	if errors.As(err, &other) {
		return fmt.Sprintf("The create's answer was lost, and the listener for compute_id %q in this workspace (ID %s) is not the "+
			"one this request created, so Terraform did not take it over. Import it with terraform import "+
			"<resource address> %s, or choose another compute_id.\n\n%s", computeID, other.ID, other.ID, detail)
	}
	switch langsmith.StatusCode(err) {
	case 403:
		return fmt.Sprintf("Listeners can only be created in organizations on a self-hosted Enterprise plan; %s is not. "+
			"Check that the provider points at the intended workspace, or deploy with source \"github\" on LangSmith Cloud.\n\n%s",
			workspaceLabel(r.data), detail)
	case 409:
		msg := fmt.Sprintf("A listener for compute_id %q already exists in this workspace", computeID)
		all, lookupErr := c.ListListeners(ctx)
		for _, l := range all {
			if lookupErr == nil && l.ComputeID == computeID {
				return msg + fmt.Sprintf(" (ID %s); import it with terraform import langsmith_listener.<name> %s, "+
					"or choose another compute_id.\n\n%s", l.ID, l.ID, detail)
			}
		}
		return msg + "; import it with terraform import langsmith_listener.<name> <id> (the langsmith_listeners data " +
			"source lists the IDs), or choose another compute_id.\n\n" + detail
	}
	return detail
}

// Read refreshes the listener; a 404 removes it from state so the next plan
// creates it again.
func (r *listenerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer readWorkspaceIdentity(ctx, r.data, req.State, resp) // identity.go
	var state listenerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	c := r.data.clientFor(state.WorkspaceID.ValueString())
	l, err := c.GetListener(ctx, id)
	if langsmith.IsNotFound(err) {
		tflog.Warn(ctx, "LangSmith listener not found; removing it from state", map[string]any{"listener_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith listener", errorDetail(r.data, "listener "+id, err))
		return
	}
	resp.Diagnostics.Append(setListenerState(ctx, &resp.State, l, req.State.Raw, c.TenantID())...)
}

// Update PATCHes version and compute_config; both change in place.
func (r *listenerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state listenerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	patch := &langsmith.ListenerPatchRequest{}
	if !plan.Version.IsUnknown() && !plan.Version.Equal(state.Version) {
		patch.Version = stringPtr(plan.Version)
	}
	if !plan.ComputeConfig.Equal(state.ComputeConfig) {
		namespaces, d := plan.k8sNamespaces(ctx)
		resp.Diagnostics.Append(d...)
		if resp.Diagnostics.HasError() {
			return
		}
		patch.ComputeConfig = &langsmith.ListenerComputeConfig{K8sNamespaces: namespaces}
	}
	id := state.ID.ValueString()
	c := r.data.clientFor(state.WorkspaceID.ValueString())
	l, err := c.PatchListener(ctx, id, patch)
	if err != nil {
		addAPIError(&resp.Diagnostics, listenerPolicy, "Error updating LangSmith listener", errorDetail(r.data, "listener "+id, err), err)
		return
	}
	resp.Diagnostics.Append(setListenerState(ctx, &resp.State, l, req.Plan.Raw, c.TenantID())...)
	resp.Diagnostics.Append(setWorkspaceIdentity(ctx, resp.Identity, resp.State, r.data)...) // identity.go
}

// Delete removes the listener; a 404 counts as success, so destroy stays
// idempotent. First it lists the workspace's deployments (listener_delete.go):
// while any active one names the listener, the destroy fails with their names
// and IDs and sends no DELETE; deployments being deleted are waited for
// briefly. A DELETE the API still refuses (409, 400) is reported with the
// API's own reason and the deployments found then.
func (r *listenerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state listenerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	computeID := state.ComputeID.ValueString()
	c := r.data.clientFor(state.WorkspaceID.ValueString())
	users, err := findListenerUsers(ctx, c, id)
	switch {
	case err != nil:
		// The check is a courtesy: the API has the last word on the DELETE.
		tflog.Warn(ctx, "could not list deployments to check whether they use the listener; deleting it anyway",
			map[string]any{"listener_id": id, "error": err.Error()})
	case len(users.active) > 0:
		if _, err := c.GetListener(ctx, id); langsmith.IsNotFound(err) {
			// Deleted elsewhere already: nothing left to refuse.
			tflog.Info(ctx, "LangSmith listener already gone", map[string]any{"listener_id": id})
			return
		}
		resp.Diagnostics.AddError("Error deleting LangSmith listener", listenerInUseDetail(id, computeID, users.active))
		return
	case len(users.deleting) > 0:
		if err := waitListenerUsersGone(ctx, r.data.schedule(), c, id, users.deleting); err != nil {
			resp.Diagnostics.AddError("Error deleting LangSmith listener", errorDetail(r.data, "listener "+id, err)+
				"\n\nThe listener was not deleted: Terraform was waiting for these deployments, which are being deleted and "+
				"still use it, to be gone:"+describeDeployments(users.deleting))
			return
		}
	}
	err = c.DeleteListener(ctx, id)
	if langsmith.IsNotFound(err) {
		tflog.Info(ctx, "LangSmith listener already gone", map[string]any{"listener_id": id})
		return
	}
	if err != nil {
		detail := errorDetail(r.data, "listener "+id, err)
		if status := langsmith.StatusCode(err); status == 409 || status == 400 {
			detail += fmt.Sprintf("\n\nThe API refused to delete listener %s (compute_id %q).", id, computeID)
			if again, lookupErr := findListenerUsers(ctx, c, id); lookupErr == nil && len(again.active)+len(again.deleting) > 0 {
				detail += " These deployments still use it:" + describeDeployments(append(again.active, again.deleting...))
			}
			detail += "\nDelete or move the deployments that use the listener first, then destroy it again."
		}
		resp.Diagnostics.AddError("Error deleting LangSmith listener", detail)
	}
}

// ImportState takes the listener ID, checked to be a UUID before any API call.
func (r *listenerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	req.ID = importIDFromIdentity(ctx, req, &resp.Diagnostics) // an import by identity (identity.go)
	workspaceID, id, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a listener import ID: give the listener's ID, such as 123e4567-e89b-12d3-a456-426614174000 "+
				"(the langsmith_listeners data source lists them), or <workspace_id>/<listener_id>.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if workspaceID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("workspace_id"), strings.ToLower(workspaceID))...)
	}
	resp.Diagnostics.Append(setImportedIdentity(ctx, resp.Identity, resp.Private, r.data, workspaceID, id)...) // identity.go
}
