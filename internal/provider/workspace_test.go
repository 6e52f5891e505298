package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Every workspace from one configuration (issue 11, item 1): each
// workspace-scoped object names its workspace_id, sent as X-Tenant-Id on its
// own requests; the provider's workspace_id is only the default at create.

// providerFor is a provider block acting in workspace by default.
func providerFor(env *acctest.Env, workspace string) string {
	return fmt.Sprintf(`
provider "langsmith" {
  api_key           = %q
  workspace_id      = %q
  control_plane_url = %q
}
`, acctest.APIKey, workspace, env.URL)
}

// mockTenant returns the tenant_id the mock reports for a deployment.
func mockTenant(env *acctest.Env, addr string, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		d, ok := env.Mock.Deployment(s.RootModule().Resources[addr].Primary.ID)
		if !ok || d["tenant_id"] != want {
			return fmt.Errorf("%s: want the deployment in workspace %s on the API, got %v", addr, want, d["tenant_id"])
		}
		return nil
	}
}

// TestAccDeployment_workspaces: deployments in two workspaces from one
// provider block; changing the provider's workspace_id plans nothing; a
// changed workspace_id on the resource replaces it; the data sources read in
// the workspace they name; import <workspace_id>/<id> works for a workspace
// other than the provider's.
func TestAccDeployment_workspaces(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	a, b := acctest.WorkspaceID, acctest.OtherWorkspaceID
	deployments := func(otherWS string) string {
		return fmt.Sprintf(`
resource "langsmith_deployment" "home" {
  name                   = "ws-home"
  source                 = "external_docker"
  source_config          = {}
  source_revision_config = { image_uri = "registry.example.com/agent:1.0.0" }
  environment_variables  = { LOG_LEVEL = "info" }
  delete_tracing_project = true
}

resource "langsmith_deployment" "other" {
  name         = "ws-other"
  workspace_id = %q
  source       = "github"
  source_config = {
    integration_id = %q
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = "info" }
  delete_tracing_project = true
}

resource "langsmith_listener" "other" {
  workspace_id = %q
  compute_id   = "ws-cluster"
}

data "langsmith_deployment" "other" {
  workspace_id = langsmith_deployment.other.workspace_id
  name         = langsmith_deployment.other.name
}
`, otherWS, acctest.IntegrationID, otherWS)
	}
	var otherID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: providerFor(env, a) + deployments(b),
				Check: resource.ComposeAggregateTestCheckFunc(
					mockTenant(env, "langsmith_deployment.home", a),
					mockTenant(env, "langsmith_deployment.other", b),
					captureAttr("langsmith_deployment.other", "id", &otherID),
					resource.TestCheckResourceAttrPair("data.langsmith_deployment.other", "id", "langsmith_deployment.other", "id"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("langsmith_deployment.home", tfjsonpath.New("workspace_id"), knownvalue.StringExact(a)),
					statecheck.ExpectKnownValue("langsmith_deployment.other", tfjsonpath.New("workspace_id"), knownvalue.StringExact(b)),
					statecheck.ExpectKnownValue("langsmith_listener.other", tfjsonpath.New("workspace_id"), knownvalue.StringExact(b)),
					statecheck.ExpectKnownValue("data.langsmith_deployment.other", tfjsonpath.New("workspace_id"), knownvalue.StringExact(b)),
				},
			},
			{
				// The provider now defaults to the other workspace: every
				// object stays where its state says, nothing is replaced.
				Config: providerFor(env, b) + deployments(b),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("langsmith_deployment.home", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("langsmith_deployment.other", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("langsmith_listener.other", plancheck.ResourceActionNoop),
				}},
				Check: mockTenant(env, "langsmith_deployment.home", a),
			},
			{
				// Import by <workspace_id>/<id> with a provider acting in
				// another workspace.
				Config:       providerFor(env, a) + deployments(b),
				ResourceName: "langsmith_deployment.other",
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return b + "/" + s.RootModule().Resources["langsmith_deployment.other"].Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"environment_variables", "secrets", "delete_tracing_project"},
			},
			{
				// Moving the deployment to the provider's workspace replaces it.
				Config: providerFor(env, a) + strings.Replace(deployments(b), `  workspace_id = "`+b+`"
  source       = "github"`, `  workspace_id = "`+a+`"
  source       = "github"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("langsmith_deployment.other", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					mockTenant(env, "langsmith_deployment.other", a),
					checkAttrDiffers("langsmith_deployment.other", "id", &otherID),
				),
			},
		},
	})
}

// TestAccDeployment_importByIDTakesTheAPIsWorkspace: an import by ID alone
// records the workspace the API reports (tenant_id). State of schema
// version 0, which named it tenant_id, upgrades to workspace_id: the upgrade
// test (TestAccUpgrade_fromV010) checks that through the real CLI.
func TestAccDeployment_importByIDTakesTheAPIsWorkspace(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := config(env, githubDeployment{name: "import-ws"}.hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: deploymentAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"environment_variables", "secrets"}},
		},
	})
}

// TestAccDeploymentRedeploy_otherWorkspace: a rollback of a deployment in a
// workspace other than the provider's names that workspace; its requests go
// there, and state keeps it.
func TestAccDeploymentRedeploy_otherWorkspace(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	b := acctest.OtherWorkspaceID
	dep := func(tag string) string {
		return fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name                   = "ws-rollback"
  workspace_id           = %q
  source                 = "external_docker"
  source_config          = {}
  source_revision_config = { image_uri = "registry.example.com/agent:%s" }
  delete_tracing_project = true
}
`, b, tag) + firstRevisionHCL
	}
	const rollback = `
resource "langsmith_deployment_redeploy" "rollback" {
  workspace_id  = langsmith_deployment.test.workspace_id
  deployment_id = langsmith_deployment.test.id
  revision_id   = terraform_data.first_revision.output
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: providerFor(env, acctest.WorkspaceID) + dep("1")},
			{Config: providerFor(env, acctest.WorkspaceID) + dep("2")},
			{
				Config: providerFor(env, acctest.WorkspaceID) + dep("2") + rollback,
				// The rollback is drift of the deployment, which the next plan
				// shows (TestAccDeploymentRedeploy_rollback).
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					mockTenant(env, deploymentAddr, b),
					func(s *terraform.State) error {
						d, _ := env.Mock.Deployment(s.RootModule().Resources[deploymentAddr].Primary.ID)
						if img := d["source_revision_config"].(map[string]any)["image_uri"]; img != "registry.example.com/agent:1" {
							return fmt.Errorf("after the rollback the API runs %v, want agent:1", img)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(redeployAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(b)),
				},
			},
		},
	})
}

// TestAccDeployment_importFromUnreachableWorkspace: an import from a
// workspace the key cannot act in reaches the API, whose refusal names that
// workspace (not the provider's).
func TestAccDeployment_importFromUnreachableWorkspace(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	const unreachable = "11111111-2222-4333-8444-555555555555"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:        config(env, githubDeployment{name: "unreachable"}.hcl("test")),
			ResourceName:  deploymentAddr,
			ImportState:   true,
			ImportStateId: unreachable + "/6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706",
			ExpectError:   looseAll("HTTP 403", "not allowed to do this in workspace "+unreachable),
		}},
	})
}
