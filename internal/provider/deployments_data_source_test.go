package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccDeploymentsDataSource_paginationAndFilters lists 103 deployments
// (two pages of at most 100) and each filter on its own.
func TestAccDeploymentsDataSource_paginationAndFilters(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	for i := range 100 {
		apiGithubDeployment(t, env, fmt.Sprintf("page-%03d", i), "main", "")
	}
	otherA := apiGithubDeployment(t, env, "other-a", "main", "dev")
	otherB := apiGithubDeployment(t, env, "other-b", "fail-build", "") // never deployed: AWAITING_DATABASE, no image_version
	otherC := apiGithubDeployment(t, env, "other-c", "main", "")
	cfg := config(env, `
data "langsmith_deployments" "all" {}
data "langsmith_deployments" "other" {
  name_contains = "other"
}
data "langsmith_deployments" "dev" {
  deployment_type = "dev"
}
data "langsmith_deployments" "waiting" {
  status = "AWAITING_DATABASE"
}
data "langsmith_deployments" "versioned_other" {
  name_contains = "other"
  image_version = "0.4.12"
}
`)
	ids := func(addr string, want ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, 0, len(want))
		for _, id := range want {
			checks = append(checks, knownvalue.StringExact(id))
		}
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// all: 2 pages; each filtered list: 1 page.
				expectCallsSoFar{env, map[string]int{routeList: 2 + 4}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.langsmith_deployments.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(103)),
				statecheck.ExpectKnownValue("data.langsmith_deployments.all", tfjsonpath.New("deployments"), knownvalue.ListSizeExact(103)),
				// Newest first.
				statecheck.ExpectKnownValue("data.langsmith_deployments.all", tfjsonpath.New("deployments").AtSliceIndex(102).AtMapKey("name"), knownvalue.StringExact("page-000")),
				ids("data.langsmith_deployments.other", otherC.ID, otherB.ID, otherA.ID),
				ids("data.langsmith_deployments.dev", otherA.ID),
				ids("data.langsmith_deployments.waiting", otherB.ID),
				ids("data.langsmith_deployments.versioned_other", otherC.ID, otherA.ID),
				statecheck.ExpectKnownValue("data.langsmith_deployments.dev", tfjsonpath.New("deployments").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                 knownvalue.StringExact(otherA.ID),
					"name":               knownvalue.StringExact("other-a"),
					"source":             knownvalue.StringExact("github"),
					"status":             knownvalue.StringExact("READY"),
					"display_name":       knownvalue.Null(),
					"url":                knownvalue.StringRegexp(regexp.MustCompile(`^https://other-a-`)),
					"latest_revision_id": knownvalue.StringExact(*otherA.LatestRevisionID),
					"active_revision_id": knownvalue.StringExact(*otherA.LatestRevisionID),
					"created_at":         knownvalue.NotNull(),
					"updated_at":         knownvalue.NotNull(),
					"deployment_type":    knownvalue.StringExact("dev"),
					// Set neither at create nor since.
					"deployment_tier":       knownvalue.Null(),
					"compute_tier":          knownvalue.Null(),
					"database_tier":         knownvalue.Null(),
					"shareable":             knownvalue.Bool(false),
					"route_through_gateway": knownvalue.Bool(false),
					"is_preview":            knownvalue.Bool(false),
					"is_managed_deep_agent": knownvalue.Bool(false),
				})),
				statecheck.ExpectKnownValue("data.langsmith_deployments.waiting", tfjsonpath.New("deployments").AtSliceIndex(0).AtMapKey("active_revision_id"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccDeploymentsDataSource_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	steps := []resource.TestStep{}
	for body, want := range map[string]string{
		`status = "RUNNING"`:        `status value must be one of: ["AWAITING_DATABASE" "READY" "UNUSED" "AWAITING_DELETE" "AWAITING_FINAL_DELETE" "UNKNOWN"]`,
		`deployment_type = "large"`: `deployment_type value must be one of: ["dev_free" "dev" "prod" "dev_zero" "dev_free_zero"]`,
		`name_contains = ""`:        `name_contains string length must be at least 1`,
		`deployment_ids = ["nope"]`: `deployment_ids[0] must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "nope"`,
		`deployment_ids = []`:       `deployment_ids list must contain at least 1 elements`,
		`tag_value_ids = ["0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10", "team-a"]`: `tag_value_ids[1] must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "team-a"`,
		`name = "Support_Agent"`:            `name must contain only lowercase letters, digits and dashes`,
		`url = "support-agent.example.com"`: `url must be an absolute http(s) URL`,
	} {
		steps = append(steps, resource.TestStep{
			Config: config(env, "data \"langsmith_deployments\" \"x\" {\n"+body+"\n}\n"), PlanOnly: true, ExpectError: looseRE(want),
		})
	}
	// Every mistake was caught before any API call.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

// Tag values of the settings fixture (the mock's TagDeployment).
const (
	tagTeamA = "3b1f6c2d-8e4a-4f5b-9c6d-7e8f9a0b1c2d"
	tagProd  = "4c2a7d3e-9f5b-4a6c-8d7e-8f9a0b1c2d3e"
)

// settingsFixture is four deployments made through the API, oldest first:
// alpha (shareable, through the gateway, tiers DEDICATED_M with compute
// DEDICATED_L, tagged team-a and prod), alpha-two (tagged team-a), beta
// (dev_zero, SERVERLESS_S) and gamma (nothing set).
type settingsFixture struct {
	alpha, alphaTwo, beta, gamma *langsmith.Deployment
	alphaURL                     string
}

func apiSettingsFixture(t *testing.T, env *acctest.Env) settingsFixture {
	t.Helper()
	str := func(s string) *string { return &s }
	create := func(name, deploymentType string, flags bool) *langsmith.Deployment {
		req := &langsmith.DeploymentCreateRequest{
			Name: name, Source: langsmith.SourceGithub,
			SourceConfig:         langsmith.SourceConfig{IntegrationID: str(acctest.IntegrationID), RepoURL: str("https://github.com/acme/support-agent"), DeploymentType: str(deploymentType)},
			SourceRevisionConfig: langsmith.SourceRevisionConfig{RepoRef: str("main"), LanggraphConfigPath: str("langgraph.json")},
		}
		if flags {
			yes := true
			req.Shareable, req.RouteThroughGateway = &yes, &yes
		}
		dep, err := apiClient(env).CreateDeployment(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return dep
	}
	patch := func(id, route string, body map[string]any) {
		if status, out := callAPI(t, env, "PATCH", "/v2/deployments/"+id+"/"+route, body); status != http.StatusOK {
			t.Fatalf("PATCH %s: %d %v", route, status, out)
		}
	}
	f := settingsFixture{
		alpha: create("alpha", "prod", true), alphaTwo: create("alpha-two", "prod", false),
		beta: create("beta", "dev_zero", false), gamma: create("gamma", "prod", false),
	}
	patch(f.alpha.ID, "deployment-tier", map[string]any{"deployment_tier": "DEDICATED_M"})
	patch(f.alpha.ID, "resource-tiers", map[string]any{"compute_tier": "DEDICATED_L"})
	patch(f.beta.ID, "deployment-tier", map[string]any{"deployment_tier": "SERVERLESS_S"})
	if !env.Mock.TagDeployment(f.alpha.ID, tagTeamA, tagProd) || !env.Mock.TagDeployment(f.alphaTwo.ID, tagTeamA) {
		t.Fatal("tagging failed")
	}
	d, _ := env.Mock.Deployment(f.alpha.ID)
	f.alphaURL, _ = d["url"].(string)
	if f.alphaURL == "" {
		t.Fatalf("alpha has no url yet: %v", d)
	}
	return f
}

// idsAre checks the ids attribute of a langsmith_deployments data source.
func idsAre(addr string, want ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(want))
	for _, id := range want {
		checks = append(checks, knownvalue.StringExact(id))
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
}

// settingsAre checks the tier and flag attributes of addr, each at at(name),
// the flags in the order shareable, route_through_gateway, is_preview,
// is_managed_deep_agent; an empty tier means null.
func settingsAre(addr string, at func(string) tfjsonpath.Path, deploymentTier, computeTier, databaseTier string, flags ...bool) []statecheck.StateCheck {
	tier := func(v string) knownvalue.Check {
		if v == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(v)
	}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, at("deployment_tier"), tier(deploymentTier)),
		statecheck.ExpectKnownValue(addr, at("compute_tier"), tier(computeTier)),
		statecheck.ExpectKnownValue(addr, at("database_tier"), tier(databaseTier)),
	}
	for i, name := range []string{"shareable", "route_through_gateway", "is_preview", "is_managed_deep_agent"} {
		checks = append(checks, statecheck.ExpectKnownValue(addr, at(name), knownvalue.Bool(flags[i])))
	}
	return checks
}

// listed is the path of an attribute of the i-th of a list data source's
// deployments, for settingsAre.
func listed(i int) func(string) tfjsonpath.Path {
	return func(name string) tfjsonpath.Path { return tfjsonpath.New("deployments").AtSliceIndex(i).AtMapKey(name) }
}

// TestAccDeploymentsDataSource_newFilters: name (exact), deployment_ids,
// tag_value_ids and url each narrow the list to exactly the deployments
// they name, also combined with another filter, one list call each; every
// summary carries the API's tiers and flags.
func TestAccDeploymentsDataSource_newFilters(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	f := apiSettingsFixture(t, env)
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployments" "all" {}
data "langsmith_deployments" "by_name" {
  name = "alpha"
}
data "langsmith_deployments" "by_ids" {
  deployment_ids = [%q, %q]
}
data "langsmith_deployments" "by_tag" {
  tag_value_ids = [%q]
}
data "langsmith_deployments" "by_tags" {
  tag_value_ids = [%[3]q, %[4]q]
}
data "langsmith_deployments" "by_url" {
  url = %[5]q
}
data "langsmith_deployments" "ids_and_contains" {
  deployment_ids = [%[6]q, %[7]q]
  name_contains  = "alpha"
}
`, strings.ToUpper(f.beta.ID), f.gamma.ID, tagTeamA, tagProd, f.alphaURL, f.alpha.ID, f.beta.ID))
	ds := func(name string) string { return "data.langsmith_deployments." + name }
	checks := []statecheck.StateCheck{
		idsAre(ds("all"), f.gamma.ID, f.beta.ID, f.alphaTwo.ID, f.alpha.ID),
		idsAre(ds("by_name"), f.alpha.ID),
		idsAre(ds("by_ids"), f.gamma.ID, f.beta.ID),
		idsAre(ds("by_tag"), f.alphaTwo.ID, f.alpha.ID),
		idsAre(ds("by_tags"), f.alpha.ID),
		idsAre(ds("by_url"), f.alpha.ID),
		idsAre(ds("ids_and_contains"), f.alpha.ID),
		statecheck.ExpectKnownValue(ds("by_name"), tfjsonpath.New("deployments").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                    knownvalue.StringExact(f.alpha.ID),
			"name":                  knownvalue.StringExact("alpha"),
			"source":                knownvalue.StringExact("github"),
			"status":                knownvalue.StringExact("READY"),
			"display_name":          knownvalue.Null(),
			"url":                   knownvalue.StringExact(f.alphaURL),
			"latest_revision_id":    knownvalue.NotNull(),
			"active_revision_id":    knownvalue.NotNull(),
			"created_at":            knownvalue.NotNull(),
			"updated_at":            knownvalue.NotNull(),
			"deployment_type":       knownvalue.StringExact("prod"),
			"deployment_tier":       knownvalue.StringExact("DEDICATED_M"),
			"compute_tier":          knownvalue.StringExact("DEDICATED_L"),
			"database_tier":         knownvalue.StringExact("DEDICATED_M"),
			"shareable":             knownvalue.Bool(true),
			"route_through_gateway": knownvalue.Bool(true),
			"is_preview":            knownvalue.Bool(false),
			"is_managed_deep_agent": knownvalue.Bool(false),
		})),
	}
	// by_ids lists gamma (nothing set), then beta (serverless: no database tier).
	checks = append(checks, settingsAre(ds("by_ids"), listed(0), "", "", "", false, false, false, false)...)
	checks = append(checks, settingsAre(ds("by_ids"), listed(1), "SERVERLESS_S", "SERVERLESS_S", "", false, false, false, false)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectCallsSoFar{env, map[string]int{routeList: 7}},
			}},
			ConfigStateChecks: checks,
		}},
	})
}

// serverRewrite puts a proxy in front of env's mock that drops the query
// parameters drop from every request and passes each Deployment of a 200
// answer (a GET, a list's resources) through edit: a server of another
// version. The mock behind it still counts and validates every exchange.
func serverRewrite(t *testing.T, env *acctest.Env, drop []string, edit func(map[string]any)) *acctest.Env {
	t.Helper()
	target, err := url.Parse(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	direct := proxy.Director
	proxy.Director = func(r *http.Request) {
		direct(r)
		q := r.URL.Query()
		for _, name := range drop {
			q.Del(name)
		}
		r.URL.RawQuery = q.Encode()
	}
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method != http.MethodGet || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, "/v2/deployments") {
			return nil
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var body map[string]any
		if err := json.Unmarshal(raw, &body); err != nil {
			return err
		}
		if items, ok := body["resources"].([]any); ok && strings.Count(resp.Request.URL.Path, "/") == 2 {
			for _, it := range items {
				edit(it.(map[string]any))
			}
		} else if _, ok := body["source_config"]; ok {
			edit(body)
		}
		if raw, err = json.Marshal(body); err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		resp.ContentLength = int64(len(raw))
		resp.Header.Set("Content-Length", strconv.Itoa(len(raw)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return &acctest.Env{Mock: env.Mock, URL: srv.URL}
}

// s3DeploymentKeys are the Deployment fields a server before S3 does not
// send (contract §4.1).
var s3DeploymentKeys = []string{"shareable", "route_through_gateway", "tracer_session_id", "url", "is_preview",
	"display_name", "is_managed_deep_agent", "deployment_tier", "compute_tier", "database_tier"}

// TestAccDeploymentsDataSource_olderServer runs against a server before S3:
// it ignores the name and url filters and sends none of the S3 fields. The
// name and url filters are still exact (url read from source_config), and
// the flags are false, the tiers null, in both data sources.
func TestAccDeploymentsDataSource_olderServer(t *testing.T) {
	base := acctest.NewEnv(t, mockapi.Options{})
	f := apiSettingsFixture(t, base)
	env := serverRewrite(t, base, []string{"name", "url"}, func(d map[string]any) {
		for _, k := range s3DeploymentKeys {
			delete(d, k)
		}
	})
	cfg := config(env, fmt.Sprintf(`
data "langsmith_deployments" "by_name" {
  name = "alpha"
}
data "langsmith_deployments" "by_url" {
  url = %q
}
data "langsmith_deployment" "alpha" {
  name = "alpha"
}
`, f.alphaURL))
	checks := []statecheck.StateCheck{
		// The server answered alpha and alpha-two for name_contains=alpha,
		// and every deployment for the url it ignored.
		idsAre("data.langsmith_deployments.by_name", f.alpha.ID),
		idsAre("data.langsmith_deployments.by_url", f.alpha.ID),
		statecheck.ExpectKnownValue("data.langsmith_deployments.by_url", tfjsonpath.New("deployments").AtSliceIndex(0).AtMapKey("url"), knownvalue.StringExact(f.alphaURL)),
		statecheck.ExpectKnownValue("data.langsmith_deployment.alpha", tfjsonpath.New("id"), knownvalue.StringExact(f.alpha.ID)),
	}
	checks = append(checks, settingsAre("data.langsmith_deployments.by_name", listed(0), "", "", "", false, false, false, false)...)
	checks = append(checks, settingsAre("data.langsmith_deployment.alpha", tfjsonpath.New, "", "", "", false, false, false, false)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: checks,
		}},
	})
}
