package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// cliHarness drives the real CLI in a working directory of its own, with the
// provider binary installed through dev_overrides: for what
// terraform-plugin-testing cannot do (the next plan of a generated
// configuration, several providers, commands it has no step for).
type cliHarness struct {
	t   *testing.T
	env *acctest.Env
	cli acctest.CLI
	bin string // directory of the provider binary
}

func newCLIHarness(t *testing.T) *cliHarness {
	opts := mockapi.Options{}
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	acctest.BuildProvider(t, acctest.RepoRoot(), bin)
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	h := &cliHarness{t: t, env: acctest.NewEnv(t, opts), cli: acctest.CLI{Path: tf, Dir: work, ConfigFile: filepath.Join(dir, "cli.tfrc")}, bin: bin}
	acctest.WriteDevOverrides(t, h.cli.ConfigFile, bin)
	return h
}

// write replaces the working directory's file name with content.
func (h *cliHarness) write(name, content string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.cli.Dir, name), []byte(content), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// run runs the CLI and fails the test unless it exits with one of codes.
func (h *cliHarness) run(codes []int, args ...string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.t.Context(), 5*time.Minute)
	defer cancel()
	out, code, err := h.cli.Run(ctx, append(args, "-no-color")...)
	if err != nil {
		h.t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	for _, c := range codes {
		if code == c {
			return out
		}
	}
	h.t.Fatalf("%s: exit code %d, want %v:\n%s", strings.Join(args, " "), code, codes, out)
	return ""
}

// planJSON plans into a file and returns the plan's resource changes.
func (h *cliHarness) planJSON(args ...string) []planChange {
	h.t.Helper()
	h.run([]int{0}, append([]string{"plan", "-input=false", "-out=tfplan"}, args...)...)
	out := h.run([]int{0}, "show", "-json", "tfplan")
	var plan struct {
		ResourceChanges []planChange `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &plan); err != nil {
		h.t.Fatalf("reading the plan: %v\n%s", err, out)
	}
	return plan.ResourceChanges
}

type planChange struct {
	Address string `json:"address"`
	Change  struct {
		Actions   []string `json:"actions"`
		Importing any      `json:"importing"`
	} `json:"change"`
}

// expectPureImports fails unless every change is an import that changes
// nothing, and there are want of them.
func (h *cliHarness) expectPureImports(changes []planChange, want int, what string) {
	h.t.Helper()
	if len(changes) != want {
		h.t.Fatalf("%s: want %d resource changes, got %d: %+v", what, want, len(changes), changes)
	}
	for _, c := range changes {
		if c.Change.Importing == nil || len(c.Change.Actions) != 1 || c.Change.Actions[0] != "no-op" {
			h.t.Errorf("%s: %s plans %v (importing: %v), want a pure import", what, c.Address, c.Change.Actions, c.Change.Importing != nil)
		}
	}
}

const requiredProviders = `
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}
`

// TestAccDeployment_generatedConfigPlansClean (bug 11): configuration that
// `terraform plan -generate-config-out` writes for existing deployments
// (secrets written as null, since they are sensitive; a github deployment's
// serving URL) plans as pure imports with no edits, applies, and then plans
// empty.
func TestAccDeployment_generatedConfigPlansClean(t *testing.T) {
	h := newCLIHarness(t)
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+fmt.Sprintf(`
resource "langsmith_deployment" "github" {
  name         = "adopt-github"
  source       = "github"
  display_name = "Adopt me"
  source_config = {
    integration_id = %q
    repo_url       = "https://github.com/acme/support-agent"
    resource_spec  = { cpu = 1, labels = { team = "agents" } }
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables = { LOG_LEVEL = "info" }
  secrets               = { OPENAI_API_KEY = "sk-adopt" }
}

resource "langsmith_deployment" "docker" {
  name   = "adopt-docker"
  source = "external_docker"
  source_config = {
    custom_url    = "https://agent.example.com"
    resource_spec = { cpu = 0.55, memory_mb = 1024, max_scale = 2 }
  }
  source_revision_config = { image_uri = "registry.example.com/agent:1.0.0" }
  secrets                = { TOKEN = "t-1" }
  secret_references      = [{ name = "DB_URL", secret_name = "db", secret_key = "url" }]
}
`, acctest.IntegrationID))
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	ids := map[string]string{}
	for _, d := range h.env.Mock.Deployments() {
		ids[fmt.Sprint(d["name"])] = fmt.Sprint(d["id"])
	}

	// Forget both and adopt them with import blocks and generated config.
	h.run([]int{0}, "state", "rm", "langsmith_deployment.github", "langsmith_deployment.docker")
	h.write("main.tf", requiredProviders+h.env.ProviderConfig()+fmt.Sprintf(`
import {
  to = langsmith_deployment.github
  id = %q
}

import {
  to = langsmith_deployment.docker
  id = %q
}
`, ids["adopt-github"], ids["adopt-docker"]))
	h.expectPureImports(h.planJSON("-generate-config-out=generated.tf"), 2, "the generating plan")
	if t.Failed() {
		t.Log(h.run([]int{0}, "show", "tfplan")) // what differs
	}
	generated, err := os.ReadFile(filepath.Join(h.cli.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(generated), "custom_url") && strings.Contains(string(generated), ".langgraph.app") {
		t.Errorf("the generated configuration carries the github deployment's serving URL as custom_url:\n%s", generated)
	}
	if !strings.Contains(string(generated), "secrets") {
		t.Errorf("want secrets in the generated configuration (as null), got:\n%s", generated)
	}

	// The next plan, with the generated file as it is.
	h.expectPureImports(h.planJSON(), 2, "the plan of the generated configuration")
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	if out := h.run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
		t.Errorf("after the import, want an empty plan, got:\n%s", out)
	}
	// The variables were kept: nothing removed them.
	for _, d := range h.env.Mock.Deployments() {
		if secrets, _ := d["secrets"].([]any); len(secrets) == 0 {
			t.Errorf("deployment %v lost its variables: %v", d["name"], d["secrets"])
		}
	}
	h.write("main.tf", requiredProviders+h.env.ProviderConfig())
	if err := os.Remove(filepath.Join(h.cli.Dir, "generated.tf")); err != nil {
		t.Fatal(err)
	}
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	if n := len(h.env.Mock.Deployments()); n != 0 {
		t.Errorf("want no deployments after removing them from the configuration, got %d", n)
	}
}
