package langsmith

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// Revision log types (contract §3.4: `type` of the revision logs endpoint).
const (
	LogTypeBuild  = "build"
	LogTypeDeploy = "deploy"
)

// Log levels (contract §3.4).
var LogLevels = []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

// MaxLogLimit is the largest page the revision logs endpoint serves (§5.13).
const MaxLogLimit = 1000

// LogEntry is one line of a revision's build or deploy log. The contract
// (§5.13) says only that entries are objects, so these three fields are read
// tolerantly: a missing or null one is "", a number or any other JSON value is
// kept as its JSON text, and every other field is ignored.
type LogEntry struct {
	Timestamp string
	Level     string
	Message   string
}

// UnmarshalJSON decodes an entry without failing on an unexpected type in
// one of its fields; only a body that is not a JSON object is an error.
func (e *LogEntry) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*e = LogEntry{Timestamp: looseString(m["timestamp"]), Level: looseString(m["level"]), Message: looseString(m["message"])}
	return nil
}

// looseString returns a JSON string's value, "" for null or absent, and the
// compact JSON text of anything else (a number stays "1722513600").
func looseString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// RevisionLogs is one page of GET .../revisions/{revision_id}/logs.
type RevisionLogs struct {
	Logs []LogEntry `json:"logs"`
	// NextOffset is the opaque cursor of the next page; nil on the last one.
	NextOffset *string `json:"next_offset"`
}

// RevisionLogsParams are the query parameters of the revision logs endpoint.
// Empty or zero fields are not sent (the API's defaults apply: order asc,
// limit 50).
type RevisionLogsParams struct {
	// Type is LogTypeBuild or LogTypeDeploy; the API requires it.
	Type string
	// Order is "asc" (oldest first) or "desc" (newest first).
	Order string
	// Limit is the page size, 1..MaxLogLimit.
	Limit int
	// Offset is the NextOffset of the previous page.
	Offset string
	// Level filters by log level (one of LogLevels).
	Level string
	// Query filters by message text.
	Query string
}

func (p RevisionLogsParams) query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("type", p.Type)
	set("order", p.Order)
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	set("offset", p.Offset)
	set("level", p.Level)
	set("query", p.Query)
	return q
}

// GetRevisionLogs returns one page of a revision's build or deploy log
// (GET /v2/deployments/{id}/revisions/{revision_id}/logs, contract §5.13).
// A 404 means the deployment or the revision is unknown.
func (c *Client) GetRevisionLogs(ctx context.Context, deploymentID, revisionID string, p RevisionLogsParams) (*RevisionLogs, error) {
	if p.Limit < 0 || p.Limit > MaxLogLimit {
		return nil, fmt.Errorf("revision logs: limit %d is outside 1..%d", p.Limit, MaxLogLimit)
	}
	var out RevisionLogs
	if err := c.do(ctx, http.MethodGet, pathf("/v2/deployments/%s/revisions/%s/logs", deploymentID, revisionID), p.query(), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TailRevisionLogs returns the newest p.Limit lines of a revision's log (50,
// the API's default, when Limit is 0) in chronological order: one page asked
// newest first (order=desc, p.Order and p.Offset are ignored), reversed.
func (c *Client) TailRevisionLogs(ctx context.Context, deploymentID, revisionID string, p RevisionLogsParams) ([]LogEntry, error) {
	p.Order, p.Offset = "desc", ""
	page, err := c.GetRevisionLogs(ctx, deploymentID, revisionID, p)
	if err != nil {
		return nil, err
	}
	lines := page.Logs
	if p.Limit > 0 && len(lines) > p.Limit {
		lines = lines[:p.Limit] // a server that ignores limit
	}
	lines = slices.Clone(lines)
	slices.Reverse(lines)
	return lines, nil
}
