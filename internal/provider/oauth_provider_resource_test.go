package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Route keys of the mock's OAuth provider counters.
const (
	routeCreateProvider = "POST /v2/auth/providers"
	routePatchProvider  = "PATCH /v2/auth/providers/{provider_id}"
	routeDeleteProvider = "DELETE /v2/auth/providers/{provider_id}"
)

const oauthAddr = "langsmith_oauth_provider.test"

// oauthHCL is a langsmith_oauth_provider block with the required attributes;
// extra goes inside it.
func oauthHCL(name, extra string) string {
	return fmt.Sprintf(`
resource "langsmith_oauth_provider" "test" {
  provider_id = "acme-github"
  name        = %q
  client_id   = "Iv1.0123456789abcdef"
  auth_url    = "https://github.com/login/oauth/authorize"
  token_url   = "https://github.com/login/oauth/access_token"
%s
}
`, name, extra)
}

// exchanges records what the mock received and answered.
type exchanges struct {
	mu  sync.Mutex
	all []mockapi.Exchange
}

func (e *exchanges) observe(x mockapi.Exchange) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, x)
}

// requestBodies returns the JSON bodies sent to route.
func (e *exchanges) requestBodies(route string) []map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []map[string]any
	for _, x := range e.all {
		if x.Route == route {
			var m map[string]any
			_ = json.Unmarshal(x.RequestBody, &m)
			out = append(out, m)
		}
	}
	return out
}

// responsesContain reports the first response whose body contains s.
func (e *exchanges) responsesContain(s string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, x := range e.all {
		if bytes.Contains(x.ResponseBody, []byte(s)) {
			return x.Route, true
		}
	}
	return "", false
}

func providersGone(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all, err := apiClient(env).ListOAuthProviders(context.Background())
		if err != nil {
			return err
		}
		if len(all) != 0 {
			return fmt.Errorf("want no OAuth providers left on the API, got %d", len(all))
		}
		return nil
	}
}

func TestAccOAuthProvider_basic(t *testing.T) {
	var seen exchanges
	env := acctest.NewEnv(t, mockapi.Options{Observer: seen.observe})
	created := oauthHCL("Acme GitHub", `  client_secret = "first-secret-value"
  authorization_params  = { prompt = "consent" }
  allowed_redirect_uris = ["https://agents.example.com/callback"]`)
	updated := oauthHCL("Acme GitHub App", `  client_secret = "second-secret-value"
  uses_pkce     = true
  allowed_redirect_uris = ["https://agents.example.com/callback", "https://staging.example.com/callback"]`)
	replaced := oauthHCL("Acme GitHub App", `  client_secret = "second-secret-value"
  uses_pkce     = true
  allowed_redirect_uris = ["https://agents.example.com/callback", "https://staging.example.com/callback"]
  token_endpoint_auth_method = "client_secret_basic"`)
	var firstID string
	callback := env.URL + "/v2/auth/callback/acme-github"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             providersGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, created),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeCreateProvider: 1}),
					captureAttr(oauthAddr, "id", &firstID),
					// The secret was sent once, is kept in state, and no response ever carried it.
					resource.TestCheckResourceAttr(oauthAddr, "client_secret", "first-secret-value"),
					func(*terraform.State) error {
						bodies := seen.requestBodies(routeCreateProvider)
						if len(bodies) != 1 || bodies[0]["client_secret"] != "first-secret-value" {
							return fmt.Errorf("want one create carrying the secret, got %v", bodies)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("uses_pkce"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("code_challenge_method"), knownvalue.StringExact("S256")),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("token_endpoint_auth_method"), knownvalue.StringExact("client_secret_post")),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("provider_type"), knownvalue.Null()),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("organization_id"), knownvalue.StringRegexp(uuidRE)),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("authorization_params"),
						knownvalue.MapExact(map[string]knownvalue.Check{"prompt": knownvalue.StringExact("consent")})),
					// The read-only fields: the callback URL on the control plane
					// the provider talks to, and no MCP discovery.
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("default_redirect_uri"), knownvalue.StringExact(callback)),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("mcp_server_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("is_dynamic_client"), knownvalue.Bool(false)),
				},
			},
			{
				// Imported by provider_id; the API cannot say what the secret is.
				ResourceName:                         oauthAddr,
				ImportState:                          true,
				ImportStateId:                        "acme-github",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "provider_id",
				ImportStateVerifyIgnore:              []string{"client_secret"},
			},
			{
				// name, secret, PKCE and redirect URIs change and
				// authorization_params are removed: one PATCH, in place. The
				// read-only fields cannot change, so the plan knows them.
				Config: config(env, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(), plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("default_redirect_uri"), knownvalue.StringExact(callback)),
						plancheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("mcp_server_url"), knownvalue.Null()),
						plancheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("is_dynamic_client"), knownvalue.Bool(false)),
						plancheck.ExpectUnknownValue(oauthAddr, tfjsonpath.New("updated_at")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatchProvider: 1}),
					checkAttrEquals(oauthAddr, "id", &firstID),
					resource.TestCheckResourceAttr(oauthAddr, "client_secret", "second-secret-value"),
					resource.TestCheckResourceAttr(oauthAddr, "name", "Acme GitHub App"),
					resource.TestCheckNoResourceAttr(oauthAddr, "authorization_params.%"),
					func(*terraform.State) error {
						bodies := seen.requestBodies(routePatchProvider)
						want := map[string]any{
							"name": "Acme GitHub App", "client_secret": "second-secret-value", "uses_pkce": true,
							"authorization_params":  map[string]any{},
							"allowed_redirect_uris": []any{"https://agents.example.com/callback", "https://staging.example.com/callback"},
						}
						if len(bodies) != 1 || fmt.Sprint(bodies[0]) != fmt.Sprint(want) {
							return fmt.Errorf("want one PATCH with only the changes\n  %v\ngot %v", want, bodies)
						}
						return nil
					},
				),
			},
			{
				// token_endpoint_auth_method is not in the API's update schema: replace.
				Config: config(env, replaced),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("default_redirect_uri"), knownvalue.StringExact(callback)),
					statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("is_dynamic_client"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routeDeleteProvider: 1, routeCreateProvider: 1}),
					checkAttrDiffers(oauthAddr, "id", &firstID),
					resource.TestCheckResourceAttr(oauthAddr, "token_endpoint_auth_method", "client_secret_basic"),
					func(*terraform.State) error {
						for _, secret := range []string{"first-secret-value", "second-secret-value", `"client_secret"`} {
							if route, found := seen.responsesContain(secret); found {
								return fmt.Errorf("the API returned %s in a response to %s", secret, route)
							}
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccOAuthProvider_destroyAlreadyGone destroys without refreshing after
// the provider was deleted elsewhere: the DELETE answers 404 and destroy succeeds.
func TestAccOAuthProvider_destroyAlreadyGone(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, oauthHCL("Gone", `  provider_type = "slack"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.TestCheckResourceAttr(oauthAddr, "provider_type", "slack")},
			{
				PreConfig: func() {
					if err := apiClient(env).DeleteOAuthProvider(context.Background(), "acme-github"); err != nil {
						t.Fatal(err)
					}
					env.Mock.ResetCounts()
				},
				Config:  cfg,
				Destroy: true,
			},
			// No refresh: the one DELETE answered 404, and destroy succeeded.
			afterDestroyStep(env, map[string]int{routeDeleteProvider: 1}, providersGone(env)),
		},
	})
}

// TestAccOAuthProvider_disappears shows a provider deleted outside
// Terraform: the refresh drops it and the plan creates it again.
func TestAccOAuthProvider_disappears(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, oauthHCL("Vanishing", ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             providersGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(*terraform.State) error {
					return apiClient(env).DeleteOAuthProvider(context.Background(), "acme-github")
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.ExpectCalls(map[string]int{routeCreateProvider: 1}),
			},
		},
	})
}

func TestAccOAuthProvider_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cases := map[string]string{
		oauthHCL("Bad", `  provider_type = "github"`):                                                               `provider_type value must be one of: ["microsoft" "salesforce" "slack" "x"]`,
		oauthHCL("Bad", `  token_endpoint_auth_method = "private_key_jwt"`):                                         `token_endpoint_auth_method value must be one of`,
		oauthHCL("Bad", `  code_challenge_method = "S512"`):                                                         `code_challenge_method value must be one of: ["S256" "plain"]`,
		oauthHCL("Bad", `  allowed_redirect_uris = ["/callback"]`):                                                  `must be an absolute http:// or https:// URL`,
		strings.Replace(oauthHCL("Bad", ""), `"https://github.com/login/oauth/authorize"`, `"github.com/login"`, 1): `auth_url must be an absolute http:// or https:// URL`,
		strings.Replace(oauthHCL("Bad", ""), `"acme-github"`, `"acme/github"`, 1):                                   `must not contain whitespace or the characters / ? # %`,
		oauthHCL("", ""): `name string length must be at least 1`,
	}
	steps := []resource.TestStep{}
	for cfg, want := range cases {
		steps = append(steps, resource.TestStep{Config: config(env, cfg), PlanOnly: true, ExpectError: looseRE(want)})
	}
	steps = append(steps, resource.TestStep{
		Config:        config(env, oauthHCL("Import", "")),
		ResourceName:  oauthAddr,
		ImportState:   true,
		ImportStateId: "acme/github",
		ExpectError:   looseRE(`"acme/github" is not a provider_id`),
	})
	// Every mistake was caught before any API call.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}

// TestAccOAuthProvider_discovered: a provider created by MCP discovery
// outside Terraform (the only way mcp_server_url and is_dynamic_client get
// set) is imported by provider_id; the configuration written from it plans
// nothing, a rename is one PATCH in place that keeps the read-only fields,
// and destroy deletes it.
func TestAccOAuthProvider_discovered(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	const mcpURL = "https://mcp.notion.example/"
	if !env.Mock.DiscoverOAuthProvider(acctest.WorkspaceID, "notion-mcp", "Notion", mcpURL) {
		t.Fatal("discovery refused")
	}
	p, err := apiClient(env).GetOAuthProvider(context.Background(), "notion-mcp")
	if err != nil {
		t.Fatal(err)
	}
	hcl := func(name string) string {
		return config(env, fmt.Sprintf(`
resource "langsmith_oauth_provider" "test" {
  provider_id                = "notion-mcp"
  name                       = %q
  client_id                  = %q
  auth_url                   = "https://mcp.notion.example/authorize"
  token_url                  = "https://mcp.notion.example/token"
  uses_pkce                  = true
  token_endpoint_auth_method = "none"
}
`, name, p.ClientID))
	}
	discovered := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("mcp_server_url"), knownvalue.StringExact(mcpURL)),
		statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("is_dynamic_client"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("default_redirect_uri"), knownvalue.StringExact(env.URL+"/v2/auth/callback/notion-mcp")),
		statecheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("id"), knownvalue.StringExact(p.ID)),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             providersGone(env),
		Steps: []resource.TestStep{
			{
				Config:             hcl("Notion"),
				ResourceName:       oauthAddr,
				ImportState:        true,
				ImportStateId:      "notion-mcp",
				ImportStatePersist: true,
			},
			{
				// The import matches the configuration: nothing to do.
				Config: hcl("Notion"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: discovered,
				Check:             env.ExpectCalls(map[string]int{}),
			},
			{
				Config: hcl("Notion Workspace"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						env.ResetCounts(), plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("mcp_server_url"), knownvalue.StringExact(mcpURL)),
						plancheck.ExpectKnownValue(oauthAddr, tfjsonpath.New("is_dynamic_client"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: discovered,
				Check: resource.ComposeAggregateTestCheckFunc(
					env.ExpectCalls(map[string]int{routePatchProvider: 1}),
					resource.TestCheckResourceAttr(oauthAddr, "name", "Notion Workspace"),
				),
			},
			{
				ResourceName:                         oauthAddr,
				ImportState:                          true,
				ImportStateId:                        "notion-mcp",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "provider_id",
			},
		},
	})
}
