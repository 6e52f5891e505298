package mockapi

import (
	"encoding/json"
	"net/http"
	"time"
)

// Fault scripts how the next request to a route misbehaves. Faults queued
// with Server.Fault are consumed in order, one per request.
type Fault struct {
	// Status, if non-zero, is answered instead of handling the request
	// (nothing is committed).
	Status int
	// Body is the body sent with Status; the default is
	// {"detail":"<status text>"}. It may be HTML to imitate a proxy.
	Body string
	// ContentType of Body; the default is application/json.
	ContentType string
	// RetryAfter, if set, is sent as the Retry-After header.
	RetryAfter string
	// Latency is extra delay before the request is handled.
	Latency time.Duration
	// Drop hijacks and closes the connection without answering, before
	// handling (nothing committed).
	Drop bool
	// DropAfterCommit handles the request (its state change is committed)
	// and then closes the connection without answering, as when a response
	// is lost on the way back.
	DropAfterCommit bool
}

// Fault queues faults for the next requests to route ("POST /v2/deployments";
// the /api-host prefix is not part of the key). Each request consumes one.
func (s *Server) Fault(route string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], faults...)
}

// write renders the fault's canned response into rec.
func (f Fault) write(rec *recorder) {
	body := f.Body
	if body == "" {
		b, _ := json.Marshal(map[string]string{"detail": http.StatusText(f.Status)})
		body = string(b)
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json"
	}
	rec.header.Set("Content-Type", ct)
	if f.RetryAfter != "" {
		rec.header.Set("Retry-After", f.RetryAfter)
	}
	rec.status = f.Status
	rec.body.Reset()
	rec.body.WriteString(body)
}

// dropConnection closes the client connection without writing a response.
// When the writer cannot be hijacked (HTTP/2, or a test recorder), it aborts
// the handler with http.ErrAbortHandler, which net/http turns into a reset
// stream or closed connection.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// Chaos makes a share of all requests fail at random, for tests that must
// survive a flaky network: each request, with probability Rate, gets one of
// 503, 502, 429 with Retry-After: 1, or is handled (its change committed)
// and then has its connection dropped before the answer. The sequence is
// reproducible for a Seed (and the same order of requests). Scripted faults
// (Server.Fault) take precedence.
type Chaos struct {
	Rate float64
	Seed uint64
}

// chaosKinds are the faults Chaos injects, in the order of its draws.
var chaosKinds = []struct {
	name  string
	fault Fault
}{
	{"503", Fault{Status: http.StatusServiceUnavailable}},
	{"502", Fault{Status: http.StatusBadGateway, Body: "<html><body>502 Bad Gateway</body></html>", ContentType: "text/html"}},
	{"429", Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"}},
	{"dropped after commit", Fault{DropAfterCommit: true}},
}

// chaosFault draws the fault for the next request, if any. The caller holds
// s.mu.
func (s *Server) chaosFault() (Fault, bool) {
	if s.opts.Chaos.Rate <= 0 || s.chaos == nil {
		return Fault{}, false
	}
	if s.chaos.Float64() >= s.opts.Chaos.Rate {
		return Fault{}, false
	}
	k := chaosKinds[s.chaos.IntN(len(chaosKinds))]
	s.chaosCounts[k.name]++
	return k.fault, true
}

// ChaosInjected returns how many faults Chaos injected, by kind.
func (s *Server) ChaosInjected() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.chaosCounts))
	for k, v := range s.chaosCounts {
		out[k] = v
	}
	return out
}

// SetChaos changes the chaos rate from now on (0 stops it), keeping the
// seeded sequence.
func (s *Server) SetChaos(rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Chaos.Rate = rate
}
