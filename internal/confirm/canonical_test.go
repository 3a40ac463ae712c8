package confirm

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func decodeUseNumber(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return m
}

func canon(t *testing.T, m map[string]any) string {
	t.Helper()
	b, err := Canonical(m)
	if err != nil {
		t.Fatalf("Canonical(%v): %v", m, err)
	}
	return string(b)
}

func TestCanonicalForm(t *testing.T) {
	cases := []struct {
		in   map[string]any
		want string
	}{
		{nil, `{}`},
		{map[string]any{}, `{}`},
		{decodeUseNumber(t, `{"b": 1, "a": "x"}`), `{"a":"x","b":1}`},
		{decodeUseNumber(t, `{"z": {"d": [3, 2.50, -1e5, null, true, false], "c": {}}, "a": []}`),
			`{"a":[],"z":{"c":{},"d":[3,2.50,-1e5,null,true,false]}}`},
		{map[string]any{"s": "quote\" back\\ nl\n tab\t us\x1f del\x7f <html> & é \u2028"},
			`{"s":"quote\" back\\ nl\u000a tab\u0009 us\u001f del` + "\x7f" + ` <html> & é ` + "\u2028" + `"}`},
		{map[string]any{"i": int64(7429), "f": float64(7429), "u": uint8(7), "f2": 0.1, "i32": int32(-3)},
			`{"f":7429,"f2":0.1,"i":7429,"i32":-3,"u":7}`},
		{map[string]any{"l": []string{"b", "a"}, "m": map[string]string{"y": "1", "x": "2"}},
			`{"l":["b","a"],"m":{"x":"2","y":"1"}}`},
		{map[string]any{"nilslice": []any(nil), "nilmap": map[string]any(nil)}, `{"nilmap":null,"nilslice":null}`},
		{map[string]any{"st": struct {
			B int    `json:"b"`
			A string `json:"a"`
		}{1, "x"}, "ints": []int{1, 2}}, `{"ints":[1,2],"st":{"a":"x","b":1}}`},
		{map[string]any{"a": 1, "confirmation_token": "zc1.x", "kwargs": map[string]any{"confirmed": true}}, `{"a":1}`},
	}
	for _, tc := range cases {
		if got := canon(t, tc.in); got != tc.want {
			t.Errorf("Canonical(%v)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestCanonicalKeyOrder(t *testing.T) {
	a := decodeUseNumber(t, `{"x": 1, "y": {"b": [1, {"k": "v", "j": "w"}], "a": "s"}, "w": null}`)
	b := decodeUseNumber(t, `{"w": null, "y": {"a": "s", "b": [1, {"j": "w", "k": "v"}]}, "x": 1}`)
	if canon(t, a) != canon(t, b) {
		t.Fatalf("same arguments in another key order canonicalize differently:\n%s\n%s", canon(t, a), canon(t, b))
	}
	// Array order is significant.
	c := decodeUseNumber(t, `{"w": null, "y": {"a": "s", "b": [{"j": "w", "k": "v"}, 1]}, "x": 1}`)
	if canon(t, a) == canon(t, c) {
		t.Fatal("arrays in another order canonicalize identically")
	}
}

func TestCanonicalDistinguishes(t *testing.T) {
	pairs := [][2]map[string]any{
		{{"id": "7429"}, {"id": json.Number("7429")}},
		{{"id": "7429"}, {"id": int64(7429)}},
		{{"id": "true"}, {"id": true}},
		{{"id": "null"}, {"id": nil}},
		{{"id": nil}, {}},
		{{"a": map[string]any{"b": "c"}}, {"a": `{"b":"c"}`}},
		{{"a": []any{"x", "y"}}, {"a": []any{"x,y"}}},
		{{"a": "b", "c": "d"}, {"a": `b","c":"d`}},
		{{"id": json.Number("1.0")}, {"id": json.Number("1")}},
		{{"k": "v"}, {"K": "v"}},
	}
	for _, p := range pairs {
		if canon(t, p[0]) == canon(t, p[1]) {
			t.Errorf("%#v and %#v canonicalize identically: %s", p[0], p[1], canon(t, p[0]))
		}
	}
}

func TestCanonicalEquivalences(t *testing.T) {
	pairs := [][2]map[string]any{
		{{"n": json.Number("7429")}, {"n": int64(7429)}},
		{{"n": json.Number("7429")}, {"n": float64(7429)}},
		{{"n": json.Number("7429")}, {"n": 7429}},
		{{"l": []string{"a", "b"}}, {"l": []any{"a", "b"}}},
		{{"m": map[string]string{"a": "b"}}, {"m": map[string]any{"a": "b"}}},
	}
	for _, p := range pairs {
		if canon(t, p[0]) != canon(t, p[1]) {
			t.Errorf("%#v and %#v should canonicalize identically: %s vs %s", p[0], p[1], canon(t, p[0]), canon(t, p[1]))
		}
	}
}

func TestCanonicalErrors(t *testing.T) {
	deep := map[string]any{}
	cur := deep
	for range maxDepth + 5 {
		next := map[string]any{}
		cur["d"] = next
		cur = next
	}
	for name, m := range map[string]map[string]any{
		"NaN":            {"x": math.NaN()},
		"Inf":            {"x": math.Inf(-1)},
		"bad number":     {"x": json.Number(`1,"y":2`)},
		"empty number":   {"x": json.Number("")},
		"bad utf8 value": {"x": "\xff"},
		"bad utf8 key":   {"\xfe": "x"},
		"channel":        {"x": make(chan int)},
		"too deep":       deep,
	} {
		if b, err := Canonical(m); err == nil {
			t.Errorf("%s: Canonical succeeded with %s, want an error", name, b)
		}
	}
}

func TestValidNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "7429", "1.5", "1.50", "-1e5", "2E+10", "0.0e-0"} {
		if !validNumber(s) {
			t.Errorf("validNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "01", "+1", "1.", ".5", "1e", "1e+", "0x10", "1 ", "NaN", "1,2"} {
		if validNumber(s) {
			t.Errorf("validNumber(%q) = true", s)
		}
	}
}
