package confirm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// maxDepth bounds the nesting of canonicalized values.
const maxDepth = 128

// Canonical returns the canonical JSON form that binds a call's arguments to a token: object keys sorted (by byte
// order), no insignificant white space, json.Number written exactly as received, strings escaped minimally (only '"',
// '\\' and control characters). Top-level "confirmation_token" and "kwargs" keys are left out (they carry the token, not
// the call). A nil map is {}.
//
// Accepted values: nil, bool, string, json.Number, float32/float64, all int and uint types, []any, []string,
// map[string]any, map[string]string; any other type goes through encoding/json and is then canonicalized. A string
// and a number never compare equal ("7429" ≠ 7429), while int64(7429), float64(7429) and json.Number("7429") do.
// NaN, ±Inf, invalid UTF-8, an invalid json.Number, or nesting deeper than 128 levels are errors.
func Canonical(args map[string]any) ([]byte, error) { return canonicalArgs(args) }

func canonicalArgs(args map[string]any) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(64)
	keys := make([]string, 0, len(args))
	for k := range args {
		if k == "confirmation_token" || k == "kwargs" {
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := writeString(&b, k); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := writeValue(&b, args[k], 1); err != nil {
			return nil, fmt.Errorf("argument %q: %w", k, err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

var errTooDeep = errors.New("value nested too deeply")

func writeValue(b *bytes.Buffer, v any, depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		return writeString(b, x)
	case json.Number:
		if !validNumber(string(x)) {
			return fmt.Errorf("invalid number %q", string(x))
		}
		b.WriteString(string(x))
	case float64:
		return writeFloat(b, x, 64)
	case float32:
		return writeFloat(b, float64(x), 32)
	case int:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int8:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int16:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case uint:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint8:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint16:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint32:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case []any:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeValue(b, e, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		list := make([]any, len(x))
		for i, e := range x {
			list[i] = e
		}
		return writeValue(b, list, depth)
	case map[string]any:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeString(b, k); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := writeValue(b, x[k], depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case map[string]string:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = v
		}
		return writeValue(b, m, depth)
	default:
		// Anything else (structs, typed slices, json.RawMessage, …): take its JSON form and canonicalize that. The
		// decoded value holds only the types handled above, so this recursion ends.
		raw, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("value of type %T has no JSON form: %w", v, err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var y any
		if err := dec.Decode(&y); err != nil {
			return fmt.Errorf("value of type %T: %w", v, err)
		}
		return writeValue(b, y, depth+1)
	}
	return nil
}

func writeFloat(b *bytes.Buffer, f float64, bits int) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("unsupported number %v", f)
	}
	// Same spelling as encoding/json, so float64(7429) and json.Number("7429") agree.
	var raw []byte
	var err error
	if bits == 32 {
		raw, err = json.Marshal(float32(f))
	} else {
		raw, err = json.Marshal(f)
	}
	if err != nil {
		return err
	}
	b.Write(raw)
	return nil
}

const hexDigits = "0123456789abcdef"

// writeString writes s as a JSON string, escaping only what JSON requires, so that the encoding is injective.
func writeString(b *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return errors.New("string is not valid UTF-8")
	}
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return nil
}

// validNumber reports whether s is a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
