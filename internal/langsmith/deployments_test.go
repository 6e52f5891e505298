package langsmith

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// pagedDeployments serves n deployments named app-0..app-(n-1) through
// limit/offset. serverOffset, when set, replaces the "offset" in responses.
func pagedDeployments(n int, serverOffset func(sent, got int) int) fakeHandler {
	return func(w http.ResponseWriter, r *http.Request, s seen) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		items := []any{}
		for i := offset; i < n && i < offset+limit; i++ {
			items = append(items, deploymentJSON(fmt.Sprintf("d%d", i), fmt.Sprintf("app-%d", i), "r"))
		}
		next := offset + len(items)
		if serverOffset != nil {
			next = serverOffset(offset, len(items))
		}
		writeJSON(w, 200, map[string]any{"resources": items, "offset": next})
	}
}

func TestListDeployments_pagination(t *testing.T) {
	tests := []struct {
		name         string
		total        int
		pageSize     int
		serverOffset func(sent, got int) int
		wantOffsets  []string
		wantLimit    string
		wantItems    int
	}{
		{name: "three pages", total: 5, pageSize: 2, wantOffsets: []string{"0", "2", "4"}, wantLimit: "2", wantItems: 5},
		{name: "exact multiple ends with an empty page", total: 4, pageSize: 2, wantOffsets: []string{"0", "2", "4"}, wantLimit: "2", wantItems: 4},
		{name: "default page size", total: 3, wantOffsets: []string{"0"}, wantLimit: "100", wantItems: 3},
		{name: "page size over 100 is clamped", total: 1, pageSize: 500, wantOffsets: []string{"0"}, wantLimit: "100", wantItems: 1},
		{name: "server offset that stays put is ignored", total: 5, pageSize: 2,
			serverOffset: func(sent, got int) int { return 0 },
			wantOffsets:  []string{"0", "2", "4"}, wantLimit: "2", wantItems: 5},
		{name: "server offset that moves forward is followed", total: 9, pageSize: 2,
			serverOffset: func(sent, got int) int { return sent + 4 },
			wantOffsets:  []string{"0", "4", "8"}, wantLimit: "2", wantItems: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, pagedDeployments(tt.total, tt.serverOffset))
			c, _ := newTestClient(t, f)
			got, err := c.ListDeployments(bg, ListDeploymentsParams{PageSize: tt.pageSize, Status: "READY",
				DeploymentIDs: []string{"a", "b"}, NameContains: "app", TagValueIDs: []string{"t1", "t2"}, URL: "https://app.example"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantItems {
				t.Errorf("got %d deployments, want %d", len(got), tt.wantItems)
			}
			var offsets []string
			for _, r := range f.requests() {
				offsets = append(offsets, r.Query["offset"][0])
				if r.Query["limit"][0] != tt.wantLimit {
					t.Errorf("limit = %v, want %s", r.Query["limit"], tt.wantLimit)
				}
				if r.Query["status"][0] != "READY" || r.Query["deployment_ids"][0] != "a,b" || r.Query["name_contains"][0] != "app" ||
					fmt.Sprint(r.Query["tag_value_ids"]) != "[t1,t2]" || fmt.Sprint(r.Query["url"]) != "[https://app.example]" {
					t.Errorf("filters = %v", r.Query)
				}
				if _, ok := r.Query["name"]; ok {
					t.Errorf("empty name filter was sent: %v", r.Query)
				}
			}
			if !reflect.DeepEqual(offsets, tt.wantOffsets) {
				t.Errorf("offsets = %v, want %v", offsets, tt.wantOffsets)
			}
		})
	}
}

func TestListDeployments_stuckServer(t *testing.T) {
	t.Run("same page again", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
			writeJSON(w, 200, map[string]any{"offset": 0, "resources": []any{deploymentJSON("d1", "a", "r"), deploymentJSON("d2", "b", "r")}})
		})
		c, _ := newTestClient(t, f)
		_, err := c.ListDeployments(bg, ListDeploymentsParams{PageSize: 2})
		if err == nil || !strings.Contains(err.Error(), "same page again") {
			t.Fatalf("err = %v", err)
		}
		if n := len(f.requests()); n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
	t.Run("page limit", func(t *testing.T) {
		var mu sync.Mutex
		next := 0
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
			mu.Lock()
			defer mu.Unlock()
			next++
			writeJSON(w, 200, map[string]any{"offset": 0, "resources": []any{deploymentJSON(fmt.Sprint(next), "a", "r")}})
		})
		c, _ := newTestClient(t, f)
		c.maxPages = 5
		_, err := c.ListDeployments(bg, ListDeploymentsParams{PageSize: 1})
		if err == nil || !strings.Contains(err.Error(), "gave up after 5 pages") {
			t.Fatalf("err = %v", err)
		}
		if n := len(f.requests()); n != 5 {
			t.Errorf("requests = %d, want 5", n)
		}
	})
}

func TestFindDeploymentByName(t *testing.T) {
	// The server ignores "name" (an older server) and matches substrings.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		var items []any
		for _, n := range []string{"my-app-2", "my-app", "xmy-app"} {
			if strings.Contains(n, r.URL.Query().Get("name_contains")) {
				items = append(items, deploymentJSON("id-"+n, n, "r"))
			}
		}
		writeJSON(w, 200, map[string]any{"offset": len(items), "resources": items})
	})
	c, _ := newTestClient(t, f)
	tests := []struct{ name, wantID string }{
		{name: "my-app", wantID: "id-my-app"},
		{name: "my-app-2", wantID: "id-my-app-2"},
		{name: "my-ap", wantID: ""},
		{name: "other", wantID: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.FindDeploymentByName(bg, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if (d == nil) != (tt.wantID == "") || (d != nil && d.ID != tt.wantID) {
				t.Fatalf("got %+v, want ID %q", d, tt.wantID)
			}
			q := f.requests()[len(f.requests())-1].Query
			if q.Get("name") != tt.name || q.Get("name_contains") != tt.name {
				t.Errorf("query = %v", q)
			}
		})
	}
	if _, err := c.FindDeploymentByName(bg, ""); err == nil {
		t.Error("empty name: no error")
	}
}

// createServer is a fake control plane for CreateDeployment: post decides
// what each POST does (by attempt); listed deployments are those committed.
type createServer struct {
	mu        sync.Mutex
	committed []map[string]any
}

// commit stores a deployment created now with the request's image, as the
// server does for the POST being answered.
func (cs *createServer) commit(name string) map[string]any {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	d := deploymentJSON(fmt.Sprintf("d%d", len(cs.committed)+1), name, "r1")
	d["created_at"] = time.Now().UTC().Format(time.RFC3339Nano)
	d["source_revision_config"] = map[string]any{"image_uri": "img:1"}
	cs.committed = append(cs.committed, d)
	return d
}

// TestCreateDeployment_adoptionRule pins the rule of adoption.go: after an
// ambiguous POST, a deployment of the requested name is adopted only when it
// is the one candidate, was created inside the attempt window and matches
// the request; otherwise the create fails with an *ExistingObjectError that
// names it, and nothing is re-sent.
func TestCreateDeployment_adoptionRule(t *testing.T) {
	now := time.Now().UTC()
	tests := []struct {
		name       string
		existing   []map[string]any // what the lookup finds
		wantAdopt  bool
		wantReason string
	}{
		{"created by this request", []map[string]any{{"created_at": now, "image": "img:1"}}, true, ""},
		{"created within the clock skew before the request", []map[string]any{{"created_at": now.Add(-ClockSkew / 2), "image": "img:1"}}, true, ""},
		{"created an hour earlier: another team's", []map[string]any{{"created_at": now.Add(-time.Hour), "image": "img:1"}}, false, "before this request was sent"},
		{"same name, other image", []map[string]any{{"created_at": now, "image": "img:2"}}, false, `source_revision_config.image_uri is "img:2", the request had "img:1"`},
		{"two of that name", []map[string]any{{"created_at": now, "image": "img:1"}, {"created_at": now, "image": "img:1"}}, false, "2 deployments have that name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []map[string]any
			for i, e := range tt.existing {
				d := deploymentJSON(fmt.Sprintf("d%d", i+1), "app", "r1")
				d["created_at"] = e["created_at"].(time.Time).Format(time.RFC3339Nano)
				d["source_revision_config"] = map[string]any{"image_uri": e["image"]}
				items = append(items, d)
			}
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				switch r.Method {
				case "GET":
					writeJSON(w, 200, map[string]any{"offset": len(items), "resources": items})
				case "POST":
					dropConnection(t, w)
				}
			})
			c, _ := newTestClient(t, f)
			d, err := c.CreateDeployment(bg, &DeploymentCreateRequest{Name: "app", Source: SourceExternalDocker,
				SourceRevisionConfig: SourceRevisionConfig{ImageURI: ptr("img:1")}})
			if got := f.count("POST", "/v2/deployments"); got != 1 {
				t.Errorf("POSTs = %d, want 1 (never re-sent when a deployment of that name exists)", got)
			}
			if tt.wantAdopt {
				if err != nil || d == nil || d.ID != "d1" {
					t.Fatalf("CreateDeployment = %+v, %v; want d1 adopted", d, err)
				}
				return
			}
			var existing *ExistingObjectError
			if !errors.As(err, &existing) || existing.ID != "d1" || !strings.Contains(err.Error(), tt.wantReason) {
				t.Fatalf("CreateDeployment = %+v, %v; want an *ExistingObjectError for d1 saying %q", d, err, tt.wantReason)
			}
			if !errors.Is(err, ErrAmbiguous) {
				t.Errorf("the error should still wrap the POST's own failure: %v", err)
			}
		})
	}
}

// TestCreateDeployment_lookupAfterCancel: when the caller's context ends
// while an ambiguous POST is outstanding, the lookup still runs (on a short
// context of its own), so a deployment the server committed is returned.
func TestCreateDeployment_lookupAfterCancel(t *testing.T) {
	cs := &createServer{}
	ctx, cancel := context.WithCancel(bg)
	f := newFake(t, cs.handler(func(w http.ResponseWriter, s seen, name string) {
		cs.commit(name)
		cancel() // Ctrl-C while the response is on its way
		dropConnection(t, w)
	}))
	c, _ := newTestClient(t, f)
	d, err := c.CreateDeployment(ctx, &DeploymentCreateRequest{Name: "app", Source: SourceExternalDocker,
		SourceRevisionConfig: SourceRevisionConfig{ImageURI: ptr("img:1")}})
	if err != nil || d == nil || d.ID != "d1" {
		t.Fatalf("CreateDeployment = %+v, %v; want the committed d1", d, err)
	}
	if got := f.count("GET", "/v2/deployments"); got != 1 {
		t.Errorf("lookups = %d, want 1", got)
	}
}

func (cs *createServer) handler(post func(w http.ResponseWriter, s seen, name string)) fakeHandler {
	return func(w http.ResponseWriter, r *http.Request, s seen) {
		switch r.Method {
		case "GET":
			cs.mu.Lock()
			items := append([]map[string]any{}, cs.committed...)
			cs.mu.Unlock()
			writeJSON(w, 200, map[string]any{"offset": len(items), "resources": items})
		case "POST":
			var req struct{ Name string }
			_ = json.Unmarshal(s.Body, &req)
			post(w, s, req.Name)
		}
	}
}

func TestCreateDeployment(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		post       func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string)
		wantPOSTs  int
		wantGETs   int
		wantID     string
		wantStatus int
		wantAmbig  bool
		wantAdopt  bool
	}{
		{
			name: "created",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				writeJSON(w, 201, cs.commit(name))
			},
			wantPOSTs: 1, wantID: "d1",
		},
		{
			name: "server commits then drops the connection: adopted by name",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				cs.commit(name)
				dropConnection(t, w)
			},
			wantPOSTs: 1, wantGETs: 1, wantID: "d1", wantAdopt: true,
		},
		{
			name: "5xx before commit: lookup finds nothing, POST re-sent",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				if s.Attempt == 1 {
					writeJSON(w, 503, map[string]any{"detail": "unavailable"})
					return
				}
				writeJSON(w, 201, cs.commit(name))
			},
			wantPOSTs: 2, wantGETs: 1, wantID: "d1",
		},
		{
			name: "409 on a re-send after an ambiguous failure: adopted",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				if s.Attempt == 1 {
					writeJSON(w, 502, map[string]any{"detail": "bad gateway"}) // the create lands later
					return
				}
				cs.commit(name)
				writeJSON(w, 409, map[string]any{"detail": "A deployment named 'app' already exists."})
			},
			wantPOSTs: 2, wantGETs: 2, wantID: "d1", wantAdopt: true,
		},
		{
			name: "409 on the first attempt is returned",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				writeJSON(w, 409, map[string]any{"detail": "A deployment named 'app' already exists."})
			},
			wantPOSTs: 1, wantStatus: 409,
		},
		{
			name: "400 is returned",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				writeJSON(w, 400, map[string]any{"detail": "Source configuration error"})
			},
			wantPOSTs: 1, wantStatus: 400,
		},
		{
			name:       "gives up after MaxRetries re-sends",
			maxRetries: 2,
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				writeJSON(w, 500, map[string]any{"detail": "boom"})
			},
			wantPOSTs: 3, wantGETs: 3, wantStatus: 500, wantAmbig: true,
		},
		{
			name:       "no retries: looked up but not re-sent",
			maxRetries: -1,
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				dropConnection(t, w)
			},
			wantPOSTs: 1, wantGETs: 1, wantAmbig: true,
		},
		{
			name: "201 with an unreadable body: adopted",
			post: func(t *testing.T, cs *createServer, w http.ResponseWriter, s seen, name string) {
				cs.commit(name)
				w.WriteHeader(201)
				fmt.Fprint(w, `{"id": "d1", "na`)
			},
			wantPOSTs: 1, wantGETs: 1, wantID: "d1", wantAdopt: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := &createServer{}
			f := newFake(t, cs.handler(func(w http.ResponseWriter, s seen, name string) { tt.post(t, cs, w, s, name) }))
			var adopted []map[string]any
			c, _ := newTestClient(t, f, func(cfg *Config) {
				cfg.MaxRetries = tt.maxRetries
				cfg.Logger = func(_ context.Context, msg string, fields map[string]any) {
					if msg == "adopted deployment created by an ambiguous request" {
						adopted = append(adopted, fields)
					}
				}
			})
			d, err := c.CreateDeployment(bg, &DeploymentCreateRequest{Name: "app", Source: SourceExternalDocker,
				SourceRevisionConfig: SourceRevisionConfig{ImageURI: ptr("img:1")}})
			if got := f.count("POST", "/v2/deployments"); got != tt.wantPOSTs {
				t.Errorf("POSTs = %d, want %d", got, tt.wantPOSTs)
			}
			if got := f.count("GET", "/v2/deployments"); got != tt.wantGETs {
				t.Errorf("lookups = %d, want %d", got, tt.wantGETs)
			}
			if tt.wantID != "" {
				if err != nil || d == nil || d.ID != tt.wantID || d.Name != "app" {
					t.Fatalf("CreateDeployment = %+v, %v; want ID %s", d, err, tt.wantID)
				}
			} else if err == nil || d != nil {
				t.Fatalf("CreateDeployment = %+v, %v; want an error", d, err)
			}
			if got := StatusCode(err); got != tt.wantStatus {
				t.Errorf("status = %d, want %d (%v)", got, tt.wantStatus, err)
			}
			if got := errors.Is(err, ErrAmbiguous); got != tt.wantAmbig {
				t.Errorf("ambiguous = %v, want %v (%v)", got, tt.wantAmbig, err)
			}
			if got := len(adopted) == 1 && adopted[0]["deployment_id"] == "d1"; got != tt.wantAdopt {
				t.Errorf("adopt log = %v, want adopted %v", adopted, tt.wantAdopt)
			}
		})
	}
}

func TestCreateDeployment_body(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 201, deploymentJSON("d1", "app", "r1"))
	})
	c, _ := newTestClient(t, f)
	req := &DeploymentCreateRequest{Name: "app", Source: SourceExternalDocker}
	if _, err := c.CreateDeployment(bg, req); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(f.requests()[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if s, ok := body["secrets"].([]any); !ok || len(s) != 0 {
		t.Errorf("secrets = %#v, want []", body["secrets"])
	}
	for _, k := range []string{"source_config", "source_revision_config"} {
		if m, ok := body[k].(map[string]any); !ok || len(m) != 0 {
			t.Errorf("%s = %#v, want {}", k, body[k])
		}
	}
	if req.Secrets != nil {
		t.Error("the caller's request was modified")
	}
}

// patchServer serves one deployment whose latest_revision_id moves when a
// PATCH is applied.
type patchServer struct {
	mu     sync.Mutex
	latest string
}

func (ps *patchServer) get() map[string]any {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return deploymentJSON("d1", "app", ps.latest)
}

func (ps *patchServer) apply() map[string]any {
	ps.mu.Lock()
	ps.latest = "rev-2"
	ps.mu.Unlock()
	return ps.get()
}

func TestPatchDeployment(t *testing.T) {
	revisionPatch := &DeploymentPatchRequest{SourceRevisionConfig: &SourceRevisionConfig{ImageURI: ptr("img:2")}, ExpectedLatestRevisionID: "rev-1"}
	tests := []struct {
		name       string
		req        *DeploymentPatchRequest
		patch      func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen)
		wantPATCH  int
		wantGET    int
		wantLatest string
		wantAmbig  bool
	}{
		{
			name: "revision patch applied, connection dropped: not re-sent",
			req:  revisionPatch,
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				ps.apply()
				dropConnection(t, w)
			},
			wantPATCH: 1, wantGET: 1, wantLatest: "rev-2",
		},
		{
			name: "revision patch 502 before applying: re-sent",
			req:  revisionPatch,
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				if s.Attempt == 1 {
					writeJSON(w, 502, map[string]any{"detail": "bad gateway"})
					return
				}
				writeJSON(w, 200, ps.apply())
			},
			wantPATCH: 2, wantGET: 1, wantLatest: "rev-2",
		},
		{
			name: "revision patch 503 after applying: not re-sent",
			req:  revisionPatch,
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				ps.apply()
				writeJSON(w, 503, map[string]any{"detail": "unavailable"})
			},
			wantPATCH: 1, wantGET: 1, wantLatest: "rev-2",
		},
		{
			name: "revision patch without expected revision reads the deployment first",
			req:  &DeploymentPatchRequest{Secrets: []Secret{{Name: "A", Value: "b"}}},
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				ps.apply()
				dropConnection(t, w)
			},
			wantPATCH: 1, wantGET: 2, wantLatest: "rev-2",
		},
		{
			name: "revision patch keeps failing: gives up",
			req:  revisionPatch,
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				dropConnection(t, w)
			},
			wantPATCH: defaultMaxRetries + 1, wantGET: defaultMaxRetries + 1, wantAmbig: true,
		},
		{
			name: "patch without a revision is retried like a GET",
			req:  &DeploymentPatchRequest{DisplayName: ptr("App"), SourceConfig: &SourceConfig{BuildOnPush: ptr(true)}},
			patch: func(t *testing.T, ps *patchServer, w http.ResponseWriter, s seen) {
				if s.Attempt < 3 {
					writeJSON(w, 503, map[string]any{"detail": "unavailable"})
					return
				}
				writeJSON(w, 200, ps.get())
			},
			wantPATCH: 3, wantLatest: "rev-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &patchServer{latest: "rev-1"}
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				if r.Method == "GET" {
					writeJSON(w, 200, ps.get())
					return
				}
				tt.patch(t, ps, w, s)
			})
			c, _ := newTestClient(t, f)
			d, err := c.PatchDeployment(bg, "d1", tt.req)
			if got := f.count("PATCH", "/v2/deployments/d1"); got != tt.wantPATCH {
				t.Errorf("PATCHes = %d, want %d", got, tt.wantPATCH)
			}
			if got := f.count("GET", "/v2/deployments/d1"); got != tt.wantGET {
				t.Errorf("GETs = %d, want %d", got, tt.wantGET)
			}
			if tt.wantAmbig {
				if !errors.Is(err, ErrAmbiguous) {
					t.Fatalf("err = %v, want ErrAmbiguous", err)
				}
				return
			}
			if err != nil || deref(d.LatestRevisionID) != tt.wantLatest {
				t.Fatalf("PatchDeployment = %+v, %v; want latest %s", d, err, tt.wantLatest)
			}
			if strings.Contains(string(f.requests()[len(f.requests())-1].Body), "ExpectedLatestRevisionID") {
				t.Error("ExpectedLatestRevisionID was sent")
			}
		})
	}
}

func TestDeploymentPatchRequest_CreatesRevision(t *testing.T) {
	tests := []struct {
		name string
		req  DeploymentPatchRequest
		want bool
	}{
		{name: "empty"},
		{name: "display name", req: DeploymentPatchRequest{DisplayName: ptr("x")}},
		{name: "build_on_push and custom_url", req: DeploymentPatchRequest{SourceConfig: &SourceConfig{BuildOnPush: ptr(true), CustomURL: ptr("u")}}},
		{name: "empty secrets", req: DeploymentPatchRequest{Secrets: []Secret{}}},
		{name: "route through gateway", req: DeploymentPatchRequest{RouteThroughGateway: ptr(true)}},
		{name: "source revision config", req: DeploymentPatchRequest{SourceRevisionConfig: &SourceRevisionConfig{}}, want: true},
		{name: "secrets", req: DeploymentPatchRequest{Secrets: []Secret{{Name: "a"}}}, want: true},
		{name: "clear secret references", req: DeploymentPatchRequest{SecretReferences: &[]SecretReference{}}, want: true},
		{name: "resource spec", req: DeploymentPatchRequest{SourceConfig: &SourceConfig{ResourceSpec: &ResourceSpec{}}}, want: true},
		{name: "install command", req: DeploymentPatchRequest{SourceConfig: &SourceConfig{InstallCommand: ptr("npm ci")}}, want: true},
		{name: "build command", req: DeploymentPatchRequest{SourceConfig: &SourceConfig{BuildCommand: ptr("npm run build")}}, want: true},
	}
	for _, tt := range tests {
		if got := tt.req.CreatesRevision(); got != tt.want {
			t.Errorf("%s: CreatesRevision() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDeleteDeployment(t *testing.T) {
	tests := []struct {
		name      string
		p         DeleteDeploymentParams
		status    int
		wantQuery string
		wantErr   func(error) bool
	}{
		{name: "plain", status: 204, wantQuery: ""},
		{name: "tracing project", p: DeleteDeploymentParams{DeleteTracingProject: true}, status: 204, wantQuery: "delete_tracing_project=true"},
		{name: "force", p: DeleteDeploymentParams{Force: true}, status: 204, wantQuery: "force=true"},
		{name: "both", p: DeleteDeploymentParams{DeleteTracingProject: true, Force: true}, status: 204, wantQuery: "delete_tracing_project=true&force=true"},
		{name: "not found", status: 404, wantErr: IsNotFound},
		{name: "force on an active deployment", p: DeleteDeploymentParams{Force: true}, status: 400, wantQuery: "force=true",
			wantErr: func(err error) bool { return StatusCode(err) == 400 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rawQuery string
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				rawQuery = r.URL.RawQuery
				if tt.status == 204 {
					w.WriteHeader(204)
					return
				}
				writeJSON(w, tt.status, map[string]any{"detail": "Deployment ID d1 not found."})
			})
			c, _ := newTestClient(t, f)
			err := c.DeleteDeployment(bg, "d1", tt.p)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !tt.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if rawQuery != tt.wantQuery {
				t.Errorf("query = %q, want %q", rawQuery, tt.wantQuery)
			}
			if r := f.requests()[0]; r.Method != "DELETE" || r.Path != "/v2/deployments/d1" {
				t.Errorf("request = %s %s", r.Method, r.Path)
			}
		})
	}
}

// TestCreateListenerAndOAuthProvider_adoptionRule: the listener and OAuth
// provider creates resolve an ambiguous POST by the same rule: adopted when
// created inside the attempt window with the requested fields, otherwise an
// *ExistingObjectError naming the object; nothing found means a re-send.
func TestCreateListenerAndOAuthProvider_adoptionRule(t *testing.T) {
	now := time.Now().UTC()
	listener := func(created time.Time) map[string]any {
		return map[string]any{"id": "l1", "compute_type": "k8s", "compute_id": "prod-eu", "compute_config": map[string]any{"k8s_namespaces": nil},
			"version": nil, "created_at": created.Format(time.RFC3339Nano), "updated_at": created.Format(time.RFC3339Nano)}
	}
	provider := func(created time.Time, name string) map[string]any {
		return map[string]any{"id": "p1", "organization_id": "o1", "provider_id": "github", "name": name, "client_id": "c",
			"auth_url": "https://a.example.com", "token_url": "https://t.example.com", "uses_pkce": false, "code_challenge_method": nil,
			"created_at": created.Format(time.RFC3339Nano), "updated_at": created.Format(time.RFC3339Nano)}
	}
	tests := []struct {
		name       string
		existing   map[string]any // nil: nothing there, then the re-send succeeds
		kind       string         // "listener" or "provider"
		wantAdopt  bool
		wantPOSTs  int
		wantReason string
	}{
		{"listener committed by this request", listener(now), "listener", true, 1, ""},
		{"listener of another team", listener(now.Add(-24 * time.Hour)), "listener", false, 1, "before this request was sent"},
		{"listener not there: re-sent", nil, "listener", true, 2, ""},
		{"provider committed by this request", provider(now, "GitHub"), "provider", true, 1, ""},
		{"provider with another name", provider(now, "Other"), "provider", false, 1, `name is "Other", the request had "GitHub"`},
		{"provider not there: re-sent", nil, "provider", true, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var posts int
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				switch {
				case r.Method == "POST" && posts == 0:
					posts++
					dropConnection(t, w)
				case r.Method == "POST":
					posts++
					if tt.kind == "listener" {
						writeJSON(w, 201, listener(time.Now()))
					} else {
						writeJSON(w, 200, provider(time.Now(), "GitHub"))
					}
				case tt.kind == "listener":
					items := []any{}
					if tt.existing != nil {
						items = append(items, tt.existing)
					}
					writeJSON(w, 200, map[string]any{"offset": len(items), "resources": items})
				case tt.existing == nil:
					writeJSON(w, 404, map[string]any{"detail": "Not Found"})
				default:
					writeJSON(w, 200, tt.existing)
				}
			})
			c, _ := newTestClient(t, f)
			var err error
			var id string
			if tt.kind == "listener" {
				var l *Listener
				l, err = c.CreateListener(bg, &ListenerCreateRequest{ComputeType: "k8s", ComputeID: "prod-eu"})
				if l != nil {
					id = l.ID
				}
			} else {
				var p *OAuthProvider
				p, err = c.CreateOAuthProvider(bg, &OAuthProviderCreateRequest{ProviderID: "github", Name: "GitHub", ClientID: "c",
					AuthURL: "https://a.example.com", TokenURL: "https://t.example.com"})
				if p != nil {
					id = p.ID
				}
			}
			if posts != tt.wantPOSTs {
				t.Errorf("POSTs = %d, want %d", posts, tt.wantPOSTs)
			}
			if tt.wantAdopt {
				if err != nil || id == "" {
					t.Fatalf("create = %q, %v; want it created or adopted", id, err)
				}
				return
			}
			var existing *ExistingObjectError
			if !errors.As(err, &existing) || !strings.Contains(err.Error(), tt.wantReason) {
				t.Fatalf("create = %q, %v; want an *ExistingObjectError saying %q", id, err, tt.wantReason)
			}
		})
	}
}

// TestListDeploymentsUpTo_sendsEveryFilter: the limited list sends the same
// filters as ListDeployments (it once dropped tag_value_ids and url).
func TestListDeploymentsUpTo_sendsEveryFilter(t *testing.T) {
	f := newFake(t, pagedDeployments(5, func(sent, _ int) int { return sent }))
	c, _ := newTestClient(t, f)
	p := ListDeploymentsParams{PageSize: 2, Status: "READY", DeploymentIDs: []string{"a", "b"}, TagValueIDs: []string{"t1"}, URL: "https://app.example"}
	got, err := c.ListDeploymentsUpTo(bg, p, 3)
	if err != nil || len(got) != 3 {
		t.Fatalf("got %d deployments, err %v; want 3", len(got), err)
	}
	want := p.query()
	for _, r := range f.requests() {
		for key := range want {
			if fmt.Sprint(r.Query[key]) != fmt.Sprint(want[key]) {
				t.Errorf("%s = %v, want %v", key, r.Query[key], want[key])
			}
		}
	}
}
