package provider

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// TestLive_deploymentLifecycle runs against the real Control Plane API: it
// creates a github deployment, checks that a plan after apply is empty,
// changes display_name in place and destroys it. It runs only with
// TF_ACC_LIVE=1, LANGSMITH_API_KEY (and LANGSMITH_WORKSPACE_ID for
// organization-scoped keys), LANGSMITH_TEST_INTEGRATION_ID and
// LANGSMITH_TEST_REPO_URL set; it creates and deletes a real deployment.
func TestLive_deploymentLifecycle(t *testing.T) {
	if os.Getenv("TF_ACC_LIVE") == "" || os.Getenv("LANGSMITH_API_KEY") == "" {
		t.Skip("set TF_ACC_LIVE=1 and LANGSMITH_API_KEY to run against the real API")
	}
	integration, repo := os.Getenv("LANGSMITH_TEST_INTEGRATION_ID"), os.Getenv("LANGSMITH_TEST_REPO_URL")
	if integration == "" || repo == "" {
		t.Skip("set LANGSMITH_TEST_INTEGRATION_ID and LANGSMITH_TEST_REPO_URL to a GitHub integration and repository")
	}
	name := fmt.Sprintf("tf-live-%d", time.Now().Unix()%1000000)
	cfg := func(display string) string {
		return fmt.Sprintf(`
provider "langsmith" {}
resource "langsmith_deployment" "test" {
  name         = %q
  display_name = %q
  source       = "github"
  source_config = {
    integration_id  = %q
    repo_url        = %q
    deployment_type = "dev"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  delete_tracing_project = true
  timeouts = { create = "45m" }
}
`, name, display, integration, repo)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           cfg("Terraform live test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.TestCheckResourceAttr(deploymentAddr, "latest_revision_status", "DEPLOYED"),
			},
			{
				Config: cfg("Terraform live test (renamed)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{ResourceName: deploymentAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}
