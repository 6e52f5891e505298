package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// With -cpuprofile every provider process writes a CPU profile (the
// LANGSMITH_PROVIDER_CPUPROFILE hook of main.go and of floorprovider.Serve)
// named <dir>/<scenario>/<label>-<phase>-round<r>.<pid>.pprof. After the run
// the profiles of each scenario, provider and phase are merged with
// `go tool pprof -proto` into <dir>/<scenario>-<label>-<phase>.pb.gz (open it
// with `go tool pprof -top`), and every sample of the merged profile is put
// in one category by its stack (`go tool pprof -traces`), by the first rule
// of profileCategories that matches.

// profilePrefix is the LANGSMITH_PROVIDER_CPUPROFILE value of one command.
func profilePrefix(dir string, s scenario, label, phase string, round int) string {
	return filepath.Join(dir, s.name(), fmt.Sprintf("%s-%s-round%d", label, phase, round))
}

// profileCategory is one line of the breakdown: a sample belongs to it when
// a frame of its stack matches any.
type profileCategory struct {
	name string
	any  *regexp.Regexp
}

const (
	ourModule = `github\.com/langsmith-terraform/terraform-provider-langsmith/internal/`
	framework = `github\.com/hashicorp/terraform-plugin-framework/`
)

// profileCategories, in the order they are tried. Allocation (mallocgc) is
// counted with the code that allocates; collecting it is GC.
var profileCategories = []profileCategory{
	{"GC (background marking, assists, sweeping, write barriers)",
		regexp.MustCompile(`^runtime\.(gcBgMarkWorker|gcAssistAlloc|bgsweep|bgscavenge|gcStart|gcMarkDone|gcMarkTermination|wbBufFlush|sweepone|markroot)`)},
	{"process start: init, plugin handshake, TLS keys and handshake",
		regexp.MustCompile(`^(main\.main$|runtime\.doInit|github\.com/hashicorp/go-plugin\.|crypto/tls\.|crypto/ecdsa\.|crypto/x509\.)`)},
	{"logging (framework and plugin-go trace logs, hclog JSON; tflog)",
		regexp.MustCompile(`^(github\.com/hashicorp/go-hclog\.|github\.com/hashicorp/terraform-plugin-log/|` + framework + `internal/logging\.|github\.com/hashicorp/terraform-plugin-go/internal/logging\.)`)},
	{"per-attribute validators (framework-validators and ours)",
		regexp.MustCompile(`\.Validate(String|Bool|Int64|Int32|Float64|Float32|Number|List|Map|Set|Object|Dynamic)$|^github\.com/hashicorp/terraform-plugin-framework-validators/`)},
	{"ours: API client (HTTP, JSON)",
		regexp.MustCompile(`^` + ourModule + `langsmith\.`)},
	{"ours: state conversion (rootOf, rawOf/setRoot, deploymentState, reconcileRows, ...)",
		regexp.MustCompile(`^` + ourModule + `provider\.(rootOf|rawOf|setRoot|setState|deploymentState|reconcileRows|knownObject|knownRoot|keepPlanned|revisionConfigState|splitVariables|apiSourceConfig|resourceSpecObject|secretReferencesValue|mapValue|decimalFloat|objectTypeOf|saveObserved|loadObserved|saveWONames|loadWONames)`)},
	{"ours: ModifyPlan (tablePlanner, deploymentPlanner, nothingToRecheck, defaultsToRestore)",
		regexp.MustCompile(`^` + ourModule + `provider\..*ModifyPlan$`)},
	{"ours: ValidateConfig",
		regexp.MustCompile(`^` + ourModule + `provider\..*ValidateConfig$`)},
	{"ours: Read (other)",
		regexp.MustCompile(`^` + ourModule + `provider\.\(\*\w+\)\.Read$`)},
	{"ours: other (Configure, Create, Update, Delete, wait)",
		regexp.MustCompile(`^` + ourModule)},
	{"ours: HTTP transport (net/http connection goroutines; the floors have none)",
		regexp.MustCompile(`^net/http\.`)},
	{"framework: validation (schema walk)",
		regexp.MustCompile(`^` + framework + `internal/fwserver\.(SchemaValidate|AttributeValidate|\(\*Server\)\.Validate)`)},
	{"framework: defaults",
		regexp.MustCompile(`^` + framework + `internal/fwschemadata\.\(\*Data\)\.TransformDefaults`)},
	{"framework: plan modification (schema walk, computed unknowns)",
		regexp.MustCompile(`^` + framework + `internal/fwserver\.(SchemaModifyPlan|AttributeModifyPlan|MarkComputedNilsAsUnknown|\(\*Server\)\.PlanResourceChange\.func)`)},
	{"framework: semantic equality",
		regexp.MustCompile(`^` + framework + `internal/fwserver\.SchemaSemanticEquality`)},
	{"framework: state conversion (msgpack/JSON, tftypes, fwschemadata, nullify)",
		regexp.MustCompile(`^(` + framework + `internal/(fromproto6|toproto6|fromtftypes|totftypes|fwschemadata)\.|` + framework + `(types/basetypes|tfsdk)\.|github\.com/hashicorp/terraform-plugin-go/tftypes\.|github\.com/vmihailenco/msgpack|` +
			framework + `internal/fwserver\.\(\*Server\)\.\w+\.Nullify|` + framework + `internal/fwserver\.\(\*Server\)\.UpgradeResourceState)`)},
	{"framework: other",
		regexp.MustCompile(`^(` + framework + `|github\.com/hashicorp/terraform-plugin-go/)`)},
	{"gRPC, protobuf, network",
		regexp.MustCompile(`^(google\.golang\.org/grpc|google\.golang\.org/protobuf|golang\.org/x/net/|net\.|internal/poll\.|syscall\.|internal/runtime/syscall)`)},
	{"runtime other (scheduler, idle, system)",
		regexp.MustCompile(`.`)},
}

// profileBreakdown is the categorised CPU time of one scenario and phase,
// for each provider whose profiles were found.
type profileBreakdown struct {
	Scenario scenario
	Phase    string
	// Seconds[label][category] and Total[label].
	Seconds map[string]map[string]time.Duration
	Total   map[string]time.Duration
	Files   map[string]int
	Merged  map[string]string // label -> merged profile
}

// analyseProfiles merges and categorises the profiles under dir.
func analyseProfiles(ctx context.Context, dir string, results []*scenarioResult) ([]*profileBreakdown, error) {
	var out []*profileBreakdown
	for _, sr := range results {
		for _, phase := range phases {
			pb := &profileBreakdown{Scenario: sr.S, Phase: phase, Seconds: map[string]map[string]time.Duration{},
				Total: map[string]time.Duration{}, Files: map[string]int{}, Merged: map[string]string{}}
			for _, label := range labels {
				files, err := filepath.Glob(filepath.Join(dir, sr.S.name(), label+"-"+phase+"-round*.pprof"))
				if err != nil {
					return nil, err
				}
				files = nonEmpty(files)
				if len(files) == 0 {
					continue
				}
				merged := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.pb.gz", sr.S.name(), label, phase))
				if err := goTool(ctx, nil, append([]string{"pprof", "-proto", "-output", merged}, files...)...); err != nil {
					return nil, err
				}
				var traces bytes.Buffer
				if err := goTool(ctx, &traces, "pprof", "-traces", merged); err != nil {
					return nil, err
				}
				secs, tot, err := categorise(&traces)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", merged, err)
				}
				pb.Seconds[label], pb.Total[label], pb.Files[label], pb.Merged[label] = secs, tot, len(files), merged
			}
			if len(pb.Total) > 0 {
				out = append(out, pb)
			}
		}
	}
	return out, nil
}

// nonEmpty drops empty files: a process killed before it flushed its
// profile leaves one, which pprof refuses.
func nonEmpty(files []string) []string {
	var out []string
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > 0 {
			out = append(out, f)
		}
	}
	return out
}

// goTool runs `go tool args...`, its output to stdout when given.
func goTool(ctx context.Context, stdout *bytes.Buffer, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go tool %s: %w\n%s", strings.Join(args[:2], " "), err, stderr.String())
	}
	return nil
}

// categorise reads `go tool pprof -traces` output: blocks separated by
// lines of dashes, each starting with the sample value and the leaf frame,
// followed by one frame per line towards the root.
func categorise(traces *bytes.Buffer) (map[string]time.Duration, time.Duration, error) {
	secs := map[string]time.Duration{}
	var total time.Duration
	var value time.Duration
	var stack []string
	flush := func() {
		if len(stack) > 0 {
			secs[classify(stack)] += value
			total += value
		}
		stack = stack[:0]
	}
	sc := bufio.NewScanner(traces)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	started, first := false, false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "-----------+") {
			flush()
			started, first = true, true
			continue
		}
		fields := strings.Fields(line)
		if !started || len(fields) == 0 {
			continue
		}
		if first {
			if len(fields) < 2 {
				return nil, 0, fmt.Errorf("sample without a frame: %q", line)
			}
			d, err := time.ParseDuration(fields[0])
			if err != nil {
				return nil, 0, fmt.Errorf("sample value in %q: %w", line, err)
			}
			value, fields, first = d, fields[1:], false
		}
		stack = append(stack, fields[0])
	}
	flush()
	return secs, total, sc.Err()
}

// classify returns the category of a stack (leaf first).
func classify(stack []string) string {
	for _, c := range profileCategories {
		for _, f := range stack {
			if c.any.MatchString(f) {
				return c.name
			}
		}
	}
	return profileCategories[len(profileCategories)-1].name
}

// profilesMarkdown renders one table per scenario and phase: CPU seconds by
// category for each provider, and ours minus the bare floor.
func profilesMarkdown(pbs []*profileBreakdown) string {
	var b strings.Builder
	b.WriteString("### Provider CPU by category (CPU profiles)\n\n")
	b.WriteString("Samples of every provider process of the command, merged over the rounds, in seconds per round; " +
		"each sample counts once, in the first category (in this order) that a frame of its stack matches " +
		"(tools/bench/profile.go). Merged profiles: `go tool pprof -top <file>`.\n\n")
	for _, pb := range pbs {
		rounds := map[string]int{}
		fmt.Fprintf(&b, "#### %s, %s\n\n", pb.Scenario.name(), pb.Phase)
		t := &table{header: []string{"category", "ours s", "bare s", "schema s", "ours - bare s", "ours - bare ms per deployment"}}
		for _, label := range labels {
			rounds[label] = roundsIn(pb, label)
		}
		per := func(label, cat string) time.Duration {
			if rounds[label] == 0 {
				return 0
			}
			if cat == "" {
				return pb.Total[label] / time.Duration(rounds[label])
			}
			return pb.Seconds[label][cat] / time.Duration(rounds[label])
		}
		row := func(name, cat string) {
			d := per(labelOurs, cat) - per(labelBare, cat)
			t.add(name, fmtSecs(per(labelOurs, cat)), fmtSecs(per(labelBare, cat)), fmtSecs(per(labelSchema, cat)),
				fmt.Sprintf("%+.2f", d.Seconds()), fmt.Sprintf("%+.2f", float64(d)/float64(time.Millisecond)/float64(pb.Scenario.N)))
		}
		for _, c := range profileCategories {
			row(c.name, c.name)
		}
		row("total (profile samples)", "")
		b.WriteString(t.String())
		var merged []string
		for _, label := range labels {
			if m := pb.Merged[label]; m != "" {
				merged = append(merged, fmt.Sprintf("%s: %d processes, %d rounds, %s", label, pb.Files[label], rounds[label], m))
			}
		}
		b.WriteString("\n" + strings.Join(merged, "; ") + "\n\n")
	}
	return b.String()
}

// roundsIn counts the rounds whose profiles went into pb for label, from the
// merged file's inputs (the round is part of each file name).
func roundsIn(pb *profileBreakdown, label string) int {
	dir := filepath.Dir(pb.Merged[label])
	files, _ := filepath.Glob(filepath.Join(dir, pb.Scenario.name(), label+"-"+pb.Phase+"-round*.pprof"))
	seen := map[string]bool{}
	for _, f := range nonEmpty(files) {
		base := filepath.Base(f)
		if i := strings.Index(base, "-round"); i >= 0 {
			seen[strings.SplitN(base[i+len("-round"):], ".", 2)[0]] = true
		}
	}
	return len(seen)
}
