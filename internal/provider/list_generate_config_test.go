package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// TestAccDeploymentList_generateConfigOut follows the adoption guide
// (examples/guides/adopt-with-query) through the real CLI, which
// terraform-plugin-testing's query steps cannot: `terraform query
// -generate-config-out=adopted.tf` over deployments, a listener and an OAuth
// provider made outside Terraform writes configuration that plans as pure
// imports, applies, and then plans empty. The resource objects a query with
// include_resource returns are exactly the state the import then stores.
func TestAccDeploymentList_generateConfigOut(t *testing.T) {
	requireCLI(t, "terraform query", "1.14.0", "")
	h := newCLIHarness(t)
	t.Parallel()
	c := apiClient(h.env)
	str := func(s string) *string { return &s }
	apiGithubDeployment(t, h.env, "support-agent", "main", "", langsmith.Secret{Name: "OPENAI_API_KEY", Value: "sk-adopt"},
		langsmith.Secret{Name: "LOG_LEVEL", Value: "info"})
	apiGithubDeployment(t, h.env, "triage-agent", "release", "dev")
	if _, err := c.CreateDeployment(t.Context(), &langsmith.DeploymentCreateRequest{
		Name: "image-agent", Source: langsmith.SourceExternalDocker,
		SourceConfig:         langsmith.SourceConfig{ResourceSpec: &langsmith.ResourceSpec{}, CustomURL: str("https://agent.example.com")},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{ImageURI: str("registry.example.com/agent:1.0.0")},
		Secrets:              []langsmith.Secret{{Name: "TOKEN", Value: "t-1"}},
	}); err != nil {
		t.Fatal(err)
	}
	apiListener(t, h.env, "prod-eu-1", []string{"agents"}) // after the image deployment, which would need it otherwise
	apiOAuthProvider(t, h.env, "github-app", "GitHub")

	guide := filepath.Join(acctest.RepoRoot(), "examples", "guides", "adopt-with-query")
	for _, name := range []string{"main.tf", "adopt.tfquery.hcl"} {
		b, err := os.ReadFile(filepath.Join(guide, name))
		if err != nil {
			t.Fatal(err)
		}
		h.write(name, string(b))
	}
	h.write("others.tfquery.hcl", listBlock("langsmith_listener", "all", "")+listBlock("langsmith_oauth_provider", "all", ""))
	h.cli.Env = []string{
		"LANGSMITH_API_KEY=" + acctest.APIKey,
		"LANGSMITH_WORKSPACE_ID=" + acctest.WorkspaceID,
		"LANGSMITH_CONTROL_PLANE_URL=" + h.env.URL,
	}

	// What each object would be in state, as include_resource reports it.
	h.write("full.tfquery.hcl", strings.ReplaceAll(
		listBlock("langsmith_deployment", "full", "")+listBlock("langsmith_listener", "full", "")+listBlock("langsmith_oauth_provider", "full", ""),
		"provider = langsmith", "provider = langsmith\n  include_resource = true"))
	results, errs := h.queryJSON([]int{0})
	if len(errs) > 0 {
		t.Fatalf("query errors: %v", errs)
	}
	listed := map[string]map[string]any{}
	for _, r := range results {
		if strings.HasSuffix(r.Address, ".full") {
			listed[fmt.Sprint(r.Resource["id"])] = r.Resource
		}
	}
	if len(listed) != 5 {
		t.Fatalf("want 5 resource objects from the include_resource query, got %d: %+v", len(listed), results)
	}
	if err := os.Remove(filepath.Join(h.cli.Dir, "full.tfquery.hcl")); err != nil {
		t.Fatal(err)
	}

	h.env.Mock.ResetCounts()
	h.run([]int{0}, "query", "-generate-config-out=adopted.tf")
	// Listing costs one call per list block: the configuration is generated
	// from the identities and the objects the list returned.
	if err := h.env.CheckCalls(map[string]int{routeList: 1, routeListListeners: 1, routeListProviders: 1}); err != nil {
		t.Error(err)
	}
	generated, err := os.ReadFile(filepath.Join(h.cli.Dir, "adopted.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "identity = {"); n != 5 {
		t.Errorf("want 5 import blocks by identity in adopted.tf, got %d:\n%s", n, generated)
	}
	for _, secret := range []string{"sk-adopt", "t-1", "s3cret-github-app"} {
		if strings.Contains(string(generated), secret) {
			t.Errorf("adopted.tf holds the secret %q:\n%s", secret, generated)
		}
	}

	h.expectPureImports(h.planJSON(), 5, "the plan of the generated configuration")
	if t.Failed() {
		t.Logf("adopted.tf:\n%s\n%s", generated, h.run([]int{0}, "show", "tfplan"))
	}
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	if out := h.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after adopting, want an empty plan, got:\n%s", out)
	}

	// The imported state is what include_resource listed.
	for id, values := range h.stateValues() {
		want, ok := listed[id]
		if !ok {
			t.Errorf("state holds %s, which the query did not list", id)
			continue
		}
		for k, v := range values {
			if k == "updated_at" {
				continue // the import's refresh reads the object again
			}
			if !reflect.DeepEqual(want[k], v) {
				t.Errorf("%s: %s is %#v in state after the import, %#v in the query's resource object", id, k, v, want[k])
			}
		}
	}
	// Every variable was kept: nothing in the adoption removed them.
	for _, d := range h.env.Mock.Deployments() {
		if secrets, _ := d["secrets"].([]any); d["name"] != "triage-agent" && len(secrets) == 0 {
			t.Errorf("deployment %v lost its variables", d["name"])
		}
	}
}

// stateValues returns the attribute values of every managed resource in
// state (`terraform show -json`), by ID (an OAuth provider's provider_id is
// not its ID: both index it).
func (h *cliHarness) stateValues() map[string]map[string]any {
	h.t.Helper()
	out := h.run([]int{0}, "show", "-json")
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Mode   string         `json:"mode"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &st); err != nil {
		h.t.Fatalf("reading the state: %v\n%s", err, out)
	}
	values := map[string]map[string]any{}
	for _, r := range st.Values.RootModule.Resources {
		if r.Mode == "managed" {
			values[fmt.Sprint(r.Values["id"])] = r.Values
		}
	}
	return values
}
