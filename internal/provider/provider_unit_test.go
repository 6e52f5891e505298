package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

func TestResolveControlPlaneURL_precedence(t *testing.T) {
	cases := []struct {
		apiURL, cpURL, want, wantPath string
	}{
		{"", "", "https://api.host.langchain.com", "control_plane_url"},
		{"https://eu.api.smith.langchain.com", "", "https://eu.api.host.langchain.com", "api_url"},
		{"https://ls.example.com/api/v1", "", "https://ls.example.com/api-host", "api_url"},
		{"https://eu.api.smith.langchain.com", "https://cp.example.com/api-host/", "https://cp.example.com/api-host", "control_plane_url"},
	}
	for _, c := range cases {
		got, p, err := resolveControlPlaneURL(c.apiURL, c.cpURL)
		if err != nil {
			t.Fatalf("resolveControlPlaneURL(%q, %q): %v", c.apiURL, c.cpURL, err)
		}
		if got != c.want || p.String() != c.wantPath {
			t.Errorf("resolveControlPlaneURL(%q, %q) = %q (%s), want %q (%s)", c.apiURL, c.cpURL, got, p, c.want, c.wantPath)
		}
	}
}

func TestResolveControlPlaneURL_malformed(t *testing.T) {
	for _, c := range []struct{ apiURL, cpURL, wantMsg string }{
		{"", "ftp://cp.example.com", "control_plane_url"},
		{"", "https://", "control_plane_url"},
		{"api.smith.langchain.com", "", "api_url"},
	} {
		_, _, err := resolveControlPlaneURL(c.apiURL, c.cpURL)
		if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
			t.Errorf("resolveControlPlaneURL(%q, %q) error = %v, want one naming %s", c.apiURL, c.cpURL, err, c.wantMsg)
		}
	}
}

func TestCheckTransportSecurity_refusesPlainHTTPOffLoopback(t *testing.T) {
	for _, c := range []struct {
		url     string
		allow   bool
		wantErr bool
	}{
		{"https://api.host.langchain.com", false, false},
		{"http://127.0.0.1:8124", false, false},
		{"http://localhost:8124/api-host", false, false},
		{"http://[::1]:8124", false, false},
		{"http://langsmith.internal/api-host", false, true},
		{"http://langsmith.internal/api-host", true, false},
	} {
		err := checkTransportSecurity(c.url, c.allow)
		if (err != nil) != c.wantErr {
			t.Errorf("checkTransportSecurity(%q, %v) = %v, want error %v", c.url, c.allow, err, c.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "allow_insecure_http") {
			t.Errorf("error %q does not say how to opt in", err)
		}
	}
}

func TestParseImportID_forms(t *testing.T) {
	const dep = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
	const ws = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	w, id, err := parseImportID(dep)
	if err != nil || w != "" || id != dep {
		t.Errorf("parseImportID(dep) = %q, %q, %v", w, id, err)
	}
	w, id, err = parseImportID(ws + "/" + dep)
	if err != nil || w != ws || id != dep {
		t.Errorf("parseImportID(ws/dep) = %q, %q, %v", w, id, err)
	}
	for _, bad := range []string{"", "x", ws + "/x", "x/" + dep, ws + "/" + dep + "/x", "5f0c6a1e2b3d4c5e9f60718293a4b5c6"} {
		if _, _, err := parseImportID(bad); err == nil || !strings.Contains(err.Error(), "<workspace_id>/<deployment_id>") {
			t.Errorf("parseImportID(%q) error = %v, want one explaining the format", bad, err)
		}
	}
}

func TestPollSchedule_adaptive(t *testing.T) {
	s := pollSchedule{min: 200 * time.Millisecond, max: 10 * time.Second, divisor: 8}
	for _, c := range []struct{ elapsed, lo, hi time.Duration }{
		{0, 200 * time.Millisecond, 221 * time.Millisecond},
		{4 * time.Second, 500 * time.Millisecond, 551 * time.Millisecond},
		{10 * time.Minute, 10 * time.Second, 11*time.Second + time.Millisecond},
	} {
		for i := 0; i < 50; i++ {
			if got := s.next(c.elapsed); got < c.lo || got > c.hi {
				t.Fatalf("next(%s) = %s, want within [%s, %s]", c.elapsed, got, c.lo, c.hi)
			}
		}
	}
}

func TestPollSchedule_quickSecondCheck(t *testing.T) {
	s := pollSchedule{first: 50 * time.Millisecond, min: 200 * time.Millisecond, max: 10 * time.Second, divisor: 8}
	if got := s.after(1, 0); got != 50*time.Millisecond {
		t.Errorf("wait before the second check = %s, want 50ms", got)
	}
	if got := s.after(2, 60*time.Millisecond); got < 200*time.Millisecond || got > 221*time.Millisecond {
		t.Errorf("wait before the third check = %s, want the 200ms minimum (+jitter)", got)
	}
}

func TestPoll_timeoutNamesWhatAndLastStatus(t *testing.T) {
	fast := pollSchedule{min: time.Millisecond, max: 5 * time.Millisecond, divisor: 8}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	calls := 0
	err := poll(ctx, fast, "revision r1", func(context.Context) (pollOutcome, string, error) {
		calls++
		return pollPending, "BUILDING", nil
	})
	if !errors.Is(err, errWaitTimeout) || !strings.Contains(err.Error(), "revision r1") || !strings.Contains(err.Error(), "last status: BUILDING") {
		t.Fatalf("poll error = %v", err)
	}
	if calls < 3 {
		t.Errorf("want several polls within 50ms, got %d", calls)
	}
}

// TestPoll_transientErrorsArePending: a 500, 502, 503, 429 or a dropped
// connection during a wait is "still pending"; only maxTransientInARow in a
// row end it, saying so, while an answer such as a 404 or a failed revision
// ends it at once.
func TestPoll_transientErrorsArePending(t *testing.T) {
	fast := pollSchedule{min: time.Millisecond, max: 2 * time.Millisecond, divisor: 8}
	transient := []error{
		&langsmith.APIError{StatusCode: 500}, &langsmith.APIError{StatusCode: 502}, &langsmith.APIError{StatusCode: 503},
		&langsmith.APIError{StatusCode: 429}, fmt.Errorf("GET /x: giving up after 5 attempts: %w", io.ErrUnexpectedEOF),
	}
	calls := 0
	err := poll(context.Background(), fast, "revision r1", func(context.Context) (pollOutcome, string, error) {
		calls++
		if calls <= len(transient) {
			return pollPending, "", transient[calls-1]
		}
		return pollDone, "DEPLOYED", nil
	})
	if err != nil || calls != len(transient)+1 {
		t.Fatalf("poll = %v after %d checks; want success after the transient errors", err, calls)
	}

	calls = 0
	err = poll(context.Background(), fast, "revision r1", func(context.Context) (pollOutcome, string, error) {
		calls++
		return pollPending, "", &langsmith.APIError{StatusCode: 503, Detail: "unavailable"}
	})
	if err == nil || calls != maxTransientInARow || !strings.Contains(err.Error(), fmt.Sprintf("%d failed checks in a row", maxTransientInARow)) {
		t.Fatalf("poll = %v after %d checks; want it to give up after %d, saying so", err, calls, maxTransientInARow)
	}

	for _, answer := range []error{&langsmith.APIError{StatusCode: 404}, &revisionFailedError{Status: "BUILD_FAILED"}} {
		calls = 0
		err = poll(context.Background(), fast, "revision r1", func(context.Context) (pollOutcome, string, error) {
			calls++
			return pollPending, "", answer
		})
		if err == nil || calls != 1 {
			t.Fatalf("poll = %v after %d checks; want %v to end it at once", err, calls, answer)
		}
	}
}

func TestPoll_cancelledIsNotATimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := poll(ctx, productionPoll, "x", func(context.Context) (pollOutcome, string, error) { return pollPending, "", nil })
	if errors.Is(err, errWaitTimeout) || !errors.Is(err, context.Canceled) {
		t.Fatalf("poll error = %v, want context.Canceled", err)
	}
}

func TestClassifyRevision_everyStatus(t *testing.T) {
	for status, want := range map[string][2]bool{
		"DEPLOYED": {true, false}, "SKIPPED": {true, false},
		"BUILD_FAILED": {true, true}, "DEPLOY_FAILED": {true, true}, "CREATE_FAILED": {true, true}, "INTERRUPTED": {true, true},
		"CREATING": {false, false}, "QUEUED": {false, false}, "AWAITING_BUILD": {false, false}, "BUILDING": {false, false},
		"AWAITING_DEPLOY": {false, false}, "DEPLOYING": {false, false}, "UNKNOWN": {false, false}, "SOMETHING_NEW": {false, false},
	} {
		done, failed := classifyRevision(status)
		if done != want[0] || failed != want[1] {
			t.Errorf("classifyRevision(%s) = %v, %v; want %v, %v", status, done, failed, want[0], want[1])
		}
	}
}
