package mockapi

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuth_missingOrWrongKeyIs401(t *testing.T) {
	a := newTestAPI(t, Options{APIKey: "secret"})

	a.key = ""
	wantDetail(t, a.do("GET", "/v2/deployments", nil), 401, "Unauthorized")
	a.key = "wrong"
	wantDetail(t, a.do("GET", "/v2/deployments", nil), 401, "Unauthorized")
	a.key = "secret"
	a.must(200, "GET", "/v2/deployments", nil)

	open := newTestAPI(t, Options{})
	open.key = ""
	wantDetail(t, open.do("GET", "/v2/listeners", nil), 401, "Unauthorized")
	open.key = "anything"
	open.must(200, "GET", "/v2/listeners", nil)
}

func TestTenant_mismatchIs403AndStateIsScoped(t *testing.T) {
	const ws = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	a := newTestAPI(t, Options{TenantID: ws})
	a.tenant = "11111111-2222-4333-8444-555555555555"
	r := a.do("GET", "/v2/deployments", nil)
	if r.status != 403 || !strings.Contains(r.obj()["detail"].(string), a.tenant) {
		t.Fatalf("got %d %s, want 403 naming the workspace", r.status, r.raw)
	}
	a.tenant = strings.ToUpper(ws) // same workspace, different case
	d := a.must(201, "POST", "/v2/deployments", githubBody("agent"))
	if d["tenant_id"] != ws {
		t.Fatalf("tenant_id %v, want %s", d["tenant_id"], ws)
	}

	b := newTestAPI(t, Options{})
	b.tenant = "aaaaaaaa-0000-4000-8000-000000000001"
	d = b.must(201, "POST", "/v2/deployments", githubBody("agent"))
	id := d["id"].(string)
	b.must(200, "GET", "/v2/deployments/"+id, nil)

	b.tenant = "aaaaaaaa-0000-4000-8000-000000000002"
	wantDetail(t, b.do("GET", "/v2/deployments/"+id, nil), 404, "Deployment ID "+id+" not found.")
	if list := b.must(200, "GET", "/v2/deployments", nil); len(list["resources"].([]any)) != 0 {
		t.Fatalf("other tenant lists %v", list)
	}
	// The same name is free in another tenant.
	b.must(201, "POST", "/v2/deployments", githubBody("agent"))
	b.tenant = ""
	b.must(201, "POST", "/v2/deployments", githubBody("agent"))
	if n := len(b.srv.Deployments()); n != 3 {
		t.Fatalf("Deployments() = %d, want 3", n)
	}
}

func TestRouting_unknownRoute404WrongMethod405APIHostPrefix(t *testing.T) {
	a := newTestAPI(t, Options{})
	wantDetail(t, a.do("GET", "/v2/nothing", nil), 404, "Not Found")
	r := a.do("PUT", "/v2/deployments", nil)
	wantDetail(t, r, 405, "Method Not Allowed")
	if allow := r.header.Get("Allow"); allow != "GET, POST" {
		t.Fatalf("Allow = %q", allow)
	}
	// Unknown routes are 404 even without a key (routing happens first).
	a.key = ""
	wantDetail(t, a.do("GET", "/v2/nothing", nil), 404, "Not Found")
	a.key = "k"

	d := a.must(201, "POST", "/api-host/v2/deployments", githubBody("prefixed"))
	a.must(200, "GET", "/api-host/v2/deployments/"+d["id"].(string), nil)
	a.must(200, "GET", "/v2/deployments/"+d["id"].(string), nil)
	if got := a.srv.Count("GET /v2/deployments/{deployment_id}"); got != 2 {
		t.Fatalf("count = %d, want 2", got)
	}
	if got := a.srv.Count("POST /v2/deployments"); got != 1 {
		t.Fatalf("count = %d, want 1", got)
	}
	// A trailing slash is redirected, as FastAPI does.
	resp, err := a.http.Client().Transport.RoundTrip(mustReq(t, "GET", a.http.URL+"/api-host/v2/deployments/?limit=1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 307 || resp.Header.Get("Location") != "/api-host/v2/deployments?limit=1" {
		t.Fatalf("redirect = %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func mustReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Api-Key", "k")
	return req
}

func TestCounters_countEveryRequestIncludingFaults(t *testing.T) {
	a := newTestAPI(t, Options{})
	a.srv.Fault("GET /v2/deployments", Fault{Status: 500})
	a.do("GET", "/v2/deployments", nil)
	a.do("GET", "/v2/deployments", nil)
	a.do("GET", "/api-host/v2/listeners", nil)
	a.do("GET", "/v2/bogus", nil)
	if got := a.srv.Count("GET /v2/deployments"); got != 2 {
		t.Fatalf("Count = %d, want 2", got)
	}
	counts := a.srv.Counts()
	if counts["GET /v2/listeners"] != 1 || counts["GET /v2/bogus"] != 1 {
		t.Fatalf("Counts = %v", counts)
	}
	counts["GET /v2/listeners"] = 99 // a copy
	if a.srv.Count("GET /v2/listeners") != 1 {
		t.Fatal("Counts is not a copy")
	}
	if a.srv.TotalRequests() != 4 {
		t.Fatalf("TotalRequests = %d", a.srv.TotalRequests())
	}
	a.srv.ResetCounts()
	if a.srv.TotalRequests() != 0 || a.srv.Count("GET /v2/deployments") != 0 {
		t.Fatal("ResetCounts did not reset")
	}
}

func TestFaults_statusSequenceRetryAfterAndHTML(t *testing.T) {
	a := newTestAPI(t, Options{})
	a.srv.Fault("POST /v2/deployments",
		Fault{Status: 503, RetryAfter: "2"},
		Fault{Status: 502, Body: "<html>Bad Gateway</html>", ContentType: "text/html"},
		Fault{Status: 429, RetryAfter: "1", Latency: 10 * time.Millisecond},
	)
	r := a.do("POST", "/v2/deployments", githubBody("faulty"))
	wantDetail(t, r, 503, "Service Unavailable")
	if r.header.Get("Retry-After") != "2" {
		t.Fatalf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	r = a.do("POST", "/v2/deployments", githubBody("faulty"))
	if r.status != 502 || r.header.Get("Content-Type") != "text/html" || r.body != "<html>Bad Gateway</html>" {
		t.Fatalf("got %d %q %s", r.status, r.header.Get("Content-Type"), r.raw)
	}
	start := time.Now()
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("faulty")), 429, "Too Many Requests")
	if time.Since(start) < 10*time.Millisecond {
		t.Fatal("fault latency not applied")
	}
	if n := len(a.srv.Deployments()); n != 0 {
		t.Fatalf("faulted requests committed %d deployments", n)
	}
	a.must(201, "POST", "/v2/deployments", githubBody("faulty"))
	if got := a.srv.Count("POST /v2/deployments"); got != 4 {
		t.Fatalf("count = %d, want 4", got)
	}
}

func TestFaults_dropAndDropAfterCommit(t *testing.T) {
	a := newTestAPI(t, Options{})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	post := func() error {
		req, _ := http.NewRequestWithContext(t.Context(), "POST", a.http.URL+"/v2/deployments", strings.NewReader(`{"name":"dropped","source":"external_docker","source_config":{"resource_spec":{}},"source_revision_config":{"image_uri":"img:1"},"secrets":[]}`))
		req.Header.Set("X-Api-Key", "k")
		// A POST is not retried by net/http, so the error reaches us.
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	a.srv.Fault("POST /v2/deployments", Fault{Drop: true})
	if err := post(); err == nil {
		t.Fatal("Drop: want a transport error")
	}
	if n := len(a.srv.Deployments()); n != 0 {
		t.Fatalf("Drop committed %d deployments", n)
	}

	a.srv.Fault("POST /v2/deployments", Fault{DropAfterCommit: true})
	if err := post(); err == nil {
		t.Fatal("DropAfterCommit: want a transport error")
	}
	if n := len(a.srv.Deployments()); n != 1 {
		t.Fatalf("DropAfterCommit committed %d deployments, want exactly 1", n)
	}
	// The retry a careless client would make now conflicts.
	if err := post(); err != nil {
		t.Fatal(err)
	}
	wantDetail(t, a.do("POST", "/v2/deployments", dockerBody("dropped", "img:1")), 409, "A deployment named 'dropped' already exists.")
}

func TestObserver_seesEveryExchange(t *testing.T) {
	var mu sync.Mutex
	var seen []Exchange
	a := newTestAPI(t, Options{Observer: func(ex Exchange) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, ex)
	}})
	d := a.must(201, "POST", "/api-host/v2/deployments", githubBody("observed"))
	a.do("GET", "/v2/deployments/not-a-uuid", nil)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 {
		t.Fatalf("observed %d exchanges", len(seen))
	}
	ex := seen[0]
	if ex.Route != "POST /v2/deployments" || ex.Status != 201 || ex.Path != "/api-host/v2/deployments" ||
		!strings.Contains(string(ex.RequestBody), "observed") || !strings.Contains(string(ex.ResponseBody), d["id"].(string)) ||
		ex.ResponseHeader.Get("Content-Type") != "application/json" || ex.RequestHeader.Get("X-Api-Key") == "" {
		t.Fatalf("exchange = %+v", ex)
	}
	if seen[1].Status != 422 || seen[1].Route != "GET /v2/deployments/{deployment_id}" {
		t.Fatalf("exchange = %+v", seen[1])
	}
}

func TestLatency_appliesToEveryRequest(t *testing.T) {
	a := newTestAPI(t, Options{Latency: 20 * time.Millisecond})
	start := time.Now()
	a.must(200, "GET", "/v2/deployments", nil)
	if time.Since(start) < 20*time.Millisecond {
		t.Fatal("latency not applied")
	}
	a.srv.SetLatency(60 * time.Millisecond)
	start = time.Now()
	a.must(200, "GET", "/v2/deployments", nil)
	if time.Since(start) < 60*time.Millisecond {
		t.Fatal("SetLatency not applied")
	}
}

// TestRequestIDs: every answer, a scripted fault's too, carries a request ID
// of its own, and ResetCounts does not reuse them.
func TestRequestIDs(t *testing.T) {
	a := newTestAPI(t, Options{})
	first := a.do("GET", "/v2/deployments", nil)
	a.srv.Fault("GET /v2/deployments", Fault{Status: 503})
	faulted := a.do("GET", "/v2/deployments", nil)
	a.srv.ResetCounts()
	third := a.do("GET", "/v2/deployments", nil)
	ids := map[string]bool{}
	for i, r := range []response{first, faulted, third} {
		id := r.header.Get(RequestIDHeader)
		if !strings.HasPrefix(id, "mock-") || ids[id] {
			t.Errorf("answer %d (HTTP %d): request ID %q, want a new mock-… ID (seen %v)", i, r.status, id, ids)
		}
		ids[id] = true
	}
	if faulted.status != 503 {
		t.Errorf("fault answered %d", faulted.status)
	}
}
