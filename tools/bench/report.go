package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// scenarioResult holds every round of one scenario, by provider label.
type scenarioResult struct {
	S    scenario
	Runs map[string][]*runResult // provider label -> one result per round
	// FloorFrom names the scenario whose floor runs these are, when they
	// were reused (same N; the floors ignore latency and build time).
	FloorFrom string
}

// report is everything the markdown report shows.
type report struct {
	Results     []*scenarioResult
	Rounds      int
	Parallelism int
	DeleteGETs  int
	Terraform   string
	GoVersion   string
	CPUs        int
	Started     time.Time
	Elapsed     time.Duration
	// LoadBefore and LoadAfter are /proc/loadavg at the start and the end:
	// other work on the machine inflates wall times (not CPU times).
	LoadBefore, LoadAfter string
	// Interrupted is set when the run was stopped before the end.
	Interrupted bool
	// ExtraEnv is what -env added to every command's environment.
	ExtraEnv []string
	// Quiet is the -quiet threshold (0: commands did not wait).
	Quiet float64
	// Profiles is the CPU profile breakdown (-cpuprofile), else nil.
	Profiles []*profileBreakdown
}

// medianWall is the median wall time of a phase over the rounds.
func (sr *scenarioResult) medianWall(label, phase string) time.Duration {
	var ds []time.Duration
	for _, r := range sr.Runs[label] {
		ds = append(ds, r.Phases[phase].Wall)
	}
	return median(ds)
}

// medianCPU is the median CPU time (terraform and provider) of a phase.
func (sr *scenarioResult) medianCPU(label, phase string) time.Duration {
	var ds []time.Duration
	for _, r := range sr.Runs[label] {
		ds = append(ds, r.Phases[phase].CPU)
	}
	return median(ds)
}

// medianProviderCPU is the median CPU time of the provider processes alone
// in a phase.
func (sr *scenarioResult) medianProviderCPU(label, phase string) time.Duration {
	var ds []time.Duration
	for _, r := range sr.Runs[label] {
		ds = append(ds, r.Phases[phase].ProviderCPU)
	}
	return median(ds)
}

// providerCPUPerDeployment is medianProviderCPU divided by N.
func (sr *scenarioResult) providerCPUPerDeployment(label, phase string) time.Duration {
	return sr.medianProviderCPU(label, phase) / time.Duration(sr.S.N)
}

// medianBenchCPU is the median CPU time of the bench process (the mock) in
// a phase.
func (sr *scenarioResult) medianBenchCPU(label, phase string) time.Duration {
	var ds []time.Duration
	for _, r := range sr.Runs[label] {
		ds = append(ds, r.Phases[phase].BenchCPU)
	}
	return median(ds)
}

// medianOthersCPU is the median CPU time others used during a phase.
func (sr *scenarioResult) medianOthersCPU(label, phase string) time.Duration {
	var ds []time.Duration
	for _, r := range sr.Runs[label] {
		ds = append(ds, r.Phases[phase].OthersCPU)
	}
	return median(ds)
}

// medianState is the median size of the state file after apply, in bytes.
func (sr *scenarioResult) medianState(label string) int64 {
	var ds []time.Duration // sizes as durations only to reuse median
	for _, r := range sr.Runs[label] {
		ds = append(ds, time.Duration(r.StateBytes))
	}
	return int64(median(ds))
}

// cpuRatio is ours' median CPU time (terraform and the provider processes)
// over a floor's: a figure that other load on the machine disturbs much
// less than wall time.
func (sr *scenarioResult) cpuRatio(floor, phase string) float64 {
	f := sr.medianCPU(floor, phase)
	if f <= 0 {
		return 0
	}
	return float64(sr.medianCPU(labelOurs, phase)) / float64(f)
}

// minWall is the shortest wall time of a phase over the rounds: other load
// on the machine only ever makes a command slower, so the minimum is the
// figure least affected by it.
func (sr *scenarioResult) minWall(label, phase string) time.Duration {
	var m time.Duration
	for i, r := range sr.Runs[label] {
		if w := r.Phases[phase].Wall; i == 0 || w < m {
			m = w
		}
	}
	return m
}

// minRatio is ours' shortest wall time over a floor's, for one phase.
func (sr *scenarioResult) minRatio(floor, phase string) float64 {
	f := sr.minWall(floor, phase)
	if f <= 0 {
		return 0
	}
	return float64(sr.minWall(labelOurs, phase)) / float64(f)
}

// notQuiet counts the commands of a phase that started while the machine
// was busy (-quiet), over all providers and rounds, and how many ran.
func (sr *scenarioResult) notQuiet(phase string) (n, of int) {
	for _, l := range labels {
		for _, r := range sr.Runs[l] {
			of++
			if r.Phases[phase].NotQuiet {
				n++
			}
		}
	}
	return n, of
}

// ratio is ours' median wall time over a floor's, for one phase.
func (sr *scenarioResult) ratio(floor, phase string) float64 {
	f := sr.medianWall(floor, phase)
	if f <= 0 {
		return 0
	}
	return float64(sr.medianWall(labelOurs, phase)) / float64(f)
}

// callsPerDeployment returns, for one phase of our provider, the API calls
// per deployment by route: the highest count over the rounds, so a target
// met here was met in every round.
func (sr *scenarioResult) callsPerDeployment(phase string) map[string]float64 {
	out := map[string]float64{}
	for _, r := range sr.Runs[labelOurs] {
		for route, n := range r.Phases[phase].Calls {
			out[route] = max(out[route], float64(n)/float64(sr.S.N))
		}
	}
	return out
}

// deleteWaitGETs is the highest number, over the rounds, of GETs per
// deployment after its DELETE (the provider's wait for the delete).
func (sr *scenarioResult) deleteWaitGETs() float64 {
	m := 0.0
	for _, r := range sr.Runs[labelOurs] {
		m = max(m, float64(r.Phases[phaseDestroy].DeleteWaitGETs)/float64(sr.S.N))
	}
	return m
}

// maxConns is the highest number of new TCP connections in a phase, with
// the most any one provider process opened and the most processes that
// opened any.
func (sr *scenarioResult) maxConns(phase string) (total int64, perProcess, processes int) {
	for _, r := range sr.Runs[labelOurs] {
		pr := r.Phases[phase]
		total = max(total, pr.NewConns)
		perProcess = max(perProcess, pr.MaxConnsPerProcess)
		processes = max(processes, pr.CallingProcesses)
	}
	return total, perProcess, processes
}

// fmtConns renders a phase's connections as "20 (2 procs, <= 10 each)":
// the total, how many provider processes opened any, and the most one did.
func (sr *scenarioResult) fmtConns(phase string) string {
	total, per, procs := sr.maxConns(phase)
	if procs == 0 {
		return fmt.Sprint(total)
	}
	return fmt.Sprintf("%d (%d procs, <= %d each)", total, procs, per)
}

// peakRSS is the highest peak RSS (KiB) of a provider process in a phase
// over the rounds; phase "" means over every phase.
func (sr *scenarioResult) peakRSS(label, phase string) int64 {
	var m int64
	for _, r := range sr.Runs[label] {
		for p, pr := range r.Phases {
			if phase == "" || p == phase {
				m = max(m, pr.peakRSS())
			}
		}
	}
	return m
}

// peakRSS is the larger of the exact peak from rusage and the sampled
// VmHWM (they agree, but the rusage is missing if a process was killed).
func (pr *phaseResult) peakRSS() int64 { return max(pr.PeakRSSKiB, pr.ProviderMaxRSSKiB) }

// rssSpread is how much the peak RSS (over all phases) of one provider
// varies between rounds, in KiB: the noise of the memory figure.
func (sr *scenarioResult) rssSpread(label string) int64 {
	var lo, hi int64 = -1, 0
	for _, r := range sr.Runs[label] {
		var peak int64
		for _, pr := range r.Phases {
			peak = max(peak, pr.peakRSS())
		}
		if lo < 0 || peak < lo {
			lo = peak
		}
		hi = max(hi, peak)
	}
	return max(hi-lo, 0)
}

// processes is the most provider processes terraform started in a phase.
func (sr *scenarioResult) processes(label, phase string) int {
	m := 0
	for _, r := range sr.Runs[label] {
		m = max(m, r.Phases[phase].Processes)
	}
	return m
}

// delays pools every round's DEPLOYED-to-seen delays of our provider, and
// returns them with the number of unseen revisions and the apply tails.
func (sr *scenarioResult) delays() (all []time.Duration, unseen int, tails []time.Duration) {
	for _, r := range sr.Runs[labelOurs] {
		all = append(all, r.Delays...)
		unseen += r.Unseen
		tails = append(tails, r.ApplyTail)
	}
	return all, unseen, tails
}

// stateBytes is the size of the state file after apply (the same every round).
func (sr *scenarioResult) stateBytes() int64 {
	var m int64
	for _, r := range sr.Runs[labelOurs] {
		m = max(m, r.StateBytes)
	}
	return m
}

// planChanged reports which providers planned changes for the unchanged
// configuration in some round.
func (sr *scenarioResult) planChanged() []string {
	var out []string
	for _, label := range labels {
		for _, r := range sr.Runs[label] {
			if r.Phases[phasePlan].PlanChanged {
				out = append(out, label)
				break
			}
		}
	}
	return out
}

// floorCalls is the total number of API calls the floors made (it must be 0).
func (sr *scenarioResult) floorCalls() int {
	n := 0
	for _, label := range floorLabels {
		for _, r := range sr.Runs[label] {
			for _, pr := range r.Phases {
				n += total(pr.Calls)
			}
		}
	}
	return n
}

// each formats f(label) for the three providers as "ours / bare / schema".
func each(f func(label string) string) string {
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = f(l)
	}
	return strings.Join(parts, " / ")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func maxDuration(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// routeLabels shortens the mock's route keys for the table.
var routeLabels = map[string]string{
	"POST /v2/deployments":                                        "POST",
	"PATCH /v2/deployments/{deployment_id}":                       "PATCH",
	"DELETE /v2/deployments/{deployment_id}":                      "DELETE",
	"GET /v2/deployments/{deployment_id}":                         "GET dep",
	"GET /v2/deployments/{deployment_id}/revisions/{revision_id}": "GET rev",
	"GET /v2/deployments/{deployment_id}/revisions":               "GET revs",
	"GET /v2/deployments":                                         "GET list",
}

func routeLabel(route string) string {
	if l, ok := routeLabels[route]; ok {
		return l
	}
	return route
}

// fmtCalls renders calls per deployment by route, e.g. "POST 1, GET rev 1,
// GET dep 1 (3)", in a fixed order with the total last.
func fmtCalls(calls map[string]float64) string {
	if len(calls) == 0 {
		return "none"
	}
	routes := make([]string, 0, len(calls))
	sum := 0.0
	for r, v := range calls {
		if v > 0 {
			routes = append(routes, r)
			sum += v
		}
	}
	if len(routes) == 0 {
		return "none"
	}
	sort.Slice(routes, func(i, j int) bool { return routeLabel(routes[i]) > routeLabel(routes[j]) })
	parts := make([]string, len(routes))
	for i, r := range routes {
		parts[i] = routeLabel(r) + " " + fmtNum(calls[r])
	}
	return strings.Join(parts, ", ") + " (" + fmtNum(sum) + ")"
}

// fmtNum prints a per-deployment figure: whole numbers without decimals.
func fmtNum(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

func fmtSecs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func fmtMs(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }

// fmtPerDeployment prints a CPU time per deployment in milliseconds.
func fmtPerDeployment(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

func fmtMiB(kib int64) string { return fmt.Sprintf("%.1f", float64(kib)/1024) }

// table is a markdown table whose columns are padded, so it also reads well
// in a terminal.
type table struct {
	header []string
	rows   [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) String() string {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = len(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], len(c))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i, c := range cells {
			fmt.Fprintf(&b, " %-*s |", widths[i], c)
		}
		b.WriteString("\n")
	}
	line(t.header)
	sep := make([]string, len(widths))
	for i, w := range widths {
		sep[i] = strings.Repeat("-", w)
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
	return b.String()
}

// markdown renders the whole report.
func (rep report) markdown() string {
	var b strings.Builder
	par := "10 (default)"
	if rep.Parallelism > 0 {
		par = fmt.Sprint(rep.Parallelism)
	}
	fmt.Fprintf(&b, "## Benchmark results\n\n")
	fmt.Fprintf(&b, "%s, %s, %d CPUs, terraform parallelism %s, mock DeleteGETs=%d, %d rounds per scenario (medians), "+
		"run %s, took %s; load average %s at the start, %s at the end.\n\n",
		rep.Terraform, rep.GoVersion, rep.CPUs, par, rep.DeleteGETs, rep.Rounds, rep.Started.UTC().Format("2006-01-02 15:04 UTC"),
		rep.Elapsed.Round(time.Second), rep.LoadBefore, rep.LoadAfter)
	if rep.Interrupted {
		b.WriteString("**Interrupted**: the figures are from the rounds that finished before the run was stopped.\n\n")
	}
	if len(rep.ExtraEnv) > 0 {
		fmt.Fprintf(&b, "Added to the environment of every command (all three providers): `%s`.\n\n", strings.Join(rep.ExtraEnv, "`, `"))
	}

	fmt.Fprintf(&b, "### Wall time, ratios and CPU per phase\n\n")
	t := &table{header: []string{"scenario", "phase", "wall s ours / bare / schema", "ours/bare", "ours/schema", "ours/bare, ours/schema of the minima", "CPU ours/bare",
		"provider CPU s ours / bare / schema", "provider CPU ms per deployment ours / bare / schema", "CPU s ours / bare / schema", "bench CPU s ours",
		"others' CPU s ours / bare / schema"}}
	for _, sr := range rep.Results {
		for _, phase := range phases {
			star := ""
			if sr.FloorFrom != "" {
				star = "*"
			}
			t.add(sr.S.name(), phase,
				each(func(l string) string {
					if l == labelOurs {
						return fmtSecs(sr.medianWall(l, phase))
					}
					return fmtSecs(sr.medianWall(l, phase)) + star
				}),
				fmt.Sprintf("%.2f", sr.ratio(labelBare, phase)), fmt.Sprintf("%.2f", sr.ratio(labelSchema, phase)),
				fmt.Sprintf("%.2f, %.2f", sr.minRatio(labelBare, phase), sr.minRatio(labelSchema, phase)),
				fmt.Sprintf("%.2f", sr.cpuRatio(labelBare, phase)),
				each(func(l string) string { return fmtSecs(sr.medianProviderCPU(l, phase)) }),
				each(func(l string) string { return fmtPerDeployment(sr.providerCPUPerDeployment(l, phase)) }),
				each(func(l string) string { return fmtSecs(sr.medianCPU(l, phase)) }),
				fmtSecs(sr.medianBenchCPU(labelOurs, phase)),
				each(func(l string) string { return fmtSecs(sr.medianOthersCPU(l, phase)) }))
		}
	}
	b.WriteString(t.String())
	b.WriteString("\nwall = median wall time of the terraform command (* = floor runs shared with the first scenario of the same N, " +
		"since the floors ignore latency and build time); ours/bare and ours/schema = ratios of the medians, then of the shortest rounds " +
		"(other load only slows a command down, so the minima are the least disturbed); CPU ours/bare = ratio of the median CPU times " +
		"of terraform and the provider processes together, which other load disturbs much less; provider CPU = user+system " +
		"time of the provider processes alone, summed over the processes of the command (their rusage, recorded by tools/bench/procwrap; " +
		"medians), also per deployment; CPU = user+system time of terraform and the provider processes together (medians); bench CPU = CPU " +
		"time of the benchmark process during the command: the mock answering the API calls, plus the /proc sampler (medians); others' CPU = " +
		"CPU time the machine spent on anything else meanwhile (/proc/stat; other people's work, which slows the wall times; medians).\n\n")

	fmt.Fprintf(&b, "### API calls, connections and memory per phase\n\n")
	c := &table{header: []string{"scenario", "phase", "API calls per deployment (ours)", "new conns", "RSS MiB ours / bare / schema", "procs ours / bare / schema"}}
	for _, sr := range rep.Results {
		for _, phase := range phases {
			calls := fmtCalls(sr.callsPerDeployment(phase))
			if phase == phaseDestroy {
				calls += fmt.Sprintf("; GET dep after DELETE %s", fmtNum(sr.deleteWaitGETs()))
			}
			c.add(sr.S.name(), phase, calls, sr.fmtConns(phase),
				each(func(l string) string { return fmtMiB(sr.peakRSS(l, phase)) }),
				each(func(l string) string { return fmt.Sprint(sr.processes(l, phase)) }))
		}
	}
	b.WriteString(c.String())
	b.WriteString("\nAPI calls are the highest of the rounds; new conns = TCP connections the mock accepted during the command, the number of " +
		"provider processes that opened any and the most one of them opened (highest of the rounds); RSS = peak resident set of any " +
		"provider process during the command (its rusage maximum RSS, and the VmHWM sampled from /proc); procs = provider processes " +
		"terraform started.\n\n")

	fmt.Fprintf(&b, "### Delay between DEPLOYED and the provider seeing it (apply)\n\n")
	d := &table{header: []string{"scenario", "revisions", "median", "max", "never seen", "apply end after last DEPLOYED (median, max)", "state KiB ours / bare / schema"}}
	for _, sr := range rep.Results {
		all, unseen, tails := sr.delays()
		d.add(sr.S.name(), fmt.Sprint(len(all)+unseen), fmtMs(median(all)), fmtMs(maxDuration(all)), fmt.Sprint(unseen),
			fmtMs(median(tails))+", "+fmtMs(maxDuration(tails)),
			each(func(l string) string { return fmt.Sprint(sr.medianState(l) / 1024) }))
	}
	b.WriteString(d.String())
	b.WriteString("\n")

	fmt.Fprintf(&b, "### Targets\n\n")
	tt := &table{header: []string{"target", "scenario", "figure", "result"}}
	for _, tg := range rep.targets() {
		tt.add(tg.name, tg.scenario, tg.figure, tg.result)
	}
	b.WriteString(tt.String())
	b.WriteString("\nRatios in the targets are ours / bare floor, from the medians of one run.\n")
	if rep.Quiet > 0 {
		var parts []string
		for _, sr := range rep.Results {
			for _, phase := range phases {
				if n, of := sr.notQuiet(phase); n > 0 {
					parts = append(parts, fmt.Sprintf("%s %s: %d of %d", sr.S.name(), phase, n, of))
				}
			}
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		fmt.Fprintf(&b, "Every command waited until the rest of the machine used fewer than %.2f CPUs; commands that started anyway after -quiet-max: %s.\n",
			rep.Quiet, strings.Join(parts, ", "))
	}

	if len(rep.Profiles) > 0 {
		b.WriteString("\n")
		b.WriteString(profilesMarkdown(rep.Profiles))
	}
	return b.String()
}

// targetRow is one target's line in the report.
type targetRow struct {
	name, scenario, figure, result string
}

func passMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "MISS"
}

// find returns the result of the scenario with this configuration, if run.
func (rep report) find(s scenario) *scenarioResult {
	for _, sr := range rep.Results {
		if sr.S == s {
			return sr
		}
	}
	return nil
}

// targets evaluates every target whose scenario was run; the others are
// listed as not run.
func (rep report) targets() []targetRow {
	var rows []targetRow
	notRun := func(name string, s scenario) {
		rows = append(rows, targetRow{name, s.name(), "-", "not run"})
	}

	// The issue-14 targets, at N=100 and N=500 with 0 ms latency and
	// instant deploys, ratios to the bare floor.
	for _, n := range []int{100, 500} {
		s := scenario{N: n}
		sr := rep.find(s)
		if sr == nil {
			for _, name := range []string{"plan: exactly 1 API request per deployment", "plan: ratio to bare floor <= 1.3",
				"apply: ratio to bare floor <= 1.5", "destroy: ratio to bare floor <= 1.5", "plan: provider CPU per deployment"} {
				notRun(name, s)
			}
			continue
		}
		plan := sr.callsPerDeployment(phasePlan)
		planTotal, minTotal := 0.0, -1
		for _, v := range plan {
			planTotal += v
		}
		for _, r := range sr.Runs[labelOurs] {
			n := total(r.Phases[phasePlan].Calls)
			if minTotal < 0 || n < minTotal {
				minTotal = n
			}
		}
		ratioRow := func(phase string, limit float64) targetRow {
			return targetRow{fmt.Sprintf("%s: ratio to bare floor <= %.1f", phase, limit), s.name(),
				fmt.Sprintf("%.2f (%s s / %s s; shortest rounds %.2f; CPU %.2f; to the schema floor %.2f)", sr.ratio(labelBare, phase),
					fmtSecs(sr.medianWall(labelOurs, phase)), fmtSecs(sr.medianWall(labelBare, phase)), sr.minRatio(labelBare, phase),
					sr.cpuRatio(labelBare, phase), sr.ratio(labelSchema, phase)),
				passMiss(sr.ratio(labelBare, phase) <= limit)}
		}
		ours, bare := sr.providerCPUPerDeployment(labelOurs, phasePlan), sr.providerCPUPerDeployment(labelBare, phasePlan)
		rows = append(rows,
			targetRow{"plan: exactly 1 API request per deployment", s.name(), fmtCalls(plan), passMiss(planTotal == 1 && minTotal == s.N)},
			ratioRow(phasePlan, 1.3), ratioRow(phaseApply, 1.5), ratioRow(phaseDestroy, 1.5),
			targetRow{"plan: provider CPU per deployment (ms), ours / bare / schema", s.name(),
				each(func(l string) string { return fmtPerDeployment(sr.providerCPUPerDeployment(l, phasePlan)) }) +
					fmt.Sprintf("; ours - bare %s ms", fmtPerDeployment(ours-bare)), "reported"})
	}

	base := scenario{N: 100}
	if sr := rep.find(base); sr != nil {
		apply := sr.callsPerDeployment(phaseApply)
		gets, other := 0.0, 0.0
		for route, v := range apply {
			switch {
			case route == listDeploymentsRoute:
				// The plan-time check that the name is free (issue 9's
				// warning before a replacement Terraform decides alone):
				// one list per plan, and terraform plans twice in an apply.
				// Reported in the figure, not counted against the target.
			case strings.HasPrefix(route, "GET "):
				gets += v
			case route == "POST /v2/deployments":
			default:
				other += v // no display_name in the configuration, so no PATCH either
			}
		}
		destroy := sr.callsPerDeployment(phaseDestroy)
		wait := sr.deleteWaitGETs()
		refresh := destroy[getDeploymentRoute] - wait
		rows = append(rows,
			targetRow{"apply: 1 POST, no PATCH without display_name, <= 2 GETs of the deployment and its revision per deployment (GET list: the name check, once per plan)", base.name(), fmtCalls(apply),
				passMiss(apply["POST /v2/deployments"] == 1 && gets <= 2 && other == 0)},
			targetRow{fmt.Sprintf("destroy: 1 DELETE and <= 2 GETs per deployment (DeleteGETs=%d)", rep.DeleteGETs), base.name(),
				fmt.Sprintf("DELETE %s, GETs after DELETE %s (plus %s refresh GET by terraform before destroying)",
					fmtNum(destroy["DELETE /v2/deployments/{deployment_id}"]), fmtNum(wait), fmtNum(refresh)),
				passMiss(destroy["DELETE /v2/deployments/{deployment_id}"] == 1 && wait <= 2)})
	} else {
		notRun("apply: 1 POST, no PATCH without display_name, <= 2 GETs of the deployment and its revision per deployment", base)
		notRun("destroy: 1 DELETE and <= 2 GETs per deployment", base)
	}

	build := scenario{N: 100, Build: 5 * time.Second}
	if sr := rep.find(build); sr != nil {
		all, unseen, tails := sr.delays()
		med, mx := median(all), maxDuration(all)
		rows = append(rows,
			targetRow{"5 s builds: median delay DEPLOYED -> provider < 1 s", build.name(),
				fmt.Sprintf("%s over %d revisions (apply ended %s after the last DEPLOYED)", fmtMs(med), len(all), fmtMs(median(tails))),
				passMiss(med < time.Second && unseen == 0 && len(all) > 0)},
			targetRow{"5 s builds: max delay < 3 s", build.name(), fmtMs(mx), passMiss(mx < 3*time.Second && unseen == 0 && len(all) > 0)})
	} else {
		notRun("5 s builds: median delay DEPLOYED -> provider < 1 s", build)
		notRun("5 s builds: max delay < 3 s", build)
	}

	lat := scenario{N: 500, Latency: 50 * time.Millisecond}
	parallelism := rep.Parallelism
	if parallelism <= 0 {
		parallelism = 10
	}
	const fewMore = 5
	if sr := rep.find(lat); sr != nil {
		var parts []string
		ok := true
		for _, phase := range phases {
			// Each provider process has its own connection pool, and
			// terraform starts one per graph walk (destroy: one to refresh,
			// one to delete), so the bound applies per process.
			_, per, _ := sr.maxConns(phase)
			parts = append(parts, phase+" "+sr.fmtConns(phase))
			ok = ok && per <= parallelism+fewMore
		}
		rows = append(rows, targetRow{fmt.Sprintf("new TCP connections <= parallelism (%d) + %d, per provider process", parallelism, fewMore),
			lat.name(), strings.Join(parts, "; "), passMiss(ok)})
	} else {
		notRun("new TCP connections <= parallelism + a few", lat)
	}

	// Memory: our peak RSS must not grow with N more than the bare floor's
	// does (it receives the same data from terraform), beyond the size of
	// the state itself and the round-to-round noise of the figure.
	var sizes []*scenarioResult
	for _, sr := range rep.Results {
		if sr.S.Latency == 0 && sr.S.Build == 0 {
			sizes = append(sizes, sr)
		}
	}
	sort.Slice(sizes, func(i, j int) bool { return sizes[i].S.N < sizes[j].S.N })
	if len(sizes) >= 2 {
		small, large := sizes[0], sizes[len(sizes)-1]
		oursGrowth := large.peakRSS(labelOurs, "") - small.peakRSS(labelOurs, "")
		floorGrowth := large.peakRSS(labelBare, "") - small.peakRSS(labelBare, "")
		stateKiB := large.stateBytes() / 1024
		noise := max(large.rssSpread(labelOurs), large.rssSpread(labelBare))
		var parts []string
		for _, sr := range sizes {
			parts = append(parts, fmt.Sprintf("N=%d: %s MiB (bare floor %s)", sr.S.N, fmtMiB(sr.peakRSS(labelOurs, "")), fmtMiB(sr.peakRSS(labelBare, ""))))
		}
		figure := strings.Join(parts, "; ") + fmt.Sprintf("; growth %s MiB vs bare floor %s MiB; state at N=%d %s MiB; "+
			"round-to-round spread %s MiB", fmtMiB(oursGrowth), fmtMiB(floorGrowth), large.S.N, fmtMiB(stateKiB), fmtMiB(noise))
		rows = append(rows, targetRow{"peak RSS: growth with N no more than the bare floor's + state size + noise", "lat0ms, build0s",
			figure, passMiss(oursGrowth-floorGrowth <= stateKiB+noise)})
	} else {
		notRun("peak RSS: no growth with N beyond the state's size", scenario{})
	}

	// Sanity checks that keep the comparison fair.
	var changed []string
	floorCalls := 0
	for _, sr := range rep.Results {
		for _, p := range sr.planChanged() {
			changed = append(changed, sr.S.name()+" ("+p+")")
		}
		floorCalls += sr.floorCalls()
	}
	figure := "none"
	if len(changed) > 0 {
		figure = strings.Join(changed, ", ")
	}
	rows = append(rows,
		targetRow{"check: plan of the unchanged configuration shows no changes", "all", "changes in: " + figure, passMiss(len(changed) == 0)},
		targetRow{"check: the floor providers make no API calls", "all", fmt.Sprintf("%d calls", floorCalls), passMiss(floorCalls == 0)})
	return rows
}
