package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// TestUsage_listsFixturesFlagsAndFaults checks that `mockapi -help` is a
// user's manual: every flag, the seeded GitHub integration and repositories,
// the failure markers, and how to change a deployment behind Terraform's back.
func TestUsage_listsFixturesFlagsAndFaults(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run([]string{"-help"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -help: want flag.ErrHelp, got %v", err)
	}
	usage := stderr.String()
	for _, want := range []string{
		"-addr", "-api-key", "-tenant-id", "-step-delay", "-delete-gets", "-latency", "-url-file", "-free-names", "-log",
		mockapi.SeedIntegrationID,
		"https://github.com/acme/support-agent", "default branch main",
		"https://github.com/acme/research-agent", "default branch develop",
		"fail-build", "BUILD_FAILED", "fail-deploy", "DEPLOY_FAILED",
		"curl -X PATCH", "/v2/deployments/DEPLOYMENT_ID", "/redeploy",
		"LANGSMITH_CONTROL_PLANE_URL",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("mockapi -help does not mention %q:\n%s", want, usage)
		}
	}
}

// TestRun_rejectsNonLoopbackAndArguments checks the two ways a start is refused.
func TestRun_rejectsNonLoopbackAndArguments(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-addr", "0.0.0.0:0"}, &out, &out); err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("-addr 0.0.0.0:0: want a refusal of a non-loopback address, got %v", err)
	}
	if err := run([]string{"serve"}, &out, &out); err == nil || !strings.Contains(err.Error(), "unexpected arguments") {
		t.Errorf("a positional argument: want an error, got %v", err)
	}
}

// TestInstall_fromAnotherModule proves, offline, the two ways a user's
// repository gets the command once a version is released,
// `go install github.com/langsmith-terraform/terraform-provider-langsmith/cmd/mockapi@<version>`
// and a `tool` directive in its go.mod (`go get -tool ...`, then
// `go tool mockapi`): a throwaway module requires this one through a replace
// directive pointing at this working tree (so nothing is downloaded:
// GOPROXY=off), installs the command and runs it both ways.
func TestInstall_fromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command in a module of its own")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	const modulePath = "github.com/langsmith-terraform/terraform-provider-langsmith"
	goLine := regexp.MustCompile(`(?m)^go \S+$`).Find(gomod)
	if goLine == nil {
		t.Fatal("no go directive in go.mod")
	}

	dir := t.TempDir()
	mod := filepath.Join(dir, "user")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/mockapi-user\n\n"+string(goLine)+"\n\n"+
		"tool "+modulePath+"/cmd/mockapi\n\n"+
		"require "+modulePath+" v0.0.0-00010101000000-000000000000\n\n"+
		"replace "+modulePath+" => "+root+"\n")
	// This module's checksums cover every dependency of the command.
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mod, "go.sum"), string(sums))
	goEnv := append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")

	gobin := filepath.Join(dir, "bin")
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), goBin, "install", modulePath+"/cmd/mockapi")
	cmd.Dir = mod
	cmd.Env = append(goEnv, "GOBIN="+gobin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s/cmd/mockapi from another module: %v\n%s", modulePath, err, out)
	}
	t.Logf("installed from another module in %s", time.Since(start).Round(time.Millisecond))

	help := exec.CommandContext(t.Context(), filepath.Join(gobin, "mockapi"), "-help")
	out, err := help.CombinedOutput()
	if err != nil {
		t.Fatalf("installed mockapi -help: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), mockapi.SeedIntegrationID) {
		t.Errorf("installed mockapi -help does not list the fixtures:\n%s", out)
	}

	tool := exec.CommandContext(t.Context(), goBin, "tool", "mockapi", "-help")
	tool.Dir = mod
	tool.Env = goEnv
	out, err = tool.CombinedOutput()
	if err != nil {
		t.Fatalf("go tool mockapi -help: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), mockapi.SeedIntegrationID) {
		t.Errorf("go tool mockapi -help does not list the fixtures:\n%s", out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
