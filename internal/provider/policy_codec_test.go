package provider

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestStateCodec_sameAsTheFramework: rootOf/decodeValue and rawOf/
// encodeValue, which skip the framework's per-level type checks, give
// exactly what the framework's own conversions give, on generated values of
// every resource's type: nulls, unknowns and known values at every nesting
// level, empty and full collections, custom types (timeouts, JSON strings).
func TestStateCodec_sameAsTheFramework(t *testing.T) {
	ctx := context.Background()
	objectTypes := map[string]types.ObjectType{
		"langsmith_deployment":          deploymentObjectType(),
		"langsmith_listener":            listenerObjectType(),
		"langsmith_deployment_redeploy": deploymentRedeployObjectType(),
	}
	for name, typ := range objectTypes {
		tt := typ.TerraformType(ctx)
		rng := rand.New(rand.NewPCG(1, uint64(len(name))))
		for i := range 40 {
			raw := genValue(rng, tt, 0, true)
			want, err := typ.ValueFromTerraform(ctx, raw)
			if err != nil {
				t.Fatalf("%s #%d: framework decode: %v", name, i, err)
			}
			root, err := rootOf(ctx, typ, raw)
			if err != nil {
				t.Fatalf("%s #%d: rootOf: %v", name, i, err)
			}
			got, diags := types.ObjectValue(typ.AttrTypes, root)
			if diags.HasError() {
				t.Fatalf("%s #%d: %v", name, i, diags)
			}
			if !got.Equal(want) {
				t.Fatalf("%s #%d: rootOf differs from the framework:\n got %s\nwant %s", name, i, got, want)
			}
			back, diags := rawOf(ctx, typ, root)
			if diags.HasError() {
				t.Fatalf("%s #%d: rawOf: %v", name, i, diags)
			}
			fwBack, err := want.ToTerraformValue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(fwBack) || !back.Equal(raw) {
				t.Fatalf("%s #%d: rawOf differs:\n got %s\nwant %s", name, i, back, fwBack)
			}
		}
	}
	if _, err := rootOf(ctx, listenerObjectType(), genValue(rand.New(rand.NewPCG(2, 2)), deploymentObjectType().TerraformType(ctx), 0, true)); err == nil {
		t.Error("rootOf accepted a value of another type")
	}
}

// genValue returns a value of tt: known at the root when root is set, else
// null or unknown now and then; objects with every attribute, collections
// of 0 to 2 elements.
func genValue(rng *rand.Rand, tt tftypes.Type, depth int, root bool) tftypes.Value {
	if !root {
		switch rng.IntN(6) {
		case 0:
			return tftypes.NewValue(tt, nil)
		case 1:
			return tftypes.NewValue(tt, tftypes.UnknownValue)
		}
	}
	switch {
	case tt.Is(tftypes.String):
		return tftypes.NewValue(tt, fmt.Sprintf("s%d", rng.IntN(100)))
	case tt.Is(tftypes.Bool):
		return tftypes.NewValue(tt, rng.IntN(2) == 0)
	case tt.Is(tftypes.Number):
		// Whole numbers: the same tftypes.Number carries Int64 and Float64 attributes.
		return tftypes.NewValue(tt, big.NewFloat(float64(rng.IntN(1000))))
	}
	switch x := tt.(type) {
	case tftypes.Object:
		vals := map[string]tftypes.Value{}
		for k, at := range x.AttributeTypes {
			vals[k] = genValue(rng, at, depth+1, false)
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.List:
		return tftypes.NewValue(tt, genElems(rng, x.ElementType, depth))
	case tftypes.Set:
		elems := genElems(rng, x.ElementType, depth)
		if len(elems) == 2 && elems[0].Equal(elems[1]) {
			elems = elems[:1]
		}
		return tftypes.NewValue(tt, elems)
	case tftypes.Map:
		m := map[string]tftypes.Value{}
		for i, e := range genElems(rng, x.ElementType, depth) {
			m[fmt.Sprintf("k%d", i)] = e
		}
		return tftypes.NewValue(tt, m)
	}
	panic(fmt.Sprintf("genValue: type %s", tt))
}

func genElems(rng *rand.Rand, et tftypes.Type, depth int) []tftypes.Value {
	n := rng.IntN(3)
	if depth > 4 {
		n = 0
	}
	out := make([]tftypes.Value, 0, n)
	for range n {
		// Elements are known; their attributes may be null or unknown.
		out = append(out, genValue(rng, et, depth+1, true))
	}
	return out
}
