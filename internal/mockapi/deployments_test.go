package mockapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var tsPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$`)

var deploymentKeys = []string{
	"id", "name", "source", "display_name", "source_config", "source_revision_config", "secrets",
	"secret_references", "shareable", "route_through_gateway", "tenant_id", "created_at", "updated_at",
	"status", "latest_revision_id", "active_revision_id", "tracer_session_id", "url", "is_preview",
	"image_version", "is_managed_deep_agent", "deployment_tier", "compute_tier", "database_tier",
}

var sourceConfigKeys = []string{
	"integration_id", "repo_url", "deployment_type", "build_on_push", "custom_url", "resource_spec",
	"listener_id", "listener_config", "install_command", "build_command", "repo_branch",
}

func requireKeys(t *testing.T, what string, m map[string]any, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: key %q missing", what, k)
		}
	}
}

func TestCreate_githubFullShapeWithDefaultsAndNulls(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := githubBody("support-agent")
	body["display_name"] = "ignored on create"
	d := a.must(201, "POST", "/v2/deployments", body)

	requireKeys(t, "deployment", d, deploymentKeys)
	sc := d["source_config"].(map[string]any)
	requireKeys(t, "source_config", sc, sourceConfigKeys)
	src := d["source_revision_config"].(map[string]any)
	requireKeys(t, "source_revision_config", src, []string{"repo_ref", "langgraph_config_path", "image_uri", "source_tarball_path", "repo_commit_sha"})

	for _, k := range []string{"display_name", "secret_references", "active_revision_id", "url", "image_version", "deployment_tier", "compute_tier", "database_tier"} {
		if d[k] != nil {
			t.Errorf("%s = %v, want null", k, d[k])
		}
	}
	for _, k := range []string{"custom_url", "resource_spec", "listener_id", "listener_config", "install_command", "build_command"} {
		if sc[k] != nil {
			t.Errorf("source_config.%s = %v, want null", k, sc[k])
		}
	}
	checks := map[string]any{
		"status": "AWAITING_DATABASE", "shareable": false, "route_through_gateway": false,
		"is_preview": false, "is_managed_deep_agent": false, "name": "support-agent", "source": "github",
	}
	for k, want := range checks {
		if d[k] != want {
			t.Errorf("%s = %v, want %v", k, d[k], want)
		}
	}
	if sc["deployment_type"] != "prod" || sc["build_on_push"] != false || sc["repo_branch"] != "main" || sc["region"] != "us" {
		t.Errorf("source_config = %v", sc)
	}
	if src["repo_ref"] != "refs/heads/main" || src["image_uri"] != nil || src["repo_commit_sha"] != nil {
		t.Errorf("source_revision_config = %v", src)
	}
	if d["latest_revision_id"] == nil || d["tracer_session_id"] == nil || d["tenant_id"] == nil {
		t.Errorf("ids missing: %v", d)
	}
	if _, ok := d["x_mock_generation"]; !ok {
		t.Error("no unknown top-level field")
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if !tsPattern.MatchString(d[k].(string)) {
			t.Errorf("%s = %v, not RFC3339 with microseconds", k, d[k])
		}
	}
	secrets := d["secrets"].([]any)
	if len(secrets) != 1 || secrets[0].(map[string]any)["value"] != "sk-example" {
		t.Errorf("secrets = %v", secrets)
	}

	// The first revision is CREATING in the create response's world.
	rev := a.must(200, "GET", "/v2/deployments/"+d["id"].(string)+"/revisions/"+d["latest_revision_id"].(string), nil)
	requireKeys(t, "revision", rev, []string{"id", "created_at", "updated_at", "status", "source", "source_revision_config", "status_message", "x_mock_generation"})

	// GET returns the same shape; with no step delay it is deployed at once.
	got := a.must(200, "GET", "/v2/deployments/"+d["id"].(string), nil)
	if got["status"] != "READY" || got["active_revision_id"] != d["latest_revision_id"] || got["display_name"] != nil {
		t.Fatalf("after create: %v", got)
	}
	url := got["url"].(string)
	if !regexp.MustCompile(`^https://support-agent-[0-9a-f]{6}\.us\.langgraph\.app$`).MatchString(url) ||
		got["source_config"].(map[string]any)["custom_url"] != url {
		t.Fatalf("url = %v / %v", url, got["source_config"])
	}
	gsrc := got["source_revision_config"].(map[string]any)
	sha, _ := gsrc["repo_commit_sha"].(string)
	if len(sha) != 40 || gsrc["image_uri"] != "us-docker.pkg.dev/langsmith-mock/support-agent:"+sha[:7] || gsrc["repo_ref"] != "refs/heads/main" {
		t.Fatalf("built source_revision_config = %v", gsrc)
	}
}

func TestCreate_externalDockerFillsResourceSpec(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("sh-agent", "registry.example.com/a:1"))
	sc := d["source_config"].(map[string]any)
	rs := sc["resource_spec"].(map[string]any)
	if len(rs) != 34 {
		t.Errorf("resource_spec has %d keys, want 34: %v", len(rs), rs)
	}
	want := map[string]any{"min_scale": 1.0, "max_scale": 3.0, "cpu": 1.0, "memory_mb": 2048.0, "cpu_limit": 2.0, "volumes": nil}
	for k, v := range want {
		if rs[k] != v {
			t.Errorf("resource_spec.%s = %v, want %v", k, rs[k], v)
		}
	}
	if rs["labels"].(map[string]any)["team"] != "agents" {
		t.Errorf("labels = %v", rs["labels"])
	}
	if sc["deployment_type"] != "prod" || sc["repo_branch"] != nil || sc["build_on_push"] != false {
		t.Errorf("source_config = %v", sc)
	}
	if d["source_revision_config"].(map[string]any)["image_uri"] != "registry.example.com/a:1" {
		t.Errorf("image_uri not echoed: %v", d["source_revision_config"])
	}

	// Nested models come back with every key; cpu is rounded to 0.1.
	body := dockerBody("sidecar-agent", "img:2")
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{
		"cpu":      0.54,
		"sidecars": []any{map[string]any{"name": "proxy", "image": "envoy:1", "ports": []any{8080}}},
	}
	d = a.must(201, "POST", "/v2/deployments", body)
	rs = d["source_config"].(map[string]any)["resource_spec"].(map[string]any)
	side := rs["sidecars"].([]any)[0].(map[string]any)
	if rs["cpu"] != 0.5 || side["imagePullPolicy"] != nil || len(side) != 12 {
		t.Fatalf("resource_spec = %v", rs)
	}
	if _, ok := side["ports"]; ok {
		t.Fatal("unknown container key kept")
	}
}

func TestCreate_validationErrorsUseFastAPIShape(t *testing.T) {
	a := newTestAPI(t, Options{})

	noSecrets := githubBody("x")
	delete(noSecrets, "secrets")
	list := wantErrors(t, a.do("POST", "/v2/deployments", noSecrets), "missing", loc("body", "secrets"))
	e := list[0].(map[string]any)
	if e["msg"] != "Field required" || e["input"].(map[string]any)["name"] != "x" {
		t.Fatalf("missing error = %v", e)
	}

	bad := githubBody("x")
	bad["source"] = "gitlab"
	list = wantErrors(t, a.do("POST", "/v2/deployments", bad), "enum", loc("body", "source"))
	if msg := list[0].(map[string]any)["msg"]; msg != "Input should be 'github', 'external_docker', 'internal_docker', 'internal_source' or 'internal_template'" {
		t.Fatalf("enum msg = %v", msg)
	}

	bad = githubBody("Bad_Name")
	bad["source_config"].(map[string]any)["integration_id"] = "nope"
	bad["secrets"] = []any{map[string]any{"name": "A"}}
	wantErrors(t, a.do("POST", "/v2/deployments", bad),
		"string_pattern_mismatch", loc("body", "name"),
		"uuid_parsing", loc("body", "source_config", "integration_id"),
		"missing", loc("body", "secrets", 0.0, "value"))

	wantErrors(t, a.do("POST", "/v2/deployments", githubBody(strings.Repeat("a", 64))), "string_too_long", loc("body", "name"))
	wantErrors(t, a.do("POST", "/v2/deployments", `{"name": "x",`), "json_invalid", loc("body", 13.0))
	wantErrors(t, a.do("POST", "/v2/deployments", nil), "missing", loc("body"))
	wantErrors(t, a.do("POST", "/v2/deployments", `[]`), "model_attributes_type", loc("body"))

	list = wantErrors(t, a.do("GET", "/v2/deployments/xyz", nil), "uuid_parsing", loc("path", "deployment_id"))
	if e := list[0].(map[string]any); e["input"] != "xyz" || !strings.HasPrefix(e["msg"].(string), "Input should be a valid UUID, invalid character") {
		t.Fatalf("uuid error = %v", e)
	}
	wantErrors(t, a.do("GET", "/v2/deployments/5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6/revisions/bad", nil), "uuid_parsing", loc("path", "revision_id"))

	list = wantErrors(t, a.do("GET", "/v2/deployments?limit=500&offset=-1", nil),
		"less_than_equal", loc("query", "limit"), "greater_than_equal", loc("query", "offset"))
	if e := list[0].(map[string]any); e["input"] != "500" || e["ctx"].(map[string]any)["le"] != 100.0 {
		t.Fatalf("limit error = %v", e)
	}
	wantErrors(t, a.do("GET", "/v2/deployments?limit=0&deployment_type=huge", nil),
		"greater_than_equal", loc("query", "limit"), "enum", loc("query", "deployment_type"))
	wantErrors(t, a.do("DELETE", "/v2/deployments/5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6?force=maybe", nil), "bool_parsing", loc("query", "force"))
}

func TestCreate_sourceConfigErrorsAre400(t *testing.T) {
	a := newTestAPI(t, Options{})
	cases := []struct {
		name   string
		mutate func(map[string]any)
		detail string
	}{
		{"github without repo_url", func(b map[string]any) { delete(b["source_config"].(map[string]any), "repo_url") },
			"Source configuration error: 'source_config.repo_url' is required for 'github' source."},
		{"github without integration", func(b map[string]any) { delete(b["source_config"].(map[string]any), "integration_id") },
			"Source configuration error: 'source_config.integration_id' is required for 'github' source."},
		{"github without config path", func(b map[string]any) {
			delete(b["source_revision_config"].(map[string]any), "langgraph_config_path")
		}, "Source configuration error: 'source_revision_config.langgraph_config_path' is required for 'github' source."},
		{"github with image", func(b map[string]any) { b["source_revision_config"].(map[string]any)["image_uri"] = "img" },
			"Source configuration error: 'source_revision_config.image_uri' must be null for 'github' source."},
		{"tag with build_on_push", func(b map[string]any) {
			b["source_revision_config"].(map[string]any)["repo_ref"] = "refs/tags/v1"
			b["source_config"].(map[string]any)["build_on_push"] = true
		}, "Source configuration error: 'source_config.build_on_push' cannot be enabled when 'source_revision_config.repo_ref' is a tag (refs/tags/...)."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := githubBody("agent")
			tc.mutate(b)
			wantDetail(t, a.do("POST", "/v2/deployments", b), 400, tc.detail)
		})
	}

	noSpec := dockerBody("img-agent", "img:1")
	delete(noSpec["source_config"].(map[string]any), "resource_spec")
	wantDetail(t, a.do("POST", "/v2/deployments", noSpec), 400, "Source configuration error: 'source_config.resource_spec' is required for 'external_docker' source.")
	noImage := dockerBody("img-agent", "img:1")
	noImage["source_revision_config"] = map[string]any{}
	wantDetail(t, a.do("POST", "/v2/deployments", noImage), 400, "Source configuration error: 'source_revision_config.image_uri' is required for 'external_docker' source.")

	tmpl := map[string]any{"name": "tmpl", "source": "internal_template", "source_config": map[string]any{}, "source_revision_config": map[string]any{}, "secrets": []any{}}
	wantDetail(t, a.do("POST", "/v2/deployments", tmpl), 400, "Source configuration error: 'source_config.template_id' is required for 'internal_template' source.")
	tmpl["source_config"] = map[string]any{"template_id": "deep-research"}
	a.must(201, "POST", "/v2/deployments", tmpl)

	if n := len(a.srv.Deployments()); n != 1 {
		t.Fatalf("rejected creates committed: %d deployments", n)
	}
}

func TestCreate_duplicateAndReservedNamesAre409(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("taken"))
	const conflict = "A deployment named 'taken' already exists."
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("taken")), 409, conflict)

	id := d["id"].(string)
	a.must(204, "DELETE", "/v2/deployments/"+id, nil)
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("taken")), 409, conflict) // soft-deleted holds it
	a.must(200, "GET", "/v2/deployments/"+id, nil)
	a.must(404, "GET", "/v2/deployments/"+id, nil)
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("taken")), 409, conflict) // tracing project kept

	d = a.must(201, "POST", "/v2/deployments", githubBody("project-gone"))
	a.must(204, "DELETE", "/v2/deployments/"+d["id"].(string)+"?delete_tracing_project=true", nil)
	a.must(200, "GET", "/v2/deployments/"+d["id"].(string), nil)
	a.must(404, "GET", "/v2/deployments/"+d["id"].(string), nil)
	a.must(201, "POST", "/v2/deployments", githubBody("project-gone"))

	lenient := newTestAPI(t, Options{DeleteGETs: -1, FreeNamesAfterDelete: true})
	d = lenient.must(201, "POST", "/v2/deployments", githubBody("reuse"))
	lenient.must(204, "DELETE", "/v2/deployments/"+d["id"].(string), nil)
	lenient.must(201, "POST", "/v2/deployments", githubBody("reuse"))
}

func TestDelete_softDeleteThen404AndIdempotent(t *testing.T) {
	a := newTestAPI(t, Options{DeleteGETs: 2})
	d := a.must(201, "POST", "/v2/deployments", githubBody("doomed"))
	id := d["id"].(string)
	path := "/v2/deployments/" + id
	notFound := "Deployment ID " + id + " not found."

	wantDetail(t, a.do("DELETE", path+"?force=true", nil), 400, "Deployment ID "+id+" cannot be force deleted because it has not been deleted yet. Delete it without force first.")
	a.must(204, "DELETE", path, nil)
	if r := a.do("DELETE", path, nil); r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("second DELETE = %d %s", r.status, r.raw)
	}
	if list := a.must(200, "GET", "/v2/deployments", nil); len(list["resources"].([]any)) != 0 {
		t.Fatal("soft-deleted deployment listed")
	}
	wantDetail(t, a.do("PATCH", path, map[string]any{"display_name": "x"}), 404, notFound)
	a.must(200, "GET", path+"/revisions", nil) // still exists

	if snap, ok := a.srv.Deployment(id); !ok || snap["status"] != "AWAITING_DELETE" {
		t.Fatalf("snapshot = %v %v", snap, ok)
	}
	for i := 0; i < 2; i++ {
		if got := a.must(200, "GET", path, nil); got["status"] != "AWAITING_DELETE" {
			t.Fatalf("GET %d: status %v", i, got["status"])
		}
	}
	wantDetail(t, a.do("GET", path, nil), 404, notFound)
	wantDetail(t, a.do("DELETE", path, nil), 404, notFound)
	wantDetail(t, a.do("GET", path+"/revisions", nil), 404, notFound)
	wantDetail(t, a.do("GET", path+"/revisions/"+d["latest_revision_id"].(string), nil), 404, notFound)

	// force on a soft-deleted deployment removes it at once.
	d = a.must(201, "POST", "/v2/deployments", githubBody("forced"))
	path = "/v2/deployments/" + d["id"].(string)
	a.must(204, "DELETE", path, nil)
	a.must(204, "DELETE", path+"?force=true", nil)
	a.must(404, "GET", path, nil)
}

func TestList_paginationAndFilters(t *testing.T) {
	a := newTestAPI(t, Options{})
	for i := 0; i < 5; i++ {
		a.must(201, "POST", "/v2/deployments", githubBody(fmt.Sprintf("agent-%d", i)))
	}
	a.must(201, "POST", "/v2/deployments", dockerBody("other", "img:1"))

	names := func(list map[string]any) []string {
		var out []string
		for _, r := range list["resources"].([]any) {
			out = append(out, r.(map[string]any)["name"].(string))
		}
		return out
	}
	p := a.must(200, "GET", "/v2/deployments?limit=2", nil)
	if got := names(p); fmt.Sprint(got) != "[other agent-4]" || p["offset"] != 2.0 {
		t.Fatalf("page 1 = %v offset %v", got, p["offset"])
	}
	p = a.must(200, "GET", "/v2/deployments?limit=2&offset=4", nil)
	if got := names(p); fmt.Sprint(got) != "[agent-1 agent-0]" || p["offset"] != 6.0 {
		t.Fatalf("page 3 = %v offset %v", got, p["offset"])
	}
	p = a.must(200, "GET", "/v2/deployments?limit=2&offset=6", nil)
	if len(p["resources"].([]any)) != 0 || p["offset"] != 6.0 {
		t.Fatalf("past the end = %v", p)
	}
	if got := names(a.must(200, "GET", "/v2/deployments?name=agent-3", nil)); fmt.Sprint(got) != "[agent-3]" {
		t.Fatalf("name filter = %v", got)
	}
	if got := names(a.must(200, "GET", "/v2/deployments?name_contains=agent-", nil)); len(got) != 5 {
		t.Fatalf("name_contains filter = %v", got)
	}
	if got := names(a.must(200, "GET", "/v2/deployments?status=READY&deployment_type=prod&limit=100", nil)); len(got) != 6 {
		t.Fatalf("status filter = %v", got)
	}
	first := a.srv.Deployments()[0]["id"].(string)
	if got := names(a.must(200, "GET", "/v2/deployments?deployment_ids="+first, nil)); fmt.Sprint(got) != "[other]" {
		t.Fatalf("deployment_ids filter = %v", got)
	}
}

func TestPatch_inPlaceVersusNewRevision(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("patched"))
	id, rev1 := d["id"].(string), d["latest_revision_id"].(string)
	path := "/v2/deployments/" + id

	p := a.must(200, "PATCH", path, map[string]any{
		"display_name":  "Patched Agent",
		"source_config": map[string]any{"build_on_push": true, "integration_id": SeedIntegrationID},
		"secrets":       []any{}, // [] means unchanged
		"name":          "ignored",
	})
	if p["latest_revision_id"] != rev1 || p["display_name"] != "Patched Agent" || p["name"] != "patched" ||
		p["source_config"].(map[string]any)["build_on_push"] != true {
		t.Fatalf("in-place PATCH = %v", p)
	}
	if n := len(a.srv.Revisions(id)); n != 1 {
		t.Fatalf("in-place PATCH created revisions: %d", n)
	}

	p = a.must(200, "PATCH", path, map[string]any{"secrets": []any{map[string]any{"name": "B", "value": "2"}, map[string]any{"name": "A", "value": "1"}}})
	rev2 := p["latest_revision_id"].(string)
	if rev2 == rev1 || p["active_revision_id"] != rev1 {
		t.Fatalf("revision PATCH: latest %v active %v", rev2, p["active_revision_id"])
	}
	src := p["source_revision_config"].(map[string]any)
	if src["repo_ref"] != "refs/heads/main" || src["langgraph_config_path"] != "langgraph.json" || src["image_uri"] != nil {
		t.Fatalf("carried-over config = %v", src)
	}
	if s := p["secrets"].([]any); len(s) != 2 || s[0].(map[string]any)["name"] != "B" {
		t.Fatalf("secrets order = %v", s)
	}

	p = a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "develop", "image_uri": nil}})
	if p["latest_revision_id"] == rev2 || p["source_config"].(map[string]any)["repo_branch"] != "develop" {
		t.Fatalf("repo_ref PATCH = %v", p)
	}
	a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"install_command": "npm ci"}})
	if n := len(a.srv.Revisions(id)); n != 4 {
		t.Fatalf("revisions = %d, want 4", n)
	}
	a.must(200, "PATCH", path, map[string]any{"source_revision_config": map[string]any{}, "source_config": map[string]any{}})
	if n := len(a.srv.Revisions(id)); n != 4 {
		t.Fatalf("empty configs created a revision: %d", n)
	}

	wantDetail(t, a.do("PATCH", path, map[string]any{"source_config": map[string]any{"repo_url": "https://github.com/acme/other"}}),
		400, "source_config.repo_url cannot be changed after creation.")
	wantDetail(t, a.do("PATCH", path, map[string]any{"source_config": map[string]any{"deployment_type": "dev"}}),
		400, "source_config.deployment_type cannot be changed after creation.")
	wantErrors(t, a.do("PATCH", path, map[string]any{"display_name": ""}), "string_too_short", loc("body", "display_name"))
	if got, _ := a.srv.Deployment(id); got["display_name"] != "Patched Agent" {
		t.Fatalf("rejected PATCH changed state: %v", got["display_name"])
	}
	wantDetail(t, a.do("PATCH", "/v2/deployments/5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6", map[string]any{}), 404,
		"Deployment ID 5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6 not found.")
}

func TestPatch_resourceSpecReplacesWholeSpec(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", dockerBody("spec-agent", "img:1"))
	path := "/v2/deployments/" + d["id"].(string)
	p := a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{"memory_mb": 4096}}})
	rs := p["source_config"].(map[string]any)["resource_spec"].(map[string]any)
	if rs["max_scale"] != 1.0 || rs["memory_mb"] != 4096.0 || rs["labels"] != nil {
		t.Fatalf("resource_spec after replacement = %v", rs)
	}
	if p["latest_revision_id"] == d["latest_revision_id"] {
		t.Fatal("resource_spec PATCH did not create a revision")
	}
	p = a.must(200, "PATCH", path, map[string]any{"secret_references": []any{map[string]any{"name": "DB", "secret_name": "db", "secret_key": "pw"}}})
	if refs := p["secret_references"].([]any); len(refs) != 1 {
		t.Fatalf("secret_references = %v", refs)
	}
	p = a.must(200, "PATCH", path, map[string]any{"secret_references": []any{}})
	if refs := p["secret_references"].([]any); len(refs) != 0 {
		t.Fatalf("secret_references after clear = %v", refs)
	}
	wantDetail(t, a.do("PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{"min_scale": 3, "max_scale": 2}}}),
		400, "Source configuration error: 'source_config.resource_spec.min_scale' must be less than or equal to 'source_config.resource_spec.max_scale'.")
	p = a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"custom_url": "https://agent.example.com"}})
	if p["source_config"].(map[string]any)["custom_url"] != "https://agent.example.com" {
		t.Fatalf("custom_url = %v", p["source_config"])
	}
}

func TestOutOfBand_deletePatchAndSnapshots(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("oob"))
	id := d["id"].(string)

	if !a.srv.PatchOutOfBand(id, map[string]any{"display_name": "From UI"}) {
		t.Fatal("PatchOutOfBand failed")
	}
	if !a.srv.PatchOutOfBand(id, map[string]any{"source_revision_config": map[string]any{"repo_ref": "develop"}}) {
		t.Fatal("PatchOutOfBand (revision) failed")
	}
	if a.srv.PatchOutOfBand(id, map[string]any{"display_name": ""}) {
		t.Fatal("invalid PatchOutOfBand accepted")
	}
	got := a.must(200, "GET", "/v2/deployments/"+id, nil)
	if got["display_name"] != "From UI" || len(a.srv.Revisions(id)) != 2 || got["latest_revision_id"] == d["latest_revision_id"] {
		t.Fatalf("after out-of-band patch: %v", got)
	}
	snap, ok := a.srv.Deployment(id)
	if !ok || snap["latest_revision_id"] != got["latest_revision_id"] || snap["source_config"].(map[string]any)["region"] != "us" {
		t.Fatalf("snapshot = %v", snap)
	}

	if !a.srv.DeleteDeploymentOutOfBand(id) || a.srv.DeleteDeploymentOutOfBand(id) {
		t.Fatal("DeleteDeploymentOutOfBand result wrong")
	}
	wantDetail(t, a.do("GET", "/v2/deployments/"+id, nil), 404, "Deployment ID "+id+" not found.")
	if _, ok := a.srv.Deployment(id); ok || a.srv.Revisions(id) != nil {
		t.Fatal("deleted deployment still visible")
	}
	a.must(201, "POST", "/v2/deployments", githubBody("oob"))
}

func TestCreate_internalSourcesAndFreeCount(t *testing.T) {
	a := newTestAPI(t, Options{})
	docker := map[string]any{"name": "cli-image", "source": "internal_docker", "source_config": map[string]any{"deployment_type": "dev_free"}, "source_revision_config": map[string]any{}, "secrets": []any{}}
	d := a.must(201, "POST", "/v2/deployments", docker)
	if d["source_config"].(map[string]any)["deployment_type"] != "dev_free" || d["source_config"].(map[string]any)["resource_spec"] != nil {
		t.Fatalf("internal_docker = %v", d)
	}
	p := a.must(200, "PATCH", "/v2/deployments/"+d["id"].(string), map[string]any{"source_revision_config": map[string]any{"image_uri": "registry/cli:1"}})
	if p["source_revision_config"].(map[string]any)["image_uri"] != "registry/cli:1" {
		t.Fatalf("internal_docker image = %v", p["source_revision_config"])
	}
	src := map[string]any{"name": "cli-source", "source": "internal_source", "source_config": map[string]any{}, "source_revision_config": map[string]any{}, "secrets": []any{}}
	wantDetail(t, a.do("POST", "/v2/deployments", src), 400, "Source configuration error: 'source_revision_config.langgraph_config_path' is required for 'internal_source' source.")
	src["source_revision_config"] = map[string]any{"langgraph_config_path": "langgraph.json", "source_tarball_path": "uploads/abc.tgz"}
	a.must(201, "POST", "/v2/deployments", src)
	if c := a.must(200, "GET", "/v2/deployments/free-count", nil); c["count"] != 1.0 {
		t.Fatalf("free-count = %v", c)
	}
	// A non-JSON content type leaves the body a string, which fails validation.
	req := mustReq(t, "POST", a.http.URL+"/v2/deployments")
	req.Header.Set("Content-Type", "text/plain")
	req.Body = io.NopCloser(strings.NewReader(`{"name":"x"}`))
	resp, err := a.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 422 {
		t.Fatalf("text/plain body: %d", resp.StatusCode)
	}
}

func TestPatch_inPlaceFieldsAndTagRule(t *testing.T) {
	a := newTestAPI(t, Options{})
	d := a.must(201, "POST", "/v2/deployments", githubBody("tagged"))
	path := "/v2/deployments/" + d["id"].(string)
	p := a.must(200, "PATCH", path, map[string]any{"route_through_gateway": true, "shareable": true})
	if p["route_through_gateway"] != true || p["shareable"] != false || p["latest_revision_id"] != d["latest_revision_id"] {
		t.Fatalf("in-place = %v", p)
	}
	a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"build_on_push": true}})
	wantDetail(t, a.do("PATCH", path, map[string]any{"source_revision_config": map[string]any{"repo_ref": "refs/tags/v1.2.0"}}), 400,
		"Source configuration error: 'source_config.build_on_push' cannot be enabled when 'source_revision_config.repo_ref' is a tag (refs/tags/...).")
	p = a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"build_on_push": false}, "source_revision_config": map[string]any{"repo_ref": "refs/tags/v1.2.0"}})
	if sc := p["source_config"].(map[string]any); sc["repo_branch"] != nil || p["source_revision_config"].(map[string]any)["repo_ref"] != "refs/tags/v1.2.0" {
		t.Fatalf("tag deploy = %v", p)
	}
	// The automatic URL may be sent back unchanged, but not changed.
	url := a.must(200, "GET", path, nil)["url"].(string)
	a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"custom_url": url}})
	wantDetail(t, a.do("PATCH", path, map[string]any{"source_config": map[string]any{"custom_url": "https://mine.example.com"}}), 400,
		"Source configuration error: 'source_config.custom_url' can only be set for 'external_docker' source deployments.")
	wantDetail(t, a.do("PATCH", path, map[string]any{"source_revision_config": map[string]any{"image_uri": "us-docker.pkg.dev/x:1"}}), 400,
		"Source configuration error: 'source_revision_config.image_uri' must be null for 'github' source.")
}

func TestConcurrency_parallelCreatesAreSafe(t *testing.T) {
	a := newTestAPI(t, Options{RevisionStepDelay: time.Millisecond})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("par-%d", i%10) // half of them conflict
			r := a.do("POST", "/v2/deployments", githubBody(name))
			if r.status != 201 && r.status != 409 {
				t.Errorf("status %d", r.status)
			}
			a.do("GET", "/v2/deployments?limit=100", nil)
		}(i)
	}
	wg.Wait()
	if n := len(a.srv.Deployments()); n != 10 {
		t.Fatalf("deployments = %d, want 10", n)
	}
	if a.srv.Count("POST /v2/deployments") != 20 {
		t.Fatalf("count = %d", a.srv.Count("POST /v2/deployments"))
	}
}

func TestPatch_revisionSourceOverride(t *testing.T) {
	a := newTestAPI(t, Options{})
	docker := map[string]any{"name": "cli-agent", "source": "internal_docker", "source_config": map[string]any{}, "source_revision_config": map[string]any{"image_uri": "registry/cli:1"}, "secrets": []any{}}
	d := a.must(201, "POST", "/v2/deployments", docker)
	p := a.must(200, "PATCH", "/v2/deployments/"+d["id"].(string), map[string]any{
		"revision_source":        "internal_source",
		"source_revision_config": map[string]any{"langgraph_config_path": "langgraph.json", "source_tarball_path": "uploads/x.tgz"},
	})
	rev := a.must(200, "GET", "/v2/deployments/"+d["id"].(string)+"/revisions/"+p["latest_revision_id"].(string), nil)
	src := rev["source_revision_config"].(map[string]any)
	if rev["source"] != "internal_source" || src["source_tarball_path"] != "uploads/x.tgz" || !strings.HasPrefix(src["image_uri"].(string), "us-docker.pkg.dev/langsmith-mock/cli-agent:") {
		t.Fatalf("override revision = %v", rev)
	}
	if p["source"] != "internal_docker" {
		t.Fatalf("deployment source changed: %v", p["source"])
	}
}

func TestDelete_nameStaysReservedPerTenantUntilReleased(t *testing.T) {
	const wsA, wsB = "aaaaaaaa-0000-4000-8000-00000000000a", "aaaaaaaa-0000-4000-8000-00000000000b"
	const conflict = "A deployment named 'kept' already exists."
	a := newTestAPI(t, Options{DeleteGETs: -1}) // gone at once: only the tracing project holds the name

	a.tenant = wsA
	d := a.must(201, "POST", "/v2/deployments", githubBody("kept"))
	a.must(204, "DELETE", "/v2/deployments/"+d["id"].(string), nil)
	a.must(404, "GET", "/v2/deployments/"+d["id"].(string), nil)
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("kept")), 409, conflict)

	// The reservation belongs to workspace A only.
	a.tenant = wsB
	a.must(201, "POST", "/v2/deployments", githubBody("kept"))
	if a.srv.ReleaseName(wsB, "kept") || a.srv.ReleaseName("", "kept") {
		t.Fatal("ReleaseName freed a name the workspace does not hold")
	}
	a.tenant = wsA
	wantDetail(t, a.do("POST", "/v2/deployments", githubBody("kept")), 409, conflict)

	// Deleting the tracing project in the UI frees it (the header's case does not matter).
	if !a.srv.ReleaseName(strings.ToUpper(wsA), "kept") {
		t.Fatal("ReleaseName: name was not reserved")
	}
	if a.srv.ReleaseName(wsA, "kept") {
		t.Fatal("ReleaseName freed the name twice")
	}
	a.must(201, "POST", "/v2/deployments", githubBody("kept"))

	// A server pinned to a workspace: requests without X-Tenant-Id act in it.
	const ws = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	pinned := newTestAPI(t, Options{TenantID: ws, DeleteGETs: -1})
	d = pinned.must(201, "POST", "/v2/deployments", githubBody("kept"))
	pinned.must(204, "DELETE", "/v2/deployments/"+d["id"].(string), nil)
	wantDetail(t, pinned.do("POST", "/v2/deployments", githubBody("kept")), 409, conflict)
	if !pinned.srv.ReleaseName(ws, "kept") {
		t.Fatal("ReleaseName by tenant id missed the header-less scope")
	}
	pinned.must(201, "POST", "/v2/deployments", githubBody("kept"))

	// The opt-out frees names at once; delete_tracing_project=true does so on any server.
	free := newTestAPI(t, Options{DeleteGETs: -1, FreeNamesAfterDelete: true})
	d = free.must(201, "POST", "/v2/deployments", githubBody("kept"))
	free.must(204, "DELETE", "/v2/deployments/"+d["id"].(string), nil)
	free.must(201, "POST", "/v2/deployments", githubBody("kept"))
	d = a.must(201, "POST", "/v2/deployments", githubBody("project-deleted"))
	a.must(204, "DELETE", "/v2/deployments/"+d["id"].(string)+"?delete_tracing_project=true", nil)
	a.must(201, "POST", "/v2/deployments", githubBody("project-deleted"))
}

// resourceSpec returns source_config.resource_spec of a rendered deployment.
func resourceSpec(t *testing.T, d map[string]any) map[string]any {
	t.Helper()
	rs, ok := d["source_config"].(map[string]any)["resource_spec"].(map[string]any)
	if !ok {
		t.Fatalf("no resource_spec: %v", d["source_config"])
	}
	if len(rs) != len(resourceSpecSchema.fields) {
		t.Fatalf("resource_spec has %d keys, want every one of the %d: %v", len(rs), len(resourceSpecSchema.fields), rs)
	}
	return rs
}

// wantSpec fails unless rs has exactly these values (JSON numbers are
// float64; nil means null).
func wantSpec(t *testing.T, what string, rs map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		if rs[k] != v {
			t.Errorf("%s: resource_spec.%s = %v, want %v", what, k, rs[k], v)
		}
	}
}

func TestResourceSpec_serverDerivesDefaultsAndLimits(t *testing.T) {
	a := newTestAPI(t, Options{})

	// {} gets the API-server defaults, limits at 2x, queue copied from the API server.
	body := dockerBody("derived", "img:1")
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{}
	d := a.must(201, "POST", "/v2/deployments", body)
	wantSpec(t, "{}", resourceSpec(t, d), map[string]any{
		"min_scale": 1.0, "max_scale": 1.0, "cpu": 1.0, "cpu_limit": 2.0, "memory_mb": 2048.0, "memory_limit_mb": 4096.0,
		"queue_min_scale": 1.0, "queue_max_scale": 1.0, "queue_cpu": 1.0, "queue_cpu_limit": 2.0,
		"queue_memory_mb": 2048.0, "queue_memory_limit_mb": 4096.0,
		"redis_cpu": nil, "redis_cpu_limit": nil, "redis_memory_mb": nil, "redis_memory_limit_mb": nil,
		"db_cpu": nil, "db_cpu_limit": nil, "db_memory_mb": nil, "db_memory_limit_mb": nil,
		"core_cpu": nil, "core_cpu_limit": nil, "core_memory_mb": nil, "core_memory_limit_mb": nil,
		"db_storage_gi": nil, "labels": nil, "service_account_name": nil,
	})
	path := "/v2/deployments/" + d["id"].(string)

	// Derivation uses this request's values; sent values win; the sidecar
	// limits appear only when their request is set, Redis memory at 1x.
	p := a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{
		"min_scale": 2, "cpu": 0.55, "memory_mb": 1024, "queue_cpu": 2, "queue_memory_limit_mb": 3000,
		"redis_cpu": 0.5, "redis_memory_mb": 512, "db_memory_mb": 256, "core_cpu": 0.25, "core_memory_mb": 128,
	}}})
	wantSpec(t, "sent values", resourceSpec(t, p), map[string]any{
		"min_scale": 2.0, "max_scale": 2.0, "cpu": 0.6, "cpu_limit": 1.2, "memory_mb": 1024.0, "memory_limit_mb": 2048.0,
		"queue_min_scale": 2.0, "queue_max_scale": 2.0, "queue_cpu": 2.0, "queue_cpu_limit": 4.0,
		"queue_memory_mb": 1024.0, "queue_memory_limit_mb": 3000.0,
		"redis_cpu": 0.5, "redis_cpu_limit": 1.0, "redis_memory_mb": 512.0, "redis_memory_limit_mb": 512.0,
		"db_cpu": nil, "db_cpu_limit": nil, "db_memory_mb": 256.0, "db_memory_limit_mb": 512.0,
		"core_cpu": 0.3, "core_cpu_limit": 0.6, "core_memory_mb": 128.0, "core_memory_limit_mb": 256.0,
	})

	// A non-null spec replaces the whole spec: derived values follow the new
	// cpu, and nothing of the previous spec survives.
	p = a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{"cpu": 10}}})
	wantSpec(t, "cpu=10", resourceSpec(t, p), map[string]any{
		"min_scale": 1.0, "max_scale": 1.0, "cpu": 10.0, "cpu_limit": 20.0, "memory_mb": 2048.0, "memory_limit_mb": 4096.0,
		"queue_min_scale": 1.0, "queue_max_scale": 1.0, "queue_cpu": 10.0, "queue_cpu_limit": 20.0,
		"redis_memory_mb": nil, "redis_memory_limit_mb": nil, "db_memory_limit_mb": nil, "core_cpu_limit": nil,
	})
	p = a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{"cpu": 10, "cpu_limit": 4, "max_scale": 5}}})
	wantSpec(t, "cpu_limit resent", resourceSpec(t, p), map[string]any{
		"cpu": 10.0, "cpu_limit": 4.0, "max_scale": 5.0, "queue_max_scale": 5.0, "queue_cpu_limit": 20.0,
	})

	// The create-revision route derives the same way, and so does a github
	// create that sends compute settings.
	r := a.must(201, "POST", path+"/revisions", map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{"memory_mb": 512}}})
	got := a.must(200, "GET", path, nil)
	if got["latest_revision_id"] != r["id"] {
		t.Fatalf("latest = %v, want %v", got["latest_revision_id"], r["id"])
	}
	wantSpec(t, "create revision", resourceSpec(t, got), map[string]any{"memory_limit_mb": 1024.0, "queue_memory_mb": 512.0, "queue_memory_limit_mb": 1024.0, "cpu_limit": 2.0})
	gh := githubBody("gh-compute")
	gh["source_config"].(map[string]any)["resource_spec"] = map[string]any{"db_cpu": 2}
	wantSpec(t, "github", resourceSpec(t, a.must(201, "POST", "/v2/deployments", gh)), map[string]any{"db_cpu": 2.0, "db_cpu_limit": 4.0, "cpu_limit": 2.0})
}

func TestResourceSpec_cpuValuesRoundedToOneDecimal(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := dockerBody("rounded", "img:1")
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{
		"cpu": 0.55, "cpu_limit": 1.05, "queue_cpu": 0.25, "queue_cpu_limit": 0.54,
		"redis_cpu": 1.05, "redis_cpu_limit": 0.55, "db_cpu": 0.25, "db_cpu_limit": 1.05,
		"core_cpu": 0.55, "core_cpu_limit": 2.675, "labels": nil,
	}
	d := a.must(201, "POST", "/v2/deployments", body)
	wantSpec(t, "rounded", resourceSpec(t, d), map[string]any{
		"cpu": 0.6, "cpu_limit": 1.1, "queue_cpu": 0.3, "queue_cpu_limit": 0.5,
		"redis_cpu": 1.1, "redis_cpu_limit": 0.6, "db_cpu": 0.3, "db_cpu_limit": 1.1,
		"core_cpu": 0.6, "core_cpu_limit": 2.7,
	})

	// Limits are derived from the rounded request; 0.04 and 0.09 of anything
	// cpu-valued are 422; the Cloud maximums are not enforced.
	body["name"] = "derived-from-rounded"
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{"cpu": 0.25, "db_cpu": 0.15, "redis_cpu": 12}
	wantSpec(t, "derived", resourceSpec(t, a.must(201, "POST", "/v2/deployments", body)), map[string]any{
		"cpu": 0.3, "cpu_limit": 0.6, "queue_cpu": 0.3, "queue_cpu_limit": 0.6, "db_cpu": 0.2, "db_cpu_limit": 0.4,
		"redis_cpu": 12.0, "redis_cpu_limit": 24.0,
	})
	body["name"] = "too-small"
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{"cpu": 0.04, "db_cpu": 0.04, "db_cpu_limit": 0.09}
	list := wantErrors(t, a.do("POST", "/v2/deployments", body),
		"greater_than_equal", loc("body", "source_config", "resource_spec", "cpu"),
		"greater_than_equal", loc("body", "source_config", "resource_spec", "db_cpu"),
		"greater_than_equal", loc("body", "source_config", "resource_spec", "db_cpu_limit"))
	if e := list[0].(map[string]any); e["msg"] != "Input should be greater than or equal to 0.1" || e["ctx"].(map[string]any)["ge"] != 0.1 || e["input"] != 0.04 {
		t.Fatalf("error = %v", e)
	}
}

func TestResourceSpec_emptyLabelsAndAnnotationsRenderNull(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := dockerBody("empty-maps", "img:1")
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{"labels": map[string]any{}, "annotations": map[string]any{}}
	d := a.must(201, "POST", "/v2/deployments", body)
	wantSpec(t, "create", resourceSpec(t, d), map[string]any{"labels": nil, "annotations": nil})
	path := "/v2/deployments/" + d["id"].(string)
	wantSpec(t, "GET", resourceSpec(t, a.must(200, "GET", path, nil)), map[string]any{"labels": nil, "annotations": nil})

	p := a.must(200, "PATCH", path, map[string]any{"source_config": map[string]any{"resource_spec": map[string]any{
		"labels": map[string]any{"team": "agents"}, "annotations": map[string]any{},
	}}})
	rs := resourceSpec(t, p)
	if rs["annotations"] != nil || rs["labels"].(map[string]any)["team"] != "agents" {
		t.Fatalf("resource_spec = %v", rs)
	}
}

func TestPatch_nullsKeepThePreviousRevisionsValues(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := githubBody("merged")
	body["source_config"].(map[string]any)["install_command"] = "npm ci"
	body["source_config"].(map[string]any)["build_command"] = "npm run build"
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{"cpu": 2}
	d := a.must(201, "POST", "/v2/deployments", body)
	id := d["id"].(string)
	path := "/v2/deployments/" + id

	wantKept := func(what string, p map[string]any, configPath string) {
		t.Helper()
		sc := p["source_config"].(map[string]any)
		src := p["source_revision_config"].(map[string]any)
		if sc["install_command"] != "npm ci" || sc["build_command"] != "npm run build" || sc["repo_branch"] != "main" ||
			src["repo_ref"] != "refs/heads/main" || src["langgraph_config_path"] != configPath {
			t.Fatalf("%s: source_config %v, source_revision_config %v", what, sc, src)
		}
		if rs := resourceSpec(t, p); rs["cpu"] != 2.0 || rs["cpu_limit"] != 4.0 {
			t.Fatalf("%s: resource_spec %v", what, rs)
		}
	}

	// Nulls alone change nothing and create no revision.
	p := a.must(200, "PATCH", path, map[string]any{
		"source_config":          map[string]any{"install_command": nil, "build_command": nil, "resource_spec": nil},
		"source_revision_config": map[string]any{"repo_ref": nil},
		"secrets":                nil,
	})
	if p["latest_revision_id"] != d["latest_revision_id"] {
		t.Fatal("a PATCH of nulls created a revision")
	}
	wantKept("nulls only", p, "langgraph.json")

	// A revision-creating PATCH: null and absent members carry over.
	p = a.must(200, "PATCH", path, map[string]any{
		"source_config":          map[string]any{"install_command": nil, "build_command": nil, "resource_spec": nil},
		"source_revision_config": map[string]any{"repo_ref": nil, "langgraph_config_path": "agents/langgraph.json"},
	})
	if p["latest_revision_id"] == d["latest_revision_id"] {
		t.Fatal("no revision created")
	}
	wantKept("revision PATCH", p, "agents/langgraph.json")
	p = a.must(200, "PATCH", path, map[string]any{"secrets": []any{map[string]any{"name": "A", "value": "1"}}})
	wantKept("secrets PATCH", p, "agents/langgraph.json")

	// The create-revision route merges the same way; the revision itself
	// reports the kept ref.
	r := a.must(201, "POST", path+"/revisions", map[string]any{"source_revision_config": map[string]any{"repo_ref": nil}, "source_config": map[string]any{"install_command": nil}})
	if r["source_revision_config"].(map[string]any)["repo_ref"] != "refs/heads/main" {
		t.Fatalf("created revision = %v", r)
	}
	wantKept("create revision", a.must(200, "GET", path, nil), "agents/langgraph.json")
	if n := len(a.srv.Revisions(id)); n != 4 {
		t.Fatalf("revisions = %d, want 4", n)
	}
}

// serveDirect sends one request straight to the handler, without a network
// round trip, so allocation counts measure the mock alone.
func serveDirect(t *testing.T, s *Server, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequestWithContext(t.Context(), method, path, rd)
	req.Header.Set("X-Api-Key", "k")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func TestList_nameFiltersRenderOnlyMatches(t *testing.T) {
	// allocs is what one name-filtered list costs with n deployments in the
	// tenant; it must not grow with the deployments that do not match.
	allocs := func(n int, query string) float64 {
		s := New(Options{})
		for i := 0; i < n; i++ {
			if rec := serveDirect(t, s, "POST", "/v2/deployments", githubBody(fmt.Sprintf("agent-%03d", i))); rec.Code != 201 {
				t.Fatalf("create: %d %s", rec.Code, rec.Body)
			}
		}
		var got map[string]any
		if err := json.Unmarshal(serveDirect(t, s, "GET", query, nil).Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if res := got["resources"].([]any); len(res) != 1 || res[0].(map[string]any)["name"] != "agent-001" {
			t.Fatalf("%s with %d deployments = %v", query, n, got)
		}
		return testing.AllocsPerRun(5, func() { serveDirect(t, s, "GET", query, nil) })
	}
	for _, q := range []string{"/v2/deployments?name=agent-001", "/v2/deployments?name_contains=nt-001"} {
		few, many := allocs(3, q), allocs(300, q)
		if many > 2*few {
			t.Errorf("%s: %.0f allocations with 300 deployments, %.0f with 3: the list renders non-matching deployments", q, many, few)
		}
	}
}

// TestResourceSpec_kubernetesMembers: the Kubernetes lists are stored and
// returned with every key of their models (null when not sent), empty lists
// at any depth come back as null, free-form objects (emptyDir: {}) as sent,
// and the models' required keys are enforced.
func TestResourceSpec_kubernetesMembers(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := dockerBody("kube", "img:1")
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{
		"image_pull_secrets": []any{map[string]any{"name": "registry"}},
		"volumes":            []any{map[string]any{"name": "scratch", "emptyDir": map[string]any{}}},
		"volume_mounts":      []any{},
		"init_containers":    []any{},
		"sidecars": []any{map[string]any{"name": "proxy", "image": "envoy:1", "args": []any{}, "env": []any{},
			"volumeMounts": []any{map[string]any{"name": "scratch", "mountPath": "/s"}}}},
	}
	rs := resourceSpec(t, a.must(201, "POST", "/v2/deployments", body))
	if rs["volume_mounts"] != nil || rs["init_containers"] != nil {
		t.Errorf("empty lists = %v, %v; want null", rs["volume_mounts"], rs["init_containers"])
	}
	vol := rs["volumes"].([]any)[0].(map[string]any)
	if len(vol) != len(volumeSchema.fields) || vol["configMap"] != nil || vol["emptyDir"] == nil || len(vol["emptyDir"].(map[string]any)) != 0 {
		t.Errorf("volume = %v", vol)
	}
	sc := rs["sidecars"].([]any)[0].(map[string]any)
	if len(sc) != len(containerSchema.fields) || sc["args"] != nil || sc["env"] != nil || sc["imagePullPolicy"] != nil {
		t.Errorf("sidecar = %v", sc)
	}
	if m := sc["volumeMounts"].([]any)[0].(map[string]any); m["mountPath"] != "/s" || m["readOnly"] != nil || len(m) != len(volumeMountSchema.fields) {
		t.Errorf("sidecar volume mount = %v", m)
	}
	if rs["image_pull_secrets"].([]any)[0].(map[string]any)["name"] != "registry" {
		t.Errorf("image_pull_secrets = %v", rs["image_pull_secrets"])
	}

	body["name"] = "kube-bad"
	body["source_config"].(map[string]any)["resource_spec"] = map[string]any{
		"image_pull_secrets": []any{map[string]any{}},
		"sidecars":           []any{map[string]any{"name": "proxy"}},
	}
	wantErrors(t, a.do("POST", "/v2/deployments", body),
		"missing", loc("body", "source_config", "resource_spec", "image_pull_secrets", 0.0, "name"),
		"missing", loc("body", "source_config", "resource_spec", "sidecars", 0.0, "image"))
}
