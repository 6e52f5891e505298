package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// queryChecks are the TestCase version checks of `terraform query` tests:
// list resources need Terraform 1.14 (no OpenTofu release has them, and
// OpenTofu 1.12 reports a version below 1.14).
var queryChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// listBlock is a list block of the provider's langsmith configuration;
// body goes inside it.
func listBlock(typ, name, body string) string {
	return fmt.Sprintf("list %q %q {\n  provider = langsmith\n%s\n}\n", typ, name, body)
}

// queries returns the query strings of the requests to route, each with its
// parameters sorted, in sorted order (list blocks run concurrently).
func (e *exchanges) queries(route string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, x := range e.all {
		if x.Route == route {
			q, _ := url.ParseQuery(x.RawQuery)
			out = append(out, q.Encode())
		}
	}
	slices.Sort(out)
	return out
}

func (e *exchanges) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = nil
}

// routes returns how many requests each route got.
func (e *exchanges) routes() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]int{}
	for _, x := range e.all {
		out[x.Route]++
	}
	return out
}

// expectQueries is a query check that the list blocks sent exactly these
// requests to the API since the step began (seen reset in PreConfig): want
// maps each route to its query strings (parameters sorted); no other route
// may have been called.
type expectQueries struct {
	seen *exchanges
	want map[string][]string
}

func (e expectQueries) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var problems []string
	for route, want := range e.want {
		slices.Sort(want)
		if got := e.seen.queries(route); !slices.Equal(got, want) {
			problems = append(problems, fmt.Sprintf("%s: want queries %q, got %q", route, want, got))
		}
	}
	for route, n := range e.seen.routes() {
		if _, ok := e.want[route]; !ok {
			problems = append(problems, fmt.Sprintf("%s: want no calls, got %d", route, n))
		}
	}
	if len(problems) > 0 {
		resp.Error = fmt.Errorf("unexpected API calls:\n  %s", strings.Join(problems, "\n  "))
	}
}

// byID filters query results by their identity: id in the test workspace.
func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(id), "workspace_id": knownvalue.StringExact(acctest.WorkspaceID),
	})
}

// TestAccDeploymentList_filters: each filter of the list block reaches the
// API as its query parameter, and each list gets exactly the matching
// deployments with their identities and names; a bad filter fails before
// any call.
func TestAccDeploymentList_filters(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	alpha := apiGithubDeployment(t, env, "alpha-agent", "main", "")
	beta := apiGithubDeployment(t, env, "beta-agent", "main", "dev")
	apiGithubDeployment(t, env, "gamma-tool", "main", "")
	waiting := apiGithubDeployment(t, env, "waiting-agent", "fail-build", "") // never deployed: AWAITING_DATABASE
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "workspace_id": knownvalue.StringExact(acctest.WorkspaceID)}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config: listBlock("langsmith_deployment", "agents", `  config { name_contains = "agent" }`) +
					listBlock("langsmith_deployment", "dev", `  config { deployment_type = "dev" }`) +
					listBlock("langsmith_deployment", "waiting", `  config { status = "AWAITING_DATABASE" }`) +
					listBlock("langsmith_deployment", "all", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_deployment.agents", 3),
					querycheck.ExpectIdentity("langsmith_deployment.agents", identity(alpha.ID)),
					querycheck.ExpectIdentity("langsmith_deployment.agents", identity(beta.ID)),
					querycheck.ExpectIdentity("langsmith_deployment.agents", identity(waiting.ID)),
					querycheck.ExpectLength("langsmith_deployment.dev", 1),
					querycheck.ExpectIdentity("langsmith_deployment.dev", identity(beta.ID)),
					querycheck.ExpectResourceDisplayName("langsmith_deployment.dev", byID(beta.ID), knownvalue.StringExact("beta-agent")),
					querycheck.ExpectLength("langsmith_deployment.waiting", 1),
					querycheck.ExpectIdentity("langsmith_deployment.waiting", identity(waiting.ID)),
					querycheck.ExpectLength("langsmith_deployment.all", 4),
					// One page each, the filters as the API's parameters, and
					// nothing else (no include_resource: no reads).
					expectQueries{&seen, map[string][]string{routeList: {
						"limit=100&name_contains=agent&offset=0",
						"deployment_type=dev&limit=100&offset=0",
						"limit=100&offset=0&status=AWAITING_DATABASE",
						"limit=100&offset=0",
					}}},
				},
			},
			{
				Query:       true,
				Config:      listBlock("langsmith_deployment", "bad", `  config { status = "RUNNING" }`),
				PreConfig:   seen.reset,
				ExpectError: regexp.MustCompile(`status value must be one of`),
			},
			{
				// The refused query made no call.
				Config: env.ProviderConfig(),
				Check: func(*terraform.State) error {
					if n := len(seen.queries(routeList)); n != 0 {
						return fmt.Errorf("the refused query listed deployments %d times", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccDeploymentList_paginationAndLimit lists 130 deployments: with
// limit = 150 over two pages (100, then the 50 still wanted), with
// Terraform's default limit of 100 in one page, and with limit = 5 in one
// page of 5: the provider never reads more than the list block asks for.
func TestAccDeploymentList_paginationAndLimit(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	ids := make([]string, 0, 130)
	for i := range 130 {
		ids = append(ids, apiGithubDeployment(t, env, fmt.Sprintf("page-%03d", i), "main", "").ID)
	}
	newest, oldest := ids[len(ids)-1], ids[0]
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "workspace_id": knownvalue.StringExact(acctest.WorkspaceID)}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_deployment", "all", "  limit = 150"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_deployment.all", 130),
					querycheck.ExpectIdentity("langsmith_deployment.all", identity(newest)),
					querycheck.ExpectIdentity("langsmith_deployment.all", identity(oldest)),
					expectQueries{&seen, map[string][]string{routeList: {"limit=100&offset=0", "limit=50&offset=100"}}},
				},
			},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_deployment", "all", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_deployment.all", 100),
					querycheck.ExpectIdentity("langsmith_deployment.all", identity(newest)), // newest first
					querycheck.ExpectNoIdentity("langsmith_deployment.all", identity(oldest)),
					expectQueries{&seen, map[string][]string{routeList: {"limit=100&offset=0"}}},
				},
			},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_deployment", "all", "  limit = 5"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_deployment.all", 5),
					querycheck.ExpectIdentity("langsmith_deployment.all", identity(newest)),
					expectQueries{&seen, map[string][]string{routeList: {"limit=5&offset=0"}}},
				},
			},
		},
	})
}

// TestAccDeploymentList_includeResource: with include_resource each result
// is the whole resource as an import and refresh store it, built from the
// list's own answer: no read per deployment when its latest revision is the
// active one, one revision read for a deployment still rolling out.
func TestAccDeploymentList_includeResource(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	dev := apiGithubDeployment(t, env, "beta-agent", "main", "dev")
	waiting := apiGithubDeployment(t, env, "waiting-agent", "fail-build", "")
	check := func(path tfjsonpath.Path, v knownvalue.Check) querycheck.KnownValueCheck {
		return querycheck.KnownValueCheck{Path: path, KnownValue: v}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_deployment", "all", "  include_resource = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_deployment.all", 2),
					querycheck.ExpectResourceKnownValues("langsmith_deployment.all", byID(dev.ID), []querycheck.KnownValueCheck{
						check(tfjsonpath.New("id"), knownvalue.StringExact(dev.ID)),
						check(tfjsonpath.New("name"), knownvalue.StringExact("beta-agent")),
						check(tfjsonpath.New("source"), knownvalue.StringExact("github")),
						check(tfjsonpath.New("workspace_id"), knownvalue.StringExact(acctest.WorkspaceID)),
						check(tfjsonpath.New("source_config").AtMapKey("deployment_type"), knownvalue.StringExact("dev")),
						check(tfjsonpath.New("source_config").AtMapKey("repo_url"), knownvalue.StringExact("https://github.com/acme/support-agent")),
						// As the API reports it, not resolved (refs/heads/main): the refresh keeps the branch name.
						check(tfjsonpath.New("source_revision_config").AtMapKey("repo_ref"), knownvalue.StringExact("main")),
						check(tfjsonpath.New("latest_revision_status"), knownvalue.StringExact("DEPLOYED")),
						check(tfjsonpath.New("status"), knownvalue.StringExact("READY")),
						check(tfjsonpath.New("delete_tracing_project"), knownvalue.Bool(false)),
					}),
					querycheck.ExpectResourceKnownValues("langsmith_deployment.all", byID(waiting.ID), []querycheck.KnownValueCheck{
						check(tfjsonpath.New("latest_revision_status"), knownvalue.StringExact("BUILD_FAILED")),
						check(tfjsonpath.New("active_revision_id"), knownvalue.Null()),
					}),
					// The list, and the failed deployment's revision (the
					// deployment does not report its status).
					expectQueries{&seen, map[string][]string{routeList: {"limit=100&offset=0"}, routeGetRevision: {""}}},
				},
			},
		},
	})
}

// TestAccDeploymentList_apiError: an API error is an error diagnostic of the
// query, with the API's message.
func TestAccDeploymentList_apiError(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query: true,
				PreConfig: func() {
					env.Mock.Fault(routeList, mockapi.Fault{Status: 403, Body: `{"detail":"LangSmith Deployment is not enabled for this organization"}`})
				},
				Config:      listBlock("langsmith_deployment", "all", ""),
				ExpectError: regexp.MustCompile(`Error listing LangSmith deployments(.|\n)*not enabled for this organization`),
			},
		},
	})
}
