// Command floor serves the benchmark's floor provider: langsmith_deployment
// with the real schema and no API calls (see internal/provider/floor.go).
// tools/bench builds it as terraform-provider-langsmith in a directory of its
// own and points a dev_overrides CLI config at it.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), provider.NewFloor("floor"), providerserver.ServeOpts{
		Address: "registry.terraform.io/langsmith-terraform/langsmith",
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
