// Package sanitize neutralises text that an outsider may have written (device names, process names, sandbox reports,
// lookalike domains, descriptions) before a Zscaler record reaches an AI agent.
//
// Text applies, in order: invisible/bidi/format character removal and exotic-space folding, HTML removal (tags stripped,
// script-like elements dropped with their content, entities decoded), the invisible-character pass again (decoded
// entities can reintroduce such characters), Markdown image/link neutralisation, and the rewrite of code-fence info
// strings that impersonate a chat role. The whole pipeline is repeated until nothing changes any more, so the result is
// idempotent: Text(Text(s)) == Text(s), even for nested encodings such as "&amp;lt;script&amp;gt;".
//
// JSON applies Text to every string value of a JSON document, leaving keys, numbers, whitespace and key order byte for
// byte as they were, and returns the input slice itself when nothing needs changing.
package sanitize

import "strings"

// maxPasses bounds the fixpoint loop of Text. Ordinary input settles after one or two passes; more is only needed for
// deliberately nested encodings, which are then hardened (see harden).
const maxPasses = 8

// Text returns s with invisible and bidi control characters removed, exotic spaces turned into a plain space, HTML
// removed (tags stripped keeping their text; script/style/iframe/… removed with their content; entities decoded),
// Markdown images reduced to their alt text, Markdown links shown as "text (url)", and code-fence info strings that
// impersonate a role rewritten to "text". \n, \r\n and \t are kept; ordinary text is returned as it is.
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
func pass(s string) string {
	s = stripInvisible(s)
	if h := stripHTML(s); h != s {
		s = stripInvisible(h)
	}
	s = rewriteMarkdown(s)
	return rewriteFences(s)
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
