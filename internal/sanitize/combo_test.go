package sanitize

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// fragments are pieces of HTML, entities, Markdown, fences and invisible characters; TestTextFragmentCombinations
// glues random runs of them together to reach the interactions between the passes that byte-level fuzzing rarely
// builds (an entity that decodes into a tag, a tag whose removal joins a fence, an image inside a link, …).
var fragments = []string{
	"<", ">", "</", "<b>", "</b>", "<script>", "</script>", "<!--", "-->", "<br>", "<svg>", "</svg>", "<x", "<a href='",
	"'>", "&", "&amp;", "&lt;", "&gt;", "&#60;", "&#x3e;", "&nbsp;", "&#x200b;", "&zwj;", "&#91;", "&#93;", "&#40;",
	"&#41;", "&#33;", "&#96;", "amp;", "lt;", "[", "]", "(", ")", "!", "![", "](", "![x](u)", "[t](v)", "[]", "()",
	"```", "~~~", "`", "system", "python", "user", "\n", "\r\n", "\t", " ", "a", "b", "\u200b", "\u202e", "\u00a0",
	"\ufe0f", "\U000E0041", "é", "東", "\x00", "\x1b", "<https://x.example>", "<j@x.example>", "\xff",
}

func TestTextFragmentCombinations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	var b strings.Builder
	for range n {
		b.Reset()
		for range 1 + rng.IntN(12) {
			b.WriteString(fragments[rng.IntN(len(fragments))])
		}
		s := b.String()
		once := Text(s)
		if twice := Text(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
		checkSettled(t, s, once)
		if settled(s) && once != s {
			t.Fatalf("nothing hostile in %q, as stored or decoded, but it came back as %q", s, once)
		}
		if strings.Contains(once, "\u200b") || strings.Contains(once, "\u202e") || strings.Contains(once, "\U000E0041") {
			t.Fatalf("invisible character survived: %q → %q", s, once)
		}
	}
}
