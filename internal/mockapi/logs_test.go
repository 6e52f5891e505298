package mockapi

import (
	"net/url"
	"strings"
	"testing"
)

// logMessages GETs a revision log page and returns its messages and cursor.
func (a *testAPI) logMessages(depID, revID, query string) ([]string, any) {
	a.t.Helper()
	body := a.must(200, "GET", "/v2/deployments/"+depID+"/revisions/"+revID+"/logs?"+query, nil)
	logs, ok := body["logs"].([]any)
	if !ok {
		a.t.Fatalf("logs is not a list: %v", body)
	}
	if _, ok := body["next_offset"]; !ok {
		a.t.Fatalf("next_offset missing: %v", body)
	}
	var out []string
	for _, l := range logs {
		e := l.(map[string]any)
		if _, ok := e["timestamp"].(string); !ok || e["level"] == nil {
			a.t.Fatalf("entry %v has no timestamp or level", e)
		}
		out = append(out, e["message"].(string))
	}
	return out, body["next_offset"]
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func TestLogs_imageSourceHasOnlyADeployLog(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("img-logs", "registry.example.com/agent:1"))
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	if build, next := a.logMessages(id, rev, "type=build"); len(build) != 0 || next != nil {
		t.Fatalf("build log of an image revision = %v (next %v), want none", build, next)
	}
	deploy, next := a.logMessages(id, rev, "type=deploy")
	if next != nil || deploy[0] != "Pulling image registry.example.com/agent:1" || last(deploy) != "Health check passed; serving traffic" {
		t.Fatalf("deploy log = %v (next %v)", deploy, next)
	}
}

func TestLogs_githubLogsGrowWithTheRevision(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: step})
	clk := a.withClock()
	d := a.must(201, "POST", "/v2/deployments", githubBody("gh-logs"))
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	count := func(typ string) int {
		m, _ := a.logMessages(id, rev, "type="+typ)
		return len(m)
	}
	// CREATING, QUEUED, AWAITING_BUILD: nothing yet.
	for i := 0; i < 3; i++ {
		if b, dl := count("build"), count("deploy"); b != 0 || dl != 0 {
			t.Fatalf("status %s: %d build and %d deploy lines, want none", a.revStatus(id, rev), b, dl)
		}
		clk.Advance(step)
	}
	clk.Advance(step / 2) // halfway through BUILDING
	half := count("build")
	clk.Advance(step / 2) // AWAITING_DEPLOY: the build log is complete
	full, _ := a.logMessages(id, rev, "type=build")
	if half == 0 || half >= len(full) || count("deploy") != 0 {
		t.Fatalf("build log: %d lines halfway, %d complete; deploy %d", half, len(full), count("deploy"))
	}
	if !strings.HasPrefix(full[0], "Cloning https://github.com/acme/support-agent at refs/heads/main") || !strings.HasPrefix(last(full), "Pushed us-docker.pkg.dev/langsmith-mock/gh-logs:") {
		t.Fatalf("build log = %v", full)
	}
	clk.Advance(2 * step) // DEPLOYED
	deploy, _ := a.logMessages(id, rev, "type=deploy")
	if a.revStatus(id, rev) != "DEPLOYED" || last(deploy) != "Health check passed; serving traffic" {
		t.Fatalf("deploy log = %v", deploy)
	}
}

func TestLogs_failedRevisionsEndTheWayTheyFailed(t *testing.T) {
	a := newTestAPI(t, Options{})

	gh := githubBody("gh-build-fails")
	gh["source_revision_config"].(map[string]any)["repo_ref"] = "fail-build"
	d := a.must(201, "POST", "/v2/deployments", gh)
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	build, _ := a.logMessages(id, rev, "type=build")
	deploy, _ := a.logMessages(id, rev, "type=deploy")
	if last(build) != "Build failed: exit code 1" || !strings.Contains(strings.Join(build, "\n"), "No matching distribution found") || len(deploy) != 0 {
		t.Fatalf("BUILD_FAILED: build log %v, deploy log %v", build, deploy)
	}

	img := dockerBody("img-deploy-fails", "registry.example.com/agent:fail-deploy")
	img["secrets"] = []any{map[string]any{"name": "SECRET_X", "value": "s3cr3t-value-42"}, map[string]any{"name": "PLAIN", "value": "p"}}
	d = a.must(201, "POST", "/v2/deployments", img)
	id, rev = d["id"].(string), d["latest_revision_id"].(string)
	deploy, _ = a.logMessages(id, rev, "type=deploy")
	if last(deploy) != "Container api-server exited with code 1: health check failed" {
		t.Fatalf("DEPLOY_FAILED: deploy log %v", deploy)
	}
	if !strings.Contains(strings.Join(deploy, "\n"), "env SECRET_X=s3cr3t-value-42") {
		t.Fatalf("the failing deploy log does not echo the first variable: %v", deploy)
	}

	d = a.must(201, "POST", "/v2/deployments", dockerBody("img-pull-fails", "registry.example.com/agent:fail-build"))
	id, rev = d["id"].(string), d["latest_revision_id"].(string)
	deploy, _ = a.logMessages(id, rev, "type=deploy")
	if last(deploy) != "Back-off pulling image registry.example.com/agent:fail-build" {
		t.Fatalf("image BUILD_FAILED: deploy log %v", deploy)
	}

	a.srv.FailNextRevision("CREATE_FAILED", "")
	d = a.must(201, "POST", "/v2/deployments", githubBody("gh-create-fails"))
	id, rev = d["id"].(string), d["latest_revision_id"].(string)
	build, _ = a.logMessages(id, rev, "type=build")
	deploy, _ = a.logMessages(id, rev, "type=deploy")
	if len(build) != 0 || len(deploy) != 0 {
		t.Fatalf("CREATE_FAILED: build log %v, deploy log %v, want none", build, deploy)
	}
}

func TestLogs_pagingOrderAndFilters(t *testing.T) {
	a := newTestAPI(t, Options{})
	gh := githubBody("gh-paging")
	gh["source_revision_config"].(map[string]any)["repo_ref"] = "fail-build"
	d := a.must(201, "POST", "/v2/deployments", gh)
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	all, next := a.logMessages(id, rev, "type=build&limit=1000")
	if next != nil || len(all) < 8 {
		t.Fatalf("whole log %v, next %v", all, next)
	}

	// Pages of 3 follow next_offset to the end, in order.
	var paged []string
	cursor := ""
	for pages := 0; ; pages++ {
		q := "type=build&limit=3"
		if cursor != "" {
			q += "&offset=" + url.QueryEscape(cursor)
		}
		msgs, next := a.logMessages(id, rev, q)
		paged = append(paged, msgs...)
		if next == nil {
			break
		}
		if len(msgs) != 3 || pages > len(all) {
			t.Fatalf("page %d has %d lines and a cursor", pages, len(msgs))
		}
		cursor = next.(string)
	}
	if strings.Join(paged, "\n") != strings.Join(all, "\n") {
		t.Fatalf("paged log %v, want %v", paged, all)
	}

	desc, _ := a.logMessages(id, rev, "type=build&order=desc&limit=2")
	if len(desc) != 2 || desc[0] != all[len(all)-1] || desc[1] != all[len(all)-2] {
		t.Fatalf("desc = %v, want the last two lines of %v newest first", desc, all)
	}
	errs, _ := a.logMessages(id, rev, "type=build&level=ERROR")
	if len(errs) != 3 || !strings.HasPrefix(errs[0], "ERROR: Could not find") {
		t.Fatalf("level=ERROR = %v", errs)
	}
	found, _ := a.logMessages(id, rev, "type=build&query=no+MATCHING")
	if len(found) != 1 || !strings.Contains(found[0], "No matching distribution") {
		t.Fatalf("query = %v", found)
	}
	none, _ := a.logMessages(id, rev, "type=build&start_time=2999-01-01T00:00:00Z")
	if len(none) != 0 {
		t.Fatalf("start_time in the future = %v", none)
	}
}

func TestLogs_strictAsTheContract(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("img-strict", "img:1"))
	id, rev := d["id"].(string), d["latest_revision_id"].(string)
	base := "/v2/deployments/" + id + "/revisions/" + rev + "/logs"

	list := wantErrors(t, a.do("GET", base, nil), "missing", loc("query", "type"))
	if e := list[0].(map[string]any); e["msg"] != "Field required" || e["input"] != nil {
		t.Fatalf("missing type = %v", e)
	}
	list = wantErrors(t, a.do("GET", base+"?type=BUILD", nil), "enum", loc("query", "type"))
	if e := list[0].(map[string]any); e["msg"] != "Input should be 'build' or 'deploy'" {
		t.Fatalf("bad type = %v", e)
	}
	wantErrors(t, a.do("GET", base+"?type=deploy&limit=0", nil), "greater_than_equal", loc("query", "limit"))
	wantErrors(t, a.do("GET", base+"?type=deploy&limit=1001", nil), "less_than_equal", loc("query", "limit"))
	wantErrors(t, a.do("GET", base+"?type=deploy&offset=7", nil), "value_error", loc("query", "offset"))
	wantErrors(t, a.do("GET", base+"?type=deploy&start_time=yesterday", nil), "datetime_from_date_parsing", loc("query", "start_time"))
	// Every error at once, path first, as FastAPI reports them.
	wantErrors(t, a.do("GET", "/v2/deployments/nope/revisions/"+rev+"/logs?order=up&level=error", nil),
		"uuid_parsing", loc("path", "deployment_id"), "missing", loc("query", "type"),
		"enum", loc("query", "order"), "enum", loc("query", "level"))
	a.must(200, "GET", base+"?type=deploy&limit=1000&order=desc&level=CRITICAL&run_id=r", nil)

	other := "00000000-0000-4000-8000-000000000000"
	wantDetail(t, a.do("GET", "/v2/deployments/"+other+"/revisions/"+rev+"/logs?type=build", nil), 404, "Deployment ID "+other+" not found.")
	wantDetail(t, a.do("GET", "/v2/deployments/"+id+"/revisions/"+other+"/logs?type=build", nil), 404, "Revision ID "+other+" not found.")
	if n := a.srv.Count("GET /v2/deployments/{deployment_id}/revisions/{revision_id}/logs"); n != 10 {
		t.Fatalf("route counted %d requests, want 10", n)
	}
}
