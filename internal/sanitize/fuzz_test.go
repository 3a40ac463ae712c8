package sanitize

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// valid reports whether the walker accepts raw; it must agree with encoding/json.Valid.
func valid(raw []byte) bool {
	w := walker{raw: raw}
	return w.walk()
}

// shape lists a document's object keys and its non-string scalars (numbers exactly as written), in order, with
// markers for structure and for string values, so that two documents can be compared except for their string values.
func shape(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type frame struct{ object, wantKey bool }
	var stack []frame
	var out []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("decoding %q: %v", raw, err)
		}
		isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey
		switch v := tok.(type) {
		case json.Delim:
			out = append(out, v.String())
			switch v {
			case '{', '[':
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].wantKey = true
				}
				stack = append(stack, frame{object: v == '{', wantKey: v == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if isKey {
				out = append(out, "key:"+v)
				stack[len(stack)-1].wantKey = false
				continue
			}
			out = append(out, "string")
		case json.Number:
			out = append(out, "number:"+v.String())
		default:
			out = append(out, "literal:"+strings.ToLower(strings.TrimSpace(string(mustMarshal(v)))))
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{ac13Escaped, ac13Raw, `{"id":216196257331404691,"n":1.50,"z":-0,"big":1e400}`, `[]`, `"x"`,
		`{"a\u200b":"b\u200b"}`, `[["[x](y)"],{"k":"<b>v</b>"}]`, `{"a":"\ud800\udc00 \ud800"}`} {
		f.Add([]byte(s))
	}
	f.Add(cleanDocument(2))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, changed := JSON(data)
		isValid := json.Valid(data)
		if v := valid(data); v != isValid {
			t.Fatalf("walker says valid=%v, encoding/json says %v, for %q", v, isValid, data)
		}
		if !changed && !bytes.Equal(out, data) {
			t.Fatalf("changed=false but output differs: %q → %q", data, out)
		}
		if !isValid {
			if changed {
				t.Fatalf("invalid input was changed: %q → %q", data, out)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("output is not JSON: %q → %q", data, out)
		}
		if changed {
			if got, want := shape(t, out), shape(t, data); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("keys or scalars changed:\n in %q\nout %q\n%q\n%q", data, out, want, got)
			}
		}
		again, changedAgain := JSON(out)
		if changedAgain || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q → %q → %q", data, out, again)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, c := range ac13Cases {
		f.Add(c.in)
	}
	for _, s := range untouchedTexts {
		f.Add(s)
	}
	f.Add("&amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;y")
	f.Add("[![a](b)](c) ~~~tool\r\n<b\n>")
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if again := Text(got); again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("output is not UTF-8: %q → %q", s, got)
		}
		if isPlain(s) && got != s {
			t.Fatalf("plain text changed: %q → %q", s, got)
		}
		for _, r := range got {
			if classify(r) == runeDrop || classify(r) == runeSpace || classify(r) == runeNewline {
				t.Fatalf("output keeps U+%04X: %q → %q", r, s, got)
			}
		}
		checkSettled(t, s, got)
	})
}

// checkSettled fails unless every pass of Text leaves got as it is: no markup, entity, Markdown image or link, role
// fence or invisible character is left for a client to interpret.
func checkSettled(t *testing.T, in, got string) {
	t.Helper()
	for name, p := range map[string]func(string) string{
		"stripInvisible": stripInvisible, "stripHTML": stripHTML, "rewriteMarkdown": rewriteMarkdown,
		"rewriteFences": rewriteFences,
	} {
		if p(got) != got {
			t.Fatalf("%s would still change the output: %q → %q → %q", name, in, got, p(got))
		}
	}
}

func TestWalkerAgreesWithEncodingJSON(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, s := range []string{
		``, ` `, `0`, `-0`, `-`, `01`, `1.`, `.1`, `1e`, `1e+`, `1E-7`, `-1.5e10`, `1x`, `tru`, `true`, `truex`, `nulll`,
		`[1,]`, `[,1]`, `[1 2]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, `{"a":1}}`, `"\u12"`, `"\x"`, "\"\t\"", "\"\x7f\"",
		"\"\xff\"", `"\ud800"`, ` {"a" : [ 1 , {"b":null} ] } `, `[]]`, `[[]`, `{}`, `{"":""}`, `"a""b"`, "\ufeff{}",
		deep(10000), deep(10001),
	} {
		if got, want := valid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("valid(%.40q) = %v, encoding/json says %v", s, got, want)
		}
	}
}

func TestQuickClean(t *testing.T) {
	for s, want := range map[string]bool{
		`{"a":[1,2],"b":["x"]}`: true,
		`{"a":"[x](y)"}`:        false,
		`["a","[","b"]`:         false,
		`{"a":"x<y"}`:           false,
		`{"a":"x&y"}`:           false,
		`{"a":"x~y"}`:           false,
		"{\"a\":\"x`y\"}":       false,
		`{"a":"\n"}`:            false, // any backslash: the string-by-string scan decides
		`{"a":"é"}`:             false,
		"{\"a\":\"\x7f\"}":      false,
	} {
		if got := quickClean([]byte(s)); got != want {
			t.Errorf("quickClean(%s) = %v, want %v", s, got, want)
		}
	}
}
