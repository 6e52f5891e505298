package mockapi

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestStart_servesOnLoopbackAndCountsConnections(t *testing.T) {
	r, err := Start(Options{APIKey: "k"}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") {
		t.Fatalf("URL = %s", r.URL)
	}
	client := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < 5; i++ {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", r.URL+"/v2/deployments", nil)
		req.Header.Set("X-Api-Key", "k")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if n := r.NewConnections(); n != 1 {
		t.Fatalf("NewConnections = %d, want 1 (keep-alive)", n)
	}
	if r.Server.Count("GET /v2/deployments") != 5 {
		t.Fatalf("count = %d", r.Server.Count("GET /v2/deployments"))
	}

	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", r.URL+"/v2/deployments", nil)
		resp, err := fresh.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if n := r.NewConnections(); n != 3 {
		t.Fatalf("NewConnections = %d, want 3", n)
	}
}

func TestStart_refusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:80", "nonsense"} {
		if r, err := Start(Options{}, addr); err == nil {
			r.Close()
			t.Fatalf("Start(%q) succeeded", addr)
		}
	}
}
