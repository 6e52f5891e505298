package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attribute policy table: one row per attribute of a resource says what
// the attribute is, what a change of it does on the API, and what removing it
// from the configuration or setting it empty means. ModifyPlan, the request
// builders, the state conversion and the generated acceptance matrix
// (matrix_test.go) all read the table; no other code keeps its own list of
// attribute names by class. Adding an attribute is one row plus its schema
// entry. See DESIGN.md ("The attribute policy table").

// attrKind is what an attribute is.
type attrKind int

const (
	// kindUserSet is set by the user only (Optional or Required, not
	// Computed): state holds what was configured. A user-set row whose
	// change is changeReplace is create-only: state keeps the configured
	// spelling. One with a normalise function is server-normalised: state
	// keeps the configured spelling while the API reports its normal form.
	kindUserSet attrKind = iota
	// kindServerDefaulted is Optional and Computed: when the configuration
	// leaves it null the API fills a value in, which state then holds.
	kindServerDefaulted
	// kindDerived is Optional and Computed and, when the configuration leaves
	// it null, derived by the API from other attributes (attrPolicy.derive):
	// it changes whenever they do.
	kindDerived
	// kindRevisionComputed is Computed only and describes the latest
	// revision: unknown in a plan that rolls out a revision, unchanged
	// otherwise.
	kindRevisionComputed
	// kindStableComputed is Computed only and never changes once known.
	kindStableComputed
	// kindVolatileComputed is Computed only and changes with every change
	// made on the API (updated_at).
	kindVolatileComputed
	// kindDerivedComputed is Computed only and follows other attributes
	// (derivedFrom): unknown when they change.
	kindDerivedComputed
	// kindWriteOnly is never stored in plan or state.
	kindWriteOnly
	// kindLocal is a Terraform-side setting the API never sees.
	kindLocal
	// kindObject is a nested object whose rows follow it.
	kindObject
)

var attrKindNames = map[attrKind]string{
	kindUserSet: "user-set", kindServerDefaulted: "server-defaulted", kindDerived: "derived", kindRevisionComputed: "revision-describing computed",
	kindStableComputed: "never-changing computed", kindVolatileComputed: "volatile computed", kindDerivedComputed: "derived computed",
	kindWriteOnly: "write-only",
	kindLocal:     "Terraform-only", kindObject: "nested object",
}

func (k attrKind) String() string { return attrKindNames[k] }

// class describes the row in the words of the design: its kind, create-only
// when a change replaces the object, and how the server normalises it.
func (r *attrPolicy) class() string {
	parts := []string{r.kind.String()}
	if r.change == changeReplace && r.kind.userSettable() {
		parts = append(parts, "create-only")
	}
	if r.normalise != nil {
		parts = append(parts, "server-normalised ("+r.normaliseDesc+")")
	}
	return strings.Join(parts, ", ")
}

// computed reports whether state gets the attribute's value from the API when
// the configuration leaves it null.
func (k attrKind) computed() bool {
	switch k {
	case kindServerDefaulted, kindDerived, kindRevisionComputed, kindStableComputed, kindVolatileComputed, kindDerivedComputed:
		return true
	}
	return false
}

// userSettable reports whether the attribute appears in configurations.
func (k attrKind) userSettable() bool {
	switch k {
	case kindRevisionComputed, kindStableComputed, kindVolatileComputed, kindDerivedComputed, kindObject:
		return false
	}
	return true
}

// changeKind is what a change of the attribute does on the API.
type changeKind int

const (
	changeNone     changeKind = iota // computed: never changed by the user
	changeLocal                      // Terraform-side only: no API call
	changeInPlace                    // one PATCH, no new revision
	changeRevision                   // rolls out a new revision
	changeReplace                    // replaces the object
)

var changeKindNames = map[changeKind]string{
	changeNone: "none", changeLocal: "Terraform-only", changeInPlace: "in place", changeRevision: "new revision", changeReplace: "replace",
}

func (c changeKind) String() string { return changeKindNames[c] }

// removal is what a configuration that leaves a set attribute null means.
type removal int

const (
	// removalClears: the value is cleared on the API (null in state).
	removalClears removal = iota
	// removalKeepsServer: the API cannot clear it, so the server's value is
	// kept quietly (the plan shows no change); the description says so.
	removalKeepsServer
	// removalDefault: the attribute goes back to its default (attrPolicy.def).
	removalDefault
	// removalReplaces: a create-only attribute removed replaces the object.
	removalReplaces
	// removalRefused: refused at plan time, with a message that says why.
	removalRefused
)

var removalNames = map[removal]string{
	removalClears: "clears it", removalKeepsServer: "keeps the server's value", removalDefault: "restores the default",
	removalReplaces: "replaces the object", removalRefused: "refused at plan time",
}

func (r removal) String() string { return removalNames[r] }

// emptyRule is what an empty value ("" / {} / []) means.
type emptyRule int

const (
	emptyNotApplicable emptyRule = iota // not a string or collection, or computed only
	// emptyRefused: a validator refuses it at plan time.
	emptyRefused
	// emptyEqualsNull: the API stores and reports an empty collection as
	// null; state keeps the configured {} or [] so plan and apply agree.
	emptyEqualsNull
)

// attrPolicy is one row of an attribute policy table.
type attrPolicy struct {
	// path is the attribute's path, nested attributes joined with dots:
	// "source_config.resource_spec.cpu".
	path string
	kind attrKind
	// change is what a changed value does on the API.
	change changeKind
	// removal is what null in the configuration means once state has a
	// value (user-settable rows).
	removal removal
	// empty is what an empty value means.
	empty emptyRule
	// required marks an attribute the sources it applies to need.
	required bool
	// keepWhenNull: the API may answer null for it (it never returns it,
	// or older servers do not know it), and state then keeps the prior value.
	keepWhenNull bool
	// keepEquivalent: a configured value with the normal form (normalise)
	// of state's is planned as state's value, so re-spelling it (JSON with
	// other key order or whitespace) plans nothing. Terraform accepts the
	// prior value in place of a configured one.
	keepEquivalent bool
	// sources lists the deployment sources the attribute applies to; nil
	// means every source (and every other resource type).
	sources []string
	// normalise returns the API's normal form of a configured value
	// (kindServerNormalised): a configured value whose normal form is what
	// the API reports is kept in state as configured.
	normalise     func(attr.Value) attr.Value
	normaliseDesc string
	// derive, for kindDerived, returns what the API derives the value as
	// from the object it lives in (candidates: the contract leaves some
	// derivations open), or nil when it derives nothing.
	derive func(obj map[string]attr.Value) []attr.Value
	// derivedFrom names the sibling attributes derive reads.
	derivedFrom []string
	// def is the value removalDefault restores (per source when it
	// depends on it; nil means null).
	def func(source string) attr.Value
	// group names rows whose plan and state have a rule of their own,
	// beyond the columns (the resource's code says where).
	group string
	// matrix holds the values the generated acceptance matrix uses.
	matrix *matrixValues
}

// matrixValues are HCL expressions the generated matrix sets an attribute to.
type matrixValues struct {
	set, change string // two different valid values
	normalised  string // a value the API rewrites (kindServerNormalised)
	empty       string // the empty value of its type, when one applies
	// base is extra HCL the resource needs for this attribute to apply
	// (for example a source), and source the deployment source it runs on.
	source string
}

// policyTable is a resource's table, in schema order: a nested object's row
// comes before the rows of its attributes, and a derived row after the rows
// it derives from.
type policyTable []attrPolicy

// row returns the row of path, or nil.
func (t policyTable) row(p string) *attrPolicy {
	for i := range t {
		if t[i].path == p {
			return &t[i]
		}
	}
	return nil
}

// appliesTo reports whether the row applies to source.
func (r *attrPolicy) appliesTo(source string) bool {
	if len(r.sources) == 0 {
		return true
	}
	for _, s := range r.sources {
		if s == source {
			return true
		}
	}
	return false
}

// sameNormalised reports whether a and b, both known, have the same normal
// form under the row's normaliser.
func (r *attrPolicy) sameNormalised(a, b attr.Value) bool {
	return r.normalise != nil && isSet(a) && isSet(b) && r.normalise(a).Equal(r.normalise(b))
}

// steps returns the path split at its dots.
func (r *attrPolicy) steps() []string { return strings.Split(r.path, ".") }

// tfPath is the row's framework path.
func (r *attrPolicy) tfPath() path.Path { return pathOf(r.steps()) }

func pathOf(steps []string) path.Path {
	p := path.Root(steps[0])
	for _, s := range steps[1:] {
		p = p.AtName(s)
	}
	return p
}

// attrsOf returns the attributes of an object value; nil for null, unknown
// or non-objects.
func attrsOf(v attr.Value) map[string]attr.Value {
	o, ok := v.(types.Object)
	if !ok || o.IsNull() || o.IsUnknown() {
		return nil
	}
	return o.Attributes()
}

// valueAt returns the value at steps inside root; nil when an object on the
// way is null or unknown (then the whole subtree is).
func valueAt(root map[string]attr.Value, steps []string) attr.Value {
	v, ok := root[steps[0]]
	if !ok {
		return nil
	}
	if len(steps) == 1 {
		return v
	}
	return valueAt(attrsOf(v), steps[1:])
}

// parentUnknown reports whether an object on the way to steps is unknown.
func parentUnknown(root map[string]attr.Value, steps []string) bool {
	for i := 1; i < len(steps); i++ {
		v := valueAt(root, steps[:i])
		if v != nil && v.IsUnknown() {
			return true
		}
		if v == nil || v.IsNull() {
			return false
		}
	}
	return false
}

// setAt returns a copy of root with the value at steps replaced; objects on
// the way must be known and non-null (nothing changes otherwise).
func setAt(ctx context.Context, root map[string]attr.Value, steps []string, v attr.Value) (map[string]attr.Value, error) {
	out := make(map[string]attr.Value, len(root))
	for k, x := range root {
		out[k] = x
	}
	if len(steps) == 1 {
		out[steps[0]] = v
		return out, nil
	}
	o, ok := root[steps[0]].(types.Object)
	if !ok || o.IsNull() || o.IsUnknown() {
		return root, nil
	}
	inner, err := setAt(ctx, o.Attributes(), steps[1:], v)
	if err != nil {
		return nil, err
	}
	obj, diags := types.ObjectValue(o.AttributeTypes(ctx), inner)
	if diags.HasError() {
		return nil, fmt.Errorf("setting %s: %v", strings.Join(steps, "."), diags)
	}
	out[steps[0]] = obj
	return out, nil
}

// isEmptyValue reports whether v is a known, non-null empty string, map, list
// or set, or an object whose attributes are all null or empty.
func isEmptyValue(v attr.Value) bool {
	if v == nil || v.IsNull() || v.IsUnknown() {
		return false
	}
	switch x := v.(type) {
	case types.String:
		return x.ValueString() == ""
	case types.Map:
		return len(x.Elements()) == 0
	case types.List:
		return len(x.Elements()) == 0
	case types.Set:
		return len(x.Elements()) == 0
	case types.Object:
		for _, a := range x.Attributes() {
			if !isNullOrEmpty(a) {
				return false
			}
		}
		return true
	}
	return false
}

// isNullOrEmpty reports whether v is null or an empty collection.
func isNullOrEmpty(v attr.Value) bool {
	return v == nil || v.IsNull() || isEmptyValue(v)
}

// isSet reports whether v is known and not null.
func isSet(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }

// reconcile decides, for one row, what state holds after an API response:
// the prior value (the plan, or the previous state) when it means what the
// API reports, else the API's value; the second result says which. This is where server normalisation,
// dropped empty collections and create-only spellings are absorbed, so that
// apply results match the plan and refreshes do not invent drift.
func (r *attrPolicy) reconcile(prior, api attr.Value) (attr.Value, bool) {
	if prior == nil || prior.IsUnknown() {
		return api, false
	}
	switch {
	case prior.Equal(api):
		return prior, true
	case r.change == changeReplace && r.kind.userSettable() && !prior.IsNull():
		// The API cannot have changed it; it may spell it differently or
		// not echo it at all.
		return prior, true
	case r.empty == emptyEqualsNull && isNullOrEmpty(prior) && isNullOrEmpty(api):
		// The API drops empty collections (or reports an empty one for
		// null): whichever the configuration had stands.
		return prior, true
	case r.keepWhenNull && !prior.IsNull() && (api == nil || api.IsNull()):
		return prior, true
	case r.normalise != nil && !prior.IsNull() && api != nil && r.normalise(prior).Equal(api):
		return prior, true
	case r.kind == kindLocal:
		return prior, true
	}
	return api, false
}
