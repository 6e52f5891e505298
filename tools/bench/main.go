// Command bench measures what terraform-provider-langsmith adds on top of
// terraform itself. For each scenario (number of deployments, API latency,
// revision build time) it starts the mock Control Plane (internal/mockapi) on
// loopback, writes a configuration with N langsmith_deployment resources and
// runs `terraform apply`, `plan` and `destroy` with the real CLI, with the
// provider and with two floor providers generated from its schema at run time
// (tools/bench/floorprovider: the bare floor has the schema's shape only, the
// schema floor its validators, plan modifiers and defaults too; neither makes
// API calls), rotating the order over several rounds. It prints medians, the
// ratios to both floors, each provider's own CPU time (tools/bench/procwrap),
// API calls per deployment, the delay between a revision being DEPLOYED and
// the provider noticing, new TCP connections and the provider's peak memory,
// with PASS/MISS against the targets in BENCHMARKS.md. With -cpuprofile it
// also profiles every provider process and breaks their CPU time down.
//
// Run it with `make bench` (BENCHARGS='-rounds 5 ...') or
// `go run ./tools/bench -h` for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// config is the parsed command line.
type config struct {
	scenarios   []scenario
	rounds      int
	terraform   string
	parallelism int
	out         string
	workDir     string
	keep        bool
	verbose     bool
	reuseFloor  bool
	deleteGETs  int
	timeout     time.Duration
	profileDir  string
	quiet       float64
	quietMax    time.Duration
	extraEnv    []string
}

func main() {
	if err := run(); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage was printed
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	cfg, err := parseFlags(root, os.Args[1:])
	if err != nil {
		return err
	}
	if len(cfg.scenarios) == 0 {
		return fmt.Errorf("no scenario selected; see -h")
	}
	if _, err := os.Stat(cfg.terraform); err != nil {
		return fmt.Errorf("terraform CLI %s: %w (install it with `make %s` or pass -terraform PATH)",
			cfg.terraform, err, defaultTerraform)
	}

	if cfg.workDir == "" {
		if cfg.workDir, err = os.MkdirTemp(defaultTempRoot(), "langsmith-bench-"); err != nil {
			return err
		}
		if !cfg.keep {
			defer os.RemoveAll(cfg.workDir)
		}
	}
	started, loadBefore := time.Now(), loadAverage()
	fmt.Fprintf(os.Stderr, "bench: building the provider and the two floor providers into %s\n", cfg.workDir)
	providers, err := buildProviders(ctx, root, cfg.workDir)
	if err != nil {
		return err
	}
	tfVersion, err := terraformVersion(ctx, cfg.terraform)
	if err != nil {
		return err
	}

	r := &runner{terraform: cfg.terraform, parallelism: cfg.parallelism, deleteGETs: cfg.deleteGETs, workDir: cfg.workDir,
		timeout: cfg.timeout, verbose: cfg.verbose, profileDir: cfg.profileDir, quiet: cfg.quiet, quietMax: cfg.quietMax,
		extraEnv: cfg.extraEnv}
	if err := r.warmUp(ctx, providers...); err != nil {
		return err
	}

	var results []*scenarioResult
	floorByN := map[int]*scenarioResult{} // the scenario whose floor runs serve each N
	interrupted := false
scenarios:
	for _, s := range cfg.scenarios {
		fmt.Fprintf(os.Stderr, "bench: %s: %d rounds\n", s.name(), cfg.rounds)
		sr := &scenarioResult{S: s, Runs: map[string][]*runResult{}}
		// The floors make no API calls, so the mock's latency and build time
		// do not affect them: with -reuse-floor, scenarios of the same N
		// share the floor runs of the first one.
		reuse := floorByN[s.N]
		if !cfg.reuseFloor {
			reuse = nil
		}
		if reuse != nil {
			for _, label := range floorLabels {
				sr.Runs[label] = reuse.Runs[label]
			}
			sr.FloorFrom = reuse.S.name()
		} else {
			floorByN[s.N] = sr
		}
		for round := 1; round <= cfg.rounds; round++ {
			// Rotate which provider goes first, so drift over time (page
			// cache, CPU frequency, other load) weighs on all alike.
			order := rotate(providers, round-1)
			if reuse != nil {
				order = providers[:1] // ours
			}
			for _, p := range order {
				res, err := r.run(ctx, s, p, round)
				if err != nil && ctx.Err() != nil {
					// Interrupted: report the runs that finished.
					fmt.Fprintf(os.Stderr, "bench: interrupted: %v\n", err)
					interrupted = true
					if len(sr.Runs[labelOurs]) > 0 {
						results = append(results, sr)
					}
					break scenarios
				}
				if err != nil {
					return err
				}
				sr.Runs[p.label] = append(sr.Runs[p.label], res)
				fmt.Fprintf(os.Stderr, "  round %d %-6s apply %6.2fs  plan %6.2fs  destroy %6.2fs  (provider CPU %5.2fs %5.2fs %5.2fs)\n", round, p.label,
					res.Phases[phaseApply].Wall.Seconds(), res.Phases[phasePlan].Wall.Seconds(), res.Phases[phaseDestroy].Wall.Seconds(),
					res.Phases[phaseApply].ProviderCPU.Seconds(), res.Phases[phasePlan].ProviderCPU.Seconds(), res.Phases[phaseDestroy].ProviderCPU.Seconds())
			}
		}
		if reuse != nil {
			fmt.Fprintf(os.Stderr, "  floors: reusing the runs of %s\n", reuse.S.name())
		}
		results = append(results, sr)
	}

	if interrupted {
		// The signal cancelled ctx; what follows only reads files.
		ctx = context.Background()
	}
	rep := report{
		Interrupted: interrupted,
		Quiet:       cfg.quiet,
		ExtraEnv:    cfg.extraEnv,
		Results:     results,
		Rounds:      cfg.rounds,
		Parallelism: cfg.parallelism,
		DeleteGETs:  cfg.deleteGETs,
		Terraform:   tfVersion,
		GoVersion:   runtime.Version(),
		CPUs:        runtime.NumCPU(),
		Started:     started,
		Elapsed:     time.Since(started),
		LoadBefore:  loadBefore,
		LoadAfter:   loadAverage(),
	}
	if cfg.profileDir != "" {
		fmt.Fprintf(os.Stderr, "bench: merging and classifying the CPU profiles in %s\n", cfg.profileDir)
		if rep.Profiles, err = analyseProfiles(ctx, cfg.profileDir, results); err != nil {
			return err
		}
	}
	md := rep.markdown()
	fmt.Print(md)
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(md), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "bench: wrote %s\n", cfg.out)
	}
	if cfg.keep {
		fmt.Fprintf(os.Stderr, "bench: working directories and terraform logs kept in %s\n", cfg.workDir)
	}
	return nil
}

// parseFlags parses the command line. Without -matrix (or any of -n,
// -latency, -build given explicitly) the scenarios are the targets'
// configurations; with it, the cross product of the three lists.
func parseFlags(root string, args []string) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: go run ./tools/bench [flags]   (or: make bench BENCHARGS='[flags]')

By default it runs the configurations the targets are stated for:
  %s
Give -matrix, or any of -n, -latency, -build, to run the cross product of
the three lists instead. Either way -scenarios keeps only the names it matches.

Flags:
`, strings.Join(scenarioNames(targetScenarios), ", "))
		fs.PrintDefaults()
	}
	nList := fs.String("n", "10,100,500", "numbers of deployments (matrix runs)")
	latList := fs.String("latency", "0ms,50ms", "mock latency per request (matrix runs)")
	buildList := fs.String("build", "0s,5s", "time a revision takes from creation to DEPLOYED (matrix runs)")
	matrix := fs.Bool("matrix", false, "run the cross product of -n, -latency and -build")
	patterns := fs.String("scenarios", "", "comma-separated globs of scenario names to run, e.g. 'n100-*,n500-lat50ms-*' (default all selected)")
	rounds := fs.Int("rounds", 3, "rounds per scenario; each runs both providers, alternating which goes first")
	terraform := fs.String("terraform", filepath.Join(root, defaultTerraform), "terraform CLI to run")
	parallelism := fs.Int("parallelism", 0, "terraform -parallelism (0: terraform's default, 10)")
	out := fs.String("out", "", "also write the report as markdown to this file")
	workDir := fs.String("workdir", "", "directory for binaries and working directories (default a temporary one in /dev/shm, else in $TMPDIR, removed at the end)")
	keep := fs.Bool("keep", false, "keep the working directories and terraform logs")
	verbose := fs.Bool("v", false, "print every phase's figures as it finishes")
	timeout := fs.Duration("timeout", 20*time.Minute, "limit for one terraform command")
	deleteGETs := fs.Int("delete-gets", 1, "GETs a deleted deployment still answers AWAITING_DELETE before it 404s (0: gone at once)")
	reuseFloor := fs.Bool("reuse-floor", true, "run the floors once per N and reuse them for scenarios that differ only in latency or build time")
	quiet := fs.Float64("quiet", 0, "before every command, wait until the rest of the machine uses fewer than this many CPUs (over 2 s), e.g. 0.2 on a shared machine; 0 does not wait")
	quietMax := fs.Duration("quiet-max", 10*time.Minute, "longest wait for -quiet before a command starts anyway (the report counts those)")
	var extraEnv []string
	fs.Func("env", "KEY=VALUE added to the environment of every terraform command and so of all three providers, "+
		"e.g. -env TF_LOG_SDK_FRAMEWORK=off to measure the framework without its trace logging (repeatable)", func(s string) error {
		if k, _, ok := strings.Cut(s, "="); !ok || k == "" {
			return fmt.Errorf("want KEY=VALUE, got %q", s)
		}
		extraEnv = append(extraEnv, s)
		return nil
	})
	profileDir := fs.String("cpuprofile", "", "profile every provider process (LANGSMITH_PROVIDER_CPUPROFILE) into this directory, and report a breakdown of their CPU time")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "n", "latency", "build":
			*matrix = true
		}
	})
	ns, err := parseInts(*nList)
	if err != nil {
		return nil, fmt.Errorf("-n: %w", err)
	}
	lats, err := parseDurations(*latList)
	if err != nil {
		return nil, fmt.Errorf("-latency: %w", err)
	}
	builds, err := parseDurations(*buildList)
	if err != nil {
		return nil, fmt.Errorf("-build: %w", err)
	}
	if *rounds < 1 {
		return nil, fmt.Errorf("-rounds must be at least 1")
	}
	scenarios, err := selectScenarios(*matrix, ns, lats, builds, *patterns)
	if err != nil {
		return nil, err
	}
	tf, err := filepath.Abs(*terraform)
	if err != nil {
		return nil, err
	}
	cfg := &config{
		scenarios: scenarios, rounds: *rounds, terraform: tf, parallelism: *parallelism,
		out: *out, keep: *keep, verbose: *verbose, timeout: *timeout, reuseFloor: *reuseFloor, deleteGETs: *deleteGETs,
		quiet: *quiet, quietMax: *quietMax, extraEnv: extraEnv,
	}
	if *profileDir != "" {
		if cfg.profileDir, err = filepath.Abs(*profileDir); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(cfg.profileDir, 0o755); err != nil {
			return nil, err
		}
	}
	if *workDir != "" {
		if cfg.workDir, err = filepath.Abs(*workDir); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(cfg.workDir, 0o755); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// defaultTempRoot is where the working directories go by default: /dev/shm
// (memory) when it is there, else the usual temporary directory. Terraform
// rewrites the whole local state file after every resource it changes, a cost
// that grows with N squared and is the same for both providers; on memory it
// is smaller and steadier, so the floor is lower and the ratios stricter.
func defaultTempRoot() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "langsmith-bench-probe-"); err == nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return os.TempDir()
}

// loadAverage returns the 1, 5 and 15 minute load averages from /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func scenarioNames(ss []scenario) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.name()
	}
	return out
}

// moduleRoot returns the directory of this module's go.mod, so the benchmark
// runs from any working directory inside the repository.
func moduleRoot(ctx context.Context) (string, error) {
	b, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(b))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the benchmark inside the terraform-provider-langsmith module")
	}
	return filepath.Dir(gomod), nil
}

// providerAddress is the provider's registry address, as in main.go.
const providerAddress = "registry.terraform.io/langsmith-terraform/langsmith"

// defaultTerraform is the CLI the benchmark runs unless told otherwise: the
// acceptance suite's default (TF_VERSION in the GNUmakefile).
var defaultTerraform = filepath.Join("bin", "terraform-1.16.4", "terraform")

// Labels of the three providers, in their order in tables.
const (
	labelOurs   = "ours"
	labelBare   = "bare"
	labelSchema = "schema"
)

var (
	labels      = []string{labelOurs, labelBare, labelSchema}
	floorLabels = []string{labelBare, labelSchema}
)

// buildProviders builds the provider (the module's main package), the bare
// floor (./tools/bench/barefloor) and the schema floor (./tools/bench/floor)
// into dir. Terraform does not run them directly: each gets a directory with
// tools/bench/procwrap installed as terraform-provider-langsmith (it runs the
// real binary and records its rusage) and a CLI config whose dev_overrides
// point terraform at that directory, so no `terraform init` is needed.
func buildProviders(ctx context.Context, root, dir string) ([]providerBuild, error) {
	goBuild := func(out, pkg string) error {
		cmd := exec.CommandContext(ctx, "go", "build", "-ldflags", "-X main.version=bench", "-o", out, pkg)
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", pkg, err)
		}
		return nil
	}
	wrapper := filepath.Join(dir, "procwrap")
	if err := goBuild(wrapper, "./tools/bench/procwrap"); err != nil {
		return nil, err
	}
	var out []providerBuild
	for _, b := range []struct{ label, pkg string }{{labelOurs, "."}, {labelBare, "./tools/bench/barefloor"}, {labelSchema, "./tools/bench/floor"}} {
		bin := filepath.Join(dir, "bin-"+b.label, "terraform-provider-langsmith")
		if err := goBuild(bin, b.pkg); err != nil {
			return nil, err
		}
		pluginDir := filepath.Join(dir, "provider-"+b.label)
		if err := os.MkdirAll(pluginDir, 0o755); err != nil {
			return nil, err
		}
		if err := copyFile(wrapper, filepath.Join(pluginDir, "terraform-provider-langsmith"), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(pluginDir, "procwrap.target"), []byte(bin+"\n"), 0o644); err != nil {
			return nil, err
		}
		cliConfig := filepath.Join(dir, b.label+".tfrc")
		body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress, pluginDir)
		if err := os.WriteFile(cliConfig, []byte(body), 0o644); err != nil {
			return nil, err
		}
		out = append(out, providerBuild{label: b.label, binary: bin, cliConfig: cliConfig})
	}
	return out, nil
}

// copyFile copies src to dst with mode perm.
func copyFile(src, dst string, perm os.FileMode) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, perm)
}

// rotate returns ps rotated left by n.
func rotate[T any](ps []T, n int) []T {
	n %= len(ps)
	return append(append([]T(nil), ps[n:]...), ps[:n]...)
}

// terraformVersion returns the first line of `terraform version`.
func terraformVersion(ctx context.Context, tf string) (string, error) {
	cmd := exec.CommandContext(ctx, tf, "version")
	cmd.Env = terraformEnv(os.DevNull, "")
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", tf, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line), nil
}

// warmUp runs `terraform validate` once with each provider on a one-resource
// configuration, so the first timed command of the first scenario does not
// pay for loading the binaries from disk.
func (r *runner) warmUp(ctx context.Context, providers ...providerBuild) error {
	for _, p := range providers {
		dir := filepath.Join(r.workDir, "warmup-"+p.label)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(generateHCL(1)), 0o644); err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, r.terraform, "validate", "-no-color")
		cmd.Dir = dir
		cmd.Env = terraformEnv(p.cliConfig, "http://127.0.0.1:1")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("terraform validate with the %s provider: %w\n%s", p.label, err, out)
		}
	}
	return nil
}
