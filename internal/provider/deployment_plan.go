package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// ModifyPlan makes the plan say exactly what apply will do, from the policy
// table, in one pass: attributes left out of the configuration keep the
// server's value or go back to their default as their row says, values the
// server derives follow their inputs, and the computed attributes that
// describe the latest revision become unknown only when a revision rolls
// out. Terraform core then holds apply to every value planned known. Changes
// the API cannot make, and a replacement that would fail after destroying
// the deployment, are refused here, before anything happens.
func (r *deploymentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) && nothingToRecheck(ctx, req) {
		// The common refresh-only plan: nothing changes and nothing needs a
		// second look, so the models are not decoded at all.
		return
	}
	tp, ok := newTablePlanner(ctx, deploymentPolicy, deploymentObjectType(), req, &resp.Diagnostics)
	if !ok {
		return
	}
	p := &deploymentPlanner{tablePlanner: tp, data: r.data}
	p.defaults = workspaceDefault(r.data)
	// The variables and environment_hash are planned by their own rules.
	p.skip = func(r *attrPolicy) bool { return r.group == groupVariables }
	if s, ok := p.cfg["source"].(types.String); ok && isSet(s) {
		p.source = s.ValueString()
	}
	wo, d := readWriteOnly(ctx, req.Config)
	resp.Diagnostics.Append(d...)
	p.wo = wo
	if !p.create {
		p.woNames, d = loadWONames(ctx, req.Private)
		resp.Diagnostics.Append(d...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	p.planUserSet()
	p.planSecrets()
	if !p.create {
		p.classify()
	}
	p.planComputed()
	p.check(r, req)
	p.write(resp)
}

// nothingToRecheck reports whether an unchanged plan needs no further work:
// no write-only secrets whose drift only the hash can show, and no failed
// rollout to plan again.
func nothingToRecheck(ctx context.Context, req resource.ModifyPlanRequest) bool {
	var wo types.Map
	var status, latest, active, source types.String
	if req.Config.GetAttribute(ctx, path.Root("source"), &source).HasError() ||
		defaultsToRestore(ctx, deploymentPolicy, req, source.ValueString()) {
		return false
	}
	if req.Config.GetAttribute(ctx, path.Root("secrets_wo"), &wo).HasError() || !wo.IsNull() {
		return false
	}
	if names, _ := loadWONames(ctx, req.Private); len(names) > 0 {
		return false
	}
	if req.State.GetAttribute(ctx, path.Root("latest_revision_status"), &status).HasError() ||
		req.State.GetAttribute(ctx, path.Root("latest_revision_id"), &latest).HasError() ||
		req.State.GetAttribute(ctx, path.Root("active_revision_id"), &active).HasError() {
		return false
	}
	return !rolloutFailed(status, latest, active) && !rolloutInProgress(status)
}

// rolloutInProgress reports whether state's newest revision is still on its
// way (an interrupted or timed-out wait, or a rollout started elsewhere).
func rolloutInProgress(status types.String) bool {
	if !isSet(status) {
		return false
	}
	done, _ := classifyRevision(status.ValueString())
	return !done
}

// rolloutFailed reports whether the newest revision ended in failure while
// another revision still serves traffic.
func rolloutFailed(status, latest, active types.String) bool {
	if !isSet(status) {
		return false
	}
	done, failed := classifyRevision(status.ValueString())
	return done && failed && !latest.Equal(active)
}

// deploymentPlanner computes one plan of a deployment: the table's plan,
// plus the variables (deployment_variables.go), the write-only verifier and
// a rollout again after a failed one.
type deploymentPlanner struct {
	*tablePlanner
	data               *providerData
	wo                 writeOnlyConfig
	woNames            map[string]bool
	vars               variablesPlan
	rolloutAgainReason string
	// waitReason is set when the plan changes nothing but waits for a
	// revision still rolling out.
	waitReason string
}

// client acts in the workspace the plan names.
func (p *deploymentPlanner) client() *langsmith.Client {
	return p.data.clientFor(knownString(p.plan["workspace_id"]).ValueString())
}

func (p *deploymentPlanner) key() []byte {
	if p.data == nil {
		return nil
	}
	return p.data.woHashKey
}

// planSecrets plans secrets when the configuration leaves it null: the
// variables the server has besides the others.
func (p *deploymentPlanner) planSecrets() {
	if cs, ok := p.cfg["secrets"].(types.Map); ok && cs.IsNull() {
		if p.create {
			p.plan["secrets"] = types.MapNull(types.StringType)
		} else {
			stateSec, _ := p.state["secrets"].(types.Map)
			env, _ := p.plan["environment_variables"].(types.Map)
			p.plan["secrets"] = plannedSecrets(stateSec, env, p.wo)
		}
	}
}

// classify finds what an update changes: the table's rows, then the
// variables as one list, then a failed rollout to roll out again.
func (p *deploymentPlanner) classify() {
	p.tablePlanner.classify()

	env, _ := p.plan["environment_variables"].(types.Map)
	cfgSec, _ := p.cfg["secrets"].(types.Map)
	if !cfgSec.IsNull() {
		cfgSec, _ = p.plan["secrets"].(types.Map)
	}
	stateEnv, _ := p.state["environment_variables"].(types.Map)
	stateSec, _ := p.state["secrets"].(types.Map)
	stateHash, _ := p.state["environment_hash"].(types.String)
	planVersion, _ := p.plan["secrets_wo_version"].(types.Int64)
	stateVersion, _ := p.state["secrets_wo_version"].(types.Int64)
	id, _ := p.state["id"].(types.String)
	p.vars = planVariables(p.key(), id.ValueString(), cfgSec, env, stateEnv, stateSec, stateHash, planVersion, stateVersion, p.wo, p.woNames)
	p.plan["secrets"] = p.vars.secrets
	if p.vars.revision {
		p.revision = true
		p.changed["environment_variables"] = true
	}

	status, _ := p.state["latest_revision_status"].(types.String)
	latest, _ := p.state["latest_revision_id"].(types.String)
	active, _ := p.state["active_revision_id"].(types.String)
	if rolloutFailed(status, latest, active) && !p.revision && len(p.replace) == 0 {
		// The configuration was accepted but its revision failed, so the
		// deployment is not running it: roll it out again rather than
		// report "no changes".
		p.revision = true
		p.rolloutAgainReason = fmt.Sprintf("Revision %s of deployment %s ended with status %s, so the deployment is not running this "+
			"configuration. This apply rolls the configuration out as a new revision.", latest.ValueString(), id.ValueString(), status.ValueString())
	}
	if rolloutInProgress(status) && !p.revision && len(p.replace) == 0 {
		// A wait that ended early (Ctrl-C, a timeout) left the revision
		// rolling out: this apply waits for it, rather than report "no
		// changes" for a deployment not yet running its configuration.
		p.waitReason = fmt.Sprintf("Revision %s of deployment %s is %s, still rolling out. This apply changes nothing and "+
			"waits for it to finish.", latest.ValueString(), id.ValueString(), status.ValueString())
	}
}

// planComputed plans the computed-only attributes (the table's rules), and
// environment_hash from the variables.
func (p *deploymentPlanner) planComputed() {
	p.tablePlanner.planComputed()
	if !p.create {
		// url is assigned when the first revision deploys, and for
		// external_docker it is custom_url.
		never := !isSet(p.state["active_revision_id"])
		if p.changed["source_config.custom_url"] || (!isSet(p.state["url"]) && never && p.revision) {
			p.plan["url"] = types.StringUnknown()
		}
	}
	if p.waitReason != "" {
		// What the revision settles: everything that describes it, but
		// not which revision it is.
		for i := range p.table {
			row := &p.table[i]
			if (row.kind == kindRevisionComputed || row.kind == kindVolatileComputed) && row.path != "latest_revision_id" && !strings.Contains(row.path, ".") {
				if v := p.plan[row.path]; v != nil && (p.source == "" || row.appliesTo(p.source)) {
					p.plan[row.path] = unknownOf(v)
				}
			}
		}
	}
	switch {
	case !p.create:
		p.plan["environment_hash"] = p.vars.hash
	case (len(p.key()) == 0 || len(p.wo.values) == 0) && p.wo.known:
		p.plan["environment_hash"] = types.StringNull()
	}
}

// check refuses what the API cannot do and warns about what surprises.
func (p *deploymentPlanner) check(r *deploymentResource, req resource.ModifyPlanRequest) {
	if p.rolloutAgainReason != "" {
		p.diags.AddWarning("Latest LangSmith revision failed; rolling out again", p.rolloutAgainReason)
	}
	if p.waitReason != "" {
		p.diags.AddWarning("Latest LangSmith revision still rolling out; this apply waits for it", p.waitReason)
	}
	if p.vars.emptied {
		p.diags.AddAttributeError(path.Root("environment_variables"), "Cannot remove every variable",
			"The LangSmith API treats an empty list of variables as \"unchanged\", so the last environment variable or secret "+
				"of a deployment (environment_variables, secrets and secrets_wo together) cannot be removed in place. Keep at "+
				"least one variable, or replace the deployment with terraform apply -replace=<address>.")
	}
	p.checkReplace()
	p.checkCustomURL()
	p.checkScale()
	r.checkListenerPlacement(p.ctx, req, p.diags)
	if p.create && !p.diags.HasError() {
		p.checkListenerRequired()
	}
	if p.create && !p.diags.HasError() {
		p.warnNameTaken()
	}
}

// checkReplace refuses a replacement that the provider plans (a create-only
// attribute changed) while the name would still be reserved: without
// delete_tracing_project = true in state, destroying the deployment keeps its
// tracing project, which keeps the name, so the create after the destroy
// would fail with 409 and leave nothing behind (§5.5).
func (p *deploymentPlanner) checkReplace() {
	if len(p.replaceRows) == 0 {
		return
	}
	planName, _ := p.plan["name"].(types.String)
	stateName, _ := p.state["name"].(types.String)
	keep, _ := p.state["delete_tracing_project"].(types.Bool)
	if !isSet(planName) || !planName.Equal(stateName) || keep.ValueBool() {
		return
	}
	var names []string
	for _, r := range p.replaceRows {
		names = append(names, r.path)
	}
	id, _ := p.state["id"].(types.String)
	p.diags.AddAttributeError(p.replaceRows[0].tfPath(), "Replacing the deployment would fail: its name stays reserved",
		fmt.Sprintf("Changing %s replaces deployment %q (%s): Terraform destroys it, then creates a new one with the same name. "+
			"Its state has delete_tracing_project = false, so the destroy keeps the deployment's tracing project, which keeps "+
			"the name %q taken: the create would fail with 409 after the old deployment is gone.\n\nWays out:\n"+
			"  - set delete_tracing_project = true and apply that alone first (the destroy reads it from state; the traces "+
			"are deleted with the deployment), then apply this change;\n"+
			"  - give the new deployment another name (and add lifecycle { create_before_destroy = true } to keep the old "+
			"one serving until the new one is up);\n"+
			"  - keep the deployment: revert %s.", strings.Join(names, ", "), stateName.ValueString(), id.ValueString(),
			stateName.ValueString(), strings.Join(names, ", ")))
}

// checkCustomURL refuses a custom_url for a source that does not take one:
// the API assigns the serving URL itself (the url attribute). A configured
// value equal to what state holds (configuration generated by older
// versions) is accepted, since it changes nothing.
func (p *deploymentPlanner) checkCustomURL() {
	r := deploymentPolicy.row("source_config.custom_url")
	cv := p.at(p.cfg, r)
	if p.source == "" || r.appliesTo(p.source) || !isSet(cv) {
		return
	}
	if !p.create && cv.Equal(p.at(p.state, r)) {
		return
	}
	p.diags.AddAttributeError(r.tfPath(), "custom_url cannot be set for "+p.source+" deployments",
		fmt.Sprintf("For source %q the API assigns the serving URL itself (the url attribute); remove source_config.custom_url "+
			"from the configuration. It is settable only for external_docker deployments.", p.source))
}

// checkScale refuses scale settings the API refuses (§4.4), on the planned
// values, so a min_scale raised above the current max_scale is caught too.
func (p *deploymentPlanner) checkScale() {
	spec := attrsOf(valueAt(p.plan, []string{"source_config", "resource_spec"}))
	minV, minOK := numberOf(spec["min_scale"])
	maxV, maxOK := numberOf(spec["max_scale"])
	minPath := path.Root("source_config").AtName("resource_spec").AtName("min_scale")
	if minOK && maxOK && minV > maxV {
		p.diags.AddAttributeError(minPath, "min_scale above max_scale",
			fmt.Sprintf("source_config.resource_spec.min_scale (%d) must not exceed max_scale (%d); raise max_scale or lower min_scale.", int64(minV), int64(maxV)))
	}
	depType, _ := valueAt(p.plan, []string{"source_config", "deployment_type"}).(types.String)
	if minOK && minV == 0 && isCloudSource(p.source) && !depType.IsUnknown() {
		t := depType.ValueString()
		if depType.IsNull() {
			t = "prod" // the API's default
		}
		if !strings.HasSuffix(t, "_zero") {
			p.diags.AddAttributeError(minPath, "min_scale 0 needs a scale-to-zero deployment type",
				fmt.Sprintf("On LangSmith Cloud only dev_zero and dev_free_zero deployments may scale to zero; this one is %s. Set "+
					"min_scale to 1 or more, or use deployment_type \"dev_zero\" (which replaces the deployment).", t))
		}
	}
}

// checkListenerRequired refuses an external_docker create without
// listener_id in a workspace that has listeners, which the API refuses with
// 400 (§4.2): caught here, before a replacement has destroyed anything. It
// costs one listener list, only in plans that create such a deployment.
func (p *deploymentPlanner) checkListenerRequired() {
	id, _ := valueAt(p.cfg, []string{"source_config", "listener_id"}).(types.String)
	if p.data == nil || p.source != langsmith.SourceExternalDocker || !id.IsNull() || parentUnknown(p.cfg, []string{"source_config", "listener_id"}) {
		return
	}
	listeners, err := p.client().ListListeners(p.ctx)
	if err != nil {
		// No listeners for this organization (403), or the lookup failed:
		// the API checks again on create.
		tflog.Debug(p.ctx, "could not list listeners", map[string]any{"error": err.Error()})
		return
	}
	if len(listeners) == 0 {
		return
	}
	ids := make([]string, 0, len(listeners))
	for _, l := range listeners {
		ids = append(ids, fmt.Sprintf("%s (compute_id %s)", l.ID, l.ComputeID))
	}
	p.diags.AddAttributeError(path.Root("source_config").AtName("listener_id"), "listener_id required",
		fmt.Sprintf("This workspace has listeners, so the API requires source_config.listener_id for an external_docker "+
			"deployment: set it to one of %s.", strings.Join(ids, ", ")))
}

// warnNameTaken warns, for a create, when the workspace already has a
// deployment of that name: Terraform plans replacements it decides alone
// (taint, -replace, replace_triggered_by) as a plain create, and this is the
// provider's one chance to say the create will fail after the destroy.
func (p *deploymentPlanner) warnNameTaken() {
	name, _ := p.plan["name"].(types.String)
	if p.data == nil || !isSet(name) {
		return
	}
	existing, err := p.client().FindDeploymentByName(p.ctx, name.ValueString())
	if err != nil {
		tflog.Warn(p.ctx, "could not look the deployment name up", map[string]any{"name": name.ValueString(), "error": err.Error()})
		return
	}
	if existing == nil {
		return
	}
	p.diags.AddAttributeWarning(path.Root("name"), "A deployment with this name already exists",
		fmt.Sprintf("The workspace already has a deployment named %q (ID %s, status %s), so creating one fails with 409.\n\n"+
			"If this plan replaces it (a tainted resource, -replace or replace_triggered_by), Terraform destroys it first; unless "+
			"its state had delete_tracing_project = true the name stays reserved and the create fails after the old deployment "+
			"is gone. To keep it, run terraform untaint <address> (or drop -replace) and apply again; to replace it, apply "+
			"delete_tracing_project = true first.\n\nIf it is not managed by this configuration, import it instead: "+
			"terraform import <address> %s", name.ValueString(), existing.ID, existing.Status, existing.ID))
}

// unknownOf returns the unknown value of v's type.
func unknownOf(v attr.Value) attr.Value {
	ctx := context.Background()
	switch x := v.(type) {
	case types.String:
		return types.StringUnknown()
	case types.Bool:
		return types.BoolUnknown()
	case types.Int64:
		return types.Int64Unknown()
	case types.Float64:
		return types.Float64Unknown()
	case types.Map:
		return types.MapUnknown(x.ElementType(ctx))
	case types.List:
		return types.ListUnknown(x.ElementType(ctx))
	case types.Object:
		return types.ObjectUnknown(x.AttributeTypes(ctx))
	}
	return v
}

// checkListenerPlacement refuses, at plan time, a listener_config.k8s_namespace
// that the referenced listener does not allow, when both are known and the
// deployment is about to be created (they are create-only). It costs one GET
// of the listener, only in plans that create a deployment on a listener.
func (r *deploymentResource) checkListenerPlacement(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if r.data == nil {
		return
	}
	var listenerID, namespace types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("source_config").AtName("listener_id"), &listenerID)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("source_config").AtName("listener_config").AtName("k8s_namespace"), &namespace)...)
	if diags.HasError() || listenerID.IsNull() || listenerID.IsUnknown() || namespace.IsNull() || namespace.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var priorID, priorNS types.String
		diags.Append(req.State.GetAttribute(ctx, path.Root("source_config").AtName("listener_id"), &priorID)...)
		diags.Append(req.State.GetAttribute(ctx, path.Root("source_config").AtName("listener_config").AtName("k8s_namespace"), &priorNS)...)
		if priorID.Equal(listenerID) && priorNS.Equal(namespace) {
			return // unchanged: already placed
		}
	}
	var ws types.String
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("workspace_id"), &ws)...)
	allowed, ok, err := checkListenerNamespace(ctx, r.data.clientFor(ws.ValueString()), listenerID.ValueString(), namespace.ValueString())
	nsPath := path.Root("source_config").AtName("listener_config").AtName("k8s_namespace")
	switch {
	case langsmith.IsNotFound(err):
		diags.AddAttributeError(path.Root("source_config").AtName("listener_id"), "Unknown listener",
			fmt.Sprintf("No listener with ID %s exists in this workspace. Check source_config.listener_id, or create the listener with the langsmith_listener resource.", listenerID.ValueString()))
	case err != nil:
		// The API will check again on create; a plan does not fail on a lookup.
		tflog.Warn(ctx, "could not check the listener's namespaces", map[string]any{"listener_id": listenerID.ValueString(), "error": err.Error()})
	case !ok:
		diags.AddAttributeError(nsPath, "Namespace not allowed by the listener",
			fmt.Sprintf("source_config.listener_config.k8s_namespace is %q, but listener %s only deploys into: %s. Use one of those, "+
				"or add the namespace to the listener's compute_config.k8s_namespaces.", namespace.ValueString(), listenerID.ValueString(), strings.Join(allowed, ", ")))
	}
}
