package mockapi

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Revision logs (contract §5.13). Every revision has a deploy log once it
// reaches DEPLOYING; revisions of build sources (github, internal_source)
// also have a build log once they reach BUILDING. A log line appears when
// its time comes: the lines of a phase are spread evenly from the phase's
// first status to the next one, so a finished phase has its whole log. A
// failed revision's log ends the way a real failure does, and a failing
// deploy log echoes the revision's first environment variable
// ("env NAME=value"), as an application dumping its environment would, so
// that clients have a secret value to redact.

// logLine is one rendered log entry before filtering.
type logLine struct {
	at      time.Time
	level   string
	message string
}

var logTypes = []string{"build", "deploy"}

var logLevels = []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

// revisionLog returns the lines of a revision's build or deploy log that
// exist by now, oldest first. The caller holds s.mu and has run plan.
func (rv *revision) revisionLog(logType string, now time.Time) []logLine {
	var start, end int // chain indices of the phase's first and closing status
	var lines []logLine
	switch logType {
	case "build":
		if !isBuildSource(rv.source) {
			return nil
		}
		start = chainIndex(rv.chain, stBuilding)
		if start < 0 {
			return nil // CREATE_FAILED: nothing was built
		}
		end = start + 1
		lines = rv.buildLines(rv.chain[end] == stBuildFailed)
	default:
		start = chainIndex(rv.chain, stDeploying)
		switch {
		case start >= 0:
			end = start + 1
			lines = rv.deployLines(rv.chain[end] == stDeployFailed, false)
		case !isBuildSource(rv.source) && rv.chain[len(rv.chain)-1] == stBuildFailed:
			// An image that cannot be pulled: the failure is in the deploy
			// log, the only log an image source has.
			end = len(rv.chain) - 1
			start = end - 1
			lines = rv.deployLines(false, true)
		default:
			return nil
		}
	}
	t0, t1 := rv.at[start], rv.at[end]
	limit := now
	if !rv.skippedAt.IsZero() && rv.skippedAt.Before(limit) {
		limit = rv.skippedAt
	}
	n := len(lines)
	out := lines[:0]
	for i, l := range lines {
		switch {
		case i == 0:
			l.at = t0
		case t1.Equal(never) || t0.Equal(never):
			l.at = never
		default:
			l.at = t0.Add(t1.Sub(t0) * time.Duration(i) / time.Duration(n-1))
		}
		if !l.at.After(limit) {
			out = append(out, l)
		}
	}
	return out
}

func chainIndex(chain []string, status string) int {
	for i, st := range chain {
		if st == status {
			return i
		}
	}
	return -1
}

func infoLine(msg string) logLine { return logLine{level: "INFO", message: msg} }

// buildLines is the build log of a github or internal_source revision.
func (rv *revision) buildLines(failed bool) []logLine {
	name := rv.dep.name
	var lines []logLine
	if rv.source == "github" {
		repo, ref := "", ""
		if rv.dep.repoURL != nil {
			repo = *rv.dep.repoURL
		}
		if rv.cfg.repoRef != nil {
			ref = *rv.cfg.repoRef
		}
		lines = append(lines, infoLine("Cloning "+repo+" at "+resolvedRef(ref)), infoLine("Checked out commit "+rv.commitSHA()))
	} else {
		lines = append(lines, infoLine("Unpacking source tarball "+deref(rv.cfg.sourceTarballPath)))
	}
	install := "pip install -e /deps/" + name
	if rv.cfg.installCommand != nil {
		install = *rv.cfg.installCommand
	}
	lines = append(lines,
		infoLine("Reading "+deref(rv.cfg.langgraphConfigPath)),
		infoLine("Step 1/5 : FROM langchain/langgraph-api:3.11"),
		infoLine("Step 2/5 : ADD . /deps/"+name),
		infoLine("Step 3/5 : RUN "+install),
		logLine{level: "DEBUG", message: "Collecting langgraph>=0.2"},
	)
	if failed {
		return append(lines,
			logLine{level: "ERROR", message: "ERROR: Could not find a version that satisfies the requirement langgraph-mock-fail==0.0.0 (from versions: none)"},
			logLine{level: "ERROR", message: "ERROR: No matching distribution found for langgraph-mock-fail==0.0.0"},
			logLine{level: "ERROR", message: "The command '/bin/sh -c " + install + "' returned a non-zero code: 1"},
			logLine{level: "CRITICAL", message: "Build failed: exit code 1"},
		)
	}
	image := "us-docker.pkg.dev/langsmith-mock/" + name + ":" + rv.commitSHA()[:7]
	return append(lines,
		infoLine("Successfully installed langgraph-0.2.60"),
		infoLine("Step 4/5 : ENV LANGSERVE_GRAPHS={\"agent\": \"/deps/"+name+"/agent.py:graph\"}"),
		infoLine("Step 5/5 : WORKDIR /deps/"+name),
		infoLine("Successfully built "+rv.commitSHA()[:12]),
		infoLine("Pushed "+image),
	)
}

// deployLines is the deploy log. pullFailed is an image source's
// BUILD_FAILED (the image cannot be pulled).
func (rv *revision) deployLines(failed, pullFailed bool) []logLine {
	image := deref(rv.cfg.imageURI)
	if isBuildSource(rv.source) {
		image = "us-docker.pkg.dev/langsmith-mock/" + rv.dep.name + ":" + rv.commitSHA()[:7]
	}
	lines := []logLine{infoLine("Pulling image " + image)}
	if pullFailed {
		return append(lines,
			logLine{level: "ERROR", message: "Failed to pull image " + image + ": manifest unknown"},
			logLine{level: "CRITICAL", message: "Back-off pulling image " + image},
		)
	}
	names := make([]string, len(rv.cfg.secrets))
	for i, v := range rv.cfg.secrets {
		names[i] = v.name
	}
	lines = append(lines,
		infoLine("Image pulled"),
		infoLine(fmt.Sprintf("Starting container api-server (revision %d) with %d environment variables: %s",
			rv.ordinal, len(names), strings.Join(names, ", "))),
		infoLine("Starting Agent Server on 0.0.0.0:8000"),
	)
	if failed {
		if len(rv.cfg.secrets) > 0 {
			v := rv.cfg.secrets[0]
			lines = append(lines, logLine{level: "WARNING", message: "env " + v.name + "=" + v.value})
		}
		return append(lines,
			logLine{level: "ERROR", message: "Traceback (most recent call last):"},
			logLine{level: "ERROR", message: `  File "/api/langgraph_api/graph.py", line 212, in collect_graphs_from_env`},
			logLine{level: "ERROR", message: "ValueError: Failed to load graph 'agent': could not connect to the checkpointer database"},
			logLine{level: "CRITICAL", message: "Container api-server exited with code 1: health check failed"},
		)
	}
	return append(lines,
		infoLine("Application startup complete."),
		infoLine("Health check passed; serving traffic"),
	)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// logCursor is the opaque next_offset of the revision logs endpoint: the
// position of the next line in the filtered, ordered log.
func logCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("mocklog:" + strconv.Itoa(pos)))
}

func parseLogCursor(s string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(b), "mocklog:") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "mocklog:"))
	return n, err == nil && n >= 0
}

// getRevisionLogs serves GET /v2/deployments/{deployment_id}/revisions/{revision_id}/logs
// (contract §5.13): type (build|deploy) is required; order (asc, the default,
// or desc), limit (1..1000, default 50), offset (the previous page's
// next_offset), level (exact), query (case-insensitive substring of the
// message), start_time and end_time (inclusive) narrow it; run_id is
// accepted and ignored (the mock has no runs). It answers
// {"logs": [...], "next_offset": <cursor or null>}.
func (s *Server) getRevisionLogs(c *call) {
	id := c.pathUUID("deployment_id")
	rid := c.pathUUID("revision_id")
	q := c.r.URL.Query()
	logType := ""
	if !q.Has("type") {
		c.v.add("missing", []any{"query", "type"}, "Field required", nil, nil)
	} else {
		logType = c.queryEnum("type", logTypes)
	}
	order := c.queryEnum("order", []string{"asc", "desc"})
	limit := c.queryInt("limit", 50, 1, 1000)
	level := c.queryEnum("level", logLevels)
	query, _ := c.queryString("query")
	start := c.queryTime("start_time")
	end := c.queryTime("end_time")
	pos := 0
	if raw, ok := c.queryString("offset"); ok {
		var valid bool
		if pos, valid = parseLogCursor(raw); !valid {
			c.v.add("value_error", []any{"query", "offset"}, "Value error, invalid cursor", raw, map[string]any{"error": "invalid cursor"})
		}
	}
	if c.invalid() {
		return
	}
	_, rv := s.revisionOf(c, id, rid, true)
	if rv == nil {
		return
	}
	var matched []logLine
	for _, l := range rv.revisionLog(logType, c.now) {
		if (level != "" && l.level != level) ||
			(query != "" && !strings.Contains(strings.ToLower(l.message), strings.ToLower(query))) ||
			(!start.IsZero() && l.at.Before(start)) || (!end.IsZero() && l.at.After(end)) {
			continue
		}
		matched = append(matched, l)
	}
	if order == "desc" {
		for i, j := 0, len(matched)-1; i < j; i, j = i+1, j-1 {
			matched[i], matched[j] = matched[j], matched[i]
		}
	}
	lo, hi := page(len(matched), limit, pos)
	logs := make([]any, 0, hi-lo)
	for i, l := range matched[lo:hi] {
		logs = append(logs, map[string]any{
			"timestamp":  ts(l.at),
			"level":      l.level,
			"message":    l.message,
			"x_mock_seq": lo + i, // an undocumented field, as the real service may add
		})
	}
	var next any
	if hi < len(matched) {
		next = logCursor(hi)
	}
	c.json(http.StatusOK, map[string]any{"logs": logs, "next_offset": next})
}

// queryTime validates an optional date-time query parameter (RFC 3339) and
// returns it, or the zero time when absent or invalid.
func (c *call) queryTime(name string) time.Time {
	raw, ok := c.queryString(name)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		c.v.add("datetime_from_date_parsing", []any{"query", name}, "Input should be a valid datetime or date, invalid character in year", raw, map[string]any{"error": "invalid character in year"})
		return time.Time{}
	}
	return t
}
