package floorprovider

import (
	"fmt"
	"reflect"
)

// behaviourFields are the fields of the framework's schema structs that
// carry code rather than shape: validators, plan modifiers, defaults and
// custom value types. The bare floor zeroes them at every level. (A custom
// type's Terraform type is its base type's, so the shape stays the same; the
// timeouts attribute, for one, becomes a plain object.)
var behaviourFields = []string{"Validators", "PlanModifiers", "Default", "CustomType"}

// nestingFields are the fields under which the schema structs hold further
// attributes or blocks: maps of them, or one nested object.
var nestingFields = []string{"Attributes", "Blocks", "NestedObject"}

// strip reduces a schema (a *schema.Schema of the provider, resource or data
// source schema package) to its shape, in place. It works on the structs by
// field name, so every attribute and block type of the three packages is
// covered, including ones added later; the package's test checks the result
// against the real provider's wire schema.
func strip(schema any) error {
	v := reflect.ValueOf(schema)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("strip: want a pointer to a schema struct, got %T", schema)
	}
	out, err := stripStruct(v.Elem(), v.Elem().Type().String())
	if err != nil {
		return err
	}
	v.Elem().Set(out)
	return nil
}

// stripStruct returns a copy of the struct s with its behaviour fields zeroed
// and its nested attributes and blocks stripped likewise. where names it in
// errors.
func stripStruct(s reflect.Value, where string) (reflect.Value, error) {
	out := reflect.New(s.Type()).Elem()
	out.Set(s)
	for _, name := range behaviourFields {
		if f := out.FieldByName(name); f.IsValid() {
			f.SetZero()
		}
	}
	for _, name := range nestingFields {
		f := out.FieldByName(name)
		if !f.IsValid() {
			continue
		}
		switch f.Kind() {
		case reflect.Map:
			if f.IsNil() {
				continue
			}
			m := reflect.MakeMapWithSize(f.Type(), f.Len())
			for it := f.MapRange(); it.Next(); {
				elem := it.Value()
				if elem.Kind() == reflect.Interface {
					elem = elem.Elem()
				}
				if elem.Kind() != reflect.Struct {
					return reflect.Value{}, fmt.Errorf("%s.%s: %v is a %s, not a struct", where, it.Key(), name, elem.Kind())
				}
				stripped, err := stripStruct(elem, where+"."+it.Key().String())
				if err != nil {
					return reflect.Value{}, err
				}
				m.SetMapIndex(it.Key(), stripped)
			}
			f.Set(m)
		case reflect.Struct:
			stripped, err := stripStruct(f, where+".NestedObject")
			if err != nil {
				return reflect.Value{}, err
			}
			f.Set(stripped)
		default:
			return reflect.Value{}, fmt.Errorf("%s: field %s is a %s", where, name, f.Kind())
		}
	}
	return out, nil
}
