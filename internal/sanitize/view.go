package sanitize

import (
	"strings"

	"golang.org/x/net/html"
)

// maxDecodeLevels bounds how many times character references are decoded in a row (&amp;amp;lt; needs three). Real
// records need one or two; deeper nesting is hardened instead (see harden), which also keeps a crafted string of
// thousands of levels from costing quadratic time.
const maxDecodeLevels = 8

// view is a string as a client that decodes HTML character references might end up seeing it: every reference
// decoded, as often as it decodes (&amp;lt; is '<'). The stages look for markup, Markdown and invisible characters in
// the view, so that an encoded attack is found, while the output keeps the tenant's own bytes wherever the view was
// not changed: "R&amp;D" and "a=1&amp;b=2" stay as stored.
//
// lo and hi give, for every byte of text, the span s[lo:hi] it stands for. Raw bytes stand for themselves; all the
// bytes a reference decoded to share the reference's span. They are nil when text is s.
type view struct {
	text   string
	lo, hi []int
	// lossy is set when a reference starts or ends inside the decoded text of another one, so that the spans no
	// longer say which stored bytes a view byte came from; the sanitized view is then the answer. No HTML5 reference
	// decodes to several characters among which '&' or ';' is, so this is a guard against a future table, not a path
	// today's input takes.
	lossy bool
}

// decodeView builds the view of s. ok is false when references are still left after maxDecodeLevels.
func decodeView(s string) (v view, ok bool) {
	v.text = s
	for level := 0; strings.IndexByte(v.text, '&') >= 0; level++ {
		next, changed := v.decodeOnce()
		if !changed {
			break
		}
		if level == maxDecodeLevels {
			return view{}, false
		}
		v = next
	}
	return v, true
}

// decodeOnce decodes the references of v.text once (see decodeRef for which ones).
func (v view) decodeOnce() (next view, changed bool) {
	text := v.text
	span := func(i int) (int, int) {
		if v.lo == nil {
			return i, i + 1
		}
		return v.lo[i], v.hi[i]
	}
	var b strings.Builder
	var lo, hi []int
	last := 0
	flush := func(end int) {
		b.WriteString(text[last:end])
		for i := last; i < end; i++ {
			l, h := span(i)
			lo, hi = append(lo, l), append(hi, h)
		}
	}
	lossy := v.lossy
	for i := strings.IndexByte(text, '&'); i >= 0 && i < len(text); i++ {
		if text[i] != '&' {
			continue
		}
		end := entityEnd(text, i)
		if end < 0 {
			continue
		}
		dec, ok := decodeRef(text[i:end])
		if !ok {
			continue
		}
		if !changed {
			b.Grow(len(text))
			lo, hi = make([]int, 0, len(text)), make([]int, 0, len(text))
			changed = true
		}
		flush(i)
		l, _ := span(i)
		_, h := span(end - 1)
		if v.lo != nil && (i > 0 && v.lo[i-1] == v.lo[i] || end < len(text) && v.lo[end] == v.lo[end-1]) {
			lossy = true
		}
		b.WriteString(dec)
		for range len(dec) {
			lo, hi = append(lo, l), append(hi, h)
		}
		last = end
		i = end - 1
	}
	if !changed {
		return v, false
	}
	flush(len(text))
	return view{text: b.String(), lo: lo, hi: hi, lossy: lossy}, true
}

// decodeRef decodes one well-formed reference (see entityEnd). References without the ';' that HTML tolerates in
// text (&lt, &copy, &reg…) are never decoded: Zscaler data is not HTML, and "?a=1&region=eu" is a URL, not "?a=1®ion=eu".
func decodeRef(ref string) (string, bool) {
	dec := html.UnescapeString(ref)
	// An exact reference decodes to one or two runes with nothing left over; a reference that only has a legacy
	// prefix ("&copyx;" → "©x;") leaves its tail, ';' included, and is not one.
	if dec == ref || strings.HasSuffix(dec, ";") && dec != ";" {
		return "", false
	}
	return dec, true
}

// rebuild turns the stages' output over the view back into stored text: a run of output bytes copied from the view
// is written as the stored bytes that run stands for (its references as they were), and only bytes a stage wrote or
// split off a decoded reference are written as they are.
func (v view) rebuild(s, out string, src []int) string {
	boundary := func(i int) bool { return i == 0 || i == len(v.text) || v.lo[i] != v.lo[i-1] }
	var b strings.Builder
	b.Grow(len(out))
	for k := 0; k < len(out); {
		if src[k] < 0 {
			b.WriteByte(out[k])
			k++
			continue
		}
		j := k + 1
		for j < len(out) && src[j] == src[j-1]+1 {
			j++
		}
		lo, hi := src[k], src[j-1]+1
		i := lo
		for i < hi && !boundary(i) { // the tail of a reference whose head a stage removed
			i++
		}
		e := hi
		for e > i && !boundary(e) {
			e--
		}
		b.WriteString(v.text[lo:i])
		if e > i {
			b.WriteString(s[v.lo[i]:v.hi[e-1]])
		}
		b.WriteString(v.text[e:hi])
		k = j
	}
	return b.String()
}
