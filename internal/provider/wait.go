package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// defaultPoll is a variable so tests can shorten it.
var defaultPoll = pollSchedule{first: 50 * time.Millisecond, min: 200 * time.Millisecond, max: 10 * time.Second, divisor: 8}

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
func poll(ctx context.Context, what string, check func(context.Context) (pollOutcome, string, error)) error {
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
			lastStatus = status
			tflog.Debug(ctx, "polled "+what, map[string]any{"status": status, "attempt": attempt, "elapsed_ms": time.Since(start).Milliseconds()})
			if outcome == pollDone {
				return nil
			}
		}
		timer.Reset(defaultPoll.after(attempt, time.Since(start)))
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
		return fmt.Errorf("%w after %s waiting for %s (last status: %s)", errWaitTimeout, elapsed.Round(time.Second), what, lastStatus)
	}
	return fmt.Errorf("stopped waiting for %s after %s: %w", what, elapsed.Round(time.Second), ctx.Err())
}

// revisionFailedError reports a revision that reached a failure status.
type revisionFailedError struct {
	DeploymentID, RevisionID, Status, Message string
}

func (e *revisionFailedError) Error() string {
	msg := fmt.Sprintf("revision %s of deployment %s ended with status %s", e.RevisionID, e.DeploymentID, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
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
func waitForRevision(ctx context.Context, c *langsmith.Client, deploymentID, revisionID string) (*langsmith.Revision, error) {
	var rev *langsmith.Revision
	notFound := 0
	err := poll(ctx, fmt.Sprintf("revision %s of deployment %s to be DEPLOYED", revisionID, deploymentID),
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
func waitForDeploymentGone(ctx context.Context, c *langsmith.Client, deploymentID string) error {
	return poll(ctx, fmt.Sprintf("deployment %s to be deleted", deploymentID),
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
