package langsmith

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestNewAPIError(t *testing.T) {
	longHTML := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("x", 1000) + "</body></html>"
	tests := []struct {
		name        string
		method      string
		path        string
		status      int
		contentType string
		body        string
		wantDetail  string
		wantValid   int
		wantBody    string
		wantError   string
	}{
		{
			name: "string detail", method: "GET", path: "/v2/deployments/d1", status: 404,
			contentType: "application/json", body: `{"detail":"Deployment ID d1 not found."}`,
			wantDetail: "Deployment ID d1 not found.",
			wantError:  "GET /v2/deployments/d1: HTTP 404: Deployment ID d1 not found.",
		},
		{
			name: "422 list with nested loc", method: "PATCH", path: "/v2/deployments/d1", status: 422,
			contentType: "application/json",
			body: `{"detail":[{"loc":["body","display_name"],"msg":"String should have at least 1 character","type":"string_too_short","input":"","ctx":{"min_length":1}},` +
				`{"loc":["body","source_config","integration_id"],"msg":"Input should be a valid UUID","type":"uuid_parsing"},` +
				`{"loc":["body","secrets",0,"name"],"msg":"Field required","type":"missing"}]}`,
			wantDetail: "body.display_name: String should have at least 1 character (string_too_short); " +
				"body.source_config.integration_id: Input should be a valid UUID (uuid_parsing); body.secrets.0.name: Field required (missing)",
			wantValid: 3,
			wantError: "PATCH /v2/deployments/d1: HTTP 422: body.display_name: String should have at least 1 character (string_too_short); ",
		},
		{
			name: "422 entry without msg", method: "GET", path: "/v2/listeners/x", status: 422,
			body:       `{"detail":[{"type":"uuid_parsing","loc":["path","listener_id"]}]}`,
			wantDetail: "path.listener_id: uuid_parsing", wantValid: 1,
			wantError: "GET /v2/listeners/x: HTTP 422: path.listener_id: uuid_parsing",
		},
		{
			name: "422 string detail from a mock", method: "PATCH", path: "/v2/deployments/d1", status: 422,
			body:       `{"detail":"display_name must be at least 1 character"}`,
			wantDetail: "display_name must be at least 1 character",
			wantError:  "PATCH /v2/deployments/d1: HTTP 422: display_name must be at least 1 character",
		},
		{
			name: "object detail", method: "POST", path: "/v2/deployments", status: 400,
			contentType: "application/json", body: `{"detail": {"code": "bad_source", "fields": ["repo_url"]}}`,
			wantDetail: `{"code":"bad_source","fields":["repo_url"]}`,
			wantError:  `POST /v2/deployments: HTTP 400: {"code":"bad_source","fields":["repo_url"]}`,
		},
		{
			name: "list of strings detail", status: 400, body: `{"detail":["a","b"]}`,
			wantDetail: `["a","b"]`, wantError: `HTTP 400: ["a","b"]`,
		},
		{
			name: "no detail key", method: "GET", path: "/v2/deployments", status: 401, body: `{"message":"Unauthorized"}`,
			wantDetail: `{"message":"Unauthorized"}`, wantError: `GET /v2/deployments: HTTP 401: {"message":"Unauthorized"}`,
		},
		{
			name: "null detail", status: 500, body: `{"detail":null}`,
			wantDetail: `{"detail":null}`, wantError: `HTTP 500: {"detail":null}`,
		},
		{
			name: "HTML from a proxy", method: "GET", path: "/v2/deployments", status: 502,
			contentType: "text/html; charset=utf-8", body: longHTML,
			wantBody:  longHTML[:300] + "...",
			wantError: "GET /v2/deployments: HTTP 502: non-JSON response (text/html): <html><head><title>502 Bad Gateway</title>",
		},
		{
			name: "plain text", method: "DELETE", path: "/v2/listeners/l1", status: 405,
			contentType: "text/plain", body: "Method\nNot   Allowed\n",
			wantBody:  "Method\nNot   Allowed",
			wantError: "DELETE /v2/listeners/l1: HTTP 405: non-JSON response (text/plain): Method Not Allowed",
		},
		{
			name: "empty body", method: "DELETE", path: "/v2/deployments/d1", status: 503,
			wantError: "DELETE /v2/deployments/d1: HTTP 503: empty response body",
		},
		{
			name: "whitespace body", method: "GET", path: "/x", status: 500, body: " \n ",
			wantError: "GET /x: HTTP 500: empty response body",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newAPIError(tt.method, tt.path, tt.status, tt.contentType, []byte(tt.body))
			if e.StatusCode != tt.status || e.Method != tt.method || e.Path != tt.path {
				t.Errorf("got status %d %s %s", e.StatusCode, e.Method, e.Path)
			}
			if e.Detail != tt.wantDetail {
				t.Errorf("Detail = %q\nwant     %q", e.Detail, tt.wantDetail)
			}
			if len(e.Validation) != tt.wantValid {
				t.Errorf("len(Validation) = %d, want %d", len(e.Validation), tt.wantValid)
			}
			if e.Body != tt.wantBody {
				t.Errorf("Body = %q, want %q", e.Body, tt.wantBody)
			}
			if !strings.HasPrefix(e.Error(), tt.wantError) {
				t.Errorf("Error() = %q\nwant prefix %q", e.Error(), tt.wantError)
			}
		})
	}
}

func TestNewAPIError_validationFields(t *testing.T) {
	e := newAPIError("POST", "/v2/deployments", 422, "application/json",
		[]byte(`{"detail":[{"loc":["body","secrets",1,"value"],"msg":"Field required","type":"missing","input":{"name":"A"}}]}`))
	if len(e.Validation) != 1 {
		t.Fatalf("Validation = %v", e.Validation)
	}
	v := e.Validation[0]
	if v.Field() != "body.secrets.1.value" || v.Msg != "Field required" || v.Type != "missing" {
		t.Errorf("entry = %+v, field %q", v, v.Field())
	}
	if in, ok := v.Input.(map[string]any); !ok || in["name"] != "A" {
		t.Errorf("Input = %#v", v.Input)
	}
}

func TestAPIError_fromServer(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<h1>Forbidden</h1>")
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetListener(bg, "l1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if apiErr.StatusCode != 403 || apiErr.Path != "/v2/listeners/l1" || apiErr.ContentType != "text/html" || apiErr.Body != "<h1>Forbidden</h1>" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if want := "GET /v2/listeners/l1: HTTP 403: non-JSON response (text/html): <h1>Forbidden</h1>"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestErrorPredicates(t *testing.T) {
	notFound := &APIError{StatusCode: 404, Method: "GET", Path: "/v2/deployments/d1"}
	conflict := &APIError{StatusCode: 409}
	tests := []struct {
		name         string
		err          error
		wantNotFound bool
		wantConflict bool
		wantStatus   int
	}{
		{name: "nil", err: nil},
		{name: "plain error", err: errors.New("boom")},
		{name: "404", err: notFound, wantNotFound: true, wantStatus: 404},
		{name: "wrapped 404", err: fmt.Errorf("reading deployment: %w", notFound), wantNotFound: true, wantStatus: 404},
		{name: "twice wrapped 409", err: fmt.Errorf("a: %w", fmt.Errorf("b: %w", conflict)), wantConflict: true, wantStatus: 409},
		{name: "joined 409", err: errors.Join(errors.New("x"), conflict), wantConflict: true, wantStatus: 409},
		{name: "ambiguous 503", err: fmt.Errorf("%w: %w", ErrAmbiguous, &APIError{StatusCode: 503}), wantStatus: 503},
		{name: "not wrapped", err: fmt.Errorf("reading: %v", notFound)}, //nolint:errorlint // deliberately not wrapped: the predicates must not see through %v
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.wantNotFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsConflict(tt.err); got != tt.wantConflict {
				t.Errorf("IsConflict = %v", got)
			}
			if got := StatusCode(tt.err); got != tt.wantStatus {
				t.Errorf("StatusCode = %d", got)
			}
		})
	}
}

func TestDecode_malformed2xx(t *testing.T) {
	long := `{"id": "d1", "name": "` + strings.Repeat("n", 500)
	tests := []struct {
		name     string
		body     string
		want     []string
		dontWant []string
	}{
		{name: "truncated JSON", body: long,
			want:     []string{"GET /v2/deployments/d1: ", "not valid JSON", `{\"id\": \"d1\"`},
			dontWant: []string{strings.Repeat("n", 200), testAPIKey}},
		{name: "HTML on 200", body: "<html>maintenance</html>", want: []string{"not valid JSON", "<html>maintenance</html>"}},
		{name: "wrong shape", body: `{"id": 42}`, want: []string{"GET /v2/deployments/d1: ", "expected shape", `{\"id\": 42}`}},
		{name: "empty", body: "", want: []string{"GET /v2/deployments/d1: empty response body"}},
		{name: "bad timestamp", body: `{"id":"d1","created_at":"yesterday"}`, want: []string{"expected shape", `"yesterday"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tt.body)
			})
			c, _ := newTestClient(t, f)
			_, err := c.GetDeployment(bg, "d1")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(err.Error(), w) {
					t.Errorf("error %q contains %q", err, w)
				}
			}
			if StatusCode(err) != 0 || errors.Is(err, ErrAmbiguous) {
				t.Errorf("a GET decode error is neither an APIError nor ambiguous: %v", err)
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("requests = %d, want 1", n)
			}
		})
	}
}

func TestDecode_emptyBodyWithoutOut(t *testing.T) {
	for _, status := range []int{200, 204} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, s seen) { w.WriteHeader(status) })
		c, _ := newTestClient(t, f)
		if err := c.DeleteOAuthProvider(bg, "slack"); err != nil {
			t.Errorf("status %d: %v", status, err)
		}
	}
}

func FuzzDecodeError(f *testing.F) {
	f.Add(422, "application/json", []byte(`{"detail":[{"loc":["body","x",0],"msg":"m","type":"t"}]}`))
	f.Add(404, "application/json", []byte(`{"detail":"Deployment ID x not found."}`))
	f.Add(400, "application/json", []byte(`{"detail":{"a":[1,2,{"b":null}]}}`))
	f.Add(502, "text/html; charset=utf-8", []byte("<html>\xff\xfe bad gateway</html>"))
	f.Add(500, "", []byte(""))
	f.Add(0, ";;;", []byte(`{"detail":[{"loc":[[],{},null,1e309]}]}`))
	f.Add(-1, "application/json", []byte(`{"detail":[null, 1, "x"]}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		e := newAPIError("POST", "/v2/deployments", status, contentType, body)
		if e.Error() == "" {
			t.Fatal("empty Error()")
		}
		if len(e.Body) > maxErrorSnippet+3 {
			t.Fatalf("Body is %d bytes", len(e.Body))
		}
		if e.Body == "" && e.Detail == "" && len(strings.TrimSpace(string(body))) > 0 && json.Valid(body) {
			t.Fatalf("valid JSON body %q produced no detail", body)
		}
	})
}

// TestRequestID: the application's own request ID wins over a proxy's; a
// response without one leaves the field empty.
func TestRequestID(t *testing.T) {
	for _, tt := range []struct {
		header map[string]string
		want   string
	}{
		{map[string]string{"X-Request-Id": "abc", "CF-Ray": "ray-1"}, "abc"},
		{map[string]string{"X-Amzn-Trace-Id": "Root=1-2", "CF-Ray": "ray-1"}, "Root=1-2"},
		{map[string]string{"Cf-Ray": " ray-2 "}, "ray-2"},
		{map[string]string{"Content-Type": "application/json"}, ""},
	} {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if got := requestID(h); got != tt.want {
			t.Errorf("requestID(%v) = %q, want %q", tt.header, got, tt.want)
		}
	}
}
