package provider

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// exampleRun is what the examples test does with an example after
// `terraform validate`.
type exampleRun int

const (
	runValidate exampleRun = iota // validate only
	runPlan                       // plan against the mock
	runApply                      // apply, an empty plan, destroy
	runTest                       // terraform test (with its tests/ directory)
)

// exampleSpec is how one example directory is exercised.
type exampleSpec struct {
	run exampleRun
	// minimum CLI versions, with the reason, when the example needs a
	// language feature newer than the oldest supported CLIs; "none" when no
	// release of that CLI has it.
	minTerraform, minTofu, why string
	// vars are TF_VAR_ variables; seed prepares the mock and may add more.
	vars map[string]string
	seed func(t *testing.T, c *langsmith.Client, vars map[string]string)
	// multiTenant serves every workspace (no tenant restriction, no
	// LANGSMITH_WORKSPACE_ID), for the multiple-workspaces guide.
	multiTenant bool
	// note says why an example is only validated.
	note string
	// planSays is text the plan must print, such as "1 to import".
	planSays string
}

var exampleVars = map[string]string{"openai_api_key": "sk-example-0123456789", "github_client_secret": "example-secret"}

// exampleSpecs lists every directory under examples/ that holds .tf files;
// TestAccExamples_validateAndPlan fails on a directory missing here, so no
// example goes untested.
var exampleSpecs = map[string]exampleSpec{
	"provider":                          {run: runPlan},
	"demo":                              {run: runApply},
	"data-sources/langsmith_deployment": {run: runPlan, seed: seedSupportAgent},
	"data-sources/langsmith_deployment_revision":      {run: runPlan, seed: seedSupportAgent},
	"data-sources/langsmith_deployment_revisions":     {run: runPlan, seed: seedSupportAgent},
	"data-sources/langsmith_deployments":              {run: runPlan},
	"data-sources/langsmith_github_integrations":      {run: runPlan},
	"data-sources/langsmith_github_repositories":      {run: runPlan},
	"data-sources/langsmith_listener":                 {run: runPlan, seed: seedListener},
	"data-sources/langsmith_deployment_revision_logs": {run: runPlan, seed: seedSupportAgent},
	"data-sources/langsmith_oauth_providers":          {run: runPlan},
	"data-sources/langsmith_listeners":                {run: runPlan},
	"resources/langsmith_deployment":                  {run: runApply, vars: exampleVars, seed: seedListener},
	"resources/langsmith_deployment_redeploy":         {run: runPlan, seed: seedSupportAgent},
	"resources/langsmith_listener":                    {run: runApply},
	"resources/langsmith_oauth_provider":              {run: runApply, vars: exampleVars},
	"guides/getting-started":                          {run: runApply, vars: exampleVars},
	"guides/multiple-workspaces":                      {run: runApply, multiTenant: true},
	"guides/multiple-workspaces/provider-aliases":     {run: runApply, multiTenant: true},
	"guides/rollback":                                 {run: runApply},
	"guides/mixed-sources/one-object-type":            {run: runApply},
	"guides/mixed-sources/one-block-per-source":       {run: runApply},
	"guides/import":                                   {run: runPlan, seed: seedSupportAgent, planSays: "1 to import", minTerraform: "1.7.0", minTofu: "1.7.0", why: "import blocks with for_each"},
	"guides/write-only-secrets":                       {run: runApply, vars: exampleVars, minTerraform: "1.11.0", minTofu: "1.11.0", why: "write-only attributes and ephemeral variables"},
	"guides/migrating/before":                         {run: runValidate, vars: exampleVars, minTerraform: "1.11.0", minTofu: "1.11.0", why: "the official provider's write-only secrets", note: "the official provider's configuration (validated against the stand-in); TestAccDeployment_moveFromOfficialProvider applies it"},
	"guides/migrating/after":                          {run: runValidate, vars: exampleVars, note: "moves state; TestAccDeployment_moveFromOfficialProvider plans and applies it"},
	"testing":                                         {run: runTest, minTerraform: "1.6.0", minTofu: "1.6.0", why: "terraform test"},
	// Terraform 1.14: actions; the guide's .tfquery.hcl is run by
	// TestAccDeploymentList_generateConfigOut.
	"actions/langsmith_deployment_redeploy": {run: runPlan, seed: seedSupportAgent, minTerraform: "1.14.0", minTofu: "none", why: "actions"},
	"guides/adopt-with-query":               {run: runPlan},
}

// TestAccExamples_validateAndPlan runs every example, and every HCL block of
// README.md, DEVELOPERS.md and the docs templates, through the real CLI
// (TF_ACC_TERRAFORM_PATH) with the provider installed through dev_overrides,
// as a user who pastes them would: `validate` without `init`, then a plan, an
// apply or `terraform test` against a mock of its own, as exampleSpecs says.
// Examples that need a newer CLI skip on older ones and say why.
func TestAccExamples_validateAndPlan(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is not")
	}
	cliName, cliVersion, err := acctest.CLIVersion(t.Context(), tf)
	if err != nil {
		t.Fatal(err)
	}
	root := acctest.RepoRoot()

	// One provider binary and one stand-in of the official provider (for
	// the migration guide's `before`) for all examples.
	dir := t.TempDir()
	bin, official := filepath.Join(dir, "bin"), filepath.Join(dir, "official")
	acctest.BuildProvider(t, root, bin)
	acctest.BuildPackage(t, root, "./internal/provider/testdata/officialstandin", filepath.Join(official, acctest.ProviderBinary))
	tfrc := filepath.Join(dir, "cli.tfrc")
	var extra []acctest.DevOverride
	for _, addr := range officialAddresses {
		extra = append(extra, acctest.DevOverride{Address: addr, Dir: official})
	}
	acctest.WriteDevOverrides(t, tfrc, bin, extra...)

	dirs := exampleDirs(t, filepath.Join(root, "examples"))
	for _, d := range dirs {
		if _, ok := exampleSpecs[d]; !ok {
			t.Errorf("examples/%s is not in exampleSpecs (examples_test.go): say how it is tested", d)
		}
	}
	for name := range exampleSpecs {
		if !contains(dirs, name) {
			t.Errorf("exampleSpecs lists examples/%s, which has no .tf files", name)
		}
	}

	for _, d := range dirs {
		spec, ok := exampleSpecs[d]
		if !ok {
			continue
		}
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			skipBelow(t, cliName, cliVersion, spec)
			runExample(t, tf, tfrc, filepath.Join(root, "examples", d), spec, "")
		})
		// tfplugindocs renders import-by-*.tf beside resource.tf as a snippet
		// of its own: each is validated together with the directory's other
		// files, on the CLIs that have its kind of import block.
		for _, file := range importSnippets(t, filepath.Join(root, "examples", d)) {
			snippet := exampleSpec{run: runValidate, vars: spec.vars, seed: spec.seed,
				note: "an import block of the docs; the import tests import for real"}
			if file == "import-by-identity.tf" {
				snippet.minTerraform, snippet.minTofu, snippet.why = "1.12.0", "1.12.0", "import blocks with identity"
			}
			t.Run(d+"/"+file, func(t *testing.T) {
				t.Parallel()
				skipBelow(t, cliName, cliVersion, snippet)
				runExample(t, tf, tfrc, filepath.Join(root, "examples", d), snippet, file)
			})
		}
	}

	// Every HCL block of the README, DEVELOPERS.md and the guide templates
	// is a complete configuration that validates and plans.
	for _, doc := range docsWithHCL(t, root) {
		for i, block := range hclBlocks(t, filepath.Join(root, doc)) {
			t.Run(fmt.Sprintf("%s#%d", doc, i+1), func(t *testing.T) {
				t.Parallel()
				src := filepath.Join(t.TempDir(), "src")
				if err := os.MkdirAll(src, 0o755); err != nil {
					t.Fatal(err)
				}
				writeTestFile(t, filepath.Join(src, "main.tf"), block)
				runExample(t, tf, tfrc, src, exampleSpec{run: runPlan, vars: exampleVars}, "")
			})
		}
	}
}

// TestAccExamples_changedBehindTerraformsBack does what the testing guide
// (templates/guides/testing-offline.md.tmpl) shows: with the getting-started
// example applied against the mock, the guide's PATCH through the API's own
// route makes the next plan show repo_ref changing back, and the guide's
// DELETE makes it plan a create.
func TestAccExamples_changedBehindTerraformsBack(t *testing.T) {
	h := newCLIHarness(t)
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "examples", "guides", "getting-started", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("main.tf", string(b))
	h.cli.Env = []string{
		"LANGSMITH_API_KEY=" + acctest.APIKey,
		"LANGSMITH_WORKSPACE_ID=" + acctest.WorkspaceID,
		"LANGSMITH_CONTROL_PLANE_URL=" + h.env.URL,
		"TF_VAR_openai_api_key=" + exampleVars["openai_api_key"],
	}
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	deployments := h.env.Mock.Deployments()
	if len(deployments) != 1 {
		t.Fatalf("want 1 deployment, got %d", len(deployments))
	}
	id := fmt.Sprint(deployments[0]["id"])

	// curl -X PATCH -H "X-Api-Key: ..." -H "Content-Type: application/json" -d '{...}' .../v2/deployments/$id
	send := func(method, url, body string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Api-Key", acctest.APIKey)
		// The provider sends the workspace (LANGSMITH_WORKSPACE_ID), and the
		// mock keeps state per workspace, as the guide says.
		req.Header.Set("X-Tenant-Id", acctest.WorkspaceID)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: status %d", method, url, resp.StatusCode)
		}
	}
	send(http.MethodPatch, h.env.URL+"/v2/deployments/"+id,
		`{"source_revision_config": {"repo_ref": "develop", "langgraph_config_path": "langgraph.json"}}`)
	out := h.run([]int{2}, "plan", "-detailed-exitcode", "-input=false")
	if !strings.Contains(out, `repo_ref              = "develop" -> "main"`) {
		t.Errorf("after the PATCH, want the plan to change repo_ref back from develop to main, got:\n%s", out)
	}

	send(http.MethodDelete, h.env.URL+"/v2/deployments/"+id+"?delete_tracing_project=true", "")
	out = h.run([]int{2}, "plan", "-detailed-exitcode", "-input=false")
	if !strings.Contains(out, "1 to add, 0 to change, 0 to destroy") {
		t.Errorf("after the DELETE, want the plan to create the deployment again, got:\n%s", out)
	}
	h.run([]int{0}, "apply", "-auto-approve", "-input=false")
	h.run([]int{0}, "destroy", "-auto-approve", "-input=false")
}

// skipBelow skips t on a CLI older than the example needs.
func skipBelow(t *testing.T, cliName string, cliVersion *version.Version, spec exampleSpec) {
	t.Helper()
	minimum := map[string]string{"terraform": spec.minTerraform, "tofu": spec.minTofu}[cliName]
	if minimum == "none" {
		t.Skipf("no %s release has %s; this is %s", cliName, spec.why, cliVersion)
	}
	if minimum != "" && cliVersion.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("needs %s %s or newer for %s; this is %s", cliName, minimum, spec.why, cliVersion)
	}
}

// importSnippets lists the import-by-*.tf files of an example directory.
func importSnippets(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "import-by-*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, filepath.Base(f))
	}
	return out
}

// runExample copies the example at src into a working directory and runs it.
// The directory's import-by-*.tf snippets are left out, except importFile.
func runExample(t *testing.T, tf, tfrc, src string, spec exampleSpec, importFile string) {
	t.Helper()
	work := filepath.Join(t.TempDir(), "work")
	copyDir(t, src, work)
	for _, f := range importSnippets(t, work) {
		if f != importFile {
			if err := os.Remove(filepath.Join(work, f)); err != nil {
				t.Fatal(err)
			}
		}
	}

	opts := mockapi.Options{FreeNamesAfterDelete: true}
	var url string
	env := []string{"LANGSMITH_API_KEY=" + acctest.APIKey}
	if spec.multiTenant {
		// Any workspace: the example names two.
		opts.APIKey = acctest.APIKey
		srv := httptest.NewServer(mockapi.New(opts))
		t.Cleanup(srv.Close)
		url = srv.URL
	} else {
		url = acctest.NewEnv(t, opts).URL
		env = append(env, "LANGSMITH_WORKSPACE_ID="+acctest.WorkspaceID)
	}
	env = append(env, "LANGSMITH_CONTROL_PLANE_URL="+url)

	vars := map[string]string{}
	for k, v := range spec.vars {
		vars[k] = v
	}
	if spec.multiTenant {
		vars["staging_workspace_id"] = "0b6c1f0e-1d2c-4e3f-8a4b-5c6d7e8f9a01"
		vars["production_workspace_id"] = "0b6c1f0e-1d2c-4e3f-8a4b-5c6d7e8f9a02"
	}
	if spec.seed != nil {
		client, err := langsmith.New(langsmith.Config{BaseURL: url, APIKey: acctest.APIKey, TenantID: acctest.WorkspaceID})
		if err != nil {
			t.Fatal(err)
		}
		spec.seed(t, client, vars)
	}
	for k, v := range vars {
		env = append(env, "TF_VAR_"+k+"="+v)
	}
	cli := acctest.CLI{Path: tf, Dir: work, ConfigFile: tfrc, Env: env}
	run := func(codes []int, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
		defer cancel()
		start := time.Now()
		out, code, err := cli.Run(ctx, append(args, "-no-color")...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("%s %s: exit %d in %s", filepath.Base(tf), args[0], code, time.Since(start).Round(time.Millisecond))
		for _, c := range codes {
			if code == c {
				return out
			}
		}
		t.Fatalf("%s: exit code %d, want %v:\n%s", strings.Join(args, " "), code, codes, out)
		return ""
	}

	run([]int{0}, "validate")
	switch spec.run {
	case runValidate:
		t.Logf("validated only: %s", spec.note)
	case runPlan:
		if out := run([]int{0}, "plan", "-input=false"); !strings.Contains(out, spec.planSays) {
			t.Errorf("want the plan to say %q, got:\n%s", spec.planSays, out)
		}
	case runApply:
		run([]int{0}, "apply", "-auto-approve", "-input=false")
		if out := run([]int{0, 2}, "plan", "-detailed-exitcode", "-input=false"); !strings.Contains(out, "No changes") {
			t.Errorf("after apply, want an empty plan, got:\n%s", out)
		}
		run([]int{0}, "destroy", "-auto-approve", "-input=false")
	case runTest:
		run([]int{0}, "test")
	}
}

// seedSupportAgent creates the deployment support-agent that the data
// source examples look up.
func seedSupportAgent(t *testing.T, c *langsmith.Client, _ map[string]string) {
	t.Helper()
	ref, path := "main", "langgraph.json"
	integration, repo := acctest.IntegrationID, "https://github.com/acme/support-agent"
	_, err := c.CreateDeployment(t.Context(), &langsmith.DeploymentCreateRequest{
		Name:                 "support-agent",
		Source:               langsmith.SourceGithub,
		SourceConfig:         langsmith.SourceConfig{IntegrationID: &integration, RepoURL: &repo},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{RepoRef: &ref, LanggraphConfigPath: &path},
		Secrets:              []langsmith.Secret{{Name: "OPENAI_API_KEY", Value: "sk-seed"}},
	})
	if err != nil {
		t.Fatalf("seeding support-agent: %v", err)
	}
}

// seedListener creates a listener and passes its ID as var.listener_id.
func seedListener(t *testing.T, c *langsmith.Client, vars map[string]string) {
	t.Helper()
	l, err := c.CreateListener(t.Context(), &langsmith.ListenerCreateRequest{
		ComputeType: "k8s", ComputeID: "prod-eu-1",
		ComputeConfig: langsmith.ListenerComputeConfig{K8sNamespaces: []string{"agents", "agents-batch"}},
	})
	if err != nil {
		t.Fatalf("seeding a listener: %v", err)
	}
	vars["listener_id"] = l.ID
}

// exampleDirs returns the directories under root (relative, slash-separated)
// that hold .tf files.
func exampleDirs(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			rel, err := filepath.Rel(root, filepath.Dir(p))
			if err != nil {
				return err
			}
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// docsWithHCL lists the documents whose HCL blocks are tested: README.md,
// DEVELOPERS.md and every docs template.
func docsWithHCL(t *testing.T, root string) []string {
	t.Helper()
	docs := []string{"README.md", "DEVELOPERS.md"}
	err := filepath.WalkDir(filepath.Join(root, "templates"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tmpl") {
			rel, _ := filepath.Rel(root, p)
			docs = append(docs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

var hclFence = regexp.MustCompile("(?ms)^```(?:hcl|terraform|tf)\\s*\\n(.*?)^```")

// hclBlocks returns the fenced hcl/terraform blocks of a Markdown file.
func hclBlocks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range hclFence.FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1])
	}
	return out
}

// copyDir copies the files under src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".terraform") {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
