package langsmith

import (
	"net/http"
	"testing"
)

// TestEndpoints checks method, path, body and decoding of the listener,
// integration and OAuth provider calls.
func TestEndpoints(t *testing.T) {
	listener := map[string]any{"id": "l1", "compute_type": "k8s", "compute_id": "prod", "compute_config": map[string]any{"k8s_namespaces": []string{"a"}},
		"version": nil, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
	provider := map[string]any{"id": "p1", "organization_id": "o1", "provider_id": "slack", "name": "Slack", "client_id": "cid",
		"auth_url": "https://a", "token_url": "https://t", "uses_pkce": true, "code_challenge_method": "S256",
		"created_at": "2025-01-01T00:00:00.5Z", "updated_at": "2025-01-01T00:00:00Z"}
	tests := []struct {
		name       string
		call       func(*Client) (any, error)
		status     int
		resp       any
		wantMethod string
		wantPath   string
		wantBody   string
		check      func(*testing.T, any)
	}{
		{name: "list listeners", status: 200, resp: map[string]any{"resources": []any{listener}, "offset": 1},
			call:       func(c *Client) (any, error) { return c.ListListeners(bg) },
			wantMethod: "GET", wantPath: "/v2/listeners",
			check: func(t *testing.T, v any) {
				if l := v.([]Listener); len(l) != 1 || l[0].ComputeConfig.K8sNamespaces[0] != "a" {
					t.Errorf("got %+v", l)
				}
			}},
		{name: "create listener", status: 201, resp: listener,
			call: func(c *Client) (any, error) {
				return c.CreateListener(bg, &ListenerCreateRequest{ComputeType: "k8s", ComputeID: "prod", ComputeConfig: ListenerComputeConfig{K8sNamespaces: []string{"a"}}})
			},
			wantMethod: "POST", wantPath: "/v2/listeners", wantBody: `{"compute_type":"k8s","compute_id":"prod","compute_config":{"k8s_namespaces":["a"]}}`},
		{name: "get listener", status: 200, resp: listener,
			call:       func(c *Client) (any, error) { return c.GetListener(bg, "l1") },
			wantMethod: "GET", wantPath: "/v2/listeners/l1",
			check: func(t *testing.T, v any) {
				if l := v.(*Listener); l.ID != "l1" || l.CreatedAt.IsZero() {
					t.Errorf("got %+v", l)
				}
			}},
		{name: "patch listener", status: 200, resp: listener,
			call: func(c *Client) (any, error) {
				return c.PatchListener(bg, "l1", &ListenerPatchRequest{Version: ptr("0.2")})
			},
			wantMethod: "PATCH", wantPath: "/v2/listeners/l1", wantBody: `{"version":"0.2"}`},
		{name: "delete listener", status: 204,
			call:       func(c *Client) (any, error) { return nil, c.DeleteListener(bg, "l1") },
			wantMethod: "DELETE", wantPath: "/v2/listeners/l1"},
		{name: "github integrations", status: 200, resp: []any{map[string]any{"id": "i1", "installation_id": 42, "name": "acme"}},
			call:       func(c *Client) (any, error) { return c.ListGithubIntegrations(bg) },
			wantMethod: "GET", wantPath: "/v1/integrations/github/install",
			check: func(t *testing.T, v any) {
				if g := v.([]GithubIntegration); len(g) != 1 || g[0].InstallationID != 42 || g[0].Name != "acme" {
					t.Errorf("got %+v", g)
				}
			}},
		{name: "github repositories", status: 200, resp: []any{map[string]any{"host_integration_id": "i1", "id": 7, "name": "agent", "owner": "acme", "url": "https://github.com/acme/agent", "default_branch": "main"}},
			call:       func(c *Client) (any, error) { return c.ListGithubRepositories(bg, "i1") },
			wantMethod: "GET", wantPath: "/v1/integrations/github/i1/repos",
			check: func(t *testing.T, v any) {
				if r := v.([]GithubRepository); len(r) != 1 || r[0].DefaultBranch != "main" || r[0].ID != 7 {
					t.Errorf("got %+v", r)
				}
			}},
		{name: "list oauth providers", status: 200, resp: []any{provider},
			call:       func(c *Client) (any, error) { return c.ListOAuthProviders(bg) },
			wantMethod: "GET", wantPath: "/v2/auth/providers",
			check: func(t *testing.T, v any) {
				if p := v.([]OAuthProvider); len(p) != 1 || p[0].ProviderID != "slack" || p[0].CreatedAt.Nanosecond() != 5e8 {
					t.Errorf("got %+v", p)
				}
			}},
		{name: "create oauth provider", status: 200, resp: provider,
			call: func(c *Client) (any, error) {
				return c.CreateOAuthProvider(bg, &OAuthProviderCreateRequest{ProviderID: "slack", Name: "Slack", ClientID: "cid", AuthURL: "https://a", TokenURL: "https://t"})
			},
			wantMethod: "POST", wantPath: "/v2/auth/providers",
			wantBody: `{"provider_id":"slack","name":"Slack","client_id":"cid","auth_url":"https://a","token_url":"https://t"}`},
		{name: "get oauth provider", status: 200, resp: provider,
			call:       func(c *Client) (any, error) { return c.GetOAuthProvider(bg, "slack") },
			wantMethod: "GET", wantPath: "/v2/auth/providers/slack"},
		{name: "update oauth provider", status: 200, resp: provider,
			call: func(c *Client) (any, error) {
				return c.UpdateOAuthProvider(bg, "slack", &OAuthProviderUpdateRequest{Name: ptr("Slack 2")})
			},
			wantMethod: "PATCH", wantPath: "/v2/auth/providers/slack", wantBody: `{"name":"Slack 2"}`},
		{name: "delete oauth provider", status: 200, resp: map[string]any{"ok": true},
			call:       func(c *Client) (any, error) { return nil, c.DeleteOAuthProvider(bg, "slack") },
			wantMethod: "DELETE", wantPath: "/v2/auth/providers/slack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				if tt.resp == nil {
					w.WriteHeader(tt.status)
					return
				}
				writeJSON(w, tt.status, tt.resp)
			})
			c, _ := newTestClient(t, f)
			v, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			r := f.requests()
			if len(r) != 1 || r[0].Method != tt.wantMethod || r[0].Path != tt.wantPath || string(r[0].Body) != tt.wantBody {
				t.Fatalf("requests = %+v, want one %s %s %s", r, tt.wantMethod, tt.wantPath, tt.wantBody)
			}
			if tt.check != nil {
				tt.check(t, v)
			}
		})
	}
}

func TestEndpoints_notFound(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		writeJSON(w, 404, map[string]any{"detail": "Listener ID l1 not found."})
	})
	c, _ := newTestClient(t, f)
	for name, err := range map[string]error{
		"get":    func() error { _, err := c.GetListener(bg, "l1"); return err }(),
		"delete": c.DeleteListener(bg, "l1"),
	} {
		if !IsNotFound(err) || err.Error() != "GET /v2/listeners/l1: HTTP 404: Listener ID l1 not found." && name == "get" {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
