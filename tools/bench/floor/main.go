// Command floor serves the benchmark's schema floor: every resource and data
// source of the provider with its real schema (validators, plan modifiers and
// defaults included) and no API calls; see tools/bench/floorprovider.
// tools/bench builds it as terraform-provider-langsmith in a directory of its
// own and points a dev_overrides CLI config at it.
package main

import (
	"log"

	"github.com/langsmith-terraform/terraform-provider-langsmith/tools/bench/floorprovider"
)

func main() {
	if err := floorprovider.Serve(floorprovider.KindSchema); err != nil {
		log.Fatal(err.Error())
	}
}
