package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// What the API does with a listener that deployments still use is unknown
// (contract §9): it may refuse, or delete it and strand them. So a destroy of
// langsmith_listener looks for the deployments of the listener's workspace
// that name it in source_config.listener_id before it sends DELETE, and
// refuses while any of them is active.

// listenerUsersWait bounds how long a listener's destroy waits for
// deployments that are being deleted (AWAITING_DELETE) and still name the
// listener to be gone; after it the DELETE is sent anyway. A variable so
// tests can shorten it.
var listenerUsersWait = 2 * time.Minute

// listenerUsers are the deployments of a workspace that name a listener.
type listenerUsers struct {
	// active deployments hold the listener: its destroy is refused.
	active []langsmith.Deployment
	// deleting deployments are soft-deleted (AWAITING_DELETE,
	// AWAITING_FINAL_DELETE): the destroy waits a little for them to go.
	deleting []langsmith.Deployment
}

// findListenerUsers lists every deployment of c's workspace (every page) and
// returns those whose source_config.listener_id is listenerID.
func findListenerUsers(ctx context.Context, c *langsmith.Client, listenerID string) (listenerUsers, error) {
	var users listenerUsers
	all, err := c.ListDeployments(ctx, langsmith.ListDeploymentsParams{})
	if err != nil {
		return users, err
	}
	for _, d := range all {
		if d.SourceConfig.ListenerID == nil || !strings.EqualFold(strings.TrimSpace(*d.SourceConfig.ListenerID), listenerID) {
			continue
		}
		switch d.Status {
		case langsmith.DeploymentAwaitingDelete, langsmith.DeploymentAwaitingFinalDelete:
			users.deleting = append(users.deleting, d)
		default:
			users.active = append(users.active, d)
		}
	}
	return users, nil
}

// waitListenerUsersGone waits, for at most listenerUsersWait, until each
// soft-deleted deployment answers 404. Running out of that time is not an
// error (the DELETE that follows says whether they still hold the listener);
// a cancelled destroy or a failed check is.
func waitListenerUsersGone(ctx context.Context, sched pollSchedule, c *langsmith.Client, listenerID string, deleting []langsmith.Deployment) error {
	wctx, cancel := context.WithTimeout(ctx, listenerUsersWait)
	defer cancel()
	for _, d := range deleting {
		tflog.Info(ctx, "waiting for a deployment being deleted to release the listener",
			map[string]any{"listener_id": listenerID, "deployment_id": d.ID, "deployment_name": d.Name, "status": d.Status})
		err := waitForDeploymentGone(wctx, sched, c, d.ID)
		switch {
		case err == nil:
		case ctx.Err() == nil && errors.Is(err, errWaitTimeout):
			tflog.Warn(ctx, "deployments being deleted still name the listener; deleting it anyway",
				map[string]any{"listener_id": listenerID, "waited": listenerUsersWait.String()})
			return nil
		default:
			return err
		}
	}
	return nil
}

// describeDeployments lists deployments one a line, by name and ID.
func describeDeployments(ds []langsmith.Deployment) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n  - %s (ID %s, status %s)", d.Name, d.ID, d.Status)
	}
	return b.String()
}

// listenerInUseDetail is the message of a destroy refused because active
// deployments use the listener.
func listenerInUseDetail(listenerID, computeID string, active []langsmith.Deployment) string {
	return fmt.Sprintf("Listener %s (compute_id %q) is still used by %d deployment(s) in its workspace:%s\n\n"+
		"Terraform did not delete the listener: the deployments would be left without the cluster agent that runs them. "+
		"Delete these deployments first, or move them to another listener (a new source_config.listener_id replaces a "+
		"deployment), then destroy the listener again. A deployment managed in the same configuration as the listener "+
		"should reference it (listener_id = langsmith_listener.<name>.id), so that Terraform deletes the deployment first.",
		listenerID, computeID, len(active), describeDeployments(active))
}
