package apispec

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file is the one place that lists what is not checked against the
// published document, and why. Keep every entry narrow and give its reason
// with a contract (CONTROL_PLANE.md) section.
//
// Besides Exempt and Deviations below, two things are handled in code:
//   - Security: every operation's `security` names schemes ("API Key",
//     "Tenant ID", "Bearer Auth") that components.securitySchemes does not
//     define (it defines only "LangSmith API Key", apiKey in header
//     X-Api-Key), so the library's check would reject every request. It is
//     switched off and replaced by checkSecurity, which requires the scheme
//     the document does define (contract §2: X-Api-Key is required).
//   - Exchange.Fault: a response scripted by the test (mockapi.Fault) is not
//     the mock's claim about the API; only its request is validated.

// Exempt lists operations ("METHOD /template", templates as in the mock's
// route keys) that are newer than the 2026-07 document, so there is nothing
// to validate them against. Exchanges on them are counted, not validated.
// An operation the document does describe must never be listed here (a test
// enforces it): use a Deviation for a narrow, documented difference instead.
var Exempt = map[string]string{
	"POST /v2/deployments/{deployment_id}/revisions":                   "Create Deployment Revision is newer than the 2026-07 document (contract §5.9, published after the S3 mirror)",
	"GET /v2/deployments/free-count":                                   "Free count is S3 (≈2026-08), newer than the 2026-07 document (contract §5.12)",
	"GET /v2/deployments/{deployment_id}/revisions/{revision_id}/logs": "Revision logs are S3, newer than the 2026-07 document (contract §5.13)",
	"PATCH /v2/deployments/{deployment_id}/deployment-tier":            "The tier endpoints are S3, newer than the 2026-07 document (contract §5.10)",
	"PATCH /v2/deployments/{deployment_id}/resource-tiers":             "The tier endpoints are S3, newer than the 2026-07 document (contract §5.10)",
}

// AllOperations in Deviation.Operations means every operation of the
// document; use it only where the contract says "every route".
const AllOperations = "*"

// Deviation is one documented, narrow place where the contract knowingly
// departs from the published document: named operations, one kind
// (request/response), one rule. Where the contract says what happens
// instead, that is checked in place of the excused rule.
type Deviation struct {
	ID         string   // short name, reported in Summary
	Operations []string // "METHOD /template" of the document, or AllOperations
	Kinds      []string // KindRequest and/or KindResponse
	Rule       string   // what is excused, in words
	Reason     string   // why, with the contract section
	match      func(f finding, ex Exchange) bool
	instead    func(ex Exchange) []finding // checked in place of the excused rule
}

// Operations that send or return a Deployment.
var (
	deploymentOps = []string{
		"GET /v2/deployments",
		"POST /v2/deployments",
		"GET /v2/deployments/{deployment_id}",
		"PATCH /v2/deployments/{deployment_id}",
		"POST /v2/deployments/{deployment_id}/revisions/{revision_id}/redeploy",
	}
	revisionOps = []string{
		"GET /v2/deployments/{deployment_id}/revisions",
		"GET /v2/deployments/{deployment_id}/revisions/{revision_id}",
	}
)

// Deviations is the list of documented, narrow exemptions.
var Deviations = []Deviation{
	{
		ID:         "auth-errors",
		Operations: []string{AllOperations},
		Kinds:      []string{KindResponse},
		Rule:       `undocumented status 401 or 403; the body must still be {"detail": "<string>"}`,
		Reason: "contract §2 and §5: every route can answer the auth errors (401 bad or missing key, 403 wrong " +
			"workspace / product not enabled) with {\"detail\": \"<string>\"}; the document lists 403 only on the " +
			"listener routes and 401 nowhere",
		match:   undocumentedStatus(401, 403),
		instead: detailBody("contract §2"),
	},
	{
		ID:         "create-name-conflict-409",
		Operations: []string{"POST /v2/deployments"},
		Kinds:      []string{KindResponse},
		Rule:       `undocumented status 409; the body must still be {"detail": "<string>"}`,
		Reason: "contract §5.2 and §3.2: S3 documents 409 \"A deployment named '{name}' already exists.\" (also when " +
			"a deleted deployment's tracing project keeps the name); the 2026-07 document predates it",
		match:   undocumentedStatus(409),
		instead: detailBody("contract §3.2"),
	},
	{
		ID:         "delete-force-400",
		Operations: []string{"DELETE /v2/deployments/{deployment_id}"},
		Kinds:      []string{KindResponse},
		Rule:       `undocumented status 400 (force=true on a deployment not soft-deleted); the body must still be {"detail": "<string>"}`,
		Reason:     "contract §5.5: the S3 `force` parameter answers 400 on an active deployment; the 2026-07 document has neither",
		match: func(f finding, ex Exchange) bool {
			q, _ := url.ParseQuery(ex.RawQuery)
			return undocumentedStatus(400)(f, ex) && q.Has("force")
		},
		instead: detailBody("contract §3.2"),
	},
	{
		ID: "unknown-id-404",
		Operations: []string{
			"GET /v2/auth/providers/{provider_id}",
			"PATCH /v2/auth/providers/{provider_id}",
			"DELETE /v2/auth/providers/{provider_id}",
			"GET /v1/integrations/github/{integration_id}/repos",
			"GET /v1/integrations/forge/github/{integration_id}/repos",
		},
		Kinds: []string{KindResponse},
		Rule:  `undocumented status 404 for an unknown id; the body must still be {"detail": "<string>"}`,
		Reason: "contract §10 (\"the docs show no 404 for Auth-service routes ... what an unknown provider ID returns is (unknown)\") " +
			"and §8 (\"no 404 is documented (an unknown integration behaves however the service decides)\"): the document " +
			"is silent, the mock answers FastAPI's 404 {\"detail\"} as every other route does (§3.2), and the provider relies on it to see a provider deleted out of band",
		match:   undocumentedStatus(404),
		instead: detailBody("contract §3.2"),
	},
	{
		ID:         "s3-source-internal_template",
		Operations: append(append([]string{}, deploymentOps...), revisionOps...),
		Kinds:      []string{KindRequest, KindResponse},
		Rule:       "source may also be \"internal_template\" (and nothing else new)",
		Reason:     "contract §3.4: internal_template is an S3 (≈2026-08) source value; the 2026-07 enum has four values",
		match:      addedEnumValues([]string{"internal_template"}, "$.source", "$.resources[*].source"),
	},
	{
		ID:         "s3-deployment_type-zero",
		Operations: deploymentOps,
		Kinds:      []string{KindRequest, KindResponse},
		Rule:       "source_config.deployment_type may also be \"dev_zero\" or \"dev_free_zero\"",
		Reason:     "contract §3.4: the scale-to-zero types dev_zero and dev_free_zero are S3 additions; the 2026-07 enum has dev_free, dev, prod",
		match:      addedEnumValues([]string{"dev_zero", "dev_free_zero"}, "$.source_config.deployment_type", "$.resources[*].source_config.deployment_type"),
	},
	{
		ID:         "s3-status-awaiting_final_delete",
		Operations: deploymentOps,
		Kinds:      []string{KindResponse},
		Rule:       "Deployment status may also be \"AWAITING_FINAL_DELETE\"",
		Reason:     "contract §3.4 and §7.1: AWAITING_FINAL_DELETE is an S3 deployment status; the 2026-07 enum lacks it",
		match:      addedEnumValues([]string{"AWAITING_FINAL_DELETE"}, "$.status", "$.resources[*].status"),
	},
	{
		ID:         "s3-provider_type-x",
		Operations: []string{"POST /v2/auth/providers"},
		Kinds:      []string{KindRequest},
		Rule:       "OAuthProviderCreateRequest.provider_type may also be \"x\"",
		Reason: "contract §3.4 and §10: provider_type x is an S3 addition; the 2026-07 create enum has microsoft, " +
			"salesforce, slack (OAuthProviderResponse.provider_type is a plain string, nothing to excuse there)",
		match: addedEnumValues([]string{"x"}, "$.provider_type"),
	},
}

// addedEnumValues matches a schema finding at one of the fields (JSONPath,
// array indices written [*]) whose value in the body is one of values: an
// enum the contract extends after the document. Any other value, or any
// other rule at that field, is still reported.
func addedEnumValues(values []string, fields ...string) func(f finding, ex Exchange) bool {
	return func(f finding, ex Exchange) bool {
		enumRule := strings.Contains(f.keyword, "/enum") || strings.HasSuffix(f.detail, ", want null")
		if f.subtype != "schema" || f.field == "" || !enumRule {
			return false
		}
		norm := indexRE.ReplaceAllString(f.field, "[*]")
		listed := false
		for _, p := range fields {
			listed = listed || p == norm
		}
		if !listed {
			return false
		}
		body := ex.ResponseBody
		if f.kind == KindRequest {
			body = ex.RequestBody
		}
		v, ok := lookup(body, f.field)
		if !ok {
			return false
		}
		str, ok := v.(string)
		if !ok {
			return false
		}
		for _, allowed := range values {
			if str == allowed {
				return true
			}
		}
		return false
	}
}

var (
	indexRE = regexp.MustCompile(`\[\d+\]`)
	stepRE  = regexp.MustCompile(`\.([^.\[]+)|\[(\d+)\]`)
)

// lookup returns the value at a simple JSONPath ("$.a.b[2].c") in a JSON
// document.
func lookup(body []byte, path string) (any, bool) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil || !strings.HasPrefix(path, "$") {
		return nil, false
	}
	rest := path[1:]
	for _, m := range stepRE.FindAllStringSubmatchIndex(rest, -1) {
		switch {
		case m[2] >= 0:
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = obj[rest[m[2]:m[3]]]; !ok {
				return nil, false
			}
		default:
			arr, ok := v.([]any)
			i, err := strconv.Atoi(rest[m[4]:m[5]])
			if !ok || err != nil || i >= len(arr) {
				return nil, false
			}
			v = arr[i]
		}
	}
	return v, true
}

// undocumentedStatus matches the validator's "response code does not exist"
// finding for the given statuses only.
func undocumentedStatus(codes ...int) func(f finding, ex Exchange) bool {
	return func(f finding, _ Exchange) bool {
		if f.vtype != "response" || f.subtype != "statusCode" {
			return false
		}
		for _, c := range codes {
			if f.status == c {
				return true
			}
		}
		return false
	}
}

// detailBody checks a response body against the contract's error shape
// {"detail": "<string>"} (§3.2).
func detailBody(source string) func(ex Exchange) []finding {
	return func(ex Exchange) []finding {
		fail := func(why string) []finding {
			return []finding{{
				kind: KindResponse, status: ex.Status, vtype: "response", subtype: "deviation",
				message: fmt.Sprintf("%d response body is not the error shape {\"detail\": \"<string>\"} (%s)", ex.Status, source),
				detail:  why,
			}}
		}
		if ct := ex.ResponseHeader.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "json") {
			return fail("Content-Type is " + strconv.Quote(ct))
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal(ex.ResponseBody, &body); err != nil {
			return fail(err.Error())
		}
		var detail string
		if raw, ok := body["detail"]; !ok {
			return fail("missing property 'detail'")
		} else if err := json.Unmarshal(raw, &detail); err != nil {
			return fail("detail is not a string")
		}
		return nil
	}
}

// exemptFor reports the Exempt key matching a method and prefix-less path.
func exemptFor(method, path string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for key := range Exempt {
		m, tmpl, ok := strings.Cut(key, " ")
		if !ok || m != method {
			continue
		}
		if _, ok := matchSegs(strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), segs); ok {
			return key, true
		}
	}
	return "", false
}

// excusedBy returns the Deviation that excuses f on opKey, or nil.
func excusedBy(opKey string, f finding, ex Exchange) *Deviation {
	for i := range Deviations {
		d := &Deviations[i]
		if d.match == nil || !slices.Contains(d.Kinds, f.kind) {
			continue
		}
		for _, op := range d.Operations {
			if (op == opKey || op == AllOperations) && d.match(f, ex) {
				return d
			}
		}
	}
	return nil
}
