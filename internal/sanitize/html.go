package sanitize

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// dropWithContent lists the elements whose content is never shown as text, or can carry active content, and is removed
// together with the element: <script>alert(1)</script>hello → hello.
var dropWithContent = map[string]bool{
	"script": true, "style": true, "iframe": true, "frameset": true, "noscript": true, "noembed": true,
	"noframes": true, "template": true, "object": true, "applet": true, "svg": true, "math": true, "xmp": true,
	"plaintext": true,
}

// stripHTML removes HTML markup from s and returns its text. Tags and comments are removed and their text kept, and
// the elements of dropWithContent are removed with their content. Character references are not decoded here: a pass
// runs the stages over the decoded view, where an encoded tag is already a tag (see view). A tag left open at the end of
// s ("a<b") is not markup a browser would show; it is kept as text but defused with a space after its '<' ("a< b"), so
// that it cannot pair with a '>' elsewhere in the output.
//
// The tokenizer of golang.org/x/net/html does the HTML5 tokenization (quoted attributes containing '>', raw-text
// elements, comments, bogus comments, CDATA); the text is taken from the raw input bytes, so \r\n is kept.
func stripHTML(s string) string { return apply(stripHTMLTo, s) }

func stripHTMLTo(s string, e *edit) bool {
	if strings.IndexByte(s, '<') < 0 {
		return false
	}
	z := html.NewTokenizer(strings.NewReader(s))
	consumed := 0
	skip := "" // the element whose content is being dropped
	depth := 0 // nesting of skip inside itself
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			// io.EOF (no buffer limit is set). Whatever the tokenizer left is an unterminated tag.
			if consumed < len(s) && skip == "" {
				defuseTagOpens(s, consumed, e)
			}
			return string(e.b) != s
		}
		raw := z.Raw()
		start := consumed
		consumed += len(raw)
		switch tt {
		case html.TextToken:
			if skip == "" {
				e.keep(s, start, consumed)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			switch {
			case skip != "":
				if n == skip && tt == html.StartTagToken {
					depth++
				}
			case dropWithContent[n]:
				// <script/> still opens a script element in HTML; only svg and math can really self-close.
				if tt == html.StartTagToken || (n != "svg" && n != "math") {
					skip, depth = n, 1
				}
			case n == "br":
				e.addByte('\n')
			case tt == html.StartTagToken && isAutolink(raw):
				e.keep(s, start+1, consumed-1)
			}
		case html.EndTagToken:
			if skip != "" {
				if name, _ := z.TagName(); string(name) == skip {
					if depth--; depth == 0 {
						skip = ""
					}
				}
			}
		}
		// Comments and doctypes are dropped.
	}
}

// isAutolink reports whether the tag raw is really an autolink or an address in angle brackets, such as
// <https://help.zscaler.com> or "Jane Doe <jane@example.com>": no space, quote or '<' inside, and a URL scheme or an
// '@'. Its text is kept without the brackets instead of being dropped as a tag.
func isAutolink(raw []byte) bool {
	if len(raw) < 3 || raw[len(raw)-1] != '>' {
		return false
	}
	inner := raw[1 : len(raw)-1]
	if bytes.ContainsAny(inner, " \t\n\r\f<>\"'`") {
		return false
	}
	lower := bytes.ToLower(inner)
	return bytes.HasPrefix(lower, []byte("http://")) || bytes.HasPrefix(lower, []byte("https://")) ||
		bytes.HasPrefix(lower, []byte("mailto:")) || bytes.IndexByte(inner, '@') > 0
}

// defuseTagOpens writes s[from:] with a space after every '<' that would open a tag ('<' followed by a letter or '/').
func defuseTagOpens(s string, from int, e *edit) {
	for i := from; i < len(s); i++ {
		e.keep(s, i, i+1)
		if s[i] == '<' && i+1 < len(s) {
			if c := s[i+1]; c == '/' || c|0x20 >= 'a' && c|0x20 <= 'z' {
				e.addByte(' ')
			}
		}
	}
}

// maxEntityLen is a little more than the longest HTML5 character reference name (&CounterClockwiseContourIntegral;).
const maxEntityLen = 40

// entityEnd returns the index just past the ';' of a well-formed character reference starting at s[i] == '&'
// (&name; &#123; &#x1F;), or -1.
func entityEnd(s string, i int) int {
	j := i + 1
	limit := min(len(s), i+maxEntityLen)
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isHex := func(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }
	isAlnum := func(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z' }
	ok := isAlnum
	if j < limit && s[j] == '#' {
		j++
		ok = isDigit
		if j < limit && s[j]|0x20 == 'x' {
			j++
			ok = isHex
		}
	} else if j >= limit || !(s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
		return -1
	}
	start := j
	for j < limit && ok(s[j]) {
		j++
	}
	if j == start || j >= limit || s[j] != ';' {
		return -1
	}
	return j + 1
}
