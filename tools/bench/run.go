package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// Credentials the mock accepts and the provider is given through LANGSMITH_*.
const (
	benchAPIKey      = "lsv2_bench_0123456789abcdef"
	benchWorkspaceID = "6f1d2c3b-4a59-4e7f-8d6c-5b4a39281706"
)

// The three terraform commands timed per run, in the order they run.
const (
	phaseApply   = "apply"
	phasePlan    = "plan"
	phaseDestroy = "destroy"
)

var phases = []string{phaseApply, phasePlan, phaseDestroy}

// providerBuild is one provider binary and the CLI config that makes
// terraform use it.
type providerBuild struct {
	label     string // "ours" or "floor"
	binary    string // absolute path of terraform-provider-langsmith
	cliConfig string // file for TF_CLI_CONFIG_FILE with a dev_overrides block
}

// phaseResult is what one terraform command cost.
type phaseResult struct {
	Wall time.Duration
	// Calls counts the mock's requests by route ("GET /v2/deployments/{deployment_id}").
	Calls map[string]int
	// DeleteWaitGETs counts deployment GETs that saw AWAITING_DELETE or 404,
	// i.e. the provider's polls after its DELETE; the other GETs of a destroy
	// are terraform's refresh before it.
	DeleteWaitGETs int
	// CPU is the user+system CPU time of terraform and the provider
	// processes it started and reaped (the rusage of the terraform process).
	// Unlike the wall time it barely moves with other load on the machine.
	CPU time.Duration
	// BenchCPU is the CPU time of this process during the command: the mock
	// answering the provider's requests, plus the /proc sampler (which costs
	// the same for both providers).
	BenchCPU time.Duration
	// NewConns is how many TCP connections the mock accepted.
	NewConns int64
	// procStats: peak RSS of the provider processes, how many terraform
	// started, and the connections each held to the mock.
	procStats
	// PlanChanged is set when `terraform plan -detailed-exitcode` reported
	// changes for a configuration that did not change.
	PlanChanged bool
}

// runResult is one provider's apply, plan and destroy in one round.
type runResult struct {
	Phases map[string]*phaseResult
	// Delays are, per revision, the time from the mock marking it DEPLOYED to
	// the first API response that showed it DEPLOYED to the provider.
	Delays []time.Duration
	// Unseen counts revisions that reached DEPLOYED without the provider
	// ever seeing it.
	Unseen int
	// ApplyTail is the time from the last revision reaching DEPLOYED to the
	// apply command returning.
	ApplyTail time.Duration
	// StateBytes is the size of terraform.tfstate after apply.
	StateBytes int64
}

// runner holds what every run shares.
type runner struct {
	terraform   string
	parallelism int
	deleteGETs  int // GETs a deleted deployment answers AWAITING_DELETE before 404
	workDir     string
	timeout     time.Duration
	verbose     bool
}

// callObserver classifies deployment GETs as the mock answers them, to split
// a destroy's refresh from the provider's wait for the delete.
type callObserver struct {
	mu         sync.Mutex
	deleteWait int
}

const getDeploymentRoute = "GET /v2/deployments/{deployment_id}"

func (o *callObserver) observe(ex mockapi.Exchange) {
	if ex.Route != getDeploymentRoute {
		return
	}
	// Only a soft-deleted deployment's body contains this status (the mock
	// writes JSON without spaces), so no decoding is needed.
	wait := ex.Status == 404 || (ex.Status == 200 && bytes.Contains(ex.ResponseBody, []byte(`"status":"AWAITING_DELETE"`)))
	if wait {
		o.mu.Lock()
		o.deleteWait++
		o.mu.Unlock()
	}
}

func (o *callObserver) take() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := o.deleteWait
	o.deleteWait = 0
	return n
}

// run applies, plans and destroys scenario s with provider p against a fresh
// mock, in a fresh working directory.
func (r *runner) run(ctx context.Context, s scenario, p providerBuild, round int) (*runResult, error) {
	dir := filepath.Join(r.workDir, s.name(), fmt.Sprintf("round%d-%s", round, p.label))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(generateHCL(s.N)), 0o644); err != nil {
		return nil, err
	}

	obs := &callObserver{}
	mock, err := mockapi.Start(mockapi.Options{
		APIKey:            benchAPIKey,
		TenantID:          benchWorkspaceID,
		Latency:           s.Latency,
		RevisionStepDelay: s.Build / githubChainSteps,
		DeleteGETs:        mockDeleteGETs(r.deleteGETs),
		Observer:          obs.observe,
	}, "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer mock.Close()
	port, err := urlPort(mock.URL)
	if err != nil {
		return nil, err
	}

	env := terraformEnv(p.cliConfig, mock.URL)
	res := &runResult{Phases: map[string]*phaseResult{}}
	for _, phase := range phases {
		args := []string{phase, "-input=false", "-no-color"}
		switch phase {
		case phasePlan:
			args = append(args, "-detailed-exitcode")
		default:
			args = append(args, "-auto-approve")
		}
		if r.parallelism > 0 {
			args = append(args, "-parallelism="+strconv.Itoa(r.parallelism))
		}

		mock.Server.ResetCounts()
		obs.take()
		conns := mock.NewConnections()
		pr, end, exitCode, err := r.terraformCmd(ctx, dir, phase, args, env, p.binary, port)
		if err != nil {
			return nil, err
		}
		pr.Calls = mock.Server.Counts()
		pr.DeleteWaitGETs = obs.take()
		pr.NewConns = mock.NewConnections() - conns
		pr.PlanChanged = phase == phasePlan && exitCode == 2
		res.Phases[phase] = pr

		if phase == phaseApply {
			res.Delays, res.Unseen, res.ApplyTail = revisionDelays(mock.Server.RevisionTimings(), end)
			if fi, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
				res.StateBytes = fi.Size()
			}
		}
		if r.verbose {
			fmt.Fprintf(os.Stderr, "    %-5s %-7s %7.2fs cpu=%.2fs mockcpu=%.2fs calls=%d conns=%d (%d procs, <= %d each) rss=%dKiB procs=%d\n",
				p.label, phase, pr.Wall.Seconds(), pr.CPU.Seconds(), pr.BenchCPU.Seconds(), total(pr.Calls), pr.NewConns, pr.CallingProcesses, pr.MaxConnsPerProcess,
				pr.PeakRSSKiB, pr.Processes)
		}
	}
	if p.label == "ours" {
		if left := len(mock.Server.Deployments()); left != 0 {
			return nil, fmt.Errorf("%s round %d: %d deployments left in the mock after destroy", s.name(), round, left)
		}
	}
	return res, nil
}

// terraformCmd runs one terraform command in dir, timing it and sampling the
// provider processes it starts. The command's output goes to <phase>.log in
// dir. Plan's exit code 2 (changes present) is returned, not an error.
func (r *runner) terraformCmd(ctx context.Context, dir, phase string, args, env []string, providerBinary string, mockPort int) (*phaseResult, time.Time, int, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	logPath := filepath.Join(dir, phase+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, time.Time{}, 0, err
	}
	defer logFile.Close()

	cmd := exec.CommandContext(ctx, r.terraform, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	// Interrupt rather than kill on timeout, so terraform stops its plugins.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second

	sampler := startProcSampler(providerBinary, mockPort, 50*time.Millisecond)
	selfBefore := selfCPU()
	start := time.Now()
	runErr := cmd.Run()
	end := time.Now()
	benchCPU := selfCPU() - selfBefore
	stats := sampler.finish()

	exitCode := 0
	var exitErr *exec.ExitError
	switch {
	case runErr == nil:
	case errors.As(runErr, &exitErr) && phase == phasePlan && exitErr.ExitCode() == 2:
		exitCode = 2
	default:
		return nil, end, 0, fmt.Errorf("terraform %s in %s: %w\n%s", phase, dir, runErr, tail(logPath, 30))
	}
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	return &phaseResult{Wall: end.Sub(start), CPU: cpu, BenchCPU: benchCPU, procStats: stats}, end, exitCode, nil
}

// terraformEnv is the environment of every terraform command: this process's
// environment without any TF_* or LANGSMITH_* setting of the developer's
// (TF_LOG would slow both providers, a CLI config could replace ours), plus
// the benchmark's own.
func terraformEnv(cliConfig, mockURL string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "LANGSMITH_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"LANGSMITH_API_KEY="+benchAPIKey,
		"LANGSMITH_WORKSPACE_ID="+benchWorkspaceID,
		"LANGSMITH_CONTROL_PLANE_URL="+mockURL,
	)
}

// revisionDelays returns, for every revision that reached DEPLOYED, the delay
// until the provider first saw it so, the number never seen, and the time
// from the last DEPLOYED to applyEnd.
func revisionDelays(timings []mockapi.RevisionTiming, applyEnd time.Time) (delays []time.Duration, unseen int, tail time.Duration) {
	var last time.Time
	for _, t := range timings {
		if t.DeployedAt.IsZero() {
			continue
		}
		if t.DeployedAt.After(last) {
			last = t.DeployedAt
		}
		if t.FirstSeenDeployedAt.IsZero() {
			unseen++
			continue
		}
		delays = append(delays, t.FirstSeenDeployedAt.Sub(t.DeployedAt))
	}
	if !last.IsZero() {
		tail = applyEnd.Sub(last)
	}
	return delays, unseen, tail
}

// mockDeleteGETs converts a count of AWAITING_DELETE answers to
// mockapi.Options.DeleteGETs, where 0 means the default (1) and a negative
// value means none.
func mockDeleteGETs(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// selfCPU is the user+system CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// urlPort returns the TCP port of an http://host:port URL.
func urlPort(raw string) (int, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(u.Port())
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}
