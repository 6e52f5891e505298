package mockapi

import (
	"fmt"
	"testing"
	"time"
)

const step = 10 * time.Second

// revStatus GETs a revision and returns its status.
func (a *testAPI) revStatus(depID, revID string) string {
	a.t.Helper()
	return a.must(200, "GET", "/v2/deployments/"+depID+"/revisions/"+revID, nil)["status"].(string)
}

func TestRevision_githubStatusChainOverTime(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: step})
	clk := a.withClock()
	d := a.must(201, "POST", "/v2/deployments", githubBody("chain"))
	id, rev := d["id"].(string), d["latest_revision_id"].(string)

	want := []string{"CREATING", "QUEUED", "AWAITING_BUILD", "BUILDING", "AWAITING_DEPLOY", "DEPLOYING", "DEPLOYED"}
	for i, st := range want {
		if got := a.revStatus(id, rev); got != st {
			t.Fatalf("step %d: status %s, want %s", i, got, st)
		}
		dep := a.must(200, "GET", "/v2/deployments/"+id, nil)
		src := dep["source_revision_config"].(map[string]any)
		switch st {
		case "CREATING", "QUEUED":
			if src["repo_commit_sha"] != nil {
				t.Fatalf("%s: commit sha too early", st)
			}
		case "BUILDING":
			if src["repo_commit_sha"] == nil || src["image_uri"] != nil {
				t.Fatalf("%s: source_revision_config = %v", st, src)
			}
		case "DEPLOYING":
			if src["image_uri"] == nil || dep["status"] != "AWAITING_DATABASE" || dep["url"] != nil || dep["active_revision_id"] != nil {
				t.Fatalf("%s: deployment = %v", st, dep)
			}
		case "DEPLOYED":
			if dep["status"] != "READY" || dep["active_revision_id"] != rev || dep["url"] == nil || dep["image_version"] == nil {
				t.Fatalf("%s: deployment = %v", st, dep)
			}
		}
		clk.Advance(step)
	}

	timings := a.srv.RevisionTimings()
	if len(timings) != 1 || timings[0].RevisionID != rev || timings[0].DeploymentID != id {
		t.Fatalf("timings = %+v", timings)
	}
	created := newFakeClock().Now()
	if !timings[0].DeployedAt.Equal(created.Add(6*step)) || !timings[0].FirstSeenDeployedAt.Equal(created.Add(6*step)) {
		t.Fatalf("timings = %+v, created %v", timings[0], created)
	}
}

func TestRevision_imageSourceSkipsBuildStates(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: step})
	clk := a.withClock()
	d := a.must(201, "POST", "/v2/deployments", dockerBody("img-chain", "img:1"))
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	var got []string
	for i := 0; i < 6; i++ {
		got = append(got, a.revStatus(id, rev))
		clk.Advance(step)
	}
	if fmt.Sprint(got) != "[CREATING QUEUED AWAITING_DEPLOY DEPLOYING DEPLOYED DEPLOYED]" {
		t.Fatalf("chain = %v", got)
	}
}

func TestRevision_failureInjectionKeepsPreviousActive(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("failing", "img:1"))
	id, good := d["id"].(string), d["latest_revision_id"].(string)
	path := "/v2/deployments/" + id

	p := a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"image_uri": "img:fail-build"}})
	bad := p["latest_revision_id"].(string)
	r := a.must(200, "GET", path+"/revisions/"+bad, nil)
	if r["status"] != "BUILD_FAILED" || r["status_message"] != "mock build failed: exit code 1" {
		t.Fatalf("revision = %v", r)
	}
	dep := a.must(200, "GET", path, nil)
	if dep["active_revision_id"] != good || dep["status"] != "READY" || dep["latest_revision_id"] != bad {
		t.Fatalf("deployment = %v", dep)
	}
	wantDetail(t, a.do("POST", path+"/revisions/"+bad+"/redeploy", nil), 400, "Revision "+bad+" cannot be redeployed: status BUILD_FAILED.")

	a.srv.FailNextRevision("DEPLOY_FAILED", "health check failed")
	p = a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"image_uri": "img:2"}})
	r = a.must(200, "GET", path+"/revisions/"+p["latest_revision_id"].(string), nil)
	if r["status"] != "DEPLOY_FAILED" || r["status_message"] != "health check failed" {
		t.Fatalf("revision = %v", r)
	}
	good2 := a.must(200, "GET", path+"/revisions/"+good, nil)
	if good2["status"] != "DEPLOYED" || good2["status_message"] != nil {
		t.Fatalf("good revision = %v", good2)
	}

	// A github repo_ref carrying the marker fails too; the first revision
	// failing leaves the deployment without an active revision.
	gh := githubBody("gh-failing")
	gh["source_revision_config"].(map[string]any)["repo_ref"] = "fail-deploy"
	d = a.must(201, "POST", "/v2/deployments", gh)
	dep = a.must(200, "GET", "/v2/deployments/"+d["id"].(string), nil)
	if dep["active_revision_id"] != nil || dep["status"] != "AWAITING_DATABASE" || dep["url"] != nil {
		t.Fatalf("deployment = %v", dep)
	}
	if st := a.revStatus(d["id"].(string), d["latest_revision_id"].(string)); st != "DEPLOY_FAILED" {
		t.Fatalf("status = %s", st)
	}
}

func TestRevision_supersededRevisionIsSkippedDeployingOneFinishesFirst(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: step})
	clk := a.withClock()
	d := a.must(201, "POST", "/v2/deployments", githubBody("busy"))
	id, r1 := d["id"].(string), d["latest_revision_id"].(string)
	path := "/v2/deployments/" + id

	clk.Advance(3 * step) // r1 BUILDING
	r2 := a.must(200, "PATCH", path, map[string]any{"secrets": []any{map[string]any{"name": "A", "value": "1"}}})["latest_revision_id"].(string)
	if st := a.revStatus(id, r1); st != "SKIPPED" {
		t.Fatalf("r1 = %s, want SKIPPED", st)
	}
	clk.Advance(5 * step) // r2 DEPLOYING
	if st := a.revStatus(id, r2); st != "DEPLOYING" {
		t.Fatalf("r2 = %s, want DEPLOYING", st)
	}
	r3 := a.must(200, "PATCH", path, map[string]any{"secrets": []any{map[string]any{"name": "A", "value": "2"}}})["latest_revision_id"].(string)
	clk.Advance(step)
	if st := a.revStatus(id, r2); st != "DEPLOYED" {
		t.Fatalf("r2 = %s, want DEPLOYED (it was deploying)", st)
	}
	if st := a.revStatus(id, r3); st != "QUEUED" {
		t.Fatalf("r3 = %s, want QUEUED behind r2", st)
	}
	if got := a.must(200, "GET", path, nil)["active_revision_id"]; got != r2 {
		t.Fatalf("active = %v, want r2", got)
	}
	clk.Advance(10 * step)
	if st := a.revStatus(id, r3); st != "DEPLOYED" {
		t.Fatalf("r3 = %s", st)
	}
	dep := a.must(200, "GET", path, nil)
	if dep["active_revision_id"] != r3 {
		t.Fatalf("active = %v, want r3", dep["active_revision_id"])
	}

	list := a.must(200, "GET", path+"/revisions?limit=2", nil)
	res := list["resources"].([]any)
	if len(res) != 2 || res[0].(map[string]any)["id"] != r3 || res[1].(map[string]any)["id"] != r2 || list["offset"] != 2.0 {
		t.Fatalf("revisions page = %v", list)
	}
	skipped := a.must(200, "GET", path+"/revisions?status=SKIPPED,BUILD_FAILED", nil)["resources"].([]any)
	if len(skipped) != 1 || skipped[0].(map[string]any)["id"] != r1 {
		t.Fatalf("status filter = %v", skipped)
	}
}

func TestRevision_holdStopsAtBuildingUntilReleased(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: step})
	clk := a.withClock()
	a.srv.HoldRevisions(true)
	d := a.must(201, "POST", "/v2/deployments", githubBody("held"))
	img := a.must(201, "POST", "/v2/deployments", dockerBody("held-img", "img:1"))
	clk.Advance(time.Hour)
	if st := a.revStatus(d["id"].(string), d["latest_revision_id"].(string)); st != "BUILDING" {
		t.Fatalf("held github = %s", st)
	}
	if st := a.revStatus(img["id"].(string), img["latest_revision_id"].(string)); st != "AWAITING_DEPLOY" {
		t.Fatalf("held image = %s", st)
	}
	a.srv.HoldRevisions(false)
	clk.Advance(3 * step)
	if st := a.revStatus(d["id"].(string), d["latest_revision_id"].(string)); st != "DEPLOYED" {
		t.Fatalf("released github = %s", st)
	}
	if st := a.revStatus(img["id"].(string), img["latest_revision_id"].(string)); st != "DEPLOYED" {
		t.Fatalf("released image = %s", st)
	}
}

func TestRevision_createRevisionAndRedeploy(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("revs", "img:1"))
	id, r1 := d["id"].(string), d["latest_revision_id"].(string)
	path := "/v2/deployments/" + id

	r := a.must(201, "POST", path+"/revisions", map[string]any{
		"source_revision_config": map[string]any{"image_uri": "img:2"},
		"display_name":           "ignored",
	})
	if r["status"] != "CREATING" || r["source"] != "external_docker" || r["source_revision_config"].(map[string]any)["image_uri"] != "img:2" {
		t.Fatalf("created revision = %v", r)
	}
	a.must(201, "POST", path+"/revisions", map[string]any{}) // always creates one

	p := a.must(200, "POST", path+"/revisions/"+r1+"/redeploy", nil)
	if p["latest_revision_id"] == r1 || p["source_revision_config"].(map[string]any)["image_uri"] != "img:1" {
		t.Fatalf("redeploy = %v", p)
	}
	if revs := a.srv.Revisions(id); len(revs) != 4 || revs[0]["id"] != p["latest_revision_id"] {
		t.Fatalf("revisions = %v", revs)
	}
	const unknown = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
	wantDetail(t, a.do("POST", path+"/revisions/"+unknown+"/redeploy", nil), 404, "Revision ID "+unknown+" not found.")
	wantDetail(t, a.do("GET", path+"/revisions/"+unknown, nil), 404, "Revision ID "+unknown+" not found.")
	wantDetail(t, a.do("GET", "/v2/deployments/"+unknown+"/revisions", nil), 404, "Deployment ID "+unknown+" not found.")
	wantDetail(t, a.do("POST", "/v2/deployments/"+unknown+"/revisions", map[string]any{}), 404, "Deployment ID "+unknown+" not found.")
}

func TestRevision_realClockSmallStepDelay(t *testing.T) {
	const d = 5 * time.Millisecond
	a := newTestAPI(t, Options{RevisionStepDelay: d})
	created := time.Now()
	dep := a.must(201, "POST", "/v2/deployments", dockerBody("real-clock", "img:1"))
	id, rev := dep["id"].(string), dep["latest_revision_id"].(string)
	deadline := time.Now().Add(2 * time.Second)
	seen := map[string]bool{}
	for {
		st := a.revStatus(id, rev)
		seen[st] = true
		if st == "DEPLOYED" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not deployed in time; seen %v", seen)
		}
		time.Sleep(time.Millisecond)
	}
	if time.Since(created) < 4*d {
		t.Fatal("deployed faster than four steps")
	}
	if seen["AWAITING_BUILD"] || seen["BUILDING"] {
		t.Fatalf("image revision passed build states: %v", seen)
	}
	tm := a.srv.RevisionTimings()[0]
	if tm.DeployedAt.IsZero() || tm.FirstSeenDeployedAt.Before(tm.DeployedAt) {
		t.Fatalf("timings = %+v", tm)
	}
}

func TestRevision_githubRepoRefComesBackResolved(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("resolved"))
	id := d["id"].(string)
	path := "/v2/deployments/" + id

	// wantRef checks repo_ref everywhere it is reported, and repo_branch.
	wantRef := func(what string, dep map[string]any, ref string, branch any) {
		t.Helper()
		rev := a.must(200, "GET", path+"/revisions/"+dep["latest_revision_id"].(string), nil)
		listed := a.must(200, "GET", path+"/revisions?limit=1", nil)["resources"].([]any)[0].(map[string]any)
		got := a.must(200, "GET", path, nil)
		for where, src := range map[string]any{
			"response": dep["source_revision_config"], "GET": got["source_revision_config"],
			"revision": rev["source_revision_config"], "revision list": listed["source_revision_config"],
		} {
			if r := src.(map[string]any)["repo_ref"]; r != ref {
				t.Errorf("%s: %s repo_ref = %v, want %s", what, where, r, ref)
			}
		}
		if b := got["source_config"].(map[string]any)["repo_branch"]; b != branch {
			t.Errorf("%s: repo_branch = %v, want %v", what, b, branch)
		}
	}
	wantRef("branch", d, "refs/heads/main", "main")
	wantRef("full branch ref", a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "refs/heads/release"}}), "refs/heads/release", "release")
	wantRef("tag", a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "refs/tags/v1.0.0"}}), "refs/tags/v1.0.0", nil)
	wantRef("redeploy", a.must(200, "POST", path+"/revisions/"+d["latest_revision_id"].(string)+"/redeploy", nil), "refs/heads/main", "main")
	wantRef("tracked ref", a.must(200, "PATCH", path, map[string]any{"tracked_repo_ref": "develop"}), "refs/heads/main", "develop")

	// Image sources report no ref at all.
	img := a.must(201, "POST", "/v2/deployments", dockerBody("no-ref", "img:1"))
	if r := img["source_revision_config"].(map[string]any)["repo_ref"]; r != nil {
		t.Fatalf("docker repo_ref = %v", r)
	}
}
