package catalog

import (
	"regexp"
	"slices"
	"testing"
)

// The scanners agree with the regular expressions they replace.
func TestPlaceholdersAndNamesMatchTheirRegexps(t *testing.T) {
	placeholderRE := regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	for _, s := range []string{
		"", "/a/b", "/zpa/mgmtconfig/v1/admin/customers/{customerId}/segmentGroup/{id}", "{x}", "{}", "{1a}", "{a1}",
		"{{a}}", "{a{b}", "{_}", "{a-b}", "{a", "a}", "/x/{A_b9}/y/{c}/", "{é}", "{ab}{cd}",
	} {
		var want, got [][2]int
		var wantNames, gotNames []string
		for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
			want = append(want, [2]int{m[0], m[1]})
			wantNames = append(wantNames, s[m[2]:m[3]])
		}
		placeholders(s, func(start, end int, name string) {
			got = append(got, [2]int{start, end})
			gotNames = append(gotNames, name)
		})
		if !slices.Equal(got, want) || !slices.Equal(gotNames, wantNames) {
			t.Errorf("%q: placeholders %v %q, regexp %v %q", s, got, gotNames, want, wantNames)
		}
	}
	nameRE := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, s := range []string{"", "a", "zpa_list_x", "Zpa", "1a", "_a", "a_1", "a-b", "aé", "a b"} {
		if snakeCase(s) != nameRE.MatchString(s) {
			t.Errorf("snakeCase(%q) = %t", s, snakeCase(s))
		}
	}
}
