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
	for _, c := range entityCases {
		f.Add(c.in)
	}
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
		if settled(s) && got != s {
			t.Fatalf("nothing hostile in %q, as stored or decoded, but it came back as %q", s, got)
		}
	})
}

// settled reports whether no stage would change s, as stored or with its references decoded: such a string holds
// nothing hostile and must come back byte for byte.
func settled(s string) bool {
	v, ok := decodeView(s)
	if !ok {
		return false
	}
	for _, p := range []func(string) string{stripInvisible, stripHTML, rewriteMarkdown, rewriteFences} {
		if p(s) != s || p(v.text) != v.text {
			return false
		}
	}
	return true
}

// checkSettled fails unless every pass of Text leaves got as it is, both as stored and with its character references
// decoded: no markup, Markdown image or link, role fence or invisible character is left for a client to interpret,
// whether it renders the text as it is or decodes it first.
func checkSettled(t *testing.T, in, got string) {
	t.Helper()
	v, ok := decodeView(got)
	if !ok {
		t.Fatalf("the output still nests references too deep to decode: %q → %q", in, got)
	}
	for name, p := range map[string]func(string) string{
		"stripInvisible": stripInvisible, "stripHTML": stripHTML, "rewriteMarkdown": rewriteMarkdown,
		"rewriteFences": rewriteFences,
	} {
		if p(got) != got {
			t.Fatalf("%s would still change the output: %q → %q → %q", name, in, got, p(got))
		}
		if p(v.text) != v.text {
			t.Fatalf("%s would still change the decoded output: %q → %q, decoded %q → %q", name, in, got, v.text, p(v.text))
		}
	}
}
