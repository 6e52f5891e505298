package langsmith

import (
	"net/http"
	"testing"
)

func TestTiers_requests(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 200, deploymentJSON("d1", "app", "r2"))
	})
	c, _ := newTestClient(t, f)
	if d, err := c.SetDeploymentTier(bg, "d1", TierDedicatedM, "r1"); err != nil || deref(d.LatestRevisionID) != "r2" {
		t.Fatalf("SetDeploymentTier = %+v, %v", d, err)
	}
	db := TierDedicatedL
	if _, err := c.SetResourceTiers(bg, "d1", ResourceTiersRequest{DatabaseTier: &db}, "r1"); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("requests = %d, want 2", len(reqs))
	}
	for i, want := range []struct{ path, body string }{
		{"/v2/deployments/d1/deployment-tier", `{"deployment_tier":"DEDICATED_M"}`},
		// null keeps the current compute tier (§5.10).
		{"/v2/deployments/d1/resource-tiers", `{"compute_tier":null,"database_tier":"DEDICATED_L"}`},
	} {
		if r := reqs[i]; r.Method != "PATCH" || r.Path != want.path || string(r.Body) != want.body {
			t.Errorf("request %d = %s %s %s, want PATCH %s %s", i, r.Method, r.Path, r.Body, want.path, want.body)
		}
	}
}

// A tier change rolls out a revision: after an ambiguous failure it is
// looked up, not blindly re-sent.
func TestTiers_ambiguousFailureIsLookedUp(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		if r.Method == "GET" {
			writeJSON(w, 200, deploymentJSON("d1", "app", "r2"))
			return
		}
		writeJSON(w, 503, map[string]any{"detail": "unavailable"})
	})
	c, _ := newTestClient(t, f)
	d, err := c.SetDeploymentTier(bg, "d1", TierDedicatedS, "r1")
	if err != nil || deref(d.LatestRevisionID) != "r2" {
		t.Fatalf("SetDeploymentTier = %+v, %v; want the deployment read back", d, err)
	}
	if n := f.count("PATCH", "/v2/deployments/d1/deployment-tier"); n != 1 {
		t.Errorf("PATCHes = %d, want 1", n)
	}
}
