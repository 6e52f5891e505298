package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// expectCallsSoFar is a plan check comparing the mock's counters with want.
// With counters reset in PreConfig, it pins the calls of the plan, which is
// where data sources are read.
type expectCallsSoFar struct {
	env  *acctest.Env
	want map[string]int
}

func (e expectCallsSoFar) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = e.env.CheckCalls(e.want)
}

// apiGithubDeployment creates a github deployment through the API, outside
// Terraform, and returns it.
func apiGithubDeployment(t *testing.T, env *acctest.Env, name, repoRef, deploymentType string, secrets ...langsmith.Secret) *langsmith.Deployment {
	t.Helper()
	str := func(s string) *string { return &s }
	sc := langsmith.SourceConfig{IntegrationID: str(acctest.IntegrationID), RepoURL: str("https://github.com/acme/support-agent")}
	if deploymentType != "" {
		sc.DeploymentType = str(deploymentType)
	}
	dep, err := apiClient(env).CreateDeployment(context.Background(), &langsmith.DeploymentCreateRequest{
		Name: name, Source: langsmith.SourceGithub, SourceConfig: sc, Secrets: secrets,
		SourceRevisionConfig: langsmith.SourceRevisionConfig{RepoRef: str(repoRef), LanggraphConfigPath: str("langgraph.json")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dep
}

// noValueInState fails when any attribute of any data source holds s.
func noValueInState(s string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for addr, rs := range st.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, s) {
					return fmt.Errorf("%s.%s exposes a secret value", addr, k)
				}
			}
		}
		return nil
	}
}

func TestAccDeploymentDataSource_byIDAndName(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	dep := apiGithubDeployment(t, env, "lookup-agent", "main", "",
		langsmith.Secret{Name: "OPENAI_API_KEY", Value: "sk-never-in-state"}, langsmith.Secret{Name: "LOG_LEVEL", Value: "info"})
	apiGithubDeployment(t, env, "lookup-agent-2", "main", "")
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment" "by_id" {
  id = %q
}
data "langsmith_deployment" "by_name" {
  name = "lookup-agent"
}
`, dep.ID))
	byID, byName := "data.langsmith_deployment.by_id", "data.langsmith_deployment.by_name"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// by id: one GET; by name: one list (exact name filter).
				expectCallsSoFar{env, map[string]int{routeGet: 1, routeList: 1}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("name"), knownvalue.StringExact("lookup-agent")),
				statecheck.ExpectKnownValue(byName, tfjsonpath.New("id"), knownvalue.StringExact(dep.ID)),
				statecheck.CompareValuePairs(byID, tfjsonpath.New("latest_revision_id"), byName, tfjsonpath.New("latest_revision_id"), compareSame{}),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source"), knownvalue.StringExact("github")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("workspace_id"), knownvalue.StringExact(acctest.WorkspaceID)),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("secret_names"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("LOG_LEVEL"), knownvalue.StringExact("OPENAI_API_KEY")})),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_config").AtMapKey("integration_id"), knownvalue.StringExact(acctest.IntegrationID)),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_config").AtMapKey("deployment_type"), knownvalue.StringExact("prod")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_config").AtMapKey("repo_branch"), knownvalue.StringExact("main")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("refs/heads/main")),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_revision_config").AtMapKey("repo_commit_sha"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{40}$`))),
				// For github the data source reports the image the API built.
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_revision_config").AtMapKey("image_uri"), knownvalue.StringRegexp(regexp.MustCompile(`lookup-agent:`))),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("secret_references"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(byID, tfjsonpath.New("url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://lookup-agent-`))),
			},
			Check: noValueInState("sk-never-in-state"),
		}},
	})
}

func TestAccDeploymentDataSource_errors(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	apiGithubDeployment(t, env, "present-agent", "main", "")
	env.Mock.ResetCounts() // count the test's calls, not the arranging
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: config(env, "data \"langsmith_deployment\" \"x\" {\n"+body+"\n}\n"), ExpectError: looseRE(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`name = "present"`, `No deployment named "present" exists in workspace `+acctest.WorkspaceID+`. Names are exact`),
			step(`id = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10"`, `No deployment with ID 0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10 exists in workspace`),
			step(``, `Exactly one of these attributes must be configured: [id,name]`),
			step("id = \"0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10\"\nname = \"present-agent\"", `Invalid Attribute Combination`),
			step(`id = "present-agent"`, `id must be a UUID`),
			step(`name = "Present_Agent"`, `must contain only lowercase letters, digits and dashes`),
			// Two lookups reached the API; the rest failed validation first.
			afterDestroyStep(env, map[string]int{routeList: 1, routeGet: 1}),
		},
	})
}

// TestAccDeploymentDataSource_severalMatches runs against a server that
// lists a deployment being deleted next to its same-name successor (as a
// server that lists soft-deleted deployments would): the lookup by name
// refuses to pick one.
func TestAccDeploymentDataSource_severalMatches(t *testing.T) {
	m := mockapi.New(mockapi.Options{APIKey: acctest.APIKey, TenantID: acctest.WorkspaceID})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/v2/deployments" {
			m.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r)
		var page map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &page)
		items, _ := page["resources"].([]any)
		for _, it := range items {
			if d, ok := it.(map[string]any); ok {
				ghost := map[string]any{}
				for k, v := range d {
					ghost[k] = v
				}
				ghost["id"], ghost["status"] = "5c8a3f7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f", "AWAITING_DELETE"
				items = append(items, ghost)
				break
			}
		}
		page["resources"] = items
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	env := &acctest.Env{Mock: m, URL: srv.URL}
	dep := apiGithubDeployment(t, env, "twin-agent", "main", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config(env, `data "langsmith_deployment" "x" { name = "twin-agent" }`),
			ExpectError: looseRE(`2 deployments are named "twin-agent" in workspace ` + acctest.WorkspaceID + `: ` + dep.ID +
				` (READY), 5c8a3f7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f (AWAITING_DELETE). A deployment that is being deleted keeps its name for a while. Look the deployment up by id instead.`),
		}},
	})
}

// TestAccDeploymentDataSource_settings: looked up by id or by name, a
// deployment reports the tiers set through the tier endpoints (compute set
// apart, database following a dedicated deployment_tier, none for a
// serverless one) and shareable and route_through_gateway as created.
func TestAccDeploymentDataSource_settings(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	f := apiSettingsFixture(t, env)
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment" "alpha" {
  id = %q
}
data "langsmith_deployment" "beta" {
  name = "beta"
}
data "langsmith_deployment" "gamma" {
  name = "gamma"
}
`, f.alpha.ID))
	var checks []statecheck.StateCheck
	checks = append(checks, settingsAre("data.langsmith_deployment.alpha", tfjsonpath.New, "DEDICATED_M", "DEDICATED_L", "DEDICATED_M", true, true, false, false)...)
	checks = append(checks, settingsAre("data.langsmith_deployment.beta", tfjsonpath.New, "SERVERLESS_S", "SERVERLESS_S", "", false, false, false, false)...)
	checks = append(checks, settingsAre("data.langsmith_deployment.gamma", tfjsonpath.New, "", "", "", false, false, false, false)...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.langsmith_deployment.beta", tfjsonpath.New("id"), knownvalue.StringExact(f.beta.ID)),
		statecheck.ExpectKnownValue("data.langsmith_deployment.alpha", tfjsonpath.New("url"), knownvalue.StringExact(f.alphaURL)),
		statecheck.ExpectKnownValue("data.langsmith_deployment.alpha", tfjsonpath.New("tracer_session_id"), knownvalue.StringRegexp(uuidRE)),
		statecheck.ExpectKnownValue("data.langsmith_deployment.alpha", tfjsonpath.New("image_version"), knownvalue.StringExact("0.4.12")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}},
	})
}

// TestAccDeploymentDataSource_previewFlags runs against a server that
// reports deployments as preview builds and managed deep agents (the mock
// never does): both data sources carry the API's true.
func TestAccDeploymentDataSource_previewFlags(t *testing.T) {
	base := acctest.NewEnv(t, mockapi.Options{})
	dep := apiGithubDeployment(t, base, "preview-agent", "main", "")
	env := serverRewrite(t, base, nil, func(d map[string]any) {
		d["is_preview"], d["is_managed_deep_agent"] = true, true
	})
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployment" "x" {
  id = %q
}
data "langsmith_deployments" "x" {}
`, dep.ID))
	var checks []statecheck.StateCheck
	checks = append(checks, settingsAre("data.langsmith_deployment.x", tfjsonpath.New, "", "", "", false, false, true, true)...)
	checks = append(checks, settingsAre("data.langsmith_deployments.x", listed(0), "", "", "", false, false, true, true)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}},
	})
}
