// Package sanitize neutralises text that an outsider may have written (device names, process names, sandbox reports,
// lookalike domains, descriptions) before a Zscaler record reaches an AI agent, and leaves everything else as the tenant
// stored it.
//
// Only what can hide or smuggle an instruction is changed: invisible, bidi and format characters (removed) and exotic
// spaces (folded to ' '), HTML markup (tags stripped keeping their text, comments dropped, script-like elements dropped
// with their content), Markdown images (reduced to their alt text) and links (shown as "text (url)"), and code-fence
// info strings that impersonate a chat role (rewritten to "text"). HTML character references count only where they
// decode to one of those: "&lt;script&gt;", "&#x202E;" and "&#91;x&#93;(http://…)" are found in the decoded text and
// removed or rewritten, while "R&amp;D", "AT&amp;T" and "?a=1&amp;b=2" come back byte for byte, as do '<', '>' and '&'
// in ordinary text. A record read and written back therefore changes nothing unless it carried one of those.
//
// The whole pipeline is repeated until nothing changes any more, so the result is idempotent: Text(Text(s)) == Text(s),
// even for nested encodings such as "&amp;lt;script&amp;gt;".
//
// JSON applies Text to every string value of a JSON document, leaving keys, numbers, whitespace and key order byte for
// byte as they were, and returns the input slice itself when nothing needs changing.
package sanitize

import "strings"

// maxPasses bounds the fixpoint loop of Text. Ordinary input settles after one or two passes; more is only needed for
// deliberately nested encodings, which are then hardened (see harden).
const maxPasses = 8

// Text returns s with what can hide or smuggle an instruction neutralised (see the package comment). \n, \r\n and \t
// are kept; ordinary text is returned as it is.
func Text(s string) string {
	if isPlain(s) {
		return s
	}
	cur := s
	for range maxPasses {
		next := pass(cur)
		if next == cur {
			return cur
		}
		cur = next
	}
	return harden(cur)
}

// pass is one run of the whole pipeline. Text iterates it to a fixpoint.
//
// A client may render the stored text as it is, where "&#91;" is a plain bracket and Markdown pairs only the raw ones,
// or decode its references first; the result must be safe both ways. So the stages run over s itself, then over the
// decoded view of what they left.
func pass(s string) string {
	s, _ = runStages(s, false)
	v, ok := decodeView(s)
	if !ok {
		// Nested deeper than any real record: disarm every reference and markup character instead.
		return hardener.Replace(s)
	}
	if v.lo == nil {
		return s
	}
	out, _ := runStages(v.text, false)
	switch {
	case out == v.text:
		// Nothing hostile, even decoded: the stored bytes, references and all.
		return s
	case v.lossy:
		return out
	}
	out, src := runStages(v.text, true)
	return v.rebuild(s, out, src)
}

// harden is the last resort for input that still changes after maxPasses passes (an entity or markup nesting deeper
// than any real record has). It disarms every character that can start HTML or Markdown syntax by swapping it for its
// full-width twin, so that no later pass can find anything to decode or strip, then settles the remaining passes
// (invisible characters and fences), which cannot loop.
func harden(s string) string {
	s = hardener.Replace(s)
	for range maxPasses {
		next := pass(s)
		if next == s {
			break
		}
		s = next
	}
	return s
}

var hardener = strings.NewReplacer("<", "\uFF1C", ">", "\uFF1E", "&", "\uFF06", "[", "\uFF3B", "]", "\uFF3D")

// byteClass tells, for one byte of text, whether it can start anything that Text changes.
//
//	0 plain printable ASCII (and \t \n \r)
//	1 needs a look: a control byte, DEL, a non-ASCII byte, or one of < & [ ` ~
//
// jsonClass extends it for bytes inside a JSON string: 2 is the closing quote, 3 a backslash.
var textClass, jsonClass [256]uint8

func init() {
	for c := range 256 {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			textClass[c] = 0
		case c < 0x20 || c >= 0x7f:
			textClass[c] = 1
		case c == '<' || c == '&' || c == '[' || c == '`' || c == '~':
			textClass[c] = 1
		}
		jsonClass[c] = textClass[c]
	}
	for c := range 0x20 { // raw control characters, tabs and newlines included, are not allowed in JSON strings
		jsonClass[c] = 1
	}
	jsonClass['"'] = 2
	jsonClass['\\'] = 3
}

// isPlain reports whether s contains nothing Text could change: printable ASCII, \t, \n and \r only, and none of the
// bytes that start HTML (<, &), Markdown links and images ([) or code fences (` and ~).
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if textClass[s[i]] != 0 {
			return false
		}
	}
	return true
}

// plainRune is isPlain for one rune (used for \u escapes in JSON strings).
func plainRune(r rune) bool {
	return r < 0x80 && textClass[r] == 0
}
