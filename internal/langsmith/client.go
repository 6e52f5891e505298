// Package langsmith is a typed client for the LangSmith Deployment control-plane
// API (deployments, revisions, listeners, GitHub integrations and OAuth
// providers). It knows nothing about Terraform.
package langsmith

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "terraform-provider-langsmith/dev"

const (
	// defaultMaxRetries bounds the retries of one call: 8 rides out a flaky
	// network (a one-in-five failure rate leaves a call failing every
	// couple of million) at a worst case of about 45 s of backoff before a
	// persistent failure is reported.
	defaultMaxRetries   = 8
	defaultRetryWaitMin = 250 * time.Millisecond
	defaultRetryWaitMax = 15 * time.Second
	defaultMaxPages     = 10000
	maxResponseBody     = 32 << 20 // bytes read from a 2xx body
	maxErrorBody        = 64 << 10 // bytes read from an error body
	maxDrain            = 1 << 20  // bytes discarded before closing a body
)

// Config configures a Client. Only BaseURL and APIKey are required.
type Config struct {
	// BaseURL is the control-plane base URL without version, e.g.
	// https://api.host.langchain.com or http://127.0.0.1:8124/api-host.
	BaseURL string
	// APIKey is sent as X-Api-Key.
	APIKey string
	// TenantID is sent as X-Tenant-Id when non-empty.
	TenantID string
	// UserAgent is sent verbatim, e.g.
	// "terraform-provider-langsmith/1.2.3 (+terraform 1.8.5)"; default DefaultUserAgent.
	UserAgent string
	// HTTPClient is optional. The default is one shared client whose transport
	// keeps connections alive (64 idle per host), times out waiting for response
	// headers after 30s, and only follows redirects that keep host, method and
	// TLS, so the API key is never sent elsewhere.
	HTTPClient *http.Client
	// MaxRetries bounds retries of one request: 0 means 8, negative means none.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between retries
	// (defaults 250ms and 15s); RetryWaitMax also caps a server's Retry-After.
	RetryWaitMin, RetryWaitMax time.Duration
	// Logger, when set, is called once per request attempt with the fields
	// method, path, status, attempt and duration_ms (plus error when the
	// attempt failed without a response). It never receives the API key,
	// header values or bodies.
	Logger func(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the control-plane API. It is safe for concurrent use.
type Client struct {
	baseURL    string
	apiKey     string
	tenantID   string
	userAgent  string
	httpClient *http.Client
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	logger     func(ctx context.Context, msg string, fields map[string]any)

	// wait maps a computed retry wait to the wait actually slept. Tests replace
	// it to record the requested waits and not sleep.
	wait func(time.Duration) time.Duration
	// maxPages bounds every pagination loop.
	maxPages int
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("langsmith: an API key is required")
	}
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:    base,
		apiKey:     cfg.APIKey,
		tenantID:   cfg.TenantID,
		userAgent:  cfg.UserAgent,
		httpClient: cfg.HTTPClient,
		maxRetries: cfg.MaxRetries,
		waitMin:    cfg.RetryWaitMin,
		waitMax:    cfg.RetryWaitMax,
		logger:     cfg.Logger,
		wait:       func(d time.Duration) time.Duration { return d },
		maxPages:   defaultMaxPages,
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.httpClient == nil {
		c.httpClient = sharedHTTPClient()
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.waitMin <= 0 {
		c.waitMin = defaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = defaultRetryWaitMax
	}
	c.waitMax = max(c.waitMax, c.waitMin)
	return c, nil
}

// WithTenant returns a client that sends X-Tenant-Id tenantID (none when
// empty) and shares everything else, connections included, with c.
func (c *Client) WithTenant(tenantID string) *Client {
	if tenantID == c.tenantID {
		return c
	}
	out := *c
	out.tenantID = tenantID
	return &out
}

// TenantID returns the workspace this client acts in ("" for the key's default).
func (c *Client) TenantID() string { return c.tenantID }

// BaseURL returns the control-plane base URL requests are sent to, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// checkBaseURL validates a control-plane base URL and drops trailing slashes.
func checkBaseURL(raw string) (string, error) {
	u, err := parseHTTPURL(raw)
	if err != nil {
		return "", fmt.Errorf("langsmith: invalid base URL: %w", err)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// parseHTTPURL parses an absolute http(s) URL without query or fragment.
func parseHTTPURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	switch {
	case u.Scheme == "":
		return nil, fmt.Errorf("%q has no scheme (expected http:// or https://)", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%q has scheme %q (expected http or https)", raw, u.Scheme)
	case u.Opaque != "" || u.Hostname() == "":
		return nil, fmt.Errorf("%q has no host", raw)
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("%q has a query string", raw)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, fmt.Errorf("%q has a fragment", raw)
	}
	return u, nil
}

// ControlPlaneURL derives the control-plane base URL from a LangSmith API URL
// (contract §1): https://{region.}api.smith.langchain.com becomes
// https://{region.}api.host.langchain.com, and any other URL becomes
// <root>/api-host, where a trailing /api/v1 (or /api) and trailing slashes are
// removed first, e.g. https://example.com/langsmith/api/v1 ->
// https://example.com/langsmith/api-host. A URL that already ends in /api-host
// is returned as is. Malformed URLs (no scheme, a scheme other than http or
// https, no host, a query or a fragment) are errors.
func ControlPlaneURL(apiURL string) (string, error) {
	u, err := parseHTTPURL(apiURL)
	if err != nil {
		return "", fmt.Errorf("invalid LangSmith API URL: %w", err)
	}
	const cloud = "api.smith.langchain.com"
	host := strings.ToLower(u.Hostname())
	region, isCloud := strings.CutSuffix(host, cloud)
	if isCloud && (region == "" || (strings.Count(region, ".") == 1 && strings.HasSuffix(region, ".") && len(region) > 1)) {
		return u.Scheme + "://" + region + "api.host.langchain.com", nil
	}
	p := strings.TrimRight(u.Path, "/")
	if strings.HasSuffix(p, "/api-host") {
		return u.Scheme + "://" + u.Host + p, nil
	}
	if s, ok := strings.CutSuffix(p, "/api/v1"); ok {
		p = s
	} else if s, ok := strings.CutSuffix(p, "/api"); ok {
		p = s
	}
	p = strings.TrimRight(p, "/")
	return u.Scheme + "://" + u.Host + p + "/api-host", nil
}

// sharedHTTPClient is the default *http.Client, shared by every Client so
// connections are reused across them.
var sharedHTTPClient = sync.OnceValue(func() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   64,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			ResponseHeaderTimeout: 30 * time.Second,
		},
		CheckRedirect: sameOriginRedirect,
	}
})

// sameOriginRedirect follows a redirect only when it keeps the host and the
// method and does not drop TLS; otherwise the 3xx is returned as an error
// response. Go forwards custom headers such as X-Api-Key on redirects.
func sameOriginRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case len(via) >= 10:
		return errors.New("stopped after 10 redirects")
	case req.URL.Host != first.URL.Host, req.Method != first.Method,
		first.URL.Scheme == "https" && req.URL.Scheme != "https":
		return http.ErrUseLastResponse
	}
	return nil
}

// request is one logical API call, which may take several attempts.
type request struct {
	method string
	path   string // already escaped, starting with "/"
	query  url.Values
	body   any // JSON-encoded when non-nil
	out    any // decoded from a 2xx body when non-nil
	// nonIdempotent marks a request that must not reach the server twice
	// (POST, revision-creating PATCH). It is retried only when the server
	// certainly did not process it: 429, or a failure before it was written.
	// Its other failures wrap ErrAmbiguous.
	nonIdempotent bool
}

// do sends one request; POST is treated as non-idempotent.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.send(ctx, &request{method: method, path: path, query: query, body: body, out: out,
		nonIdempotent: method == http.MethodPost})
}

// send is the one request path: it builds the request (URL, auth headers,
// User-Agent, JSON body), retries it as the policy allows, and turns the
// outcome into a decoded out value, an *APIError or a transport error.
func (c *Client) send(ctx context.Context, r *request) error {
	if err := checkPath(r.path); err != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	var body any // must stay a nil interface when there is no body
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("%s %s: encoding request body: %w", r.method, r.path, err)
		}
		body = b
	}
	target := c.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}

	// wrote records whether the current attempt's headers reached the
	// connection: after that a failure is ambiguous for a non-idempotent request.
	var wrote atomic.Bool
	var ambiguous bool
	attempt, start := 0, time.Now()
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}
	req, err := retryablehttp.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.method, target, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("X-Api-Key", c.apiKey)
	if c.tenantID != "" {
		req.Header.Set("X-Tenant-Id", c.tenantID)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	rc := &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		Logger:       nil, // attempts are reported through c.logger instead
		RetryWaitMin: c.waitMin,
		RetryWaitMax: c.waitMax,
		RetryMax:     c.maxRetries,
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, i int) {
			attempt, start = i+1, time.Now()
			wrote.Store(false)
		},
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			c.logAttempt(ctx, r, attempt, resp, err, time.Since(start))
			ambiguous = r.nonIdempotent && err != nil && wrote.Load()
			return c.retryable(ctx, r, resp, err, wrote.Load())
		},
		Backoff: func(_, _ time.Duration, i int, resp *http.Response) time.Duration {
			return c.wait(c.backoff(i, resp))
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			drain(resp)
		}
		return c.transportError(ctx, r, err, ambiguous, attempt)
	}
	defer drain(resp)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		apiErr := newAPIError(r.method, r.path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		apiErr.Workspace = c.tenantID
		apiErr.RequestID = requestID(resp.Header)
		if r.nonIdempotent && resp.StatusCode >= 500 {
			return fmt.Errorf("%w (%w)", apiErr, ErrAmbiguous)
		}
		return apiErr
	}
	if r.out == nil {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err == nil {
		err = decodeJSON(r.method, r.path, b, r.out)
	} else {
		err = fmt.Errorf("%s %s: reading response body: %w", r.method, r.path, err)
	}
	if err != nil && r.nonIdempotent {
		// The server answered 2xx, so it applied the request; only its answer
		// was lost. Callers resolve this like any other ambiguous failure.
		return fmt.Errorf("%w (%w)", err, ErrAmbiguous)
	}
	return err
}

// retryable is the retry policy. A cancelled ctx stops at once. 429 is always
// retried: the server refused the request without processing it. 502, 503,
// 504 and transient connection errors are retried for idempotent requests; a
// non-idempotent request is retried after a connection error only when it was
// never written (e.g. connection refused).
func (c *Client) retryable(ctx context.Context, r *request, resp *http.Response, err error, wrote bool) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		return isTransient(err) && (!r.nonIdempotent || !wrote), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !r.nonIdempotent, nil
	}
	return false, nil
}

// isTransient reports whether a transport error is worth retrying: resets,
// refusals, unexpected EOFs and timeouts, not TLS or URL errors.
func isTransient(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET, syscall.ECONNREFUSED,
		syscall.ECONNABORTED, syscall.EPIPE, syscall.ETIMEDOUT} {
		if errors.Is(err, target) {
			return true
		}
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsTemporary {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection reset", "connection refused", "broken pipe", "server closed idle connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// backoff returns the wait before retry number attempt+1: the server's
// Retry-After (seconds or HTTP date) capped by waitMax when present, else
// waitMin*2^attempt capped by waitMax, with jitter in its upper half.
func (c *Client) backoff(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, c.waitMax)
		}
	}
	d := c.waitMax
	if attempt < 30 {
		if exp := c.waitMin << attempt; exp > 0 && exp < d {
			d = exp
		}
	}
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header given in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// sleep waits d (as mapped by c.wait) unless ctx ends first.
func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	d = c.wait(d)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// transportError describes a request that got no usable response.
func (c *Client) transportError(ctx context.Context, r *request, err error, ambiguous bool, attempts int) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	} else {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // its text repeats method and URL
		}
	}
	if ambiguous {
		return fmt.Errorf("%s %s: %w (%w)", r.method, r.path, err, ErrAmbiguous)
	}
	if attempts > 1 {
		return fmt.Errorf("%s %s: giving up after %d attempts: %w", r.method, r.path, attempts, err)
	}
	return fmt.Errorf("%s %s: %w", r.method, r.path, err)
}

// logAttempt reports one attempt to the configured Logger. Only the method,
// path, status, attempt number, duration, the server's request ID and the
// transport error text are passed: never other headers, nor bodies.
func (c *Client) logAttempt(ctx context.Context, r *request, attempt int, resp *http.Response, err error, d time.Duration) {
	if c.logger == nil {
		return
	}
	fields := map[string]any{
		"method":      r.method,
		"path":        r.path,
		"status":      0,
		"attempt":     attempt,
		"duration_ms": d.Milliseconds(),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
		if id := requestID(resp.Header); id != "" {
			fields["request_id"] = id
		}
	}
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		fields["error"] = err.Error()
	}
	c.logger(ctx, "LangSmith API request", fields)
}

// logf reports an event other than an attempt to the configured Logger.
func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger(ctx, msg, fields)
	}
}

// drain discards what is left of a body (up to a bound) and closes it, so the
// connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	_ = resp.Body.Close()
}

// decodeJSON decodes a 2xx body into out, ignoring unknown fields. Its errors
// name the request and quote the start of the body.
func decodeJSON(method, path string, body []byte, out any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return fmt.Errorf("%s %s: empty response body, expected JSON", method, path)
	}
	if !json.Valid(trimmed) {
		return fmt.Errorf("%s %s: response body is not valid JSON: %q", method, path, truncate(string(trimmed), maxBodySnippet))
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return fmt.Errorf("%s %s: response body does not have the expected shape: %w; body starts %q",
			method, path, err, truncate(string(trimmed), maxBodySnippet))
	}
	return nil
}

// checkPath rejects a path with an empty or dot segment. Route templates have
// none, so one comes from an empty, "." or ".." ID, and sending it would
// address another route (DELETE /v2/deployments/ is not a deployment).
func checkPath(p string) error {
	for _, seg := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return errors.New("an ID in the path is empty, \".\" or \"..\"")
		}
	}
	return nil
}

// pathf builds a request path from a format of literal segments and %s verbs;
// every argument is escaped as one path segment.
func pathf(format string, segments ...string) string {
	args := make([]any, len(segments))
	for i, s := range segments {
		args[i] = url.PathEscape(s)
	}
	return fmt.Sprintf(format, args...)
}

// page is the envelope of the API's offset-paginated lists.
type page[T any] struct {
	Resources []T  `json:"resources"`
	Offset    *int `json:"offset"`
}

// listPages GETs path page by page and returns every item, or the first max
// items when max > 0. Each page asks for min(pageSize, items still wanted);
// pageSize outside 1..100 means 100. The next offset is the response's
// "offset" when it moved forward, else the sent offset plus the items
// received. Listing stops at a short or empty page. id identifies an item: a
// page that starts with the same item as the previous one means the server
// ignores offset, and that is an error, as is exceeding c.maxPages pages.
func listPages[T any](ctx context.Context, c *Client, path string, query url.Values, pageSize, maxItems int, id func(T) string) ([]T, error) {
	if pageSize <= 0 || pageSize > 100 {
		pageSize = 100
	}
	var all []T
	offset, prevFirst := 0, ""
	for n := 0; ; n++ {
		if n >= c.maxPages {
			return nil, fmt.Errorf("GET %s: gave up after %d pages: the server kept returning full pages", path, n)
		}
		limit := pageSize
		if maxItems > 0 {
			limit = min(limit, maxItems-len(all))
		}
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(offset))
		var p page[T]
		if err := c.do(ctx, http.MethodGet, path, q, nil, &p); err != nil {
			return nil, err
		}
		if len(p.Resources) > 0 {
			first := id(p.Resources[0])
			if n > 0 && first != "" && first == prevFirst {
				return nil, fmt.Errorf("GET %s: the server returned the same page again for offset %d; it does not seem to support pagination", path, offset)
			}
			prevFirst = first
		}
		all = append(all, p.Resources...)
		if len(p.Resources) < limit || (maxItems > 0 && len(all) >= maxItems) {
			break
		}
		next := offset + len(p.Resources)
		if p.Offset != nil && *p.Offset > offset {
			next = *p.Offset
		}
		offset = next
	}
	if maxItems > 0 && len(all) > maxItems {
		all = all[:maxItems]
	}
	return all, nil
}

// lookupAfterCancel bounds the lookup of an ambiguous request after the
// caller's context ended.
const lookupAfterCancel = 30 * time.Second

// nonIdempotent sends a request that must not be applied twice. After an
// ambiguous failure it asks applied whether the server did apply it (applied
// fills r.out when it did, and gets the failure to wrap in its own errors);
// if not, the request is sent again, at most c.maxRetries more times, with
// backoff. A 409 on a re-send is checked the same way, since it usually means
// an earlier attempt got through. When the caller's context ended (Ctrl-C, a
// timeout) after the request was written, the check still runs, with a short
// context of its own, so that an object the server did create is returned
// and recorded rather than orphaned.
func (c *Client) nonIdempotent(ctx context.Context, r *request, applied func(context.Context, error) (bool, error)) error {
	r.nonIdempotent = true
	for resent := 0; ; resent++ {
		err := c.send(ctx, r)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrAmbiguous) && (resent == 0 || !IsConflict(err)) {
			return err
		}
		checkCtx, cancel := ctx, context.CancelFunc(func() {})
		if ctx.Err() != nil {
			checkCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupAfterCancel)
		}
		// The follow-up errors (checkErr, werr) are quoted, not wrapped: the
		// result must keep reporting the request's own failure to errors.Is,
		// errors.As and StatusCode, not a status or context error of the
		// check or the wait. An *ExistingObjectError is the answer itself.
		ok, checkErr := applied(checkCtx, err)
		cancel()
		var existing *ExistingObjectError
		if errors.As(checkErr, &existing) {
			return checkErr
		}
		if checkErr != nil {
			return fmt.Errorf("%w (checking whether it was applied failed too: %s)", err, checkErr.Error())
		}
		if ok {
			return nil
		}
		if ctx.Err() != nil || resent >= c.maxRetries || IsConflict(err) {
			return err
		}
		if werr := c.sleep(ctx, c.backoff(resent, nil)); werr != nil {
			return fmt.Errorf("%w (not re-sent: %s)", err, werr.Error())
		}
	}
}
