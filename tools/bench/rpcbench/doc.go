// Package rpcbench is a Go benchmark of what one unchanged deployment costs
// the provider during `terraform plan`, without terraform: the RPCs terraform
// makes for it (ValidateResourceConfig in the validate walk;
// UpgradeResourceState, ReadResource and PlanResourceChange in the plan
// walk) sent straight to the provider server, for the provider and the two
// floors of tools/bench/floorprovider.
//
//	go test -run '^$' -bench . -benchmem ./tools/bench/rpcbench
//
// Allocations per operation do not depend on other load on the machine, and
// the three providers are measured seconds apart, so it resolves differences
// that the end-to-end benchmark (tools/bench) can only show on a quiet
// machine. It is an approximation of a real plan: one goroutine instead of
// terraform's ten, no gRPC or msgpack transport between two processes, the
// mock Control Plane in the same process (its share is in the provider's
// ReadResource), and per-RPC logger contexts set up the way
// terraform-plugin-go's tf6server does, writing to io.Discard instead of a
// pipe to terraform. Environment variables such as TF_LOG_SDK_FRAMEWORK=off
// take effect as they do in a provider process.
package rpcbench
