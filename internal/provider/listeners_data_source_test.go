package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// apiListener registers a listener through the API, outside Terraform.
func apiListener(t *testing.T, env *acctest.Env, computeID string, namespaces []string) *langsmith.Listener {
	t.Helper()
	l, err := apiClient(env).CreateListener(context.Background(), &langsmith.ListenerCreateRequest{
		ComputeType: "k8s", ComputeID: computeID, ComputeConfig: langsmith.ListenerComputeConfig{K8sNamespaces: namespaces},
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestAccListenersDataSource_pagination lists 101 listeners: two pages.
func TestAccListenersDataSource_pagination(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	first := apiListener(t, env, "cluster-000", []string{"agents"})
	for i := 1; i < 101; i++ {
		apiListener(t, env, fmt.Sprintf("cluster-%03d", i), nil)
	}
	all := "data.langsmith_listeners.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.Mock.ResetCounts,
			Config:    config(env, `data "langsmith_listeners" "all" {}`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				expectCallsSoFar{env, map[string]int{routeListListeners: 2}},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("ids"), knownvalue.ListSizeExact(101)),
				// Newest first: the first one registered is last.
				statecheck.ExpectKnownValue(all, tfjsonpath.New("listeners").AtSliceIndex(100), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":             knownvalue.StringExact(first.ID),
					"compute_type":   knownvalue.StringExact("k8s"),
					"compute_id":     knownvalue.StringExact("cluster-000"),
					"compute_config": knownvalue.ObjectExact(map[string]knownvalue.Check{"k8s_namespaces": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("agents")})}),
					"version":        knownvalue.Null(),
					"created_at":     knownvalue.NotNull(),
					"updated_at":     knownvalue.NotNull(),
				})),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("listeners").AtSliceIndex(0).AtMapKey("compute_config").AtMapKey("k8s_namespaces"), knownvalue.Null()),
			},
		}},
	})
}
