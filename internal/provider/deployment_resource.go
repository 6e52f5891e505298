package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ resource.ResourceWithConfigure      = (*deploymentResource)(nil)
	_ resource.ResourceWithImportState    = (*deploymentResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*deploymentResource)(nil)
	_ resource.ResourceWithValidateConfig = (*deploymentResource)(nil)
)

const defaultDeploymentTimeout = 30 * time.Minute

func newDeploymentResource() resource.Resource { return &deploymentResource{} }

type deploymentResource struct {
	data *providerData
}

func (r *deploymentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

func (r *deploymentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema(ctx)
}

func (r *deploymentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *deploymentResource) hashKey() []byte {
	if r.data == nil {
		return nil
	}
	return r.data.woHashKey
}

// setState writes a state built by deploymentState.
func setState(ctx context.Context, st *tfsdk.State, root map[string]attr.Value) diag.Diagnostics {
	return setRoot(ctx, st, deploymentObjectType(), root)
}

func (r *deploymentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	wo, d := readWriteOnly(ctx, req.Config)
	resp.Diagnostics.Append(d...)
	planRoot, err := rootOf(ctx, deploymentObjectType(), req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Error creating LangSmith deployment", err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.secretsOf(ctx, append(mapValues(plan.Secrets), valuesOf(wo.values)...)...)
	timeout, d := plan.Timeouts.Create(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body, d := plan.createRequest(ctx, wo.values)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client
	dep, err := c.CreateDeployment(ctx, body)
	var holder *langsmith.Deployment // the deployment holding the name, after a 409
	if langsmith.IsConflict(err) {
		var waited bool
		if holder, waited = r.waitOutDeletion(ctx, body.Name); waited {
			dep, err = c.CreateDeployment(ctx, body)
			holder = nil
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("Error creating LangSmith deployment", r.createErrorDetail(ctx, body.Name, err, holder))
		return
	}
	tflog.Info(ctx, "created LangSmith deployment", map[string]any{"deployment_id": dep.ID, "revision_id": deref(dep.LatestRevisionID)})

	// From here on the deployment exists: its ID goes to state before any
	// other step, so a later failure taints it instead of orphaning it.
	sc := stateContext{woNames: wo.names(), woValues: wo.values, hashKey: r.hashKey(), latestStatus: types.StringNull()}
	state, d := deploymentState(ctx, dep, planRoot, sc)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	resp.Diagnostics.Append(saveWONames(ctx, resp.Private, sc.woNames)...)
	resp.Diagnostics.Append(saveObserved(ctx, resp.Private, dep)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var displayErr error
	if name := stringPtr(plan.DisplayName); name != nil {
		patched, err := c.PatchDeployment(ctx, dep.ID, &langsmith.DeploymentPatchRequest{DisplayName: name})
		if err != nil {
			displayErr = err // reported once the revision is up, see below
		} else {
			dep = patched
		}
	}

	final, ok := r.waitAndRefresh(ctx, dep, planRoot, state, sc, "creating", resp.Private, &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if displayErr != nil {
		// The deployment is up; only its display name is missing. The
		// error taints it, so say how to keep it.
		final["display_name"] = types.StringNull()
		resp.Diagnostics.Append(setState(ctx, &resp.State, final)...)
		resp.Diagnostics.AddError("Error setting LangSmith deployment display_name",
			errorDetail(r.data, "deployment "+dep.ID, displayErr)+"\n\nThe deployment was created and its revision is DEPLOYED; "+
				"only display_name could not be set. Terraform marks the deployment tainted, and a tainted deployment is "+
				"replaced on the next apply, which (unless delete_tracing_project was true) fails because the name stays "+
				"reserved. To keep it, run terraform untaint <address>, then terraform apply sets display_name in place.")
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, final)...)
}

// waitAndRefresh waits for the deployment's latest revision and reads the
// deployment back. On failure it records what is known in st and reports
// the error; ok is false then.
func (r *deploymentResource) waitAndRefresh(ctx context.Context, dep *langsmith.Deployment, planRoot, state map[string]attr.Value,
	sc stateContext, verb string, private privateSetter, st *tfsdk.State, diags *diag.Diagnostics,
) (map[string]attr.Value, bool) {
	c := r.data.client
	revisionID := deref(dep.LatestRevisionID)
	if revisionID == "" {
		latest, err := c.LatestRevision(ctx, dep.ID)
		if err != nil {
			diags.AddError("Error "+verb+" LangSmith deployment", errorDetail(r.data, "the revisions of deployment "+dep.ID, err))
			return state, false
		}
		if latest == nil {
			diags.AddError("Error "+verb+" LangSmith deployment",
				fmt.Sprintf("The API reported no revision for deployment %s, so there is nothing to wait for. This is unexpected; "+
					"check the deployment in the LangSmith UI.", dep.ID))
			return state, false
		}
		revisionID = latest.ID
	}
	state["latest_revision_id"] = types.StringValue(revisionID)

	rev, err := waitForRevision(ctx, c, dep.ID, revisionID)
	state["latest_revision_status"] = types.StringNull()
	if rev != nil {
		state["latest_revision_status"] = types.StringValue(rev.Status)
	}
	if err != nil {
		diags.Append(setState(ctx, st, state)...)
		diags.AddError("Error "+verb+" LangSmith deployment", r.waitErrorDetail(dep.ID, revisionID, verb, err))
		return state, false
	}

	final, err := c.GetDeployment(ctx, dep.ID)
	if err != nil {
		diags.Append(setState(ctx, st, state)...)
		diags.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+dep.ID, err)+
			"\n\nRevision "+revisionID+" is "+rev.Status+"; run terraform apply again to refresh the rest of the state.")
		return state, false
	}
	sc.latestStatus = types.StringValue(rev.Status)
	if deref(final.LatestRevisionID) != revisionID {
		// Someone (or build_on_push) started a newer revision meanwhile.
		sc.latestStatus = types.StringNull()
		if deref(final.LatestRevisionID) == deref(final.ActiveRevisionID) {
			sc.latestStatus = types.StringValue(langsmith.RevisionDeployed)
		}
	}
	out, d := deploymentState(ctx, final, planRoot, sc)
	diags.Append(d...)
	diags.Append(saveObserved(ctx, private, final)...)
	return out, !diags.HasError()
}

func (r *deploymentResource) waitErrorDetail(deploymentID, revisionID, verb string, err error) string {
	var failed *revisionFailedError
	next := "The deployment is in state. "
	if verb == "creating" {
		next += "It is marked tainted, so the next terraform apply replaces it, which (unless delete_tracing_project was true) " +
			"fails because the name stays reserved. To keep it and fix it in place instead, run terraform untaint <address>, " +
			"correct the configuration and apply again."
	} else {
		next += "Fix the configuration and apply again to roll out a new revision."
	}
	switch {
	case errors.As(err, &failed):
		return fmt.Sprintf("Revision %s of deployment %s ended with status %s", failed.RevisionID, failed.DeploymentID, failed.Status) +
			suffix(": ", failed.Message) + ".\n\n" + next + " The build and deploy logs are in the LangSmith UI."
	case errors.Is(err, errWaitTimeout):
		return fmt.Sprintf("Deployment %s: %s.\n\nThe revision is still rolling out on the API's side; nothing was "+
			"cancelled. %s Raise the timeouts attribute (timeouts = { %s = \"60m\" }) if builds take longer.",
			deploymentID, err.Error(), next, map[string]string{"creating": "create", "updating": "update"}[verb])
	default:
		return errorDetail(r.data, fmt.Sprintf("revision %s of deployment %s", revisionID, deploymentID), err) + "\n\n" + next
	}
}

func suffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// waitOutDeletion waits, within the create timeout, for a deployment of name
// that is still being deleted (seen AWAITING_DELETE in this run, or listed so
// by the API) to be gone, so that a create right after a destroy of the same
// name does not fail on the name the deletion still holds. It reports whether
// it waited for one, and otherwise the deployment of that name it found.
func (r *deploymentResource) waitOutDeletion(ctx context.Context, name string) (*langsmith.Deployment, bool) {
	id, ok := r.data.deletingID(name)
	if !ok {
		// Seen in another run (a plan saved earlier): the API lists a
		// deployment being deleted when asked for that status.
		deleting, err := r.data.client.ListDeployments(ctx, langsmith.ListDeploymentsParams{Name: name, NameContains: name, Status: langsmith.DeploymentAwaitingDelete})
		for _, d := range deleting {
			if err == nil && d.Name == name && (d.Status == langsmith.DeploymentAwaitingDelete || d.Status == langsmith.DeploymentAwaitingFinalDelete) {
				id, ok = d.ID, true
			}
		}
	}
	if !ok {
		existing, _ := r.data.client.FindDeploymentByName(ctx, name)
		return existing, false
	}
	tflog.Info(ctx, "waiting for the deletion of a deployment of the same name", map[string]any{"name": name, "deployment_id": id})
	if err := waitForDeploymentGone(ctx, r.data.client, id); err != nil {
		tflog.Warn(ctx, "the deployment of the same name is still being deleted", map[string]any{"deployment_id": id, "error": err.Error()})
		return nil, false
	}
	return nil, true
}

// createErrorDetail explains a failed POST: a deployment of that name that
// this request did not create, or a taken name, gets the exact import
// command.
func (r *deploymentResource) createErrorDetail(ctx context.Context, name string, err error, holder *langsmith.Deployment) string {
	detail := errorDetail(r.data, fmt.Sprintf("new deployment %q", name), err)
	var other *langsmith.ExistingObjectError
	if errors.As(err, &other) {
		return detail + fmt.Sprintf("\n\nThe create's answer was lost, and the deployment named %q in the workspace is not the one "+
			"this request created, so Terraform did not take it over. To manage it with Terraform, import it:\n\n"+
			"  terraform import <resource address> %s\n\nor add an import block with id = %q. Otherwise choose another name.",
			name, other.ID, other.ID)
	}
	if !langsmith.IsConflict(err) {
		return detail
	}
	existing := holder
	if existing == nil {
		existing, _ = r.data.client.FindDeploymentByName(ctx, name)
	}
	if existing != nil {
		return detail + fmt.Sprintf("\n\nA deployment named %q already exists (ID %s). To manage it with Terraform, import it:\n\n"+
			"  terraform import <resource address> %s\n\nor add an import block with id = %q.", name, existing.ID, existing.ID, existing.ID)
	}
	if id, ok := r.data.deletingID(name); ok {
		return detail + fmt.Sprintf("\n\nThe deployment of that name (ID %s) is still being deleted and did not finish within this "+
			"create's timeout; the name is taken until it has. Apply again later, or raise timeouts.create.", id)
	}
	return detail + fmt.Sprintf("\n\nThe name %q is taken, most likely by the tracing project of a deleted deployment (deleting a "+
		"deployment keeps its tracing project, and with it the name, unless delete_tracing_project = true). Choose another "+
		"name, or delete the tracing project %q in LangSmith; set delete_tracing_project = true on deployments you will "+
		"replace under the same name.", name, name)
}

// Read refreshes the deployment with one GET (plus a revision GET only while
// a rollout is in progress). A deployment that is gone, or being deleted,
// leaves state, so the next plan creates it.
func (r *deploymentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, err := rootOf(ctx, deploymentObjectType(), req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment", err.Error())
		return
	}
	woNames, d := loadWONames(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	observed, d := loadObserved(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := knownString(prior["id"]).ValueString()
	dep, err := r.data.client.GetDeployment(ctx, id)
	if langsmith.IsNotFound(err) {
		tflog.Warn(ctx, "LangSmith deployment not found; removing it from state", map[string]any{"deployment_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return
	}
	if dep.Status == langsmith.DeploymentAwaitingDelete || dep.Status == langsmith.DeploymentAwaitingFinalDelete {
		// Being deleted (outside Terraform, or by a destroy that stopped
		// waiting): plan a new one; a create of the same name in this run
		// waits for the deletion to finish.
		tflog.Warn(ctx, "LangSmith deployment is being deleted; removing it from state", map[string]any{"deployment_id": dep.ID})
		r.data.noteDeleting(dep.Name, dep.ID)
		resp.State.RemoveResource(ctx)
		return
	}
	plain, _ := prior["environment_variables"].(types.Map)
	var secretValues []string
	for _, v := range dep.Secrets {
		if _, isPlain := plain.Elements()[v.Name]; !isPlain {
			secretValues = append(secretValues, v.Value)
		}
	}
	ctx = r.data.secretsOf(ctx, secretValues...)
	sc := stateContext{refresh: true, observed: observed, woNames: woNames, hashKey: r.hashKey()}
	sc.latestStatus = r.latestRevisionStatus(ctx, dep, prior, &resp.Diagnostics)
	next, d := deploymentState(ctx, dep, prior, sc)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, next)...)
	resp.Diagnostics.Append(saveObserved(ctx, resp.Private, dep)...)
}

// latestRevisionStatus finds the latest revision's status with as few calls
// as possible: when it is the active revision it is DEPLOYED; when state
// already holds a final status for the same revision it cannot have changed;
// only otherwise is the revision fetched. A revision that 404s keeps the
// deployment in state (the revision may be pruned; the deployment is still
// there) with the status last known for that revision, or none.
func (r *deploymentResource) latestRevisionStatus(ctx context.Context, dep *langsmith.Deployment, prior map[string]attr.Value, diags *diag.Diagnostics) types.String {
	latest := deref(dep.LatestRevisionID)
	priorLatest := knownString(prior["latest_revision_id"]).ValueString()
	priorStatus := knownString(prior["latest_revision_status"])
	switch {
	case latest == "":
		return types.StringNull()
	case latest == deref(dep.ActiveRevisionID):
		return types.StringValue(langsmith.RevisionDeployed)
	case priorLatest == latest && !priorStatus.IsNull():
		if done, _ := classifyRevision(priorStatus.ValueString()); done {
			return priorStatus
		}
	}
	rev, err := r.data.client.GetRevision(ctx, dep.ID, latest)
	if langsmith.IsNotFound(err) {
		if priorLatest == latest {
			return priorStatus
		}
		return types.StringNull()
	}
	if err != nil {
		diags.AddError("Error reading LangSmith deployment revision", errorDetail(r.data, fmt.Sprintf("revision %s of deployment %s", latest, dep.ID), err))
		return priorStatus
	}
	return types.StringValue(rev.Status)
}

// Update makes one PATCH: in place, or rolling out a revision exactly when
// the plan says so (ModifyPlan left latest_revision_id unknown), then waits
// for that revision.
func (r *deploymentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	wo, d := readWriteOnly(ctx, req.Config)
	resp.Diagnostics.Append(d...)
	planRoot, err := rootOf(ctx, deploymentObjectType(), req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Error updating LangSmith deployment", err.Error())
		return
	}
	stateRoot, err := rootOf(ctx, deploymentObjectType(), req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Error updating LangSmith deployment", err.Error())
		return
	}
	ctx = r.data.secretsOf(ctx, append(mapValues(plan.Secrets), valuesOf(wo.values)...)...)
	timeout, d := plan.Timeouts.Update(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	revision := planRoot["latest_revision_id"].IsUnknown()
	id := knownString(stateRoot["id"]).ValueString()
	patch, d := r.patchRequest(ctx, plan, planRoot, stateRoot, wo, revision)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	sc := stateContext{woNames: wo.names(), woValues: wo.values, hashKey: r.hashKey()}
	resp.Diagnostics.Append(saveWONames(ctx, resp.Private, sc.woNames)...)

	if patch == nil {
		// Only Terraform-side settings (timeouts, delete_tracing_project,
		// secrets_wo_version without a rollout) or the split between
		// environment_variables and the other variable attributes changed:
		// the plan is the new state.
		resp.Diagnostics.Append(setState(ctx, &resp.State, knownRoot(ctx, planRoot))...)
		return
	}

	dep, err := r.data.client.PatchDeployment(ctx, id, patch)
	if err != nil {
		resp.Diagnostics.AddError("Error updating LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return
	}
	if !revision {
		sc.latestStatus = knownString(stateRoot["latest_revision_status"])
		next, d := deploymentState(ctx, dep, planRoot, sc)
		resp.Diagnostics.Append(d...)
		if resp.Diagnostics.HasError() {
			return
		}
		// Keep the values the plan promised for a change that rolls out no
		// revision, so a server that moves them anyway cannot fail the
		// apply; the next refresh reports them as they are.
		keepPlanned(next, planRoot)
		resp.Diagnostics.Append(setState(ctx, &resp.State, next)...)
		return
	}

	// The API accepted a new revision: record it before waiting, so an
	// interrupted or failed wait leaves state that matches the API.
	if deref(dep.LatestRevisionID) == knownString(stateRoot["latest_revision_id"]).ValueString() {
		// Older servers answer a PATCH with the previous latest_revision_id.
		latest, err := r.data.client.LatestRevision(ctx, id)
		if err != nil {
			resp.Diagnostics.AddError("Error updating LangSmith deployment", errorDetail(r.data, "the revisions of deployment "+id, err))
			return
		}
		if latest != nil {
			dep.LatestRevisionID = &latest.ID
		}
	}
	sc.latestStatus = types.StringNull()
	next, d := deploymentState(ctx, dep, planRoot, sc)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, next)...)
	final, ok := r.waitAndRefresh(ctx, dep, planRoot, next, sc, "updating", resp.Private, &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, final)...)
}

// keepPlanned copies into next every computed value the plan holds as known.
func keepPlanned(next, plan map[string]attr.Value) {
	for i := range deploymentPolicy {
		r := &deploymentPolicy[i]
		if r.kind.userSettable() || strings.Contains(r.path, ".") {
			continue
		}
		if v := plan[r.path]; v != nil && !v.IsUnknown() {
			next[r.path] = v
		}
	}
}

// knownRoot is a plan with its unknown computed values (none, when the plan
// changes nothing on the API) as null.
func knownRoot(ctx context.Context, plan map[string]attr.Value) map[string]attr.Value {
	out := make(map[string]attr.Value, len(plan))
	for k, v := range plan {
		switch x := v.(type) {
		case types.Object:
			out[k] = knownObject(ctx, x)
		default:
			if v.IsUnknown() {
				v = nullOf(v)
			}
			out[k] = v
		}
	}
	return out
}

// Delete removes the deployment and waits until the API has finished: a 404
// at any point counts as success, so destroy stays idempotent, including
// after someone deleted the deployment in the UI.
func (r *deploymentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state deploymentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	err := r.data.client.DeleteDeployment(ctx, id, langsmith.DeleteDeploymentParams{DeleteTracingProject: state.DeleteTracingProject.ValueBool()})
	if langsmith.IsNotFound(err) {
		tflog.Info(ctx, "LangSmith deployment already gone", map[string]any{"deployment_id": id})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error deleting LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return
	}
	if err := waitForDeploymentGone(ctx, r.data.client, id); err != nil {
		r.data.noteDeleting(state.Name.ValueString(), id)
		resp.Diagnostics.AddError("Error deleting LangSmith deployment",
			errorDetail(r.data, "deployment "+id, err)+"\n\nThe API accepted the delete and is still removing the deployment. It "+
				"stays in state for now; the next terraform plan, apply or destroy finds it being deleted (or gone) and drops it "+
				"from state without another delete, so there is nothing left to wait for there. Its name stays taken until the API "+
				"has finished (and afterwards unless delete_tracing_project was true); a create of the same name in a later apply "+
				"waits for the deletion within its create timeout.")
	}
}

// ImportState accepts "<deployment_id>" or "<workspace_id>/<deployment_id>",
// checked before any API call.
func (r *deploymentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	workspaceID, id, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	if workspaceID != "" && r.data != nil && r.data.workspaceID != "" && !strings.EqualFold(workspaceID, r.data.workspaceID) {
		resp.Diagnostics.AddError("Import ID names another workspace",
			fmt.Sprintf("The import ID names workspace %s, but the provider is configured for workspace %s. Import with a "+
				"provider configured for that workspace, or use just the deployment ID.", workspaceID, r.data.workspaceID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_tracing_project"), false)...)
	if workspaceID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("tenant_id"), workspaceID)...)
	}
}

// parseImportID splits and validates an import ID.
func parseImportID(raw string) (workspaceID, id string, err error) {
	const usage = "expected \"<deployment_id>\" or \"<workspace_id>/<deployment_id>\", where both are UUIDs such as 123e4567-e89b-12d3-a456-426614174000"
	parts := strings.Split(strings.TrimSpace(raw), "/")
	switch len(parts) {
	case 1:
		id = parts[0]
	case 2:
		workspaceID, id = parts[0], parts[1]
		if !isUUID(workspaceID) {
			return "", "", fmt.Errorf("the workspace ID %q in import ID %q is not a UUID; %s", workspaceID, raw, usage)
		}
	default:
		return "", "", fmt.Errorf("import ID %q has %d parts; %s", raw, len(parts), usage)
	}
	if !isUUID(id) {
		return "", "", fmt.Errorf("the deployment ID %q in import ID %q is not a UUID; %s", id, raw, usage)
	}
	return workspaceID, id, nil
}

// valuesOf returns the values of m.
func valuesOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
