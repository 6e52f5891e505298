package mockapi

import (
	"net/http"
	"strings"
	"testing"
)

func listenerBody(computeID string) map[string]any {
	return map[string]any{
		"compute_type":   "k8s",
		"compute_id":     computeID,
		"compute_config": map[string]any{"k8s_namespaces": []any{"agents", "agents-staging"}},
	}
}

func TestListeners_crudAndDuplicateComputeID(t *testing.T) {
	a := newTestAPI(t, Options{})
	a.tenant = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	l := a.must(201, "POST", "/v2/listeners", listenerBody("prod-cluster"))
	id := l["id"].(string)
	if l["compute_type"] != "k8s" || l["version"] != nil || len(l["compute_config"].(map[string]any)["k8s_namespaces"].([]any)) != 2 {
		t.Fatalf("listener = %v", l)
	}
	wantDetail(t, a.do("POST", "/v2/listeners", listenerBody("prod-cluster")), 409,
		"Listener for LangSmith workspace ID '9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d' and compute ID 'prod-cluster' already exists.")
	bad := listenerBody("x")
	bad["compute_type"] = "ecs"
	wantErrors(t, a.do("POST", "/v2/listeners", bad), "literal_error", loc("body", "compute_type"))

	p := a.must(200, "PATCH", "/v2/listeners/"+id, map[string]any{"version": "0.3.1", "compute_id": "ignored"})
	if p["version"] != "0.3.1" || p["compute_id"] != "prod-cluster" {
		t.Fatalf("patched = %v", p)
	}
	if list := a.must(200, "GET", "/v2/listeners", nil); len(list["resources"].([]any)) != 1 || list["offset"] != 1.0 {
		t.Fatalf("list = %v", list)
	}

	// A workspace with listeners requires external_docker deployments to name one.
	r := a.do("POST", "/v2/deployments", dockerBody("placed", "img:1"))
	wantDetail(t, r, 400, "Source configuration error: 'source_config.listener_id' is required for workspace with available listener IDs: ['"+id+"']")
	body := dockerBody("placed", "img:1")
	sc := body["source_config"].(map[string]any)
	sc["listener_id"] = id
	sc["listener_config"] = map[string]any{"k8s_namespace": "elsewhere"}
	if r := a.do("POST", "/v2/deployments", body); r.status != 400 || !strings.Contains(r.obj()["detail"].(string), "namespaces") {
		t.Fatalf("bad namespace = %d %s", r.status, r.raw)
	}
	sc["listener_config"] = map[string]any{"k8s_namespace": "agents"}
	d := a.must(201, "POST", "/v2/deployments", body)
	if got := d["source_config"].(map[string]any)["listener_config"].(map[string]any)["k8s_namespace"]; got != "agents" {
		t.Fatalf("listener_config = %v", got)
	}
	wantDetail(t, a.do("PATCH", "/v2/deployments/"+d["id"].(string), map[string]any{"source_config": map[string]any{"listener_config": map[string]any{"k8s_namespace": "agents-staging"}}}),
		400, "source_config.listener_config cannot be changed after creation.")

	// A deployment still on the listener holds it: 409, tersely; once the
	// deployment is soft-deleted (AWAITING_DELETE) it no longer does.
	wantDetail(t, a.do("DELETE", "/v2/listeners/"+id, nil), 409, "Listener ID "+id+" is in use by one or more deployments and cannot be deleted.")
	a.must(200, "GET", "/v2/listeners/"+id, nil)
	a.must(204, "DELETE", "/v2/deployments/"+d["id"].(string), nil)
	a.must(204, "DELETE", "/v2/listeners/"+id, nil)
	wantDetail(t, a.do("GET", "/v2/listeners/"+id, nil), 404, "Listener ID "+id+" not found.")
	wantDetail(t, a.do("DELETE", "/v2/listeners/"+id, nil), 404, "Listener ID "+id+" not found.")
	wantErrors(t, a.do("GET", "/v2/listeners/prod-cluster", nil), "uuid_parsing", loc("path", "listener_id"))
}

func TestListeners_forbiddenWithoutEnterprisePlan(t *testing.T) {
	a := newTestAPI(t, Options{ListenersForbidden: true})
	a.tenant = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	const msg = "Listeners cannot be created for LangSmith workspace ID '9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d'. Creating listeners is only allowed for LangSmith organizations with self-hosted enterprise plans."
	wantDetail(t, a.do("POST", "/v2/listeners", listenerBody("c")), 403, msg)
	wantDetail(t, a.do("GET", "/v2/listeners", nil), 403, msg)
	wantDetail(t, a.do("DELETE", "/v2/listeners/11111111-2222-4333-8444-555555555555", nil), 403, msg)
}

func TestIntegrations_seedReposAndUnknown404(t *testing.T) {
	a := newTestAPI(t, Options{})
	list := a.do("GET", "/v1/integrations/github/install", nil)
	ins := list.body.([]any)
	if list.status != 200 || len(ins) != 1 {
		t.Fatalf("integrations = %s", list.raw)
	}
	in := ins[0].(map[string]any)
	if in["id"] != SeedIntegrationID || in["installation_id"] != 4242.0 || in["name"] != "acme" {
		t.Fatalf("seed = %v", in)
	}
	repos := a.do("GET", "/v1/integrations/github/"+SeedIntegrationID+"/repos", nil).body.([]any)
	if len(repos) != 2 {
		t.Fatalf("repos = %v", repos)
	}
	r := repos[1].(map[string]any)
	if r["url"] != "https://github.com/acme/research-agent" || r["default_branch"] != "develop" || r["owner"] != "acme" || r["host_integration_id"] != SeedIntegrationID {
		t.Fatalf("repo = %v", r)
	}

	id := a.srv.AddGithubIntegration("globex", "globex/planner@trunk", "scheduler")
	repos = a.do("GET", "/v1/integrations/forge/github/"+id+"/repos", nil).body.([]any)
	if len(repos) != 2 || repos[0].(map[string]any)["default_branch"] != "trunk" || repos[1].(map[string]any)["url"] != "https://github.com/globex/scheduler" {
		t.Fatalf("added repos = %v", repos)
	}
	const unknown = "00000000-0000-4000-8000-000000000000"
	wantDetail(t, a.do("GET", "/v1/integrations/github/"+unknown+"/repos", nil), 404, "Integration ID "+unknown+" not found.")
	wantErrors(t, a.do("GET", "/v1/integrations/github/acme/repos", nil), "uuid_parsing", loc("path", "integration_id"))

	// A github create without repo_ref builds the repository's default branch.
	body := githubBody("research")
	body["source_config"].(map[string]any)["repo_url"] = "https://github.com/acme/research-agent"
	delete(body["source_revision_config"].(map[string]any), "repo_ref")
	d := a.must(201, "POST", "/v2/deployments", body)
	// Stored as the plain branch, reported resolved.
	if d["source_revision_config"].(map[string]any)["repo_ref"] != "refs/heads/develop" || d["source_config"].(map[string]any)["repo_branch"] != "develop" {
		t.Fatalf("default ref = %v, %v", d["source_revision_config"], d["source_config"])
	}
}

func TestAuthProviders_secretNeverReturned(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := map[string]any{
		"provider_id":   "slack-bot",
		"name":          "Slack",
		"client_id":     "cid",
		"client_secret": "super-secret",
		"auth_url":      "https://slack.com/oauth/v2/authorize",
		"token_url":     "https://slack.com/api/oauth.v2.access",
		"provider_type": "slack",
	}
	p := a.must(200, "POST", "/v2/auth/providers", body)
	check := func(p map[string]any) {
		t.Helper()
		if _, ok := p["client_secret"]; ok {
			t.Fatalf("client_secret returned: %v", p)
		}
		if p["token_endpoint_auth_method"] != "client_secret_post" || p["code_challenge_method"] != "S256" || p["uses_pkce"] != false || p["provider_id"] != "slack-bot" {
			t.Fatalf("provider = %v", p)
		}
	}
	check(p)
	wantDetail(t, a.do("POST", "/v2/auth/providers", body), 409, "Provider slack-bot already exists.")
	check(a.must(200, "GET", "/v2/auth/providers/slack-bot", nil))
	got := a.must(200, "PATCH", "/v2/auth/providers/slack-bot", map[string]any{"name": "Slack 2", "client_secret": "rotated", "token_endpoint_auth_method": "none"})
	check(got)
	if got["name"] != "Slack 2" {
		t.Fatalf("patched = %v", got)
	}
	list := a.do("GET", "/v2/auth/providers", nil)
	if list.status != 200 || len(list.body.([]any)) != 1 || strings.Contains(string(list.raw), "secret\"") || strings.Contains(string(list.raw), "rotated") {
		t.Fatalf("list = %s", list.raw)
	}

	bad := map[string]any{}
	for k, v := range body {
		bad[k] = v
	}
	bad["provider_id"] = "other"
	bad["provider_type"] = "github"
	bad["token_endpoint_auth_method"] = "private_key_jwt"
	wantErrors(t, a.do("POST", "/v2/auth/providers", bad), "enum", loc("body", "provider_type"), "enum", loc("body", "token_endpoint_auth_method"))

	if r := a.do("DELETE", "/v2/auth/providers/slack-bot", nil); r.status != http.StatusOK {
		t.Fatalf("delete = %d", r.status)
	}
	wantDetail(t, a.do("GET", "/v2/auth/providers/slack-bot", nil), 404, "Provider slack-bot not found.")
	wantDetail(t, a.do("DELETE", "/v2/auth/providers/slack-bot", nil), 404, "Provider slack-bot not found.")
}

func TestListeners_emptyNamespacesRenderNull(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := listenerBody("any-ns")
	body["compute_config"] = map[string]any{"k8s_namespaces": []any{}}
	l := a.must(201, "POST", "/v2/listeners", body)
	id := l["id"].(string)
	namespaces := func(l map[string]any) any {
		t.Helper()
		cc := l["compute_config"].(map[string]any)
		if _, ok := cc["k8s_namespaces"]; !ok {
			t.Fatalf("k8s_namespaces key missing: %v", cc)
		}
		return cc["k8s_namespaces"]
	}
	if ns := namespaces(l); ns != nil {
		t.Fatalf("create: k8s_namespaces = %v, want null", ns)
	}
	if ns := namespaces(a.must(200, "GET", "/v2/listeners/"+id, nil)); ns != nil {
		t.Fatalf("GET: k8s_namespaces = %v, want null", ns)
	}
	if ns := namespaces(a.must(200, "PATCH", "/v2/listeners/"+id, map[string]any{"compute_config": map[string]any{"k8s_namespaces": []any{"agents"}}})); len(ns.([]any)) != 1 {
		t.Fatalf("PATCH: k8s_namespaces = %v", ns)
	}
	if ns := namespaces(a.must(200, "PATCH", "/v2/listeners/"+id, map[string]any{"compute_config": map[string]any{"k8s_namespaces": []any{}}})); ns != nil {
		t.Fatalf("PATCH []: k8s_namespaces = %v, want null", ns)
	}
	// No namespaces means any namespace.
	d := dockerBody("anywhere", "img:1")
	sc := d["source_config"].(map[string]any)
	sc["listener_id"] = id
	sc["listener_config"] = map[string]any{"k8s_namespace": "whatever"}
	a.must(201, "POST", "/v2/deployments", d)
}

func TestAuthProviders_emptyParamsAndRedirectURIsRenderNull(t *testing.T) {
	a := newTestAPI(t, Options{})
	body := map[string]any{
		"provider_id":           "ms",
		"name":                  "Microsoft",
		"client_id":             "cid",
		"auth_url":              "https://login.example.com/authorize",
		"token_url":             "https://login.example.com/token",
		"authorization_params":  map[string]any{},
		"allowed_redirect_uris": []any{},
	}
	want := func(what string, p map[string]any, params, uris int) {
		t.Helper()
		for key, n := range map[string]int{"authorization_params": params, "allowed_redirect_uris": uris} {
			v, ok := p[key]
			switch {
			case !ok:
				t.Errorf("%s: %s key missing", what, key)
			case n == 0 && v != nil:
				t.Errorf("%s: %s = %v, want null", what, key, v)
			case n > 0 && v == nil:
				t.Errorf("%s: %s = null, want %d entries", what, key, n)
			}
		}
	}
	want("create", a.must(200, "POST", "/v2/auth/providers", body), 0, 0)
	want("GET", a.must(200, "GET", "/v2/auth/providers/ms", nil), 0, 0)
	want("set", a.must(200, "PATCH", "/v2/auth/providers/ms", map[string]any{
		"authorization_params":  map[string]any{"prompt": "consent"},
		"allowed_redirect_uris": []any{"https://app.example.com/cb"},
	}), 1, 1)
	want("nulls keep", a.must(200, "PATCH", "/v2/auth/providers/ms", map[string]any{"authorization_params": nil, "allowed_redirect_uris": nil}), 1, 1)
	want("clear params", a.must(200, "PATCH", "/v2/auth/providers/ms", map[string]any{"authorization_params": map[string]any{}}), 0, 1)
	want("clear uris", a.must(200, "PATCH", "/v2/auth/providers/ms", map[string]any{"allowed_redirect_uris": []any{}}), 0, 0)
	list := a.do("GET", "/v2/auth/providers", nil).body.([]any)
	want("list", list[0].(map[string]any), 0, 0)
}

// TestAuthProviders_discoveredAndDefaultRedirect: a provider added by MCP
// discovery reports mcp_server_url and is_dynamic_client, a manual one
// reports null and false, and both report the callback URL on the base the
// request came in on as default_redirect_uri.
func TestAuthProviders_discoveredAndDefaultRedirect(t *testing.T) {
	a := newTestAPI(t, Options{})
	a.tenant = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	manual := a.must(200, "POST", "/v2/auth/providers", map[string]any{
		"provider_id": "manual", "name": "Manual", "client_id": "cid",
		"auth_url": "https://auth.example.com/authorize", "token_url": "https://auth.example.com/token",
	})
	if manual["mcp_server_url"] != nil || manual["is_dynamic_client"] != false || manual["default_redirect_uri"] != a.http.URL+"/v2/auth/callback/manual" {
		t.Fatalf("manual = %v", manual)
	}
	if !a.srv.DiscoverOAuthProvider(a.tenant, "notion-mcp", "Notion", "https://mcp.notion.example/") {
		t.Fatal("discovery refused")
	}
	if a.srv.DiscoverOAuthProvider(a.tenant, "notion-mcp", "Again", "https://mcp.notion.example/") {
		t.Fatal("a taken provider_id was discovered again")
	}
	got := a.must(200, "GET", "/api-host/v2/auth/providers/notion-mcp", nil)
	if got["mcp_server_url"] != "https://mcp.notion.example/" || got["is_dynamic_client"] != true || got["uses_pkce"] != true ||
		got["token_endpoint_auth_method"] != "none" || got["auth_url"] != "https://mcp.notion.example/authorize" ||
		got["default_redirect_uri"] != a.http.URL+"/api-host/v2/auth/callback/notion-mcp" {
		t.Fatalf("discovered = %v", got)
	}
	// The update model has neither field: a PATCH leaves them.
	got = a.must(200, "PATCH", "/v2/auth/providers/notion-mcp", map[string]any{"name": "Notion 2", "mcp_server_url": "https://other.example", "is_dynamic_client": false})
	if got["mcp_server_url"] != "https://mcp.notion.example/" || got["is_dynamic_client"] != true || got["name"] != "Notion 2" {
		t.Fatalf("patched = %v", got)
	}
	if list := a.do("GET", "/v2/auth/providers", nil).body.([]any); len(list) != 2 {
		t.Fatalf("list = %v", list)
	}
}

// OAuth providers belong to the organization (§10): one created through
// one workspace is the same provider in every other.
func TestAuthProviders_organizationScoped(t *testing.T) {
	wsA, wsB := "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
	a := newTestAPI(t, Options{TenantID: wsA, OtherTenants: []string{wsB}})
	a.tenant = wsA
	p := a.must(200, "POST", "/v2/auth/providers", map[string]any{
		"provider_id": "slack-org", "name": "Slack", "client_id": "c", "auth_url": "https://slack.com/oauth/v2/authorize",
		"token_url": "https://slack.com/api/oauth.v2.access",
	})
	a.tenant = wsB
	got := a.must(200, "GET", "/v2/auth/providers/slack-org", nil)
	if got["id"] != p["id"] || got["organization_id"] != p["organization_id"] {
		t.Fatalf("through another workspace: %v, want the same provider %v", got, p)
	}
	if r := a.do("POST", "/v2/auth/providers", map[string]any{
		"provider_id": "slack-org", "name": "Slack", "client_id": "c", "auth_url": "https://a", "token_url": "https://b",
	}); r.status != 409 {
		t.Fatalf("the same provider_id through another workspace: %d, want 409", r.status)
	}
}
