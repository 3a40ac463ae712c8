package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// record is a JSON object that keeps its members in order. The real APIs
// answer in a fixed field order; records served in another order would not
// look like theirs, and a seed file's order is the order a reader expects.
// Values stay encoded, so numbers keep the digits they were written with.
//
// Values are never modified in place: render and write paths clone first.
type record struct {
	keys  []string
	vals  map[string]json.RawMessage
	order fieldOrder // where a new member goes: the resource's field order; nil = last
}

var errNotRecord = errors.New("not a JSON object")

// parseRecord decodes one JSON object; b need not be compact.
func parseRecord(b []byte) (*record, error) {
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(&c)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotRecord
	}
	o := &record{vals: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		o.put(tok.(string), v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errNotRecord
	}
	return o, nil
}

// MarshalJSON writes the members in order.
func (o *record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(encodeJSON(k, false))
		b.WriteByte(':')
		b.Write(o.vals[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o *record) clone() *record {
	c := &record{keys: slices.Clone(o.keys), vals: make(map[string]json.RawMessage, len(o.vals)), order: o.order}
	for k, v := range o.vals {
		c.vals[k] = v
	}
	return c
}

func (o *record) has(k string) bool { _, ok := o.vals[k]; return ok }

func (o *record) raw(k string) json.RawMessage { return o.vals[k] }

// text is a member's scalar value as text: a string unquoted, a number or
// boolean as written, anything else "".
func (o *record) text(k string) string { return scalarText(o.vals[k]) }

func scalarText(v json.RawMessage) string {
	switch {
	case len(v) == 0 || v[0] == '{' || v[0] == '[' || string(v) == "null":
		return ""
	case v[0] == '"':
		var s string
		_ = json.Unmarshal(v, &s)
		return s
	}
	return string(v)
}

// set stores v (a json.RawMessage as is, anything else encoded). A new key
// goes where the object's field order puts it among the present keys, or last.
func (o *record) set(k string, v any) {
	raw, ok := v.(json.RawMessage)
	if !ok {
		raw = encodeJSON(v, false)
	}
	o.put(k, raw)
}

func (o *record) put(k string, v json.RawMessage) {
	if _, ok := o.vals[k]; ok {
		o.vals[k] = v
		return
	}
	o.vals[k] = v
	at := len(o.keys)
	if pos, ok := o.order[k]; ok {
		for i, have := range o.keys {
			if p, ok := o.order[have]; ok && p > pos {
				at = i
				break
			}
		}
	}
	o.keys = slices.Insert(o.keys, at, k)
}

// fieldOrder maps a resource's field names to their place in its records.
type fieldOrder map[string]int

func (o *record) del(k string) {
	if _, ok := o.vals[k]; ok {
		delete(o.vals, k)
		o.keys = slices.DeleteFunc(o.keys, func(s string) bool { return s == k })
	}
}

// values walks a dotted path ("department.name", "labels.id") through
// objects and lists and returns the scalars it reaches, as text.
func (o *record) values(path string) []string {
	head, rest, _ := strings.Cut(path, ".")
	raw := o.vals[head]
	if len(raw) == 0 {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	var out []string
	walk(v, rest, &out)
	return out
}

func walk(v any, path string, out *[]string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walk(e, path, out)
		}
	case map[string]any:
		if path != "" {
			head, rest, _ := strings.Cut(path, ".")
			walk(x[head], rest, out)
		}
	case string:
		*out = append(*out, x)
	case json.Number:
		*out = append(*out, x.String())
	case bool:
		*out = append(*out, strconv.FormatBool(x))
	}
}

// kind is the JSON type of an encoded value: one of `"`, `0`, `t` (a
// boolean), `{`, `[`, or `n` for null.
func kind(v json.RawMessage) byte {
	if len(v) == 0 {
		return 'n'
	}
	switch c := v[0]; c {
	case '"', '{', '[', 'n':
		return c
	case 't', 'f':
		return 't'
	}
	return '0'
}

// truthy is how a filter reads a member as a boolean: true, or a number
// other than zero.
func truthy(v string) bool {
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		return n != 0
	}
	return v == "true"
}
