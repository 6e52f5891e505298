package langsmith

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestControlPlaneURL(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "https://api.smith.langchain.com", want: "https://api.host.langchain.com"},
		{in: "https://api.smith.langchain.com/", want: "https://api.host.langchain.com"},
		{in: "https://api.smith.langchain.com/api/v1", want: "https://api.host.langchain.com"},
		{in: "https://eu.api.smith.langchain.com", want: "https://eu.api.host.langchain.com"},
		{in: "https://apac.api.smith.langchain.com", want: "https://apac.api.host.langchain.com"},
		{in: "https://aws.api.smith.langchain.com", want: "https://aws.api.host.langchain.com"},
		{in: "  HTTPS://EU.API.SMITH.LANGCHAIN.COM  ", want: "https://eu.api.host.langchain.com"},
		{in: "https://example.com/langsmith/api/v1", want: "https://example.com/langsmith/api-host"},
		{in: "https://example.com/langsmith/api/v1/", want: "https://example.com/langsmith/api-host"},
		{in: "https://example.com/langsmith/api", want: "https://example.com/langsmith/api-host"},
		{in: "https://ls.example.com", want: "https://ls.example.com/api-host"},
		{in: "https://ls.example.com///", want: "https://ls.example.com/api-host"},
		{in: "https://ls.example.com/api/v1", want: "https://ls.example.com/api-host"},
		{in: "http://localhost:1984/api/v1", want: "http://localhost:1984/api-host"},
		{in: "https://ls.example.com/api-host/", want: "https://ls.example.com/api-host"},
		{in: "https://notapi.smith.langchain.com", want: "https://notapi.smith.langchain.com/api-host"},
		{in: "", wantErr: "empty"},
		{in: "api.smith.langchain.com", wantErr: "no scheme"},
		{in: "ftp://ls.example.com", wantErr: `scheme "ftp"`},
		{in: "https://", wantErr: "no host"},
		{in: "https:///api/v1", wantErr: "no host"},
		{in: "https://ls.example.com/api/v1?x=1", wantErr: "query"},
		{in: "https://ls.example.com/api/v1#frag", wantErr: "fragment"},
		{in: "https://ls example.com", wantErr: "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ControlPlaneURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ControlPlaneURL(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ControlPlaneURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
		check   func(*testing.T, *Client)
	}{
		{name: "no key", cfg: Config{BaseURL: "https://api.host.langchain.com"}, wantErr: "API key"},
		{name: "no base URL", cfg: Config{APIKey: "k"}, wantErr: "empty"},
		{name: "relative base URL", cfg: Config{APIKey: "k", BaseURL: "/api-host"}, wantErr: "no scheme"},
		{name: "query in base URL", cfg: Config{APIKey: "k", BaseURL: "https://h/api-host?a=b"}, wantErr: "query"},
		{name: "defaults", cfg: Config{APIKey: "k", BaseURL: "http://127.0.0.1:8124/api-host/"}, check: func(t *testing.T, c *Client) {
			if c.BaseURL() != "http://127.0.0.1:8124/api-host" {
				t.Errorf("BaseURL() = %q", c.BaseURL())
			}
			if c.userAgent != DefaultUserAgent || c.maxRetries != 8 || c.waitMin != 250*time.Millisecond || c.waitMax != 15*time.Second {
				t.Errorf("defaults: ua %q retries %d wait %v..%v", c.userAgent, c.maxRetries, c.waitMin, c.waitMax)
			}
			if c.httpClient != sharedHTTPClient() {
				t.Error("default HTTP client is not the shared one")
			}
		}},
		{name: "negative retries", cfg: Config{APIKey: "k", BaseURL: "https://h", MaxRetries: -1}, check: func(t *testing.T, c *Client) {
			if c.maxRetries != 0 {
				t.Errorf("maxRetries = %d, want 0", c.maxRetries)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestClient_headers(t *testing.T) {
	tests := []struct {
		name       string
		tenant, ua string
		wantUA     string
		post       bool
	}{
		{name: "tenant and custom agent", tenant: testTenantID, ua: "terraform-provider-langsmith/1.2.3 (+terraform 1.8.5)", wantUA: "terraform-provider-langsmith/1.2.3 (+terraform 1.8.5)"},
		{name: "no tenant, default agent", wantUA: DefaultUserAgent},
		{name: "post body", tenant: testTenantID, wantUA: DefaultUserAgent, post: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				writeJSON(w, 200, map[string]any{"id": "l1", "compute_type": "k8s", "compute_id": "c", "compute_config": map[string]any{}})
			})
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.TenantID, cfg.UserAgent = tt.tenant, tt.ua })
			var err error
			if tt.post {
				_, err = c.CreateListener(bg, &ListenerCreateRequest{ComputeType: "k8s", ComputeID: "c"})
			} else {
				_, err = c.GetListener(bg, "l1")
			}
			if err != nil {
				t.Fatal(err)
			}
			h := f.requests()[0].Header
			if got := h.Get("X-Api-Key"); got != testAPIKey {
				t.Errorf("X-Api-Key = %q", got)
			}
			if _, ok := h["X-Tenant-Id"]; ok != (tt.tenant != "") || h.Get("X-Tenant-Id") != tt.tenant {
				t.Errorf("X-Tenant-Id = %q (present %v), want %q", h.Get("X-Tenant-Id"), ok, tt.tenant)
			}
			if got := h.Get("User-Agent"); got != tt.wantUA {
				t.Errorf("User-Agent = %q, want %q", got, tt.wantUA)
			}
			if got := h.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q", got)
			}
			if got, want := h.Get("Content-Type"), map[bool]string{true: "application/json"}[tt.post]; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
		})
	}
}

func TestClient_pathEscaping(t *testing.T) {
	tests := []struct {
		name string
		call func(*Client) error
		want string
	}{
		{name: "slash and space", call: func(c *Client) error { _, err := c.GetDeployment(bg, "a/b c"); return err },
			want: "/api-host/v2/deployments/a%2Fb%20c"},
		{name: "query and fragment chars", call: func(c *Client) error { _, err := c.GetRevision(bg, "d?x=1", "r#2"); return err },
			want: "/api-host/v2/deployments/d%3Fx=1/revisions/r%232"},
		{name: "dots inside an ID", call: func(c *Client) error { _, err := c.GetOAuthProvider(bg, "a..b"); return err },
			want: "/api-host/v2/auth/providers/a..b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var uri string
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				uri = r.RequestURI
				writeJSON(w, 200, map[string]any{"id": "x"})
			})
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.BaseURL = f.URL + "/api-host/" })
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			if uri != tt.want {
				t.Errorf("request URI = %q, want %q", uri, tt.want)
			}
		})
	}
}

func TestClient_badPathSegments(t *testing.T) {
	tests := []struct {
		name string
		call func(*Client) error
	}{
		{name: "empty deployment ID on delete", call: func(c *Client) error { return c.DeleteDeployment(bg, "", DeleteDeploymentParams{}) }},
		{name: "dot-dot deployment ID", call: func(c *Client) error { _, err := c.GetDeployment(bg, ".."); return err }},
		{name: "dot revision ID", call: func(c *Client) error { _, err := c.GetRevision(bg, "d1", "."); return err }},
		{name: "empty listener ID", call: func(c *Client) error { return c.DeleteListener(bg, "") }},
		{name: "empty integration ID", call: func(c *Client) error { _, err := c.ListGithubRepositories(bg, ""); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) { w.WriteHeader(204) })
			c, _ := newTestClient(t, f)
			err := tt.call(c)
			if err == nil || !strings.Contains(err.Error(), "an ID in the path is empty") {
				t.Fatalf("err = %v", err)
			}
			if n := len(f.requests()); n != 0 {
				t.Errorf("requests = %d, want 0", n)
			}
		})
	}
}

func TestClient_retries(t *testing.T) {
	date := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name         string
		method       string // GET, POST (a bare POST: no lookup after an ambiguous failure) or DELETE
		statuses     []int
		retryAfter   string
		maxRetries   int
		wantRequests int
		wantStatus   int // 0: success
		wantAmbig    bool
		checkWaits   func(*testing.T, []time.Duration)
	}{
		{name: "GET 503 503 200", method: "GET", statuses: []int{503, 503, 200}, wantRequests: 3,
			checkWaits: func(t *testing.T, w []time.Duration) {
				// 250ms then 500ms, each jittered into its upper half.
				if len(w) != 2 || w[0] < 125*time.Millisecond || w[0] > 250*time.Millisecond || w[1] < 250*time.Millisecond || w[1] > 500*time.Millisecond {
					t.Errorf("waits = %v", w)
				}
			}},
		{name: "GET 429 502 504 200", method: "GET", statuses: []int{429, 502, 504, 200}, wantRequests: 4},
		{name: "DELETE 503 then 204", method: "DELETE", statuses: []int{503, 204}, wantRequests: 2},
		{name: "Retry-After seconds", method: "GET", statuses: []int{429, 200}, retryAfter: "7", wantRequests: 2,
			checkWaits: func(t *testing.T, w []time.Duration) {
				if len(w) != 1 || w[0] != 7*time.Second {
					t.Errorf("waits = %v, want [7s]", w)
				}
			}},
		{name: "Retry-After date", method: "GET", statuses: []int{503, 200}, retryAfter: date(5 * time.Second), wantRequests: 2,
			checkWaits: func(t *testing.T, w []time.Duration) {
				if len(w) != 1 || w[0] < 3*time.Second || w[0] > 5*time.Second {
					t.Errorf("waits = %v, want about 5s", w)
				}
			}},
		{name: "Retry-After capped", method: "GET", statuses: []int{503, 200}, retryAfter: "3600", wantRequests: 2,
			checkWaits: func(t *testing.T, w []time.Duration) {
				if len(w) != 1 || w[0] != 15*time.Second {
					t.Errorf("waits = %v, want [15s]", w)
				}
			}},
		{name: "GET gives up", method: "GET", statuses: []int{503, 503, 503, 503}, maxRetries: 2, wantRequests: 3, wantStatus: 503},
		{name: "GET no retries", method: "GET", statuses: []int{503, 200}, maxRetries: -1, wantRequests: 1, wantStatus: 503},
		{name: "GET 500 not retried", method: "GET", statuses: []int{500, 200}, wantRequests: 1, wantStatus: 500},
		{name: "GET 404 not retried", method: "GET", statuses: []int{404, 200}, wantRequests: 1, wantStatus: 404},
		{name: "POST 503 not retried", method: "POST", statuses: []int{503, 201}, wantRequests: 1, wantStatus: 503, wantAmbig: true},
		{name: "POST 500 not retried", method: "POST", statuses: []int{500, 201}, wantRequests: 1, wantStatus: 500, wantAmbig: true},
		{name: "POST 400 not ambiguous", method: "POST", statuses: []int{400, 201}, wantRequests: 1, wantStatus: 400},
		{name: "POST 429 retried", method: "POST", statuses: []int{429, 429, 201}, wantRequests: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				st := tt.statuses[min(s.Attempt, len(tt.statuses))-1]
				if st >= 300 {
					if tt.retryAfter != "" {
						w.Header().Set("Retry-After", tt.retryAfter)
					}
					writeJSON(w, st, map[string]any{"detail": fmt.Sprintf("status %d", st)})
					return
				}
				if st == 204 {
					w.WriteHeader(204)
					return
				}
				writeJSON(w, st, map[string]any{"id": "r1", "status": "CREATING"})
			})
			c, wt := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = tt.maxRetries })
			var err error
			switch tt.method {
			case "GET":
				_, err = c.GetRevision(bg, "d1", "r1")
			case "POST":
				err = rawPost(c)
			case "DELETE":
				err = c.DeleteDeployment(bg, "d1", DeleteDeploymentParams{})
			}
			if got := len(f.requests()); got != tt.wantRequests {
				t.Errorf("requests = %d, want %d", got, tt.wantRequests)
			}
			if got := StatusCode(err); got != tt.wantStatus || (tt.wantStatus == 0 && err != nil) {
				t.Fatalf("err = %v (status %d), want status %d", err, got, tt.wantStatus)
			}
			if got := errors.Is(err, ErrAmbiguous); got != tt.wantAmbig {
				t.Errorf("errors.Is(err, ErrAmbiguous) = %v, want %v (err %v)", got, tt.wantAmbig, err)
			}
			if tt.checkWaits != nil {
				tt.checkWaits(t, wt.all())
			}
		})
	}
}

func TestClient_connectionErrors(t *testing.T) {
	t.Run("GET retried after a dropped connection", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
			if s.Attempt == 1 {
				dropConnection(t, w)
				return
			}
			writeJSON(w, 200, deploymentJSON("d1", "app", "r1"))
		})
		c, _ := newTestClient(t, f)
		d, err := c.GetDeployment(bg, "d1")
		if err != nil || d.ID != "d1" {
			t.Fatalf("GetDeployment = %v, %v", d, err)
		}
		if n := f.count("GET", "/v2/deployments/d1"); n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
	t.Run("POST not retried after a dropped connection", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) { dropConnection(t, w) })
		c, _ := newTestClient(t, f)
		err := rawPost(c)
		if !errors.Is(err, ErrAmbiguous) {
			t.Fatalf("err = %v, want ErrAmbiguous", err)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
	t.Run("refused connection retried, POST included, and not ambiguous", func(t *testing.T) {
		var lc net.ListenConfig
		l, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		var mu sync.Mutex
		attempts := 0
		c, err := New(Config{BaseURL: "http://" + addr, APIKey: testAPIKey, MaxRetries: 2,
			Logger: func(_ context.Context, msg string, f map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				if _, ok := f["attempt"]; ok {
					attempts++
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		c.wait = (&waits{}).record
		err = rawPost(c)
		if err == nil || errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "giving up after 3 attempts") {
			t.Fatalf("err = %v, want a non-ambiguous error after 3 attempts", err)
		}
		if attempts != 3 {
			t.Errorf("attempts logged = %d, want 3", attempts)
		}
	})
}

func TestClient_contextCancellation(t *testing.T) {
	t.Run("cancel during backoff stops at once", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
			writeJSON(w, 503, map[string]any{"detail": "busy"})
		})
		c, _ := newTestClient(t, f)
		ctx, cancel := context.WithCancel(bg)
		defer cancel()
		c.wait = func(time.Duration) time.Duration {
			go func() { time.Sleep(20 * time.Millisecond); cancel() }()
			return time.Hour
		}
		start := time.Now()
		_, err := c.GetDeployment(ctx, "d1")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if !strings.HasPrefix(err.Error(), "GET /v2/deployments/d1: ") {
			t.Errorf("err = %q, want it to name the request", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
	t.Run("cancelled before the call", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) { writeJSON(w, 200, map[string]any{}) })
		c, _ := newTestClient(t, f)
		ctx, cancel := context.WithCancel(bg)
		cancel()
		_, err := c.CreateDeployment(ctx, &DeploymentCreateRequest{Name: "app"})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := len(f.requests()); n != 0 {
			t.Errorf("requests = %d, want 0", n)
		}
	})
	t.Run("deadline while the server is slow", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		c, _ := newTestClient(t, f)
		ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
		defer cancel()
		_, err := c.ListGithubIntegrations(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
}

func TestClient_loggerNeverSeesSecrets(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		switch {
		case r.Method == "GET" && s.Attempt == 1:
			writeJSON(w, 503, map[string]any{"detail": "key " + r.Header.Get("X-Api-Key")})
		case r.Method == "GET":
			writeJSON(w, 200, deploymentJSON("d1", "app", "r1"))
		default:
			writeJSON(w, 422, map[string]any{"detail": "echo " + r.Header.Get("X-Api-Key")})
		}
	})
	type entry struct {
		msg    string
		fields map[string]any
	}
	var logged []entry
	c, _ := newTestClient(t, f, func(cfg *Config) {
		cfg.Logger = func(_ context.Context, msg string, fields map[string]any) {
			logged = append(logged, entry{msg, fields})
		}
	})
	if _, err := c.GetDeployment(bg, "d1"); err != nil {
		t.Fatal(err)
	}
	_, _ = c.CreateDeployment(bg, &DeploymentCreateRequest{Name: "app", Secrets: []Secret{{Name: "TOKEN", Value: "hunter2"}}})
	if len(logged) != 3 {
		t.Fatalf("logged %d entries, want 3 (one per attempt): %v", len(logged), logged)
	}
	allowed := map[string]bool{"method": true, "path": true, "status": true, "attempt": true, "duration_ms": true, "error": true}
	wantStatus := []int{503, 200, 422}
	for i, e := range logged {
		for k, v := range e.fields {
			if !allowed[k] {
				t.Errorf("entry %d has field %q", i, k)
			}
			s := fmt.Sprint(v)
			for _, secret := range []string{testAPIKey, testTenantID, "hunter2", "TOKEN"} {
				if strings.Contains(s, secret) || strings.Contains(e.msg, secret) {
					t.Errorf("entry %d field %q leaks %q", i, k, secret)
				}
			}
		}
		if e.fields["status"] != wantStatus[i] {
			t.Errorf("entry %d status = %v, want %d", i, e.fields["status"], wantStatus[i])
		}
	}
	if logged[1].fields["attempt"] != 2 || logged[1].fields["path"] != "/v2/deployments/d1" || logged[1].fields["method"] != "GET" {
		t.Errorf("second entry = %v", logged[1].fields)
	}
}

func TestClient_redirects(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("X-Api-Key") != ""
		writeJSON(w, 200, []any{})
	}))
	defer other.Close()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		switch r.URL.Path {
		case "/v2/auth/providers":
			http.Redirect(w, r, other.URL+"/v2/auth/providers", http.StatusTemporaryRedirect)
		case "/old/v1/integrations/github/install":
			http.Redirect(w, r, "/v1/integrations/github/install", http.StatusMovedPermanently)
		default:
			writeJSON(w, 200, []any{map[string]any{"id": "i1", "installation_id": 7, "name": "acme"}})
		}
	})
	c, _ := newTestClient(t, f)
	_, err := c.ListOAuthProviders(bg)
	if StatusCode(err) != http.StatusTemporaryRedirect || leaked {
		t.Errorf("cross-host redirect: err = %v, key sent to other host: %v", err, leaked)
	}
	c2, _ := newTestClient(t, f, func(cfg *Config) { cfg.BaseURL = f.URL + "/old" })
	got, err := c2.ListGithubIntegrations(bg)
	if err != nil || len(got) != 1 || got[0].InstallationID != 7 {
		t.Errorf("same-host redirect: %v, %v", got, err)
	}
}

// rawPost sends one POST with the transport's rules for requests that are
// not idempotent, and no lookup after an ambiguous failure.
func rawPost(c *Client) error {
	r := &request{method: http.MethodPost, path: "/v2/deployments/d1/revisions", body: &RevisionCreateRequest{}, nonIdempotent: true}
	return c.send(bg, r)
}

// TestClient_errorKeepsTheRequestID: an error answer's request ID header
// reaches the APIError, for the diagnostic to quote.
func TestClient_errorKeepsTheRequestID(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		w.Header().Set("X-Request-Id", "req-42")
		writeJSON(w, 400, map[string]any{"detail": "bad"})
	})
	var logged []map[string]any
	c, _ := newTestClient(t, f, func(cfg *Config) {
		cfg.Logger = func(_ context.Context, _ string, fields map[string]any) { logged = append(logged, fields) }
	})
	_, err := c.ListOAuthProviders(bg)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RequestID != "req-42" {
		t.Fatalf("err = %#v, want an APIError with RequestID req-42", err)
	}
	if len(logged) != 1 || logged[0]["request_id"] != "req-42" {
		t.Errorf("log entries %v, want one with request_id req-42", logged)
	}
}
