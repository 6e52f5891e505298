package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
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
