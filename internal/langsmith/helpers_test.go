package langsmith

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

const (
	testAPIKey   = "lsv2_sk_0123456789-SECRET"
	testTenantID = "9f6c3e5a-0000-4000-8000-000000000001"
)

// seen is one request as the test server received it.
type seen struct {
	Method  string
	Path    string // escaped path, as sent on the wire
	Query   url.Values
	Header  http.Header
	Body    []byte
	Attempt int // 1-based index among requests with the same method and path
}

// fake is an httptest server that records every request and hands it to a
// handler with the request's 1-based count for its method and path.
type fake struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []seen
	counts map[string]int
}

type fakeHandler func(w http.ResponseWriter, r *http.Request, s seen)

func newFake(t *testing.T, h fakeHandler) *fake {
	t.Helper()
	f := &fake{counts: map[string]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		key := r.Method + " " + r.URL.EscapedPath()
		f.mu.Lock()
		f.counts[key]++
		s := seen{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, Attempt: f.counts[key]}
		f.reqs = append(f.reqs, s)
		f.mu.Unlock()
		h(w, r, s)
	}))
	t.Cleanup(f.Close)
	return f
}

// requests returns a copy of the recorded requests.
func (f *fake) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

// count returns how many requests had this method and escaped path.
func (f *fake) count(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[method+" "+path]
}

// waits records the retry waits a client asked for, without sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) record(d time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return 0
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newTestClient returns a client for f that records its waits instead of sleeping.
func newTestClient(t *testing.T, f *fake, mod ...func(*Config)) (*Client, *waits) {
	t.Helper()
	cfg := Config{BaseURL: f.URL, APIKey: testAPIKey, TenantID: testTenantID}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	w := &waits{}
	c.wait = w.record
	return c, w
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// dropConnection closes the connection without any response, as a crashed
// proxy or a network fault after the server committed would.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// deploymentJSON is a minimal Deployment response.
func deploymentJSON(id, name, latest string) map[string]any {
	return map[string]any{
		"id": id, "name": name, "source": "external_docker",
		"source_config": map[string]any{}, "source_revision_config": map[string]any{},
		"secrets": []any{}, "status": "READY",
		"created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
		"latest_revision_id": latest, "active_revision_id": nil,
	}
}

func ptr[T any](v T) *T { return &v }

var bg = context.Background()
