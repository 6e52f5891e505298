package langsmith

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"testing"
)

// pagedRevisions serves n revisions r0..r(n-1), newest first.
func pagedRevisions(n int) fakeHandler {
	return func(w http.ResponseWriter, r *http.Request, s seen) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		items := []any{}
		for i := offset; i < n && i < offset+limit; i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("r%d", i), "status": "DEPLOYED", "source": "github",
				"source_revision_config": map[string]any{}, "created_at": "2025-01-01T00:00:00.123456+00:00", "updated_at": "2025-01-01T00:00:00"})
		}
		writeJSON(w, 200, map[string]any{"resources": items, "offset": offset + len(items)})
	}
}

func TestListRevisions(t *testing.T) {
	tests := []struct {
		name       string
		total      int
		p          ListRevisionsParams
		wantItems  int
		wantLimits []string
		wantOffs   []string
		wantStatus string
	}{
		{name: "limit stops early", total: 300, p: ListRevisionsParams{Limit: 150}, wantItems: 150,
			wantLimits: []string{"100", "50"}, wantOffs: []string{"0", "100"}},
		{name: "small limit is one small page", total: 300, p: ListRevisionsParams{Limit: 3}, wantItems: 3,
			wantLimits: []string{"3"}, wantOffs: []string{"0"}},
		{name: "limit above total", total: 120, p: ListRevisionsParams{Limit: 500}, wantItems: 120,
			wantLimits: []string{"100", "100"}, wantOffs: []string{"0", "100"}},
		{name: "no limit reads everything", total: 201, wantItems: 201,
			wantLimits: []string{"100", "100", "100"}, wantOffs: []string{"0", "100", "200"}},
		{name: "status filter", total: 2, p: ListRevisionsParams{Status: []string{RevisionDeployed, RevisionBuildFailed}}, wantItems: 2,
			wantLimits: []string{"100"}, wantOffs: []string{"0"}, wantStatus: "DEPLOYED,BUILD_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, pagedRevisions(tt.total))
			c, _ := newTestClient(t, f)
			got, err := c.ListRevisions(bg, "d1", tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantItems || got[0].ID != "r0" {
				t.Errorf("got %d revisions starting %q, want %d starting r0", len(got), got[0].ID, tt.wantItems)
			}
			if got[0].CreatedAt.IsZero() || got[0].UpdatedAt.IsZero() {
				t.Errorf("timestamps not decoded: %+v", got[0])
			}
			var limits, offs []string
			for _, r := range f.requests() {
				limits = append(limits, r.Query.Get("limit"))
				offs = append(offs, r.Query.Get("offset"))
				if r.Query.Get("status") != tt.wantStatus || r.Path != "/v2/deployments/d1/revisions" {
					t.Errorf("request %s?%v", r.Path, r.Query)
				}
			}
			if !reflect.DeepEqual(limits, tt.wantLimits) || !reflect.DeepEqual(offs, tt.wantOffs) {
				t.Errorf("limits %v offsets %v, want %v %v", limits, offs, tt.wantLimits, tt.wantOffs)
			}
		})
	}
}

func TestLatestRevision(t *testing.T) {
	for _, total := range []int{0, 5} {
		f := newFake(t, pagedRevisions(total))
		c, _ := newTestClient(t, f)
		rev, err := c.LatestRevision(bg, "d1")
		if err != nil {
			t.Fatal(err)
		}
		if (total == 0) != (rev == nil) || (rev != nil && rev.ID != "r0") {
			t.Errorf("total %d: LatestRevision = %+v", total, rev)
		}
		if r := f.requests(); len(r) != 1 || r[0].Query.Get("limit") != "1" {
			t.Errorf("total %d: requests %v", total, r)
		}
	}
}

func TestRedeployRevision(t *testing.T) {
	tests := []struct {
		name       string
		expected   string
		post       func(t *testing.T, latest *string, w http.ResponseWriter, s seen)
		wantPOST   int
		wantGET    int
		wantLatest string
		wantAmbig  bool
	}{
		{name: "ok", expected: "rev-1", wantPOST: 1, wantLatest: "rev-2",
			post: func(t *testing.T, latest *string, w http.ResponseWriter, s seen) {
				*latest = "rev-2"
				writeJSON(w, 200, deploymentJSON("d1", "app", *latest))
			}},
		{name: "applied then dropped: not re-sent", expected: "rev-1", wantPOST: 1, wantGET: 1, wantLatest: "rev-2",
			post: func(t *testing.T, latest *string, w http.ResponseWriter, s seen) {
				*latest = "rev-2"
				dropConnection(t, w)
			}},
		{name: "expected unknown: read first", wantPOST: 1, wantGET: 2, wantLatest: "rev-2",
			post: func(t *testing.T, latest *string, w http.ResponseWriter, s seen) {
				*latest = "rev-2"
				dropConnection(t, w)
			}},
		{name: "504 before applying: re-sent", expected: "rev-1", wantPOST: 2, wantGET: 1, wantLatest: "rev-2",
			post: func(t *testing.T, latest *string, w http.ResponseWriter, s seen) {
				if s.Attempt == 1 {
					writeJSON(w, 504, map[string]any{"detail": "timeout"})
					return
				}
				*latest = "rev-2"
				writeJSON(w, 200, deploymentJSON("d1", "app", *latest))
			}},
		{name: "400 returned", expected: "rev-1", wantPOST: 1,
			post: func(t *testing.T, latest *string, w http.ResponseWriter, s seen) {
				writeJSON(w, 400, map[string]any{"detail": "cannot redeploy"})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			latest := "rev-1"
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				mu.Lock()
				defer mu.Unlock()
				if r.Method == "GET" {
					writeJSON(w, 200, deploymentJSON("d1", "app", latest))
					return
				}
				if r.ContentLength > 0 || len(s.Body) > 0 {
					t.Errorf("redeploy sent a body: %q", s.Body)
				}
				tt.post(t, &latest, w, s)
			})
			c, _ := newTestClient(t, f)
			d, err := c.RedeployRevision(bg, "d1", "r/0", tt.expected)
			if got := f.count("POST", "/v2/deployments/d1/revisions/r%2F0/redeploy"); got != tt.wantPOST {
				t.Errorf("POSTs = %d, want %d", got, tt.wantPOST)
			}
			if got := f.count("GET", "/v2/deployments/d1"); got != tt.wantGET {
				t.Errorf("GETs = %d, want %d", got, tt.wantGET)
			}
			if tt.wantLatest == "" {
				if err == nil || errors.Is(err, ErrAmbiguous) != tt.wantAmbig {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil || deref(d.LatestRevisionID) != tt.wantLatest {
				t.Fatalf("RedeployRevision = %+v, %v", d, err)
			}
		})
	}
}

func TestCreateRevision(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 201, map[string]any{"id": "r9", "status": "CREATING"})
	})
	c, _ := newTestClient(t, f)
	rev, err := c.CreateRevision(bg, "d1", &RevisionCreateRequest{SourceRevisionConfig: &SourceRevisionConfig{ImageURI: ptr("img:3")}, ExpectedLatestRevisionID: "r1"})
	if err != nil || rev.ID != "r9" || rev.Status != RevisionCreating {
		t.Fatalf("CreateRevision = %+v, %v", rev, err)
	}
	r := f.requests()[0]
	if r.Method != "POST" || r.Path != "/v2/deployments/d1/revisions" || string(r.Body) != `{"source_revision_config":{"image_uri":"img:3"}}` {
		t.Errorf("request %s %s %s", r.Method, r.Path, r.Body)
	}
}

// After an ambiguous failure CreateRevision reads the deployment back: a
// new latest_revision_id is the revision it created (not re-sent); the old
// one means it was not applied, and it is re-sent.
func TestCreateRevision_ambiguous(t *testing.T) {
	for _, tt := range []struct {
		name      string
		latest    string
		wantPosts int
		wantID    string
	}{
		{name: "applied", latest: "r2", wantPosts: 1, wantID: "r2"},
		{name: "not applied", latest: "r1", wantPosts: 2, wantID: "r9"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				if r.Method == "GET" {
					writeJSON(w, 200, deploymentJSON("d1", "app", tt.latest))
					return
				}
				if s.Attempt == 1 {
					writeJSON(w, 502, map[string]any{"detail": "bad gateway"})
					return
				}
				writeJSON(w, 201, map[string]any{"id": "r9", "status": "CREATING"})
			})
			c, _ := newTestClient(t, f)
			rev, err := c.CreateRevision(bg, "d1", &RevisionCreateRequest{ExpectedLatestRevisionID: "r1"})
			if err != nil || rev.ID != tt.wantID {
				t.Fatalf("CreateRevision = %+v, %v; want revision %s", rev, err, tt.wantID)
			}
			if n := f.count("POST", "/v2/deployments/d1/revisions"); n != tt.wantPosts {
				t.Errorf("POSTs = %d, want %d", n, tt.wantPosts)
			}
		})
	}
}

func TestIsRouteMissing(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: 404, Detail: "Not Found"}, true},
		{&APIError{StatusCode: 405, Detail: "Method Not Allowed"}, true},
		{&APIError{StatusCode: 404, Detail: "Deployment ID d1 not found."}, false},
		{&APIError{StatusCode: 400, Detail: "bad"}, false},
		{errors.New("boom"), false},
	} {
		if got := IsRouteMissing(tt.err); got != tt.want {
			t.Errorf("IsRouteMissing(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
