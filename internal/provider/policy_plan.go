package provider

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// tablePlanner computes a plan from a resource's policy table, on attribute
// values by name (no reflection): what the configuration leaves null, what
// a change does on the API, and the computed attributes that follow from
// that. Resources with rules of their own (the deployment's variables and
// revisions) build on it.
type tablePlanner struct {
	ctx              context.Context
	table            policyTable
	typ              types.ObjectType
	diags            *diag.Diagnostics
	cfg, plan, state map[string]attr.Value
	create           bool
	// source is the deployment source the rows' sources are checked
	// against: "" while unknown, and "" for resources without sources.
	source string
	// skip leaves a row to the resource's own rules.
	skip func(*attrPolicy) bool
	// defaults are values known at plan time for attributes a create leaves
	// to the server (the workspace, which is the provider's), by path.
	defaults map[string]attr.Value

	changed           map[string]bool
	revision, inPlace bool
	replace           path.Paths
	replaceRows       []*attrPolicy
}

// newTablePlanner decodes a ModifyPlan request; ok is false on errors (added
// to diags).
func newTablePlanner(ctx context.Context, table policyTable, typ types.ObjectType, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (*tablePlanner, bool) {
	p := &tablePlanner{ctx: ctx, table: table, typ: typ, diags: diags, skip: func(*attrPolicy) bool { return false }}
	var err error
	if p.cfg, err = rootOf(ctx, typ, req.Config.Raw); err == nil {
		if p.plan, err = rootOf(ctx, typ, req.Plan.Raw); err == nil {
			p.state, err = rootOf(ctx, typ, req.State.Raw)
		}
	}
	if err != nil {
		diags.AddError("Error planning the change", err.Error())
		return nil, false
	}
	p.create = p.state == nil
	p.changed = map[string]bool{}
	return p, true
}

func (p *tablePlanner) at(root map[string]attr.Value, r *attrPolicy) attr.Value {
	return valueAt(root, r.steps())
}

func (p *tablePlanner) set(r *attrPolicy, v attr.Value) {
	out, err := setAt(p.ctx, p.plan, r.steps(), v)
	if err != nil {
		p.diags.AddError("Error planning the change", err.Error())
		return
	}
	p.plan = out
}

// planUserSet decides the Optional+Computed attributes the configuration
// leaves null. Terraform plans them unknown; here each becomes what apply
// will produce: null where the row does not apply to the source, its default
// where the row restores one, unknown on create (the API fills it in) and
// for a derived value whose inputs change, and the server's value otherwise.
func (p *tablePlanner) planUserSet() {
	p.planEquivalents()
	for i := range p.table {
		r := &p.table[i]
		if !r.kind.userSettable() || !r.kind.computed() || p.skip(r) {
			continue
		}
		steps := r.steps()
		cv := valueAt(p.cfg, steps)
		pv := valueAt(p.plan, steps)
		restore := r.removal == removalDefault && r.def != nil
		if cv == nil || !cv.IsNull() || parentUnknown(p.cfg, steps) || pv == nil || (!pv.IsUnknown() && !restore) {
			// Configured, inside an object that is null or unknown, or
			// already planned (a schema default, or nothing changes).
			continue
		}
		sv := valueAt(p.state, steps)
		if sv == nil && !p.create {
			continue // its object is new (a resource_spec added): unknown, the API fills it in
		}
		switch {
		case p.source != "" && !r.appliesTo(p.source):
			if p.create || sv == nil {
				p.set(r, nullOf(cv))
			} else {
				p.set(r, sv)
			}
		case r.removal == removalDefault && r.def != nil && (p.source != "" || len(r.sources) == 0) && r.def(p.source) != nil:
			p.set(r, r.def(p.source))
		case p.create && p.defaults[r.path] != nil:
			p.set(r, p.defaults[r.path])
		case p.create:
			// Unknown: the API fills it in.
		case r.kind == kindDerived && p.inputsChanged(r) && p.derivedNow(r, sv):
			p.set(r, unknownOf(cv))
		default:
			p.set(r, sv)
		}
	}
}

// planEquivalents plans state's value for a keepEquivalent row whose
// configured value only spells it otherwise (the same normal form): the plan
// then shows no change, and nothing is sent.
func (p *tablePlanner) planEquivalents() {
	if p.create {
		return
	}
	for i := range p.table {
		r := &p.table[i]
		if !r.keepEquivalent || p.skip(r) {
			continue
		}
		pv, sv := p.at(p.plan, r), p.at(p.state, r)
		if pv != nil && sv != nil && !pv.Equal(sv) && r.sameNormalised(pv, sv) {
			p.set(r, sv)
		}
	}
}

// inputsChanged reports whether an attribute that r derives from is planned
// to change.
func (p *tablePlanner) inputsChanged(r *attrPolicy) bool {
	for _, from := range r.derivedFrom {
		steps := strings.Split(from, ".")
		pv, sv := valueAt(p.plan, steps), valueAt(p.state, steps)
		if pv == nil || sv == nil || !pv.Equal(sv) {
			return true
		}
	}
	return false
}

// derivedNow reports whether state's value of r is the one the API derives
// from its inputs (rather than one set somewhere), so that it follows them.
func (p *tablePlanner) derivedNow(r *attrPolicy, sv attr.Value) bool {
	if r.derive == nil {
		return true
	}
	steps := r.steps()
	n, ok := numberOf(sv)
	if !ok {
		return false
	}
	for _, d := range r.derive(attrsOf(valueAt(p.state, steps[:len(steps)-1]))) {
		if m, ok := numberOf(d); ok && math.Abs(m-n) < 1e-9 {
			return true
		}
	}
	return false
}

// classify finds what an update changes and what that takes on the API:
// every user-settable row whose planned value differs from state counts
// with its change kind.
func (p *tablePlanner) classify() {
	for i := range p.table {
		r := &p.table[i]
		if !r.kind.userSettable() || r.kind == kindLocal || p.skip(r) {
			continue
		}
		pv, sv := p.at(p.plan, r), p.at(p.state, r)
		if pv == nil && sv == nil || (pv != nil && sv != nil && (pv.Equal(sv) || r.sameNormalised(pv, sv))) {
			continue // unchanged, or only spelled otherwise (the API stores both alike)
		}
		p.changed[r.path] = true
		switch r.change {
		case changeRevision:
			p.revision = true
		case changeInPlace:
			p.inPlace = true
		case changeReplace:
			p.replace = append(p.replace, r.tfPath())
			p.replaceRows = append(p.replaceRows, r)
		}
	}
}

// planComputed plans the computed-only attributes from what the change does:
// never-changing ones keep their value (null included), revision-describing ones become
// unknown when a revision rolls out, volatile ones whenever the API changes
// anything, derived ones when their inputs change.
func (p *tablePlanner) planComputed() {
	for i := range p.table {
		r := &p.table[i]
		if r.kind.userSettable() || r.kind == kindObject || p.skip(r) {
			continue
		}
		pv := p.at(p.plan, r)
		if pv == nil {
			continue
		}
		if p.source != "" && !r.appliesTo(p.source) {
			p.set(r, nullOf(pv))
			continue
		}
		if p.create {
			continue // unknown until the API answers
		}
		sv := p.at(p.state, r)
		planned := sv
		switch r.kind {
		case kindRevisionComputed:
			if p.revision {
				planned = unknownOf(pv)
			}
		case kindVolatileComputed:
			if p.revision || p.inPlace {
				planned = unknownOf(pv)
			}
		case kindDerivedComputed:
			if p.inputsChanged(r) {
				planned = unknownOf(pv)
			}
		}
		p.set(r, planned)
	}
}

// write stores the plan and the replacements in resp.
func (p *tablePlanner) write(resp *resource.ModifyPlanResponse) {
	if p.diags.HasError() {
		return
	}
	resp.RequiresReplace = append(resp.RequiresReplace, p.replace...)
	raw, d := rawOf(p.ctx, p.typ, p.plan)
	p.diags.Append(d...)
	if !p.diags.HasError() {
		resp.Plan.Raw = raw
	}
}

// planFromTable is the whole ModifyPlan of a resource without rules of its
// own beyond its table.
func planFromTable(ctx context.Context, table policyTable, typ types.ObjectType, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	defaults map[string]attr.Value,
) {
	if req.Plan.Raw.IsNull() || (!req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) && !defaultsToRestore(ctx, table, req, "")) {
		return // destroy, or nothing changes
	}
	p, ok := newTablePlanner(ctx, table, typ, req, &resp.Diagnostics)
	if !ok {
		return
	}
	p.defaults = defaults
	p.planUserSet()
	if !p.create {
		p.classify()
	}
	p.planComputed()
	p.write(resp)
}

// rootOf decodes a plan, state or config value into attributes by name; nil
// for a null value.
func rootOf(ctx context.Context, typ types.ObjectType, raw tftypes.Value) (map[string]attr.Value, error) {
	if raw.IsNull() || !raw.IsKnown() {
		return nil, nil
	}
	if tt := typ.TerraformType(ctx); !raw.Type().Equal(tt) {
		return nil, fmt.Errorf("expected %s, got %s", tt, raw.Type())
	}
	v, err := decodeValue(ctx, typ, raw)
	if err != nil {
		return nil, err
	}
	return attrsOf(v), nil
}

// decodeValue is typ.ValueFromTerraform(ctx, in) for a value whose type has
// been checked against typ already (rootOf checks it once, at the root).
// The framework's objects, lists, maps and sets check it again at every
// level, building the Terraform type of the whole subtree each time, which
// made decoding a deployment's state cost as much as the rest of Read;
// here they are decoded directly. Other types (primitives, and custom types
// such as the timeouts object) decode themselves.
func decodeValue(ctx context.Context, typ attr.Type, in tftypes.Value) (attr.Value, error) {
	switch t := typ.(type) {
	case basetypes.ObjectType:
		switch {
		case in.Type() == nil || in.IsNull():
			return types.ObjectNull(t.AttrTypes), nil
		case !in.IsKnown():
			return types.ObjectUnknown(t.AttrTypes), nil
		}
		var raw map[string]tftypes.Value
		if err := in.As(&raw); err != nil {
			return nil, err
		}
		vals := make(map[string]attr.Value, len(raw))
		for k, x := range raw {
			at, ok := t.AttrTypes[k]
			if !ok {
				return nil, fmt.Errorf("unexpected attribute %q", k)
			}
			v, err := decodeValue(ctx, at, x)
			if err != nil {
				return nil, err
			}
			vals[k] = v
		}
		obj, diags := types.ObjectValue(t.AttrTypes, vals)
		if diags.HasError() {
			return nil, diagsError(diags)
		}
		return obj, nil
	case basetypes.ListType:
		switch {
		case in.Type() == nil || in.IsNull():
			return types.ListNull(t.ElemType), nil
		case !in.IsKnown():
			return types.ListUnknown(t.ElemType), nil
		}
		elems, err := decodeElements(ctx, t.ElemType, in)
		if err != nil {
			return nil, err
		}
		l, diags := types.ListValue(t.ElemType, elems)
		if diags.HasError() {
			return nil, diagsError(diags)
		}
		return l, nil
	case basetypes.SetType:
		switch {
		case in.Type() == nil || in.IsNull():
			return types.SetNull(t.ElemType), nil
		case !in.IsKnown():
			return types.SetUnknown(t.ElemType), nil
		}
		elems, err := decodeElements(ctx, t.ElemType, in)
		if err != nil {
			return nil, err
		}
		set, diags := types.SetValue(t.ElemType, elems)
		if diags.HasError() {
			return nil, diagsError(diags)
		}
		return set, nil
	case basetypes.MapType:
		switch {
		case in.Type() == nil || in.IsNull():
			return types.MapNull(t.ElemType), nil
		case !in.IsKnown():
			return types.MapUnknown(t.ElemType), nil
		}
		var raw map[string]tftypes.Value
		if err := in.As(&raw); err != nil {
			return nil, err
		}
		elems := make(map[string]attr.Value, len(raw))
		for k, x := range raw {
			v, err := decodeValue(ctx, t.ElemType, x)
			if err != nil {
				return nil, err
			}
			elems[k] = v
		}
		m, diags := types.MapValue(t.ElemType, elems)
		if diags.HasError() {
			return nil, diagsError(diags)
		}
		return m, nil
	}
	return typ.ValueFromTerraform(ctx, in)
}

// decodeElements decodes the elements of a list or set.
func decodeElements(ctx context.Context, elemType attr.Type, in tftypes.Value) ([]attr.Value, error) {
	var raw []tftypes.Value
	if err := in.As(&raw); err != nil {
		return nil, err
	}
	elems := make([]attr.Value, 0, len(raw))
	for _, x := range raw {
		v, err := decodeValue(ctx, elemType, x)
		if err != nil {
			return nil, err
		}
		elems = append(elems, v)
	}
	return elems, nil
}

// rawOf encodes attributes by name as a value of typ.
func rawOf(ctx context.Context, typ types.ObjectType, root map[string]attr.Value) (tftypes.Value, diag.Diagnostics) {
	obj, diags := types.ObjectValue(typ.AttrTypes, root)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	raw, err := encodeValue(ctx, obj, typ.TerraformType(ctx))
	if err != nil {
		diags.AddError("Error encoding the state", err.Error())
	}
	return raw, diags
}

// encodeValue is v.ToTerraformValue(ctx) for a value whose Terraform type is
// tt, built once by the caller: the framework's objects, lists, maps and
// sets build the Terraform type of their subtree again at every level.
// Other values (primitives, custom types) encode themselves.
func encodeValue(ctx context.Context, v attr.Value, tt tftypes.Type) (tftypes.Value, error) {
	var vals any
	switch x := v.(type) {
	case basetypes.ObjectValue:
		ot, ok := tt.(tftypes.Object)
		if !ok {
			return x.ToTerraformValue(ctx)
		}
		if x.IsNull() || x.IsUnknown() {
			break
		}
		attrs := x.Attributes()
		m := make(map[string]tftypes.Value, len(attrs))
		for k, a := range attrs {
			at, ok := ot.AttributeTypes[k]
			if !ok {
				return tftypes.Value{}, fmt.Errorf("unexpected attribute %q", k)
			}
			ev, err := encodeValue(ctx, a, at)
			if err != nil {
				return tftypes.Value{}, err
			}
			m[k] = ev
		}
		vals = m
	case basetypes.ListValue:
		lt, ok := tt.(tftypes.List)
		if !ok {
			return x.ToTerraformValue(ctx)
		}
		if x.IsNull() || x.IsUnknown() {
			break
		}
		elems, err := encodeElements(ctx, x.Elements(), lt.ElementType)
		if err != nil {
			return tftypes.Value{}, err
		}
		vals = elems
	case basetypes.SetValue:
		st, ok := tt.(tftypes.Set)
		if !ok {
			return x.ToTerraformValue(ctx)
		}
		if x.IsNull() || x.IsUnknown() {
			break
		}
		elems, err := encodeElements(ctx, x.Elements(), st.ElementType)
		if err != nil {
			return tftypes.Value{}, err
		}
		vals = elems
	case basetypes.MapValue:
		mt, ok := tt.(tftypes.Map)
		if !ok {
			return x.ToTerraformValue(ctx)
		}
		if x.IsNull() || x.IsUnknown() {
			break
		}
		elems := x.Elements()
		m := make(map[string]tftypes.Value, len(elems))
		for k, e := range elems {
			ev, err := encodeValue(ctx, e, mt.ElementType)
			if err != nil {
				return tftypes.Value{}, err
			}
			m[k] = ev
		}
		vals = m
	default:
		return v.ToTerraformValue(ctx)
	}
	switch {
	case v.IsUnknown():
		return tftypes.NewValue(tt, tftypes.UnknownValue), nil
	case v.IsNull():
		return tftypes.NewValue(tt, nil), nil
	}
	if err := tftypes.ValidateValue(tt, vals); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(tt, vals), nil
}

// encodeElements encodes the elements of a list or set.
func encodeElements(ctx context.Context, elems []attr.Value, tt tftypes.Type) ([]tftypes.Value, error) {
	out := make([]tftypes.Value, 0, len(elems))
	for _, e := range elems {
		ev, err := encodeValue(ctx, e, tt)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// setRoot writes attributes by name to a state.
func setRoot(ctx context.Context, st *tfsdk.State, typ types.ObjectType, root map[string]attr.Value) diag.Diagnostics {
	raw, diags := rawOf(ctx, typ, root)
	if !diags.HasError() {
		st.Raw = raw
	}
	return diags
}

// objectTypeOf is the value type of a resource's schema.
func objectTypeOf(ctx context.Context, r resource.Resource) types.ObjectType {
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	t, ok := resp.Schema.Type().(types.ObjectType)
	if !ok {
		panic(fmt.Sprintf("schema of %T has type %T, not an object type", r, resp.Schema.Type()))
	}
	return t
}

// defaultsToRestore reports whether a row that goes back to its default when
// left out is left out while state holds another value: Terraform proposes
// the state's value then, so the plan would otherwise look unchanged.
func defaultsToRestore(ctx context.Context, table policyTable, req resource.ModifyPlanRequest, source string) bool {
	for i := range table {
		r := &table[i]
		if r.removal != removalDefault || r.def == nil || (len(r.sources) > 0 && !r.appliesTo(source)) {
			continue
		}
		def := r.def(source)
		if def == nil {
			continue
		}
		var cv, sv attr.Value
		if req.Config.GetAttribute(ctx, r.tfPath(), &cv).HasError() || req.State.GetAttribute(ctx, r.tfPath(), &sv).HasError() {
			return true
		}
		if cv != nil && cv.IsNull() && sv != nil && !sv.IsNull() && !sv.Equal(def) {
			return true
		}
	}
	return false
}

// workspaceDefault is the defaults of a workspace-scoped resource: a create
// that leaves workspace_id out goes to the provider's workspace.
func workspaceDefault(data *providerData) map[string]attr.Value {
	if data == nil || data.workspaceID == "" {
		return nil
	}
	return map[string]attr.Value{"workspace_id": types.StringValue(strings.ToLower(data.workspaceID))}
}
