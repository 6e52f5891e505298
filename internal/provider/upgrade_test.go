package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// upgradeFrom is the release whose state the current provider must take over
// without planning changes: the tag, and its commit for clones without tags.
var upgradeFrom = []string{"v0.1.0", "028527b"}

// upgradeCommandTimeout bounds each CLI command, so a hung command fails the
// test with its output instead of running into go test's timeout.
const upgradeCommandTimeout = 5 * time.Minute

// TestAccUpgrade_fromV010 checks that upgrading the provider from v0.1.0 is
// safe: resources applied with the v0.1.0 binary plan no changes with the
// current one, and destroy with the current one removes them. It drives the
// real CLI itself (terraform-plugin-testing runs one provider version): both
// providers are built as binaries and installed through dev_overrides, the
// CLI configuration pointing first at the old one, then at the new one.
func TestAccUpgrade_fromV010(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not: set it to a terraform or tofu binary (make testacc does)")
	}
	root := acctest.RepoRoot()
	commit, ref, err := acctest.ResolveCommit(t.Context(), root, upgradeFrom...)
	if err != nil {
		t.Skipf("cannot build the old provider: %v. A shallow clone lacks the history; "+
			"`git fetch --tags --unshallow` makes this test run", err)
	}
	t.Parallel()

	dir := t.TempDir()
	oldDir, newDir := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	start := time.Now()
	acctest.BuildProviderAt(t, root, commit, oldDir)
	t.Logf("built the provider at %s (%s) in %s", ref, commit[:12], time.Since(start).Round(time.Millisecond))
	start = time.Now()
	acctest.BuildProvider(t, root, newDir)
	t.Logf("built the current provider in %s", time.Since(start).Round(time.Millisecond))

	env := acctest.NewEnv(t, mockapi.Options{})
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(upgradeConfig(env)), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := acctest.CLI{Path: tf, Dir: work, ConfigFile: filepath.Join(dir, "cli.tfrc")}
	run := func(binDir string, args ...string) (string, int) {
		t.Helper()
		acctest.WriteDevOverrides(t, cli.ConfigFile, binDir)
		ctx, cancel := context.WithTimeout(t.Context(), upgradeCommandTimeout)
		defer cancel()
		start := time.Now()
		out, code, err := cli.Run(ctx, args...)
		if err != nil {
			t.Fatalf("running %s %s: %v\n%s", tf, strings.Join(args, " "), err, out)
		}
		if ctx.Err() != nil {
			t.Fatalf("%s %s (provider from %s) did not finish within %s:\n%s", filepath.Base(tf), args[0], binDir, upgradeCommandTimeout, out)
		}
		t.Logf("%s %s with the %s provider: exit %d in %s", filepath.Base(tf), args[0], filepath.Base(binDir), code, time.Since(start).Round(time.Millisecond))
		return out, code
	}

	// 1. Apply with the old provider.
	if out, code := run(oldDir, "apply", "-auto-approve", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("apply with the provider at %s (%s) failed with exit code %d; the mock API or the configuration "+
			"no longer suits that release:\n%s", ref, commit[:12], code, out)
	}
	if n := len(env.Mock.Deployments()); n != 2 {
		t.Fatalf("after apply with the provider at %s: want 2 deployments on the mock API, got %d", ref, n)
	}

	// 2. Plan with the current provider: its state upgrade, Read and plan
	// modifiers must agree with what the old one stored.
	out, code := run(newDir, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	switch code {
	case 0:
	case 2:
		t.Errorf("upgrading from %s (%s) is not a no-op: with the same configuration and the state the old provider "+
			"wrote, the current provider plans changes (plan -detailed-exitcode exited 2). Users upgrading would see "+
			"this plan:\n%s", ref, commit[:12], out)
	default:
		t.Errorf("plan with the current provider over state written by %s (%s) failed with exit code %d:\n%s",
			ref, commit[:12], code, out)
	}

	// 3. Destroy with the current provider.
	if out, code := run(newDir, "destroy", "-auto-approve", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("destroy with the current provider over state written by %s failed with exit code %d:\n%s", ref, code, out)
	}
	if left := env.Mock.Deployments(); len(left) != 0 {
		ids := make([]string, 0, len(left))
		for _, d := range left {
			ids = append(ids, fmt.Sprint(d["id"]))
		}
		t.Fatalf("after destroy the mock API still holds %d deployment(s): %s", len(left), strings.Join(ids, ", "))
	}
}

// upgradeConfig is one configuration with what v0.1.0 could manage, with
// as many optional attributes set as its schema accepts: a github deployment,
// a listener with an external_docker deployment placed on it (a workspace
// with a listener requires listener_id), and an OAuth provider.
func upgradeConfig(env *acctest.Env) string {
	return `
terraform {
  required_providers {
    langsmith = { source = "langsmith-terraform/langsmith" }
  }
}
` + env.ProviderConfig() + fmt.Sprintf(`
resource "langsmith_deployment" "github" {
  name         = "upgrade-github"
  source       = "github"
  display_name = "Upgrade check (github)"
  source_config = {
    integration_id  = %q
    repo_url        = "https://github.com/acme/support-agent"
    deployment_type = "prod"
    build_on_push   = false
    resource_spec = {
      cpu       = 1
      memory_mb = 2048
      labels    = { team = "agents" }
    }
  }
  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }
  environment_variables  = { LOG_LEVEL = "info" }
  secrets                = { OPENAI_API_KEY = "sk-upgrade-0123456789" }
  delete_tracing_project = true
}

resource "langsmith_listener" "cluster" {
  compute_id     = "upgrade-cluster"
  compute_config = { k8s_namespaces = ["agents", "staging"] }
}

resource "langsmith_deployment" "docker" {
  name   = "upgrade-docker"
  source = "external_docker"
  source_config = {
    listener_id     = langsmith_listener.cluster.id
    listener_config = { k8s_namespace = "agents" }
    custom_url      = "https://upgrade-agent.example.com"
    resource_spec = {
      min_scale = 1
      max_scale = 3
      cpu       = 2
      memory_mb = 4096
    }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/upgrade:1.0.0" }
  secret_references = [
    { name = "DB_PASSWORD", secret_name = "agent-db", secret_key = "password" },
  ]
  delete_tracing_project = true
}

resource "langsmith_oauth_provider" "github" {
  provider_id           = "upgrade-github"
  name                  = "GitHub (upgrade check)"
  client_id             = "Iv1.0123456789abcdef"
  client_secret         = "upgrade-client-secret"
  auth_url              = "https://github.com/login/oauth/authorize"
  token_url             = "https://github.com/login/oauth/access_token"
  authorization_params  = { prompt = "consent" }
  allowed_redirect_uris = ["https://upgrade-agent.example.com/oauth/callback"]
}
`, acctest.IntegrationID)
}
