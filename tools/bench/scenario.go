package main

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// scenario is one benchmark configuration: how many deployments, the mock's
// latency per request and how long a revision takes to build and deploy.
type scenario struct {
	N       int
	Latency time.Duration
	Build   time.Duration
}

// name is the scenario's label in tables and the value -scenarios matches,
// such as "n100-lat0ms-build5s".
func (s scenario) name() string {
	return fmt.Sprintf("n%d-lat%s-build%s", s.N, fmtMillis(s.Latency), fmtSeconds(s.Build))
}

// targetScenarios are the configurations the targets are stated for, the
// default run: the three sizes at 0 ms with instant deploys (ratios, API
// calls, memory), N=100 with 5 s builds (the DEPLOYED delay) and N=500 at
// 50 ms latency (connection reuse).
var targetScenarios = []scenario{
	{N: 10},
	{N: 100},
	{N: 500},
	{N: 100, Build: 5 * time.Second},
	{N: 500, Latency: 50 * time.Millisecond},
}

// selectScenarios returns the scenarios to run. With matrix false it is
// targetScenarios; with matrix true the cross product of ns, latencies and
// builds. Either list is then filtered by the comma-separated globs in
// patterns (path.Match syntax against scenario names; "" keeps all).
func selectScenarios(matrix bool, ns []int, latencies, builds []time.Duration, patterns string) ([]scenario, error) {
	var all []scenario
	if matrix {
		for _, n := range ns {
			for _, l := range latencies {
				for _, b := range builds {
					all = append(all, scenario{N: n, Latency: l, Build: b})
				}
			}
		}
	} else {
		all = append(all, targetScenarios...)
	}
	if strings.TrimSpace(patterns) == "" {
		return all, nil
	}
	var out []scenario
	for _, s := range all {
		for _, p := range strings.Split(patterns, ",") {
			ok, err := path.Match(strings.TrimSpace(p), s.name())
			if err != nil {
				return nil, fmt.Errorf("-scenarios: bad pattern %q: %w", p, err)
			}
			if ok {
				out = append(out, s)
				break
			}
		}
	}
	return out, nil
}

// parseInts parses a comma-separated list of positive integers.
func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseDurations parses a comma-separated list of non-negative durations.
func parseDurations(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("%q is not a duration such as 50ms or 5s", f)
		}
		out = append(out, d)
	}
	return out, nil
}

// fmtMillis formats a latency in whole milliseconds when it is one ("50ms").
func fmtMillis(d time.Duration) string {
	if d%time.Millisecond == 0 {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return d.String()
}

// fmtSeconds formats a build time in whole seconds when it is one ("5s").
func fmtSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return d.String()
}

// Values of the generated configuration. The integration is the one the mock
// seeds, and the repository is one of its repositories.
const (
	benchIntegrationID = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"
	benchRepoURL       = "https://github.com/acme/support-agent"
)

// generateHCL returns a configuration with n langsmith_deployment resources
// built from GitHub, each with one environment variable and
// delete_tracing_project = true. No display_name, so a create is one POST.
// The provider is configured through LANGSMITH_* environment variables.
func generateHCL(n int) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    langsmith = {
      source = "langsmith-terraform/langsmith"
    }
  }
}

provider "langsmith" {}
`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `
resource "langsmith_deployment" "d%04d" {
  name   = "bench-agent-%04d"
  source = "github"

  source_config = {
    integration_id = %q
    repo_url       = %q
  }

  source_revision_config = {
    repo_ref              = "main"
    langgraph_config_path = "langgraph.json"
  }

  environment_variables = {
    LOG_LEVEL = "info"
  }

  delete_tracing_project = true
}
`, i, i, benchIntegrationID, benchRepoURL)
	}
	return b.String()
}

// githubChainSteps is how many status steps a github revision takes from
// CREATING to DEPLOYED in the mock (CREATING, QUEUED, AWAITING_BUILD,
// BUILDING, AWAITING_DEPLOY, DEPLOYING, DEPLOYED: six transitions), so a
// build time B is RevisionStepDelay = B / githubChainSteps.
const githubChainSteps = 6
