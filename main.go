// Command terraform-provider-langsmith serves the LangSmith Deployment
// Control Plane provider over Terraform's plugin protocol v6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
)

// version is set by goreleaser and the GNUmakefile through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/langsmith-terraform/langsmith",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
