package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// urlPattern accepts absolute http(s) URLs with a host; checkURL does the full parse.
var urlPattern = regexp.MustCompile(`^https?://[^/?#\s]+[^?#\s]*$`)

// isUUID reports whether s is a canonical, hyphenated UUID (what the API's
// path and body validation accepts).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// checkURL returns why raw is not an absolute http(s) URL with a host, or nil.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a valid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the scheme must be http or https, got %q", u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("the URL has no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("the URL must not carry a query or fragment")
	}
	return nil
}

type uuidStringValidator struct{}

// uuidValidator fails plan when a known string is not a UUID.
func uuidValidator() validator.String { return uuidStringValidator{} }

func (uuidStringValidator) Description(context.Context) string {
	return "value must be a UUID such as 123e4567-e89b-12d3-a456-426614174000"
}

func (v uuidStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v uuidStringValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !isUUID(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("%s must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got %q.", req.Path, req.ConfigValue.ValueString()))
	}
}

// Attribute validators run by the resource.
//
// The framework runs the validators of a schema attribute itself, and writes
// two trace log lines around every call. On a plan of 100 unchanged
// deployments those lines cost more CPU than the validators (BENCHMARKS.md:
// about 1.7 ms per deployment, the largest share of the provider's own
// cost). So langsmith_deployment keeps its validators on its attributes in
// the schema it declares, and serves the framework a copy without them
// (schemaWithoutValidators); its ValidateConfig runs the very validators of
// the declared schema (runAttributeValidators), at the same paths and on the
// same values, as the framework would: after the resource's own checks, on
// every attribute, descending into nested objects that are known and not
// null. The diagnostics are the validators' own.

// schemaWithoutValidators returns a copy of attrs with every attribute
// validator removed, nested attributes included. It panics on an attribute
// type it does not know that has validators, so none is dropped unnoticed
// (the package's tests build every schema).
func schemaWithoutValidators(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		switch x := a.(type) {
		case schema.StringAttribute:
			x.Validators = nil
			a = x
		case schema.BoolAttribute:
			x.Validators = nil
			a = x
		case schema.Int64Attribute:
			x.Validators = nil
			a = x
		case schema.Float64Attribute:
			x.Validators = nil
			a = x
		case schema.ListAttribute:
			x.Validators = nil
			a = x
		case schema.MapAttribute:
			x.Validators = nil
			a = x
		case schema.SetAttribute:
			x.Validators = nil
			a = x
		case schema.ObjectAttribute:
			x.Validators = nil
			a = x
		case schema.SingleNestedAttribute:
			x.Validators = nil
			x.Attributes = schemaWithoutValidators(x.Attributes)
			a = x
		case schema.ListNestedAttribute:
			x.Validators, x.NestedObject.Validators = nil, nil
			x.NestedObject.Attributes = schemaWithoutValidators(x.NestedObject.Attributes)
			a = x
		case schema.MapNestedAttribute:
			x.Validators, x.NestedObject.Validators = nil, nil
			x.NestedObject.Attributes = schemaWithoutValidators(x.NestedObject.Attributes)
			a = x
		case schema.SetNestedAttribute:
			x.Validators, x.NestedObject.Validators = nil, nil
			x.NestedObject.Attributes = schemaWithoutValidators(x.NestedObject.Attributes)
			a = x
		default:
			if hasValidators(a) {
				panic(fmt.Sprintf("schemaWithoutValidators: attribute %s of type %T has validators", name, a))
			}
		}
		out[name] = a
	}
	return out
}

// hasValidators reports whether a declares validators of any value type.
func hasValidators(a schema.Attribute) bool {
	n := 0
	if x, ok := a.(interface{ StringValidators() []validator.String }); ok {
		n += len(x.StringValidators())
	}
	if x, ok := a.(interface{ BoolValidators() []validator.Bool }); ok {
		n += len(x.BoolValidators())
	}
	if x, ok := a.(interface{ Int64Validators() []validator.Int64 }); ok {
		n += len(x.Int64Validators())
	}
	if x, ok := a.(interface{ Int32Validators() []validator.Int32 }); ok {
		n += len(x.Int32Validators())
	}
	if x, ok := a.(interface{ Float64Validators() []validator.Float64 }); ok {
		n += len(x.Float64Validators())
	}
	if x, ok := a.(interface{ Float32Validators() []validator.Float32 }); ok {
		n += len(x.Float32Validators())
	}
	if x, ok := a.(interface{ NumberValidators() []validator.Number }); ok {
		n += len(x.NumberValidators())
	}
	if x, ok := a.(interface{ ListValidators() []validator.List }); ok {
		n += len(x.ListValidators())
	}
	if x, ok := a.(interface{ MapValidators() []validator.Map }); ok {
		n += len(x.MapValidators())
	}
	if x, ok := a.(interface{ SetValidators() []validator.Set }); ok {
		n += len(x.SetValidators())
	}
	if x, ok := a.(interface{ ObjectValidators() []validator.Object }); ok {
		n += len(x.ObjectValidators())
	}
	if x, ok := a.(interface{ DynamicValidators() []validator.Dynamic }); ok {
		n += len(x.DynamicValidators())
	}
	return n > 0
}

// attrValidation is what every validator of one ValidateConfig call gets.
type attrValidation struct {
	config tfsdk.Config
	caps   validator.ValidateSchemaClientCapabilities
	diags  *diag.Diagnostics
}

// runAttributeValidators runs the validators of attrs on vals, the
// attributes of the object at parent (path.Empty() for the resource).
func (av attrValidation) runAttributeValidators(ctx context.Context, attrs map[string]schema.Attribute, vals map[string]attr.Value, parent path.Path) {
	for name, a := range attrs {
		v := vals[name]
		if v == nil {
			continue
		}
		p := parent.AtName(name)
		av.run(ctx, a, v, p)
		switch x := a.(type) {
		case schema.SingleNestedAttribute:
			if o := objectIfKnown(ctx, v); o != nil {
				av.runAttributeValidators(ctx, x.Attributes, o.Attributes(), p)
			}
		case schema.ListNestedAttribute:
			if l, ok := v.(basetypes.ListValuable); ok {
				lv, d := l.ToListValue(ctx)
				av.diags.Append(d...)
				for i, e := range lv.Elements() {
					av.runNestedObject(ctx, x.NestedObject.Validators, x.NestedObject.Attributes, e, p.AtListIndex(i))
				}
			}
		case schema.MapNestedAttribute:
			if m, ok := v.(basetypes.MapValuable); ok {
				mv, d := m.ToMapValue(ctx)
				av.diags.Append(d...)
				for k, e := range mv.Elements() {
					av.runNestedObject(ctx, x.NestedObject.Validators, x.NestedObject.Attributes, e, p.AtMapKey(k))
				}
			}
		case schema.SetNestedAttribute:
			if s, ok := v.(basetypes.SetValuable); ok {
				sv, d := s.ToSetValue(ctx)
				av.diags.Append(d...)
				for _, e := range sv.Elements() {
					av.runNestedObject(ctx, x.NestedObject.Validators, x.NestedObject.Attributes, e, p.AtSetValue(e))
				}
			}
		}
	}
}

// runNestedObject validates one element of a nested list, map or set: the
// object's validators, then its attributes. The attributes of a null or
// unknown element are null or unknown, which no validator checks.
func (av attrValidation) runNestedObject(ctx context.Context, objectValidators []validator.Object, attrs map[string]schema.Attribute, v attr.Value, p path.Path) {
	if o, ok := v.(basetypes.ObjectValuable); ok && len(objectValidators) > 0 {
		ov, d := o.ToObjectValue(ctx)
		av.diags.Append(d...)
		req := validator.ObjectRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: ov, Path: p, PathExpression: p.Expression()}
		for _, vd := range objectValidators {
			resp := &validator.ObjectResponse{}
			vd.ValidateObject(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	}
	if o := objectIfKnown(ctx, v); o != nil {
		av.runAttributeValidators(ctx, attrs, o.Attributes(), p)
	}
}

// objectIfKnown returns v as an object when it is one, known and not null.
func objectIfKnown(ctx context.Context, v attr.Value) *types.Object {
	ov, ok := v.(basetypes.ObjectValuable)
	if !ok {
		return nil
	}
	o, d := ov.ToObjectValue(ctx)
	if d.HasError() || o.IsNull() || o.IsUnknown() {
		return nil
	}
	return &o
}

// run calls the validators a declares for its value type on v at p.
func (av attrValidation) run(ctx context.Context, a schema.Attribute, v attr.Value, p path.Path) {
	if !hasValidators(a) {
		return
	}
	expr := p.Expression()
	wrongType := func() {
		av.diags.AddAttributeError(p, "Attribute Validation Error Invalid Value Type",
			fmt.Sprintf("The value at %s has type %T, which its validators do not take. Report this to the provider developers.", p, v))
	}
	switch x := a.(type) {
	case interface{ StringValidators() []validator.String }:
		sv, ok := v.(basetypes.StringValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := sv.ToStringValue(ctx)
		av.diags.Append(d...)
		req := validator.StringRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.StringValidators() {
			resp := &validator.StringResponse{}
			vd.ValidateString(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ BoolValidators() []validator.Bool }:
		bv, ok := v.(basetypes.BoolValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := bv.ToBoolValue(ctx)
		av.diags.Append(d...)
		req := validator.BoolRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.BoolValidators() {
			resp := &validator.BoolResponse{}
			vd.ValidateBool(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ Int64Validators() []validator.Int64 }:
		iv, ok := v.(basetypes.Int64Valuable)
		if !ok {
			wrongType()
			return
		}
		val, d := iv.ToInt64Value(ctx)
		av.diags.Append(d...)
		req := validator.Int64Request{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.Int64Validators() {
			resp := &validator.Int64Response{}
			vd.ValidateInt64(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ Float64Validators() []validator.Float64 }:
		fv, ok := v.(basetypes.Float64Valuable)
		if !ok {
			wrongType()
			return
		}
		val, d := fv.ToFloat64Value(ctx)
		av.diags.Append(d...)
		req := validator.Float64Request{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.Float64Validators() {
			resp := &validator.Float64Response{}
			vd.ValidateFloat64(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ ListValidators() []validator.List }:
		lv, ok := v.(basetypes.ListValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := lv.ToListValue(ctx)
		av.diags.Append(d...)
		req := validator.ListRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.ListValidators() {
			resp := &validator.ListResponse{}
			vd.ValidateList(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ MapValidators() []validator.Map }:
		mv, ok := v.(basetypes.MapValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := mv.ToMapValue(ctx)
		av.diags.Append(d...)
		req := validator.MapRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.MapValidators() {
			resp := &validator.MapResponse{}
			vd.ValidateMap(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ SetValidators() []validator.Set }:
		sv, ok := v.(basetypes.SetValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := sv.ToSetValue(ctx)
		av.diags.Append(d...)
		req := validator.SetRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.SetValidators() {
			resp := &validator.SetResponse{}
			vd.ValidateSet(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	case interface{ ObjectValidators() []validator.Object }:
		ov, ok := v.(basetypes.ObjectValuable)
		if !ok {
			wrongType()
			return
		}
		val, d := ov.ToObjectValue(ctx)
		av.diags.Append(d...)
		req := validator.ObjectRequest{ClientCapabilities: av.caps, Config: av.config, ConfigValue: val, Path: p, PathExpression: expr}
		for _, vd := range x.ObjectValidators() {
			resp := &validator.ObjectResponse{}
			vd.ValidateObject(ctx, req, resp)
			av.diags.Append(resp.Diagnostics...)
		}
	default:
		panic(fmt.Sprintf("runAttributeValidators: validators of %s (%T) cannot be run", p, a))
	}
}
