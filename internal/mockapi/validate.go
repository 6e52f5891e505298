package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// This file imitates the request validation FastAPI and pydantic v2 perform
// before a handler runs: a small schema language describes each request
// model, and validate walks a decoded JSON value against it, collecting every
// error in pydantic's shape ({"type","loc","msg","input","ctx"}) and returning
// a normalised copy that keeps only the known keys (pydantic drops unknown
// keys silently).

// validationError is one entry of FastAPI's 422 {"detail":[...]} list.
type validationError struct {
	Type  string         `json:"type"`
	Loc   []any          `json:"loc"`
	Msg   string         `json:"msg"`
	Input any            `json:"input"`
	Ctx   map[string]any `json:"ctx,omitempty"`
}

// kind is the JSON/pydantic type a schema node accepts.
type kind int

const (
	kString  kind = iota // str
	kBool                // bool (lax: 0/1 and "true"/"false"-like strings)
	kInt                 // int (lax: integral floats and numeric strings)
	kNumber              // float (lax: numeric strings)
	kUUID                // uuid.UUID, normalised to the canonical lower-case form
	kEnum                // str Enum
	kLiteral             // Literal["..."]
	kModel               // a pydantic model (JSON object with known fields)
	kList                // list[elem]
	kStrMap              // dict[str, str]
	kDict                // dict[str, Any]
)

// schema describes one value. Only the members relevant to kind are used.
type schema struct {
	kind    kind
	values  []string       // kEnum, kLiteral
	fields  []field        // kModel, in declaration order (errors follow it)
	elem    *schema        // kList
	minLen  int            // kString: minimum length when > 0
	maxLen  int            // kString: maximum length when > 0
	pattern *regexp.Regexp // kString
	ge      *float64       // kInt, kNumber: inclusive minimum
	round1  bool           // kNumber: round to one decimal place, half away from zero (cpu fields)
}

// field is one member of a model.
type field struct {
	name     string
	s        *schema
	required bool
	nullable bool
}

func str() *schema             { return &schema{kind: kString} }
func boolean() *schema         { return &schema{kind: kBool} }
func integer() *schema         { return &schema{kind: kInt} }
func uuidT() *schema           { return &schema{kind: kUUID} }
func enum(v ...string) *schema { return &schema{kind: kEnum, values: v} }
func literal(v string) *schema { return &schema{kind: kLiteral, values: []string{v}} }
func model(f ...field) *schema { return &schema{kind: kModel, fields: f} }
func list(e *schema) *schema   { return &schema{kind: kList, elem: e} }
func strMap() *schema          { return &schema{kind: kStrMap} }
func dict() *schema            { return &schema{kind: kDict} }

// cpu is a number of cores: at least 0.1 as sent (so anything that would
// round below 0.1 is refused too, a 422 greater_than_equal) and then rounded
// to one decimal place, half away from zero (0.55 gives 0.6, 0.54 gives
// 0.5). The schema's maximum is deliberately not enforced: the Cloud caps do
// not hold on self-hosted (contract §4.4).
func cpu() *schema {
	ge := 0.1
	return &schema{kind: kNumber, ge: &ge, round1: true}
}

// req, opt and nullable build model fields: required, optional with a
// default, and optional-and-nullable (anyOf [T, null]).
func req(name string, s *schema) field      { return field{name: name, s: s, required: true} }
func opt(name string, s *schema) field      { return field{name: name, s: s} }
func nullable(name string, s *schema) field { return field{name: name, s: s, nullable: true} }

// validator accumulates errors for one request (path, query and body errors
// are reported together, as FastAPI does).
type validator struct {
	errs []validationError
}

func (v *validator) add(typ string, loc []any, msg string, input any, ctx map[string]any) {
	v.errs = append(v.errs, validationError{Type: typ, Loc: append([]any(nil), loc...), Msg: msg, Input: input, Ctx: ctx})
}

func (v *validator) failed() bool { return len(v.errs) > 0 }

func withLoc(loc []any, elem any) []any {
	out := make([]any, 0, len(loc)+1)
	out = append(out, loc...)
	return append(out, elem)
}

// validate checks value against s, records errors under loc and returns the
// normalised value. For models the result is a map[string]any holding only
// the keys that were present in the input (null values kept as nil), so the
// caller can tell "omitted" from "null" where that matters.
func (v *validator) validate(s *schema, value any, loc []any) any {
	switch s.kind {
	case kModel:
		m, ok := value.(map[string]any)
		if !ok {
			v.add("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", value, nil)
			return nil
		}
		out := map[string]any{}
		for _, f := range s.fields {
			raw, present := m[f.name]
			if !present {
				if f.required {
					v.add("missing", withLoc(loc, f.name), "Field required", m, nil)
				}
				continue
			}
			if raw == nil && f.nullable {
				out[f.name] = nil
				continue
			}
			out[f.name] = v.validate(f.s, raw, withLoc(loc, f.name))
		}
		return out
	case kList:
		items, ok := value.([]any)
		if !ok {
			v.add("list_type", loc, "Input should be a valid list", value, nil)
			return nil
		}
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = v.validate(s.elem, it, withLoc(loc, i))
		}
		return out
	case kStrMap:
		m, ok := value.(map[string]any)
		if !ok {
			v.add("dict_type", loc, "Input should be a valid dictionary", value, nil)
			return nil
		}
		out := make(map[string]any, len(m))
		for k, it := range m {
			sv, ok := it.(string)
			if !ok {
				v.add("string_type", withLoc(loc, k), "Input should be a valid string", it, nil)
				continue
			}
			out[k] = sv
		}
		return out
	case kDict:
		m, ok := value.(map[string]any)
		if !ok {
			v.add("dict_type", loc, "Input should be a valid dictionary", value, nil)
			return nil
		}
		return plain(m)
	case kString:
		sv, ok := value.(string)
		if !ok {
			v.add("string_type", loc, "Input should be a valid string", value, nil)
			return nil
		}
		n := utf8.RuneCountInString(sv)
		if s.minLen > 0 && n < s.minLen {
			v.add("string_too_short", loc, fmt.Sprintf("String should have at least %d %s", s.minLen, plural(s.minLen, "character")), sv, map[string]any{"min_length": s.minLen})
			return nil
		}
		if s.maxLen > 0 && n > s.maxLen {
			v.add("string_too_long", loc, fmt.Sprintf("String should have at most %d %s", s.maxLen, plural(s.maxLen, "character")), sv, map[string]any{"max_length": s.maxLen})
			return nil
		}
		if s.pattern != nil && !s.pattern.MatchString(sv) {
			v.add("string_pattern_mismatch", loc, fmt.Sprintf("String should match pattern '%s'", s.pattern.String()), sv, map[string]any{"pattern": s.pattern.String()})
			return nil
		}
		return sv
	case kBool:
		b, ok := laxBool(value)
		if !ok {
			switch value.(type) {
			case string, json.Number:
				v.add("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", value, nil)
			default:
				v.add("bool_type", loc, "Input should be a valid boolean", value, nil)
			}
			return nil
		}
		return b
	case kInt:
		var n int64
		switch t := value.(type) {
		case json.Number:
			i, err := t.Int64()
			if err != nil {
				f, ferr := t.Float64()
				if ferr != nil || math.IsInf(f, 0) || math.IsNaN(f) {
					v.add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", value, nil)
					return nil
				}
				if f != math.Trunc(f) {
					v.add("int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", value, nil)
					return nil
				}
				i = int64(f)
			}
			n = i
		case string:
			i, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
			if err != nil {
				v.add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", value, nil)
				return nil
			}
			n = i
		default:
			v.add("int_type", loc, "Input should be a valid integer", value, nil)
			return nil
		}
		if s.ge != nil && float64(n) < *s.ge {
			v.add("greater_than_equal", loc, "Input should be greater than or equal to "+fmtNum(*s.ge), value, map[string]any{"ge": jsonNum(*s.ge)})
			return nil
		}
		return n
	case kNumber:
		var f float64
		switch t := value.(type) {
		case json.Number:
			x, err := t.Float64()
			if err != nil {
				v.add("float_parsing", loc, "Input should be a valid number, unable to parse string as a number", value, nil)
				return nil
			}
			f = x
		case string:
			x, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
			if err != nil {
				v.add("float_parsing", loc, "Input should be a valid number, unable to parse string as a number", value, nil)
				return nil
			}
			f = x
		default:
			v.add("float_type", loc, "Input should be a valid number", value, nil)
			return nil
		}
		if s.ge != nil && f < *s.ge {
			v.add("greater_than_equal", loc, "Input should be greater than or equal to "+fmtNum(*s.ge), value, map[string]any{"ge": jsonNum(*s.ge)})
			return nil
		}
		if s.round1 {
			// For inputs of up to four decimal places below 20 (checked
			// exhaustively), f*10 lands on the side of .5 the decimal does
			// (0.55*10 is 5.5, not 5.4999...), so this rounds the decimal
			// half away from zero.
			f = math.Round(f*10) / 10
		}
		return f
	case kUUID:
		sv, ok := value.(string)
		if !ok {
			v.add("uuid_type", loc, "UUID input should be a string, bytes or UUID object", value, nil)
			return nil
		}
		id, msg := parseUUID(sv)
		if msg != "" {
			v.add("uuid_parsing", loc, "Input should be a valid UUID, "+msg, sv, map[string]any{"error": msg})
			return nil
		}
		return id
	case kEnum, kLiteral:
		sv, ok := value.(string)
		if ok {
			for _, e := range s.values {
				if sv == e {
					return sv
				}
			}
		}
		expected := expectedList(s.values)
		if s.kind == kLiteral {
			v.add("literal_error", loc, "Input should be "+expected, value, map[string]any{"expected": expected})
		} else {
			v.add("enum", loc, "Input should be "+expected, value, map[string]any{"expected": expected})
		}
		return nil
	}
	return value
}

// parseUUID validates a UUID the way pydantic-core does (hyphenated, simple,
// braced or urn form) and returns the canonical string, or an error text
// modelled on the Rust uuid crate's messages.
func parseUUID(s string) (string, string) {
	if id, err := uuid.Parse(s); err == nil {
		return id.String(), ""
	}
	body := strings.TrimPrefix(s, "urn:uuid:")
	offset := len(s) - len(body)
	for i, r := range body {
		if !isUUIDRune(r) {
			return "", fmt.Sprintf("invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `%c` at %d", r, offset+i+1)
		}
	}
	body = strings.TrimSuffix(strings.TrimPrefix(body, "{"), "}")
	if !strings.Contains(body, "-") {
		return "", fmt.Sprintf("invalid length: expected length 32 for simple format, found %d", len(body))
	}
	groups := strings.Split(body, "-")
	if len(groups) != 5 {
		return "", fmt.Sprintf("invalid group count: expected 5, found %d", len(groups))
	}
	want := []int{8, 4, 4, 4, 12}
	for i, g := range groups {
		if len(g) != want[i] {
			return "", fmt.Sprintf("invalid group length in group %d: expected %d, found %d", i, want[i], len(g))
		}
	}
	return "", "invalid format"
}

// isUUIDRune reports whether r may appear in a hyphenated, braced or urn UUID
// after the urn prefix.
func isUUIDRune(r rune) bool {
	return r == '-' || r == '{' || r == '}' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'f') || ('A' <= r && r <= 'F')
}

// laxBool converts the inputs pydantic accepts for a bool in lax mode.
func laxBool(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case json.Number:
		switch t.String() {
		case "0", "0.0":
			return false, true
		case "1", "1.0":
			return true, true
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "0", "off", "f", "false", "n", "no":
			return false, true
		case "1", "on", "t", "true", "y", "yes":
			return true, true
		}
	}
	return false, false
}

// expectedList renders enum members the way pydantic does: 'a', 'b' or 'c'.
func expectedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + v + "'"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// jsonNum returns an int for integral values so ctx renders {"ge": 1}, not 1.0.
func jsonNum(f float64) any {
	if f == math.Trunc(f) {
		return int64(f)
	}
	return f
}

// plain converts json.Number leaves of a decoded free-form value into
// float64/int64 so stored values marshal and compare predictably.
func plain(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	}
	return v
}

// decodeJSON decodes a request body the way FastAPI does. A body whose
// Content-Type is set but is not JSON stays a raw string (and then fails model
// validation); a missing Content-Type is parsed as JSON. ok is false when the
// body is not valid JSON, with the byte offset of the error.
func decodeJSON(body []byte, contentType string) (value any, present bool, ok bool, errOffset int, errMsg string) {
	if len(body) == 0 {
		return nil, false, true, 0, ""
	}
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil || !isJSONMediaType(mt) {
			return string(body), true, true, 0, ""
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&value); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, true, false, int(se.Offset), err.Error()
		}
		return nil, true, false, len(body), "Expecting value"
	}
	if dec.More() {
		return nil, true, false, int(dec.InputOffset()), "Extra data"
	}
	return value, true, true, 0, ""
}

// isJSONMediaType reports whether mt is application/json or application/*+json.
func isJSONMediaType(mt string) bool {
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
