// Package mockapi is an in-memory, stateful fake of the LangSmith Deployment
// Control Plane API (contract: CONTROL_PLANE.md). It is an http.Handler that
// speaks only HTTP and JSON, so a client that drifts from the contract fails
// against it. It imitates the real service's strictness (FastAPI 422 lists,
// exact 404/409 bodies, soft deletes, revisions that take time) and, as far
// as the contract allows, its surprises:
//
//   - a deleted deployment's name stays taken (409 on create) unless it was
//     deleted with delete_tracing_project=true (§5.5); FreeNamesAfterDelete
//     and ReleaseName loosen this;
//   - resource_spec comes back filled in (§4.4): scale, cpu and memory
//     defaults, unset limits at 2x their request (1x for Redis memory),
//     unset queue settings copied from the API server's; cpu values are
//     rounded to 0.1;
//   - maps and lists the service stores as "none" come back null when sent
//     empty: resource_spec labels and annotations, an OAuth provider's
//     authorization_params and allowed_redirect_uris, a listener's
//     k8s_namespaces;
//   - a github revision's repo_ref comes back resolved (branch "main" as
//     "refs/heads/main") while source_config.repo_branch stays "main" (§12);
//   - unknown response fields, and built image URIs on github deployments.
//
// It is scriptable for tests: failures, held revisions, faults, latency,
// request counters and out-of-band changes.
//
// In a test:
//
//	srv := mockapi.New(mockapi.Options{APIKey: "test", RevisionStepDelay: 50 * time.Millisecond})
//	ts := httptest.NewServer(srv) // serves /v2/... and /api-host/v2/...
//	defer ts.Close()
//	srv.FailNextRevision("BUILD_FAILED", "")
//	... exercise the client against ts.URL ...
//	if n := srv.Count("POST /v2/deployments"); n != 1 { ... }
//
// For a real listener on loopback (demos, offline HCL testing) use Start or
// the command in cmd/mockapi.
package mockapi

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// RequestIDHeader is the response header carrying the ID of each request
// ("mock-00000001", ...), as load balancers and API gateways add one.
const RequestIDHeader = "X-Request-Id"

// Options configures a Server. The zero value is an instant mock that accepts
// any API key and is otherwise as strict as the contract allows.
type Options struct {
	// APIKey, if set, is the only accepted X-Api-Key; a missing or different
	// key gets 401 {"detail":"Unauthorized"}. If empty, any non-empty key is
	// accepted (a missing key is still 401).
	APIKey string
	// TenantID, if set, is the workspace the key acts in by default (and,
	// unless OtherTenants lists more, the only one): a request whose
	// X-Tenant-Id is present and differs gets 403. State is scoped per
	// tenant (the X-Tenant-Id value, or "default" when absent).
	TenantID string
	// OtherTenants are further workspaces an organization-scoped key may act
	// in besides TenantID.
	OtherTenants []string
	// RevisionStepDelay is the time each revision status step takes. Status
	// is computed lazily from the elapsed time. 0 means a new revision is
	// DEPLOYED at once (its create/PATCH response still shows CREATING).
	RevisionStepDelay time.Duration
	// DeleteGETs is how many GETs of a deleted deployment still answer 200
	// (status AWAITING_DELETE) before it 404s. 0 means the default, 1; a
	// negative value means 0 (gone at once).
	DeleteGETs int
	// Latency is added to every request.
	Latency time.Duration
	// FreeNamesAfterDelete imitates a server whose deleted names become free
	// at once; the real API keeps them reserved unless
	// delete_tracing_project=true. By default a deleted deployment's name
	// stays taken (409 on create) through its leftover tracing project, as
	// on the real API, until ReleaseName frees it.
	FreeNamesAfterDelete bool
	// ListenersForbidden makes every listener route answer 403 with the
	// contract's "self-hosted enterprise plans" message.
	ListenersForbidden bool
	// Chaos, when its Rate is set, fails a share of all requests at random
	// (see Chaos).
	Chaos Chaos
	// Observer, if set, is called after every request with what was
	// exchanged (for OpenAPI validation in tests). A dropped connection is
	// reported with Status 0 and no response.
	Observer func(Exchange)
}

// Exchange is one request and its response, as reported to Options.Observer.
type Exchange struct {
	Method         string
	Path           string
	RawQuery       string
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	// Route is the route key ("GET /v2/deployments/{deployment_id}"), or
	// "METHOD /path" for a path that matches no route.
	Route string
	// Fault is true when a scripted Fault shaped the exchange (a status
	// instead of handling, or a dropped connection): the response is the
	// test's, not the mock's.
	Fault bool
}

// Server is the fake Control Plane. It implements http.Handler and is safe
// for concurrent use: one mutex guards all state.
type Server struct {
	opts Options
	now  func() time.Time // injectable clock for the package's own tests

	mu           sync.Mutex
	latency      time.Duration
	routes       []route
	tenants      map[string]*tenant
	org          *organization          // created with the first tenant
	deployments  map[string]*deployment // every deployment not yet gone, by id
	integrations []*integration
	counts       map[string]int
	total        int
	requests     int // every request since Start: the mock's request IDs
	faults       map[string][]Fault
	failNext     *failSpec
	hold         bool
	seq          int // last deployment sequence number
	chaos        *rand.Rand
	chaosCounts  map[string]int
}

// organization is the state shared by every workspace: the OAuth providers.
type organization struct {
	id        string // organization_id of auth providers
	providers []*authProvider
}

// tenant is the state of one workspace.
type tenant struct {
	key string // scope key: X-Tenant-Id value (lower-cased) or "default"
	id  string // tenant_id reported in responses (a UUID)
	// org is the organization every tenant belongs to: OAuth providers are
	// organization-scoped (§10), the same in every workspace.
	org           *organization
	order         []*deployment
	reservedNames map[string]bool // names held by leftover tracing projects
	listeners     []*listener
}

// New returns a Server seeded with one GitHub integration (see
// SeedIntegrationID) and no deployments.
func New(opts Options) *Server {
	if opts.DeleteGETs == 0 {
		opts.DeleteGETs = 1
	} else if opts.DeleteGETs < 0 {
		opts.DeleteGETs = 0
	}
	s := &Server{
		opts:        opts,
		now:         time.Now,
		latency:     opts.Latency,
		tenants:     map[string]*tenant{},
		deployments: map[string]*deployment{},
		counts:      map[string]int{},
		faults:      map[string][]Fault{},
	}
	s.routes = s.buildRoutes()
	s.seedIntegrations()
	s.chaos = rand.New(rand.NewPCG(opts.Chaos.Seed, opts.Chaos.Seed^0x9e3779b97f4a7c15))
	s.chaosCounts = map[string]int{}
	return s
}

// SetLatency replaces the latency added to every request.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Count returns how many requests hit route ("POST /v2/deployments"),
// faulted ones included. The /api-host prefix is not part of the key.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// Counts returns a copy of every route's request count.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes the per-route counters and the total.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.total = 0
}

// TotalRequests returns how many requests the server received since it was
// created or since ResetCounts.
func (s *Server) TotalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// ServeHTTP handles one request: it counts it, applies any queued fault and
// latency, dispatches to the route's handler, then writes (or drops) the
// response and reports the exchange to the Observer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()

	path := r.URL.EscapedPath()
	prefixed := false
	if path == apiHostPrefix || strings.HasPrefix(path, apiHostPrefix+"/") {
		path = strings.TrimPrefix(path, apiHostPrefix)
		prefixed = true
	}
	m := s.match(r.Method, path)

	s.mu.Lock()
	s.total++
	s.requests++
	requestID := fmt.Sprintf("mock-%08d", s.requests)
	s.counts[m.key]++
	var fault Fault
	if q := s.faults[m.key]; len(q) > 0 {
		fault = q[0]
		s.faults[m.key] = q[1:]
	} else if f, ok := s.chaosFault(); ok {
		fault = f
	}
	latency := s.latency
	s.mu.Unlock()

	if !sleepCtx(r, latency+fault.Latency) {
		return
	}

	ex := Exchange{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawQuery:      r.URL.RawQuery,
		RequestHeader: r.Header.Clone(),
		RequestBody:   body,
		Route:         m.key,
		Fault:         fault.Status != 0 || fault.Drop || fault.DropAfterCommit,
	}
	if fault.Drop {
		dropConnection(w)
		s.observe(ex)
		return
	}

	rec := newRecorder()
	// Like the servers behind LangSmith's load balancers, every answer
	// carries an ID support can find the request by.
	rec.header.Set(RequestIDHeader, requestID)
	if fault.Status != 0 {
		fault.write(rec)
	} else {
		c := &call{s: s, r: r, w: rec, body: body, params: m.params, prefixed: prefixed}
		s.dispatch(c, m)
	}

	if fault.DropAfterCommit {
		dropConnection(w)
		s.observe(ex)
		return
	}
	rec.flush(w)
	ex.Status = rec.status
	ex.ResponseHeader = rec.header.Clone()
	ex.ResponseBody = rec.body.Bytes()
	s.observe(ex)
}

func (s *Server) observe(ex Exchange) {
	if s.opts.Observer != nil {
		s.opts.Observer(ex)
	}
}

// sleepCtx waits d or until the client goes away; it reports whether the
// request should still be handled.
func sleepCtx(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// dispatch runs the matched handler under the state lock, after the checks
// FastAPI performs before a handler: route (404/405), trailing-slash redirect,
// authentication (401) and workspace (403).
func (s *Server) dispatch(c *call, m matchResult) {
	switch {
	case m.redirect != "":
		loc := m.redirect
		if c.prefixed {
			loc = apiHostPrefix + loc
		}
		if c.r.URL.RawQuery != "" {
			loc += "?" + c.r.URL.RawQuery
		}
		c.w.header.Set("Location", loc)
		c.w.status = http.StatusTemporaryRedirect
		return
	case m.route == nil && len(m.allow) > 0:
		c.w.header.Set("Allow", strings.Join(m.allow, ", "))
		c.detail(http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	case m.route == nil:
		c.detail(http.StatusNotFound, "Not Found")
		return
	}

	key := c.r.Header.Get("X-Api-Key")
	if key == "" || (s.opts.APIKey != "" && key != s.opts.APIKey) {
		c.detail(http.StatusUnauthorized, "Unauthorized")
		return
	}
	tenantHeader := strings.TrimSpace(c.r.Header.Get("X-Tenant-Id"))
	if tenantHeader != "" && s.opts.TenantID != "" && !sameID(tenantHeader, s.opts.TenantID) && !s.otherTenant(tenantHeader) {
		c.detail(http.StatusForbidden, "This API key does not have access to workspace '"+tenantHeader+"'. It can act only in workspace '"+s.opts.TenantID+"'.")
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c.now = s.now().UTC()
	c.tenant = s.tenantFor(tenantHeader)
	m.route.handler(c)
}

// sameID compares tenant identifiers, ignoring case.
func sameID(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// otherTenant reports whether id is one of Options.OtherTenants.
func (s *Server) otherTenant(id string) bool {
	for _, t := range s.opts.OtherTenants {
		if sameID(t, id) {
			return true
		}
	}
	return false
}

// tenantFor returns (creating on first use) the workspace a request acts in.
// The caller holds s.mu.
func (s *Server) tenantFor(header string) *tenant {
	key := "default"
	// A request naming the key's default workspace acts in the same state
	// as one without the header, as on the API.
	if header != "" && canonicalOr(header) != s.defaultTenantID() {
		key = strings.ToLower(header)
	}
	if t, ok := s.tenants[key]; ok {
		return t
	}
	t := &tenant{key: key, reservedNames: map[string]bool{}}
	t.id = canonicalOr(key)
	if key == "default" {
		t.id = s.defaultTenantID()
	}
	if s.org == nil {
		s.org = &organization{id: derivedUUID("org:" + canonicalOr(s.opts.TenantID))}
	}
	t.org = s.org
	s.tenants[key] = t
	return t
}

// defaultTenantID is the tenant_id of the key's default workspace.
func (s *Server) defaultTenantID() string {
	if s.opts.TenantID != "" {
		return canonicalOr(s.opts.TenantID)
	}
	return canonicalOr("default")
}

// isWorkspace reports whether t is a state scope of the workspace that
// requests name with this X-Tenant-Id value ("" for requests without the
// header): the scope of that value, or one reporting the same tenant_id (the
// header-less scope of a server configured with that TenantID).
func (t *tenant) isWorkspace(header string) bool {
	header = strings.TrimSpace(header)
	if header == "" {
		return t.key == "default"
	}
	return t.key == strings.ToLower(header) || t.id == canonicalOr(header)
}

// canonicalOr returns the canonical form of a UUID, or a stable UUID derived
// from any other string, so tenant_id is always a UUID.
func canonicalOr(s string) string {
	if id, err := uuid.Parse(s); err == nil {
		return id.String()
	}
	return derivedUUID("tenant:" + s)
}

var mockNamespace = uuid.MustParse("6f1d3a52-8c0e-4b7a-9d21-5e4c3b2a1f00")

// derivedUUID returns a deterministic UUID for a name.
func derivedUUID(name string) string { return uuid.NewSHA1(mockNamespace, []byte(name)).String() }

// hexOf returns n hex characters derived deterministically from parts.
func hexOf(n int, parts ...string) string {
	h := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	out := hex.EncodeToString(h[:])
	for len(out) < n {
		h = sha1.Sum([]byte(out))
		out += hex.EncodeToString(h[:])
	}
	return out[:n]
}

// timeLayout is the timestamp format of responses: RFC3339, UTC, microseconds.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

// recorder buffers a response so it can be observed, or dropped after the
// state change was committed.
type recorder struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{status: http.StatusOK, header: http.Header{}} }

func (rec *recorder) flush(w http.ResponseWriter) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	if rec.status != http.StatusNoContent && rec.status != http.StatusNotModified {
		_, _ = w.Write(rec.body.Bytes())
	}
}

// call is one request being handled: its inputs, the response being built,
// and the validation errors collected so far.
type call struct {
	s        *Server
	r        *http.Request
	w        *recorder
	body     []byte
	params   map[string]string
	prefixed bool
	now      time.Time
	tenant   *tenant
	v        validator
}

// json writes a JSON response. HTML characters are not escaped, as in
// Python's json module.
func (c *call) json(status int, v any) {
	c.w.header.Set("Content-Type", "application/json")
	c.w.status = status
	c.w.body.Reset()
	enc := json.NewEncoder(&c.w.body)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	// json.Encoder appends a newline; FastAPI does not.
	if n := c.w.body.Len(); n > 0 {
		c.w.body.Truncate(n - 1)
	}
}

// detail writes {"detail": msg}, the shape of every non-422 error.
func (c *call) detail(status int, msg string) {
	c.json(status, map[string]any{"detail": msg})
}

// noContent writes an empty 204.
func (c *call) noContent() {
	c.w.status = http.StatusNoContent
	c.w.body.Reset()
}

// invalid writes the collected validation errors as FastAPI's 422 and reports
// whether there were any.
func (c *call) invalid() bool {
	if !c.v.failed() {
		return false
	}
	c.json(http.StatusUnprocessableEntity, map[string]any{"detail": c.v.errs})
	return true
}

// pathUUID validates a UUID path parameter and returns its canonical form.
func (c *call) pathUUID(name string) string {
	raw := c.params[name]
	id, msg := parseUUID(raw)
	if msg != "" {
		c.v.add("uuid_parsing", []any{"path", name}, "Input should be a valid UUID, "+msg, raw, map[string]any{"error": msg})
		return ""
	}
	return id
}

// queryInt validates an integer query parameter with inclusive bounds
// (hi < lo means no upper bound) and returns it or def when absent.
func (c *call) queryInt(name string, def, lo, hi int) int {
	q := c.r.URL.Query()
	if !q.Has(name) {
		return def
	}
	raw := q.Get(name)
	loc := []any{"query", name}
	n, ok := parseQueryInt(raw)
	if !ok {
		c.v.add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", raw, nil)
		return def
	}
	if n < lo {
		c.v.add("greater_than_equal", loc, "Input should be greater than or equal to "+strconv.Itoa(lo), raw, map[string]any{"ge": lo})
		return def
	}
	if hi >= lo && n > hi {
		c.v.add("less_than_equal", loc, "Input should be less than or equal to "+strconv.Itoa(hi), raw, map[string]any{"le": hi})
		return def
	}
	return n
}

// queryBool validates a boolean query parameter and returns it, or false when
// absent.
func (c *call) queryBool(name string) bool {
	q := c.r.URL.Query()
	if !q.Has(name) {
		return false
	}
	raw := q.Get(name)
	b, ok := laxBool(raw)
	if !ok {
		c.v.add("bool_parsing", []any{"query", name}, "Input should be a valid boolean, unable to interpret input", raw, nil)
		return false
	}
	return b
}

// queryEnum validates an optional enum query parameter ("" when absent).
func (c *call) queryEnum(name string, values []string) string {
	q := c.r.URL.Query()
	if !q.Has(name) {
		return ""
	}
	raw := q.Get(name)
	for _, v := range values {
		if raw == v {
			return raw
		}
	}
	expected := expectedList(values)
	c.v.add("enum", []any{"query", name}, "Input should be "+expected, raw, map[string]any{"expected": expected})
	return ""
}

// queryString returns an optional string query parameter and whether it was
// present.
func (c *call) queryString(name string) (string, bool) {
	q := c.r.URL.Query()
	return q.Get(name), q.Has(name)
}

// bodyModel decodes and validates the JSON body against a model schema. A
// missing body is a 422 "missing" at loc ["body"]; malformed JSON is
// json_invalid. The result is nil when there were errors.
func (c *call) bodyModel(s *schema) map[string]any {
	value, present, ok, offset, msg := decodeJSON(c.body, c.r.Header.Get("Content-Type"))
	switch {
	case !ok:
		c.v.add("json_invalid", []any{"body", offset}, "JSON decode error", map[string]any{}, map[string]any{"error": msg})
		return nil
	case !present:
		c.v.add("missing", []any{"body"}, "Field required", nil, nil)
		return nil
	}
	n := len(c.v.errs)
	out := c.v.validate(s, value, []any{"body"})
	if len(c.v.errs) > n {
		return nil
	}
	m, _ := out.(map[string]any)
	return m
}

// parseQueryInt parses an integer query value as pydantic does (surrounding
// spaces allowed). Out-of-range values clamp, so the bounds checks still fire.
func parseQueryInt(raw string) (int, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 32)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return int(n), true
}

// page applies limit/offset to n items and returns the [lo, hi) window.
func page(n, limit, offset int) (int, int) {
	lo := offset
	if lo > n {
		lo = n
	}
	hi := lo + limit
	if hi > n {
		hi = n
	}
	return lo, hi
}

// snapshot converts a rendered value into pure decoded-JSON form (float64
// numbers, map[string]any objects), as a client would see it.
func snapshot(v any) map[string]any {
	b, _ := json.Marshal(v)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}
