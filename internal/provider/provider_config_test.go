package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccProvider_configurationErrors plans with broken provider blocks:
// each fails before any API call with a message naming the attribute (and
// its environment variable) and what would be valid.
func TestAccProvider_configurationErrors(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	// The environment must not fill in what the test leaves out.
	for _, v := range []string{envAPIKey, envWorkspaceID, envAPIURL, envControlPlaneURL, envAllowHTTP} {
		t.Setenv(v, "")
	}
	deployment := githubDeployment{name: "cfg-agent"}.hcl("test")
	cases := []struct{ provider, want string }{
		{fmt.Sprintf(`provider "langsmith" {
  control_plane_url = %q
}`, env.URL), `The provider needs a LangSmith API key. Set the "api_key" attribute in the provider block or the LANGSMITH_API_KEY environment variable.`},
		{fmt.Sprintf(`provider "langsmith" {
  api_key           = "k"
  workspace_id      = "my-workspace"
  control_plane_url = %q
}`, env.URL), `workspace_id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "my-workspace"`},
		{`provider "langsmith" {
  api_key           = "k"
  control_plane_url = "api.host.langchain.com"
}`, `must be an absolute http:// or https:// URL with a host`},
		{`provider "langsmith" {
  api_key = "k"
  api_url = "ftp://langsmith.example.com"
}`, `must be an absolute http:// or https:// URL with a host`},
		{`provider "langsmith" {
  api_key           = "k"
  control_plane_url = "http://langsmith.example.com/api-host"
}`, `uses plain http on the non-loopback host "langsmith.example.com", which would send the API key unencrypted`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      c.provider + "\n" + deployment,
			PlanOnly:    true,
			ExpectError: looseRE(c.want),
		})
	}
	// None of them reached the API.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}

// TestAccProvider_environment configures the provider from the environment
// alone (the README's `provider "langsmith" {}`), with the control-plane URL
// derived from LANGSMITH_CONTROL_PLANE_URL.
func TestAccProvider_environment(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	t.Setenv(envAPIKey, acctest.APIKey)
	t.Setenv(envWorkspaceID, acctest.WorkspaceID)
	t.Setenv(envControlPlaneURL, env.URL)
	t.Setenv(envAPIURL, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{{
			Config: `provider "langsmith" {}` + "\n" + githubDeployment{name: "env-agent"}.hcl("test"),
			Check:  resource.TestCheckResourceAttr(deploymentAddr, "workspace_id", acctest.WorkspaceID),
		}},
	})
}
