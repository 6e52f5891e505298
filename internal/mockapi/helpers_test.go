package mockapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for status-over-time tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 8, 1, 12, 0, 0, 123456000, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testAPI is a Server behind httptest with a small JSON client.
type testAPI struct {
	t      *testing.T
	srv    *Server
	http   *httptest.Server
	key    string
	tenant string
}

func newTestAPI(t *testing.T, opts Options) *testAPI {
	t.Helper()
	s := New(opts)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return &testAPI{t: t, srv: s, http: hs, key: "test-key"}
}

// withClock installs a fake clock on the server.
func (a *testAPI) withClock() *fakeClock {
	clk := newFakeClock()
	a.srv.mu.Lock()
	a.srv.now = clk.Now
	a.srv.mu.Unlock()
	return clk
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

func (r response) obj() map[string]any {
	m, _ := r.body.(map[string]any)
	return m
}

// do sends a request. body may be nil, a string (sent raw) or any value
// (sent as JSON).
func (a *testAPI) do(method, path string, body any) response {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(a.t.Context(), method, a.http.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if a.key != "" {
		req.Header.Set("X-Api-Key", a.key)
	}
	if a.tenant != "" {
		req.Header.Set("X-Tenant-Id", a.tenant)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.http.Client().Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out.body); err != nil {
			out.body = string(raw)
		}
	}
	return out
}

// must sends a request and fails unless the status is want.
func (a *testAPI) must(want int, method, path string, body any) map[string]any {
	a.t.Helper()
	r := a.do(method, path, body)
	if r.status != want {
		a.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.raw)
	}
	return r.obj()
}

func githubBody(name string) map[string]any {
	return map[string]any{
		"name":   name,
		"source": "github",
		"source_config": map[string]any{
			"integration_id": SeedIntegrationID,
			"repo_url":       "https://github.com/acme/support-agent",
		},
		"source_revision_config": map[string]any{
			"repo_ref":              "main",
			"langgraph_config_path": "langgraph.json",
		},
		"secrets": []any{map[string]any{"name": "OPENAI_API_KEY", "value": "sk-example"}},
	}
}

func dockerBody(name, image string) map[string]any {
	return map[string]any{
		"name":   name,
		"source": "external_docker",
		"source_config": map[string]any{
			"resource_spec": map[string]any{"max_scale": 3, "labels": map[string]any{"team": "agents"}},
		},
		"source_revision_config": map[string]any{"image_uri": image},
		"secrets":                []any{},
	}
}

// wantDetail fails unless r has the status and {"detail": detail}.
func wantDetail(t *testing.T, r response, status int, detail string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
	if got := r.obj()["detail"]; got != detail {
		t.Fatalf("detail %q, want %q", got, detail)
	}
}

// wantErrors fails unless r is a 422 whose detail list has exactly these
// (type, loc) pairs, in order; it returns the list.
func wantErrors(t *testing.T, r response, pairs ...any) []any {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422; body %s", r.status, r.raw)
	}
	list, ok := r.obj()["detail"].([]any)
	if !ok {
		t.Fatalf("detail is not a list: %s", r.raw)
	}
	if len(list) != len(pairs)/2 {
		t.Fatalf("got %d errors, want %d: %s", len(list), len(pairs)/2, r.raw)
	}
	for i := 0; i < len(pairs); i += 2 {
		e := list[i/2].(map[string]any)
		if e["type"] != pairs[i] || !reflect.DeepEqual(e["loc"], pairs[i+1]) {
			t.Fatalf("error %d = %v %v, want %v %v (%s)", i/2, e["type"], e["loc"], pairs[i], pairs[i+1], r.raw)
		}
		if _, ok := e["msg"].(string); !ok {
			t.Fatalf("error %d has no msg: %s", i/2, r.raw)
		}
	}
	return list
}

func loc(parts ...any) []any { return parts }
