package mockapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Running is a Server listening on a loopback TCP address.
type Running struct {
	// URL is the base URL, e.g. http://127.0.0.1:8124.
	URL string
	// Server is the mock behind the listener, for scripting and inspection.
	Server *Server

	httpServer *http.Server
	conns      atomic.Int64
}

// Start creates a Server with opts and serves it on addr ("127.0.0.1:0" picks
// a free port). Only loopback addresses are accepted: the mock has no real
// authentication and must not be reachable from other machines.
func Start(opts Options, addr string) (*Running, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("mockapi: invalid address %q: %w", addr, err)
	}
	if !isLoopback(host) {
		return nil, fmt.Errorf("mockapi: refusing to listen on non-loopback address %q", addr)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mockapi: listen on %s: %w", addr, err)
	}
	r := &Running{Server: New(opts), URL: "http://" + ln.Addr().String()}
	r.httpServer = &http.Server{
		Handler:           r.Server,
		ReadHeaderTimeout: 30 * time.Second,
		ConnState: func(_ net.Conn, state http.ConnState) {
			if state == http.StateNew {
				r.conns.Add(1)
			}
		},
	}
	go func() {
		if err := r.httpServer.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = ln.Close()
		}
	}()
	return r, nil
}

// NewConnections returns how many TCP connections the server has accepted,
// so tests can check that a client reuses connections.
func (r *Running) NewConnections() int64 { return r.conns.Load() }

// Close stops the server and closes every connection.
func (r *Running) Close() error { return r.httpServer.Close() }

// isLoopback reports whether host (a name or IP, without port) is a loopback
// address. The empty host (all interfaces) is not.
func isLoopback(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
