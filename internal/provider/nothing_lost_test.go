package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Nothing lost, nothing taken (issue 10): the provider never takes over an
// object it did not create, rides out faults during a wait, and a create
// right after the deletion of its name waits for it.

// TestAccDeployment_ambiguousCreateNeverAdoptsAnother: another team's
// deployment has the name (another repository); our POST ends with a 504
// from a proxy. The lookup finds a deployment that does not match the
// request, so it is not adopted: the create fails naming it, with the import
// command, and nothing reaches state (so nothing later replaces or deletes
// it). A deployment created more than ClockSkew before the request is
// refused the same way (client tests pin that part of the rule).
func TestAccDeployment_ambiguousCreateNeverAdoptsAnother(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	var existing string
	cfg := config(env, githubDeployment{name: "shared-name", repoURL: "https://github.com/acme/research-agent"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				// Right before the apply, so the rule that tells it apart is
				// the configuration, not the time (client tests pin that).
				PreConfig: func() {
					existing = createViaAPI(t, env, "shared-name")
					env.Mock.Fault(routeCreate, mockapi.Fault{Status: http.StatusGatewayTimeout, Body: "<html>504 Gateway Time-out</html>", ContentType: "text/html"})
				},
				Config: cfg,
				ExpectError: looseAll("Error creating LangSmith deployment", "HTTP 504",
					`was not created by this request: its configuration differs from the request: source_config.repo_url is "https://github.com/acme/support-agent"`,
					`the deployment named "shared-name" in the workspace is not the one this request created`, "so Terraform did not take it over",
					"terraform import <resource address> <uuid>"),
			},
			{
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
					mockChecks(func(*terraform.State) error {
						deps := env.Mock.Deployments()
						if len(deps) != 1 || deps[0]["id"] != existing {
							return fmt.Errorf("want only the other team's deployment %s, got %v", existing, deps)
						}
						return nil
					})[0],
				}},
			},
		},
	})
}

// TestAccDeployment_pollRidesOut500s: HTTP 500s while polling the revision
// (the client does not repeat a 500) are "still pending" for the wait; the
// create succeeds the first time.
func TestAccDeployment_pollRidesOut500s(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{RevisionStepDelay: 20 * time.Millisecond})
	env.Mock.Fault(routeGetRevision, mockapi.Fault{Status: 500}, mockapi.Fault{Status: 500}, mockapi.Fault{Status: 503})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: config(env, githubDeployment{name: "poll-500"}.hcl("test")),
			Check:  resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
		}},
	})
}

// TestAccDeployment_createWaitsOutSoftDelete: the deployment was deleted
// (with its tracing project) and is still AWAITING_DELETE; the refresh drops
// it, and the create of the same name waits for the deletion to finish
// instead of failing with 409.
func TestAccDeployment_createWaitsOutSoftDelete(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{DeleteGETs: 6})
	cfg := config(env, githubDeployment{name: "reborn-agent", extra: "  delete_tracing_project = true"}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureAttr(deploymentAddr, "id", &id)},
			{
				PreConfig: func() {
					if status, body := callAPI(t, env, http.MethodDelete, "/v2/deployments/"+id+"?delete_tracing_project=true", nil); status != http.StatusNoContent {
						t.Fatalf("deleting outside Terraform: HTTP %d %v", status, body)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkAttrDiffers(deploymentAddr, "id", &id),
					func(*terraform.State) error {
						if n := env.Mock.Count(routeCreate); n != 3 {
							return fmt.Errorf("want 3 POSTs in all (the first create, the 409, the create after the wait), got %d", n)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccListener_ambiguousCreateAdopted: the listener POST is committed but
// its answer lost; the create adopts that listener instead of leaving an
// orphan and failing with 409 on every retry.
func TestAccListener_ambiguousCreateAdopted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault(routeCreateListener, mockapi.Fault{DropAfterCommit: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config(env, `
resource "langsmith_listener" "test" {
  compute_id = "dropped-cluster"
}
`),
			Check: func(s *terraform.State) error {
				ls := env.Mock.Listeners()
				if len(ls) != 1 || ls[0]["id"] != s.RootModule().Resources["langsmith_listener.test"].Primary.ID {
					return fmt.Errorf("want the one listener on the API in state, got %v", ls)
				}
				if n := env.Mock.Count(routeCreateListener); n != 1 {
					return fmt.Errorf("want 1 listener POST, got %d", n)
				}
				return nil
			},
		}},
	})
}

// TestAccOAuthProvider_ambiguousCreateAdopted: the same for an OAuth
// provider.
func TestAccOAuthProvider_ambiguousCreateAdopted(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.Fault("POST /v2/auth/providers", mockapi.Fault{DropAfterCommit: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config(env, `
resource "langsmith_oauth_provider" "test" {
  provider_id = "dropped-provider"
  name        = "Dropped"
  client_id   = "client"
  auth_url    = "https://auth.example.com/authorize"
  token_url   = "https://auth.example.com/token"
}
`),
			Check: func(s *terraform.State) error {
				ps := env.Mock.OAuthProviders()
				if len(ps) != 1 || ps[0]["id"] != s.RootModule().Resources["langsmith_oauth_provider.test"].Primary.ID {
					return fmt.Errorf("want the one OAuth provider on the API in state, got %v", ps)
				}
				if n := env.Mock.Count("POST /v2/auth/providers"); n != 1 {
					return fmt.Errorf("want 1 POST, got %d", n)
				}
				return nil
			},
		}},
	})
}
