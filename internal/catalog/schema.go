package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// InputSchema renders the tool's flat JSON Schema (draft 2020-12) straight
// into bytes. It is built for every tool at every start, before the first
// answer, and the walk of an equivalent map through encoding/json costs ten
// times as much; the bytes are the ones json.Marshal gives that map (keys
// sorted, HTML characters escaped), which a test holds it to.
func (t *Tool) InputSchema() json.RawMessage {
	inputs := t.Inputs()
	byName := slices.Clone(inputs)
	slices.SortStableFunc(byName, func(a, b Param) int { return strings.Compare(a.Name, b.Name) })
	b := make([]byte, 0, 64+160*len(inputs))
	b = append(b, `{"additionalProperties":false,"properties":{`...)
	for i, p := range byName {
		if i+1 < len(byName) && byName[i+1].Name == p.Name {
			continue // as in a map, the last one declared wins; Check refuses the row anyway
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendJSONString(b, p.Name)
		b = append(b, ':')
		b = p.appendSchema(b)
	}
	b = append(b, '}')
	first := true
	for _, p := range inputs {
		if !p.Required {
			continue
		}
		if first {
			b = append(b, `,"required":[`...)
			first = false
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, p.Name)
	}
	if !first {
		b = append(b, ']')
	}
	return append(b, `,"type":"object"}`...)
}

// appendSchema appends the parameter's schema, keys in sorted order.
func (p Param) appendSchema(b []byte) []byte {
	if p.Default != nil {
		b = append(b, `{"default":`...)
		b = appendMarshal(b, p.Default)
		b = append(b, `,"description":`...)
	} else {
		b = append(b, `{"description":`...)
	}
	b = appendJSONString(b, p.Description)
	if len(p.Enum) > 0 {
		b = append(b, `,"enum":[`...)
		for i, e := range p.Enum {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e)
		}
		b = append(b, ']')
	}
	switch p.Type {
	case StringList:
		b = append(b, `,"items":{"type":"string"}`...)
	case ObjectList:
		b = append(b, `,"items":{"type":"object"}`...)
	}
	if p.Max != nil {
		b = append(b, `,"maximum":`...)
		b = appendMarshal(b, *p.Max)
	}
	if p.Min != nil {
		b = append(b, `,"minimum":`...)
		b = appendMarshal(b, *p.Min)
	}
	switch p.Type {
	case StringList, ObjectList:
		b = append(b, `,"type":"array"}`...)
	case TextOrObject:
		b = append(b, `,"type":["string","object"]}`...)
	case ListOrText:
		b = append(b, `,"type":["array","string"]}`...)
	default:
		b = append(b, `,"type":`...)
		b = appendJSONString(b, string(p.Type))
		b = append(b, '}')
	}
	return b
}

// appendMarshal appends what json.Marshal gives a literal of the tables
// (defaults and bounds: rare enough to go through encoding/json).
func appendMarshal(b []byte, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err)) // only literals go in; cannot happen
	}
	return append(b, out...)
}

// appendJSONString appends s as encoding/json writes a string: HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 replaced.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
