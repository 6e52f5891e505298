package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

func TestAccListenerDataSource_basic(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	l := apiListener(t, env, "prod-eu-1", []string{"agents", "batch"})
	ds := "data.langsmith_listener.x"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      config(env, `data "langsmith_listener" "x" { id = "prod-eu-1" }`),
				PlanOnly:    true,
				ExpectError: looseRE(`id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "prod-eu-1"`),
			},
			{
				Config:      config(env, `data "langsmith_listener" "x" { id = "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10" }`),
				ExpectError: looseRE(`No listener with ID 0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10 exists in workspace ` + acctest.WorkspaceID),
			},
			{
				PreConfig: env.Mock.ResetCounts,
				Config:    config(env, fmt.Sprintf(`data "langsmith_listener" "x" { id = %q }`, l.ID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectCallsSoFar{env, map[string]int{routeGetListener: 1}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("compute_id"), knownvalue.StringExact("prod-eu-1")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("compute_type"), knownvalue.StringExact("k8s")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("compute_config").AtMapKey("k8s_namespaces"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("agents"), knownvalue.StringExact("batch")})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("version"), knownvalue.Null()),
				},
			},
		},
	})
}
