package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// identityChecks are the TestCase version checks of identity tests:
// resource identity needs Terraform 1.12 (or OpenTofu 1.12, which reports
// its own version and has identity too).
var identityChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.12.0")))}

// workspaceIdentity is the identity a deployment or listener of the test
// workspace must have: its own ID and the workspace.
func workspaceIdentity(addr string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
			"id":           knownvalue.StringRegexp(uuidRE),
			"workspace_id": knownvalue.StringExact(acctest.WorkspaceID),
		}),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("workspace_id")),
	}
}

// TestAccDeployment_identity: the identity is in state after create, stays
// the same through an update and a refresh, and an import block with that
// identity plans a pure import, calling only GET on the API.
func TestAccDeployment_identity(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	created := config(env, githubDeployment{name: "identity-agent"}.hcl("test"))
	updated := config(env, githubDeployment{name: "identity-agent", extra: `  display_name = "Identity Agent"`}.hcl("test"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityChecks,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config:            created,
				Check:             captureAttr(deploymentAddr, "id", &id),
				ConfigStateChecks: workspaceIdentity(deploymentAddr),
			},
			{
				ResourceName:    deploymentAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				PreConfig:       env.Mock.ResetCounts,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					// The import's read: one GET of the deployment (its
					// active revision is the latest, so no revision GET).
					expectCallsSoFar{env, map[string]int{routeGet: 1}},
				}},
			},
			{
				// In place; the identity does not move.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
				}},
				Check:             checkAttrEquals(deploymentAddr, "id", &id),
				ConfigStateChecks: workspaceIdentity(deploymentAddr),
			},
			{
				// The framework fails a refresh whose identity differs
				// from the stored one.
				RefreshState: true,
			},
		},
	})
}

// TestAccListener_identity is TestAccDeployment_identity for a listener.
func TestAccListener_identity(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	created := config(env, listenerHCL(`  compute_id = "identity-cluster"
  compute_config = { k8s_namespaces = ["agents"] }`))
	updated := config(env, listenerHCL(`  compute_id = "identity-cluster"
  compute_config = { k8s_namespaces = ["agents", "batch"] }`))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityChecks,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             listenersGone(env),
		Steps: []resource.TestStep{
			{Config: created, ConfigStateChecks: workspaceIdentity(listenerAddr)},
			{
				ResourceName:    listenerAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				PreConfig:       env.Mock.ResetCounts,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					expectCallsSoFar{env, map[string]int{routeGetListener: 1}},
				}},
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(listenerAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: workspaceIdentity(listenerAddr),
			},
		},
	})
}

// TestAccOAuthProvider_identity: an OAuth provider's identity is its
// provider_id, the same after an update; an import block with it plans a
// pure import.
func TestAccOAuthProvider_identity(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	identity := []statecheck.StateCheck{
		statecheck.ExpectIdentity(oauthAddr, map[string]knownvalue.Check{"provider_id": knownvalue.StringExact("acme-github")}),
		statecheck.ExpectIdentityValueMatchesState(oauthAddr, tfjsonpath.New("provider_id")),
	}
	// A public client (PKCE, no secret): the import reads everything the
	// configuration sets, so the import plan is empty.
	pkce := `  uses_pkce = true
  token_endpoint_auth_method = "none"`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityChecks,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             providersGone(env),
		Steps: []resource.TestStep{
			{Config: config(env, oauthHCL("Acme GitHub", pkce)), ConfigStateChecks: identity},
			{
				ResourceName:    oauthAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config: config(env, oauthHCL("Acme GitHub App", pkce)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oauthAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: identity,
			},
		},
	})
}

// TestAccDeployment_importByIdentity adopts a deployment made outside
// Terraform with `import { identity = { id = ... } }` (workspace_id left
// out): the plan is a pure import, the apply writes the identity with the
// workspace filled in from the API, and the next plan is empty. Then state
// written without any identity (as by versions of the provider before it)
// gains it on the next refresh, unchanged from what create would write.
func TestAccDeployment_importByIdentity(t *testing.T) {
	requireCLI(t, "resource identity", "1.12.0", "1.12.0")
	h := newCLIHarness(t)
	t.Parallel()
	dep := apiGithubDeployment(t, h.env, "adopted-by-identity", "main", "")
	resourceHCL := githubDeployment{name: "adopted-by-identity"}.hcl("test")
	resourceHCL = strings.Replace(resourceHCL, `    deployment_type = "prod"`+"\n", "", 1) // the API's default
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+resourceHCL+fmt.Sprintf(`
import {
  to       = langsmith_deployment.test
  identity = { id = %q }
}
`, dep.ID))
	h.expectPureImports(h.planJSON(), 1, "the import by identity")
	h.env.Mock.ResetCounts()
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	if out := h.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the import by identity, want an empty plan, got:\n%s", out)
	}
	want := map[string]any{"id": dep.ID, "workspace_id": acctest.WorkspaceID}
	if got := h.identity("langsmith_deployment.test"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("identity after the import: got %v, want %v", got, want)
	}
	// The apply's plan reads the imported deployment, applying a pure import
	// calls nothing, the next plan refreshes it: two GETs and nothing else.
	if err := h.env.CheckCalls(map[string]int{routeGet: 2}); err != nil {
		t.Error(err)
	}

	// State as an older provider wrote it: no identity.
	h.stripIdentities()
	if got := h.identity("langsmith_deployment.test"); got != nil {
		t.Fatalf("stripping the identity left %v", got)
	}
	h.run([]int{0}, "apply", "-refresh-only", "-auto-approve", "-input=false")
	if got := h.identity("langsmith_deployment.test"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("identity after refreshing state without one: got %v, want %v", got, want)
	}
	if out := h.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the refresh, want an empty plan, got:\n%s", out)
	}

	// A deployment deleted outside Terraform, in state without identity: the
	// refresh drops it (Terraform wants an identity from that read too) and
	// the plan creates it again.
	h.stripIdentities()
	if !h.env.Mock.DeleteDeploymentOutOfBand(dep.ID) {
		t.Fatalf("deployment %s is not on the mock", dep.ID)
	}
	if out := h.run([]int{2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "1 to add, 0 to change, 0 to destroy") {
		t.Errorf("after the deletion, want a plan that creates the deployment, got:\n%s", out)
	}
	h.write("main.tf", requiredProviders+h.env.ProviderConfig())
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
}

// The IDs in the examples/resources/*/import-by-identity.tf files.
const (
	exampleDeploymentID = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
	exampleWorkspaceID  = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	exampleListenerID   = "3b8e2f4a-6c1d-4e9b-8a7f-2d5c6b4a3e1f"
	exampleProviderID   = "github-app"
)

// TestAccDeployment_importByIdentityExample runs the documented examples
// (examples/resources/*/import-by-identity.tf) against objects made outside
// Terraform, with their IDs swapped in: with generated configuration, each
// plans a pure import.
func TestAccDeployment_importByIdentityExample(t *testing.T) {
	requireCLI(t, "resource identity", "1.12.0", "1.12.0")
	h := newCLIHarness(t)
	t.Parallel()
	dep := apiGithubDeployment(t, h.env, "support-agent", "main", "")
	listener := apiListener(t, h.env, "prod-eu-1", []string{"agents"})
	str := func(s string) *string { return &s }
	_, err := apiClient(h.env).CreateOAuthProvider(t.Context(), &langsmith.OAuthProviderCreateRequest{
		ProviderID: exampleProviderID, Name: "GitHub", ClientID: "Iv1.0123456789abcdef", ClientSecret: str("s3cret"),
		AuthURL: "https://github.com/login/oauth/authorize", TokenURL: "https://github.com/login/oauth/access_token",
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.NewReplacer(exampleDeploymentID, dep.ID, exampleWorkspaceID, acctest.WorkspaceID, exampleListenerID, listener.ID)
	var imports strings.Builder
	for _, typ := range []string{"langsmith_deployment", "langsmith_listener", "langsmith_oauth_provider"} {
		b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "examples", "resources", typ, "import-by-identity.tf"))
		if err != nil {
			t.Fatal(err)
		}
		imports.WriteString(ids.Replace(string(b)) + "\n")
	}
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+imports.String())
	h.expectPureImports(h.planJSON("-generate-config-out=generated.tf"), 3, "the documented imports by identity")
}
