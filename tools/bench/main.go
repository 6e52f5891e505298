// Command bench measures what terraform-provider-langsmith adds on top of
// terraform itself. For each scenario (number of deployments, API latency,
// revision build time) it starts the mock Control Plane (internal/mockapi) on
// loopback, writes a configuration with N langsmith_deployment resources and
// runs `terraform apply`, `plan` and `destroy` with the real CLI, once with
// the provider and once with the floor provider (tools/bench/floor: the same
// schema, no API calls), alternating the two over several rounds. It prints
// medians, API calls per deployment, the delay between a revision being
// DEPLOYED and the provider noticing, new TCP connections and the provider's
// peak memory, with PASS/MISS against the targets in BENCHMARKS.md.
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
			cfg.terraform, err, "bin/terraform-1.8.5/terraform")
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
	fmt.Fprintf(os.Stderr, "bench: building the provider and the floor provider into %s\n", cfg.workDir)
	ours, floor, err := buildProviders(ctx, root, cfg.workDir)
	if err != nil {
		return err
	}
	tfVersion, err := terraformVersion(ctx, cfg.terraform)
	if err != nil {
		return err
	}

	r := &runner{terraform: cfg.terraform, parallelism: cfg.parallelism, deleteGETs: cfg.deleteGETs, workDir: cfg.workDir,
		timeout: cfg.timeout, verbose: cfg.verbose}
	if err := r.warmUp(ctx, ours, floor); err != nil {
		return err
	}

	var results []*scenarioResult
	floorByN := map[int]*scenarioResult{} // the scenario whose floor runs serve each N
	for _, s := range cfg.scenarios {
		fmt.Fprintf(os.Stderr, "bench: %s: %d rounds\n", s.name(), cfg.rounds)
		sr := &scenarioResult{S: s, Runs: map[string][]*runResult{}}
		// The floor makes no API calls, so the mock's latency and build time
		// do not affect it: with -reuse-floor, scenarios of the same N share
		// the floor runs of the first one.
		reuse := floorByN[s.N]
		if !cfg.reuseFloor {
			reuse = nil
		}
		if reuse != nil {
			sr.Runs["floor"] = reuse.Runs["floor"]
			sr.FloorFrom = reuse.S.name()
		} else {
			floorByN[s.N] = sr
		}
		for round := 1; round <= cfg.rounds; round++ {
			// Alternate which provider goes first, so drift over time (page
			// cache, CPU frequency, other load) weighs on both alike.
			order := []providerBuild{ours, floor}
			switch {
			case reuse != nil:
				order = []providerBuild{ours}
			case round%2 == 0:
				order = []providerBuild{floor, ours}
			}
			for _, p := range order {
				res, err := r.run(ctx, s, p, round)
				if err != nil {
					return err
				}
				sr.Runs[p.label] = append(sr.Runs[p.label], res)
				fmt.Fprintf(os.Stderr, "  round %d %-5s apply %6.2fs  plan %6.2fs  destroy %6.2fs\n", round, p.label,
					res.Phases[phaseApply].Wall.Seconds(), res.Phases[phasePlan].Wall.Seconds(), res.Phases[phaseDestroy].Wall.Seconds())
			}
		}
		if reuse != nil {
			fmt.Fprintf(os.Stderr, "  floor: reusing the runs of %s\n", reuse.S.name())
		}
		results = append(results, sr)
	}

	rep := report{
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
	terraform := fs.String("terraform", filepath.Join(root, "bin", "terraform-1.8.5", "terraform"), "terraform CLI to run")
	parallelism := fs.Int("parallelism", 0, "terraform -parallelism (0: terraform's default, 10)")
	out := fs.String("out", "", "also write the report as markdown to this file")
	workDir := fs.String("workdir", "", "directory for binaries and working directories (default a temporary one in /dev/shm, else in $TMPDIR, removed at the end)")
	keep := fs.Bool("keep", false, "keep the working directories and terraform logs")
	verbose := fs.Bool("v", false, "print every phase's figures as it finishes")
	timeout := fs.Duration("timeout", 20*time.Minute, "limit for one terraform command")
	deleteGETs := fs.Int("delete-gets", 1, "GETs a deleted deployment still answers AWAITING_DELETE before it 404s (0: gone at once)")
	reuseFloor := fs.Bool("reuse-floor", true, "run the floor once per N and reuse it for scenarios that differ only in latency or build time")
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

// buildProviders builds the provider (the module's main package) and the
// floor provider (./tools/bench/floor) as terraform-provider-langsmith in two
// directories under dir, each with a CLI config whose dev_overrides point
// terraform at it, so no `terraform init` is needed.
func buildProviders(ctx context.Context, root, dir string) (ours, floor providerBuild, err error) {
	build := func(label, pkg string) (providerBuild, error) {
		binDir := filepath.Join(dir, "provider-"+label)
		if err := os.MkdirAll(binDir, 0o755); err != nil {
			return providerBuild{}, err
		}
		bin := filepath.Join(binDir, "terraform-provider-langsmith")
		cmd := exec.CommandContext(ctx, "go", "build", "-ldflags", "-X main.version=bench", "-o", bin, pkg)
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return providerBuild{}, fmt.Errorf("go build %s: %w", pkg, err)
		}
		cliConfig := filepath.Join(dir, label+".tfrc")
		body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", providerAddress, binDir)
		if err := os.WriteFile(cliConfig, []byte(body), 0o644); err != nil {
			return providerBuild{}, err
		}
		return providerBuild{label: label, binary: bin, cliConfig: cliConfig}, nil
	}
	if ours, err = build("ours", "."); err != nil {
		return
	}
	floor, err = build("floor", "./tools/bench/floor")
	return
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
