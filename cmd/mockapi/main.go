// Command mockapi serves the in-memory LangSmith Control Plane fake of
// internal/mockapi on a loopback address, for demos and for testing Terraform
// configurations offline. Point the provider's control-plane URL at the
// printed address. `mockapi -help` lists its fixtures, flags and the ways to
// make a rollout fail.
//
//	go install github.com/langsmith-terraform/terraform-provider-langsmith/cmd/mockapi@latest
//	mockapi -api-key test-key -step-delay 200ms -log
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return // -help printed the usage: not an error
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// usageHead and usageTail frame the flag list of `mockapi -help`.
const usageHead = `Usage: mockapi [flags]

Serves a stateful, in-memory fake of the LangSmith Deployment Control Plane API
on a loopback address, for running terraform plan/apply/destroy offline. State
lives in memory and is gone when the process stops (Ctrl-C or SIGTERM).

  mockapi -addr 127.0.0.1:8124 -api-key test-key -step-delay 200ms &
  export LANGSMITH_API_KEY=test-key
  export LANGSMITH_WORKSPACE_ID=6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b  # any UUID
  export LANGSMITH_CONTROL_PLANE_URL=http://127.0.0.1:8124
  terraform apply

Flags:
`

const usageTail = `
Fixtures (every start):
  One GitHub integration, id ` + mockapi.SeedIntegrationID + ` (account
  "acme", installation 4242), with two repositories:
    https://github.com/acme/support-agent   default branch main
    https://github.com/acme/research-agent  default branch develop
  No deployments, listeners or OAuth providers. State is kept per workspace
  (X-Tenant-Id); -tenant-id limits the key to one workspace.

Failure injection:
  A revision whose source_revision_config.repo_ref or image_uri contains
  "fail-build" ends in BUILD_FAILED, one containing "fail-deploy" in
  DEPLOY_FAILED; the apply that waits for it fails with the revision's ID,
  status and message and the end of its log (GET .../revisions/REVISION_ID/
  logs?type=build or type=deploy serves it; a failing deploy log echoes the
  first variable, "env NAME=value", which the provider shows as ***).
  -step-delay sets how long each status step takes,
  -latency slows every request down, -delete-gets keeps a deleted deployment
  visible to that many GETs (AWAITING_DELETE) before it answers 404.

Changing things behind Terraform's back:
  The mock serves the API's own routes, so change a deployment the way a user
  in the UI would, with the API key and the workspace, in a request such as
    curl -X PATCH -H "X-Api-Key: test-key" -H "X-Tenant-Id: $LANGSMITH_WORKSPACE_ID" \
      -H "Content-Type: application/json" \
      -d '{"source_revision_config": {"repo_ref": "develop", "langgraph_config_path": "langgraph.json"}}' \
      http://127.0.0.1:8124/v2/deployments/DEPLOYMENT_ID
  (a source_revision_config or secrets change rolls out a new revision; a
  display_name change is in place), or POST .../revisions/REVISION_ID/redeploy,
  or DELETE .../deployments/ID; the next terraform plan shows the difference.
`

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mockapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHead)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), usageTail)
	}
	addr := fs.String("addr", "127.0.0.1:8124", "loopback address to listen on (port 0 picks a free port)")
	apiKey := fs.String("api-key", "", "the only accepted X-Api-Key (empty: any non-empty key)")
	tenantID := fs.String("tenant-id", "", "the only accepted X-Tenant-Id, the workspace the key may act in (empty: any)")
	stepDelay := fs.Duration("step-delay", 0, "time each revision status step takes (0: deployed at once)")
	deleteGETs := fs.Int("delete-gets", 1, "GETs a deleted deployment still answers 200 (AWAITING_DELETE) before it 404s")
	latency := fs.Duration("latency", 0, "latency added to every request")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening (useful with port 0)")
	freeNames := fs.Bool("free-names", false, "free a deleted deployment's name at once (the real API, and the mock by default, keep it taken unless deleted with delete_tracing_project=true)")
	logRequests := fs.Bool("log", false, "print one line per request: method, path, status (never headers)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("mockapi: unexpected arguments %q", fs.Args())
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
			fmt.Fprintf(stdout, "%s %s %d\n", ex.Method, ex.Path, ex.Status)
		}
	}

	r, err := mockapi.Start(opts, *addr)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(r.URL), 0o600); err != nil {
			return fmt.Errorf("write url file: %w", err)
		}
	}
	fmt.Fprintf(stdout, "mockapi listening on %s\n", r.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
