package confirm

import (
	"encoding/json"
	"maps"
	"reflect"
	"testing"
)

func TestTokenFrom(t *testing.T) {
	const tok = "zc1.0123abcd.1767225600.AAAAAAAAAAAAAAAAAAAAAA.BBBB"
	base := func() map[string]any { return map[string]any{"group_id": "7429", "microtenant_id": nil} }
	with := func(k string, v any) map[string]any {
		m := base()
		m[k] = v
		return m
	}
	doubly, _ := json.Marshal(`{"confirmation_token": "` + tok + `"}`)
	cases := []struct {
		name string
		args map[string]any
		want string
	}{
		{"none", base(), ""},
		{"nil args", nil, ""},
		{"top level", with("confirmation_token", tok), tok},
		{"top level padded", with("confirmation_token", "  "+tok+"\n"), tok},
		{"kwargs object", with("kwargs", map[string]any{"confirmation_token": tok}), tok},
		{"kwargs string map", with("kwargs", map[string]string{"confirmation_token": tok}), tok},
		{"kwargs JSON string", with("kwargs", `{"confirmation_token":"`+tok+`"}`), tok},
		{"kwargs JSON string spaced", with("kwargs", ` { "confirmation_token" : "`+tok+`" } `), tok},
		{"kwargs doubly encoded", with("kwargs", string(doubly)), tok},
		{"kwargs raw message", with("kwargs", json.RawMessage(`{"confirmation_token":"`+tok+`"}`)), tok},
		{"kwargs legacy confirmed", with("kwargs", map[string]any{"confirmed": true}), ""},
		{"kwargs legacy confirmed string", with("kwargs", `{"confirm": true}`), ""},
		{"kwargs plain text", with("kwargs", "please delete it"), ""},
		{"kwargs bare token", with("kwargs", tok), ""},
		{"kwargs empty string", with("kwargs", ""), ""},
		{"kwargs number", with("kwargs", json.Number("5")), ""},
		{"kwargs null", with("kwargs", nil), ""},
		{"kwargs array", with("kwargs", []any{map[string]any{"confirmation_token": tok}}), ""},
		{"kwargs JSON array", with("kwargs", `[{"confirmation_token":"`+tok+`"}]`), ""},
		{"kwargs token not a string", with("kwargs", map[string]any{"confirmation_token": json.Number("12")}), ""},
		{"kwargs truncated JSON", with("kwargs", `{"confirmation_token":"`+tok), ""},
		{"top-level token not a string", with("confirmation_token", true), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var orig map[string]any
			if tc.args != nil {
				orig = maps.Clone(tc.args)
			}
			got, rest := TokenFrom(tc.args)
			if got != tc.want {
				t.Errorf("token = %q, want %q", got, tc.want)
			}
			if _, ok := rest["confirmation_token"]; ok {
				t.Error("rest still has confirmation_token")
			}
			if _, ok := rest["kwargs"]; ok {
				t.Error("rest still has kwargs")
			}
			if rest == nil {
				t.Fatal("rest is nil")
			}
			if tc.args != nil && !reflect.DeepEqual(rest, base()) {
				t.Errorf("rest = %v, want %v", rest, base())
			}
			if tc.args != nil && !reflect.DeepEqual(tc.args, orig) {
				t.Errorf("TokenFrom modified its input: %v, was %v", tc.args, orig)
			}
		})
	}
}

func TestTokenFromTopLevelWins(t *testing.T) {
	got, _ := TokenFrom(map[string]any{
		"confirmation_token": "top",
		"kwargs":             map[string]any{"confirmation_token": "nested"},
	})
	if got != "top" {
		t.Fatalf("token = %q, want the top-level one", got)
	}
	got, _ = TokenFrom(map[string]any{
		"confirmation_token": " ",
		"kwargs":             `{"confirmation_token":"nested"}`,
	})
	if got != "nested" {
		t.Fatalf("token = %q, want the kwargs one when the top-level one is blank", got)
	}
}

// The full round trip the server does: first call, then a second call carrying the token in kwargs as a JSON string.
func TestTokenFromRoundTrip(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(3))
	first := decodeUseNumber(t, `{"group_id": "7429", "kwargs": "{\"confirmed\": true}"}`)
	tok0, rest0 := TokenFrom(first)
	if tok0 != "" {
		t.Fatalf("unexpected token %q", tok0)
	}
	tok, _ := c.Issue(delTool, rest0, "alice")
	kw, _ := json.Marshal(map[string]string{"confirmation_token": tok})
	second, _ := json.Marshal(map[string]any{"group_id": "7429", "kwargs": string(kw)})
	got, rest := TokenFrom(decodeUseNumber(t, string(second)))
	if got != tok {
		t.Fatalf("extracted %q, want %q", got, tok)
	}
	mustRedeem(t, c, got, delTool, rest, "alice")
	wrong, _ := json.Marshal(map[string]any{"group_id": "9999", "confirmation_token": tok})
	got, rest = TokenFrom(decodeUseNumber(t, string(wrong)))
	wantErr(t, c.Redeem(got, delTool, rest, "alice"), ErrMismatch)
}
