package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// The chaos test (issue "Nothing lost, nothing taken"): a fixed share of all
// requests fails at random (503, 502, 429 with Retry-After, connections
// dropped after the server committed) while terraform applies, plans, updates
// and destroys 20 deployments, 3 listeners and 3 OAuth providers. Every
// command must succeed the first time, and the API must end up with exactly
// what the configuration says: no duplicate, no extra revision, nothing the
// state does not know, nothing left after destroy.

const chaosRate = 0.2

var chaosSeeds = []uint64{1, 2, 3}

// chaosConfig is the configuration of one run; level changes a variable of
// every deployment (a revision each).
func chaosConfig(env *acctest.Env, prefix, level string) string {
	return env.ProviderConfig() + fmt.Sprintf(`
locals {
  level = %[3]q
}

resource "langsmith_listener" "l" {
  count          = 3
  compute_id     = "%[1]s-cluster-${count.index}"
  compute_config = { k8s_namespaces = ["agents"] }
}

resource "langsmith_oauth_provider" "p" {
  count       = 3
  provider_id = "%[1]s-provider-${count.index}"
  name        = "Provider ${count.index}"
  client_id   = "client-${count.index}"
  auth_url    = "https://auth.example.com/authorize"
  token_url   = "https://auth.example.com/token"
}

resource "langsmith_deployment" "gh" {
  count  = 15
  name   = "%[1]s-gh-${count.index}"
  source = "github"
  source_config = {
    integration_id = %[2]q
    repo_url       = "https://github.com/acme/support-agent"
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = local.level }
  delete_tracing_project = true
}

resource "langsmith_deployment" "docker" {
  count  = 5
  name   = "%[1]s-docker-${count.index}"
  source = "external_docker"
  source_config = {
    listener_id     = langsmith_listener.l[0].id
    listener_config = { k8s_namespace = "agents" }
    resource_spec   = { cpu = 1 }
  }
  source_revision_config = { image_uri = "registry.example.com/agent:1.0.0" }
  environment_variables  = { LOG_LEVEL = local.level }
  delete_tracing_project = true
}
`, prefix, acctest.IntegrationID, level)
}

// chaosInvariants checks the API against the state: every deployment,
// listener and OAuth provider once, and each deployment with exactly
// revisions revisions.
func chaosInvariants(env *acctest.Env, prefix string, revisions int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var problems []string
		inState := map[string]bool{}
		for _, r := range s.RootModule().Resources {
			inState[r.Primary.ID] = true
		}
		names := map[string]int{}
		for _, d := range env.Mock.Deployments() {
			name, id := fmt.Sprint(d["name"]), fmt.Sprint(d["id"])
			if !strings.HasPrefix(name, prefix+"-") {
				continue
			}
			names[name]++
			if !inState[id] {
				problems = append(problems, fmt.Sprintf("deployment %s (%s) is on the API but not in state", name, id))
			}
			if n := len(env.Mock.Revisions(id)); n != revisions {
				problems = append(problems, fmt.Sprintf("deployment %s has %d revisions, want %d", name, n, revisions))
			}
		}
		for name, n := range names {
			if n != 1 {
				problems = append(problems, fmt.Sprintf("%d deployments named %s", n, name))
			}
		}
		if len(names) != 20 {
			problems = append(problems, fmt.Sprintf("%d deployments on the API, want 20", len(names)))
		}
		for _, kind := range []struct {
			what  string
			items []map[string]any
			key   string
		}{{"listener", env.Mock.Listeners(), "compute_id"}, {"OAuth provider", env.Mock.OAuthProviders(), "provider_id"}} {
			seen := map[string]int{}
			for _, it := range kind.items {
				key := fmt.Sprint(it[kind.key])
				if !strings.HasPrefix(key, prefix+"-") {
					continue
				}
				seen[key]++
				if !inState[fmt.Sprint(it["id"])] {
					problems = append(problems, fmt.Sprintf("%s %s is on the API but not in state", kind.what, key))
				}
			}
			if len(seen) != 3 {
				problems = append(problems, fmt.Sprintf("%d %ss on the API, want 3", len(seen), kind.what))
			}
			for key, n := range seen {
				if n != 1 {
					problems = append(problems, fmt.Sprintf("%d %ss for %s", n, kind.what, key))
				}
			}
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Errorf("the API does not match the state:\n  %s", strings.Join(problems, "\n  "))
		}
		return nil
	}
}

// chaosGone checks that nothing of the run is left on the API.
func chaosGone(env *acctest.Env, prefix string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var left []string
		for _, d := range env.Mock.Deployments() {
			if strings.HasPrefix(fmt.Sprint(d["name"]), prefix+"-") {
				left = append(left, fmt.Sprint(d["name"]))
			}
		}
		for _, l := range env.Mock.Listeners() {
			if strings.HasPrefix(fmt.Sprint(l["compute_id"]), prefix+"-") {
				left = append(left, fmt.Sprint(l["compute_id"]))
			}
		}
		for _, p := range env.Mock.OAuthProviders() {
			if strings.HasPrefix(fmt.Sprint(p["provider_id"]), prefix+"-") {
				left = append(left, fmt.Sprint(p["provider_id"]))
			}
		}
		if len(left) > 0 {
			return fmt.Errorf("left on the API after destroy: %v", left)
		}
		return nil
	}
}

// chaosSteps apply, update (a revision per deployment) and destroy one run.
func chaosSteps(env *acctest.Env, prefix string) []resource.TestStep {
	return []resource.TestStep{
		{Config: chaosConfig(env, prefix, "info"), Check: chaosInvariants(env, prefix, 1)},
		{Config: chaosConfig(env, prefix, "debug"), Check: chaosInvariants(env, prefix, 2)},
		{Config: chaosConfig(env, prefix, "debug"), Destroy: true},
		{
			// After the destroy, with the faults stopped so this step's own
			// plan is exact: nothing of the run is left.
			PreConfig:          func() { env.Mock.SetChaos(0) },
			Config:             env.ProviderConfig(),
			PlanOnly:           true,
			ExpectNonEmptyPlan: false,
			Check:              chaosGone(env, prefix),
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPreRefresh: mockChecks(chaosGone(env, prefix))},
		},
	}
}

// TestAccChaos_flakyNetwork runs the lifecycle on several seeds.
func TestAccChaos_flakyNetwork(t *testing.T) {
	for _, seed := range chaosSeeds {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			env := acctest.NewEnv(t, mockapi.Options{Chaos: mockapi.Chaos{Rate: chaosRate, Seed: seed}, RevisionStepDelay: 20 * time.Millisecond})
			start := time.Now()
			t.Cleanup(func() {
				injected, total := env.Mock.ChaosInjected(), 0
				for _, n := range injected {
					total += n
				}
				t.Logf("seed %d: %d faults injected (%v) at rate %.0f%% in %s", seed, total, injected, chaosRate*100, time.Since(start).Round(time.Millisecond))
			})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: chaosSteps(env, "chaos")})
		})
	}
}

// TestAccChaos_twoWorkingDirectories: two configurations with different
// objects applied at once against one flaky API; neither takes over the
// other's objects.
func TestAccChaos_twoWorkingDirectories(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{Chaos: mockapi.Chaos{Rate: chaosRate, Seed: 42}})
	for _, prefix := range []string{"team-a", "team-b"} {
		t.Run(prefix, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders,
				CheckDestroy: chaosGone(env, prefix),
				Steps: []resource.TestStep{
					{Config: chaosConfig(env, prefix, "info"), Check: chaosInvariants(env, prefix, 1)},
				}})
		})
	}
}
