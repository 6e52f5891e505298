package provider

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
)

// Helpers of cliHarness (generate_config_test.go) for what Terraform 1.12 to
// 1.14 added and neither terraform-plugin-testing nor terraform-exec can
// run: `terraform query -generate-config-out`, `terraform apply -invoke`, and
// state files edited to look as an older provider wrote them.

// requireCLI skips t unless TF_ACC_TERRAFORM_PATH is a CLI with feature:
// terraform at least minTerraform, OpenTofu at least minTofu ("" when no
// OpenTofu release has it). Called before newCLIHarness, it saves building
// the provider for a test that would skip.
func requireCLI(t *testing.T, feature, minTerraform, minTofu string) {
	t.Helper()
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		return // newCLIHarness skips or fails, saying why
	}
	name, v, err := acctest.CLIVersion(t.Context(), tf)
	if err != nil {
		t.Fatal(err)
	}
	minimum := map[string]string{"terraform": minTerraform, "tofu": minTofu}[name]
	if minimum == "" {
		t.Skipf("%s %s has no %s", name, v, feature)
	}
	if v.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("%s needs %s %s or newer; this is %s", feature, name, minimum, v)
	}
}

// statePath is the working directory's local state file.
func (h *cliHarness) statePath() string { return filepath.Join(h.cli.Dir, "terraform.tfstate") }

// rawState reads the local state file as JSON.
func (h *cliHarness) rawState() map[string]any {
	h.t.Helper()
	b, err := os.ReadFile(h.statePath())
	if err != nil {
		h.t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(b, &st); err != nil {
		h.t.Fatalf("reading %s: %v", h.statePath(), err)
	}
	return st
}

// instances returns every resource instance of the state with its address.
func (h *cliHarness) instances(st map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	resources, _ := st["resources"].([]any)
	for _, r := range resources {
		res, _ := r.(map[string]any)
		if res["mode"] != "managed" {
			continue
		}
		insts, _ := res["instances"].([]any)
		for _, i := range insts {
			inst, _ := i.(map[string]any)
			out[res["type"].(string)+"."+res["name"].(string)] = inst
		}
	}
	return out
}

// identity returns the identity stored for the resource at addr (nil if it
// has none).
func (h *cliHarness) identity(addr string) map[string]any {
	h.t.Helper()
	inst, ok := h.instances(h.rawState())[addr]
	if !ok {
		h.t.Fatalf("no %s in %s", addr, h.statePath())
	}
	id, _ := inst["identity"].(map[string]any)
	return id
}

// stripIdentities rewrites the state file without any resource identity,
// as a provider without identity support leaves it.
func (h *cliHarness) stripIdentities() {
	h.t.Helper()
	st := h.rawState()
	for _, inst := range h.instances(st) {
		delete(inst, "identity")
		delete(inst, "identity_schema_version")
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.statePath(), b, 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// queryResult is one resource a `terraform query -json` run listed.
type queryResult struct {
	Address     string         `json:"address"`
	DisplayName string         `json:"display_name"`
	Identity    map[string]any `json:"identity"`
	Resource    map[string]any `json:"resource_object"`
}

// queryJSON runs `terraform query -json` (plus args) and returns the listed
// resources, and the error diagnostics' summaries and details.
func (h *cliHarness) queryJSON(codes []int, args ...string) (results []queryResult, errs []string) {
	h.t.Helper()
	out := h.run(codes, append([]string{"query", "-json"}, args...)...)
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var msg struct {
			Level      string `json:"@level"`
			Type       string `json:"type"`
			ListObject *struct {
				queryResult
			} `json:"list_resource_found"`
			Diagnostic *struct {
				Summary string `json:"summary"`
				Detail  string `json:"detail"`
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) != nil {
			continue
		}
		if msg.ListObject != nil {
			results = append(results, msg.ListObject.queryResult)
		}
		if msg.Diagnostic != nil && msg.Level == "error" {
			errs = append(errs, msg.Diagnostic.Summary+": "+msg.Diagnostic.Detail)
		}
	}
	return results, errs
}

// invoke runs `terraform apply -invoke=<action>` and returns the output; it
// fails the test unless the exit code is one of codes.
func (h *cliHarness) invoke(codes []int, action string) string {
	h.t.Helper()
	return h.run(codes, "apply", "-auto-approve", "-input=false", "-invoke="+action)
}

// start runs the CLI in the background and returns a function that waits
// for it and returns its output and exit code: for tests that act while a
// command runs (an interrupt).
func (h *cliHarness) start(ctx context.Context, args ...string) (signal func(os.Signal), wait func() (string, int)) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	cmd, out := h.cli.Command(ctx, append(args, "-no-color")...)
	if err := cmd.Start(); err != nil {
		cancel()
		h.t.Fatal(err)
	}
	signal = func(s os.Signal) {
		if err := cmd.Process.Signal(s); err != nil {
			h.t.Error(err)
		}
	}
	wait = func() (string, int) {
		defer cancel()
		_ = cmd.Wait()
		return out.String(), cmd.ProcessState.ExitCode()
	}
	return signal, wait
}
