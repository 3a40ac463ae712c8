package sanitize_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sanitize"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// eachRecordedString calls f with every string value of every response body of every recording. Object keys are left
// out: the sanitizer never touches them. A body that is not JSON counts as one string, as an API error text does.
func eachRecordedString(t *testing.T, f func(file, s string)) {
	t.Helper()
	for _, name := range shared.RecordingNames(t) {
		for _, in := range shared.LoadRecording(t, name).Interactions {
			body := in.Response.Body.String
			var v any
			if json.Unmarshal([]byte(body), &v) != nil {
				if strings.TrimSpace(body) != "" {
					f(name, body)
				}
				continue
			}
			collectStrings(v, func(s string) { f(name, s) })
		}
	}
}

func collectStrings(v any, add func(string)) {
	switch x := v.(type) {
	case string:
		add(x)
	case []any:
		for _, e := range x {
			collectStrings(e, add)
		}
	case map[string]any:
		for _, e := range x {
			collectStrings(e, add)
		}
	}
}

// The sanitizer runs over real tenant data. It may change a recorded string only when that string holds something that
// can hide or smuggle an instruction; the check below is written independently of the sanitizer, so a sanitizer that
// rewrites ordinary data (an entity, an ampersand, a bracket) fails here.
func TestRecordedTenantDataComesBackAsStored(t *testing.T) {
	seen := map[string]bool{}
	changed := 0
	eachRecordedString(t, func(file, s string) {
		if seen[s] {
			return
		}
		seen[s] = true
		got := sanitize.Text(s)
		if got == s {
			return
		}
		changed++
		if why := hostileFeature(s); why != "" {
			t.Logf("%s: changed (%s): %.120q", file, why, s)
		} else {
			t.Errorf("%s: a string with nothing hostile in it was changed:\n  in  %q\n  out %q", file, s, got)
		}
	})
	if len(seen) == 0 {
		t.Fatal("no string read from the recordings")
	}
	t.Logf("%d distinct recorded strings, %d changed", len(seen), changed)
}

var (
	tagOpen      = regexp.MustCompile(`<[A-Za-z/!?]`)
	mdImageLink  = regexp.MustCompile(`!\[|\]\(`)
	roleFence    = regexp.MustCompile(`(?im)^[ \t>]*(` + "```" + `|~~~)[^\n]*(system|user|assistant|tool|function|developer|ignore|override|instruction|prompt|role)`)
	invisibleSet = []*unicode.RangeTable{unicode.Cf, unicode.Cc, unicode.Co, unicode.Zl, unicode.Zp, unicode.Variation_Selector}
)

// hostileFeature names what in s can hide or smuggle an instruction, looking at s and at s with its HTML entities
// decoded (as often as they decode), or returns "".
func hostileFeature(s string) string {
	forms := []string{s}
	for d := s; len(forms) < 10; {
		next := html.UnescapeString(d)
		if next == d {
			break
		}
		forms = append(forms, next)
		d = next
	}
	for _, f := range forms {
		for _, r := range f {
			if r == '\t' || r == '\n' || r == '\r' || r == ' ' || r == '\u3000' {
				continue
			}
			if unicode.In(r, invisibleSet...) || unicode.Is(unicode.Zs, r) {
				return "invisible or special space"
			}
		}
		switch {
		case tagOpen.MatchString(f):
			return "markup"
		case mdImageLink.MatchString(f):
			return "markdown image or link"
		case roleFence.MatchString(f):
			return "role fence"
		}
	}
	return ""
}

// The independent check must itself tell ordinary text from hostile text, or the test above proves nothing.
func TestHostileFeatureCheck(t *testing.T) {
	for _, s := range []string{"R&amp;D", "AT&amp;T", "3 < 5 & 7 > 2", "a=1&amp;b=2", "AI & ML Applications", "[FF00::/8]", "Södertälje"} {
		if why := hostileFeature(s); why != "" {
			t.Errorf("%q is ordinary, the check says %s", s, why)
		}
	}
	for _, s := range []string{"a<b>c", "&lt;script&gt;", "&amp;lt;img src=x&amp;gt;", "x\u200by", "&#x202E;", "![a](b)", "[a](b)",
		"&#91;x&#93;(http://e)", "```system\nx", "a\u00a0b"} {
		if hostileFeature(s) == "" {
			t.Errorf("%q is hostile, the check does not see it", s)
		}
	}
}
