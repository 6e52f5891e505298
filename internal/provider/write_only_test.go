package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
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

// Write-only secrets through the real CLI (Terraform 1.11+, OpenTofu 1.11+),
// whose plan/apply consistency check is what the earlier protocol-level
// tests could not run (issue "Plan and apply agree on every edge", bug 1).

// writeOnlyCLIs skips CLIs without write-only attributes.
var writeOnlyCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))}

const woHashKey = "0123456789abcdef0123456789abcdef"

// woDeployment is a github deployment with LOG_LEVEL in environment_variables
// and the given secrets_wo, secrets_wo_version and other lines.
func woDeployment(wo string, version int, extra string) string {
	v := ""
	if version > 0 {
		v = fmt.Sprintf("  secrets_wo_version = %d\n", version)
	}
	w := ""
	if wo != "" {
		w = "  secrets_wo = " + wo + "\n"
	}
	return githubDeployment{name: "wo-agent", env: map[string]string{"LOG_LEVEL": "info"}, extra: w + v + extra}.hcl("test")
}

// mockVariable checks one variable of the deployment on the API; want ""
// means absent.
func mockVariable(env *acctest.Env, name, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		d, ok := env.Mock.Deployment(s.RootModule().Resources[deploymentAddr].Primary.ID)
		if !ok {
			return fmt.Errorf("deployment not on the API")
		}
		got := ""
		secrets, _ := d["secrets"].([]any)
		for _, raw := range secrets {
			sec, _ := raw.(map[string]any)
			if sec["name"] == name {
				got, _ = sec["value"].(string)
			}
		}
		if got != want {
			return fmt.Errorf("want %s = %q on the API, got %q (all: %v)", name, want, got, secrets)
		}
		return nil
	}
}

// setMockVariable changes one variable outside Terraform, as in the UI.
func setMockVariable(env *acctest.Env, id *string, name, value string) func() {
	return func() {
		d, _ := env.Mock.Deployment(*id)
		secrets, _ := d["secrets"].([]any)
		var out []any
		for _, raw := range secrets {
			sec, _ := raw.(map[string]any)
			if sec["name"] != name {
				out = append(out, sec)
			}
		}
		out = append(out, map[string]any{"name": name, "value": value})
		env.Mock.PatchOutOfBand(*id, map[string]any{"secrets": out})
	}
}

var hmacRE = regexp.MustCompile(`^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$`)

// TestAccDeployment_writeOnlyWithHashKey: with secrets_wo_hash_key, a
// write-only value changed in the configuration (no version bump) or
// outside Terraform plans a rollout whose unknowns are the revision's, and
// apply agrees with the plan; a new hash key plans nothing.
func TestAccDeployment_writeOnlyWithHashKey(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	provider := env.ProviderConfigWith(fmt.Sprintf("  secrets_wo_hash_key = %q", woHashKey))
	cfg := func(value string) string { return provider + woDeployment(`{ WO_TOKEN = "`+value+`" }`, 0, "") }
	var id string
	rollout := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
		plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_id")),
		expectUnknownsWithin(deploymentAddr, revisionUnknowns("environment_hash", "repo_commit_sha")...),
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg("one"),
				Check:  resource.ComposeAggregateTestCheckFunc(captureAttr(deploymentAddr, "id", &id), mockVariable(env, "WO_TOKEN", "one")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("environment_hash"), knownvalue.StringRegexp(hmacRE)),
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("secrets"), knownvalue.Null()),
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("secrets_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new value, no version bump: one rollout.
				Config:           cfg("two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: rollout, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeAggregateTestCheckFunc(mockVariable(env, "WO_TOKEN", "two"), checkMockRevisions(env, 2)),
			},
			{
				// Changed outside Terraform: the refresh's verifier differs, so
				// the plan rolls the configured value out again.
				PreConfig:        setMockVariable(env, &id, "WO_TOKEN", "changed-in-the-ui"),
				Config:           cfg("two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: rollout, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            mockVariable(env, "WO_TOKEN", "two"),
			},
			{
				// Another key: plan and refresh both use it, nothing to roll out.
				Config: env.ProviderConfigWith(`  secrets_wo_hash_key = "another-key-of-sixteen-chars"`) +
					woDeployment(`{ WO_TOKEN = "two" }`, 0, ""),
				PlanOnly: true,
			},
		},
	})
}

// TestAccDeployment_writeOnlyWithoutHashKey: without a hash key nothing that
// could verify a write-only value is kept (environment_hash is null); a new
// value is sent when secrets_wo_version changes, and a change outside
// Terraform goes unnoticed, as the docs say.
func TestAccDeployment_writeOnlyWithoutHashKey(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: config(env, woDeployment(`{ WO_TOKEN = "one" }`, 1, "")),
				Check:  resource.ComposeAggregateTestCheckFunc(captureAttr(deploymentAddr, "id", &id), mockVariable(env, "WO_TOKEN", "one")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("environment_hash"), knownvalue.Null()),
				},
			},
			{
				// Without a verifier a new value alone plans nothing.
				Config:   config(env, woDeployment(`{ WO_TOKEN = "two" }`, 1, "")),
				PlanOnly: true,
			},
			{
				Config: config(env, woDeployment(`{ WO_TOKEN = "two" }`, 2, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectUnknownsWithin(deploymentAddr, revisionUnknowns("repo_commit_sha")...)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: mockVariable(env, "WO_TOKEN", "two"),
			},
			{
				PreConfig: setMockVariable(env, &id, "WO_TOKEN", "changed-in-the-ui"),
				Config:    config(env, woDeployment(`{ WO_TOKEN = "two" }`, 2, "")),
				PlanOnly:  true,
			},
		},
	})
}

// TestAccDeployment_writeOnlyMovesAndRemoval: moving a variable from secrets
// to secrets_wo records its name (the next plan is empty, not a perpetual
// diff); removing every secrets_wo variable removes them from the API and
// never puts a write-only value into state; removing the last variable is
// refused at plan time.
func TestAccDeployment_writeOnlyMovesAndRemoval(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, woDeployment("", 0, `  secrets = { API_KEY = "k-1" }`))},
			{
				Config:           config(env, woDeployment(`{ API_KEY = "k-1" }`, 0, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            mockVariable(env, "API_KEY", "k-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("secrets"), knownvalue.Null()),
				},
			},
			{
				Config:           config(env, woDeployment("", 1, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeAggregateTestCheckFunc(mockVariable(env, "API_KEY", ""), mockVariable(env, "LOG_LEVEL", "info")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, tfjsonpath.New("secrets"), knownvalue.Null()),
				},
			},
			{
				Config:   config(env, githubDeployment{name: "wo-agent", extra: `  environment_variables = {}`}.hcl("test")),
				PlanOnly: true,
				ExpectError: looseAll("Cannot remove every variable",
					"environment_variables, secrets and secrets_wo together"),
			},
		},
	})
}

// TestAccOAuthProvider_clientSecretWriteOnly: client_secret_wo is sent at
// create and again only when client_secret_wo_version changes; it is never
// in state.
func TestAccOAuthProvider_clientSecretWriteOnly(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := func(secret string, version int) string {
		return config(env, fmt.Sprintf(`
resource "langsmith_oauth_provider" "test" {
  provider_id              = "wo-provider"
  name                     = "Write-only"
  client_id                = "client"
  client_secret_wo         = %q
  client_secret_wo_version = %d
  auth_url                 = "https://auth.example.com/authorize"
  token_url                = "https://auth.example.com/token"
}
`, secret, version))
	}
	mockSecret := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			ps := env.Mock.OAuthProviders()
			if len(ps) != 1 || ps[0]["client_secret"] != want {
				return fmt.Errorf("want client_secret %q on the API, got %v", want, ps)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-secret-1", 1),
				Check:  mockSecret("wo-secret-1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("langsmith_oauth_provider.test", tfjsonpath.New("client_secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue("langsmith_oauth_provider.test", tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
				},
			},
			// A new value alone: nothing can notice it, nothing is sent.
			{Config: cfg("wo-secret-2", 1), PlanOnly: true},
			{
				Config: cfg("wo-secret-2", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("langsmith_oauth_provider.test", plancheck.ResourceActionUpdate),
				}},
				Check: mockSecret("wo-secret-2"),
			},
		},
	})
}
