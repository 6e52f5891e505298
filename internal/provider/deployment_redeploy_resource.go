package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ resource.ResourceWithConfigure  = (*deploymentRedeployResource)(nil)
	_ resource.ResourceWithModifyPlan = (*deploymentRedeployResource)(nil)
)

// deploymentRedeployPolicy is the attribute policy table of
// langsmith_deployment_redeploy (see policy.go): every input runs the redeploy
// again, and what it recorded never changes.
var deploymentRedeployPolicy = policyTable{
	{path: "id", kind: kindStableComputed},
	{path: "workspace_id", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer, empty: emptyRefused,
		normalise: lowerString, normaliseDesc: "UUIDs compared case-insensitively"},
	{path: "deployment_id", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused},
	{path: "revision_id", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused},
	{path: "triggers", kind: kindUserSet, change: changeReplace, removal: removalReplaces,
		matrix: &matrixValues{set: `{ incident = "INC-1" }`, change: `{ incident = "INC-2" }`, empty: `{}`}},
	{path: "resulting_revision_id", kind: kindStableComputed},
	{path: "status", kind: kindStableComputed},
	{path: "timeouts", kind: kindLocal, change: changeLocal, removal: removalClears,
		matrix: &matrixValues{set: `{ create = "20m" }`, change: `{ create = "25m" }`}},
}

var deploymentRedeployObjectType = sync.OnceValue(func() types.ObjectType {
	return objectTypeOf(context.Background(), &deploymentRedeployResource{})
})

// ModifyPlan plans from deploymentRedeployPolicy.
func (r *deploymentRedeployResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planFromTable(ctx, deploymentRedeployPolicy, deploymentRedeployObjectType(), req, resp, workspaceDefault(r.data))
}

func newDeploymentRedeployResource() resource.Resource { return &deploymentRedeployResource{} }

type deploymentRedeployResource struct {
	data *providerData
}

type deploymentRedeployResourceModel struct {
	ID                  types.String   `tfsdk:"id"`
	DeploymentID        types.String   `tfsdk:"deployment_id"`
	RevisionID          types.String   `tfsdk:"revision_id"`
	Triggers            types.Map      `tfsdk:"triggers"`
	ResultingRevisionID types.String   `tfsdk:"resulting_revision_id"`
	Status              types.String   `tfsdk:"status"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
	WorkspaceID         types.String   `tfsdk:"workspace_id"`
}

func (r *deploymentRedeployResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_redeploy"
}

func (r *deploymentRedeployResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	timeoutsAttr, _ := timeouts.Attributes(ctx, timeouts.Opts{
		Create:            true,
		CreateDescription: "How long to wait for the new revision to be `DEPLOYED` (default `30m`).",
	}).(schema.SingleNestedAttribute)
	timeoutsAttr.MarkdownDescription = "How long the redeploy may take. Changing it changes nothing on the API side."

	resp.Schema = schema.Schema{
		MarkdownDescription: "Rolls a deployment back (or forward) to an earlier revision: creating this resource calls the " +
			"API's redeploy action, which rolls out a **new** revision that copies the chosen revision's " +
			"`source_revision_config` (variables and resources stay those of the latest revision), and waits until it is " +
			"`DEPLOYED`. It is a record of a one-off, break-glass action, not a setting: destroying it only removes it from " +
			"state (there is nothing to undo on the API side; redeploy the revision you want instead), and changing " +
			"`deployment_id`, `revision_id` or `triggers` runs the redeploy again.\n\n" +
			"The next plan shows the rollback as drift of the `langsmith_deployment`: its `source_revision_config` in state " +
			"is what the deployment now runs, so a plan with the old configuration rolls it out again (the plan says so; " +
			"nothing undoes a rollback silently). To keep the rollback, either set the deployment's configuration to the " +
			"rolled-back values (for example the good revision's `repo_ref`; configuration, state and API then agree, " +
			"with no new revision), or add `lifecycle { ignore_changes = [source_revision_config] }` to the deployment, " +
			"which keeps the rolled-back values also in the revisions that later changes roll out.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the revision the redeploy produced (same as `resulting_revision_id`).",
				Computed:            true,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the deployment's workspace, sent as `X-Tenant-Id`. Defaults to the provider's " +
					"`workspace_id` (or the API key's workspace). Changing it runs a new redeploy.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"deployment_id": schema.StringAttribute{
				MarkdownDescription: "ID of the deployment to roll back. Changing it runs a new redeploy.",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"revision_id": schema.StringAttribute{
				MarkdownDescription: "ID of the earlier revision whose `source_revision_config` to put back (see the " +
					"`langsmith_deployment_revisions` data source). A revision that failed cannot be redeployed. Changing it " +
					"runs a new redeploy.",
				Required:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary strings; any change runs the redeploy again (for example an incident number).",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"resulting_revision_id": schema.StringAttribute{
				MarkdownDescription: "ID of the new revision the redeploy rolled out.",
				Computed:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the resulting revision when the apply finished: `DEPLOYED`, or `SKIPPED` when a " +
					"newer revision superseded it. Not refreshed afterwards.",
				Computed: true,
			},
			"timeouts": timeoutsAttr,
		},
	}
}

func (r *deploymentRedeployResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// Create redeploys the revision and waits for the revision it produces. Once
// the API accepted the redeploy, that revision's ID is in state before the
// wait, so a failed or timed-out wait leaves a tainted record, not a lost one.
func (r *deploymentRedeployResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan deploymentRedeployResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
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

	c := r.data.clientFor(plan.WorkspaceID.ValueString())
	if plan.WorkspaceID.IsUnknown() {
		plan.WorkspaceID = types.StringPointerValue(emptyToNil(c.TenantID()))
	}
	depID, revID := plan.DeploymentID.ValueString(), plan.RevisionID.ValueString()
	what := fmt.Sprintf("redeploy of revision %s of deployment %s", revID, depID)

	// The latest revision before the call tells a new revision apart from an
	// old server's answer, and lets the client resolve an ambiguous POST.
	before, err := c.GetDeployment(ctx, depID)
	if err != nil {
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", errorDetail(r.data, "deployment "+depID, err))
		return
	}
	previous := deref(before.LatestRevisionID)
	dep, err := c.RedeployRevision(ctx, depID, revID, previous)
	if err != nil {
		detail := errorDetail(r.data, what, err)
		switch langsmith.StatusCode(err) {
		case 400:
			detail += "\n\nThe API refused to redeploy this revision; a revision that failed to build or deploy cannot be redeployed. " +
				"Pick a revision that was DEPLOYED (the langsmith_deployment_revisions data source with status = [\"DEPLOYED\"] lists them)."
		case 404:
			detail += "\n\nThe revision is not one of this deployment's revisions (or it was pruned)."
		}
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", detail)
		return
	}
	newRev := deref(dep.LatestRevisionID)
	if newRev == "" || newRev == previous {
		// Older servers answer with the deployment as it was.
		latest, err := c.LatestRevision(ctx, depID)
		if err == nil && latest != nil {
			newRev = latest.ID
		}
		if err != nil || newRev == "" || newRev == previous {
			resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision",
				fmt.Sprintf("The API accepted the %s but reported no new revision, so there is nothing to wait for; check the "+
					"deployment in the LangSmith UI.%s", what, suffix(" Listing revisions failed: ", errString(err))))
			return
		}
	}
	tflog.Info(ctx, "redeployed LangSmith deployment revision", map[string]any{
		"deployment_id": depID, "revision_id": revID, "resulting_revision_id": newRev,
	})

	state := plan
	state.ID = types.StringValue(newRev)
	state.ResultingRevisionID = types.StringValue(newRev)
	state.Status = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	rev, err := waitForRevision(ctx, r.data.schedule(), c, depID, newRev)
	err = attachFailureLog(ctx, c, err, redactorFor(r.data, deploymentSecretValues(dep, nil, nil)...)) // wait.go
	if rev != nil {
		state.Status = types.StringValue(rev.Status)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error redeploying LangSmith deployment revision", redeployWaitDetail(r.data, depID, revID, newRev, err))
	}
}

func redeployWaitDetail(data *providerData, depID, revID, newRev string, err error) string {
	const next = "The redeploy is recorded in state and marked tainted, so the next terraform apply runs it again; " +
		"run terraform untaint to keep the record instead."
	var failed *revisionFailedError
	switch {
	case errors.As(err, &failed):
		return fmt.Sprintf("Revision %s of deployment %s (the redeploy of revision %s) ended with status %s", newRev, depID, revID, failed.Status) +
			suffix(": ", failed.Message) + ".\n\n" + next + failed.logSection()
	case errors.Is(err, errWaitTimeout):
		return fmt.Sprintf("Deployment %s: %s.\n\nThe revision is still rolling out on the API's side; nothing was cancelled. %s "+
			"Raise the timeouts attribute (timeouts = { create = \"60m\" }) if builds take longer.", depID, err.Error(), next)
	default:
		return errorDetail(data, fmt.Sprintf("revision %s of deployment %s", newRev, depID), err) + "\n\n" + next
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Read keeps the record as it is while the deployment exists. A deployment
// that is gone (404) or being deleted takes the record with it.
func (r *deploymentRedeployResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state deploymentRedeployResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	depID := state.DeploymentID.ValueString()
	dep, err := r.data.clientFor(state.WorkspaceID.ValueString()).GetDeployment(ctx, depID)
	if langsmith.IsNotFound(err) || (err == nil && (dep.Status == langsmith.DeploymentAwaitingDelete || dep.Status == langsmith.DeploymentAwaitingFinalDelete)) {
		tflog.Warn(ctx, "LangSmith deployment of a redeploy is gone; removing the redeploy from state", map[string]any{"deployment_id": depID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(r.data, "deployment "+depID, err))
	}
}

// Update only happens for timeouts (everything else replaces): nothing to
// do on the API side.
func (r *deploymentRedeployResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state deploymentRedeployResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete only forgets the record: a redeploy cannot be undone, and the
// revision it rolled out stays until another one replaces it.
func (r *deploymentRedeployResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state deploymentRedeployResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "removing LangSmith redeploy record from state; nothing changes on the API side", map[string]any{
		"deployment_id": state.DeploymentID.ValueString(), "resulting_revision_id": state.ResultingRevisionID.ValueString(),
	})
}
