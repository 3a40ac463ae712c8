package sanitize

import (
	"strings"
	"unicode"
)

// roleWords are the words whose presence in a code-fence info string makes the fence look like a chat turn or an
// instruction block ("```system", "~~~ assistant", "```tool_call", "```ignore-previous"). The list is the reference
// server's.
var roleWords = []string{
	"system", "user", "assistant", "tool", "function", "developer",
	"ignore", "override", "instruction", "prompt", "role",
}

// rewriteFences rewrites the info string of every code-fence line whose info mentions a role word to "text", keeping
// the fence itself and the fenced body: "```System prompt\n…" → "```text\n…". A fence line is a line made of optional
// spaces, tabs or '>' (block quotes), then a run of three or more '`' or '~', then the info string.
func rewriteFences(s string) string { return apply(rewriteFencesTo, s) }

func rewriteFencesTo(s string, e *edit) bool {
	if !strings.Contains(s, "```") && !strings.Contains(s, "~~~") {
		return false
	}
	last := 0
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		if keep, ok := fenceRewrite(s[start:end]); ok {
			if last == 0 {
				e.b = make([]byte, 0, len(s))
			}
			e.keep(s, last, start+keep)
			e.add("text")
			if end > start && s[end-1] == '\r' {
				e.keep(s, end-1, end)
			}
			last = end
		}
		start = end + 1
	}
	if last == 0 {
		return false
	}
	e.keep(s, last, len(s))
	return true
}

// fenceRewrite reports whether line is a fence line whose info string needs rewriting, and the length of the part of
// the line to keep (indentation and fence run).
func fenceRewrite(line string) (keep int, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>') {
		i++
	}
	if i == len(line) || line[i] != '`' && line[i] != '~' {
		return 0, false
	}
	j := i
	for j < len(line) && line[j] == line[i] {
		j++
	}
	if j-i < 3 || !mentionsRole(line[j:]) {
		return 0, false
	}
	return j, true
}

// mentionsRole reports whether info, reduced to its letters folded to lower-case ASCII (full-width forms and
// look-alike case variants such as U+017F ſ and U+212A K included), contains a role word. Anything that is not a
// letter is ignored, so "sys_tem", "S Y S T E M" and "ｓｙｓｔｅｍ" all count.
func mentionsRole(info string) bool {
	var buf [64]byte
	letters := buf[:0]
	for _, r := range info {
		if r >= 0xff01 && r <= 0xff5e { // full-width ASCII
			r -= 0xfee0
		}
		if r >= 0x80 {
			r = asciiFold(r)
		}
		switch {
		case r >= 'a' && r <= 'z':
			letters = append(letters, byte(r))
		case r >= 'A' && r <= 'Z':
			letters = append(letters, byte(r+'a'-'A'))
		}
	}
	if len(letters) < 4 {
		return false
	}
	l := string(letters)
	for _, w := range roleWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// asciiFold returns the ASCII letter that r case-folds to, or r.
func asciiFold(r rune) rune {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < 0x80 {
			return f
		}
	}
	return r
}
