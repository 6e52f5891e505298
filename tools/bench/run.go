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
	label     string // labelOurs, labelBare or labelSchema
	binary    string // absolute path of the real binary (procwrap runs it)
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
	// ProviderCPU is the user+system CPU time of the provider processes
	// alone, summed over them, and ProviderMaxRSSKiB the largest peak RSS
	// of one, both from their rusage (tools/bench/procwrap); RusageFiles is
	// how many processes reported.
	ProviderCPU       time.Duration
	ProviderMaxRSSKiB int64
	RusageFiles       int
	// BenchCPU is the CPU time of this process during the command: the mock
	// answering the provider's requests, plus the /proc sampler (which costs
	// the same for both providers).
	BenchCPU time.Duration
	// OthersCPU is the CPU time the whole machine spent outside this
	// command and this process while the command ran (/proc/stat minus CPU
	// and BenchCPU): other people's work, which inflates wall times.
	OthersCPU time.Duration
	// QuietWait is how long the command waited for the machine to be
	// quiet (-quiet); NotQuiet is set when it started without.
	QuietWait time.Duration
	NotQuiet  bool
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
	profileDir  string // "" unless -cpuprofile: where the provider processes write CPU profiles
	// quiet > 0 makes every command wait (at most quietMax) until the rest
	// of the machine uses less than quiet CPUs.
	quiet    float64
	quietMax time.Duration
	// extraEnv (-env) is added to every command's environment, and so
	// reaches all three providers alike.
	extraEnv []string
}

// callObserver classifies deployment GETs as the mock answers them, to split
// a destroy's refresh from the provider's wait for the delete.
type callObserver struct {
	mu         sync.Mutex
	deleteWait int
}

const getDeploymentRoute = "GET /v2/deployments/{deployment_id}"

// listDeploymentsRoute is the list a create's plan sends to check that the
// name is free.
const listDeploymentsRoute = "GET /v2/deployments"

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

	env := append(terraformEnv(p.cliConfig, mock.URL), r.extraEnv...)
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

		rusageDir := filepath.Join(dir, phase+".rusage")
		if err := os.MkdirAll(rusageDir, 0o755); err != nil {
			return nil, err
		}
		cmdEnv := append(env[:len(env):len(env)], rusageDirEnv+"="+rusageDir)
		if r.profileDir != "" {
			prefix := profilePrefix(r.profileDir, s, p.label, phase, round)
			if err := os.MkdirAll(filepath.Dir(prefix), 0o755); err != nil {
				return nil, err
			}
			cmdEnv = append(cmdEnv, cpuProfileEnv+"="+prefix)
		}

		waited, quiet := r.waitQuiet(ctx)

		mock.Server.ResetCounts()
		obs.take()
		conns := mock.NewConnections()
		pr, end, exitCode, err := r.terraformCmd(ctx, dir, phase, args, cmdEnv, p.binary, port)
		if err != nil {
			return nil, err
		}
		if pr.ProviderCPU, pr.ProviderMaxRSSKiB, pr.RusageFiles, err = readRusage(rusageDir); err != nil {
			return nil, err
		}
		if pr.RusageFiles < pr.Processes {
			return nil, fmt.Errorf("%s %s round %d %s: %d provider processes seen, only %d reported their rusage",
				s.name(), p.label, round, phase, pr.Processes, pr.RusageFiles)
		}
		pr.QuietWait, pr.NotQuiet = waited, !quiet
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
			fmt.Fprintf(os.Stderr, "    %-6s %-7s %7.2fs cpu=%.2fs provider=%.2fs mockcpu=%.2fs calls=%d conns=%d (%d procs, <= %d each) rss=%dKiB procs=%d\n",
				p.label, phase, pr.Wall.Seconds(), pr.CPU.Seconds(), pr.ProviderCPU.Seconds(), pr.BenchCPU.Seconds(), total(pr.Calls), pr.NewConns,
				pr.CallingProcesses, pr.MaxConnsPerProcess, pr.PeakRSSKiB, pr.Processes)
		}
	}
	if p.label == labelOurs {
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
	selfBefore, machineBefore := selfCPU(), machineBusy()
	start := time.Now()
	runErr := cmd.Run()
	end := time.Now()
	benchCPU, machine := selfCPU()-selfBefore, machineBusy()-machineBefore
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
	others := max(machine-cpu-benchCPU, 0)
	return &phaseResult{Wall: end.Sub(start), CPU: cpu, BenchCPU: benchCPU, OthersCPU: others, procStats: stats}, end, exitCode, nil
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

// Environment variables the benchmark sets for terraform, which passes them
// on to the provider processes: procwrap writes each process's rusage to
// rusageDirEnv, and the provider (main.go) and the floors
// (floorprovider.Serve) write a CPU profile to cpuProfileEnv + ".<pid>.pprof".
const (
	rusageDirEnv  = "LANGSMITH_BENCH_RUSAGE_DIR"
	cpuProfileEnv = "LANGSMITH_PROVIDER_CPUPROFILE"
)

// readRusage sums the CPU time of the provider processes of one command from
// the files procwrap wrote in dir ("<user ns> <system ns> <max RSS KiB>"),
// and returns the largest peak RSS and the number of processes.
func readRusage(dir string) (cpu time.Duration, maxRSS int64, n int, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0, 0, err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".rusage") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return 0, 0, 0, err
		}
		var user, sys, rss int64
		if _, err := fmt.Sscan(string(b), &user, &sys, &rss); err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %w", e.Name(), err)
		}
		cpu += time.Duration(user + sys)
		maxRSS = max(maxRSS, rss)
		n++
	}
	return cpu, maxRSS, n, nil
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

// waitQuiet waits until the machine, apart from this process, has used less
// than r.quiet CPUs over two seconds, or r.quietMax has passed. It reports how
// long it waited and whether the machine was quiet.
func (r *runner) waitQuiet(ctx context.Context) (time.Duration, bool) {
	if r.quiet <= 0 {
		return 0, true
	}
	const window = 2 * time.Second
	start := time.Now()
	for {
		self, machine := selfCPU(), machineBusy()
		select {
		case <-ctx.Done():
			return time.Since(start), false
		case <-time.After(window):
		}
		others := machineBusy() - machine - (selfCPU() - self)
		if float64(others) < r.quiet*float64(window) {
			return time.Since(start), true
		}
		if time.Since(start) >= r.quietMax {
			return time.Since(start), false
		}
	}
}

// machineBusy is the CPU time all CPUs have spent busy so far (user, nice,
// system, irq, softirq and steal from the first line of /proc/stat).
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system (idle iowait) irq softirq steal
		n, _ := strconv.ParseInt(f[i], 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/stat: 100 on every Linux
// architecture Go supports.
const clockTicks = 100

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
