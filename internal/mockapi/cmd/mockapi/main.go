// Command mockapi serves the in-memory LangSmith Control Plane fake on a
// loopback address, for demos and for testing Terraform configurations
// offline. Point the provider's control-plane URL at the printed address.
//
//	go run ./internal/mockapi/cmd/mockapi -step-delay 2s -log
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("mockapi", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8124", "loopback address to listen on (port 0 picks a free port)")
	apiKey := fs.String("api-key", "", "the only accepted X-Api-Key (empty: any non-empty key)")
	tenantID := fs.String("tenant-id", "", "the only accepted X-Tenant-Id (empty: any)")
	stepDelay := fs.Duration("step-delay", 0, "time each revision status step takes (0: deployed at once)")
	deleteGETs := fs.Int("delete-gets", 1, "GETs a deleted deployment still answers 200 before it 404s")
	latency := fs.Duration("latency", 0, "latency added to every request")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening")
	freeNames := fs.Bool("free-names", false, "free a deleted deployment's name at once (the real API, and the mock by default, keep it taken unless deleted with delete_tracing_project=true)")
	logRequests := fs.Bool("log", false, "print one line per request: method, path, status")
	if err := fs.Parse(args); err != nil {
		return err
	}

	opts := mockapi.Options{
		APIKey:               *apiKey,
		TenantID:             *tenantID,
		RevisionStepDelay:    *stepDelay,
		DeleteGETs:           *deleteGETs,
		Latency:              *latency,
		FreeNamesAfterDelete: *freeNames,
	}
	if *deleteGETs <= 0 {
		opts.DeleteGETs = -1 // Options treats 0 as "default"; here 0 means gone at once.
	}
	if *logRequests {
		// Only method, path and status: header values (the API key) are never printed.
		opts.Observer = func(ex mockapi.Exchange) {
			fmt.Printf("%s %s %d\n", ex.Method, ex.Path, ex.Status)
		}
	}

	r, err := mockapi.Start(opts, *addr)
	if err != nil {
		return err
	}
	defer r.Close()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(r.URL), 0o600); err != nil {
			return fmt.Errorf("write url file: %w", err)
		}
	}
	fmt.Printf("mockapi listening on %s\n", r.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
