package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// kubeLists returns the members of spec by their API name.
func kubeLists(spec *langsmith.ResourceSpec) map[string]any {
	return map[string]any{
		"image_pull_secrets": spec.ImagePullSecrets, "volumes": spec.Volumes, "volume_mounts": spec.VolumeMounts,
		"init_containers": spec.InitContainers, "sidecars": spec.Sidecars,
	}
}

// kubeValues returns the members of the API's spec as resource_spec
// attributes, in their normal form (normaliseKube): free-form objects as
// canonical JSON, empty lists, maps and objects as null, as the API may
// report them. The API's camelCase names become snake_case here.
func kubeValues(spec *langsmith.ResourceSpec) map[string]attr.Value {
	lists := kubeLists(spec)
	out := make(map[string]attr.Value, len(kubeMembers))
	for _, a := range kubeMembers {
		out[a.name] = a.value(plainJSON(lists[a.api]), false)
	}
	return out
}

// plainJSON returns v as decoded JSON (maps, slices, json.Number), nil for
// null.
func plainJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return nil
	}
	return out
}

// value converts decoded API JSON into the attribute's value; element marks
// an element of a list, which stays an object even when all its members are
// null.
func (a kubeAttr) value(v any, element bool) attr.Value {
	switch a.kind {
	case kubeBool:
		if b, ok := v.(bool); ok {
			return types.BoolValue(b)
		}
		return types.BoolNull()
	case kubeJSON:
		if v == nil {
			return jsontypes.NewNormalizedNull()
		}
		b, err := json.Marshal(v)
		if err != nil {
			return jsontypes.NewNormalizedNull()
		}
		return jsontypes.NewNormalizedValue(string(b))
	case kubeStrings, kubeJSONList:
		items, _ := v.([]any)
		child := kubeAttr{kind: kubeString}
		if a.kind == kubeJSONList {
			child.kind = kubeJSON
		}
		if len(items) == 0 {
			return types.ListNull(child.attrType())
		}
		elems := make([]attr.Value, len(items))
		for i, it := range items {
			elems[i] = child.value(it, true)
		}
		return types.ListValueMust(child.attrType(), elems)
	case kubeStringMap:
		m, _ := v.(map[string]any)
		if len(m) == 0 {
			return types.MapNull(types.StringType)
		}
		elems := make(map[string]attr.Value, len(m))
		for k, it := range m {
			elems[k] = kubeAttr{kind: kubeString}.value(it, true)
		}
		return types.MapValueMust(types.StringType, elems)
	case kubeObject:
		m, ok := v.(map[string]any)
		if !ok {
			return types.ObjectNull(a.objectType().AttrTypes)
		}
		attrs := make(map[string]attr.Value, len(a.attrs))
		empty := true
		for _, c := range a.attrs {
			attrs[c.name] = c.value(m[c.api], false)
			empty = empty && attrs[c.name].IsNull()
		}
		if empty && !element {
			return types.ObjectNull(a.objectType().AttrTypes)
		}
		return types.ObjectValueMust(a.objectType().AttrTypes, attrs)
	case kubeList:
		items, _ := v.([]any)
		if len(items) == 0 {
			return types.ListNull(a.objectType())
		}
		elem := kubeAttr{kind: kubeObject, attrs: a.attrs}
		elems := make([]attr.Value, len(items))
		for i, it := range items {
			elems[i] = elem.value(it, true)
		}
		return types.ListValueMust(a.objectType(), elems)
	}
	switch s := v.(type) {
	case string:
		return types.StringValue(s)
	case nil:
		return types.StringNull()
	default:
		b, _ := json.Marshal(s)
		return types.StringValue(string(b))
	}
}

// kubeMembersInto sets the members of spec from resource_spec's attributes:
// the known, non-null ones (an empty list is sent as []). Terraform's
// snake_case names become the API's camelCase here.
func kubeMembersInto(attrs map[string]attr.Value, spec *langsmith.ResourceSpec) diag.Diagnostics {
	var diags diag.Diagnostics
	body := map[string]any{}
	for _, a := range kubeMembers {
		if v, ok := a.apiValue(attrs[a.name]); ok {
			body[a.api] = v
		}
	}
	if len(body) == 0 {
		return diags
	}
	var typed langsmith.ResourceSpec
	b, err := json.Marshal(body)
	if err == nil {
		err = json.Unmarshal(b, &typed)
	}
	if err != nil {
		diags.AddError("Error converting resource_spec", "The Kubernetes members of source_config.resource_spec could not be "+
			"converted for the API: "+err.Error())
		return diags
	}
	spec.ImagePullSecrets, spec.Volumes, spec.VolumeMounts = typed.ImagePullSecrets, typed.Volumes, typed.VolumeMounts
	spec.InitContainers, spec.Sidecars = typed.InitContainers, typed.Sidecars
	return diags
}

// apiValue converts the attribute's value into API JSON; false for a null or
// unknown value, which is not sent.
func (a kubeAttr) apiValue(v attr.Value) (any, bool) {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return nil, false
	}
	switch a.kind {
	case kubeBool:
		b, ok := v.(types.Bool)
		return b.ValueBool(), ok
	case kubeJSON:
		s, ok := stringOf(v)
		return json.RawMessage(s), ok
	case kubeStrings, kubeJSONList:
		l, ok := v.(types.List)
		if !ok {
			return nil, false
		}
		child := kubeAttr{kind: kubeString}
		if a.kind == kubeJSONList {
			child.kind = kubeJSON
		}
		out := make([]any, 0, len(l.Elements()))
		for _, e := range l.Elements() {
			if x, ok := child.apiValue(e); ok {
				out = append(out, x)
			}
		}
		return out, true
	case kubeStringMap:
		m, ok := v.(types.Map)
		if !ok {
			return nil, false
		}
		out := make(map[string]string, len(m.Elements()))
		for k, e := range m.Elements() {
			if s, ok := stringOf(e); ok {
				out[k] = s
			}
		}
		return out, true
	case kubeObject:
		o, ok := v.(types.Object)
		if !ok {
			return nil, false
		}
		out := map[string]any{}
		for _, c := range a.attrs {
			if x, ok := c.apiValue(o.Attributes()[c.name]); ok {
				out[c.api] = x
			}
		}
		return out, true
	case kubeList:
		l, ok := v.(types.List)
		if !ok {
			return nil, false
		}
		elem := kubeAttr{kind: kubeObject, attrs: a.attrs}
		out := make([]any, 0, len(l.Elements()))
		for _, e := range l.Elements() {
			if x, ok := elem.apiValue(e); ok {
				out = append(out, x)
			}
		}
		return out, true
	}
	return stringOf(v)
}

// stringOf returns a known string value (custom string types included).
func stringOf(v attr.Value) (string, bool) {
	sv, ok := v.(basetypes.StringValuable)
	if !ok || v.IsNull() || v.IsUnknown() {
		return "", false
	}
	s, diags := sv.ToStringValue(context.Background())
	if diags.HasError() {
		return "", false
	}
	return s.ValueString(), true
}

// canonicalJSON is the normal form of a JSON text, the one jsontypes
// compares by: object keys sorted, no whitespace, numbers as written.
func canonicalJSON(s string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// kubeNormalDesc describes normaliseKube in the policy table.
const kubeNormalDesc = "JSON compared by meaning, empty lists and objects inside as null"

// normaliseKube is the normal form of a member's value (a list), the one
// kubeValues produces from the API: its JSON members canonical, and inside
// its elements empty lists, maps and objects null. A configured value whose
// normal form is the state's means the same to the API: ModifyPlan keeps the
// state's spelling (a re-spelled JSON object plans nothing) and an apply
// keeps the configured one.
func normaliseKube(v attr.Value) attr.Value {
	l, ok := v.(types.List)
	if !ok || l.IsNull() || l.IsUnknown() {
		return v
	}
	elems := make([]attr.Value, len(l.Elements()))
	for i, e := range l.Elements() {
		elems[i] = normaliseKubeValue(e, true)
	}
	out, diags := types.ListValue(l.ElementType(context.Background()), elems)
	if diags.HasError() {
		return v
	}
	return out
}

func normaliseKubeValue(v attr.Value, element bool) attr.Value {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return v
	}
	ctx := context.Background()
	switch x := v.(type) {
	case jsontypes.Normalized:
		if s, err := canonicalJSON(x.ValueString()); err == nil {
			return jsontypes.NewNormalizedValue(s)
		}
	case types.List:
		if len(x.Elements()) == 0 {
			return types.ListNull(x.ElementType(ctx))
		}
		elems := make([]attr.Value, len(x.Elements()))
		for i, e := range x.Elements() {
			elems[i] = normaliseKubeValue(e, true)
		}
		if out, diags := types.ListValue(x.ElementType(ctx), elems); !diags.HasError() {
			return out
		}
	case types.Map:
		if len(x.Elements()) == 0 {
			return types.MapNull(x.ElementType(ctx))
		}
	case types.Object:
		attrs := make(map[string]attr.Value, len(x.Attributes()))
		empty := true
		for k, a := range x.Attributes() {
			attrs[k] = normaliseKubeValue(a, false)
			empty = empty && attrs[k].IsNull()
		}
		if empty && !element {
			return types.ObjectNull(x.AttributeTypes(ctx))
		}
		if out, diags := types.ObjectValue(x.AttributeTypes(ctx), attrs); !diags.HasError() {
			return out
		}
	}
	return v
}

// carryKubeExtras copies into want, the spec built from the plan, the keys
// this provider does not model of cur's volumes and containers (matched by
// name): fields a newer API added to them survive a change made here.
func carryKubeExtras(want, cur *langsmith.ResourceSpec) {
	if want == nil || cur == nil {
		return
	}
	vols := map[string]map[string]any{}
	for _, v := range cur.Volumes {
		vols[v.Name] = v.Extra
	}
	for i := range want.Volumes {
		want.Volumes[i].Extra = vols[want.Volumes[i].Name]
	}
	for _, pair := range [][2][]langsmith.Container{{want.InitContainers, cur.InitContainers}, {want.Sidecars, cur.Sidecars}} {
		extras := map[string]map[string]any{}
		for _, c := range pair[1] {
			extras[c.Name] = c.Extra
		}
		for i := range pair[0] {
			pair[0][i].Extra = extras[pair[0][i].Name]
		}
	}
}
