package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// apiOAuthProvider creates an OAuth provider through the API, outside
// Terraform.
func apiOAuthProvider(t *testing.T, env *acctest.Env, providerID, name string) {
	t.Helper()
	secret := "s3cret-" + providerID
	_, err := apiClient(env).CreateOAuthProvider(t.Context(), &langsmith.OAuthProviderCreateRequest{
		ProviderID: providerID, Name: name, ClientID: "client-" + providerID, ClientSecret: &secret,
		AuthURL: "https://auth.example.com/authorize", TokenURL: "https://auth.example.com/token",
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAccOAuthProviderList_basic: every OAuth provider, identified by its
// provider_id, from one call; the limit cuts the answer; include_resource
// gives the resource as an import and refresh store it (no secret: the API
// never returns one). An API error is the query's error.
func TestAccOAuthProviderList_basic(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	for i, id := range []string{"github-app", "google-workspace", "slack-bot"} {
		apiOAuthProvider(t, env, id, fmt.Sprintf("Provider %d", i))
	}
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"provider_id": knownvalue.StringExact(id)}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryChecks,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.ProviderConfig()},
			{
				Query:     true,
				PreConfig: seen.reset,
				Config: listBlock("langsmith_oauth_provider", "all", "  include_resource = true") +
					listBlock("langsmith_oauth_provider", "two", "  limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("langsmith_oauth_provider.all", 3),
					querycheck.ExpectIdentity("langsmith_oauth_provider.all", identity("github-app")),
					querycheck.ExpectIdentity("langsmith_oauth_provider.all", identity("google-workspace")),
					querycheck.ExpectIdentity("langsmith_oauth_provider.all", identity("slack-bot")),
					querycheck.ExpectResourceDisplayName("langsmith_oauth_provider.all", queryfilter.ByResourceIdentity(identity("github-app")),
						knownvalue.StringExact("Provider 0 (github-app)")),
					querycheck.ExpectResourceKnownValues("langsmith_oauth_provider.all", queryfilter.ByResourceIdentity(identity("slack-bot")), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("provider_id"), KnownValue: knownvalue.StringExact("slack-bot")},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Provider 2")},
						{Path: tfjsonpath.New("client_id"), KnownValue: knownvalue.StringExact("client-slack-bot")},
						{Path: tfjsonpath.New("client_secret"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("token_endpoint_auth_method"), KnownValue: knownvalue.StringExact("client_secret_post")},
					}),
					querycheck.ExpectLength("langsmith_oauth_provider.two", 2),
					expectQueries{&seen, map[string][]string{routeListProviders: {"", ""}}},
				},
			},
			{
				Query: true,
				PreConfig: func() {
					env.Mock.Fault(routeListProviders, mockapi.Fault{Status: 401, Body: `{"detail":"Unauthorized"}`})
				},
				Config:      listBlock("langsmith_oauth_provider", "all", ""),
				ExpectError: regexp.MustCompile(`Error listing LangSmith OAuth providers(.|\n)*API key was rejected`),
			},
		},
	})
}
