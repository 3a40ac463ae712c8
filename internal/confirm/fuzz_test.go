package confirm

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzRedeem feeds arbitrary tokens to Redeem: it must never panic, never succeed (no token was issued for this exact
// call), and always return one of the four typed errors.
func FuzzRedeem(f *testing.F) {
	clk := newClock()
	issuer, err := New(Options{Keys: [][]byte{testKey(1)}, Now: clk.Now})
	if err != nil {
		f.Fatal(err)
	}
	other, _ := New(Options{Keys: [][]byte{testKey(2)}, Now: clk.Now})
	// Seeds: tokens for other calls from the same key, a token from another key, and damaged versions.
	a, _ := issuer.Issue("zpa_delete_server_group", delArgs(), "alice")
	b, _ := issuer.Issue(delTool, map[string]any{"group_id": "9999"}, "alice")
	c, _ := other.Issue(delTool, delArgs(), "alice")
	for _, s := range []string{
		"", "zc1", "zc1....", "zc1.00000000.1.A.A", a, b, c, a[:len(a)-3], strings.ToUpper(b), " " + c + " ",
		strings.Replace(a, ".", "..", 1), "1767225600:0123456789abcdef:" + strings.Repeat("0", 64),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		v, err := New(Options{Keys: [][]byte{testKey(1)}, Now: func() time.Time { return clk.Now() }})
		if err != nil {
			t.Fatal(err)
		}
		err = v.Redeem(tok, delTool, delArgs(), "alice")
		if err == nil {
			t.Fatalf("Redeem(%q) succeeded", tok)
		}
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrMismatch) && !errors.Is(err, ErrExpired) && !errors.Is(err, ErrUsed) {
			t.Fatalf("Redeem(%q) = untyped error %v", tok, err)
		}
	})
}
