package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var _ resource.ResourceWithUpgradeState = (*deploymentResource)(nil)

// UpgradeState upgrades state written by older versions of the schema:
// version 0 (0.1.0) named the workspace tenant_id, version 1 workspace_id.
// Attributes added since are null in the upgraded state; the next refresh
// fills them in.
func (r *deploymentResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeDeploymentV0}}
}

func upgradeDeploymentV0(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil || len(req.RawState.JSON) == 0 {
		resp.Diagnostics.AddError("Cannot upgrade LangSmith deployment state", "The state of schema version 0 has no JSON to upgrade.")
		return
	}
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(req.RawState.JSON, &attrs); err != nil {
		resp.Diagnostics.AddError("Cannot upgrade LangSmith deployment state", "The state of schema version 0 is not a JSON object: "+err.Error())
		return
	}
	if v, ok := attrs["tenant_id"]; ok {
		attrs["workspace_id"] = v
		delete(attrs, "tenant_id")
	}
	out, err := json.Marshal(attrs)
	if err != nil {
		resp.Diagnostics.AddError("Cannot upgrade LangSmith deployment state", err.Error())
		return
	}
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: out}
}
