package confirm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func newConfirmer(t *testing.T, clk *fakeClock, keys ...[]byte) *Confirmer {
	t.Helper()
	c, err := New(Options{Keys: keys, Now: clk.Now})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

const delTool = "zpa_delete_segment_group"

func delArgs() map[string]any { return map[string]any{"group_id": "7429"} }

func mustRedeem(t *testing.T, c *Confirmer, tok, tool string, args map[string]any, caller string) {
	t.Helper()
	if err := c.Redeem(tok, tool, args, caller); err != nil {
		t.Fatalf("Redeem(%s, %v, %q) = %v, want nil", tool, args, caller, err)
	}
}

func wantErr(t *testing.T, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("got error %v, want %v", got, want)
	}
}

func TestIssueRedeem(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	tok, exp := c.Issue(delTool, delArgs(), "alice")
	if want := clk.Now().Add(DefaultTTL); !exp.Equal(want) {
		t.Fatalf("expires = %v, want %v", exp, want)
	}
	mustRedeem(t, c, tok, delTool, delArgs(), "alice")
}

func TestTokenShape(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	args := map[string]any{"group_id": "segment-group-very-secret-name", "count": json.Number("987654321987")}
	tok, _ := c.Issue(delTool, args, "alice@example.com")
	if len(tok) >= 200 {
		t.Fatalf("token is %d chars, want < 200", len(tok))
	}
	for _, r := range tok {
		if r > 0x7e || r <= 0x20 {
			t.Fatalf("token %q has a non-printable-ASCII or space character %q", tok, r)
		}
	}
	j, _ := json.Marshal(tok)
	if string(j) != `"`+tok+`"` {
		t.Fatalf("token needs JSON escaping: %s", j)
	}
	for _, secret := range []string{"alice", "example.com", "segment", "secret", "987654321987",
		base64.RawURLEncoding.EncodeToString([]byte("alice@example.com"))} {
		if strings.Contains(tok, secret) {
			t.Fatalf("token %q carries %q in clear", tok, secret)
		}
	}
	if !strings.HasPrefix(tok, "zc1.") || strings.Count(tok, ".") != 4 {
		t.Fatalf("token %q does not have the zc1.<kid>.<exp>.<nonce>.<mac> shape", tok)
	}
}

func TestReuse(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	tok, _ := c.Issue(delTool, delArgs(), "")
	mustRedeem(t, c, tok, delTool, delArgs(), "")
	wantErr(t, c.Redeem(tok, delTool, delArgs(), ""), ErrUsed)
	wantErr(t, c.Redeem(tok, delTool, delArgs(), ""), ErrUsed)
}

func TestMismatchDoesNotSpend(t *testing.T) {
	cases := []struct {
		name   string
		tool   string
		args   map[string]any
		caller string
	}{
		{"other args", delTool, map[string]any{"group_id": "9999"}, "alice"},
		{"extra arg", delTool, map[string]any{"group_id": "7429", "force": true}, "alice"},
		{"missing arg", delTool, map[string]any{}, "alice"},
		{"nil args", delTool, nil, "alice"},
		{"other tool", "zpa_delete_server_group", delArgs(), "alice"},
		{"other caller", delTool, delArgs(), "mallory"},
		{"no caller", delTool, delArgs(), ""},
		{"number instead of string", delTool, map[string]any{"group_id": json.Number("7429")}, "alice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			c := newConfirmer(t, clk, testKey(1))
			tok, _ := c.Issue(delTool, delArgs(), "alice")
			wantErr(t, c.Redeem(tok, tc.tool, tc.args, tc.caller), ErrMismatch)
			wantErr(t, c.Redeem(tok, tc.tool, tc.args, tc.caller), ErrMismatch) // still a mismatch, not "used"
			if n := c.spentLen(); n != 0 {
				t.Fatalf("a mismatching redeem spent something: ledger has %d entries", n)
			}
			mustRedeem(t, c, tok, delTool, delArgs(), "alice")
		})
	}
}

func TestAnonymousTokenNotForAuthenticatedCaller(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	tok, _ := c.Issue(delTool, delArgs(), "")
	wantErr(t, c.Redeem(tok, delTool, delArgs(), "alice"), ErrMismatch)
	mustRedeem(t, c, tok, delTool, delArgs(), "")
}

func TestExpiry(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	early, _ := c.Issue(delTool, delArgs(), "")
	late, _ := c.Issue(delTool, delArgs(), "")
	clk.Advance(DefaultTTL - time.Second)
	mustRedeem(t, c, early, delTool, delArgs(), "")
	clk.Advance(time.Second)
	wantErr(t, c.Redeem(late, delTool, delArgs(), ""), ErrExpired)
	// A spent token past its expiry reports expiry, and a mismatching expired one reports the mismatch first.
	wantErr(t, c.Redeem(early, delTool, delArgs(), ""), ErrExpired)
	wantErr(t, c.Redeem(late, delTool, map[string]any{"group_id": "1"}, ""), ErrMismatch)
}

func TestCustomTTLRoundsUp(t *testing.T) {
	clk := newClock()
	clk.Advance(300 * time.Millisecond)
	c, err := New(Options{Keys: [][]byte{testKey(1)}, TTL: time.Second, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if c.TTL() != time.Second {
		t.Fatalf("TTL() = %v", c.TTL())
	}
	tok, exp := c.Issue(delTool, delArgs(), "")
	if exp.Sub(clk.Now()) < time.Second {
		t.Fatalf("token lives %v, shorter than the TTL", exp.Sub(clk.Now()))
	}
	clk.Advance(time.Second - time.Millisecond)
	if err := c.Redeem(tok, delTool, delArgs(), ""); err != nil {
		t.Fatalf("redeem within the TTL: %v", err)
	}
	tok2, _ := c.Issue(delTool, delArgs(), "")
	clk.Advance(2 * time.Second)
	wantErr(t, c.Redeem(tok2, delTool, delArgs(), ""), ErrExpired)
}

func TestTwoIssuesDiffer(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	seen := map[string]bool{}
	for range 100 {
		tok, _ := c.Issue(delTool, delArgs(), "alice")
		if seen[tok] {
			t.Fatalf("token %q issued twice", tok)
		}
		seen[tok] = true
	}
	// And each of them is redeemable exactly once, independently.
	for tok := range seen {
		mustRedeem(t, c, tok, delTool, delArgs(), "alice")
	}
}

func TestOtherReplicaAndRestart(t *testing.T) {
	clk := newClock()
	ring, err := ParseKeys(base64.StdEncoding.EncodeToString(testKey(7)))
	if err != nil {
		t.Fatal(err)
	}
	a := newConfirmer(t, clk, ring...)
	b := newConfirmer(t, clk, testKey(7)) // another replica, or the same one after a restart
	if a.Ephemeral() || b.Ephemeral() {
		t.Fatal("a confirmer with a key ring reports Ephemeral")
	}
	tok, _ := a.Issue(delTool, delArgs(), "alice")
	wantErr(t, b.Redeem(tok, delTool, delArgs(), "mallory"), ErrMismatch)
	mustRedeem(t, b, tok, delTool, delArgs(), "alice")
	wantErr(t, b.Redeem(tok, delTool, delArgs(), "alice"), ErrUsed)
}

func TestRotation(t *testing.T) {
	clk := newClock()
	oldK, newK := testKey(1), testKey(2)
	before := newConfirmer(t, clk, oldK)
	during := newConfirmer(t, clk, newK, oldK)
	after := newConfirmer(t, clk, newK)

	oldTok, _ := before.Issue(delTool, delArgs(), "alice")
	oldTok2, _ := before.Issue(delTool, delArgs(), "alice")
	mustRedeem(t, during, oldTok, delTool, delArgs(), "alice")
	wantErr(t, after.Redeem(oldTok2, delTool, delArgs(), "alice"), ErrMismatch)

	// The first key signs: a token from [new, old] verifies without the old key, and not on a ring of the old key only.
	newTok, _ := during.Issue(delTool, delArgs(), "alice")
	if keyID(newTok) == keyID(oldTok) {
		t.Fatalf("both tokens name key %s; the first key of the ring must sign", keyID(newTok))
	}
	wantErr(t, before.Redeem(newTok, delTool, delArgs(), "alice"), ErrMismatch)
	mustRedeem(t, after, newTok, delTool, delArgs(), "alice")
}

func keyID(tok string) string { return strings.Split(tok, ".")[1] }

func TestEphemeral(t *testing.T) {
	clk := newClock()
	a := newConfirmer(t, clk)
	b := newConfirmer(t, clk)
	if !a.Ephemeral() || !b.Ephemeral() {
		t.Fatal("confirmers without keys must be Ephemeral")
	}
	tok, _ := a.Issue(delTool, delArgs(), "")
	wantErr(t, b.Redeem(tok, delTool, delArgs(), ""), ErrMismatch)
	mustRedeem(t, a, tok, delTool, delArgs(), "")
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(Options{Keys: [][]byte{testKey(1), make([]byte, 31)}}); err == nil {
		t.Fatal("New accepted a 31-byte key")
	}
	if _, err := New(Options{Keys: [][]byte{testKey(1)}, TTL: -time.Second}); err == nil {
		t.Fatal("New accepted a negative TTL")
	}
}

func TestMalformed(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	good, _ := c.Issue(delTool, delArgs(), "")
	parts := strings.Split(good, ".")
	join := func(p ...string) string { return strings.Join(p, ".") }
	cases := map[string]string{
		"empty":               "",
		"blank":               "   ",
		"garbage":             "garbage",
		"reference format":    "1767225600:0123456789abcdef:" + strings.Repeat("ab", 32),
		"truncated":           good[:len(good)-5],
		"truncated one char":  good[:len(good)-1],
		"last part missing":   join(parts[:4]...),
		"extra part":          good + ".x",
		"wrong version":       join("zc2", parts[1], parts[2], parts[3], parts[4]),
		"no version":          join(parts[1:]...),
		"uppercase kid":       join(parts[0], strings.ToUpper(parts[1]), parts[2], parts[3], parts[4]),
		"short kid":           join(parts[0], parts[1][:6], parts[2], parts[3], parts[4]),
		"expiry not a number": join(parts[0], parts[1], "soon", parts[3], parts[4]),
		"expiry leading zero": join(parts[0], parts[1], "0"+parts[2], parts[3], parts[4]),
		"expiry negative":     join(parts[0], parts[1], "-"+parts[2], parts[3], parts[4]),
		"expiry zero":         join(parts[0], parts[1], "0", parts[3], parts[4]),
		"padded nonce":        join(parts[0], parts[1], parts[2], parts[3]+"==", parts[4]),
		"std base64 mac":      join(parts[0], parts[1], parts[2], parts[3], strings.NewReplacer("-", "+", "_", "/").Replace(parts[4])+"+"),
		"short nonce":         join(parts[0], parts[1], parts[2], parts[3][:20], parts[4]),
		"too long":            good + strings.Repeat("A", 200),
		"spaces inside":       strings.Replace(good, ".", " . ", 1),
	}
	if strings.ToUpper(parts[1]) == parts[1] {
		delete(cases, "uppercase kid") // no letters in this kid; the case cannot be built
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			wantErr(t, c.Redeem(tok, delTool, delArgs(), ""), ErrMalformed)
		})
	}
	mustRedeem(t, c, " "+good+"\n", delTool, delArgs(), "")
}

func TestTamperedIsMismatch(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	good, _ := c.Issue(delTool, delArgs(), "")
	parts := strings.Split(good, ".")
	flip := func(s string) string { // change the first character to another of the same alphabet
		r := []byte(s)
		if r[0] == 'A' {
			r[0] = 'B'
		} else {
			r[0] = 'A'
		}
		return string(r)
	}
	join := func(p ...string) string { return strings.Join(p, ".") }
	for name, tok := range map[string]string{
		"unknown kid":  join(parts[0], "00000000", parts[2], parts[3], parts[4]),
		"later expiry": join(parts[0], parts[1], "9"+parts[2], parts[3], parts[4]),
		"other nonce":  join(parts[0], parts[1], parts[2], flip(parts[3]), parts[4]),
		"other mac":    join(parts[0], parts[1], parts[2], parts[3], flip(parts[4])),
	} {
		t.Run(name, func(t *testing.T) {
			if _, ok := parseToken(tok); !ok {
				t.Fatalf("test token %q should be well-formed", tok)
			}
			wantErr(t, c.Redeem(tok, delTool, delArgs(), ""), ErrMismatch)
		})
	}
	mustRedeem(t, c, good, delTool, delArgs(), "")
}

func TestUncanonicalizableArgsFailClosed(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	bad := map[string]any{"x": make(chan int)}
	tok, _ := c.Issue(delTool, bad, "")
	if _, ok := parseToken(tok); !ok {
		t.Fatalf("token %q is malformed", tok)
	}
	wantErr(t, c.Redeem(tok, delTool, bad, ""), ErrMismatch)
	wantErr(t, c.Redeem(tok, delTool, map[string]any{"x": nil}, ""), ErrMismatch)
	wantErr(t, c.Redeem(tok, delTool, map[string]any{}, ""), ErrMismatch)
}

func TestArgsKeyOrderAndConversions(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	var issued map[string]any
	if err := json.Unmarshal([]byte(`{"b":{"y":[1,"2",{"q":true,"p":null}],"x":1.50},"a":"7429"}`), &issued); err != nil {
		t.Fatal(err)
	}
	tok, _ := c.Issue(delTool, issued, "")
	var redeemed map[string]any
	dec := json.NewDecoder(strings.NewReader(`{"a":"7429","b":{"x":1.50,"y":[1,"2",{"p":null,"q":true}]}}`))
	dec.UseNumber()
	if err := dec.Decode(&redeemed); err != nil {
		t.Fatal(err)
	}
	// float64 1.5 (plain Unmarshal) versus json.Number "1.50" (UseNumber): numbers as written, so these differ.
	wantErr(t, c.Redeem(tok, delTool, redeemed, ""), ErrMismatch)
	var plain map[string]any
	if err := json.Unmarshal([]byte(`{"a":"7429","b":{"x":1.50,"y":[1,"2",{"p":null,"q":true}]}}`), &plain); err != nil {
		t.Fatal(err)
	}
	mustRedeem(t, c, tok, delTool, plain, "")

	tok2, _ := c.Issue(delTool, map[string]any{"ids": []string{"1", "2"}, "n": int64(7429)}, "")
	mustRedeem(t, c, tok2, delTool, map[string]any{"n": json.Number("7429"), "ids": []any{"1", "2"}}, "")
}

func TestConfirmationKeysIgnoredInArgs(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	tok, _ := c.Issue(delTool, map[string]any{"group_id": "7429", "kwargs": `{"confirmed": true}`}, "")
	mustRedeem(t, c, tok, delTool, map[string]any{"group_id": "7429", "confirmation_token": tok}, "")
}

func TestConcurrentRedeem(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	tok, _ := c.Issue(delTool, delArgs(), "alice")
	const n = 16
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = c.Redeem(tok, delTool, delArgs(), "alice")
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrUsed):
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of %d concurrent redeems succeeded, want exactly 1", ok, n)
	}
}

func TestLedgerSweep(t *testing.T) {
	clk := newClock()
	c := newConfirmer(t, clk, testKey(1))
	var first string
	for i := range minSweep - 1 {
		tok, _ := c.Issue(delTool, delArgs(), "")
		if i == 0 {
			first = tok
		}
		mustRedeem(t, c, tok, delTool, delArgs(), "")
	}
	if got := c.spentLen(); got != minSweep-1 {
		t.Fatalf("ledger has %d entries, want %d", got, minSweep-1)
	}
	// Past expiry plus slack, the next spend sweeps everything that expired.
	clk.Advance(DefaultTTL + ledgerSlack + 2*time.Second)
	tok, _ := c.Issue(delTool, delArgs(), "")
	mustRedeem(t, c, tok, delTool, delArgs(), "")
	if got := c.spentLen(); got != 1 {
		t.Fatalf("after the sweep the ledger has %d entries, want 1", got)
	}
	wantErr(t, c.Redeem(first, delTool, delArgs(), ""), ErrExpired)
	wantErr(t, c.Redeem(tok, delTool, delArgs(), ""), ErrUsed)
}

func TestErrorMessages(t *testing.T) {
	for err, want := range map[error]string{
		ErrMalformed: "malformed",
		ErrMismatch:  "does not match",
		ErrExpired:   "expired",
		ErrUsed:      "already been used",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not contain %q", err, want)
		}
	}
}
