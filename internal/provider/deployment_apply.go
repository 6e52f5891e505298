package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// Update takes the deployment from state to plan in up to four steps, each
// recorded in state as soon as the API has taken it, so a later failure
// leaves state that matches the API:
//
//  1. the configuration: one PATCH for everything that changes in place
//     together with a new revision (they are applied at once, as the API
//     checks them together), or, for a change that only rolls out a
//     revision, the create-revision endpoint (§5.9), which names the
//     revision it creates; servers without it (404/405) get the PATCH;
//  2. tracked_repo_ref, after the revision, which may have reset it;
//  3. and 4. the tiers, through their endpoints (§5.10), each waited for.
func (r *deploymentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(setWorkspaceIdentity(ctx, resp.Identity, req.State, r.data)...) // identity.go
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

	// A plan that rolls out a revision has latest_revision_id unknown; the
	// tiers roll out revisions of their own, so the configuration needs one
	// only when something else calls for it.
	revision := planRoot["latest_revision_id"].IsUnknown()
	// A plan that changes nothing may still wait for a revision that an
	// earlier apply left rolling out (see rolloutInProgress).
	waitOnly := !revision && planRoot["latest_revision_status"].IsUnknown()
	tiers := tiersChange(planRoot, stateRoot)
	sourceRevision := revision && (!tiers || otherRevisionChange(planRoot, stateRoot))
	id := knownString(stateRoot["id"]).ValueString()
	c := r.client(stateRoot)
	patch, d := r.patchRequest(ctx, c, plan, planRoot, stateRoot, wo, sourceRevision)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	sc := stateContext{woNames: wo.names(), woValues: wo.values, hashKey: r.hashKey(), workspaceID: c.TenantID()}
	resp.Diagnostics.Append(saveWONames(ctx, resp.Private, sc.woNames)...)
	tracked := stringPtr(plan.TrackedRepoRef)
	if tracked != nil && *tracked == knownString(stateRoot["tracked_repo_ref"]).ValueString() {
		tracked = nil
	}

	if tracked != nil && !sourceRevision {
		// No revision to reset it: it goes with the in-place changes.
		if patch == nil {
			patch = &langsmith.DeploymentPatchRequest{}
		}
		patch.TrackedRepoRef, tracked = tracked, nil
	}

	if patch == nil && !tiers && !waitOnly {
		// Only Terraform-side settings (timeouts, delete_tracing_project,
		// secrets_wo_version without a rollout) or the split between
		// environment_variables and the other variable attributes changed:
		// the plan is the new state.
		resp.Diagnostics.Append(setState(ctx, &resp.State, knownRoot(ctx, planRoot))...)
		return
	}

	current := stateRoot
	var dep *langsmith.Deployment
	if patch != nil {
		var ok bool
		if current, dep, ok = r.applyConfiguration(ctx, c, id, patch, planRoot, stateRoot, sc, resp.Private, &resp.State, &resp.Diagnostics); !ok {
			return
		}
	}
	// After a revision: it may have reset the tracked ref.
	if ref := stringPtr(plan.TrackedRepoRef); ref != nil && sourceRevision && (tracked != nil || (dep != nil && deref(dep.SourceConfig.RepoBranch) != *ref)) {
		patched, err := c.PatchDeployment(ctx, id, &langsmith.DeploymentPatchRequest{TrackedRepoRef: ref})
		if err != nil {
			resp.Diagnostics.Append(setState(ctx, &resp.State, current)...)
			resp.Diagnostics.AddError("Error setting LangSmith deployment tracked_repo_ref", errorDetail(r.data, "deployment "+id, err))
			return
		}
		sc.latestStatus = knownString(current["latest_revision_status"])
		next, d := deploymentState(ctx, patched, planRoot, sc)
		resp.Diagnostics.Append(d...)
		if resp.Diagnostics.HasError() {
			return
		}
		current, dep = next, patched
		resp.Diagnostics.Append(setState(ctx, &resp.State, current)...)
	}
	if tiers {
		if dep == nil {
			if dep, err = c.GetDeployment(ctx, id); err != nil {
				resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
				return
			}
		}
		var ok bool
		if current, ok = r.applyTiers(ctx, c, planRoot, current, dep, sc, "updating", resp.Private, &resp.State, &resp.Diagnostics); !ok {
			return
		}
	}
	if waitOnly && !tiers {
		latest := knownString(current["latest_revision_id"]).ValueString()
		tflog.Info(ctx, "waiting for a LangSmith revision still rolling out", map[string]any{"deployment_id": id, "revision_id": latest})
		var ok bool
		if current, _, ok = r.waitAndRefresh(ctx, c, &langsmith.Deployment{ID: id, LatestRevisionID: &latest}, planRoot, current, sc,
			"updating", resp.Private, &resp.State, &resp.Diagnostics); !ok {
			return
		}
	}
	resp.Diagnostics.Append(setState(ctx, &resp.State, current)...)
}

// applyConfiguration sends the configuration step of an update and, when it
// rolls out a revision, records it and waits for it.
func (r *deploymentResource) applyConfiguration(ctx context.Context, c *langsmith.Client, id string, patch *langsmith.DeploymentPatchRequest,
	planRoot, stateRoot map[string]attr.Value, sc stateContext, private privateSetter, st *tfsdk.State, diags *diag.Diagnostics,
) (map[string]attr.Value, *langsmith.Deployment, bool) {
	if !patch.CreatesRevision() {
		dep, err := c.PatchDeployment(ctx, id, patch)
		if err != nil {
			addAPIError(diags, deploymentPolicy, "Error updating LangSmith deployment", errorDetail(r.data, "deployment "+id, err), err)
			return stateRoot, nil, false
		}
		sc.latestStatus = knownString(stateRoot["latest_revision_status"])
		next, d := deploymentState(ctx, dep, planRoot, sc)
		diags.Append(d...)
		if diags.HasError() {
			return stateRoot, nil, false
		}
		// Keep the values the plan promised for a change that rolls out no
		// revision, so a server that moves them anyway cannot fail the
		// apply; the next refresh reports them as they are.
		keepPlanned(next, planRoot)
		diags.Append(setState(ctx, st, next)...)
		return next, dep, !diags.HasError()
	}

	previous := knownString(stateRoot["latest_revision_id"]).ValueString()
	dep, err := r.rollOutRevision(ctx, c, id, patch)
	if err != nil {
		addAPIError(diags, deploymentPolicy, "Error updating LangSmith deployment", errorDetail(r.data, "deployment "+id, err), err)
		return stateRoot, nil, false
	}
	// The API accepted a new revision: record it before waiting, so an
	// interrupted or failed wait leaves state that matches the API.
	if !r.learnNewRevision(ctx, c, dep, previous, diags) {
		return stateRoot, nil, false
	}
	sc.latestStatus = types.StringNull()
	next, d := deploymentState(ctx, dep, planRoot, sc)
	diags.Append(d...)
	if diags.HasError() {
		return stateRoot, nil, false
	}
	diags.Append(setState(ctx, st, next)...)
	return r.waitAndRefresh(ctx, c, dep, planRoot, next, sc, "updating", private, st, diags)
}

// rollOutRevision sends a revision-creating change: through the
// create-revision endpoint when the change only rolls out a revision, with
// PATCH as the fallback on servers that lack the route, and through PATCH
// when in-place fields change with it.
func (r *deploymentResource) rollOutRevision(ctx context.Context, c *langsmith.Client, id string, patch *langsmith.DeploymentPatchRequest) (*langsmith.Deployment, error) {
	if !onlyRevision(patch) {
		return c.PatchDeployment(ctx, id, patch)
	}
	body := &langsmith.RevisionCreateRequest{
		SourceRevisionConfig:     patch.SourceRevisionConfig,
		Secrets:                  patch.Secrets,
		SecretReferences:         patch.SecretReferences,
		ExpectedLatestRevisionID: patch.ExpectedLatestRevisionID,
	}
	if sc := patch.SourceConfig; sc != nil {
		body.SourceConfig = &langsmith.SourceConfig{ResourceSpec: sc.ResourceSpec, InstallCommand: sc.InstallCommand, BuildCommand: sc.BuildCommand}
	}
	rev, err := c.CreateRevision(ctx, id, body)
	if langsmith.IsRouteMissing(err) {
		tflog.Debug(ctx, "the API has no create-revision route; rolling out the revision with PATCH", map[string]any{"deployment_id": id})
		return c.PatchDeployment(ctx, id, patch)
	}
	if err != nil {
		return nil, err
	}
	dep, err := c.GetDeployment(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("revision %s was created, but reading the deployment failed: %w", rev.ID, err)
	}
	dep.LatestRevisionID = &rev.ID
	return dep, nil
}

// onlyRevision reports whether patch changes nothing in place: no
// display_name, build_on_push, custom_url, route_through_gateway or
// tracked_repo_ref.
func onlyRevision(patch *langsmith.DeploymentPatchRequest) bool {
	if patch.DisplayName != nil || patch.RouteThroughGateway != nil || patch.TrackedRepoRef != nil {
		return false
	}
	sc := patch.SourceConfig
	return sc == nil || (sc.BuildOnPush == nil && sc.CustomURL == nil)
}

// learnNewRevision makes dep.LatestRevisionID the revision a change just
// rolled out: older servers answer with the previous one, and then the
// newest revision is it.
func (r *deploymentResource) learnNewRevision(ctx context.Context, c *langsmith.Client, dep *langsmith.Deployment, previous string, diags *diag.Diagnostics) bool {
	if deref(dep.LatestRevisionID) != previous {
		return true
	}
	latest, err := c.LatestRevision(ctx, dep.ID)
	if err != nil {
		diags.AddError("Error updating LangSmith deployment", errorDetail(r.data, "the revisions of deployment "+dep.ID, err))
		return false
	}
	if latest != nil {
		dep.LatestRevisionID = &latest.ID
	}
	return true
}

// tiersChange reports whether the plan changes a tier.
func tiersChange(plan, state map[string]attr.Value) bool {
	for _, name := range tierRows {
		if pv, sv := plan[name], state[name]; pv != nil && !pv.IsUnknown() && !pv.IsNull() && (sv == nil || !pv.Equal(sv)) {
			return true
		}
	}
	return false
}

// otherRevisionChange reports whether the plan changes a revision-creating
// attribute other than the tiers (a failed rollout to roll out again counts:
// see rolloutFailed).
func otherRevisionChange(plan, state map[string]attr.Value) bool {
	for i := range deploymentPolicy {
		row := &deploymentPolicy[i]
		if row.change != changeRevision || !row.kind.userSettable() || isTierRow(row.path) {
			continue
		}
		pv, sv := valueAt(plan, row.steps()), valueAt(state, row.steps())
		if (pv == nil) != (sv == nil) || (pv != nil && !pv.Equal(sv) && !row.sameNormalised(pv, sv)) {
			return true
		}
	}
	status, _ := state["latest_revision_status"].(types.String)
	latest, _ := state["latest_revision_id"].(types.String)
	active, _ := state["active_revision_id"].(types.String)
	return rolloutFailed(status, latest, active)
}

func isTierRow(p string) bool {
	for _, name := range tierRows {
		if p == name {
			return true
		}
	}
	return false
}

// applyTiers sets the configured tiers the deployment (as the API last
// reported it, dep) does not have: deployment_tier first, as compute and
// database tiers follow it, then those two in one request. Each rolls out a
// revision, waited for like any other.
func (r *deploymentResource) applyTiers(ctx context.Context, c *langsmith.Client, planRoot, state map[string]attr.Value, dep *langsmith.Deployment,
	sc stateContext, verb string, private privateSetter, st *tfsdk.State, diags *diag.Diagnostics,
) (map[string]attr.Value, bool) {
	wanted := func(name string, have *string) *string {
		if s, ok := planRoot[name].(types.String); ok && isSet(s) && s.ValueString() != deref(have) {
			v := s.ValueString()
			return &v
		}
		return nil
	}
	id := dep.ID
	var ok bool
	if t := wanted("deployment_tier", dep.DeploymentTier); t != nil {
		state, dep, ok = r.tierStep(ctx, c, "deployment_tier "+*t, planRoot, state, dep, sc, verb, private, st, diags, func(expected string) (*langsmith.Deployment, error) {
			return c.SetDeploymentTier(ctx, id, *t, expected)
		})
		if !ok {
			return state, false
		}
	}
	compute, database := wanted("compute_tier", dep.ComputeTier), wanted("database_tier", dep.DatabaseTier)
	if compute == nil && database == nil {
		return state, true
	}
	var what []string
	if compute != nil {
		what = append(what, "compute_tier "+*compute)
	}
	if database != nil {
		what = append(what, "database_tier "+*database)
	}
	state, _, ok = r.tierStep(ctx, c, strings.Join(what, " and "), planRoot, state, dep, sc, verb, private, st, diags, func(expected string) (*langsmith.Deployment, error) {
		return c.SetResourceTiers(ctx, id, langsmith.ResourceTiersRequest{ComputeTier: compute, DatabaseTier: database}, expected)
	})
	return state, ok
}

// tierStep sends one tier request, records the revision it rolls out and
// waits for it. have is the deployment as the API last reported it: when
// the request fails, state gets its tiers, not the planned ones (which a
// server that reports no tier would otherwise leave standing), so the next
// plan sets them again.
func (r *deploymentResource) tierStep(ctx context.Context, c *langsmith.Client, what string, planRoot, state map[string]attr.Value,
	have *langsmith.Deployment, sc stateContext, verb string, private privateSetter, st *tfsdk.State, diags *diag.Diagnostics,
	call func(expected string) (*langsmith.Deployment, error),
) (map[string]attr.Value, *langsmith.Deployment, bool) {
	id := knownString(state["id"]).ValueString()
	previous := knownString(state["latest_revision_id"]).ValueString()
	tflog.Info(ctx, "setting LangSmith deployment tier", map[string]any{"deployment_id": id, "tier": what})
	dep, err := call(previous)
	if err != nil {
		state["deployment_tier"] = types.StringPointerValue(have.DeploymentTier)
		state["compute_tier"] = types.StringPointerValue(have.ComputeTier)
		state["database_tier"] = types.StringPointerValue(have.DatabaseTier)
		diags.Append(setState(ctx, st, state)...)
		diags.AddError("Error setting LangSmith deployment "+what, errorDetail(r.data, "deployment "+id, err)+tierErrorHint(err, verb))
		return state, nil, false
	}
	if !r.learnNewRevision(ctx, c, dep, previous, diags) {
		return state, nil, false
	}
	sc.latestStatus = types.StringNull()
	next, d := deploymentState(ctx, dep, planRoot, sc)
	diags.Append(d...)
	if diags.HasError() {
		return state, nil, false
	}
	diags.Append(setState(ctx, st, next)...)
	return r.waitAndRefresh(ctx, c, dep, planRoot, next, sc, verb, private, st, diags)
}

// tierErrorHint explains a refused tier: which tiers a deployment takes is
// the API's to say (the contract leaves the serverless/dedicated mapping
// open), and what the failed step leaves behind.
func tierErrorHint(err error, verb string) string {
	hint := ""
	if code := langsmith.StatusCode(err); code == 400 || code == 422 {
		hint = "\n\nServerless deployments take SERVERLESS_* tiers and dedicated ones DEDICATED_*; which one this deployment " +
			"is, the API decides (for example by source_config.deployment_type). Choose a tier the API accepts."
	}
	if verb == "creating" {
		return hint + "\n\nThe deployment was created and its revision is DEPLOYED; only the tier could not be set. " + taintHint
	}
	return hint + "\n\nThe rest of the change is applied and in state; fix the tier and apply again."
}

// withUnknown is root with the named top-level attributes unknown.
func withUnknown(root map[string]attr.Value, names []string) map[string]attr.Value {
	out := make(map[string]attr.Value, len(root))
	for k, v := range root {
		out[k] = v
	}
	for _, name := range names {
		if v := out[name]; v != nil {
			out[name] = unknownOf(v)
		}
	}
	return out
}
