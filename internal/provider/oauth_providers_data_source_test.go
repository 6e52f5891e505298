package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

const routeListProviders = "GET /v2/auth/providers"

// TestAccOAuthProvidersDataSource_basic lists a provider found by MCP
// discovery outside Terraform and two managed here, in the API's order, with
// every non-secret field; the provider_type and name_contains filters narrow
// the list, and a filter nobody matches gives empty lists, not null.
func TestAccOAuthProvidersDataSource_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	if !env.Mock.DiscoverOAuthProvider(acctest.WorkspaceID, "notion-mcp", "Notion", "https://mcp.notion.example/") {
		t.Fatal("discovery refused")
	}
	cfg := config(env, `
resource "langsmith_oauth_provider" "github" {
  provider_id   = "acme-github"
  name          = "Acme GitHub"
  client_id     = "Iv1.0123456789abcdef"
  client_secret = "never-listed-secret"
  auth_url      = "https://github.com/login/oauth/authorize"
  token_url     = "https://github.com/login/oauth/access_token"
  authorization_params = { allow_signup = "false" }
}

resource "langsmith_oauth_provider" "slack" {
  provider_id                = "acme-slack"
  name                       = "Acme Slack"
  provider_type              = "slack"
  client_id                  = "1234567890.0987654321"
  auth_url                   = "https://slack.com/oauth/v2/authorize"
  token_url                  = "https://slack.com/api/oauth.v2.access"
  uses_pkce                  = true
  token_endpoint_auth_method = "none"
  # Created after the GitHub one, so the API lists it after it.
  depends_on = [langsmith_oauth_provider.github]
}

data "langsmith_oauth_providers" "all" {
  depends_on = [langsmith_oauth_provider.github, langsmith_oauth_provider.slack]
}

data "langsmith_oauth_providers" "slack" {
  provider_type = "slack"
  depends_on    = [langsmith_oauth_provider.github, langsmith_oauth_provider.slack]
}

data "langsmith_oauth_providers" "acme" {
  name_contains = "Acme"
  depends_on    = [langsmith_oauth_provider.github, langsmith_oauth_provider.slack]
}

data "langsmith_oauth_providers" "none" {
  provider_type = "x"
  name_contains = "Acme"
  depends_on    = [langsmith_oauth_provider.github, langsmith_oauth_provider.slack]
}
`)
	all, slack, acme, none := "data.langsmith_oauth_providers.all", "data.langsmith_oauth_providers.slack",
		"data.langsmith_oauth_providers.acme", "data.langsmith_oauth_providers.none"
	ids := func(want ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(want))
		for i, w := range want {
			checks[i] = knownvalue.StringExact(w)
		}
		return knownvalue.ListExact(checks)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		// Only the discovered provider, which Terraform never managed, is left.
		CheckDestroy: func(*terraform.State) error {
			left, err := apiClient(env).ListOAuthProviders(context.Background())
			if err != nil {
				return err
			}
			if len(left) != 1 || left[0].ProviderID != "notion-mcp" {
				return fmt.Errorf("want only notion-mcp left on the API, got %v", left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(all, tfjsonpath.New("provider_ids"), ids("notion-mcp", "acme-github", "acme-slack")),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                         knownvalue.StringRegexp(uuidRE),
						"provider_id":                knownvalue.StringExact("notion-mcp"),
						"name":                       knownvalue.StringExact("Notion"),
						"client_id":                  knownvalue.StringRegexp(regexp.MustCompile(`^dcr-[0-9a-f]{16}$`)),
						"auth_url":                   knownvalue.StringExact("https://mcp.notion.example/authorize"),
						"token_url":                  knownvalue.StringExact("https://mcp.notion.example/token"),
						"uses_pkce":                  knownvalue.Bool(true),
						"code_challenge_method":      knownvalue.StringExact("S256"),
						"provider_type":              knownvalue.Null(),
						"mcp_server_url":             knownvalue.StringExact("https://mcp.notion.example/"),
						"token_endpoint_auth_method": knownvalue.StringExact("none"),
						"is_dynamic_client":          knownvalue.Bool(true),
						"authorization_params":       knownvalue.Null(),
						"allowed_redirect_uris":      knownvalue.Null(),
						"default_redirect_uri":       knownvalue.StringExact(env.URL + "/v2/auth/callback/notion-mcp"),
						"organization_id":            knownvalue.StringRegexp(uuidRE),
						"created_at":                 knownvalue.NotNull(),
						"updated_at":                 knownvalue.NotNull(),
					})),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(1).AtMapKey("authorization_params"),
						knownvalue.MapExact(map[string]knownvalue.Check{"allow_signup": knownvalue.StringExact("false")})),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(1).AtMapKey("default_redirect_uri"),
						knownvalue.StringExact(env.URL+"/v2/auth/callback/acme-github")),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(1).AtMapKey("is_dynamic_client"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(1).AtMapKey("mcp_server_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("providers").AtSliceIndex(2).AtMapKey("provider_type"), knownvalue.StringExact("slack")),
					// The listed values are the resources' own.
					statecheck.CompareValuePairs(all, tfjsonpath.New("providers").AtSliceIndex(1).AtMapKey("id"),
						"langsmith_oauth_provider.github", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(all, tfjsonpath.New("providers").AtSliceIndex(2).AtMapKey("default_redirect_uri"),
						"langsmith_oauth_provider.slack", tfjsonpath.New("default_redirect_uri"), compare.ValuesSame()),
					// Filters.
					statecheck.ExpectKnownValue(slack, tfjsonpath.New("provider_ids"), ids("acme-slack")),
					statecheck.ExpectKnownValue(slack, tfjsonpath.New("providers").AtSliceIndex(0).AtMapKey("token_endpoint_auth_method"), knownvalue.StringExact("none")),
					statecheck.ExpectKnownValue(acme, tfjsonpath.New("provider_ids"), ids("acme-github", "acme-slack")),
					statecheck.ExpectKnownValue(none, tfjsonpath.New("provider_ids"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(none, tfjsonpath.New("providers"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}

// TestAccOAuthProvidersDataSource_planTimeValidation: a provider_type
// outside the contract's enum and an empty name_contains are refused before
// any API call, naming the attribute and what is valid.
func TestAccOAuthProvidersDataSource_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	steps := []resource.TestStep{}
	for hcl, want := range map[string]string{
		`provider_type = "github"`: `Attribute provider_type value must be one of: ["microsoft" "salesforce" "slack" "x"], got: "github"`,
		`name_contains = ""`:       `Attribute name_contains string length must be at least 1, got: 0`,
	} {
		steps = append(steps, resource.TestStep{
			Config:      config(env, "data \"langsmith_oauth_providers\" \"bad\" {\n  "+hcl+"\n}\n"),
			PlanOnly:    true,
			ExpectError: looseRE(want),
		})
	}
	steps = append(steps, afterDestroyStep(env, map[string]int{routeListProviders: 0}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}
