// Package acctest holds the helpers shared by the provider's acceptance
// tests: a mock Control Plane per test, the provider block pointing at it,
// a terraform CLI lookup, and checks on the API calls the provider made.
package acctest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/apispec"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Fixed credentials of the mock used by every test.
const (
	APIKey      = "lsv2_test_0123456789abcdef"
	WorkspaceID = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
	// OtherWorkspaceID is a second workspace the test key may act in (the
	// mock's OtherTenants), for resources that name their own workspace_id.
	OtherWorkspaceID = "0c5e8d2a-7b31-4f9e-a6d4-2e8f1b3c5a79"
	// IntegrationID is the GitHub integration the mock seeds.
	IntegrationID = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
)

// Env is one mock Control Plane served on loopback for one test.
type Env struct {
	Mock *mockapi.Server
	URL  string
}

// NewEnv starts a mock for t with the test credentials; it stops with t.
// Every exchange is checked against the published OpenAPI document.
func NewEnv(t testing.TB, opts mockapi.Options) *Env {
	t.Helper()
	return newEnv(t, opts, true)
}

// NewEnvOffContract is NewEnv without the OpenAPI check, for a test that
// sends requests off the contract on purpose (a control_plane_url with a
// wrong path, to check the message it leads to).
func NewEnvOffContract(t testing.TB, opts mockapi.Options) *Env {
	t.Helper()
	return newEnv(t, opts, false)
}

func newEnv(t testing.TB, opts mockapi.Options, checkSpec bool) *Env {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = APIKey
	}
	if opts.TenantID == "" {
		opts.TenantID = WorkspaceID
		opts.OtherTenants = append(opts.OtherTenants, OtherWorkspaceID)
	}
	if checkSpec {
		opts.Observer = validateAgainstSpec(t, opts.Observer)
	}
	m := mockapi.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return &Env{Mock: m, URL: srv.URL}
}

// validateAgainstSpec returns an Observer that checks every exchange with
// the mock against the published OpenAPI document (internal/apispec), then
// calls next. When the test ends (after the mock stopped), it fails the test
// with each violation, and refreshes the run's totals in
// apispec.SummaryFile().
func validateAgainstSpec(t testing.TB, next func(mockapi.Exchange)) func(mockapi.Exchange) {
	var mu sync.Mutex
	var found []apispec.Violation
	// Registered before srv.Close, so it runs after it: every exchange has
	// been observed by then.
	t.Cleanup(func() {
		_ = apispec.WriteSummary()
		mu.Lock()
		defer mu.Unlock()
		for _, v := range found {
			t.Errorf("%s\n    (exemptions and their reasons: internal/apispec/exempt.go)", v)
		}
	})
	return func(ex mockapi.Exchange) {
		vs := apispec.Validate(apispec.Exchange{
			Method: ex.Method, Path: ex.Path, RawQuery: ex.RawQuery,
			RequestHeader: ex.RequestHeader, RequestBody: ex.RequestBody,
			Status: ex.Status, ResponseHeader: ex.ResponseHeader, ResponseBody: ex.ResponseBody,
			Fault: ex.Fault,
		})
		if len(vs) > 0 {
			mu.Lock()
			found = append(found, vs...)
			mu.Unlock()
		}
		if next != nil {
			next(ex)
		}
	}
}

// ProviderConfig is a provider block pointing at the mock.
func (e *Env) ProviderConfig() string { return e.ProviderConfigWith("") }

// ProviderConfigWith is ProviderConfig with extra lines inside the block.
func (e *Env) ProviderConfigWith(extra string) string {
	return fmt.Sprintf(`
provider "langsmith" {
  api_key           = %q
  workspace_id      = %q
  control_plane_url = %q
%s
}
`, APIKey, WorkspaceID, e.URL, extra)
}

// ResetCounts is a plan check that zeroes the mock's counters after the
// pre-apply plan, so a step's Check sees exactly the calls of its apply
// (terraform applies the saved plan without refreshing again).
func (e *Env) ResetCounts() plancheck.PlanCheck { return resetCounts{e.Mock} }

type resetCounts struct{ m *mockapi.Server }

func (r resetCounts) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, _ *plancheck.CheckPlanResponse) {
	r.m.ResetCounts()
}

// ExpectCalls checks that the mock saw exactly these calls since the last
// reset: every route listed with its count, and no other route at all.
func (e *Env) ExpectCalls(want map[string]int) func(*terraform.State) error {
	return func(*terraform.State) error { return e.CheckCalls(want) }
}

// CheckCalls compares the mock's counters with want (see ExpectCalls).
func (e *Env) CheckCalls(want map[string]int) error {
	got := e.Mock.Counts()
	var problems []string
	for route, n := range want {
		if got[route] != n {
			problems = append(problems, fmt.Sprintf("%s: want %d calls, got %d", route, n, got[route]))
		}
	}
	for route, n := range got {
		if _, ok := want[route]; !ok && n > 0 {
			problems = append(problems, fmt.Sprintf("%s: want no calls, got %d", route, n))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("unexpected API calls:\n  %s\nall calls: %v", strings.Join(problems, "\n  "), got)
	}
	return nil
}

// DefaultTerraformVersion is the terraform CLI `make test` installs into bin/
// (TF_VERSION in GNUmakefile).
const DefaultTerraformVersion = "1.16.4"

// TerraformPath sets TF_ACC_TERRAFORM_PATH to the repository's bin/ CLI when
// it is unset and the CLI is there, so `go test` works after `make test`
// installed it once.
func TerraformPath() {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") != "" {
		return
	}
	candidate := filepath.Join(RepoRoot(), "bin", "terraform-"+DefaultTerraformVersion, "terraform")
	if _, err := os.Stat(candidate); err == nil {
		_ = os.Setenv("TF_ACC_TERRAFORM_PATH", candidate)
	}
}

// RepoRoot is the absolute path of the repository this package was compiled
// from (found from this source file, so it works from any test's directory).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}
