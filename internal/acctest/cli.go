package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
)

// This file holds the helpers of tests that drive a terraform or OpenTofu CLI
// themselves, with provider binaries installed through dev_overrides, instead
// of through terraform-plugin-testing: the upgrade test, which applies with a
// provider built from an older commit and plans with the current one; the
// move from the official provider, which needs two providers; the examples,
// which run as users run them.

// ProviderBinary is the file name dev_overrides look for in a directory.
const ProviderBinary = "terraform-provider-langsmith"

// ProviderAddresses are the provider's addresses on the two registries:
// `source = "langsmith-terraform/langsmith"` means the first to terraform and
// the second to OpenTofu.
var ProviderAddresses = []string{
	"registry.terraform.io/langsmith-terraform/langsmith",
	"registry.opentofu.org/langsmith-terraform/langsmith",
}

// ResolveCommit returns the full hash of the first of refs that names a
// commit in the git repository at root, and that ref. It fails when none
// does, as in a shallow clone without tags.
func ResolveCommit(ctx context.Context, root string, refs ...string) (commit, ref string, err error) {
	var tried []string
	for _, ref := range refs {
		out, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--verify", "--quiet", ref+"^{commit}").Output()
		if err == nil {
			return strings.TrimSpace(string(out)), ref, nil
		}
		tried = append(tried, ref)
	}
	return "", "", fmt.Errorf("none of %s names a commit in %s", strings.Join(tried, ", "), root)
}

// BuildProvider builds the provider in the working tree at root into
// dir/terraform-provider-langsmith and returns the binary's path.
func BuildProvider(t testing.TB, root, dir string) string {
	t.Helper()
	return goBuild(t, root, dir, nil)
}

// BuildProviderAt builds the provider as it was at commit into
// dir/terraform-provider-langsmith and returns the binary's path. The tree is
// exported with `git archive` into a directory named after the commit under
// the user cache directory, and kept there: the Go build cache keys a
// package on its source directory too, so building from the same directory
// again reuses every compiled package instead of recompiling the provider.
func BuildProviderAt(t testing.TB, root, commit, dir string) string {
	t.Helper()
	src, err := exportCommit(t, root, commit)
	if err != nil {
		t.Fatalf("exporting commit %s of %s: %v", commit, root, err)
	}
	// The exported tree is its own module with no .git: resolve its
	// dependencies from its go.mod (-mod=mod), stamp no VCS information, and
	// ignore any go.work around it.
	return goBuild(t, src, dir, []string{"GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off"})
}

// BuildPackage builds the main package pkg (such as "./cmd/mockapi") of the
// working tree at root into the file bin and returns bin.
func BuildPackage(t testing.TB, root, pkg, bin string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s in %s: %v\n%s", pkg, root, err, out)
	}
	return bin
}

// CLIVersion returns the name ("terraform" or "tofu") and version of the CLI
// at path, from `version -json`.
func CLIVersion(ctx context.Context, path string) (string, *version.Version, error) {
	cmd := exec.CommandContext(ctx, path, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if i := bytes.IndexByte(out, '{'); i > 0 {
		out = out[i:] // after any warning about the CLI configuration
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", nil, fmt.Errorf("%s version -json: %w\n%s", path, err, out)
	}
	parsed, err := version.NewVersion(v.TerraformVersion)
	if err != nil {
		return "", nil, err
	}
	name := "terraform"
	if strings.HasPrefix(filepath.Base(path), "tofu") {
		name = "tofu"
	}
	return name, parsed, nil
}

func goBuild(t testing.TB, src, dir string, env []string) string {
	t.Helper()
	bin := filepath.Join(dir, ProviderBinary)
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build in %s: %v\n%s", src, err, out)
	}
	return bin
}

// exportCommit returns a directory holding the files of commit, exporting
// them on first use. A directory is complete once it is in place: it is
// filled under a temporary name and renamed, so concurrent runs and
// interrupted ones never build from a partial tree.
func exportCommit(t testing.TB, root, commit string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	parent := filepath.Join(base, "terraform-provider-langsmith", "git-export")
	dst := filepath.Join(parent, commit)
	if _, err := os.Stat(filepath.Join(dst, "go.mod")); err == nil {
		return dst, nil
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	// Next to dst (not in t.TempDir) so that the rename stays on one file
	// system.
	tmp := filepath.Join(parent, fmt.Sprintf("%s.partial-%d-%d", commit, os.Getpid(), time.Now().UnixNano()))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(tmp) }() // a no-op once renamed

	ctx := t.Context()
	archive := exec.CommandContext(ctx, "git", "-C", root, "archive", "--format=tar", commit)
	untar := exec.CommandContext(ctx, "tar", "-x", "-C", tmp)
	var archiveErr, untarErr bytes.Buffer
	archive.Stderr, untar.Stderr = &archiveErr, &untarErr
	if untar.Stdin, err = archive.StdoutPipe(); err != nil {
		return "", err
	}
	if err := archive.Start(); err != nil {
		return "", err
	}
	runErr := untar.Run()
	if err := archive.Wait(); err != nil {
		return "", fmt.Errorf("git archive %s: %w\n%s", commit, err, archiveErr.Bytes())
	}
	if runErr != nil {
		return "", fmt.Errorf("tar -x: %w\n%s", runErr, untarErr.Bytes())
	}
	if err := os.Rename(tmp, dst); err != nil {
		// Another run may have put its export in place first.
		if _, statErr := os.Stat(filepath.Join(dst, "go.mod")); statErr == nil {
			return dst, nil
		}
		return "", err
	}
	t.Logf("exported %s into %s", commit, dst)
	return dst, nil
}

// WriteDevOverrides writes a CLI configuration file at path that makes
// terraform and OpenTofu load the provider from pluginDir: dev_overrides for
// both of its addresses (ProviderAddresses), so no `init` is needed.
// Rewriting the file switches the binary the next command runs. extra adds
// overrides for other providers, by address.
func WriteDevOverrides(t testing.TB, path, pluginDir string, extra ...DevOverride) {
	t.Helper()
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, addr := range ProviderAddresses {
		fmt.Fprintf(&b, "    %q = %q\n", addr, pluginDir)
	}
	for _, o := range extra {
		fmt.Fprintf(&b, "    %q = %q\n", o.Address, o.Dir)
	}
	b.WriteString("  }\n  direct {}\n}\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// DevOverride installs the provider binary in Dir for the provider Address
// ("registry.terraform.io/namespace/type"). Dev overrides find a provider by
// its file name, terraform-provider-<type>, so two providers of the same type
// need directories of their own.
type DevOverride struct {
	Address string
	Dir     string
}

// CLI runs a terraform or OpenTofu binary in a working directory with a
// given CLI configuration file.
type CLI struct {
	Path       string // the binary
	Dir        string // working directory (configuration and local state)
	ConfigFile string // TF_CLI_CONFIG_FILE
	// Env is added to the environment of every command ("NAME=value"),
	// after the test process's TF_* and LANGSMITH_* variables are dropped.
	Env []string
}

// Run runs the CLI with args and returns its combined output and exit code.
// err is set only when the command could not run at all; a non-zero exit is
// reported through code. The environment is the test process's without any
// TF_* or LANGSMITH_* variable (a developer's TF_CLI_ARGS, TF_LOG or
// credentials cannot change the outcome), plus TF_CLI_CONFIG_FILE,
// CHECKPOINT_DISABLE=1, TF_IN_AUTOMATION=1 and c.Env.
func (c CLI) Run(ctx context.Context, args ...string) (output string, code int, err error) {
	cmd := exec.CommandContext(ctx, c.Path, args...)
	cmd.Dir = c.Dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "LANGSMITH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+c.ConfigFile, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	cmd.Env = append(cmd.Env, c.Env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode(), nil
	}
	if err != nil {
		return string(out), -1, err
	}
	return string(out), 0, nil
}
