package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// patchRequest builds the one PATCH that takes state to plan's
// configuration, or nil when it has nothing to change (tracked_repo_ref and
// the tiers have requests of their own, see Update). In-place rows are sent when they change; when
// the plan rolls out a revision, everything that defines one is sent with
// it, so the new revision is exactly the configuration (§5.4): the whole
// source_revision_config, the whole list of variables, and the resource spec
// when it changes (see specRequest).
func (r *deploymentResource) patchRequest(ctx context.Context, c *langsmith.Client, plan deploymentResourceModel, planRoot, stateRoot map[string]attr.Value,
	wo writeOnlyConfig, revision bool,
) (*langsmith.DeploymentPatchRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	patch := &langsmith.DeploymentPatchRequest{ExpectedLatestRevisionID: knownString(stateRoot["latest_revision_id"]).ValueString()}
	changed := func(p string) bool {
		row := deploymentPolicy.row(p)
		pv, sv := valueAt(planRoot, row.steps()), valueAt(stateRoot, row.steps())
		return isSet(pv) && (sv == nil || !pv.Equal(sv))
	}
	send := false
	if changed("display_name") {
		patch.DisplayName = stringPtr(plan.DisplayName)
		send = true
	}
	if changed("route_through_gateway") {
		patch.RouteThroughGateway = boolPtr(plan.RouteThroughGateway)
		send = true
	}
	sc, d := plan.sourceConfig(ctx)
	diags.Append(d...)
	var body langsmith.SourceConfig
	scChanged := false
	if changed("source_config.build_on_push") {
		body.BuildOnPush = boolPtr(sc.BuildOnPush)
		scChanged = true
	}
	if changed("source_config.custom_url") {
		body.CustomURL = stringPtr(sc.CustomURL)
		scChanged = true
	}
	if revision {
		src, d := plan.sourceRevisionConfig(ctx)
		diags.Append(d...)
		secrets := plan.Secrets
		if secrets.IsUnknown() {
			// Planned while another variable attribute was unknown: the
			// server's other variables, less those configured elsewhere.
			stateSec, _ := stateRoot["secrets"].(types.Map)
			secrets = plannedSecrets(stateSec, plan.EnvironmentVariables, wo)
		}
		vars, d := requestVariables(ctx, plan.EnvironmentVariables, secrets, wo.values)
		diags.Append(d...)
		refs, d := plan.secretReferences(ctx)
		diags.Append(d...)
		if diags.HasError() {
			return nil, diags
		}
		patch.SourceRevisionConfig = &langsmith.SourceRevisionConfig{
			RepoRef:             stringPtr(src.RepoRef),
			LanggraphConfigPath: stringPtr(src.LanggraphConfigPath),
			ImageURI:            stringPtr(src.ImageURI),
		}
		patch.Secrets = vars
		if !valueAt(planRoot, []string{"secret_references"}).Equal(valueAt(stateRoot, []string{"secret_references"})) {
			if refs == nil {
				refs = []langsmith.SecretReference{} // [] clears them; null would keep them
			}
			patch.SecretReferences = &refs
		}
		if changed("source_config.install_command") {
			body.InstallCommand = stringPtr(sc.InstallCommand)
			scChanged = true
		}
		if changed("source_config.build_command") {
			body.BuildCommand = stringPtr(sc.BuildCommand)
			scChanged = true
		}
		spec, d := r.specRequest(ctx, c, planRoot, stateRoot)
		diags.Append(d...)
		if spec != nil {
			body.ResourceSpec = spec
			scChanged = true
		}
		send = true
	}
	if scChanged {
		patch.SourceConfig = &body
		send = true
	}
	if diags.HasError() || !send {
		return nil, diags
	}
	return patch, diags
}

// specRequest returns the resource spec to send, or nil when it does not
// change. A non-null spec replaces the whole spec on the API (§4.2), so it is
// the planned one: configured fields, fields left out at their current value
// (set somewhere, so they survive), and nothing for fields the plan leaves
// unknown, which the API derives from their inputs (a cpu_limit that was
// twice the old cpu follows the new cpu instead of being frozen). The
// Kubernetes members (volumes, sidecars, ...) are sent from the plan too.
// Fields this provider does not model (newer fields, and keys inside volumes
// and containers it does not know) are read from the API right before, one
// GET, and sent back as they are.
func (r *deploymentResource) specRequest(ctx context.Context, c *langsmith.Client, planRoot, stateRoot map[string]attr.Value) (*langsmith.ResourceSpec, diag.Diagnostics) {
	var diags diag.Diagnostics
	steps := []string{"source_config", "resource_spec"}
	planned, _ := valueAt(planRoot, steps).(types.Object)
	current, _ := valueAt(stateRoot, steps).(types.Object)
	if planned.IsNull() || planned.IsUnknown() || planned.Equal(current) {
		return nil, diags
	}
	want, d := resourceSpecFromObject(ctx, planned)
	diags.Append(d...)
	id := knownString(stateRoot["id"]).ValueString()
	dep, err := c.GetDeployment(ctx, id)
	if err != nil {
		diags.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+id, err))
		return nil, diags
	}
	if cur := dep.SourceConfig.ResourceSpec; cur != nil && len(cur.Extra) > 0 {
		want.Extra = cur.Extra
	}
	carryKubeExtras(want, dep.SourceConfig.ResourceSpec)
	return want, diags
}
