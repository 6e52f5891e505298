package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccDeployment_interruptedApply presses Ctrl-C (SIGINT to the real
// terraform CLI) while apply waits for the first revision of a deployment
// the API has already accepted. Terraform must record the deployment
// (tainted), not orphan it; the next apply replaces it, and exactly one
// deployment exists at the end. terraform-plugin-testing cannot interrupt a
// command, so this test drives the CLI itself, with the provider built as a
// binary and installed through dev_overrides.
func TestAccDeployment_interruptedApply(t *testing.T) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	env := acctest.NewEnv(t, mockapi.Options{})
	env.Mock.HoldRevisions(true)
	dir := t.TempDir()

	// Build the provider and point the CLI at it.
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	plugins := filepath.Join(dir, "plugins")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(plugins, "terraform-provider-langsmith"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	overrides := ""
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		overrides += fmt.Sprintf("    %q = %q\n", host+"/langsmith-terraform/langsmith", plugins)
	}
	writeFile(t, cliConfig, "provider_installation {\n  dev_overrides {\n"+overrides+"  }\n  direct {}\n}\n")
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}
`+env.ProviderConfig()+
		githubDeployment{name: "interrupted-agent", extra: "  delete_tracing_project = true"}.hcl("test"))

	run := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=")
		return cmd
	}

	// Apply, and interrupt it once the provider is polling the revision.
	var out bytes.Buffer
	apply := run(t.Context(), "apply", "-auto-approve", "-input=false", "-no-color")
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for env.Mock.Count("GET /v2/deployments/{deployment_id}/revisions/{revision_id}") < 2 {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the provider never polled the revision:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := apply.Wait(); err == nil {
		t.Fatalf("the interrupted apply succeeded:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Fatalf("terraform did not report the interrupt:\n%s", out.String())
	}

	// The accepted deployment is in state, tainted, and is the only one.
	deps := env.Mock.Deployments()
	if len(deps) != 1 {
		t.Fatalf("want 1 deployment on the API after the interrupt, got %d", len(deps))
	}
	id, status := stateInstance(t, filepath.Join(work, "terraform.tfstate"))
	if id != deps[0]["id"] || status != "tainted" {
		t.Fatalf("state holds deployment %q with status %q; want %v, tainted\n%s", id, status, deps[0]["id"], out.String())
	}

	// Re-applying converges: the tainted deployment is replaced, and again
	// exactly one exists.
	env.Mock.HoldRevisions(false)
	if b, err := run(t.Context(), "apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput(); err != nil {
		t.Fatalf("second apply: %v\n%s", err, b)
	}
	deps = env.Mock.Deployments()
	newID, status := stateInstance(t, filepath.Join(work, "terraform.tfstate"))
	if len(deps) != 1 || deps[0]["id"] != newID || newID == id || status != "" {
		t.Fatalf("after the second apply: API has %v, state has %q (%q); want one new, untainted deployment", deps, newID, status)
	}
	if n := env.Mock.Count("POST /v2/deployments"); n != 2 {
		t.Fatalf("want 2 creates in all (the interrupted one and its replacement), got %d", n)
	}
	if b, err := run(t.Context(), "destroy", "-auto-approve", "-input=false", "-no-color").CombinedOutput(); err != nil {
		t.Fatalf("destroy: %v\n%s", err, b)
	}
	if n := len(env.Mock.Deployments()); n != 0 {
		t.Fatalf("want no deployments after destroy, got %d", n)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// stateInstance returns the ID and status ("" or "tainted") of the one
// langsmith_deployment instance in a local state file.
func stateInstance(t *testing.T, path string) (id, status string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type == "langsmith_deployment" && len(r.Instances) == 1 {
			id, _ := r.Instances[0].Attributes["id"].(string)
			return id, r.Instances[0].Status
		}
	}
	t.Fatalf("no langsmith_deployment instance in %s:\n%s", path, raw)
	return "", ""
}
