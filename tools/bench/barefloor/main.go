// Command barefloor serves the benchmark's bare floor: every resource and
// data source of the provider with the shape of its real schema only (names,
// types, flags, nesting; no validators, plan modifiers, defaults or custom
// types) and no API calls; see tools/bench/floorprovider. tools/bench builds
// it as terraform-provider-langsmith in a directory of its own and points a
// dev_overrides CLI config at it.
package main

import (
	"log"

	"github.com/langsmith-terraform/terraform-provider-langsmith/tools/bench/floorprovider"
)

func main() {
	if err := floorprovider.Serve(floorprovider.KindBare); err != nil {
		log.Fatal(err.Error())
	}
}
