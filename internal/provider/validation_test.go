package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestAccDeployment_planTimeValidation runs bad configurations through
// terraform plan: each fails with a message naming the attribute and what
// would be valid, and the API is never called.
func TestAccDeployment_planTimeValidation(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cases := []struct {
		name   string
		config string
		want   string
	}{
		{"internal_docker source", `
resource "langsmith_deployment" "test" {
  name   = "cli-agent"
  source = "internal_docker"
  source_config = {}
  source_revision_config = {}
}`, `source "internal_docker" deployments are built and uploaded by the langgraph CLI`},
		{"unknown source", `
resource "langsmith_deployment" "test" {
  name   = "x-agent"
  source = "gitlab"
  source_config = {}
  source_revision_config = {}
}`, `source must be one of "github", "external_docker" or "internal_template", got "gitlab"`},
		{"uppercase name", githubDeployment{name: "Support-Agent"}.hcl("test"), `must contain only lowercase letters, digits and dashes`},
		{"underscore name", githubDeployment{name: "support_agent"}.hcl("test"), `must contain only lowercase letters, digits and dashes`},
		{"leading digit", githubDeployment{name: "1agent"}.hcl("test"), `and start with a letter`},
		{"long name", githubDeployment{name: "a234567890123456789012345678901234567890123456789012345678901234"}.hcl("test"), `string length must be at most 63`},
		{"github without integration", `
resource "langsmith_deployment" "test" {
  name   = "gh-agent"
  source = "github"
  source_config = { repo_url = "https://github.com/acme/a" }
  source_revision_config = { langgraph_config_path = "langgraph.json" }
}`, `source_config.integration_id is required when source is "github"`},
		{"github without config path", `
resource "langsmith_deployment" "test" {
  name   = "gh-agent"
  source = "github"
  source_config = { repo_url = "https://github.com/acme/a", integration_id = "` + acctest.IntegrationID + `" }
  source_revision_config = { repo_ref = "main" }
}`, `source_revision_config.langgraph_config_path is required when source is "github"`},
		{"external_docker without image", `
resource "langsmith_deployment" "test" {
  name   = "img-agent"
  source = "external_docker"
  source_config = {}
  source_revision_config = {}
}`, `source_revision_config.image_uri is required when source is "external_docker"`},
		{"non-UUID integration", `
resource "langsmith_deployment" "test" {
  name   = "gh-agent"
  source = "github"
  source_config = { repo_url = "https://github.com/acme/a", integration_id = "acme" }
  source_revision_config = { langgraph_config_path = "langgraph.json" }
}`, `source_config.integration_id must be a UUID`},
		{"non-UUID listener", `
resource "langsmith_deployment" "test" {
  name   = "img-agent"
  source = "external_docker"
  source_config = { listener_id = "my-cluster" }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}`, `source_config.listener_id must be a UUID`},
		{"unknown deployment_type", `
resource "langsmith_deployment" "test" {
  name   = "gh-agent"
  source = "github"
  source_config = { repo_url = "https://github.com/acme/a", integration_id = "` + acctest.IntegrationID + `", deployment_type = "serverless" }
  source_revision_config = { langgraph_config_path = "langgraph.json" }
}`, `source_config.deployment_type value must be one of`},
		{"same key in env and secrets", githubDeployment{name: "dup-agent", env: map[string]string{"TOKEN": "a"},
			extra: `  secrets = { TOKEN = "b" }`}.hcl("test"), `"TOKEN" is in both environment_variables and secrets`},
		{"empty display_name", githubDeployment{name: "dn-agent", extra: `  display_name = ""`}.hcl("test"), `display_name string length must be at least 1`},
		{"cpu out of range", `
resource "langsmith_deployment" "test" {
  name   = "img-agent"
  source = "external_docker"
  source_config = { resource_spec = { cpu = 0.01 } }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}`, `source_config.resource_spec.cpu value must be at least 0.100000`},
		// The checks the contract states per source (bug 12 of issue 9): each
		// used to reach the API and come back as a 400 after the POST.
		{"min_scale above max_scale", `
resource "langsmith_deployment" "test" {
  name   = "img-agent"
  source = "external_docker"
  source_config = { resource_spec = { min_scale = 3, max_scale = 2 } }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}`, `source_config.resource_spec.min_scale (3) must not exceed max_scale (2)`},
		{"min_scale 0 on a github prod deployment", githubDeployment{name: "zero-agent"}.hclWith(`resource_spec = { min_scale = 0 }`),
			`On LangSmith Cloud only dev_zero and dev_free_zero deployments may scale to zero; this one is prod`},
		{"custom_url on github", githubDeployment{name: "url-agent"}.hclWith(`custom_url = "https://agent.example.com"`),
			`For source "github" the API assigns the serving URL itself`},
		{"secret_references on github", githubDeployment{name: "ref-agent", extra: `  secret_references = [{ name = "DB", secret_name = "db", secret_key = "url" }]`}.hcl("test"),
			`secret_references applies only when source is "external_docker", not "github"`},
		{"install_command on external_docker", `
resource "langsmith_deployment" "test" {
  name   = "img-agent"
  source = "external_docker"
  source_config = { install_command = "npm ci" }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}`, `source_config.install_command applies only when source is "github", not "external_docker"`},
		{"repo_url not https", githubDeployment{name: "http-agent", repoURL: "git@github.com:acme/agent.git"}.hcl("test"),
			`source_config.repo_url must be an https:// URL of a repository`},
		{"cpu above the Cloud cap on github", githubDeployment{name: "big-agent"}.hclWith(`resource_spec = { cpu = 12 }`),
			`source_config.resource_spec.cpu is 12, but LangSmith Cloud allows at most 8`},
		{"bad env name", githubDeployment{name: "env-agent", env: map[string]string{"1BAD": "x"}}.hcl("test"), `must be a valid environment variable name`},
		{"tag with build_on_push", `
resource "langsmith_deployment" "test" {
  name   = "gh-agent"
  source = "github"
  source_config = { repo_url = "https://github.com/acme/a", integration_id = "` + acctest.IntegrationID + `", build_on_push = true }
  source_revision_config = { langgraph_config_path = "langgraph.json", repo_ref = "refs/tags/v1.0.0" }
}`, `source_config.build_on_push must be false when source_revision_config.repo_ref is a tag`},
	}
	steps := []resource.TestStep{}
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ProviderConfig() + c.config,
			PlanOnly:    true,
			ExpectError: looseRE(c.want),
		})
	}
	// Nothing reached the API.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}
