package main

import (
	"bytes"
	"testing"
	"time"
)

// A shortened `go tool pprof -traces` output: header, then one block per
// stack, leaf first.
const sampleTraces = `File: terraform-provider-langsmith
Type: cpu
Duration: 2.15s, Total samples = 2.36s (109.62%)
-----------+-------------------------------------------------------
      10ms   runtime.scanObject
             runtime.gcDrain
             runtime.gcBgMarkWorker.func2
             runtime.gcBgMarkWorker
-----------+-------------------------------------------------------
     1.20s   runtime.mallocgc
             github.com/hashicorp/terraform-plugin-framework/types/basetypes.ObjectType.ValueFromTerraform
             github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider.rootOf
             github.com/langsmith-terraform/terraform-provider-langsmith/internal/provider.(*deploymentResource).ModifyPlan
             github.com/hashicorp/terraform-plugin-framework/internal/fwserver.(*Server).PlanResourceChange
-----------+-------------------------------------------------------
      30ms   encoding/json.(*encodeState).marshal
             github.com/hashicorp/go-hclog.(*intLogger).logJSON
             github.com/hashicorp/terraform-plugin-framework/internal/logging.FrameworkTrace (partial-inline)
             github.com/hashicorp/terraform-plugin-framework/internal/fwserver.SchemaValidate
-----------+-------------------------------------------------------
      20ms   github.com/hashicorp/terraform-plugin-go/tftypes.WalkAttributePath
             github.com/hashicorp/terraform-plugin-framework/internal/fwserver.SchemaValidate
             github.com/hashicorp/terraform-plugin-framework/internal/fwserver.(*Server).ValidateResourceConfig
-----------+-------------------------------------------------------
`

func TestCategorise_samplesGoToTheFirstMatchingCategory(t *testing.T) {
	secs, total, err := categorise(bytes.NewBufferString(sampleTraces))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{
		profileCategories[0].name: 10 * time.Millisecond, // GC
		"ours: state conversion (rootOf, rawOf/setRoot, deploymentState, reconcileRows, ...)": 1200 * time.Millisecond,
		"logging (framework and plugin-go trace logs, hclog JSON; tflog)":                     30 * time.Millisecond,
		"framework: validation (schema walk)":                                                 20 * time.Millisecond,
	}
	if total != 1260*time.Millisecond {
		t.Errorf("total = %v, want 1.26s", total)
	}
	for cat, d := range want {
		if secs[cat] != d {
			t.Errorf("%s = %v, want %v (all: %v)", cat, secs[cat], d, secs)
		}
	}
	if len(secs) != len(want) {
		t.Errorf("categories %v, want %v", secs, want)
	}
}
