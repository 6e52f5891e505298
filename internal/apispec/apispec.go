// Package apispec checks HTTP traffic against the API's own published
// OpenAPI document (openapi.json beside this file, a copy of the ≈2026-07
// "S2" snapshot described in CONTROL_PLANE.md §0), so that the client
// (internal/langsmith) and the mock (internal/mockapi), written by the same
// team, cannot quietly agree with each other and both be wrong.
//
// Every request and every response of an operation the document describes
// is validated with github.com/pb33f/libopenapi-validator, which understands
// OpenAPI 3.1 / JSON Schema 2020-12. Operations newer than the document, and
// the few places where the contract knowingly departs from it, are listed in
// exempt.go (the one place) with their reasons; anything else the document
// does not describe is itself a violation.
//
// Library versions (see go.mod): libopenapi-validator v0.14.0 with
// libopenapi v0.38.7. They are pinned there on purpose. Every later
// validator (v0.14.1 and up, v0.15.x, v0.16.x) and every later libopenapi
// (v0.39.0 and up, v0.41.x, v0.42.x) declares `go 1.26.0`, which would force
// this module's `go 1.25.8` directive up; that is not allowed. v0.14.0
// declares go 1.25.7 and requires libopenapi v0.38.6; v0.38.7 is the newest
// libopenapi that still declares go 1.25.7. Their transitive requirements
// (golang.org/x/text v0.38.0 → x/tools v0.45.0, x/net v0.54.0, x/crypto
// v0.51.0, x/sys v0.44.0, x/mod v0.36.0; x/sync v0.22.0; go-openapi/jsonpointer
// v0.23.2, swag/jsonname v0.26.1) all declare go 1.25.0 or lower. Do not
// `go get -u` these two modules without checking the go directive of the
// target versions (curl https://proxy.golang.org/<module>/@v/<ver>.mod).
package apispec

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

//go:embed openapi.json
var document []byte

// Document returns the embedded OpenAPI document.
func Document() []byte { return bytes.Clone(document) }

// apiHostPrefix is the self-hosted base path (contract §1). The document's
// paths carry no prefix, so it is stripped before matching.
const apiHostPrefix = "/api-host"

// Exchange is one request and its response. It has the fields of
// mockapi.Exchange (this package does not import mockapi, so that the mock's
// own tests can use it too). Status 0 means no response was received: only
// the request is validated.
type Exchange struct {
	Method         string
	Path           string // as sent, /api-host prefix allowed
	RawQuery       string
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	// Fault marks a response the test scripted (a mockapi.Fault: 5xx, 429,
	// a teapot, a truncated body...) rather than one the mock's model of
	// the API produced. Like the hand-written answers of the client's unit
	// tests it is not the mock's claim about the API, so only the request
	// is validated.
	Fault bool
}

// Violation is a part of an exchange the document does not allow.
type Violation struct {
	Method    string
	Path      string // as sent
	Operation string // "METHOD /template" of the document, or "" when none matches
	Kind      string // "request" or "response"
	Status    int    // response status (0 for a request without response)
	Messages  []string
	Body      string // excerpt of the offending body
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", v.Method, v.Path, v.Kind)
	if v.Kind == KindResponse {
		fmt.Fprintf(&b, " %d", v.Status)
	}
	if v.Operation != "" {
		fmt.Fprintf(&b, " (operation %s)", v.Operation)
	}
	b.WriteString(" violates the published OpenAPI document:")
	for _, m := range v.Messages {
		b.WriteString("\n    - " + m)
	}
	if v.Body != "" {
		b.WriteString("\n    body: " + v.Body)
	}
	return b.String()
}

// Kinds of Violation.
const (
	KindRequest  = "request"
	KindResponse = "response"
)

// spec is the loaded document and its validator, built once.
type spec struct {
	model     *v3.Document
	validator validator.Validator
	ops       []operation
	apiKey    string // header of the document's one API key scheme
}

// operation is one method on one path template of the document.
type operation struct {
	method   string
	template string
	segs     []string
	item     *v3.PathItem
}

func (o operation) key() string { return o.method + " " + o.template }

var (
	loadOnce sync.Once
	loaded   *spec
	loadErr  error

	// validateMu serialises validations: the mock reports exchanges from
	// its handler goroutines and the validator's caches are not documented
	// as safe for concurrent use.
	validateMu sync.Mutex

	statsMu    sync.Mutex
	opsSeen    = map[string]int{} // document operation -> exchanges validated
	exemptSeen = map[string]int{} // Exempt key -> exchanges skipped
	excused    = map[string]int{} // Deviation ID -> findings excused
	faultsSeen int                // responses not validated: scripted faults
	violations int
)

func load() (*spec, error) {
	loadOnce.Do(func() { loaded, loadErr = build() })
	return loaded, loadErr
}

func build() (*spec, error) {
	doc, err := libopenapi.NewDocument(document)
	if err != nil {
		return nil, fmt.Errorf("apispec: parse openapi.json: %w", err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("apispec: build model: %w", err)
	}
	model := &m.Model
	// The document declares no servers; make sure none is ever used for
	// matching, so any host (httptest's 127.0.0.1:port) and the stripped
	// /api-host base match the bare document paths.
	model.Servers = nil

	s := &spec{model: model}
	s.validator = validator.NewValidatorFromV3Model(model,
		// uuid, date-time etc. are asserted, not just annotations: an id
		// that is not a UUID is a real contract break (§3.1).
		config.WithFormatAssertions(),
		// The operations' security requirements name schemes ("API Key",
		// "Tenant ID", "Bearer Auth") that components.securitySchemes does
		// not define (it defines only "LangSmith API Key"), so the library
		// would fail every request. checkSecurity applies the scheme the
		// document does define instead; see Deviations.
		config.WithoutSecurityValidation(),
	)
	if sch := model.Components.SecuritySchemes.GetOrZero("LangSmith API Key"); sch != nil && strings.EqualFold(sch.In, "header") {
		s.apiKey = sch.Name
	}
	for p := model.Paths.PathItems.First(); p != nil; p = p.Next() {
		for o := p.Value().GetOperations().First(); o != nil; o = o.Next() {
			s.ops = append(s.ops, operation{
				method:   strings.ToUpper(o.Key()),
				template: p.Key(),
				segs:     strings.Split(strings.TrimPrefix(p.Key(), "/"), "/"),
				item:     p.Value(),
			})
		}
	}
	return s, nil
}

// Operations returns the "METHOD /template" keys of every operation the
// document describes, sorted.
func Operations() []string {
	s, err := load()
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(s.ops))
	for _, o := range s.ops {
		out = append(out, o.key())
	}
	sort.Strings(out)
	return out
}

// Validate checks one exchange against the document and returns what it
// does not allow (nil when everything conforms or the operation is exempt).
func Validate(ex Exchange) []Violation {
	s, err := load()
	if err != nil {
		return []Violation{{Method: ex.Method, Path: ex.Path, Kind: KindRequest, Messages: []string{err.Error()}}}
	}
	method := strings.ToUpper(ex.Method)
	path := stripPrefix(ex.Path)

	if key, ok := exemptFor(method, path); ok {
		statsMu.Lock()
		exemptSeen[key]++
		statsMu.Unlock()
		return nil
	}

	op, found := s.match(method, path)
	if !found {
		v := Violation{
			Method: ex.Method, Path: ex.Path, Kind: KindRequest, Status: ex.Status,
			Messages: []string{fmt.Sprintf("%s %s is not an operation of the published document, and not listed in apispec.Exempt", method, path)},
			Body:     excerpt(ex.RequestBody),
		}
		record("", 1)
		return []Violation{v}
	}
	opKey := op.key()

	var out []Violation
	reqFindings := s.validateRequest(op, ex)
	if v, ok := s.violation(ex, opKey, KindRequest, reqFindings); ok {
		out = append(out, v)
	}
	if ex.Fault {
		statsMu.Lock()
		faultsSeen++
		statsMu.Unlock()
	} else if ex.Status != 0 {
		respFindings := s.validateResponse(op, ex)
		if v, ok := s.violation(ex, opKey, KindResponse, respFindings); ok {
			out = append(out, v)
		}
	}
	record(opKey, len(out))
	return out
}

func record(opKey string, nViolations int) {
	statsMu.Lock()
	defer statsMu.Unlock()
	if opKey != "" {
		opsSeen[opKey]++
	}
	violations += nViolations
}

// finding is one thing the validator (or checkSecurity) reported.
type finding struct {
	kind     string // KindRequest or KindResponse
	status   int
	vtype    string // libopenapi-validator ValidationType ("requestBody", "response", "parameter", "security", ...)
	subtype  string // ValidationSubType
	field    string // JSONPath of the failing field ("$.source_config.deployment_type"), if any
	keyword  string // JSON pointer of the failing schema keyword, if any
	message  string
	detail   string
	original *verrors.ValidationError
}

func (f finding) String() string {
	var b strings.Builder
	b.WriteString(f.message)
	if f.field != "" {
		b.WriteString(": " + f.field)
	}
	if f.detail != "" {
		b.WriteString(": " + f.detail)
	}
	if f.keyword != "" {
		b.WriteString(" [schema " + f.keyword + "]")
	}
	return b.String()
}

func (s *spec) violation(ex Exchange, opKey, kind string, findings []finding) (Violation, bool) {
	var msgs []string
	applied := map[string]bool{}
	for _, f := range pruneNullAlternatives(findings) {
		d := excusedBy(opKey, f, ex)
		if d == nil {
			msgs = append(msgs, f.String())
			continue
		}
		statsMu.Lock()
		excused[d.ID]++
		statsMu.Unlock()
		if d.instead != nil && !applied[d.ID] {
			applied[d.ID] = true
			for _, g := range d.instead(ex) {
				msgs = append(msgs, g.String()+" [deviation "+d.ID+"]")
			}
		}
	}
	if len(msgs) == 0 {
		return Violation{}, false
	}
	body := ex.RequestBody
	if kind == KindResponse {
		body = ex.ResponseBody
	}
	return Violation{
		Method: ex.Method, Path: ex.Path, Operation: opKey, Kind: kind, Status: ex.Status,
		Messages: msgs, Body: excerpt(body),
	}, true
}

// pruneNullAlternatives drops the "got X, want null" findings of the null
// branch of a nullable anyOf ([T, null]) when another finding at the same
// field or below it gives the real reason: they add nothing but noise.
func pruneNullAlternatives(fs []finding) []finding {
	isNullAlt := func(f finding) bool {
		return strings.HasSuffix(f.detail, ", want null") && strings.Contains(f.keyword, "/anyOf/")
	}
	var out []finding
	for i, f := range fs {
		if isNullAlt(f) {
			redundant := false
			for j, g := range fs {
				if j != i && !isNullAlt(g) && (g.field == f.field || strings.HasPrefix(g.field, f.field+".") || strings.HasPrefix(g.field, f.field+"[")) {
					redundant = true
					break
				}
			}
			if redundant {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

func (s *spec) newRequest(ex Exchange) *http.Request {
	u := &url.URL{Scheme: "http", Host: "mock.invalid", Path: stripPrefix(ex.Path), RawQuery: ex.RawQuery}
	r, _ := http.NewRequestWithContext(context.Background(), strings.ToUpper(ex.Method), u.String(), bytes.NewReader(ex.RequestBody))
	if len(ex.RequestBody) == 0 {
		r.Body = http.NoBody
	}
	r.Header = ex.RequestHeader.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.ContentLength = int64(len(ex.RequestBody))
	return r
}

func (s *spec) validateRequest(op operation, ex Exchange) []finding {
	r := s.newRequest(ex)
	validateMu.Lock()
	_, errs := s.validator.ValidateHttpRequestSyncWithPathItem(r, op.item, op.template)
	validateMu.Unlock()
	out := findings(KindRequest, 0, errs)
	out = append(out, s.checkSecurity(r)...)
	return out
}

func (s *spec) validateResponse(op operation, ex Exchange) []finding {
	r := s.newRequest(ex)
	resp := &http.Response{
		StatusCode: ex.Status,
		Status:     fmt.Sprintf("%d %s", ex.Status, http.StatusText(ex.Status)),
		Header:     ex.ResponseHeader.Clone(),
		Body:       io.NopCloser(bytes.NewReader(ex.ResponseBody)),
		Request:    r,
	}
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	validateMu.Lock()
	_, errs := s.validator.GetResponseBodyValidator().ValidateResponseBodyWithPathItem(r, resp, op.item, op.template)
	validateMu.Unlock()
	return findings(KindResponse, ex.Status, errs)
}

// checkSecurity applies the one security scheme the document defines
// ("LangSmith API Key": apiKey in header X-Api-Key): every request must
// carry it (the provider never uses the alternative Bearer session auth).
func (s *spec) checkSecurity(r *http.Request) []finding {
	if s.apiKey == "" || r.Header.Get(s.apiKey) != "" {
		return nil
	}
	return []finding{{
		kind: KindRequest, vtype: "security",
		message: "security scheme 'LangSmith API Key' not satisfied",
		detail:  "header " + s.apiKey + " is missing",
	}}
}

func findings(kind string, status int, errs []*verrors.ValidationError) []finding {
	var out []finding
	for _, e := range errs {
		if len(e.SchemaValidationErrors) == 0 {
			out = append(out, finding{kind: kind, status: status, vtype: e.ValidationType, subtype: e.ValidationSubType, message: e.Message, detail: e.Reason, original: e})
			continue
		}
		for _, sf := range e.SchemaValidationErrors {
			field := sf.FieldPath
			if field == "" && len(sf.InstancePath) > 0 {
				field = "$." + strings.Join(sf.InstancePath, ".")
			}
			out = append(out, finding{
				kind: kind, status: status, vtype: e.ValidationType, subtype: e.ValidationSubType,
				field: field, keyword: sf.KeywordLocation, message: e.Message, detail: sf.Reason, original: e,
			})
		}
	}
	return out
}

// match finds the document operation for a method and a prefix-less path;
// literal segments win over parameters, as in the service's router.
func (s *spec) match(method, path string) (operation, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best, bestScore := -1, -1
	for i, o := range s.ops {
		if o.method != method {
			continue
		}
		score, ok := matchSegs(o.segs, segs)
		if ok && score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return operation{}, false
	}
	return s.ops[best], true
}

// matchSegs matches path segments against template segments ("{name}"
// matches one non-empty segment) and scores literal matches.
func matchSegs(tmpl, segs []string) (int, bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	score := 0
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if segs[i] == "" {
				return 0, false
			}
			continue
		}
		if t != segs[i] {
			return 0, false
		}
		score++
	}
	return score, true
}

// stripPrefix removes the self-hosted /api-host base path.
func stripPrefix(p string) string {
	switch {
	case p == apiHostPrefix:
		return "/"
	case strings.HasPrefix(p, apiHostPrefix+"/"):
		return p[len(apiHostPrefix):]
	}
	return p
}

func excerpt(b []byte) string {
	const limit = 400
	s := strings.TrimSpace(string(b))
	if len(s) > limit {
		return strings.ToValidUTF8(s[:limit], "") + "…"
	}
	return s
}

// Stats reports how many distinct document operations were exercised and
// how many exchanges were validated against the document, in this process.
func Stats() (operationsSeen, requestsValidated int) {
	statsMu.Lock()
	defer statsMu.Unlock()
	for _, n := range opsSeen {
		requestsValidated += n
	}
	return len(opsSeen), requestsValidated
}

// Summary is a human-readable report of Stats, per operation, plus the
// exempt operations and excused deviations met.
func Summary() string {
	statsMu.Lock()
	defer statsMu.Unlock()
	reqs := 0
	for _, n := range opsSeen {
		reqs += n
	}
	total := len(Operations())
	var b strings.Builder
	fmt.Fprintf(&b, "apispec: %d operations (of %d in the document), %d requests validated against openapi.json; %d violations\n", len(opsSeen), total, reqs, violations)
	if faultsSeen > 0 {
		fmt.Fprintf(&b, "  %d scripted fault responses not validated (their requests were)\n", faultsSeen)
	}
	writeCounts(&b, "validated", opsSeen)
	writeCounts(&b, "exempt (not validated)", exemptSeen)
	writeCounts(&b, "findings excused by a documented deviation", excused)
	return b.String()
}

func writeCounts(b *strings.Builder, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "  %s:\n", title)
	for _, k := range keys {
		fmt.Fprintf(b, "    %5d  %s\n", m[k], k)
	}
}

// SummaryEnv names the file WriteSummary writes, when set.
const SummaryEnv = "LANGSMITH_APISPEC_SUMMARY"

// SummaryFile is where WriteSummary writes: $LANGSMITH_APISPEC_SUMMARY when
// set, otherwise one file per test process under os.TempDir(), e.g.
// /tmp/langsmith-apispec-provider.test-12345.txt (the process id keeps
// concurrent runs from overwriting each other's totals).
func SummaryFile() string {
	if p := os.Getenv(SummaryEnv); p != "" {
		return p
	}
	name := fmt.Sprintf("langsmith-apispec-%s-%d.txt", filepath.Base(os.Args[0]), os.Getpid())
	return filepath.Join(os.TempDir(), name)
}

// WriteSummary writes Summary to SummaryFile (replacing it), so the totals
// of a test run can be read after `go test` exits.
func WriteSummary() error {
	return os.WriteFile(SummaryFile(), []byte(Summary()), 0o644)
}
