// Package dotenv reads .env (and env.properties) files into a map. It does
// not touch the process environment and does not expand ${VAR} references.
//
// Syntax, one assignment per line:
//
//	# a full-line comment
//	KEY=value                  unquoted: surrounding blanks trimmed; a # after a blank starts a comment
//	export KEY=value           an optional "export " prefix
//	KEY = value                blanks around = are allowed
//	KEY='literal $ \n # text'  single quotes: taken literally
//	KEY="a\nb \"q\" \\"        double quotes: \n \r \t \" \\ are escapes; other backslashes stay
//	KEY="-----BEGIN KEY-----   quoted values may span lines (PEM keys)
//	MIIE...
//	-----END KEY-----"
//	KEY=                       an empty value
//
// Blank lines are skipped, CRLF line ends and a UTF-8 byte-order mark are
// accepted, and a later assignment of a key replaces an earlier one. A
// malformed line is a *ParseError naming the file and the line, never the
// line's text (it may hold a secret).
package dotenv

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

// ParseError reports a malformed line.
type ParseError struct {
	Path   string
	Line   int // 1-based
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Reason)
}

// Read parses the .env file at path.
func Read(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses .env content; name is used in errors.
func Parse(name string, data []byte) (map[string]string, error) {
	src := strings.TrimPrefix(string(data), "\ufeff")
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	out := make(map[string]string)
	fail := func(line int, reason string) error {
		return &ParseError{Path: name, Line: line, Reason: reason}
	}
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		text := strings.TrimLeft(lines[i], " \t")
		if text == "" || text[0] == '#' {
			continue
		}
		if rest, ok := strings.CutPrefix(text, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			text = strings.TrimLeft(rest, " \t")
		}
		eq := strings.IndexByte(text, '=')
		if eq < 0 {
			return nil, fail(lineNo, "expected KEY=VALUE")
		}
		key := strings.TrimRight(text[:eq], " \t")
		if !validKey(key) {
			return nil, fail(lineNo, "invalid variable name (letters, digits, _ and . only, not starting with a digit)")
		}
		raw := text[eq+1:]
		rest := strings.TrimLeft(raw, " \t")
		blankBefore := len(rest) < len(raw)

		if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
			if blankBefore && strings.HasPrefix(rest, "#") {
				rest = "" // KEY= # comment
			}
			out[key] = unquotedValue(rest)
			continue
		}

		quote := rest[0]
		body := rest[1:]
		val, end, closed := scanQuoted(body, quote)
		if !closed {
			// The value continues on the following lines.
			body = rest[1:] + "\n" + strings.Join(lines[i+1:], "\n")
			val, end, closed = scanQuoted(body, quote)
			if !closed {
				return nil, fail(lineNo, "unterminated quoted value (the closing "+string(quote)+" is missing)")
			}
		}
		consumed := strings.Count(body[:end], "\n")
		i += consumed
		after := body[end+1:]
		if nl := strings.IndexByte(after, '\n'); nl >= 0 {
			after = after[:nl]
		}
		after = strings.TrimLeft(after, " \t")
		if after != "" && after[0] != '#' {
			return nil, fail(i+1, "unexpected text after the closing quote")
		}
		out[key] = val
	}
	return out, nil
}

// unquotedValue cuts a comment that starts with # after a blank and trims
// the value.
func unquotedValue(s string) string {
	for j := 1; j < len(s); j++ {
		if s[j] == '#' && (s[j-1] == ' ' || s[j-1] == '\t') {
			s = s[:j]
			break
		}
	}
	return strings.TrimRight(s, " \t")
}

// scanQuoted scans body (the text after an opening quote) for the closing
// quote. It returns the unescaped value, the closing quote's index in body,
// and whether it was found.
func scanQuoted(body string, quote byte) (string, int, bool) {
	if quote == '\'' {
		j := strings.IndexByte(body, '\'')
		if j < 0 {
			return "", 0, false
		}
		return body[:j], j, true
	}
	var b strings.Builder
	for j := 0; j < len(body); j++ {
		c := body[j]
		switch {
		case c == '"':
			return b.String(), j, true
		case c == '\\' && j+1 < len(body):
			j++
			switch body[j] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '"':
				b.WriteByte('"')
			case '\\':
				b.WriteByte('\\')
			default:
				b.WriteByte('\\')
				b.WriteByte(body[j])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// Insecure reports whether the file is readable or writable by group or
// others (a .env holding secrets must be 0600). On Windows, where Go does not
// report such permission bits, it reports false.
func Insecure(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	if runtime.GOOS == "windows" {
		return false, nil
	}
	return fi.Mode().Perm()&0o066 != 0, nil
}
