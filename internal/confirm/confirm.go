// Package confirm implements the stateless, HMAC-signed confirmation tokens that gate destructive (DELETE) tools when
// the MCP client cannot be asked directly (no elicitation capability).
//
// The first call of a delete tool returns "CONFIRMATION REQUIRED" with a token from [Confirmer.Issue]; the agent must
// ask its user and call again with that token, which [Confirmer.Redeem] checks and spends before the tool body runs.
//
// Compared with the reference server (per-process random key, no principal binding), a token here:
//   - verifies on any replica that shares the key ring, and after a restart, because the HMAC key comes from
//     configuration ([ParseKeys]); the ring supports rotation: the first key signs, every key verifies, and the token
//     names its key (key id) so verification never has to try keys one by one;
//   - is bound to the caller's identity (when there is one), the tool name and the tool's exact arguments (through a
//     canonical JSON form, see [Canonical]);
//   - expires (TTL, default 300 s) and is single-use.
//
// # Token format
//
// A token is five dot-separated fields, zc1.<kid>.<expiry>.<nonce>.<mac>:
//   - "zc1": format version;
//   - kid: 8 lowercase hex digits, a key id derived from the ring key with HMAC (it reveals nothing about the key);
//   - expiry: Unix seconds, decimal;
//   - nonce: 16 random bytes, unpadded base64url (22 chars);
//   - mac: HMAC-SHA256, unpadded base64url (43 chars), over the version, kid, expiry, nonce, tool name, caller
//     identity and canonical arguments (each length-prefixed), keyed with a subkey derived from the ring key.
//
// The token is about 90 ASCII characters from [A-Za-z0-9._-]: no spaces, nothing JSON needs to escape. It never carries
// the caller identity or argument values in clear.
//
// # Limits
//
// Single use is enforced by a ledger of spent tokens kept in memory, per process. In a multi-replica (stateless)
// deployment a token spent on one replica is not known to the others, so within its TTL a spent token could be replayed
// once on each OTHER replica. What that replay would repeat is the same delete, of the same resource, by the same
// caller, with the same arguments (deletes are idempotent: the repeat finds nothing or the resource already gone). It
// cannot be used for another tool, other arguments or another caller. Keep the TTL short.
//
// The agent that receives the token can also redeem it without asking anybody: this path makes the confirmation step
// explicit and auditable; it is not a defence against a prompt-injected agent. Native elicitation is preferred whenever
// the client supports it.
package confirm

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTTL is the token lifetime used when Options.TTL is zero.
const DefaultTTL = 300 * time.Second

const (
	version     = "zc1"
	kidLen      = 4
	nonceLen    = 16
	macLen      = sha256.Size
	maxTokenLen = 200

	// ledgerSlack keeps spent entries a little past their expiry, so that a small backwards step of the wall clock
	// cannot make an expired-and-swept token look fresh and unspent again.
	ledgerSlack = time.Minute
	// minSweep is the ledger size below which no sweep is attempted.
	minSweep = 1024
)

var b64 = base64.RawURLEncoding.Strict()

// Errors returned by [Confirmer.Redeem]. Their messages are written for the agent that made the call.
var (
	ErrMalformed = errors.New("the confirmation token is malformed: pass back the exact confirmation_token string from the CONFIRMATION REQUIRED message")
	ErrMismatch  = errors.New("the confirmation token does not match this call (a different tool, other arguments, or another caller)")
	ErrExpired   = errors.New("the confirmation token has expired: ask the user to confirm again using a new token")
	ErrUsed      = errors.New("the confirmation token has already been used: each token confirms a single call")
)

// Options configure a [Confirmer].
type Options struct {
	// Keys is the HMAC key ring (see [ParseKeys]). The first key signs; all keys verify. Each key must be at least 32
	// bytes. Nil or empty means one random per-process key: tokens then do not survive a restart and do not verify on
	// other replicas ([Confirmer.Ephemeral] reports true).
	Keys [][]byte
	// TTL is the token lifetime; 0 means [DefaultTTL]. It is rounded up to whole seconds in the token.
	TTL time.Duration
	// Now is a test hook; nil means time.Now.
	Now func() time.Time
}

type ringKey struct {
	id  [kidLen]byte
	mac []byte // subkey used for the token MAC; the configured key itself is not kept
}

// Confirmer issues and redeems confirmation tokens. It is safe for concurrent use.
type Confirmer struct {
	keys      []ringKey // keys[0] signs
	byID      map[[kidLen]byte][]int
	ttl       time.Duration
	now       func() time.Time
	ephemeral bool

	mu        sync.Mutex
	spent     map[[macLen]byte]int64 // MAC of a spent token → Unix second after which it can be forgotten
	nextSweep int
}

// New builds a Confirmer. It fails on a key shorter than 32 bytes or a negative TTL.
func New(opts Options) (*Confirmer, error) {
	if opts.TTL < 0 {
		return nil, fmt.Errorf("confirmation TTL must not be negative (got %s)", opts.TTL)
	}
	c := &Confirmer{
		ttl:       opts.TTL,
		now:       opts.Now,
		byID:      make(map[[kidLen]byte][]int),
		spent:     make(map[[macLen]byte]int64),
		nextSweep: minSweep,
	}
	if c.ttl == 0 {
		c.ttl = DefaultTTL
	}
	if c.now == nil {
		c.now = time.Now
	}
	keys := opts.Keys
	if len(keys) == 0 {
		k := make([]byte, 32)
		if _, err := rand.Read(k); err != nil {
			return nil, fmt.Errorf("generating a per-process confirmation key: %w", err)
		}
		keys = [][]byte{k}
		c.ephemeral = true
	}
	for i, k := range keys {
		if len(k) < MinKeyLen {
			return nil, fmt.Errorf("confirmation key %d of %d is %d bytes, need at least %d", i+1, len(keys), len(k), MinKeyLen)
		}
		rk := deriveKey(k)
		c.byID[rk.id] = append(c.byID[rk.id], len(c.keys))
		c.keys = append(c.keys, rk)
	}
	return c, nil
}

func deriveKey(k []byte) ringKey {
	var rk ringKey
	id := hmacSum(k, []byte("zscaler-mcp/confirm/v1/key-id"))
	copy(rk.id[:], id)
	rk.mac = hmacSum(k, []byte("zscaler-mcp/confirm/v1/mac-key"))
	return rk
}

func hmacSum(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// Ephemeral reports whether the Confirmer uses a random per-process key (no key ring configured): its tokens do not
// survive a restart and do not verify on other replicas.
func (c *Confirmer) Ephemeral() bool { return c.ephemeral }

// TTL returns the token lifetime in use.
func (c *Confirmer) TTL() time.Duration { return c.ttl }

// Issue returns a token for calling tool with args (the tool's arguments WITHOUT any confirmation_token or kwargs; top-level
// keys of those two names are ignored anyway) for caller ("" when there is no authenticated identity), and the time at
// which it expires.
//
// If args cannot be canonicalized (a value with no JSON form, such as NaN or a channel, or a string that is not valid
// UTF-8), the token is still well-formed but bound to a random value, so no call can ever redeem it (fail closed).
func (c *Confirmer) Issue(tool string, args map[string]any, caller string) (token string, expires time.Time) {
	t := c.now().Add(c.ttl)
	exp := t.Unix()
	if t.Nanosecond() != 0 {
		exp++ // round up: a token never lives shorter than the TTL
	}
	var nonce [nonceLen]byte
	mustRandom(nonce[:])

	canon, err := canonicalArgs(args)
	if err != nil {
		canon = make([]byte, 32)
		mustRandom(canon)
		canon = append([]byte("!unbindable:"), canon...)
	}
	k := c.keys[0]
	mac := computeMAC(k, exp, nonce[:], tool, caller, canon)

	var sb strings.Builder
	sb.Grow(100)
	sb.WriteString(version)
	sb.WriteByte('.')
	sb.WriteString(hex.EncodeToString(k.id[:]))
	sb.WriteByte('.')
	sb.WriteString(strconv.FormatInt(exp, 10))
	sb.WriteByte('.')
	sb.WriteString(b64.EncodeToString(nonce[:]))
	sb.WriteByte('.')
	sb.WriteString(b64.EncodeToString(mac))
	return sb.String(), time.Unix(exp, 0)
}

func mustRandom(b []byte) {
	if _, err := rand.Read(b); err != nil {
		// crypto/rand.Read does not fail on supported platforms (Go ≥ 1.24); never hand out a predictable nonce.
		panic("confirm: crypto/rand failed: " + err.Error())
	}
}

// Redeem checks token against the call (tool, args, caller — as for Issue) and, if it is valid, spends it.
//
// Checks, in order: malformed → [ErrMalformed]; unknown key id, bad signature, or a different tool, arguments or caller →
// [ErrMismatch]; expired → [ErrExpired]; already spent → [ErrUsed]. Only a token that passes all checks is spent: a
// mismatching token stays redeemable by the call it was issued for. Leading and trailing white space is ignored.
func (c *Confirmer) Redeem(token, tool string, args map[string]any, caller string) error {
	tok, ok := parseToken(strings.TrimSpace(token))
	if !ok {
		return ErrMalformed
	}
	idx := c.byID[tok.kid]
	if len(idx) == 0 {
		return ErrMismatch
	}
	canon, err := canonicalArgs(args)
	if err != nil {
		return ErrMismatch
	}
	matched := false
	for _, i := range idx { // almost always exactly one key per id
		want := computeMAC(c.keys[i], tok.exp, tok.nonce[:], tool, caller, canon)
		if hmac.Equal(want, tok.mac[:]) {
			matched = true
		}
	}
	if !matched {
		return ErrMismatch
	}
	now := c.now()
	if !now.Before(time.Unix(tok.exp, 0)) {
		return ErrExpired
	}
	return c.spend(tok.mac, tok.exp, now)
}

func (c *Confirmer) spend(mac [macLen]byte, exp int64, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.spent[mac]; dup {
		return ErrUsed
	}
	c.spent[mac] = exp + int64(ledgerSlack/time.Second)
	if len(c.spent) >= c.nextSweep {
		nowSec := now.Unix()
		for m, forget := range c.spent {
			if forget < nowSec {
				delete(c.spent, m)
			}
		}
		c.nextSweep = max(minSweep, 2*len(c.spent))
	}
	return nil
}

// spentLen returns the ledger size (for tests).
func (c *Confirmer) spentLen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.spent)
}

type parsedToken struct {
	kid   [kidLen]byte
	exp   int64
	nonce [nonceLen]byte
	mac   [macLen]byte
}

// parseToken accepts only the exact canonical encoding of a token, so that a token has one spelling.
func parseToken(s string) (parsedToken, bool) {
	var t parsedToken
	if len(s) == 0 || len(s) > maxTokenLen {
		return t, false
	}
	parts := strings.Split(s, ".")
	if len(parts) != 5 || parts[0] != version {
		return t, false
	}
	kid, err := hex.DecodeString(parts[1])
	if err != nil || len(kid) != kidLen || hex.EncodeToString(kid) != parts[1] {
		return t, false
	}
	copy(t.kid[:], kid)
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || exp <= 0 || strconv.FormatInt(exp, 10) != parts[2] {
		return t, false
	}
	t.exp = exp
	nonce, err := b64.DecodeString(parts[3])
	if err != nil || len(nonce) != nonceLen {
		return t, false
	}
	copy(t.nonce[:], nonce)
	mac, err := b64.DecodeString(parts[4])
	if err != nil || len(mac) != macLen {
		return t, false
	}
	copy(t.mac[:], mac)
	return t, true
}

// computeMAC signs every field that binds the token; variable-length fields are length-prefixed so that no two
// different (tool, caller, args) triples produce the same input.
func computeMAC(k ringKey, exp int64, nonce []byte, tool, caller string, canon []byte) []byte {
	m := hmac.New(sha256.New, k.mac)
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		m.Write(n[:])
		m.Write(b)
	}
	field([]byte(version))
	field(k.id[:])
	binary.BigEndian.PutUint64(n[:], uint64(exp))
	m.Write(n[:])
	field(nonce)
	field([]byte(tool))
	field([]byte(caller))
	field(canon)
	return m.Sum(nil)
}
