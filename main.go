// Command terraform-provider-langsmith serves the LangSmith Deployment
// Control Plane provider over Terraform's plugin protocol v6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/pprof"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
)

// version is set by goreleaser and the GNUmakefile through -ldflags.
var version = "dev"

// cpuProfileEnv, when set (only tools/bench sets it), makes the process write
// a CPU profile to "<value>.<pid>.pprof": terraform starts one provider
// process per graph walk, so the pid tells them apart.
const cpuProfileEnv = "LANGSMITH_PROVIDER_CPUPROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if prefix := os.Getenv(cpuProfileEnv); prefix != "" {
		f, err := os.Create(prefix + "." + strconv.Itoa(os.Getpid()) + ".pprof")
		if err != nil {
			log.Fatal(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err.Error())
		}
		// Serve returns once terraform has shut the plugin down, so the
		// profile is complete when it is flushed here.
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/langsmith-terraform/langsmith",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
