package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccDeployment_noSecretsInTraceLogs runs a full lifecycle (create,
// update of a secret, import, destroy) with TF_LOG=TRACE and fails if the API
// key or any secret value shows up in the logs of terraform or the provider.
func TestAccDeployment_noSecretsInTraceLogs(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	const (
		secret1 = "sk-leak-check-first-9f8e7d6c"
		secret2 = "sk-leak-check-second-1a2b3c4d"
	)
	env := acctest.NewEnv(t, mockapi.Options{})
	// The key and the secrets reach terraform the way users pass them, from
	// the environment: the test harness itself logs the HCL it runs.
	t.Setenv("LANGSMITH_API_KEY", acctest.APIKey)
	provider := fmt.Sprintf("provider \"langsmith\" {\n  workspace_id = %q\n  control_plane_url = %q\n}\n", acctest.WorkspaceID, env.URL)
	withSecret := func(v string) string {
		t.Setenv("TF_VAR_openai_api_key", v)
		return provider + `
variable "openai_api_key" {
  type      = string
  sensitive = true
}
` + githubDeployment{name: "log-agent", env: map[string]string{"LOG_LEVEL": "info"},
			extra: `  secrets = { OPENAI_API_KEY = var.openai_api_key }`}.hcl("test")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{PreConfig: func() { withSecret(secret1) }, Config: withSecret(secret1)},
			{PreConfig: func() { withSecret(secret2) }, Config: withSecret(secret2)},
			// Imported variables all land in secrets (the API does not say which are secret).
			{ResourceName: deploymentAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"environment_variables", "secrets"}},
		},
	})

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	// The check is only meaningful if both sides logged at trace level.
	for _, want := range []string{"created LangSmith deployment", "LangSmith API request", "/revisions", "[TRACE]"} {
		if !strings.Contains(logs, want) {
			t.Fatalf("trace log (%d bytes) lacks %q: the provider's logs were not captured", len(logs), want)
		}
	}
	for name, leak := range map[string]string{"API key": acctest.APIKey, "first secret": secret1, "second secret": secret2} {
		if i := strings.Index(logs, leak); i >= 0 {
			start := max(0, strings.LastIndex(logs[:i], "\n"))
			end := min(len(logs), i+len(leak)+200)
			t.Errorf("the %s appears in the trace log:\n%s", name, logs[start:end])
		}
	}
}

// TestAccDeployment_noWriteOnlySecretsInTraceLogs: write-only secrets (a
// deployment's secrets_wo, an OAuth provider's client_secret_wo) and a value
// the API echoes back in a 422 never reach the trace logs or the diagnostics:
// every log line and every error built from an API answer is masked with
// the secrets the provider has seen.
func TestAccDeployment_noWriteOnlySecretsInTraceLogs(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	const (
		woFirst  = "wo-leak-check-first-5e6f7a8b"
		woSecond = "wo-leak-check-second-9c0d1e2f"
		clientWO = "client-wo-leak-check-3a4b5c6d"
	)
	env := acctest.NewEnv(t, mockapi.Options{})
	// The values reach terraform from the environment (TF_VAR_*): the test
	// harness itself logs the HCL it runs.
	t.Setenv("TF_VAR_client_wo", clientWO)
	t.Setenv("LANGSMITH_API_KEY", acctest.APIKey)
	provider := fmt.Sprintf("provider \"langsmith\" {\n  workspace_id = %q\n  control_plane_url = %q\n}\n", acctest.WorkspaceID, env.URL)
	cfg := func(wo string, version int) string {
		t.Setenv("TF_VAR_token_wo", wo)
		return provider + strings.Join([]string{`
variable "token_wo" {
  type      = string
  sensitive = true
}

variable "client_wo" {
  type      = string
  sensitive = true
}
`, githubDeployment{name: "wo-log-agent", env: map[string]string{"LOG_LEVEL": "info"},
			extra: fmt.Sprintf("  secrets_wo = { TOKEN = var.token_wo }\n  secrets_wo_version = %d", version)}.hcl("test"), `
resource "langsmith_oauth_provider" "test" {
  provider_id              = "wo-log-provider"
  name                     = "Log check"
  client_id                = "client"
  client_secret_wo         = var.client_wo
  client_secret_wo_version = 1
  auth_url                 = "https://auth.example.com/authorize"
  token_url                = "https://auth.example.com/token"
}
`}, "\n")
	}
	echo := fmt.Sprintf(`{"detail":[{"loc":["body","secrets",0,"value"],"msg":"value %s is not allowed","type":"value_error","input":%q}]}`, woSecond, woSecond)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   writeOnlyCLIs,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{PreConfig: func() { cfg(woFirst, 1) }, Config: cfg(woFirst, 1)},
			{
				// The API refuses the new value and echoes it back.
				PreConfig: func() {
					cfg(woSecond, 2)
					env.Mock.Fault(routeCreateRevision, mockapi.Fault{Status: 422, Body: echo})
				},
				Config:      cfg(woSecond, 2),
				ExpectError: looseAll("body.secrets.0.value: value *** is not allowed"),
			},
			{PreConfig: func() { cfg(woSecond, 2) }, Config: cfg(woSecond, 2)},
		},
	})

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	if !strings.Contains(logs, "LangSmith API request") {
		t.Fatalf("trace log (%d bytes) lacks the provider's request log: the provider's logs were not captured", len(logs))
	}
	for name, leak := range map[string]string{"API key": acctest.APIKey, "first write-only secret": woFirst,
		"second write-only secret": woSecond, "OAuth client secret": clientWO} {
		if i := strings.Index(logs, leak); i >= 0 {
			start := max(0, strings.LastIndex(logs[:i], "\n"))
			end := min(len(logs), i+len(leak)+200)
			t.Errorf("the %s appears in the trace log:\n%s", name, logs[start:end])
		}
	}
}
