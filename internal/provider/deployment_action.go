package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ action.ActionWithConfigure = (*deploymentRedeployAction)(nil)
)

func newDeploymentRedeployAction() action.Action { return &deploymentRedeployAction{} }

// deploymentRedeployAction is the action langsmith_deployment_redeploy
// (Terraform 1.14+): a redeploy as a verb, run by `terraform apply
// -invoke=action.langsmith_deployment_redeploy.<name>` or by an
// action_trigger, with nothing kept in state. The resource of the same name
// does the same for older CLIs, as the record of a one-off change.
type deploymentRedeployAction struct {
	data *providerData
}

type deploymentRedeployActionModel struct {
	DeploymentID types.String   `tfsdk:"deployment_id"`
	RevisionID   types.String   `tfsdk:"revision_id"`
	WorkspaceID  types.String   `tfsdk:"workspace_id"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (a *deploymentRedeployAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_redeploy"
}

func (a *deploymentRedeployAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	timeoutsAttr, _ := timeouts.AttributesWithOpts(ctx, timeouts.Opts{
		InvokeDescription: "How long to wait for the new revision to be `DEPLOYED` (default `30m`), such as `\"45m\"`.",
	}).(schema.SingleNestedAttribute)
	timeoutsAttr.MarkdownDescription = "How long the redeploy may take."

	resp.Schema = schema.Schema{
		MarkdownDescription: "Redeploys a revision of a deployment (Terraform 1.14 and newer): the chosen one, to roll back " +
			"(or forward), or the latest one, to restart the deployment. The API rolls out a **new** revision that copies the " +
			"chosen revision's `source_revision_config` (variables and resources stay those of the latest revision); the " +
			"action waits until it is `DEPLOYED` and reports every status it passes through. Run it with `terraform apply " +
			"-invoke=action.langsmith_deployment_redeploy.<name>` or from a resource's `action_trigger`. Nothing is kept in " +
			"state. On Terraform older than 1.14 and on OpenTofu, use the `langsmith_deployment_redeploy` resource instead. " +
			"After a rollback, the next plan of the `langsmith_deployment` shows it as drift of `source_revision_config`; " +
			"after a restart it is empty.",
		Attributes: map[string]schema.Attribute{
			"deployment_id": schema.StringAttribute{
				MarkdownDescription: "ID of the deployment to redeploy.",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"revision_id": schema.StringAttribute{
				MarkdownDescription: "ID of the revision whose `source_revision_config` to roll out again (the " +
					"`langsmith_deployment_revisions` data source with `status = [\"DEPLOYED\"]` lists candidates). Left out, " +
					"the deployment's latest revision: a restart. A revision that failed cannot be redeployed.",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the workspace the deployment lives in (its `workspace_id`). Defaults to the " +
					"provider's `workspace_id` (or the API key's workspace).",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"timeouts": timeoutsAttr,
		},
	}
}

func (a *deploymentRedeployAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// Invoke redeploys the revision and waits, with the one poller, until the
// revision the redeploy rolled out is DEPLOYED (or SKIPPED, when a newer one
// superseded it). Every status the revision reaches is a progress event. A
// failure, a timeout or a cancel after the API accepted the redeploy says
// which revision goes on rolling out: nothing is undone.
func (a *deploymentRedeployAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m deploymentRedeployActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil {
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", "The provider is not configured.")
		return
	}
	timeout, d := m.Timeouts.Invoke(ctx, defaultDeploymentTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	progress := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		tflog.Info(ctx, msg)
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}

	c := a.data.clientFor(m.WorkspaceID.ValueString())
	depID := m.DeploymentID.ValueString()
	dep, err := c.GetDeployment(ctx, depID)
	if err != nil {
		detail := errorDetail(a.data, "deployment "+depID, err)
		if langsmith.IsNotFound(err) {
			detail += "\n\nCheck deployment_id, and workspace_id if the deployment lives in another workspace than the provider's."
		}
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", detail)
		return
	}
	previous := deref(dep.LatestRevisionID)
	revID, kind := m.RevisionID.ValueString(), "a rollback"
	if revID == "" {
		kind, revID = "a restart", previous
		if revID == "" {
			latest, err := c.LatestRevision(ctx, depID)
			if err != nil || latest == nil {
				resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision",
					fmt.Sprintf("Deployment %s has no revision to restart.%s", depID, suffix(" Listing its revisions failed: ", errString(err))))
				return
			}
			revID = latest.ID
		}
	}
	progress("Redeploying revision %s of deployment %s %q (%s)", revID, depID, dep.Name, kind)
	newRev, err := redeploy(ctx, c, depID, revID, previous)
	if err != nil {
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", redeployErrorDetail(a.data, depID, revID, err))
		return
	}
	progress("Revision %s rolls out: a copy of revision %s", newRev, revID)
	rev, err := waitForRevision(ctx, a.data.schedule(), c, depID, newRev, func(status string) { progress("Revision %s: %s", newRev, status) })
	err = attachFailureLog(ctx, c, err, redactorFor(a.data, deploymentSecretValues(dep, nil, nil)...)) // the log of a failed revision
	if err != nil {
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", actionWaitDetail(a.data, depID, revID, newRev, err))
		return
	}
	tflog.Info(ctx, "redeployed LangSmith deployment revision", map[string]any{
		"deployment_id": depID, "revision_id": revID, "resulting_revision_id": newRev, "status": rev.Status,
	})
}

// redeploy asks the API to redeploy revision revID and returns the ID of
// the revision it rolls out. previous, the latest revision before the call,
// tells a new revision from an old server's answer with the deployment as it
// was, and lets the client resolve an ambiguous POST without sending it
// twice.
func redeploy(ctx context.Context, c *langsmith.Client, depID, revID, previous string) (string, error) {
	dep, err := c.RedeployRevision(ctx, depID, revID, previous)
	if err != nil {
		return "", err
	}
	newRev := deref(dep.LatestRevisionID)
	if newRev != "" && newRev != previous {
		return newRev, nil
	}
	latest, err := c.LatestRevision(ctx, depID)
	if err == nil && latest != nil && latest.ID != previous {
		return latest.ID, nil
	}
	msg := "the API accepted the redeploy but reported no new revision, so there is nothing to wait for; check the deployment in the LangSmith UI"
	if err != nil {
		return "", fmt.Errorf("%s (listing its revisions failed: %w)", msg, err)
	}
	return "", errors.New(msg)
}

// redeployErrorDetail explains a redeploy the API refused.
func redeployErrorDetail(data *providerData, depID, revID string, err error) string {
	detail := errorDetail(data, fmt.Sprintf("redeploy of revision %s of deployment %s", revID, depID), err)
	switch langsmith.StatusCode(err) {
	case 400:
		detail += "\n\nThe API refused to redeploy this revision; a revision that failed to build or deploy cannot be redeployed. " +
			"Pick a revision that was DEPLOYED (the langsmith_deployment_revisions data source with status = [\"DEPLOYED\"] lists them)."
	case 404:
		detail += "\n\nThe revision is not one of this deployment's revisions (or it was pruned)."
	}
	return detail
}

// actionWaitDetail explains a redeploy that the API accepted but that did
// not reach DEPLOYED within the action: the new revision failed, the wait
// timed out, or it was cancelled (Ctrl-C). The API goes on either way.
func actionWaitDetail(data *providerData, depID, revID, newRev string, err error) string {
	var failed *revisionFailedError
	switch {
	case errors.As(err, &failed):
		return fmt.Sprintf("Revision %s of deployment %s (the redeploy of revision %s) ended with status %s", newRev, depID, revID, failed.Status) +
			suffix(": ", failed.Message) + ".\n\nThe deployment goes on serving its active revision; invoke the action again " +
			"with another revision_id to roll out another one." + failed.logSection()
	case errors.Is(err, errWaitTimeout):
		return fmt.Sprintf("Deployment %s: %s.\n\nThe API accepted the redeploy and revision %s is still rolling out; nothing was "+
			"cancelled, so do not invoke the action again for it. Raise timeouts (timeouts = { invoke = \"60m\" }) if builds take longer.",
			depID, err.Error(), newRev)
	case errors.Is(err, context.Canceled):
		return fmt.Sprintf("Stopped waiting for revision %s of deployment %s (the redeploy of revision %s): %s.\n\nThe API accepted "+
			"the redeploy, and the revision goes on rolling out; its status is in the LangSmith UI and in the deployment's "+
			"latest_revision_status after the next refresh.", newRev, depID, revID, err.Error())
	default:
		return errorDetail(data, fmt.Sprintf("revision %s of deployment %s", newRev, depID), err) +
			"\n\nThe API accepted the redeploy; the revision may still be rolling out."
	}
}
