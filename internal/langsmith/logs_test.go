package langsmith

import (
	"net/http"
	"reflect"
	"testing"
)

func TestGetRevisionLogs_sendsParamsAndDecodesTolerantly(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 200, map[string]any{
			"logs": []any{
				map[string]any{"timestamp": "2026-08-01T12:00:00.000000Z", "level": "INFO", "message": "Step 1/6", "run_id": "x", "extra": map[string]any{"k": 1}},
				map[string]any{"message": "no level, no time"},
				map[string]any{"timestamp": 1722513600, "level": nil, "message": map[string]any{"text": "structured"}},
			},
			"next_offset": "cursor-2",
		})
	})
	c, _ := newTestClient(t, f)
	got, err := c.GetRevisionLogs(bg, "d 1", "r/1", RevisionLogsParams{Type: LogTypeBuild, Order: "asc", Limit: 3, Offset: "cursor-1", Level: "INFO", Query: "Step"})
	if err != nil {
		t.Fatal(err)
	}
	want := []LogEntry{
		{Timestamp: "2026-08-01T12:00:00.000000Z", Level: "INFO", Message: "Step 1/6"},
		{Message: "no level, no time"},
		{Timestamp: "1722513600", Message: `{"text":"structured"}`},
	}
	if !reflect.DeepEqual(got.Logs, want) || got.NextOffset == nil || *got.NextOffset != "cursor-2" {
		t.Fatalf("got %+v next %v, want %+v next cursor-2", got.Logs, got.NextOffset, want)
	}
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != "GET" || r.Path != "/v2/deployments/d%201/revisions/r%2F1/logs" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	wantQuery := map[string]string{"type": "build", "order": "asc", "limit": "3", "offset": "cursor-1", "level": "INFO", "query": "Step"}
	for k, v := range wantQuery {
		if r.Query.Get(k) != v {
			t.Errorf("query %s = %q, want %q (%v)", k, r.Query.Get(k), v, r.Query)
		}
	}
	if len(r.Query) != len(wantQuery) {
		t.Errorf("query %v has parameters besides %v", r.Query, wantQuery)
	}
	if r.Header.Get("X-Tenant-Id") != testTenantID || r.Header.Get("X-Api-Key") != testAPIKey {
		t.Errorf("headers %v", r.Header)
	}
}

func TestGetRevisionLogs_emptyParamsNotSentNullCursor(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 200, map[string]any{"logs": []any{}, "next_offset": nil})
	})
	c, _ := newTestClient(t, f)
	got, err := c.GetRevisionLogs(bg, "d1", "r1", RevisionLogsParams{Type: LogTypeDeploy})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Logs) != 0 || got.NextOffset != nil {
		t.Fatalf("got %+v", got)
	}
	if q := f.requests()[0].Query; len(q) != 1 || q.Get("type") != "deploy" {
		t.Errorf("query %v, want only type=deploy", q)
	}
}

func TestGetRevisionLogs_limitOutOfRangeSendsNothing(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 200, map[string]any{"logs": []any{}})
	})
	c, _ := newTestClient(t, f)
	for _, limit := range []int{-1, MaxLogLimit + 1} {
		if _, err := c.GetRevisionLogs(bg, "d1", "r1", RevisionLogsParams{Type: LogTypeBuild, Limit: limit}); err == nil {
			t.Errorf("limit %d: no error", limit)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests, want 0", n)
	}
}

func TestGetRevisionLogs_notFound(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 404, map[string]any{"detail": "Revision ID r1 not found."})
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetRevisionLogs(bg, "d1", "r1", RevisionLogsParams{Type: LogTypeBuild})
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want a 404", err)
	}
}

func TestTailRevisionLogs_newestFirstReversed(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		// Newest first, as order=desc asks; one line more than the limit
		// (a server that ignores it).
		writeJSON(w, 200, map[string]any{"logs": []any{
			map[string]any{"message": "3"}, map[string]any{"message": "2"}, map[string]any{"message": "1"},
		}, "next_offset": "more"})
	})
	c, _ := newTestClient(t, f)
	got, err := c.TailRevisionLogs(bg, "d1", "r1", RevisionLogsParams{Type: LogTypeDeploy, Order: "asc", Offset: "ignored", Limit: 2, Level: "ERROR"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Message != "2" || got[1].Message != "3" {
		t.Fatalf("got %+v, want messages 2, 3", got)
	}
	q := f.requests()[0].Query
	if q.Get("order") != "desc" || q.Get("limit") != "2" || q.Has("offset") || q.Get("level") != "ERROR" || q.Get("type") != "deploy" {
		t.Errorf("query %v", q)
	}
}
