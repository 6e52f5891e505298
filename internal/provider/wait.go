package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// pollSchedule is the adaptive polling schedule of the one poller: the first
// check happens at once and the second after `first` (most soft deletes and
// many image rollouts finish within it); after that the interval is an
// eighth of the time already spent, never below min nor above max. A
// revision that deploys in 5 s is noticed within about 0.7 s; a 20 minute
// build is polled every 10 s.
type pollSchedule struct {
	first, min, max time.Duration
	divisor         int64
}

// productionPoll is the schedule the provider polls the API with. Tests
// build the provider with a faster one (providerData.poll); nothing changes
// it at run time.
var productionPoll = pollSchedule{first: 50 * time.Millisecond, min: 200 * time.Millisecond, max: 10 * time.Second, divisor: 8}

// after returns the wait before check number attempt+1.
func (s pollSchedule) after(attempt int, elapsed time.Duration) time.Duration {
	if attempt == 1 && s.first > 0 {
		return s.first
	}
	return s.next(elapsed)
}

func (s pollSchedule) next(elapsed time.Duration) time.Duration {
	d := time.Duration(int64(elapsed) / s.divisor)
	if d < s.min {
		d = s.min
	}
	if d > s.max {
		d = s.max
	}
	// Up to 10% jitter so many resources waiting together do not poll in step.
	return d + time.Duration(rand.Int64N(int64(d)/10+1))
}

// pollOutcome is what one check of a poll reports.
type pollOutcome int

const (
	pollPending pollOutcome = iota
	pollDone
)

// errWaitTimeout is wrapped by every poll that runs out of time.
var errWaitTimeout = errors.New("timed out")

// maxTransientInARow is how many consecutive checks of a poll may fail with a
// transient error (429, a 5xx, a dropped connection: see isTransientError)
// before the poll gives up; the client already retried each of them.
const maxTransientInARow = 6

// poll runs check until it reports pollDone or an error, or ctx ends. what
// and the status returned by check feed the log and the timeout message. A
// transient error counts as "still pending": the next check follows the
// schedule, and only maxTransientInARow of them in a row end the poll, with
// an error that says so.
func poll(ctx context.Context, sched pollSchedule, what string, check func(context.Context) (pollOutcome, string, error)) error {
	start := time.Now()
	lastStatus := ""
	transient := 0
	timer := time.NewTimer(0)
	defer timer.Stop()
	for attempt := 1; ; attempt++ {
		select {
		case <-ctx.Done():
			return waitEnded(ctx, what, lastStatus, time.Since(start))
		case <-timer.C:
		}
		outcome, status, err := check(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return waitEnded(ctx, what, lastStatus, time.Since(start))
		case err != nil && isTransientError(err):
			transient++
			if transient >= maxTransientInARow {
				return fmt.Errorf("gave up waiting for %s after %d failed checks in a row over %s (last status seen: %s): %w",
					what, transient, time.Since(start).Round(time.Second), orNone(lastStatus), err)
			}
			tflog.Warn(ctx, "transient error while waiting; checking again", map[string]any{"what": what, "error": err.Error(), "in_a_row": transient})
		case err != nil:
			return err
		default:
			transient = 0
			if status != lastStatus && status != "" {
				// Each change of status, at INFO (TF_LOG=INFO shows the
				// progress of a long build).
				elapsed := time.Since(start).Round(100 * time.Millisecond)
				tflog.Info(ctx, fmt.Sprintf("waiting for %s: %s after %s%s", what, status, elapsed, phaseSuffix(status)),
					map[string]any{"status": status, "elapsed": elapsed.String()})
			}
			lastStatus = status
			tflog.Debug(ctx, "polled "+what, map[string]any{"status": status, "attempt": attempt, "elapsed_ms": time.Since(start).Milliseconds()})
			if outcome == pollDone {
				return nil
			}
		}
		timer.Reset(sched.after(attempt, time.Since(start)))
	}
}

// isTransientError reports whether a failed check is worth repeating: the
// API answered 429 or a 5xx, or the connection failed without an answer
// (reset, dropped, timed out). Any other answer (a 4xx, a failed revision)
// ends the poll.
func isTransientError(err error) bool { return langsmith.Temporary(err) }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func waitEnded(ctx context.Context, what, lastStatus string, elapsed time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if lastStatus == "" {
			lastStatus = "none seen"
		}
		return fmt.Errorf("%w after %s waiting for %s (last status: %s%s)", errWaitTimeout, elapsed.Round(time.Second), what, lastStatus, phaseSuffix(lastStatus))
	}
	if lastStatus == "" {
		return fmt.Errorf("stopped waiting for %s after %s: %w", what, elapsed.Round(time.Second), ctx.Err())
	}
	return fmt.Errorf("stopped waiting for %s after %s (last status: %s%s): %w", what, elapsed.Round(time.Second), lastStatus, phaseSuffix(lastStatus), ctx.Err())
}

// revisionPhase names the phase of a rollout a revision status belongs to
// (§7.2): "" for a status outside the three.
func revisionPhase(status string) string {
	switch status {
	case langsmith.RevisionCreating, langsmith.RevisionQueued, langsmith.RevisionCreateFailed:
		return "queue"
	case langsmith.RevisionAwaitingBuild, langsmith.RevisionBuilding, langsmith.RevisionBuildFailed:
		return "build"
	case langsmith.RevisionAwaitingDeploy, langsmith.RevisionDeploying, langsmith.RevisionDeployFailed:
		return "deploy"
	}
	return ""
}

// phaseSuffix is ", in the <phase> phase" for a status that has one.
func phaseSuffix(status string) string {
	if p := revisionPhase(status); p != "" {
		return ", in the " + p + " phase"
	}
	return ""
}

// revisionFailedError reports a revision that reached a failure status.
// attachFailureLog adds the end of its build or deploy log.
type revisionFailedError struct {
	DeploymentID, RevisionID, Status, Message string
	// LogType is the log Log comes from ("build" or "deploy"), "" when no
	// log was read.
	LogType string
	// Log holds the last lines of that log, oldest first, secrets redacted.
	Log []string
	// LogErr says why the log could not be read; "" when it was.
	LogErr string
}

func (e *revisionFailedError) Error() string {
	msg := fmt.Sprintf("revision %s of deployment %s ended with status %s", e.RevisionID, e.DeploymentID, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// failureLogLines is how many lines of a failed revision's log its error
// shows; failureLogTimeout bounds reading them, so a slow log service delays
// the failure report only a little.
const (
	failureLogLines   = 20
	failureLogTimeout = 20 * time.Second
	maxLogLineRunes   = 500
)

// attachFailureLog adds to a *revisionFailedError in err's chain (a revision
// that ended *_FAILED) the last lines of the log that explains it: the build
// log for BUILD_FAILED and CREATE_FAILED (the deploy log when the build log
// is empty, as for an image source), the deploy log for DEPLOY_FAILED. Every
// line and the status message go through redact. A log that cannot be read
// never hides the failure: the error then says why, briefly. It returns err.
func attachFailureLog(ctx context.Context, c *langsmith.Client, err error, redact func(string) string) error {
	var failed *revisionFailedError
	if !errors.As(err, &failed) {
		return err
	}
	if redact == nil {
		redact = func(s string) string { return s }
	}
	failed.Message = redact(failed.Message)
	var logTypes []string
	switch failed.Status {
	case langsmith.RevisionBuildFailed, langsmith.RevisionCreateFailed:
		logTypes = []string{langsmith.LogTypeBuild, langsmith.LogTypeDeploy}
	case langsmith.RevisionDeployFailed:
		logTypes = []string{langsmith.LogTypeDeploy}
	}
	if len(logTypes) == 0 {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, failureLogTimeout)
	defer cancel()
	for _, typ := range logTypes {
		failed.LogType = typ
		lines, lerr := c.TailRevisionLogs(ctx, failed.DeploymentID, failed.RevisionID, langsmith.RevisionLogsParams{Type: typ, Limit: failureLogLines})
		if lerr != nil {
			failed.LogErr = redact(lerr.Error())
			tflog.Warn(ctx, "could not read the log of a failed revision", map[string]any{"revision_id": failed.RevisionID, "type": typ, "error": failed.LogErr})
			return err
		}
		if len(lines) > 0 {
			for _, l := range lines {
				// Redacted before formatting shortens it, so no part of a
				// secret survives a cut.
				l.Level, l.Message = redact(l.Level), redact(l.Message)
				failed.Log = append(failed.Log, formatLogLine(l))
			}
			return err
		}
	}
	return err
}

// formatLogLine renders one log entry for a diagnostic: its level and its
// message, long messages shortened.
func formatLogLine(l langsmith.LogEntry) string {
	msg := strings.TrimRight(l.Message, "\r\n")
	if r := []rune(msg); len(r) > maxLogLineRunes {
		msg = string(r[:maxLogLineRunes]) + "…"
	}
	if l.Level != "" {
		msg = l.Level + " " + msg
	}
	return msg
}

// logSection is the part of a diagnostic that shows the log tail (or why it
// is missing), starting with a blank line. Lines are indented so that
// Terraform prints them as they are instead of reflowing them.
func (e *revisionFailedError) logSection() string {
	if e.LogType == "" {
		return " The build and deploy logs are in the LangSmith UI."
	}
	switch {
	case e.LogErr != "":
		return fmt.Sprintf("\n\nThe %s log could not be read: %s. The langsmith_deployment_revision_logs data source or the "+
			"LangSmith UI shows it.", e.LogType, e.LogErr)
	case len(e.Log) == 0 && e.LogType == langsmith.LogTypeDeploy && e.Status != langsmith.RevisionDeployFailed:
		return "\n\nThe revision's build and deploy logs are empty."
	case len(e.Log) == 0:
		return fmt.Sprintf("\n\nThe revision's %s log is empty.", e.LogType)
	}
	var b strings.Builder
	lines := "lines"
	if len(e.Log) == 1 {
		lines = "line"
	}
	fmt.Fprintf(&b, "\n\nLast %d %s of the %s log (secret values shown as ***; the langsmith_deployment_revision_logs data "+
		"source reads more):\n", len(e.Log), lines, e.LogType)
	for _, l := range e.Log {
		b.WriteString("\n    " + strings.ReplaceAll(l, "\n", "\n    "))
	}
	return b.String()
}

// classifyRevision sorts a revision status into success, failure or in progress.
// DEPLOYED and SKIPPED (superseded by a newer revision) end the wait; the
// *_FAILED statuses and INTERRUPTED (stopped by hand in the UI) fail it;
// every other status, known or not, is still in progress.
func classifyRevision(status string) (done, failed bool) {
	switch status {
	case langsmith.RevisionDeployed, langsmith.RevisionSkipped:
		return true, false
	case langsmith.RevisionCreateFailed, langsmith.RevisionBuildFailed, langsmith.RevisionDeployFailed, langsmith.RevisionInterrupted:
		return true, true
	}
	return false, false
}

// waitForRevision polls a revision until it is DEPLOYED or SKIPPED, and
// returns it; a failure status becomes a *revisionFailedError. A revision
// that is not visible yet (404) is retried a few times before giving up.
// Each onStatus function (optional) is called with every status the revision
// is seen in, once per change, the final one included: the redeploy action
// turns them into progress events.
func waitForRevision(ctx context.Context, sched pollSchedule, c *langsmith.Client, deploymentID, revisionID string, onStatus ...func(status string)) (*langsmith.Revision, error) {
	var rev *langsmith.Revision
	notFound := 0
	reported := ""
	err := poll(ctx, sched, fmt.Sprintf("revision %s of deployment %s to be DEPLOYED", revisionID, deploymentID),
		func(ctx context.Context) (pollOutcome, string, error) {
			r, err := c.GetRevision(ctx, deploymentID, revisionID)
			if langsmith.IsNotFound(err) && notFound < 3 {
				notFound++
				return pollPending, "not found yet", nil
			}
			if err != nil {
				return pollPending, "", err
			}
			rev = r
			if r.Status != reported {
				reported = r.Status
				for _, f := range onStatus {
					f(r.Status)
				}
			}
			done, failed := classifyRevision(r.Status)
			if failed {
				return pollPending, r.Status, &revisionFailedError{DeploymentID: deploymentID, RevisionID: revisionID, Status: r.Status, Message: deref(r.StatusMessage)}
			}
			if done {
				return pollDone, r.Status, nil
			}
			return pollPending, r.Status, nil
		})
	return rev, err
}

// waitForDeploymentGone polls GET until the API answers 404: DELETE only
// soft-deletes (AWAITING_DELETE) and the name is reusable once it is gone.
func waitForDeploymentGone(ctx context.Context, sched pollSchedule, c *langsmith.Client, deploymentID string) error {
	return poll(ctx, sched, fmt.Sprintf("deployment %s to be deleted", deploymentID),
		func(ctx context.Context) (pollOutcome, string, error) {
			d, err := c.GetDeployment(ctx, deploymentID)
			if langsmith.IsNotFound(err) {
				return pollDone, "gone", nil
			}
			if err != nil {
				return pollPending, "", err
			}
			return pollPending, d.Status, nil
		})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
