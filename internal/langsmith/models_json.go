package langsmith

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"time"
)

// resourceSpecKeys holds the lower-cased JSON names of ResourceSpec's modelled
// fields; every other key belongs in Extra.
var resourceSpecKeys = jsonKeys(reflect.TypeFor[ResourceSpec]())

// jsonKeys returns the lower-cased JSON names of the fields of struct type t.
func jsonKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys[strings.ToLower(name)] = true
		}
	}
	return keys
}

// extraKeys decodes the members of the JSON object data whose keys known
// does not name (compared case-insensitively, as encoding/json matches
// fields); nil when there are none.
func extraKeys(data []byte, known map[string]bool) (map[string]any, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	var extra map[string]any
	for key, value := range raw {
		if known[strings.ToLower(key)] {
			continue
		}
		var v any
		if err := json.Unmarshal(value, &v); err != nil {
			return nil, err
		}
		if extra == nil {
			extra = map[string]any{}
		}
		extra[key] = v
	}
	return extra, nil
}

// withExtra adds to the JSON object fields every member of extra whose key
// known does not name: a modelled field decides, even when it is omitted.
func withExtra(fields []byte, extra map[string]any, known map[string]bool) ([]byte, error) {
	merged := map[string]any{}
	for key, v := range extra {
		if !known[strings.ToLower(key)] {
			merged[key] = v
		}
	}
	if len(merged) == 0 {
		return fields, nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(fields, &members); err != nil {
		return nil, err
	}
	for key, v := range members {
		merged[key] = v
	}
	return json.Marshal(merged)
}

// isJSONNull reports whether data is the JSON null.
func isJSONNull(data []byte) bool { return string(bytes.TrimSpace(data)) == "null" }

// UnmarshalJSON decodes the modelled fields (JSON null gives nil) and keeps
// every other key in Extra, so a read-modify-write round trip preserves fields
// this client does not model.
func (s *ResourceSpec) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil // as encoding/json does for a value that is not a pointer
	}
	type plain ResourceSpec // same fields, no methods
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	extra, err := extraKeys(data, resourceSpecKeys)
	if err != nil {
		return err
	}
	p.Extra = extra
	*s = ResourceSpec(p)
	return nil
}

// MarshalJSON writes the non-nil modelled fields and every Extra key. An Extra
// key that names a modelled field is ignored: the field decides.
func (s ResourceSpec) MarshalJSON() ([]byte, error) {
	type plain ResourceSpec
	known, err := json.Marshal(plain(s))
	if err != nil {
		return nil, err
	}
	return withExtra(known, s.Extra, resourceSpecKeys)
}

// UnmarshalJSON decodes a free-form object with its numbers as json.Number,
// so that writing it back spells them as the server did.
func (o *KubeObject) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		*o = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	*o = m
	return nil
}

var volumeKeys, containerKeys = jsonKeys(reflect.TypeFor[Volume]()), jsonKeys(reflect.TypeFor[Container]())

// UnmarshalJSON decodes a volume, keeping keys this client does not model
// (volume sources newer than it) in Extra.
func (v *Volume) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	type plain Volume
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	extra, err := extraKeys(data, volumeKeys)
	if err != nil {
		return err
	}
	p.Extra = extra
	*v = Volume(p)
	return nil
}

// MarshalJSON writes the volume and its Extra keys.
func (v Volume) MarshalJSON() ([]byte, error) {
	type plain Volume
	known, err := json.Marshal(plain(v))
	if err != nil {
		return nil, err
	}
	return withExtra(known, v.Extra, volumeKeys)
}

// UnmarshalJSON decodes a container, keeping keys this client does not model
// (ports, probes, ...) in Extra.
func (c *Container) UnmarshalJSON(data []byte) error {
	if isJSONNull(data) {
		return nil
	}
	type plain Container
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	extra, err := extraKeys(data, containerKeys)
	if err != nil {
		return err
	}
	p.Extra = extra
	*c = Container(p)
	return nil
}

// MarshalJSON writes the container and its Extra keys.
func (c Container) MarshalJSON() ([]byte, error) {
	type plain Container
	known, err := json.Marshal(plain(c))
	if err != nil {
		return nil, err
	}
	return withExtra(known, c.Extra, containerKeys)
}

// Merge returns a copy of s in which every non-nil field of over (pointers,
// maps and lists) replaces s's, and Extra is the union of both (over wins). A
// nil s acts as an empty spec; the result is nil only when both are nil.
// Pointed-to values, maps and lists (deeply) are copied, so the result shares
// no memory with s or over (values inside Extra excepted).
func (s *ResourceSpec) Merge(over *ResourceSpec) *ResourceSpec {
	if s == nil && over == nil {
		return nil
	}
	out := &ResourceSpec{}
	for _, src := range []*ResourceSpec{s, over} {
		if src == nil {
			continue
		}
		from, to := reflect.ValueOf(src).Elem(), reflect.ValueOf(out).Elem()
		for i := range from.NumField() {
			f := from.Field(i)
			if from.Type().Field(i).Name == "Extra" || f.IsNil() {
				continue
			}
			switch f.Kind() {
			case reflect.Pointer:
				v := reflect.New(f.Type().Elem())
				v.Elem().Set(f.Elem())
				to.Field(i).Set(v)
			case reflect.Map:
				to.Field(i).Set(cloneMap(f))
			case reflect.Slice:
				to.Field(i).Set(cloneSlice(f))
			}
		}
		if src.Extra != nil {
			if out.Extra == nil {
				out.Extra = map[string]any{}
			}
			maps.Copy(out.Extra, src.Extra)
		}
	}
	return out
}

// cloneMap returns a shallow copy of the non-nil map m, as maps.Clone does.
func cloneMap(m reflect.Value) reflect.Value {
	out := reflect.MakeMapWithSize(m.Type(), m.Len())
	for iter := m.MapRange(); iter.Next(); {
		out.SetMapIndex(iter.Key(), iter.Value())
	}
	return out
}

// cloneSlice returns a deep copy of the non-nil slice s, through a JSON round
// trip (the Kubernetes lists of a spec hold maps and slices of their own).
func cloneSlice(s reflect.Value) reflect.Value {
	out := reflect.New(s.Type())
	if b, err := json.Marshal(s.Interface()); err == nil && json.Unmarshal(b, out.Interface()) == nil {
		return out.Elem()
	}
	return reflect.AppendSlice(reflect.MakeSlice(s.Type(), 0, s.Len()), s)
}

// apiTime decodes the API's date-time strings: RFC 3339 with or without
// fractional seconds, and the zone-less form a Python service may send (read
// as UTC).
type apiTime time.Time

func (t *apiTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = apiTime(v)
			return nil
		}
	}
	return fmt.Errorf("timestamp %q is not an RFC 3339 date-time", s)
}

// UnmarshalJSON decodes a Deployment, accepting the timestamp forms apiTime does.
func (d *Deployment) UnmarshalJSON(b []byte) error {
	type plain Deployment
	aux := struct {
		*plain
		CreatedAt apiTime `json:"created_at"`
		UpdatedAt apiTime `json:"updated_at"`
	}{plain: (*plain)(d), CreatedAt: apiTime(d.CreatedAt), UpdatedAt: apiTime(d.UpdatedAt)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	d.CreatedAt, d.UpdatedAt = time.Time(aux.CreatedAt), time.Time(aux.UpdatedAt)
	if d.ID == "" {
		// A body without an id is no deployment (an error shape, {} or null
		// from a proxy); accepting it would put an empty ID in state.
		return errMissingID
	}
	return nil
}

// errMissingID reports an object without its required "id".
var errMissingID = errors.New(`required field "id" is missing or empty`)

// UnmarshalJSON decodes a Revision, accepting the timestamp forms apiTime does.
func (r *Revision) UnmarshalJSON(b []byte) error {
	type plain Revision
	aux := struct {
		*plain
		CreatedAt apiTime `json:"created_at"`
		UpdatedAt apiTime `json:"updated_at"`
	}{plain: (*plain)(r), CreatedAt: apiTime(r.CreatedAt), UpdatedAt: apiTime(r.UpdatedAt)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.CreatedAt, r.UpdatedAt = time.Time(aux.CreatedAt), time.Time(aux.UpdatedAt)
	if r.ID == "" {
		// A body without an id is no revision (an error shape, {} or null
		// from a proxy); accepting it would put an empty ID in state.
		return errMissingID
	}
	return nil
}

// UnmarshalJSON decodes a Listener, accepting the timestamp forms apiTime does.
func (l *Listener) UnmarshalJSON(b []byte) error {
	type plain Listener
	aux := struct {
		*plain
		CreatedAt apiTime `json:"created_at"`
		UpdatedAt apiTime `json:"updated_at"`
	}{plain: (*plain)(l), CreatedAt: apiTime(l.CreatedAt), UpdatedAt: apiTime(l.UpdatedAt)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.CreatedAt, l.UpdatedAt = time.Time(aux.CreatedAt), time.Time(aux.UpdatedAt)
	return nil
}

// UnmarshalJSON decodes an OAuthProvider, accepting the timestamp forms apiTime does.
func (p *OAuthProvider) UnmarshalJSON(b []byte) error {
	type plain OAuthProvider
	aux := struct {
		*plain
		CreatedAt apiTime `json:"created_at"`
		UpdatedAt apiTime `json:"updated_at"`
	}{plain: (*plain)(p), CreatedAt: apiTime(p.CreatedAt), UpdatedAt: apiTime(p.UpdatedAt)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = time.Time(aux.CreatedAt), time.Time(aux.UpdatedAt)
	return nil
}
