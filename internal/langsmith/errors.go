package langsmith

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrAmbiguous marks a failure after which the server may or may not have
// applied a non-idempotent request: the connection dropped or timed out after
// the request was written, the response could not be read, or a POST (or a
// revision-creating PATCH) got a 5xx. Errors wrap it with %w, so callers test
// it with errors.Is. The create and update methods of Client already resolve
// it where they can (by looking the object up); when it reaches the caller,
// the object may exist on the server.
var ErrAmbiguous = errors.New("the request may or may not have been applied by the server")

// ValidationError is one entry of FastAPI's 422 HTTPValidationError list.
type ValidationError struct {
	Loc   []any  `json:"loc"`
	Msg   string `json:"msg"`
	Type  string `json:"type"`
	Input any    `json:"input,omitempty"`
}

// Field returns Loc joined with ".", e.g. "body.source_config.integration_id".
func (v ValidationError) Field() string {
	parts := make([]string, 0, len(v.Loc))
	for _, p := range v.Loc {
		switch p := p.(type) {
		case string:
			parts = append(parts, p)
		case float64:
			parts = append(parts, strconv.FormatFloat(p, 'f', -1, 64))
		default:
			b, _ := json.Marshal(p)
			parts = append(parts, string(b))
		}
	}
	return strings.Join(parts, ".")
}

// String formats the entry as "loc: msg (type)", leaving out empty parts.
func (v ValidationError) String() string {
	s := v.Msg
	switch {
	case s == "":
		s = v.Type
	case v.Type != "":
		s += " (" + v.Type + ")"
	}
	if f := v.Field(); f != "" {
		if s == "" {
			return f
		}
		return f + ": " + s
	}
	return s
}

// APIError is a non-2xx response of the control-plane API.
type APIError struct {
	StatusCode int
	// Method and Path identify the request: no host and no query string.
	Method, Path string
	// Detail is the API's "detail" when it was a string, a "; "-joined summary
	// of Validation for a 422 list, or the JSON text of any other JSON body.
	Detail string
	// Validation holds FastAPI's 422 list when detail was one.
	Validation []ValidationError
	// Body is the start (about 300 bytes) of a non-JSON body, such as an HTML
	// page from a proxy; "" when the body was JSON or empty.
	Body string
	// ContentType is the response's media type, without parameters.
	ContentType string
	// Workspace is the X-Tenant-Id the request was sent with ("" for
	// none: the key's default workspace).
	Workspace string
	// RequestID is the ID the server or a proxy gave the request, from the
	// first of requestIDHeaders the response carried; "" when none did.
	RequestID string
}

// requestIDHeaders are the response headers that identify a request to the
// operator's support, in order of preference: the application's own, then
// the load balancers' and CDNs' in front of it.
var requestIDHeaders = []string{"X-Request-Id", "X-Correlation-Id", "Request-Id", "X-Cloud-Trace-Context", "X-Amzn-Trace-Id", "CF-Ray"}

// requestID returns the first request ID in h, shortened to 200 bytes.
func requestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := strings.TrimSpace(h.Get(name)); v != "" {
			return truncate(v, 200)
		}
	}
	return ""
}

// Error reads e.g. `PATCH /v2/deployments/<id>: HTTP 422: body.display_name:
// String should have at least 1 character (string_too_short)`.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.Path != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "HTTP %d: ", e.StatusCode)
	switch {
	case e.Detail != "":
		b.WriteString(e.Detail)
	case e.Body != "":
		ct := e.ContentType
		if ct == "" {
			ct = "no content type"
		}
		fmt.Fprintf(&b, "non-JSON response (%s): %s", ct, strings.Join(strings.Fields(e.Body), " "))
	default:
		b.WriteString("empty response body")
	}
	return b.String()
}

// Temporary reports whether err is a failure worth trying again later: an
// *APIError with status 429 or 5xx, or a connection that failed without an
// answer (reset, dropped, refused, timed out). Other answers are not.
func Temporary(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == 429 || apiErr.StatusCode >= 500
	}
	return isTransient(err)
}

// IsNotFound reports whether err is, or wraps, an *APIError with status 404.
func IsNotFound(err error) bool { return StatusCode(err) == 404 }

// IsConflict reports whether err is, or wraps, an *APIError with status 409.
func IsConflict(err error) bool { return StatusCode(err) == 409 }

// StatusCode returns the HTTP status of the *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

const (
	maxErrorSnippet = 300 // bytes of a non-JSON error body kept in APIError.Body
	maxBodySnippet  = 200 // bytes of a malformed 2xx body quoted in the error
)

// newAPIError decodes an error response. It never fails: whatever the body is,
// the result says as much about it as can be said.
func newAPIError(method, path string, status int, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		e.ContentType = mt
	} else {
		e.ContentType = truncate(strings.TrimSpace(contentType), 100)
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return e
	}
	if !json.Valid(trimmed) {
		e.Body = truncate(string(trimmed), maxErrorSnippet)
		return e
	}
	var envelope struct {
		Detail json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(trimmed, &envelope) == nil && len(envelope.Detail) > 0 {
		e.Detail, e.Validation = decodeDetail(envelope.Detail)
	}
	if e.Detail == "" {
		e.Detail = truncate(compactJSON(trimmed), maxErrorSnippet)
	}
	return e
}

// decodeDetail reads FastAPI's "detail": a string, a list of validation
// errors, or anything else (returned as its JSON text).
func decodeDetail(raw json.RawMessage) (string, []ValidationError) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var list []ValidationError
	if raw[0] == '[' && json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		summary := make([]string, 0, len(list))
		for _, v := range list {
			if text := v.String(); text != "" {
				summary = append(summary, text)
			}
		}
		if len(summary) > 0 {
			return strings.Join(summary, "; "), list
		}
	}
	if string(raw) == "null" {
		return "", nil
	}
	return truncate(compactJSON(raw), maxErrorSnippet), nil
}

// compactJSON returns valid JSON without insignificant whitespace.
func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut with "...".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
