package apispec

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
)

const (
	depID = "0b5f4f3e-2a1c-4d6e-9f80-7a6b5c4d3e2f"
	revID = "1c6a5b4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"
	tenID = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
)

// TestMain also checks that the unit tests exercise every Deviation: a
// deviation nothing triggers is either dead or untested.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && !testing.Short() && len(flagRun()) == 0 {
		statsMu.Lock()
		for _, d := range Deviations {
			if excused[d.ID] == 0 {
				fmt.Fprintf(os.Stderr, "apispec: Deviation %q was not exercised by any test\n", d.ID)
				code = 1
			}
		}
		statsMu.Unlock()
	}
	os.Exit(code)
}

// flagRun returns the -test.run pattern (empty when every test runs).
func flagRun() string {
	if f := flag.Lookup("test.run"); f != nil {
		return f.Value.String()
	}
	return ""
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "X-Api-Key": {"lsv2_test"}, "X-Tenant-Id": {tenID}}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func createBody() map[string]any {
	return map[string]any{
		"name":   "my-agent",
		"source": "external_docker",
		"source_config": map[string]any{
			"resource_spec": map[string]any{},
		},
		"source_revision_config": map[string]any{"image_uri": "docker.io/acme/agent:1.0"},
		"secrets":                []any{map[string]any{"name": "OPENAI_API_KEY", "value": "sk-test"}},
	}
}

func deploymentBody() map[string]any {
	return map[string]any{
		"id":                     depID,
		"name":                   "my-agent",
		"source":                 "external_docker",
		"source_config":          map[string]any{"resource_spec": map[string]any{"min_scale": 1, "max_scale": 1, "cpu": 1, "memory_mb": 2048}, "listener_id": nil},
		"source_revision_config": map[string]any{"image_uri": "docker.io/acme/agent:1.0", "repo_ref": nil},
		"secrets":                []any{map[string]any{"name": "OPENAI_API_KEY", "value": "sk-test"}},
		"tenant_id":              tenID,
		"created_at":             "2026-08-01T12:00:00.123456Z",
		"updated_at":             "2026-08-01T12:00:00.123456Z",
		"status":                 "AWAITING_DATABASE",
		"latest_revision_id":     revID,
		"active_revision_id":     nil,
		"image_version":          nil,
		// Unknown and newer-than-the-document fields: allowed, the schema
		// does not forbid additional properties.
		"display_name":      nil,
		"x_mock_generation": 1,
	}
}

func createExchange(t *testing.T, req, resp map[string]any) Exchange {
	return Exchange{
		Method: "POST", Path: "/v2/deployments",
		RequestHeader: jsonHeader(), RequestBody: mustJSON(t, req),
		Status: 201, ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: mustJSON(t, resp),
	}
}

func messages(vs []Violation) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.String())
	}
	return strings.Join(out, "\n")
}

func findKind(vs []Violation, kind string) *Violation {
	for i := range vs {
		if vs[i].Kind == kind {
			return &vs[i]
		}
	}
	return nil
}

func TestDocumentLoads(t *testing.T) {
	ops := Operations()
	if len(ops) < 30 {
		t.Fatalf("only %d operations loaded: %v", len(ops), ops)
	}
	s, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if s.model.Info.Title != "LangSmith Deployment Control Plane API" || !strings.HasPrefix(s.model.Version, "3.1") {
		t.Errorf("unexpected document: %q openapi %q", s.model.Info.Title, s.model.Version)
	}
	if s.apiKey != "X-Api-Key" {
		t.Errorf("API key header from the document = %q", s.apiKey)
	}
}

func TestValidCreatePasses(t *testing.T) {
	if vs := Validate(createExchange(t, createBody(), deploymentBody())); len(vs) > 0 {
		t.Fatalf("valid create reported:\n%s", messages(vs))
	}
}

func TestCreateMissingSecretsFails(t *testing.T) {
	// The document lists secrets in DeploymentCreateRequest.required.
	req := createBody()
	delete(req, "secrets")
	vs := Validate(createExchange(t, req, deploymentBody()))
	v := findKind(vs, KindRequest)
	if v == nil || !strings.Contains(strings.Join(v.Messages, " "), "secrets") {
		t.Fatalf("want a request violation naming secrets, got:\n%s", messages(vs))
	}
	if v.Operation != "POST /v2/deployments" || v.Body == "" {
		t.Errorf("violation = %+v", *v)
	}
}

func TestWrongEnumFails(t *testing.T) {
	req := createBody()
	req["source"] = "gitlab"
	vs := Validate(createExchange(t, req, deploymentBody()))
	v := findKind(vs, KindRequest)
	if v == nil || !strings.Contains(strings.Join(v.Messages, " "), "source") {
		t.Fatalf("want a request violation on source, got:\n%s", messages(vs))
	}
	if findKind(vs, KindResponse) != nil {
		t.Errorf("the response is valid, got:\n%s", messages(vs))
	}
}

func TestResponseMissingRequiredFieldFails(t *testing.T) {
	resp := deploymentBody()
	delete(resp, "latest_revision_id") // required (nullable) in Deployment
	vs := Validate(createExchange(t, createBody(), resp))
	v := findKind(vs, KindResponse)
	if v == nil || !strings.Contains(strings.Join(v.Messages, " "), "latest_revision_id") {
		t.Fatalf("want a response violation on latest_revision_id, got:\n%s", messages(vs))
	}
	if v.Status != 201 || findKind(vs, KindRequest) != nil {
		t.Errorf("violations:\n%s", messages(vs))
	}
}

func TestResponseBadFormatFails(t *testing.T) {
	resp := deploymentBody()
	resp["id"] = "dep-1" // format: uuid
	vs := Validate(createExchange(t, createBody(), resp))
	if findKind(vs, KindResponse) == nil {
		t.Fatalf("want a response violation for a non-UUID id, got none")
	}
}

func TestUndocumentedStatusFails(t *testing.T) {
	ex := Exchange{Method: "GET", Path: "/v2/listeners", RequestHeader: jsonHeader(), Status: 418,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"detail":"teapot"}`)}
	if findKind(Validate(ex), KindResponse) == nil {
		t.Fatal("want a response violation for an undocumented status")
	}
}

func TestMissingAPIKeyFails(t *testing.T) {
	ex := Exchange{Method: "GET", Path: "/v2/deployments/" + depID, RequestHeader: http.Header{}}
	v := findKind(Validate(ex), KindRequest)
	if v == nil || !strings.Contains(strings.Join(v.Messages, " "), "X-Api-Key") {
		t.Fatalf("want a security violation, got %+v", v)
	}
}

func TestQueryParameterChecked(t *testing.T) {
	ex := Exchange{Method: "GET", Path: "/v2/deployments", RawQuery: "limit=500", RequestHeader: jsonHeader()}
	if findKind(Validate(ex), KindRequest) == nil {
		t.Fatal("limit=500 exceeds the documented maximum of 100")
	}
	ex.RawQuery = "limit=100&offset=0"
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("valid list reported:\n%s", messages(vs))
	}
}

func TestPathParameterChecked(t *testing.T) {
	ex := Exchange{Method: "GET", Path: "/v2/deployments/not-a-uuid", RequestHeader: jsonHeader()}
	if findKind(Validate(ex), KindRequest) == nil {
		t.Fatal("a non-UUID deployment_id must be a request violation")
	}
}

func TestExemptOperationSkipped(t *testing.T) {
	_, before := Stats()
	ex := Exchange{
		Method: "POST", Path: "/api-host/v2/deployments/" + depID + "/revisions",
		RequestHeader: jsonHeader(), RequestBody: []byte(`{"anything":"goes"}`),
		Status: 201, ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"id":"x"}`),
	}
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("exempt operation reported:\n%s", messages(vs))
	}
	if _, after := Stats(); after != before {
		t.Errorf("an exempt exchange must not count as validated (%d -> %d)", before, after)
	}
	// free-count would otherwise match GET /v2/deployments/{deployment_id}.
	ex = Exchange{Method: "GET", Path: "/v2/deployments/free-count", RequestHeader: jsonHeader(), Status: 200,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"count":1}`)}
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("exempt free-count reported:\n%s", messages(vs))
	}
}

func TestUnknownOperationFails(t *testing.T) {
	ex := Exchange{Method: "PUT", Path: "/v2/deployments/" + depID, RequestHeader: jsonHeader()}
	vs := Validate(ex)
	if len(vs) != 1 || !strings.Contains(vs[0].Messages[0], "not an operation") {
		t.Fatalf("want one 'not an operation' violation, got:\n%s", messages(vs))
	}
}

func TestAPIHostPrefixHandled(t *testing.T) {
	ex := createExchange(t, createBody(), deploymentBody())
	ex.Path = "/api-host/v2/deployments"
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("valid prefixed create reported:\n%s", messages(vs))
	}
	req := createBody()
	req["source"] = "gitlab"
	ex = createExchange(t, req, deploymentBody())
	ex.Path = "/api-host/v2/deployments"
	v := findKind(Validate(ex), KindRequest)
	if v == nil || v.Operation != "POST /v2/deployments" || v.Path != "/api-host/v2/deployments" {
		t.Fatalf("prefixed invalid create: %+v", v)
	}
}

func TestNoResponseValidatesRequestOnly(t *testing.T) {
	ex := createExchange(t, createBody(), nil)
	ex.Status, ex.ResponseBody, ex.ResponseHeader = 0, nil, nil
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("dropped connection reported:\n%s", messages(vs))
	}
}

// Exempt is for operations the document does not describe; an operation it
// does describe needs a narrow Deviation instead.
func TestExemptListsOnlyUndocumentedOperations(t *testing.T) {
	s, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for key, reason := range Exempt {
		method, tmpl, ok := strings.Cut(key, " ")
		if !ok || reason == "" {
			t.Errorf("Exempt[%q]: want \"METHOD /template\" and a reason", key)
			continue
		}
		for _, o := range s.ops {
			if o.method == method && o.template == tmpl {
				t.Errorf("Exempt[%q]: the document describes this operation", key)
			}
		}
	}
	for _, d := range Deviations {
		if d.ID == "" || d.Reason == "" || d.Rule == "" || len(d.Operations) == 0 || len(d.Kinds) == 0 || d.match == nil {
			t.Errorf("Deviation %q is incomplete", d.ID)
		}
		for _, op := range d.Operations {
			if op == AllOperations {
				continue
			}
			method, tmpl, _ := strings.Cut(op, " ")
			if _, found := s.match(method, tmpl); !found {
				t.Errorf("Deviation %q names %q, which is not in the document", d.ID, op)
			}
		}
	}
}

func errorExchange(method, path string, status int, body string) Exchange {
	return Exchange{Method: method, Path: path, RequestHeader: jsonHeader(), Status: status,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(body)}
}

func TestDeviationAuthErrors(t *testing.T) {
	ex := errorExchange("GET", "/v2/deployments/"+depID, 401, `{"detail":"Unauthorized"}`)
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("401 {detail} is a documented deviation (contract §2):\n%s", messages(vs))
	}
	// The deviation excuses the status, not the shape of the body.
	ex = errorExchange("GET", "/v2/deployments/"+depID, 403, `{"error":"forbidden"}`)
	v := findKind(Validate(ex), KindResponse)
	if v == nil || !strings.Contains(strings.Join(v.Messages, " "), "detail") {
		t.Fatalf("want a violation of the error shape, got %+v", v)
	}
	ex = errorExchange("GET", "/v2/deployments/"+depID, 401, `<html>401</html>`)
	ex.ResponseHeader.Set("Content-Type", "text/html")
	if findKind(Validate(ex), KindResponse) == nil {
		t.Fatal("an HTML 401 must be a violation")
	}
}

func TestDeviationsAreNarrow(t *testing.T) {
	// 409 is excused on create deployment only.
	ex := errorExchange("POST", "/v2/deployments", 409, `{"detail":"A deployment named 'x' already exists."}`)
	ex.RequestBody = mustJSON(t, createBody())
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("409 on create is a documented deviation:\n%s", messages(vs))
	}
	ex = errorExchange("PATCH", "/v2/deployments/"+depID, 409, `{"detail":"conflict"}`)
	ex.RequestBody = []byte(`{}`)
	if findKind(Validate(ex), KindResponse) == nil {
		t.Fatal("409 on PATCH deployment is not documented anywhere")
	}
	// 404 is excused on the auth provider routes, not on the list.
	if vs := Validate(errorExchange("GET", "/v2/auth/providers/acme", 404, `{"detail":"Provider acme not found."}`)); len(vs) > 0 {
		t.Fatalf("404 on an auth provider is a documented deviation:\n%s", messages(vs))
	}
	if findKind(Validate(errorExchange("GET", "/v2/auth/providers", 404, `{"detail":"Not Found"}`)), KindResponse) == nil {
		t.Fatal("404 on the provider list is not excused")
	}
	// A documented status is validated normally: a 422 must be an HTTPValidationError.
	if findKind(Validate(errorExchange("GET", "/v2/listeners", 422, `{"detail":[{"msg":"x"}]}`)), KindResponse) == nil {
		t.Fatal("a 422 without loc/type must be a violation")
	}
}

func TestScriptedFaultValidatesRequestOnly(t *testing.T) {
	ex := errorExchange("GET", "/v2/deployments/"+depID, 503, `<html>503</html>`)
	ex.Fault = true
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("a scripted fault response is not validated:\n%s", messages(vs))
	}
	ex.Path = "/v2/deployments/not-a-uuid"
	if findKind(Validate(ex), KindRequest) == nil {
		t.Fatal("the request of a faulted exchange is still validated")
	}
}

func TestDeviationS3EnumValues(t *testing.T) {
	req := createBody()
	req["source"] = "internal_template"
	req["source_config"] = map[string]any{"deployment_type": "dev_zero", "template_id": "deep-research"}
	resp := deploymentBody()
	resp["source"] = "internal_template"
	resp["status"] = "AWAITING_FINAL_DELETE"
	resp["source_config"] = map[string]any{"deployment_type": "dev_free_zero"}
	if vs := Validate(createExchange(t, req, resp)); len(vs) > 0 {
		t.Fatalf("S3 enum values (contract §3.4) reported:\n%s", messages(vs))
	}
	list := Exchange{Method: "GET", Path: "/v2/deployments", RawQuery: "deployment_type=dev_zero", RequestHeader: jsonHeader(), Status: 200,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: mustJSON(t, map[string]any{"resources": []any{resp, resp}, "offset": 2})}
	if vs := Validate(list); len(vs) > 0 {
		t.Fatalf("S3 enum values in a list reported:\n%s", messages(vs))
	}
	patch := Exchange{Method: "PATCH", Path: "/v2/deployments/" + depID, RequestHeader: jsonHeader(),
		RequestBody: []byte(`{"source_config":{"deployment_type":"dev_zero"}}`)}
	if vs := Validate(patch); len(vs) > 0 {
		t.Fatalf("S3 deployment_type in PATCH reported:\n%s", messages(vs))
	}

	// Only the listed values, only at the listed fields.
	resp["status"] = "AWAITING_SOMETHING"
	if findKind(Validate(createExchange(t, createBody(), resp)), KindResponse) == nil {
		t.Fatal("an unlisted status value must be a violation")
	}
	patch.RequestBody = []byte(`{"source_config":{"deployment_type":"serverless"}}`)
	v := findKind(Validate(patch), KindRequest)
	if v == nil {
		t.Fatal("deployment_type serverless is in no published enum (contract §12)")
	}
	if len(v.Messages) != 1 || !strings.Contains(v.Messages[0], "deployment_type") {
		t.Errorf("want exactly the enum message (null-branch noise pruned), got %q", v.Messages)
	}
	patch.RequestBody = []byte(`{"revision_source":"internal_template"}`)
	if findKind(Validate(patch), KindRequest) == nil {
		t.Fatal("revision_source has no internal_template, even in S3")
	}
	prov := Exchange{Method: "POST", Path: "/v2/auth/providers", RequestHeader: jsonHeader(), RequestBody: mustJSON(t, map[string]any{
		"provider_id": "xcom", "name": "X", "client_id": "c", "client_secret": "s",
		"auth_url": "https://x.com/i/oauth2/authorize", "token_url": "https://api.x.com/2/oauth2/token", "provider_type": "x",
	})}
	if vs := Validate(prov); len(vs) > 0 {
		t.Fatalf("provider_type x reported:\n%s", messages(vs))
	}
	prov.RequestBody = []byte(`{"provider_id":"m","name":"M","client_id":"c","auth_url":"a","token_url":"t","provider_type":"mastodon"}`)
	if findKind(Validate(prov), KindRequest) == nil {
		t.Fatal("provider_type mastodon is in no enum")
	}
}

func TestDeviationDeleteForce400(t *testing.T) {
	ex := errorExchange("DELETE", "/v2/deployments/"+depID, 400, `{"detail":"cannot be force deleted"}`)
	ex.RawQuery = "force=true"
	if vs := Validate(ex); len(vs) > 0 {
		t.Fatalf("400 on force delete is documented (contract §5.5):\n%s", messages(vs))
	}
	ex.RawQuery = ""
	if findKind(Validate(ex), KindResponse) == nil {
		t.Fatal("400 on a plain delete is not documented")
	}
}

func TestLookup(t *testing.T) {
	body := []byte(`{"a":{"b":[{"c":"x"},{"c":"y"}]},"d":[1]}`)
	for path, want := range map[string]any{"$.a.b[1].c": "y", "$.a.b[0].c": "x", "$.d[0]": 1.0} {
		if got, ok := lookup(body, path); !ok || got != want {
			t.Errorf("lookup(%s) = %v, %v", path, got, ok)
		}
	}
	if _, ok := lookup(body, "$.a.b[2].c"); ok {
		t.Error("out of range must not be found")
	}
}

// The mock reports exchanges from its handler goroutines, for many parallel
// tests at once.
func TestValidateConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if vs := Validate(createExchange(t, createBody(), deploymentBody())); len(vs) > 0 {
				t.Errorf("valid create reported:\n%s", messages(vs))
			}
		}()
	}
	wg.Wait()
}
