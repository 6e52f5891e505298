package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", req.ProviderData))
		return
	}
	r.data = data
}

// ValidateConfig checks the rules that span attributes, at plan time, so bad
// input never reaches a POST.
func (r *deploymentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m deploymentResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sc, d := m.sourceConfig(ctx)
	resp.Diagnostics.Append(d...)
	src, d := m.sourceRevisionConfig(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	scPath := path.Root("source_config")
	srcPath := path.Root("source_revision_config")
	requireSet := func(v attr.Value, p path.Path, source string) {
		if v.IsNull() {
			resp.Diagnostics.AddAttributeError(p, "Missing required attribute",
				fmt.Sprintf("%s is required when source is %q.", p, source))
		}
	}
	forbid := func(v attr.Value, p path.Path, source string) {
		if !v.IsNull() && !v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(p, "Attribute not allowed for this source",
				fmt.Sprintf("%s does not apply when source is %q; remove it.", p, source))
		}
	}
	if !m.Source.IsUnknown() {
		switch s := m.Source.ValueString(); s {
		case langsmith.SourceGithub:
			requireSet(sc.IntegrationID, scPath.AtName("integration_id"), s)
			requireSet(sc.RepoURL, scPath.AtName("repo_url"), s)
			requireSet(src.LanggraphConfigPath, srcPath.AtName("langgraph_config_path"), s)
			forbid(src.ImageURI, srcPath.AtName("image_uri"), s)
			forbid(sc.ListenerID, scPath.AtName("listener_id"), s)
			forbid(m.SecretReferences, path.Root("secret_references"), s)
		case langsmith.SourceExternalDocker:
			requireSet(src.ImageURI, srcPath.AtName("image_uri"), s)
			forbid(sc.IntegrationID, scPath.AtName("integration_id"), s)
			forbid(sc.RepoURL, scPath.AtName("repo_url"), s)
			forbid(src.RepoRef, srcPath.AtName("repo_ref"), s)
			forbid(src.LanggraphConfigPath, srcPath.AtName("langgraph_config_path"), s)
		case langsmith.SourceInternalTemplate:
			requireSet(sc.TemplateID, scPath.AtName("template_id"), s)
		}
	}
	if !sc.ListenerConfig.IsNull() && sc.ListenerID.IsNull() {
		resp.Diagnostics.AddAttributeError(scPath.AtName("listener_config"), "Missing listener_id",
			"source_config.listener_config only applies together with source_config.listener_id.")
	}
	if !src.RepoRef.IsNull() && !src.RepoRef.IsUnknown() && strings.HasPrefix(src.RepoRef.ValueString(), "refs/tags/") &&
		!sc.BuildOnPush.IsNull() && !sc.BuildOnPush.IsUnknown() && sc.BuildOnPush.ValueBool() {
		resp.Diagnostics.AddAttributeError(scPath.AtName("build_on_push"), "build_on_push with a tag",
			"source_config.build_on_push must be false when source_revision_config.repo_ref is a tag ("+src.RepoRef.ValueString()+"): a tag is never pushed to.")
	}

	seen := map[string]string{}
	for _, attrName := range []string{"environment_variables", "secrets", "secrets_wo"} {
		var mv types.Map
		switch attrName {
		case "environment_variables":
			mv = m.EnvironmentVariables
		case "secrets":
			mv = m.Secrets
		default:
			mv = m.SecretsWO
		}
		// Names count even when their values are not known yet.
		for k := range mv.Elements() {
			if first, dup := seen[k]; dup {
				resp.Diagnostics.AddAttributeError(path.Root(attrName).AtMapKey(k), "Variable set twice",
					fmt.Sprintf("%q is in both %s and %s; the deployment has one set of variables, so keep it in one of them.", k, first, attrName))
				continue
			}
			seen[k] = attrName
		}
	}
}

// privateWONames is the private-state key holding the secrets_wo names.
const privateWONames = "secrets_wo_names"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// loadWONames reads the secrets_wo names recorded in private state.
func loadWONames(ctx context.Context, p privateGetter) (map[string]bool, diag.Diagnostics) {
	if p == nil {
		return nil, nil
	}
	raw, diags := p.GetKey(ctx, privateWONames)
	if len(raw) == 0 || diags.HasError() {
		return nil, diags
	}
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil {
		return nil, nil // unreadable private state: treat as no write-only secrets
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, diags
}

// saveWONames records the secrets_wo names in private state.
func saveWONames(ctx context.Context, p privateSetter, values map[string]string) diag.Diagnostics {
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	raw, _ := json.Marshal(names)
	return p.SetKey(ctx, privateWONames, raw)
}

// loadWOValues reads secrets_wo from the configuration (write-only values
// exist only there) into m.
func loadWOValues(ctx context.Context, cfg tfsdk.Config, m *deploymentResourceModel) diag.Diagnostics {
	var wo types.Map
	diags := cfg.GetAttribute(ctx, path.Root("secrets_wo"), &wo)
	if diags.HasError() {
		return diags
	}
	values, d := stringMap(ctx, wo)
	diags.Append(d...)
	m.woValues = values
	m.woNames = map[string]bool{}
	for n := range values {
		m.woNames[n] = true
	}
	return diags
}

// ModifyPlan keeps the plan quiet and honest: values that only change with a
// new revision stay as they are when the change needs none, and a change the
// API cannot make is refused before apply.
func (r *deploymentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) && nothingToRecheck(ctx, req) {
		// The common refresh-only plan: nothing changes and nothing needs a
		// second look, so skip decoding the models (about half of the
		// provider's own CPU in a plan of hundreds of deployments).
		return
	}
	r.checkListenerPlacement(ctx, req, resp)
	checkCloudCustomURL(ctx, req, resp)
	if req.State.Raw.IsNull() || resp.Diagnostics.HasError() {
		return // create
	}
	var plan, state deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(loadWOValues(ctx, req.Config, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	woNames, d := loadWONames(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	state.woNames = woNames

	// The hash the API will report once the configured variables are rolled
	// out; a difference from the refreshed hash means a variable changed
	// outside Terraform (secrets_wo ones included) or in the configuration.
	// When they match, the plan keeps the hash; otherwise it becomes unknown,
	// which plans a rollout and leaves the new value to the API.
	plan.EnvironmentHash = types.StringUnknown()
	if !plan.EnvironmentVariables.IsUnknown() && !plan.Secrets.IsUnknown() && !hasUnknownElement(plan.EnvironmentVariables) &&
		!hasUnknownElement(plan.Secrets) && configWOKnown(ctx, req.Config) {
		vars, d := plan.envSecrets(ctx)
		resp.Diagnostics.Append(d...)
		if environmentHash(state.ID.ValueString(), vars) == state.EnvironmentHash.ValueString() {
			plan.EnvironmentHash = state.EnvironmentHash
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("environment_hash"), plan.EnvironmentHash)...)

	stateVars, d := state.envSecrets(ctx)
	resp.Diagnostics.Append(d...)
	if !plan.EnvironmentVariables.IsUnknown() && !plan.Secrets.IsUnknown() {
		planVars, d := plan.envSecrets(ctx)
		resp.Diagnostics.Append(d...)
		if len(planVars) == 0 && len(stateVars) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("environment_variables"), "Cannot remove every variable",
				"The LangSmith API treats an empty list of variables as \"unchanged\", so the last environment variable or secret "+
					"of a deployment cannot be removed in place. Keep at least one variable, or replace the deployment with "+
					"terraform apply -replace=<address>.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	revision, d := needsRevision(ctx, plan, state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !revision && latestRolloutFailed(state) {
		// The configuration was accepted but its revision failed, so the
		// deployment is not running it: plan to roll it out again rather
		// than report "no changes".
		resp.Diagnostics.AddWarning("Latest LangSmith revision failed; rolling out again",
			fmt.Sprintf("Revision %s of deployment %s ended with status %s, so the deployment is not running this configuration. "+
				"This apply rolls the configuration out as a new revision.", state.LatestRevisionID.ValueString(), state.ID.ValueString(),
				state.LatestRevisionStatus.ValueString()))
		plan.LatestRevisionID = types.StringUnknown()
		plan.LatestRevisionStatus = types.StringUnknown()
		plan.ActiveRevisionID = types.StringUnknown()
		plan.UpdatedAt = types.StringUnknown()
		plan.Status = types.StringUnknown()
		plan.ImageVersion = types.StringUnknown()
		plan.URL = types.StringUnknown()
		plan.RepoCommitSHA = types.StringUnknown()
		plan.RepoBranch = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	if revision {
		return
	}
	// No new revision: everything that describes revisions stays as it is.
	plan.LatestRevisionID = state.LatestRevisionID
	plan.ActiveRevisionID = state.ActiveRevisionID
	plan.LatestRevisionStatus = state.LatestRevisionStatus
	plan.ImageVersion = state.ImageVersion
	plan.URL = state.URL
	plan.RepoCommitSHA = state.RepoCommitSHA
	plan.RepoBranch = state.RepoBranch
	plan.SourceConfig = withAttr(plan.SourceConfig, state.SourceConfig, "resource_spec")
	if !plan.SourceConfig.IsUnknown() && !state.SourceConfig.IsNull() {
		if planCustom, ok := plan.SourceConfig.Attributes()["custom_url"]; ok && planCustom.IsUnknown() {
			plan.SourceConfig = withAttr(plan.SourceConfig, state.SourceConfig, "custom_url")
		}
	}
	if plan.equalsState(state) {
		plan.Status = state.Status
		plan.UpdatedAt = state.UpdatedAt
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// nothingToRecheck reports whether an unchanged plan needs no further work:
// no write-only secrets whose drift only the hash can show, and no failed
// rollout to plan again.
func nothingToRecheck(ctx context.Context, req resource.ModifyPlanRequest) bool {
	var wo types.Map
	var status, latest, active types.String
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
	return !latestRolloutFailed(deploymentResourceModel{LatestRevisionStatus: status, LatestRevisionID: latest, ActiveRevisionID: active})
}

// checkCloudCustomURL refuses a custom_url that would be sent for a github
// deployment: there the API fills it in with the serving URL and rejects
// changes. Configuring the value the API reports (as generated config does)
// is accepted, since it changes nothing.
func checkCloudCustomURL(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var source, configured, current types.String
	p := path.Root("source_config").AtName("custom_url")
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("source"), &source)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, p, &configured)...)
	if resp.Diagnostics.HasError() || source.ValueString() != langsmith.SourceGithub || configured.IsNull() || configured.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, p, &current)...)
		if current.Equal(configured) {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(p, "custom_url cannot be set for github deployments",
		"For source \"github\" the API assigns the serving URL itself and reports it in source_config.custom_url; remove "+
			"custom_url from the configuration (it is only settable for external_docker deployments).")
}

// checkListenerPlacement refuses, at plan time, a listener_config.k8s_namespace
// that the referenced listener does not allow, when both are known and the
// deployment is about to be created (they are create-only). It costs one GET
// of the listener, only in plans that create a deployment on a listener.
func (r *deploymentResource) checkListenerPlacement(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	var listenerID, namespace types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("source_config").AtName("listener_id"), &listenerID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("source_config").AtName("listener_config").AtName("k8s_namespace"), &namespace)...)
	if resp.Diagnostics.HasError() || listenerID.IsNull() || listenerID.IsUnknown() || namespace.IsNull() || namespace.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var priorID, priorNS types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("source_config").AtName("listener_id"), &priorID)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("source_config").AtName("listener_config").AtName("k8s_namespace"), &priorNS)...)
		if priorID.Equal(listenerID) && priorNS.Equal(namespace) {
			return // unchanged: already placed
		}
	}
	allowed, ok, err := checkListenerNamespace(ctx, r.data.client, listenerID.ValueString(), namespace.ValueString())
	nsPath := path.Root("source_config").AtName("listener_config").AtName("k8s_namespace")
	switch {
	case langsmith.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("source_config").AtName("listener_id"), "Unknown listener",
			fmt.Sprintf("No listener with ID %s exists in this workspace. Check source_config.listener_id, or create the listener with the langsmith_listener resource.", listenerID.ValueString()))
	case err != nil:
		// The API will check again on create; a plan does not fail on a lookup.
		tflog.Warn(ctx, "could not check the listener's namespaces", map[string]any{"listener_id": listenerID.ValueString(), "error": err.Error()})
	case !ok:
		resp.Diagnostics.AddAttributeError(nsPath, "Namespace not allowed by the listener",
			fmt.Sprintf("source_config.listener_config.k8s_namespace is %q, but listener %s only deploys into: %s. Use one of those, "+
				"or add the namespace to the listener's compute_config.k8s_namespaces.", namespace.ValueString(), listenerID.ValueString(), strings.Join(allowed, ", ")))
	}
}

// latestRolloutFailed reports whether the newest revision ended in failure
// while another revision still serves traffic.
func latestRolloutFailed(state deploymentResourceModel) bool {
	if state.LatestRevisionStatus.IsNull() || state.LatestRevisionStatus.IsUnknown() {
		return false
	}
	done, failed := classifyRevision(state.LatestRevisionStatus.ValueString())
	return done && failed && !state.LatestRevisionID.Equal(state.ActiveRevisionID)
}

func hasUnknownElement(m types.Map) bool {
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// configWOKnown reports whether secrets_wo is fully known in the configuration.
func configWOKnown(ctx context.Context, cfg tfsdk.Config) bool {
	var wo types.Map
	if diags := cfg.GetAttribute(ctx, path.Root("secrets_wo"), &wo); diags.HasError() {
		return false
	}
	return !wo.IsUnknown() && !hasUnknownElement(wo)
}

// equalsState reports whether nothing the user controls changes.
func (m deploymentResourceModel) equalsState(s deploymentResourceModel) bool {
	return m.DisplayName.Equal(s.DisplayName) && m.SourceConfig.Equal(s.SourceConfig) &&
		m.DeleteTracingProject.Equal(s.DeleteTracingProject) && m.Timeouts.Equal(s.Timeouts)
}

// withAttr returns obj with the named attributes copied from from.
func withAttr(obj, from types.Object, names ...string) types.Object {
	if obj.IsNull() || obj.IsUnknown() || from.IsNull() || from.IsUnknown() {
		return obj
	}
	attrs := obj.Attributes()
	copied := make(map[string]attr.Value, len(attrs))
	for k, v := range attrs {
		copied[k] = v
	}
	for _, n := range names {
		copied[n] = from.Attributes()[n]
	}
	out, diags := types.ObjectValue(obj.AttributeTypes(context.Background()), copied)
	if diags.HasError() {
		return obj
	}
	return out
}

// needsRevision reports whether going from state to plan rolls out a new
// revision (contract §6): revision config, variables, secret references,
// install/build commands or a configured resource_spec field changed.
func needsRevision(ctx context.Context, plan, state deploymentResourceModel) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	psc, d := plan.sourceConfig(ctx)
	diags.Append(d...)
	ssc, d := state.sourceConfig(ctx)
	diags.Append(d...)
	psrc, d := plan.sourceRevisionConfig(ctx)
	diags.Append(d...)
	ssrc, d := state.sourceRevisionConfig(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return false, diags
	}
	if !psrc.RepoRef.Equal(ssrc.RepoRef) || !psrc.LanggraphConfigPath.Equal(ssrc.LanggraphConfigPath) || !psrc.ImageURI.Equal(ssrc.ImageURI) ||
		!psc.InstallCommand.Equal(ssc.InstallCommand) || !psc.BuildCommand.Equal(ssc.BuildCommand) ||
		!plan.EnvironmentVariables.Equal(state.EnvironmentVariables) || !plan.Secrets.Equal(state.Secrets) ||
		!plan.SecretReferences.Equal(state.SecretReferences) || !plan.SecretsWOVersion.Equal(state.SecretsWOVersion) ||
		!plan.EnvironmentHash.Equal(state.EnvironmentHash) {
		// Moving a variable between environment_variables and secrets changes
		// nothing on the API side; only a change of the merged set counts.
		if onlyVariablesMoved(ctx, plan, state, psrc, ssrc, psc, ssc) {
			return false, diags
		}
		return true, diags
	}
	return specChanged(psc.ResourceSpec, ssc.ResourceSpec), diags
}

func onlyVariablesMoved(ctx context.Context, plan, state deploymentResourceModel, psrc, ssrc sourceRevisionConfigModel, psc, ssc sourceConfigModel) bool {
	if !psrc.RepoRef.Equal(ssrc.RepoRef) || !psrc.LanggraphConfigPath.Equal(ssrc.LanggraphConfigPath) || !psrc.ImageURI.Equal(ssrc.ImageURI) ||
		!psc.InstallCommand.Equal(ssc.InstallCommand) || !psc.BuildCommand.Equal(ssc.BuildCommand) ||
		!plan.SecretReferences.Equal(state.SecretReferences) || plan.EnvironmentVariables.IsUnknown() || plan.Secrets.IsUnknown() ||
		!plan.SecretsWOVersion.Equal(state.SecretsWOVersion) || !plan.EnvironmentHash.Equal(state.EnvironmentHash) {
		return false
	}
	pv, d1 := plan.envSecrets(ctx)
	sv, d2 := state.envSecrets(ctx)
	if d1.HasError() || d2.HasError() || len(pv) != len(sv) {
		return false
	}
	for i := range pv {
		if pv[i] != sv[i] {
			return false
		}
	}
	return true
}

// specChanged reports whether any resource_spec field known in the plan
// differs from state. Unknown plan fields are the API's to fill.
func specChanged(plan, state types.Object) bool {
	if plan.IsNull() || plan.IsUnknown() {
		return false
	}
	if state.IsNull() || state.IsUnknown() {
		for _, v := range plan.Attributes() {
			if !v.IsNull() && !v.IsUnknown() {
				return true
			}
		}
		return false
	}
	sattrs := state.Attributes()
	for k, v := range plan.Attributes() {
		if v.IsUnknown() {
			continue
		}
		if !v.Equal(sattrs[k]) {
			return true
		}
	}
	return false
}

func (r *deploymentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(loadWOValues(ctx, req.Config, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	body, d := plan.createRequest(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := r.data.client
	dep, err := c.CreateDeployment(ctx, body)
	if err != nil {
		resp.Diagnostics.AddError("Error creating LangSmith deployment", r.createErrorDetail(ctx, body.Name, err))
		return
	}
	tflog.Info(ctx, "created LangSmith deployment", map[string]any{"deployment_id": dep.ID, "revision_id": deref(dep.LatestRevisionID)})

	// From here on the deployment exists: its ID goes to state before any
	// other step, so a later failure taints it instead of orphaning it.
	state, d := newDeploymentModel(ctx, dep, &plan)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(saveWONames(ctx, resp.Private, plan.woValues)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if name := stringPtr(plan.DisplayName); name != nil {
		dep, err = c.PatchDeployment(ctx, dep.ID, &langsmith.DeploymentPatchRequest{DisplayName: name})
		if err != nil {
			resp.Diagnostics.AddError("Error setting LangSmith deployment display_name",
				errorDetail(r.data, fmt.Sprintf("deployment %s", state.ID.ValueString()), err)+
					"\n\nThe deployment was created and is in state, marked tainted.")
			return
		}
	}

	state, ok := r.waitAndRefresh(ctx, dep, &plan, state, "creating", &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// waitAndRefresh waits for the deployment's latest revision and reads the
// deployment back. On failure it records what is known in st and reports
// the error; ok is false then.
func (r *deploymentResource) waitAndRefresh(ctx context.Context, dep *langsmith.Deployment, plan *deploymentResourceModel,
	state deploymentResourceModel, verb string, st stateSetter, diags *diag.Diagnostics,
) (deploymentResourceModel, bool) {
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
	state.LatestRevisionID = types.StringValue(revisionID)

	rev, err := waitForRevision(ctx, c, dep.ID, revisionID)
	if rev != nil {
		state.LatestRevisionStatus = types.StringValue(rev.Status)
	}
	if err != nil {
		if rev == nil {
			state.LatestRevisionStatus = types.StringNull()
		}
		diags.Append(st.Set(ctx, &state)...)
		diags.AddError("Error "+verb+" LangSmith deployment", r.waitErrorDetail(dep.ID, revisionID, verb, err))
		return state, false
	}

	final, err := c.GetDeployment(ctx, dep.ID)
	if err != nil {
		diags.Append(st.Set(ctx, &state)...)
		diags.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+dep.ID, err)+
			"\n\nRevision "+revisionID+" is "+rev.Status+"; run terraform apply again to refresh the rest of the state.")
		return state, false
	}
	out, d := newDeploymentModel(ctx, final, plan)
	diags.Append(d...)
	out.LatestRevisionStatus = types.StringValue(rev.Status)
	if deref(final.LatestRevisionID) != revisionID {
		// Someone (or build_on_push) started a newer revision meanwhile.
		out.LatestRevisionStatus = types.StringNull()
		if deref(final.LatestRevisionID) == deref(final.ActiveRevisionID) {
			out.LatestRevisionStatus = types.StringValue(langsmith.RevisionDeployed)
		}
	}
	return out, !diags.HasError()
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

func (r *deploymentResource) waitErrorDetail(deploymentID, revisionID, verb string, err error) string {
	var failed *revisionFailedError
	next := "The deployment is in state. "
	if verb == "creating" {
		next += "It is marked tainted, so the next terraform apply replaces it; run terraform untaint to keep it instead."
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

// createErrorDetail explains a failed POST; a taken name gets the exact
// import command.
func (r *deploymentResource) createErrorDetail(ctx context.Context, name string, err error) string {
	detail := errorDetail(r.data, fmt.Sprintf("new deployment %q", name), err)
	if !langsmith.IsConflict(err) {
		return detail
	}
	existing, lookupErr := r.data.client.FindDeploymentByName(ctx, name)
	if lookupErr == nil && existing != nil {
		return detail + fmt.Sprintf("\n\nA deployment named %q already exists (ID %s). To manage it with Terraform, import it:\n\n"+
			"  terraform import <resource address> %s\n\nor add an import block with id = %q.", name, existing.ID, existing.ID, existing.ID)
	}
	return detail + fmt.Sprintf("\n\nThe name %q is taken, possibly by the tracing project of a deleted deployment. Choose another "+
		"name, or delete the old tracing project (set delete_tracing_project = true on deployments you intend to replace).", name)
}

func (r *deploymentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state deploymentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	woNames, d := loadWONames(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.woNames = woNames
	c := r.data.client
	dep, err := c.GetDeployment(ctx, state.ID.ValueString())
	if langsmith.IsNotFound(err) {
		tflog.Warn(ctx, "LangSmith deployment not found; removing it from state", map[string]any{"deployment_id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+state.ID.ValueString(), err))
		return
	}
	if dep.Status == langsmith.DeploymentAwaitingDelete || dep.Status == langsmith.DeploymentAwaitingFinalDelete {
		// Deleted outside Terraform and on its way out: plan a new one.
		tflog.Warn(ctx, "LangSmith deployment is being deleted; removing it from state", map[string]any{"deployment_id": dep.ID})
		resp.State.RemoveResource(ctx)
		return
	}
	next, d := newDeploymentModel(ctx, dep, &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	next.LatestRevisionStatus = r.latestRevisionStatus(ctx, dep, state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// latestRevisionStatus finds the latest revision's status with as few calls
// as possible: when it is the active revision it is DEPLOYED; when state
// already holds a final status for the same revision it cannot have changed;
// only otherwise is the revision fetched. A revision that 404s keeps the
// deployment in state (the revision may be pruned; the deployment is still
// there) with the status last known for that revision, or none.
func (r *deploymentResource) latestRevisionStatus(ctx context.Context, dep *langsmith.Deployment, prior deploymentResourceModel, diags *diag.Diagnostics) types.String {
	latest := deref(dep.LatestRevisionID)
	switch {
	case latest == "":
		return types.StringNull()
	case latest == deref(dep.ActiveRevisionID):
		return types.StringValue(langsmith.RevisionDeployed)
	case prior.LatestRevisionID.ValueString() == latest && !prior.LatestRevisionStatus.IsNull():
		if done, _ := classifyRevision(prior.LatestRevisionStatus.ValueString()); done {
			return prior.LatestRevisionStatus
		}
	}
	rev, err := r.data.client.GetRevision(ctx, dep.ID, latest)
	if langsmith.IsNotFound(err) {
		if prior.LatestRevisionID.ValueString() == latest {
			return known(prior.LatestRevisionStatus)
		}
		return types.StringNull()
	}
	if err != nil {
		diags.AddError("Error reading LangSmith deployment revision", errorDetail(r.data, fmt.Sprintf("revision %s of deployment %s", latest, dep.ID), err))
		return known(prior.LatestRevisionStatus)
	}
	return types.StringValue(rev.Status)
}

func (r *deploymentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state deploymentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(loadWOValues(ctx, req.Config, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	woNames, d := loadWONames(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	state.woNames = woNames
	timeout, d := plan.Timeouts.Update(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	revision, d := needsRevision(ctx, plan, state)
	resp.Diagnostics.Append(d...)
	revision = revision || latestRolloutFailed(state)
	patch, d := r.patchRequest(ctx, plan, state, revision)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	c := r.data.client

	if patch == nil {
		// Only Terraform-side settings (timeouts, delete_tracing_project) or
		// the split between environment_variables and secrets changed.
		next := state
		next.DeleteTracingProject = plan.DeleteTracingProject
		next.Timeouts = plan.Timeouts
		next.EnvironmentVariables = plan.EnvironmentVariables
		next.Secrets = plan.Secrets
		next.DisplayName = plan.DisplayName
		next.SecretsWOVersion = plan.SecretsWOVersion
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}

	dep, err := c.PatchDeployment(ctx, id, patch)
	if err != nil {
		resp.Diagnostics.AddError("Error updating LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return
	}
	if revision {
		resp.Diagnostics.Append(saveWONames(ctx, resp.Private, plan.woValues)...)
	}
	next, d := newDeploymentModel(ctx, dep, &plan)
	resp.Diagnostics.Append(d...)
	if !revision {
		next.LatestRevisionStatus = state.LatestRevisionStatus
		keepPlanned(&next, plan)
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		return
	}

	// The API accepted a new revision: record it before waiting, so an
	// interrupted or failed wait leaves state that matches the API.
	if deref(dep.LatestRevisionID) == state.LatestRevisionID.ValueString() {
		// Older servers answer a PATCH with the previous latest_revision_id.
		latest, err := c.LatestRevision(ctx, id)
		if err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
			resp.Diagnostics.AddError("Error updating LangSmith deployment", errorDetail(r.data, "the revisions of deployment "+id, err))
			return
		}
		if latest != nil {
			dep.LatestRevisionID = &latest.ID
		}
	}
	next.LatestRevisionStatus = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	final, ok := r.waitAndRefresh(ctx, dep, &plan, next, "updating", &resp.State, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &final)...)
}

// keepPlanned keeps the values ModifyPlan promised for a change that rolls
// out no revision, so a server that moves them anyway cannot fail the apply;
// the next refresh reports them as they are.
func keepPlanned(next *deploymentResourceModel, plan deploymentResourceModel) {
	for _, p := range []struct {
		dst *types.String
		src types.String
	}{
		{&next.LatestRevisionID, plan.LatestRevisionID},
		{&next.ActiveRevisionID, plan.ActiveRevisionID},
		{&next.ImageVersion, plan.ImageVersion},
		{&next.URL, plan.URL},
		{&next.RepoBranch, plan.RepoBranch},
		{&next.RepoCommitSHA, plan.RepoCommitSHA},
	} {
		if !p.src.IsUnknown() {
			*p.dst = p.src
		}
	}
	if !plan.SourceConfig.IsUnknown() {
		for _, n := range []string{"custom_url", "resource_spec"} {
			if v := plan.SourceConfig.Attributes()[n]; v != nil && !v.IsUnknown() && !hasUnknown(v) {
				next.SourceConfig = withAttr(next.SourceConfig, plan.SourceConfig, n)
			}
		}
	}
}

func hasUnknown(v attr.Value) bool {
	if v.IsUnknown() {
		return true
	}
	if o, ok := v.(types.Object); ok && !o.IsNull() {
		for _, a := range o.Attributes() {
			if hasUnknown(a) {
				return true
			}
		}
	}
	return false
}

// patchRequest builds the one PATCH that takes state to plan, or nil when the
// API has nothing to change. A resource_spec change is merged over the
// server's current spec so fields Terraform does not manage survive.
func (r *deploymentResource) patchRequest(ctx context.Context, plan, state deploymentResourceModel, revision bool) (*langsmith.DeploymentPatchRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	psc, d := plan.sourceConfig(ctx)
	diags.Append(d...)
	ssc, d := state.sourceConfig(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	patch := &langsmith.DeploymentPatchRequest{ExpectedLatestRevisionID: state.LatestRevisionID.ValueString()}
	changed := false
	if !plan.DisplayName.IsUnknown() && !plan.DisplayName.IsNull() && !plan.DisplayName.Equal(state.DisplayName) {
		patch.DisplayName = stringPtr(plan.DisplayName)
		changed = true
	}
	var sc langsmith.SourceConfig
	scChanged := false
	if !psc.BuildOnPush.IsUnknown() && !psc.BuildOnPush.IsNull() && !psc.BuildOnPush.Equal(ssc.BuildOnPush) {
		sc.BuildOnPush = boolPtr(psc.BuildOnPush)
		scChanged = true
	}
	if !psc.CustomURL.IsUnknown() && !psc.CustomURL.IsNull() && !psc.CustomURL.Equal(ssc.CustomURL) {
		sc.CustomURL = stringPtr(psc.CustomURL)
		scChanged = true
	}
	if revision {
		src, d := plan.sourceRevisionConfig(ctx)
		diags.Append(d...)
		vars, d := plan.envSecrets(ctx)
		diags.Append(d...)
		refs, d := plan.secretReferences(ctx)
		diags.Append(d...)
		if diags.HasError() {
			return nil, diags
		}
		// The whole revision config is sent, so the new revision is exactly
		// what the configuration says.
		patch.SourceRevisionConfig = &langsmith.SourceRevisionConfig{
			RepoRef:             stringPtr(src.RepoRef),
			LanggraphConfigPath: stringPtr(src.LanggraphConfigPath),
			ImageURI:            stringPtr(src.ImageURI),
		}
		patch.Secrets = vars
		if !plan.SecretReferences.Equal(state.SecretReferences) {
			if refs == nil {
				refs = []langsmith.SecretReference{}
			}
			patch.SecretReferences = &refs
		}
		if !psc.InstallCommand.Equal(ssc.InstallCommand) {
			sc.InstallCommand = stringPtr(psc.InstallCommand)
			scChanged = true
		}
		if !psc.BuildCommand.Equal(ssc.BuildCommand) {
			sc.BuildCommand = stringPtr(psc.BuildCommand)
			scChanged = true
		}
		if specChanged(psc.ResourceSpec, ssc.ResourceSpec) {
			want, d := resourceSpecFromObject(ctx, psc.ResourceSpec)
			diags.Append(d...)
			current, err := r.data.client.GetDeployment(ctx, state.ID.ValueString())
			if err != nil {
				diags.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+state.ID.ValueString(), err))
				return nil, diags
			}
			sc.ResourceSpec = current.SourceConfig.ResourceSpec.Merge(want)
			scChanged = true
		}
		changed = true
	}
	if scChanged {
		patch.SourceConfig = &sc
		changed = true
	}
	if !changed {
		return nil, diags
	}
	return patch, diags
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
		resp.Diagnostics.AddError("Error deleting LangSmith deployment",
			errorDetail(r.data, "deployment "+id, err)+"\n\nThe API accepted the delete; the deployment stays in state until "+
				"the API reports it gone. Run terraform destroy again to keep waiting.")
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
