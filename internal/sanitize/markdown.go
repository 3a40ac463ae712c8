package sanitize

import "strings"

// maxLinkNesting bounds the recursion into link text; deeper links are left for the next pass of Text.
const maxLinkNesting = 32

// imagePlaceholder replaces an image whose alt text is empty.
const imagePlaceholder = "[image]"

// rewriteMarkdown neutralises Markdown images and links so that a client that renders Markdown neither fetches an
// outsider's URL nor hides a link target behind friendly text:
//
//	![alt](url), ![alt][ref], ![alt][], ![alt]  →  alt (or "[image]" when alt is empty)
//	[text](url)                                 →  text (url)   ("url" alone when text is empty, "text" when url is)
//
// Brackets and parentheses are paired the way a Markdown parser pairs them (innermost first), across lines and
// regardless of backslash escapes and code spans: this rewrites a little more than a renderer would show as a link,
// never less. The link text and the URL are rewritten recursively ([![img](a)](b) → img (b)).
func rewriteMarkdown(s string) string { return apply(rewriteMarkdownTo, s) }

func rewriteMarkdownTo(s string, e *edit) bool {
	if strings.IndexByte(s, '[') < 0 || strings.IndexByte(s, ']') < 0 {
		return false
	}
	m := mdRewriter{s: s, bclose: map[int]int{}, pclose: map[int]int{}, out: e}
	var bstack, pstack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			bstack = append(bstack, i)
		case ']':
			if n := len(bstack); n > 0 {
				m.bclose[bstack[n-1]] = i
				bstack = bstack[:n-1]
			}
		case '(':
			pstack = append(pstack, i)
		case ')':
			if n := len(pstack); n > 0 {
				m.pclose[pstack[n-1]] = i
				pstack = pstack[:n-1]
			}
		}
	}
	if len(m.bclose) == 0 {
		return false
	}
	e.b = make([]byte, 0, len(s))
	m.emit(0, len(s), 0)
	return string(e.b) != s
}

type mdRewriter struct {
	s      string
	bclose map[int]int // index of '[' → index of its ']'
	pclose map[int]int // index of '(' → index of its ')'
	out    *edit
}

// emit writes the rewrite of s[lo:hi]. Pairs that end at or after hi do not count.
func (m *mdRewriter) emit(lo, hi, depth int) {
	s := m.s
	for i := lo; i < hi; {
		if depth < maxLinkNesting {
			if s[i] == '!' && i+1 < hi && s[i+1] == '[' {
				if j, ok := m.bclose[i+1]; ok && j < hi {
					end := j + 1
					if end < hi {
						switch s[end] {
						case '(':
							if k, ok := m.pclose[end]; ok && k < hi {
								end = k + 1
							}
						case '[':
							if k, ok := m.bclose[end]; ok && k < hi {
								end = k + 1
							}
						}
					}
					mark := len(m.out.b)
					m.emit(i+2, j, depth+1)
					if isBlank(m.out.b[mark:]) {
						m.out.cut(mark)
						m.out.add(imagePlaceholder)
					}
					i = end
					continue
				}
			}
			if s[i] == '[' {
				if j, ok := m.bclose[i]; ok && j+1 < hi && s[j+1] == '(' {
					if k, ok := m.pclose[j+1]; ok && k < hi {
						m.link(i+1, j, j+2, k, depth)
						i = k + 1
						continue
					}
				}
			}
		}
		m.out.keep(s, i, i+1)
		i++
	}
}

// link writes the rewrite of [s[tlo:thi]](s[dlo:dhi]).
func (m *mdRewriter) link(tlo, thi, dlo, dhi, depth int) {
	s := m.s
	for dlo < dhi && isSpaceByte(s[dlo]) {
		dlo++
	}
	for dhi > dlo && isSpaceByte(s[dhi-1]) {
		dhi--
	}
	if dhi-dlo >= 2 && s[dlo] == '<' && s[dhi-1] == '>' { // [text](<url with spaces>)
		dlo++
		dhi--
	}
	mark := len(m.out.b)
	m.emit(tlo, thi, depth+1)
	if isBlank(m.out.b[mark:]) {
		m.out.cut(mark)
		m.emit(dlo, dhi, depth+1)
		return
	}
	if dlo == dhi {
		return
	}
	m.out.add(" (")
	m.emit(dlo, dhi, depth+1)
	m.out.addByte(')')
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isBlank(b []byte) bool {
	for _, c := range b {
		if !isSpaceByte(c) {
			return false
		}
	}
	return true
}
