package sanitize

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON sanitizes every string value of a JSON document with Text, leaving object keys untouched, and returns the
// document. Everything but the rewritten strings is kept byte for byte: numbers exactly as written, whitespace, key
// order, and the escapes of every string that did not change. When nothing needs changing it returns raw itself with
// changed=false. That common case is decided by a few vectorised byte scans (quickClean) without tokenizing or
// allocating; otherwise one validating walk rewrites the string values that change. Invalid JSON is returned unchanged
// with changed=false.
func JSON(raw []byte) (out []byte, changed bool) {
	if quickClean(raw) {
		return raw, false
	}
	w := walker{raw: raw}
	if !w.walk() || w.out == nil {
		return raw, false
	}
	return append(w.out, raw[w.last:]...), true
}

// maxNesting is the nesting depth beyond which encoding/json rejects a document; JSON agrees with it.
const maxNesting = 10000

// walker validates a JSON document (the grammar of RFC 8259, as encoding/json.Valid checks it) and, on the way, passes
// every string value through Text. out stays nil until a string changes; raw[:last] has been copied to out.
type walker struct {
	raw  []byte
	out  []byte
	last int
}

// walk reports whether raw is one valid JSON value with optional surrounding whitespace.
func (w *walker) walk() bool {
	raw := w.raw
	var stackBuf [64]byte
	stack := stackBuf[:0] // open containers, '{' or '['
	i := skipSpace(raw, 0)
	const (
		wantValue = iota
		wantKey
		afterValue
	)
	state := wantValue
	for {
		switch state {
		case wantValue:
			if i >= len(raw) {
				return false
			}
			switch c := raw[i]; c {
			case '{', '[':
				if len(stack) >= maxNesting {
					return false
				}
				stack = append(stack, c)
				i = skipSpace(raw, i+1)
				if i < len(raw) && raw[i] == c+2 { // '}' is '{'+2, ']' is '['+2
					stack = stack[:len(stack)-1]
					i++
					state = afterValue
				} else if c == '{' {
					state = wantKey
				}
				continue
			case '"':
				end, plain := scanString(raw, i+1)
				if end < 0 {
					return false
				}
				if !plain && !w.value(i, end) {
					return false
				}
				i = end + 1
			case 't':
				i = literal(raw, i, "true")
			case 'f':
				i = literal(raw, i, "false")
			case 'n':
				i = literal(raw, i, "null")
			default:
				i = number(raw, i)
			}
			if i < 0 {
				return false
			}
			state = afterValue
		case wantKey:
			if i >= len(raw) || raw[i] != '"' {
				return false
			}
			end, _ := scanString(raw, i+1)
			if end < 0 {
				return false
			}
			i = skipSpace(raw, end+1)
			if i >= len(raw) || raw[i] != ':' {
				return false
			}
			i = skipSpace(raw, i+1)
			state = wantValue
		case afterValue:
			i = skipSpace(raw, i)
			if len(stack) == 0 {
				return i == len(raw)
			}
			if i >= len(raw) {
				return false
			}
			top := stack[len(stack)-1]
			switch raw[i] {
			case ',':
				i = skipSpace(raw, i+1)
				if top == '{' {
					state = wantKey
				} else {
					state = wantValue
				}
			case top + 2:
				stack = stack[:len(stack)-1]
				i++
			default:
				return false
			}
		}
	}
}

// value sanitizes the string value whose quotes are at raw[start] and raw[end].
func (w *walker) value(start, end int) bool {
	val, ok := unquote(w.raw[start+1 : end])
	if !ok {
		return false
	}
	clean := Text(val)
	if clean == val {
		return true
	}
	if w.out == nil {
		w.out = make([]byte, 0, len(w.raw)+len(w.raw)/8)
	}
	w.out = append(w.out, w.raw[w.last:start]...)
	w.out = appendQuoted(w.out, clean)
	w.last = end + 1
	return true
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t') {
		i++
	}
	return i
}

// literal returns the index after lit at raw[i:], or -1.
func literal(raw []byte, i int, lit string) int {
	if len(raw)-i < len(lit) || string(raw[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// number returns the index after the JSON number at raw[i:], or -1:
// -? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?
func number(raw []byte, i int) int {
	digits := func(i int) int { // index after a run of at least one digit, or -1
		j := i
		for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	switch {
	case i >= len(raw):
		return -1
	case raw[i] == '0':
		i++
	default:
		if i = digits(i); i < 0 {
			return -1
		}
	}
	if i < len(raw) && raw[i] == '.' {
		if i = digits(i + 1); i < 0 {
			return -1
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if i = digits(i); i < 0 {
			return -1
		}
	}
	return i
}

// quickClean reports, from a few vectorised byte scans, that no string of raw can need work: no byte of < & ` ~ DEL,
// no non-ASCII byte, no backslash (hence no escape), and every '[' outside the strings (told apart by the parity of the
// quotes before it, which is exact when there is no backslash). A raw control byte other than JSON whitespace would make
// the document invalid, so it is not looked for. When quickClean says false, JSON scans string by string.
func quickClean(raw []byte) bool {
	for _, c := range []byte{'\\', '<', '&', '`', '~', 0x7f} {
		if bytes.IndexByte(raw, c) >= 0 {
			return false
		}
	}
	if !isASCII(raw) {
		return false
	}
	quotes := 0
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '[')
		if j < 0 {
			return true
		}
		quotes += bytes.Count(raw[i:i+j], []byte{'"'})
		if quotes%2 == 1 { // inside a string
			return false
		}
		i += j + 1
	}
}

// isASCII reports whether b has no byte >= 0x80, 32 bytes per step.
func isASCII(b []byte) bool {
	const hi = 0x8080808080808080
	for len(b) >= 32 {
		if (binary.LittleEndian.Uint64(b)|binary.LittleEndian.Uint64(b[8:])|
			binary.LittleEndian.Uint64(b[16:])|binary.LittleEndian.Uint64(b[24:]))&hi != 0 {
			return false
		}
		b = b[32:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// scanString scans the JSON string whose content starts at raw[i] and returns the index of its closing quote, or -1.
// plain reports that the string holds nothing Text could change (see isPlain); \u escapes are decoded for that.
func scanString(raw []byte, i int) (end int, plain bool) {
	plain = true
	for i < len(raw) {
		switch jsonClass[raw[i]] {
		case 0:
			i++
		case 1:
			if raw[i] < 0x20 { // a raw control character: not JSON
				return -1, false
			}
			plain = false
			i++
		case 2:
			return i, plain
		default: // backslash
			if i+1 >= len(raw) {
				return -1, false
			}
			switch raw[i+1] {
			case '"', '\\', '/', 'n', 'r', 't':
				i += 2
				continue
			case 'b', 'f': // backspace, form feed: controls that Text drops
				plain = false
				i += 2
				continue
			case 'u':
			default:
				return -1, false
			}
			r, ok := hex4(raw, i+2)
			if !ok {
				return -1, false
			}
			if !plainRune(r) {
				plain = false
			}
			i += 6
		}
	}
	return -1, false
}

// hex4 decodes the four hex digits at raw[i:i+4].
func hex4(raw []byte, i int) (rune, bool) {
	if i+4 > len(raw) {
		return 0, false
	}
	var r rune
	for _, c := range raw[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unquote decodes the content of a JSON string literal. A lone UTF-16 surrogate becomes U+FFFD, as encoding/json does;
// raw bytes (valid UTF-8 or not) are copied as they are.
func unquote(b []byte) (string, bool) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return "", false
		}
		switch b[i+1] {
		case '"', '\\', '/':
			out = append(out, b[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b, i+2)
			if !ok {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), false
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					r2, ok = hex4(b, i+2)
				}
				if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", false
		}
		i += 2
	}
	return string(out), true
}

// appendQuoted appends s as a JSON string literal. s is valid UTF-8 (Text's output always is); only '"', '\\' and
// control characters are escaped, so that non-ASCII text stays readable.
func appendQuoted(out []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	out = append(out, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		out = append(out, s[last:i]...)
		switch c {
		case '"', '\\':
			out = append(out, '\\', c)
		case '\n':
			out = append(out, '\\', 'n')
		case '\r':
			out = append(out, '\\', 'r')
		case '\t':
			out = append(out, '\\', 't')
		default:
			out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		last = i + 1
	}
	out = append(out, s[last:]...)
	return append(out, '"')
}
