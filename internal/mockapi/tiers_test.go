package mockapi

import "testing"

func TestTiers(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("tiered")) // deployment_type prod: dedicated
	path := "/v2/deployments/" + d["id"].(string)
	rev1 := d["latest_revision_id"]

	p := a.must(200, "PATCH", path+"/deployment-tier", map[string]any{"deployment_tier": "DEDICATED_M"})
	if p["deployment_tier"] != "DEDICATED_M" || p["compute_tier"] != "DEDICATED_M" || p["database_tier"] != "DEDICATED_M" {
		t.Fatalf("deployment tier: compute and database follow it: %v %v %v", p["deployment_tier"], p["compute_tier"], p["database_tier"])
	}
	rev2 := p["latest_revision_id"]
	if rev2 == rev1 {
		t.Fatal("a tier change rolls out a new revision")
	}

	p = a.must(200, "PATCH", path+"/resource-tiers", map[string]any{"compute_tier": nil, "database_tier": "DEDICATED_L"})
	if p["compute_tier"] != "DEDICATED_M" || p["database_tier"] != "DEDICATED_L" || p["latest_revision_id"] == rev2 {
		t.Fatalf("resource tiers: null keeps compute, a new revision: %v %v %v", p["compute_tier"], p["database_tier"], p["latest_revision_id"])
	}
	// A database tier set of its own no longer follows the deployment tier.
	p = a.must(200, "PATCH", path+"/deployment-tier", map[string]any{"deployment_tier": "DEDICATED_S"})
	if p["compute_tier"] != "DEDICATED_S" || p["database_tier"] != "DEDICATED_L" {
		t.Fatalf("after a second deployment tier: %v %v", p["compute_tier"], p["database_tier"])
	}

	wantDetail(t, a.do("PATCH", path+"/deployment-tier", map[string]any{"deployment_tier": "SERVERLESS_S"}), 400,
		"deployment_tier SERVERLESS_S does not match this dedicated deployment: dedicated deployments take DEDICATED_* tiers.")
	wantDetail(t, a.do("PATCH", path+"/resource-tiers", map[string]any{"database_tier": "SERVERLESS_M"}), 400,
		"database_tier must be a DEDICATED_* tier, got SERVERLESS_M.")
	wantErrors(t, a.do("PATCH", path+"/resource-tiers", map[string]any{}), "value_error", loc("body"))
	wantErrors(t, a.do("PATCH", path+"/deployment-tier", map[string]any{}), "missing", loc("body", "deployment_tier"))
	wantErrors(t, a.do("PATCH", path+"/deployment-tier", map[string]any{"deployment_tier": "HUGE"}), "enum", loc("body", "deployment_tier"))
	wantDetail(t, a.do("PATCH", "/v2/deployments/00000000-0000-4000-8000-000000000000/deployment-tier", map[string]any{"deployment_tier": "DEDICATED_S"}), 404,
		"Deployment ID 00000000-0000-4000-8000-000000000000 not found.")

	// Serverless deployments: SERVERLESS_* only, no database tier.
	body := githubBody("serverless")
	body["source_config"].(map[string]any)["deployment_type"] = "dev_zero"
	s := a.must(201, "POST", "/v2/deployments", body)
	spath := "/v2/deployments/" + s["id"].(string)
	p = a.must(200, "PATCH", spath+"/deployment-tier", map[string]any{"deployment_tier": "SERVERLESS_L"})
	if p["compute_tier"] != "SERVERLESS_L" || p["database_tier"] != nil {
		t.Fatalf("serverless: %v %v", p["compute_tier"], p["database_tier"])
	}
	wantDetail(t, a.do("PATCH", spath+"/resource-tiers", map[string]any{"database_tier": "DEDICATED_S"}), 400,
		"database_tier applies only to dedicated deployments; this deployment is serverless.")
}

// A revision built from another ref tracks that ref: tracked_repo_ref set
// earlier does not survive it (the provider sets it again).
func TestTrackedRef_resetByNewRef(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("tracked"))
	path := "/v2/deployments/" + d["id"].(string)
	branch := func(p map[string]any) any { return p["source_config"].(map[string]any)["repo_branch"] }
	if p := a.must(200, "PATCH", path, map[string]any{"tracked_repo_ref": "develop"}); branch(p) != "develop" || p["latest_revision_id"] != d["latest_revision_id"] {
		t.Fatalf("tracked ref: %v, no new revision", branch(p))
	}
	// Same ref again: the tracked ref stays.
	if p := a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "main"}}); branch(p) != "develop" {
		t.Fatalf("same ref: repo_branch = %v, want develop", branch(p))
	}
	if p := a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "release"}}); branch(p) != "release" {
		t.Fatalf("new ref: repo_branch = %v, want release", branch(p))
	}
}

// A request that names the key's default workspace in X-Tenant-Id acts in
// the same state as one without the header: a client that learns tenant_id
// from a response and sends it finds what it created.
func TestTenant_defaultWorkspaceByHeader(t *testing.T) {
	for _, opts := range []Options{{}, {TenantID: "33333333-3333-4333-8333-333333333333"}} {
		a := newTestAPI(t, opts)
		d := a.must(201, "POST", "/v2/deployments", githubBody("no-header"))
		a.tenant = d["tenant_id"].(string)
		if got := a.must(200, "GET", "/v2/deployments/"+d["id"].(string), nil); got["id"] != d["id"] {
			t.Fatalf("TenantID %q: with X-Tenant-Id %s: %v", opts.TenantID, a.tenant, got)
		}
	}
}
