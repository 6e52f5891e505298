package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccListenerList_basic lists 120 listeners: all of them over two pages
// with limit = 150; Terraform's default limit in one page; with compute_type
// (filtered by the provider, since the API has no such filter) every page;
// limit = 2 in one page of 2; with include_resource the whole resource as an
// import and refresh store it. A bad compute_type fails before any call.
func TestAccListenerList_basic(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	first := apiListener(t, env, "cluster-000", []string{"agents", "batch"})
	var newest string
	for i := 1; i < 120; i++ {
		newest = apiListener(t, env, fmt.Sprintf("cluster-%03d", i), nil).ID
	}
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "workspace_id": knownvalue.StringExact(acctest.WorkspaceID)}
	}
	allPages := []string{"limit=100&offset=0", "limit=100&offset=100"}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_listener", "all", "  limit = 150"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_listener.all", 120),
					querycheck.ExpectIdentity("langsmith_listener.all", identity(first.ID)),
					querycheck.ExpectResourceDisplayName("langsmith_listener.all", byID(first.ID), knownvalue.StringExact("cluster-000")),
					expectQueries{&seen, map[string][]string{routeListListeners: {"limit=100&offset=0", "limit=50&offset=100"}}},
				},
			},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config: listBlock("langsmith_listener", "default", "") +
					listBlock("langsmith_listener", "k8s", `  config { compute_type = "k8s" }`) +
					listBlock("langsmith_listener", "two", "  limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_listener.default", 100),
					querycheck.ExpectIdentity("langsmith_listener.default", identity(newest)),
					querycheck.ExpectNoIdentity("langsmith_listener.default", identity(first.ID)),
					querycheck.ExpectLength("langsmith_listener.k8s", 100), // the default limit, after filtering
					querycheck.ExpectLength("langsmith_listener.two", 2),
					querycheck.ExpectIdentity("langsmith_listener.two", identity(newest)),
					expectQueries{&seen, map[string][]string{routeListListeners: append([]string{"limit=100&offset=0", "limit=2&offset=0"}, allPages...)}},
				},
			},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config:    listBlock("langsmith_listener", "all", "  limit = 150\n  include_resource = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectResourceKnownValues("langsmith_listener.all", byID(first.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(first.ID)},
						{Path: tfjsonpath.New("compute_id"), KnownValue: knownvalue.StringExact("cluster-000")},
						{Path: tfjsonpath.New("compute_type"), KnownValue: knownvalue.StringExact("k8s")},
						{Path: tfjsonpath.New("workspace_id"), KnownValue: knownvalue.StringExact(acctest.WorkspaceID)},
						{Path: tfjsonpath.New("compute_config").AtMapKey("k8s_namespaces"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("agents"), knownvalue.StringExact("batch"),
						})},
					}),
					// Built from the list's answer: no read per listener.
					expectQueries{&seen, map[string][]string{routeListListeners: {"limit=100&offset=0", "limit=50&offset=100"}}},
				},
			},
			{
				Query:       true,
				PreConfig:   seen.reset,
				Config:      listBlock("langsmith_listener", "bad", `  config { compute_type = "vm" }`),
				ExpectError: regexp.MustCompile(`compute_type value must be one of`),
			},
			{
				Config: env.ProviderConfig(),
				Check: func(*terraform.State) error {
					if n := len(seen.queries(routeListListeners)); n != 0 {
						return fmt.Errorf("the refused query listed listeners %d times", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccListenerList_forbidden: an organization without listeners (403)
// gets the API's message as the query's error.
func TestAccListenerList_forbidden(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{ListenersForbidden: true})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:       true,
				Config:      listBlock("langsmith_listener", "all", ""),
				ExpectError: regexp.MustCompile(`Error listing LangSmith listeners(.|\n)*self-hosted enterprise`),
			},
		},
	})
}
