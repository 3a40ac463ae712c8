package inboundauth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testIssuer   = "https://idp.example.test/oauth2/default"
	testAudience = "api://zscaler-mcp"
	cognitoID    = "7lq3cognitoclientid"
)

// testKeys are generated once per test binary.
var testKeys = sync.OnceValue(func() struct {
	rsa1, rsa2, rogue, rotated *rsa.PrivateKey
	ec1                        *ecdsa.PrivateKey
} {
	gen := func() *rsa.PrivateKey {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		return k
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return struct {
		rsa1, rsa2, rogue, rotated *rsa.PrivateKey
		ec1                        *ecdsa.PrivateKey
	}{gen(), gen(), gen(), gen(), ec}
})

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// rsaJWK renders a public RSA JWK; alg "" leaves the member out.
func rsaJWK(k *rsa.PrivateKey, kid, alg string) map[string]any {
	m := map[string]any{
		"kty": "RSA", "kid": kid, "use": "sig",
		"n": b64(k.N.Bytes()),
		"e": b64(big.NewInt(int64(k.E)).Bytes()),
	}
	if alg != "" {
		m["alg"] = alg
	}
	return m
}

func ecJWK(k *ecdsa.PrivateKey, kid string) map[string]any {
	raw, err := k.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil {
		panic(err)
	}
	return map[string]any{
		"kty": "EC", "kid": kid, "use": "sig", "alg": "ES256", "crv": "P-256",
		"x": b64(raw[1:33]), "y": b64(raw[33:65]),
	}
}

// jwtFixture is a local JWKS server plus helpers to sign tokens.
type jwtFixture struct {
	srv  *httptest.Server
	hits atomic.Int64
	down atomic.Bool // answer 502
	mu   sync.Mutex
	keys []map[string]any
	logs *logBuffer
}

func newJWTFixture(t testing.TB) *jwtFixture {
	t.Helper()
	k := testKeys()
	f := &jwtFixture{keys: []map[string]any{
		rsaJWK(k.rsa1, "k-rsa-1", "RS256"),
		rsaJWK(k.rsa2, "k-rsa-2", ""), // no alg: RS384 and PS256 may use it
		ecJWK(k.ec1, "k-ec-1"),
		func() map[string]any { m := rsaJWK(k.rotated, "k-enc", ""); m["use"] = "enc"; return m }(),
	}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/jwks" {
			http.NotFound(w, r)
			return
		}
		f.hits.Add(1)
		if f.down.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		f.mu.Lock()
		body, _ := json.Marshal(map[string]any{"keys": f.keys})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *jwtFixture) setKeys(keys ...map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = keys
}

func (f *jwtFixture) config() Config {
	logger, logs := newTestLogger()
	f.logs = logs
	return Config{
		Mode:       ModeJWT,
		JWKSURI:    f.srv.URL + "/jwks",
		Issuer:     testIssuer,
		Audience:   []string{testAudience, cognitoID},
		HTTPClient: f.srv.Client(),
		Logger:     logger,
	}
}

func (f *jwtFixture) authWith(t testing.TB, mutate func(*Config), o options) *Authenticator {
	t.Helper()
	c := f.config()
	if mutate != nil {
		mutate(&c)
	}
	a, err := newAuthenticator(t.Context(), c, o)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *jwtFixture) auth(t testing.TB, mutate func(*Config)) *Authenticator {
	t.Helper()
	return f.authWith(t, mutate, defaultOptions())
}

func claims(mod func(jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{
		"iss":   testIssuer,
		"aud":   testAudience,
		"sub":   "user-1",
		"iat":   now.Unix(),
		"nbf":   now.Add(-time.Second).Unix(),
		"exp":   now.Add(5 * time.Minute).Unix(),
		"scope": "zscaler.read openid",
	}
	if mod != nil {
		mod(c)
	}
	return c
}

func sign(t testing.TB, m jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bearer(tok string) string { return "Authorization: Bearer " + tok }

func TestJWTAccepts(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	a := f.auth(t, nil)
	p := &probe{}
	h := a.Middleware(p)
	cases := []struct {
		name         string
		tok          string
		wantSubject  string
		wantClientID string
		wantScopes   []string
	}{
		{"RS256", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(nil)), "user-1", "", []string{"zscaler.read", "openid"}},
		{"ES256", sign(t, jwt.SigningMethodES256, k.ec1, "k-ec-1", claims(nil)), "user-1", "", []string{"zscaler.read", "openid"}},
		{"RS384 on a key without alg", sign(t, jwt.SigningMethodRS384, k.rsa2, "k-rsa-2", claims(nil)), "user-1", "", nil},
		{"PS256", sign(t, jwt.SigningMethodPS256, k.rsa2, "k-rsa-2", claims(nil)), "user-1", "", nil},
		{"no kid", sign(t, jwt.SigningMethodRS256, k.rsa2, "", claims(nil)), "user-1", "", nil},
		{"aud list", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["aud"] = []string{"something-else", testAudience} })), "user-1", "", nil},
		{"cognito access token (client_id, no aud)", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) {
			delete(c, "aud")
			c["client_id"] = cognitoID
			c["token_use"] = "access"
			c["scope"] = "zscaler-mcp/invoke"
		})), "user-1", cognitoID, []string{"zscaler-mcp/invoke"}},
		{"machine token without sub", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) {
			delete(c, "sub")
			c["azp"] = "svc-client"
			delete(c, "scope")
			c["scp"] = []string{"a", "b"}
		})), "svc-client", "svc-client", []string{"a", "b"}},
		{"expired within the leeway", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-30 * time.Second).Unix() })), "user-1", "", nil},
		{"nbf within the leeway", sign(t, jwt.SigningMethodES256, k.ec1, "k-ec-1", claims(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(30 * time.Second).Unix() })), "user-1", "", nil},
	}
	hitsBefore := f.hits.Load()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := post(h, "", bearer(tc.tok))
			if rec.Code != http.StatusOK {
				t.Fatalf("refused: %d %s", rec.Code, rec.Body.String())
			}
			id, ok, _ := p.last()
			if !ok || id.Subject != tc.wantSubject || id.ClientID != tc.wantClientID || id.Platform {
				t.Fatalf("identity = %+v, want subject %q client %q", id, tc.wantSubject, tc.wantClientID)
			}
			if tc.wantScopes != nil && !slices.Equal(id.Scopes, tc.wantScopes) {
				t.Errorf("scopes = %v, want %v", id.Scopes, tc.wantScopes)
			}
		})
	}
	if n := f.hits.Load() - hitsBefore; n != 0 {
		t.Errorf("valid tokens with known kids caused %d JWKS fetches", n)
	}
}

func TestJWTRefuses(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)

	// An unknown kid triggers one on-demand refresh, after which it is still unknown.
	a := f.auth(t, nil)
	h := a.Middleware(&probe{})
	before := f.hits.Load()
	unknown := sign(t, jwt.SigningMethodRS256, k.rogue, "k-unknown", claims(nil))
	rec := post(h, "", bearer(unknown))
	checkRefused(t, rec, http.StatusUnauthorized, "Signing key not found", `Bearer error="invalid_token"`)
	if got := f.hits.Load() - before; got != 1 {
		t.Fatalf("an unknown kid caused %d JWKS fetches, want 1 refresh", got)
	}
	// The next unknown kid within the rate limit does not fetch again, and does not wait.
	start := time.Now()
	rec = post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rogue, "k-unknown-2", claims(nil))))
	checkRefused(t, rec, http.StatusUnauthorized, "", `Bearer error="invalid_token"`)
	if got := f.hits.Load() - before; got != 1 {
		t.Errorf("the on-demand refresh is not rate limited: %d fetches", got)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a rate-limited unknown kid waited %s", d)
	}

	good := sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(nil))
	parts := strings.Split(good, ".")
	tamperedPayload := func() string {
		payload, _ := json.Marshal(claims(func(c jwt.MapClaims) { c["sub"] = "admin" }))
		return parts[0] + "." + b64(payload) + "." + parts[2]
	}()
	tamperedSig := func() string {
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sig[len(sig)/2] ^= 0x01
		return parts[0] + "." + parts[1] + "." + b64(sig)
	}()
	pubDER, _ := x509.MarshalPKIXPublicKey(&k.rsa1.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	none := func() string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()
	noneWithKid := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil))
		tok.Header["kid"] = "k-rsa-1"
		s, _ := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		return s
	}()

	corpus := []struct {
		name, tok, reason string
	}{
		{"alg none", none, "algorithm not allowed"},
		{"alg none with a known kid", noneWithKid, "algorithm not allowed"},
		{"HS256 signed with the RSA public key PEM", sign(t, jwt.SigningMethodHS256, pubPEM, "k-rsa-1", claims(nil)), "algorithm not allowed"},
		{"HS256 signed with the RSA public key DER", sign(t, jwt.SigningMethodHS256, pubDER, "k-rsa-1", claims(nil)), "algorithm not allowed"},
		{"HS256 signed with the modulus", sign(t, jwt.SigningMethodHS256, k.rsa1.N.Bytes(), "", claims(nil)), "algorithm not allowed"},
		{"expired", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-2 * time.Minute).Unix() })), "Token has expired"},
		{"no exp", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { delete(c, "exp") })), "missing a required claim"},
		{"not yet valid", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(5 * time.Minute).Unix() })), "not valid yet"},
		{"issued in the future", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["iat"] = time.Now().Add(5 * time.Minute).Unix() })), "issued in the future"},
		{"wrong issuer", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example.test/" })), "Invalid token issuer"},
		{"issuer with a trailing slash", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["iss"] = testIssuer + "/" })), "Invalid token issuer"},
		{"no issuer", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { delete(c, "iss") })), "missing a required claim"},
		{"wrong audience", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["aud"] = "api://other" })), "Invalid token audience"},
		{"wrong audience with a matching client_id", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["aud"] = "api://other"; c["client_id"] = cognitoID })), "Invalid token audience"},
		{"no aud, wrong client_id", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { delete(c, "aud"); c["client_id"] = "someone-else" })), "Invalid token audience"},
		{"no aud, no client_id", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { delete(c, "aud") })), "Invalid token audience"},
		{"aud of the wrong type", sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["aud"] = 42 })), "Invalid token"},
		{"tampered payload", tamperedPayload, "Invalid token signature"},
		{"tampered signature", tamperedSig, "Invalid token signature"},
		{"signature removed", parts[0] + "." + parts[1] + ".", "Invalid token signature"},
		{"signed by a key outside the JWKS, claiming a JWKS kid", sign(t, jwt.SigningMethodRS256, k.rogue, "k-rsa-1", claims(nil)), "Invalid token signature"},
		{"signed by a key outside the JWKS, no kid", sign(t, jwt.SigningMethodRS256, k.rogue, "", claims(nil)), "Invalid token signature"},
		{"ES256 claiming an RSA key's kid", sign(t, jwt.SigningMethodES256, k.ec1, "k-rsa-1", claims(nil)), "Token could not be verified"},
		{"RS512 claiming the RS256-only key", sign(t, jwt.SigningMethodRS512, k.rsa1, "k-rsa-1", claims(nil)), "Token could not be verified"},
		{"signed with the JWKS's encryption key", sign(t, jwt.SigningMethodRS256, k.rotated, "k-enc", claims(nil)), "Token could not be verified"},
		{"garbage", "garbage", "Malformed token"},
		{"three garbage segments", "a.b.c", "Malformed token"},
		{"four segments", good + ".x", "Malformed token"},
		{"too large", strings.Repeat("a", maxCredentialLen+1), "Token too large"},
	}
	a = f.auth(t, nil)
	h = a.Middleware(&probe{})
	var bodies, secrets []string
	for _, tc := range corpus {
		t.Run(tc.name, func(t *testing.T) {
			rec := post(h, "", bearer(tc.tok))
			checkRefused(t, rec, http.StatusUnauthorized, tc.reason, `Bearer error="invalid_token", error_description="`)
			if !strings.Contains(rec.Header().Get("WWW-Authenticate"), `resource_metadata="http://127.0.0.1:8000/.well-known/oauth-protected-resource/mcp"`) {
				t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
			}
			bodies = append(bodies, rec.Body.String())
		})
		if len(tc.tok) > 12 {
			secrets = append(secrets, tc.tok)
		}
		if segs := strings.Split(tc.tok, "."); len(segs) == 3 && len(segs[2]) > 12 {
			secrets = append(secrets, segs[2])
		}
	}
	for _, tc := range []struct{ name, header, reason string }{
		{"no Authorization", "", "Bearer token required"},
		{"empty bearer", "Authorization: Bearer ", "Expected: Authorization: Bearer <token>"},
		{"basic", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("u:p")), "Expected: Authorization: Bearer <token>"},
		{"x-api-key only", "X-Api-Key: " + good, "Bearer token required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec *httptest.ResponseRecorder
			if tc.header == "" {
				rec = post(h, "")
			} else {
				rec = post(h, "", tc.header)
			}
			checkRefused(t, rec, http.StatusUnauthorized, tc.reason, `Bearer resource_metadata="http://127.0.0.1:8000/.well-known/oauth-protected-resource/mcp"`)
			bodies = append(bodies, rec.Body.String())
		})
	}
	secrets = append(secrets, good, parts[2])
	checkNoLeak(t, secrets, map[string]string{"response bodies": strings.Join(bodies, "\n"), "log": f.logs.String()})
	if !strings.Contains(f.logs.String(), "Invalid token issuer") {
		t.Error("refusals are not logged with their reason")
	}
}

func TestJWTAlgorithmAllowlist(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	a := f.auth(t, func(c *Config) { c.Algorithms = []string{"ES256"} })
	h := a.Middleware(&probe{})
	rec := post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(nil))))
	checkRefused(t, rec, http.StatusUnauthorized, "algorithm not allowed", "Bearer ")
	if rec := post(h, "", bearer(sign(t, jwt.SigningMethodES256, k.ec1, "k-ec-1", claims(nil)))); rec.Code != http.StatusOK {
		t.Fatalf("ES256 refused: %d %s", rec.Code, rec.Body.String())
	}
	// PS384 is not among the defaults
	b := f.auth(t, nil)
	rec = post(b.Middleware(&probe{}), "", bearer(sign(t, jwt.SigningMethodPS384, k.rsa2, "k-rsa-2", claims(nil))))
	checkRefused(t, rec, http.StatusUnauthorized, "algorithm not allowed", "Bearer ")
}

func TestJWTLeeway(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	tok := sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-90 * time.Second).Unix() }))
	checkRefused(t, post(f.auth(t, nil).Middleware(&probe{}), "", bearer(tok)), http.StatusUnauthorized, "expired", "Bearer ")
	if rec := post(f.auth(t, func(c *Config) { c.Leeway = 2 * time.Minute }).Middleware(&probe{}), "", bearer(tok)); rec.Code != http.StatusOK {
		t.Fatalf("a 2 min leeway refused a token expired 90 s ago: %d", rec.Code)
	}
}

func TestJWTKeyRotation(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	f.setKeys(rsaJWK(k.rsa1, "k-old", "RS256"))
	a := f.auth(t, nil)
	h := a.Middleware(&probe{})
	oldTok := sign(t, jwt.SigningMethodRS256, k.rsa1, "k-old", claims(nil))
	newTok := sign(t, jwt.SigningMethodRS256, k.rotated, "k-new", claims(nil))

	if rec := post(h, "", bearer(oldTok)); rec.Code != http.StatusOK {
		t.Fatalf("old key before rotation: %d %s", rec.Code, rec.Body.String())
	}

	f.setKeys(rsaJWK(k.rotated, "k-new", "RS256"))
	before := f.hits.Load()
	if rec := post(h, "", bearer(newTok)); rec.Code != http.StatusOK {
		t.Fatalf("new key after rotation: %d %s", rec.Code, rec.Body.String())
	}
	if got := f.hits.Load() - before; got != 1 {
		t.Fatalf("rotation took %d JWKS fetches, want 1 on-demand refresh", got)
	}
	if rec := post(h, "", bearer(newTok)); rec.Code != http.StatusOK || f.hits.Load()-before != 1 {
		t.Fatalf("the refreshed key is not cached: %d, fetches %d", rec.Code, f.hits.Load()-before)
	}
	// the withdrawn key is gone with the refresh
	checkRefused(t, post(h, "", bearer(oldTok)), http.StatusUnauthorized, "", `Bearer error="invalid_token"`)
}

func TestJWTPeriodicRefresh(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	o := defaultOptions()
	o.jwksRefreshInterval = 50 * time.Millisecond
	o.jwksUnknownKIDInterval = time.Hour
	a := f.authWith(t, nil, o)
	h := a.Middleware(&probe{})
	// spend the on-demand refresh, so that only the periodic one can bring the new key
	checkRefused(t, post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rogue, "k-nope", claims(nil)))), http.StatusUnauthorized, "", "Bearer ")
	f.setKeys(rsaJWK(k.rotated, "k-periodic", "RS256"))
	before := f.hits.Load()
	deadline := time.Now().Add(5 * time.Second)
	for f.hits.Load() < before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if rec := post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rotated, "k-periodic", claims(nil)))); rec.Code != http.StatusOK {
		t.Fatalf("the periodic refresh did not bring the new key: %d %s", rec.Code, rec.Body.String())
	}
}

func TestJWTJWKSUnreachableAtStart(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	f.down.Store(true)
	a := f.auth(t, nil) // must not fail
	if !strings.Contains(f.logs.String(), "could not fetch the JWKS") {
		t.Errorf("the failed first fetch is not logged: %s", f.logs.String())
	}
	f.down.Store(false)
	if rec := post(a.Middleware(&probe{}), "", bearer(sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(nil)))); rec.Code != http.StatusOK {
		t.Fatalf("after the JWKS came back: %d %s", rec.Code, rec.Body.String())
	}
}

func TestJWTRequiredScopes(t *testing.T) {
	k := testKeys()
	f := newJWTFixture(t)
	a := f.auth(t, func(c *Config) { c.RequiredScopes = []string{"zscaler.read", "zscaler.write"} })
	p := &probe{}
	h := a.Middleware(p)
	ok := []jwt.MapClaims{
		claims(func(c jwt.MapClaims) { c["scope"] = "openid zscaler.write zscaler.read" }),
		claims(func(c jwt.MapClaims) { delete(c, "scope"); c["scp"] = []string{"zscaler.read", "zscaler.write"} }),
		claims(func(c jwt.MapClaims) { c["scope"] = "zscaler.read"; c["scp"] = "zscaler.write" }),
	}
	for i, c := range ok {
		rec := post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", c)))
		if rec.Code != http.StatusOK {
			t.Fatalf("case %d refused: %d %s", i, rec.Code, rec.Body.String())
		}
		id, _, _ := p.last()
		if !slices.Contains(id.Scopes, "zscaler.read") || !slices.Contains(id.Scopes, "zscaler.write") {
			t.Errorf("case %d: scopes %v", i, id.Scopes)
		}
	}
	rec := post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { c["scope"] = "zscaler.read zscaler.writer" }))))
	b := checkRefused(t, rec, http.StatusForbidden, "zscaler.write", `Bearer error="insufficient_scope"`)
	if strings.Contains(b.Error.Message, "zscaler.read") {
		t.Errorf("the message should name only the missing scope: %q", b.Error.Message)
	}
	if ch := rec.Header().Get("WWW-Authenticate"); !strings.Contains(ch, `scope="zscaler.read zscaler.write"`) {
		t.Errorf("WWW-Authenticate = %q, want the required scopes", ch)
	}
	rec = post(h, "", bearer(sign(t, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(func(c jwt.MapClaims) { delete(c, "scope") }))))
	checkRefused(t, rec, http.StatusForbidden, "zscaler.read zscaler.write", `Bearer error="insufficient_scope"`)
	// the initial challenge advertises the scopes too
	rec = post(h, "")
	checkRefused(t, rec, http.StatusUnauthorized, "Bearer token required", `Bearer scope="zscaler.read zscaler.write", resource_metadata=`)
}

var resourceMetadataRE = regexp.MustCompile(`resource_metadata="([^"]+)"`)

func TestMetadata(t *testing.T) {
	f := newJWTFixture(t)
	a := f.auth(t, func(c *Config) { c.RequiredScopes = []string{"zscaler.read"} })
	mux := http.NewServeMux()
	mux.Handle("/mcp", a.Middleware(&probe{}))
	mux.Handle("/.well-known/oauth-protected-resource", a.MetadataHandler())
	mux.Handle("/.well-known/oauth-protected-resource/mcp", a.MetadataHandler())
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// the challenge leads to the document
	resp, err := http.Post(srv.URL+"/mcp", "application/json", strings.NewReader(pingBody))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	m := resourceMetadataRE.FindStringSubmatch(resp.Header.Get("WWW-Authenticate"))
	if resp.StatusCode != http.StatusUnauthorized || m == nil {
		t.Fatalf("status %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if want := srv.URL + "/.well-known/oauth-protected-resource/mcp"; m[1] != want {
		t.Fatalf("resource_metadata = %q, want %q", m[1], want)
	}
	for _, u := range []string{m[1], srv.URL + "/.well-known/oauth-protected-resource"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Error("the metadata is not readable cross-origin")
		}
		want := map[string]any{
			"resource":                 srv.URL + "/mcp",
			"authorization_servers":    []any{testIssuer},
			"bearer_methods_supported": []any{"header"},
			"scopes_supported":         []any{"zscaler.read"},
		}
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(doc)
		if string(wantJSON) != string(gotJSON) {
			t.Errorf("GET %s:\n got %s\nwant %s", u, gotJSON, wantJSON)
		}
	}
	resp, err = http.Post(m[1], "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST metadata: %d", resp.StatusCode)
	}

	// behind a TLS-terminating load balancer
	req := httptest.NewRequest(http.MethodGet, "http://mcp.internal:8000/.well-known/oauth-protected-resource/mcp", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	rec := httptest.NewRecorder()
	a.MetadataHandler().ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"resource":"https://mcp.internal:8000/mcp"`) {
		t.Errorf("X-Forwarded-Proto ignored: %s", rec.Body.String())
	}

	// a configured resource URL wins
	b := f.auth(t, func(c *Config) { c.ResourceURL = "https://mcp.example.com/zscaler/mcp/" })
	rec = post(b.Middleware(&probe{}), "")
	if got := resourceMetadataRE.FindStringSubmatch(rec.Header().Get("WWW-Authenticate")); got == nil || got[1] != "https://mcp.example.com/.well-known/oauth-protected-resource/zscaler/mcp" {
		t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
	}
	rec = httptest.NewRecorder()
	b.MetadataHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://whatever/.well-known/oauth-protected-resource/mcp", nil))
	if !strings.Contains(rec.Body.String(), `"resource":"https://mcp.example.com/zscaler/mcp"`) || strings.Contains(rec.Body.String(), "scopes_supported") {
		t.Errorf("metadata with a configured resource: %s", rec.Body.String())
	}
	if !strings.Contains(b.Describe(), "mode=jwt") || !strings.Contains(b.Describe(), "audiences=2") {
		t.Errorf("Describe = %q", b.Describe())
	}
}
