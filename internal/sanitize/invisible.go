package sanitize

import (
	"unicode"
	"unicode/utf8"
)

// What stripInvisible does with one rune.
const (
	runeKeep    = iota
	runeDrop    // invisible, bidi, format, control, private-use, noncharacter
	runeSpace   // an exotic space: becomes ' '
	runeNewline // a line or paragraph separator: becomes '\n'
	runeVarSel  // a variation selector: kept once after a base character, dropped otherwise
)

// classify decides what happens to r. \t, \n and \r are kept; every other C0/C1 control is dropped.
func classify(r rune) int {
	if r < 0x80 {
		if r >= 0x20 && r != 0x7f || r == '\t' || r == '\n' || r == '\r' {
			return runeKeep
		}
		return runeDrop
	}
	switch {
	case r == 0x85 || r == 0x2028 || r == 0x2029: // NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR
		return runeNewline
	case r < 0xa0: // C1 controls
		return runeDrop
	case r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a, r == 0x202f, r == 0x205f, r == 0x2800:
		// NBSP, OGHAM SPACE MARK, EN QUAD…HAIR SPACE, NARROW NBSP, MEDIUM MATHEMATICAL SPACE, BRAILLE BLANK.
		// U+3000 IDEOGRAPHIC SPACE is ordinary in CJK text and is kept.
		return runeSpace
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef, r >= 0x180b && r <= 0x180d, r == 0x180f:
		return runeVarSel
	case r == 0xad, // SOFT HYPHEN
		r == 0x34f,               // COMBINING GRAPHEME JOINER
		r == 0x61c,               // ARABIC LETTER MARK
		r == 0x115f, r == 0x1160, // HANGUL CHOSEONG/JUNGSEONG FILLER
		r == 0x17b4, r == 0x17b5, // KHMER VOWEL INHERENT AQ/AA (invisible)
		r == 0x180e,                // MONGOLIAN VOWEL SEPARATOR
		r >= 0x200b && r <= 0x200f, // ZWSP, ZWNJ, ZWJ, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2060 && r <= 0x206f, // WORD JOINER, invisible operators, LRI…PDI, deprecated format controls
		r == 0x3164, r == 0xffa0,   // HANGUL FILLER, HALFWIDTH HANGUL FILLER
		r == 0xfeff,                  // ZERO WIDTH NO-BREAK SPACE / BOM
		r >= 0xfff0 && r <= 0xfffb,   // interlinear annotation controls and unassigned specials
		r >= 0xfdd0 && r <= 0xfdef,   // noncharacters
		r&0xfffe == 0xfffe,           // noncharacters U+xFFFE, U+xFFFF
		r >= 0xe0000 && r <= 0xe007f, // Unicode tag characters (ASCII smuggling)
		r >= 0xe000 && r <= 0xf8ff,   // private use area
		r >= 0xf0000:                 // supplementary private use areas
		return runeDrop
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r), unicode.Is(unicode.Cc, r):
		return runeDrop
	}
	return runeKeep
}

// stripInvisible removes invisible, bidi, format, control and private-use runes, folds exotic spaces to ' ' and
// separators to '\n', keeps at most one variation selector after a visible character, and replaces invalid UTF-8 with
// U+FFFD. It is idempotent.
func stripInvisible(s string) string { return apply(stripInvisibleTo, s) }

func stripInvisibleTo(s string, e *edit) bool {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			if classify(rune(c)) != runeKeep {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || classify(r) != runeKeep {
			break
		}
		i += size
	}
	if i == len(s) {
		return false
	}
	e.b = make([]byte, 0, len(s))
	e.keep(s, 0, i)
	prevVarSel := false // the last rune written was a variation selector
	if i > 0 {
		last, _ := utf8.DecodeLastRuneInString(s[:i])
		prevVarSel = classify(last) == runeVarSel
	}
	for i < len(s) {
		at := i
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			e.add("\uFFFD") // an invalid byte
			prevVarSel = false
			continue
		}
		switch classify(r) {
		case runeKeep:
			e.keep(s, at, i)
			prevVarSel = false
		case runeSpace:
			e.addByte(' ')
			prevVarSel = false
		case runeNewline:
			e.addByte('\n')
			prevVarSel = false
		case runeVarSel:
			// Keep one selector after a character; drop it at the start, after another selector, or after a
			// space or line break (nothing to select a variant of), which defeats variation-selector smuggling.
			out := e.b
			if len(out) > 0 && !prevVarSel && out[len(out)-1] != ' ' && out[len(out)-1] != '\n' &&
				out[len(out)-1] != '\t' && out[len(out)-1] != '\r' {
				e.keep(s, at, i)
				prevVarSel = true
			}
		}
	}
	return true
}
