package sanitize

// edit is the output of one stage of a pass. When track is set it also records, for every output byte, the index of
// the input byte it is a copy of, or -1 for a byte the stage wrote itself ("[image]", " (", "text", a folded space).
// That lets a pass put back the tenant's own bytes wherever a stage kept the decoded text (see rebuild).
type edit struct {
	b     []byte
	src   []int
	track bool
}

// keep copies in[lo:hi].
func (e *edit) keep(in string, lo, hi int) {
	e.b = append(e.b, in[lo:hi]...)
	if e.track {
		for i := lo; i < hi; i++ {
			e.src = append(e.src, i)
		}
	}
}

// add writes s, which is not in the input.
func (e *edit) add(s string) {
	e.b = append(e.b, s...)
	if e.track {
		for range len(s) {
			e.src = append(e.src, -1)
		}
	}
}

func (e *edit) addByte(c byte) {
	e.b = append(e.b, c)
	if e.track {
		e.src = append(e.src, -1)
	}
}

// cut drops everything written from n on.
func (e *edit) cut(n int) {
	e.b = e.b[:n]
	if e.track {
		e.src = e.src[:n]
	}
}

// stage is one step of a pass. It either reports that in needs no change (false, e untouched or to be ignored) or
// writes the whole rewritten text to e.
type stage func(in string, e *edit) bool

// apply runs one stage without tracking.
func apply(st stage, s string) string {
	var e edit
	if !st(s, &e) {
		return s
	}
	return string(e.b)
}

// runStages runs the stages of a pass over s. With track, src maps every output byte to the byte of s it copies, or
// -1.
func runStages(s string, track bool) (out string, src []int) {
	cur := s
	htmlChanged := false
	for i, st := range []stage{stripInvisibleTo, stripHTMLTo, stripInvisibleTo, rewriteMarkdownTo, rewriteFencesTo} {
		if i == 2 && !htmlChanged {
			// Removing markup can leave a variation selector with nothing to select (after a <br> or at the start);
			// nothing else needs a second look.
			continue
		}
		e := edit{track: track}
		if !st(cur, &e) {
			continue
		}
		if i == 1 {
			htmlChanged = true
		}
		if track {
			if src != nil {
				for k, j := range e.src {
					if j >= 0 {
						e.src[k] = src[j]
					}
				}
			}
			src = e.src
		}
		cur = string(e.b)
	}
	if track && src == nil {
		src = make([]int, len(cur))
		for i := range src {
			src[i] = i
		}
	}
	return cur, src
}
