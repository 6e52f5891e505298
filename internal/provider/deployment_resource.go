package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
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
	_ resource.ResourceWithIdentity       = (*deploymentResource)(nil) // identity.go
)

const defaultDeploymentTimeout = 30 * time.Minute

func newDeploymentResource() resource.Resource { return &deploymentResource{} }

type deploymentResource struct {
	data *providerData
}

func (r *deploymentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

// Schema serves the declared schema without its attribute validators, which
// ValidateConfig runs itself (validators.go).
func (r *deploymentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = deploymentSchemas().served
}

// deploymentSchemas holds the declared schema of langsmith_deployment, built
// once, and the copy served to the framework.
var deploymentSchemas = sync.OnceValue(func() (s struct{ declared, served schema.Schema }) {
	s.declared = (&deploymentResource{}).schema(context.Background())
	s.served = s.declared
	s.served.Attributes = schemaWithoutValidators(s.declared.Attributes)
	return s
})

func (r *deploymentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// client is the client that acts in the workspace root names (state or
// plan), or in the provider's.
func (r *deploymentResource) client(root map[string]attr.Value) *langsmith.Client {
	return r.data.clientFor(knownString(root["workspace_id"]).ValueString())
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
	c := r.client(planRoot)
	dep, err := c.CreateDeployment(ctx, body)
	var holder *langsmith.Deployment // the deployment holding the name, after a 409
	if langsmith.IsConflict(err) {
		var waited bool
		if holder, waited = r.waitOutDeletion(ctx, c, body.Name); waited {
			dep, err = c.CreateDeployment(ctx, body)
			holder = nil
		}
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, deploymentPolicy, "Error creating LangSmith deployment", r.createErrorDetail(ctx, c, body.Name, err, holder), err)
		return
	}
	tflog.Info(ctx, "created LangSmith deployment", map[string]any{"deployment_id": dep.ID, "revision_id": deref(dep.LatestRevisionID)})

	// From here on the deployment exists: its ID goes to state before any
	// other step, so a later failure taints it instead of orphaning it.
	sc := stateContext{woNames: wo.names(), woValues: wo.values, hashKey: r.hashKey(), latestStatus: types.StringNull(), workspaceID: c.TenantID()}
	// Until the tiers are set (after the first revision), state reports the
	// API's: none, not the planned ones.
	untiered := withUnknown(planRoot, tierRows)
	state, d := deploymentState(ctx, dep, untiered, sc)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
	resp.Diagnostics.Append(setWorkspaceIdentity(ctx, resp.Identity, resp.State, r.data)...) // identity.go
	resp.Diagnostics.Append(saveWONames(ctx, resp.Private, sc.woNames)...)
	resp.Diagnostics.Append(saveObserved(ctx, resp.Private, dep)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var followErr error
	var followWhat string
	if patch := createFollowUp(plan, dep); patch != nil {
		followWhat = followUpFields(patch)
		patched, err := c.PatchDeployment(ctx, dep.ID, patch)
		if err != nil {
			followErr = err // reported once the revision is up, see below
		} else {
			dep = patched
		}
	}

	final, current, ok := r.waitAndRefresh(ctx, c, dep, untiered, state, sc, "creating", resp.Private, &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if followErr != nil {
		// The deployment is up; only its display name or tracked ref is
		// missing. The error taints it, so say how to keep it.
		final["display_name"] = types.StringPointerValue(current.DisplayName)
		final["tracked_repo_ref"] = types.StringPointerValue(current.SourceConfig.RepoBranch)
		resp.Diagnostics.Append(setState(ctx, &resp.State, final)...)
		resp.Diagnostics.AddError("Error setting LangSmith deployment "+followWhat,
			errorDetail(r.data, "deployment "+dep.ID, followErr)+"\n\nThe deployment was created and its revision is DEPLOYED; "+
				"only "+followWhat+" could not be set. "+taintHint)
		return
	}
	// Tiers are not part of a create (§5.10): set now, each rolled out.
	final, ok = r.applyTiers(ctx, c, planRoot, final, current, sc, "creating", resp.Private, &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, final)...)
}

// followUpFields names what a follow-up PATCH sets.
func followUpFields(patch *langsmith.DeploymentPatchRequest) string {
	var names []string
	if patch.DisplayName != nil {
		names = append(names, "display_name")
	}
	if patch.TrackedRepoRef != nil {
		names = append(names, "tracked_repo_ref")
	}
	return strings.Join(names, " and ")
}

// taintHint tells what a create that failed after the deployment was up
// leaves behind, and how to keep the deployment.
const taintHint = "Terraform marks the deployment tainted, and a tainted deployment is replaced on the next apply, which " +
	"(unless delete_tracing_project was true) fails because the name stays reserved. To keep it, run terraform untaint " +
	"<address>, then terraform apply sets the rest in place."

// createFollowUp is the PATCH that sets, right after the create, what a
// create does not take: display_name (§5.2) and tracked_repo_ref (§5.4);
// nil when neither is configured.
func createFollowUp(plan deploymentResourceModel, dep *langsmith.Deployment) *langsmith.DeploymentPatchRequest {
	patch := &langsmith.DeploymentPatchRequest{DisplayName: stringPtr(plan.DisplayName)}
	if ref := stringPtr(plan.TrackedRepoRef); ref != nil && *ref != deref(dep.SourceConfig.RepoBranch) {
		patch.TrackedRepoRef = ref
	}
	if patch.DisplayName == nil && patch.TrackedRepoRef == nil {
		return nil
	}
	return patch
}

// waitAndRefresh waits for the deployment's latest revision and reads the
// deployment back: the state built from it, and the deployment as the API
// reported it. On failure it records what is known in st and reports the
// error; ok is false then.
func (r *deploymentResource) waitAndRefresh(ctx context.Context, c *langsmith.Client, dep *langsmith.Deployment, planRoot, state map[string]attr.Value,
	sc stateContext, verb string, private privateSetter, st *tfsdk.State, diags *diag.Diagnostics,
) (map[string]attr.Value, *langsmith.Deployment, bool) {
	revisionID := deref(dep.LatestRevisionID)
	if revisionID == "" {
		latest, err := c.LatestRevision(ctx, dep.ID)
		if err != nil {
			diags.AddError("Error "+verb+" LangSmith deployment", errorDetail(r.data, "the revisions of deployment "+dep.ID, err))
			return state, nil, false
		}
		if latest == nil {
			diags.AddError("Error "+verb+" LangSmith deployment",
				fmt.Sprintf("The API reported no revision for deployment %s, so there is nothing to wait for. This is unexpected; "+
					"check the deployment in the LangSmith UI.", dep.ID))
			return state, nil, false
		}
		revisionID = latest.ID
	}
	state["latest_revision_id"] = types.StringValue(revisionID)

	rev, err := waitForRevision(ctx, r.data.schedule(), c, dep.ID, revisionID)
	err = attachFailureLog(ctx, c, err, redactorFor(r.data, deploymentSecretValues(dep, planRoot, sc.woValues)...)) // wait.go
	state["latest_revision_status"] = types.StringNull()
	if rev != nil {
		state["latest_revision_status"] = types.StringValue(rev.Status)
	}
	if err != nil {
		diags.Append(setState(ctx, st, state)...)
		diags.AddError("Error "+verb+" LangSmith deployment", r.waitErrorDetail(dep.ID, revisionID, verb, err))
		return state, nil, false
	}

	final, err := c.GetDeployment(ctx, dep.ID)
	if err != nil {
		diags.Append(setState(ctx, st, state)...)
		diags.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+dep.ID, err)+
			"\n\nRevision "+revisionID+" is "+rev.Status+"; run terraform apply again to refresh the rest of the state.")
		return state, nil, false
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
	return out, final, !diags.HasError()
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
		phase := ""
		if p := revisionPhase(failed.Status); p != "" {
			phase = " The rollout stopped in the " + p + " phase."
		}
		return fmt.Sprintf("Revision %s of deployment %s ended with status %s", failed.RevisionID, failed.DeploymentID, failed.Status) +
			suffix(": ", failed.Message) + "." + phase + "\n\n" + next + failed.logSection()
	case errors.Is(err, errWaitTimeout), errors.Is(err, context.Canceled):
		// Nothing is wrong with the configuration: the revision exists and
		// keeps rolling out; the next apply waits for it.
		keep := "The deployment is in state with revision " + revisionID + "; the next terraform apply waits for it."
		if verb == "creating" {
			keep = "Terraform marks the deployment tainted, so the next apply would replace it (and, unless " +
				"delete_tracing_project was true, fail because the name stays reserved). To keep it, run terraform untaint " +
				"<address>: the next terraform apply then waits for revision " + revisionID + "."
		}
		if errors.Is(err, context.Canceled) {
			return fmt.Sprintf("The wait for deployment %s was interrupted (%s). Revision %s exists and keeps rolling out on "+
				"the API's side; nothing was cancelled there.\n\n%s", deploymentID, err.Error(), revisionID, keep)
		}
		return fmt.Sprintf("Deployment %s: %s.\n\nThe revision is still rolling out on the API's side; nothing was "+
			"cancelled. %s Raise the timeouts attribute (timeouts = { %s = \"60m\" }) if builds take longer.",
			deploymentID, err.Error(), keep, map[string]string{"creating": "create", "updating": "update"}[verb])
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
func (r *deploymentResource) waitOutDeletion(ctx context.Context, c *langsmith.Client, name string) (*langsmith.Deployment, bool) {
	id, ok := r.data.deletingID(name)
	if !ok {
		// Seen in another run (a plan saved earlier): the API lists a
		// deployment being deleted when asked for that status.
		deleting, err := c.ListDeployments(ctx, langsmith.ListDeploymentsParams{Name: name, NameContains: name, Status: langsmith.DeploymentAwaitingDelete})
		for _, d := range deleting {
			if err == nil && d.Name == name && (d.Status == langsmith.DeploymentAwaitingDelete || d.Status == langsmith.DeploymentAwaitingFinalDelete) {
				id, ok = d.ID, true
			}
		}
	}
	if !ok {
		existing, _ := c.FindDeploymentByName(ctx, name)
		return existing, false
	}
	tflog.Info(ctx, "waiting for the deletion of a deployment of the same name", map[string]any{"name": name, "deployment_id": id})
	if err := waitForDeploymentGone(ctx, r.data.schedule(), c, id); err != nil {
		tflog.Warn(ctx, "the deployment of the same name is still being deleted", map[string]any{"deployment_id": id, "error": err.Error()})
		return nil, false
	}
	return nil, true
}

// createErrorDetail explains a failed POST: a deployment of that name that
// this request did not create, or a taken name, gets the exact import
// command.
func (r *deploymentResource) createErrorDetail(ctx context.Context, c *langsmith.Client, name string, err error, holder *langsmith.Deployment) string {
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
		existing, _ = c.FindDeploymentByName(ctx, name)
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
	defer readWorkspaceIdentity(ctx, r.data, req.State, resp) // identity.go
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
	c := r.client(prior)
	dep, err := c.GetDeployment(ctx, id)
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
	sc := stateContext{refresh: true, observed: observed, woNames: woNames, hashKey: r.hashKey(), workspaceID: c.TenantID()}
	sc.latestStatus = r.latestRevisionStatus(ctx, c, dep, prior, &resp.Diagnostics)
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
func (r *deploymentResource) latestRevisionStatus(ctx context.Context, c *langsmith.Client, dep *langsmith.Deployment, prior map[string]attr.Value, diags *diag.Diagnostics) types.String {
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
	rev, err := c.GetRevision(ctx, dep.ID, latest)
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
	c := r.data.clientFor(state.WorkspaceID.ValueString())
	err := c.DeleteDeployment(ctx, id, langsmith.DeleteDeploymentParams{DeleteTracingProject: state.DeleteTracingProject.ValueBool()})
	if langsmith.IsNotFound(err) {
		tflog.Info(ctx, "LangSmith deployment already gone", map[string]any{"deployment_id": id})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error deleting LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return
	}
	if err := waitForDeploymentGone(ctx, r.data.schedule(), c, id); err != nil {
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
	req.ID = importIDFromIdentity(ctx, req, &resp.Diagnostics) // an import by identity (identity.go)
	workspaceID, id, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_tracing_project"), false)...)
	if workspaceID != "" {
		// Any workspace the key reaches: the refresh reads it there.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("workspace_id"), strings.ToLower(workspaceID))...)
	}
	resp.Diagnostics.Append(setImportedIdentity(ctx, resp.Identity, resp.Private, r.data, workspaceID, id)...) // identity.go
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
