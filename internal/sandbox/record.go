package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// record is a JSON object that keeps its members in order. The real APIs
// answer in a fixed field order; records served in another order would not
// look like theirs, and a seed file's order is the order a reader expects.
// Values stay encoded, so numbers keep the digits they were written with.
// Values are never modified in place: reads and writes clone first.
type record struct {
	keys  []string
	vals  map[string]json.RawMessage
	order fieldOrder // where a new member goes: the resource's field order; nil = last
}

// fieldOrder maps a resource's member names to their place in its records.
type fieldOrder map[string]int

// obj builds a record from alternating member names and values, in order.
func obj(kv ...any) *record {
	r := &record{vals: map[string]json.RawMessage{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.set(kv[i].(string), kv[i+1])
	}
	return r
}

// parseRecord decodes one JSON object; b need not be compact.
func parseRecord(b []byte) (*record, error) {
	var c bytes.Buffer
	if err := json.Compact(&c, b); err != nil || c.Len() == 0 || c.Bytes()[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	dec := json.NewDecoder(&c) // Compact has validated it: decoding cannot fail
	_, _ = dec.Token()
	o := obj()
	for dec.More() {
		tok, _ := dec.Token()
		var v json.RawMessage
		_ = dec.Decode(&v)
		o.put(tok.(string), v)
	}
	return o, nil
}

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
	return &record{keys: slices.Clone(o.keys), vals: maps.Clone(o.vals), order: o.order}
}

func (o *record) has(k string) bool            { _, ok := o.vals[k]; return ok }
func (o *record) raw(k string) json.RawMessage { return o.vals[k] }

// text is a member's scalar value as text: a string unquoted, a number or
// boolean as written, anything else "".
func (o *record) text(k string) string { return scalarText(o.vals[k]) }

func scalarText(v json.RawMessage) string {
	var s string
	switch kind(v) {
	case '"':
		_ = json.Unmarshal(v, &s)
	case '0', 't':
		s = string(v)
	}
	return s
}

// set stores v (a json.RawMessage as is, anything else encoded).
func (o *record) set(k string, v any) {
	raw, ok := v.(json.RawMessage)
	if !ok {
		raw = encodeJSON(v, false)
	}
	o.put(k, raw)
}

// put stores v; a new member goes where the field order puts it among the
// present ones, or last.
func (o *record) put(k string, v json.RawMessage) {
	if _, ok := o.vals[k]; !ok {
		at := len(o.keys)
		if pos, ok := o.order[k]; ok {
			at = slices.IndexFunc(o.keys, func(have string) bool { p, ok := o.order[have]; return ok && p > pos })
			if at < 0 {
				at = len(o.keys)
			}
		}
		o.keys = slices.Insert(o.keys, at, k)
	}
	o.vals[k] = v
}

func (o *record) del(k string) {
	delete(o.vals, k)
	o.keys = slices.DeleteFunc(o.keys, func(s string) bool { return s == k })
}

// values walks a dotted path ("department.name", "labels.id") through
// objects and lists and returns the scalars it reaches, as text.
func (o *record) values(path string) []string {
	head, rest, _ := strings.Cut(path, ".")
	var v any
	dec := json.NewDecoder(bytes.NewReader(o.vals[head]))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	var out []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, path)
			}
		case map[string]any:
			if head, rest, _ := strings.Cut(path, "."); path != "" {
				walk(x[head], rest)
			}
		case string:
			out = append(out, x)
		case json.Number:
			out = append(out, x.String())
		case bool:
			out = append(out, strconv.FormatBool(x))
		}
	}
	walk(v, rest)
	return out
}

// kind is the JSON type of an encoded value: one of `"`, `0` (a number), `t`
// (a boolean), `{`, `[`, or `n` for null or nothing.
func kind(v json.RawMessage) byte {
	switch {
	case len(v) == 0:
		return 'n'
	case v[0] == 'f':
		return 't'
	case strings.IndexByte(`"{[nt`, v[0]) >= 0:
		return v[0]
	}
	return '0'
}
