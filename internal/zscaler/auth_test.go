package zscaler

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTokenRequestWithClientSecret(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	tok, err := env.client.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if tok != "tok-1" {
		t.Errorf("token = %q", tok)
	}
	form := env.idp.Forms()[0]
	want := map[string]string{
		"grant_type":    "client_credentials",
		"client_id":     testClientID,
		"client_secret": testSecret,
		"audience":      "https://api.zscaler.com",
	}
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("form %s = %q, want %q", k, got, v)
		}
	}
	if form.Has("client_assertion") {
		t.Error("client_assertion sent in client-secret mode")
	}
}

func TestTokenCachedAcrossCalls(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	ctx := context.Background()
	for range 10 {
		if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := env.idp.Calls(); n != 1 {
		t.Errorf("token endpoint called %d times for 30 API calls, want 1", n)
	}
	if n := env.gw.Count(); n != 30 {
		t.Errorf("gateway saw %d calls, want 30", n)
	}
}

func TestConcurrentCallersShareOneTokenFetch(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	gate := make(chan struct{})
	env.idp.Set(func(i *fakeIdP) { i.gate = gate })

	const callers = 20
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			_, err := env.client.Token(context.Background())
			errs <- err
		})
	}
	// Give every caller time to reach the in-flight fetch; correctness does
	// not depend on it, only the strength of the check does.
	deadline := time.Now().Add(2 * time.Second)
	for env.idp.Calls() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := env.idp.Calls(); n != 1 {
		t.Errorf("token endpoint called %d times by %d concurrent callers, want 1", n, callers)
	}
}

func TestTokenCallerCancellationDoesNotFailOthers(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	gate := make(chan struct{})
	env.idp.Set(func(i *fakeIdP) { i.gate = gate })

	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := env.client.Token(ctx); first <- err }()
	for env.idp.Calls() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v", err)
	}
	second := make(chan error, 1)
	go func() { _, err := env.client.Token(context.Background()); second <- err }()
	close(gate)
	if err := <-second; err != nil {
		t.Errorf("second caller failed because the first was cancelled: %v", err)
	}
	if n := env.idp.Calls(); n != 1 {
		t.Errorf("token endpoint called %d times, want 1", n)
	}
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expiresIn any
		keep      time.Duration // still cached at this age
		refresh   time.Duration // refreshed at this age
	}{
		{"long lifetime, 60 s early", 3600, 3539 * time.Second, 3541 * time.Second},
		{"short lifetime as string, 10% early", "60", 53 * time.Second, 55 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newFakeClock()
			env := newTestEnv(t, okJSON(`[]`), func(o *Options) { o.Now = clock.Now })
			env.idp.Set(func(i *fakeIdP) { i.expiresIn = tc.expiresIn })
			ctx := context.Background()
			start := clock.Now()

			tok, err := env.client.Token(ctx)
			if err != nil || tok != "tok-1" {
				t.Fatalf("first token = %q, %v", tok, err)
			}
			clock.Advance(start.Add(tc.keep).Sub(clock.Now()))
			if tok, _ := env.client.Token(ctx); tok != "tok-1" || env.idp.Calls() != 1 {
				t.Errorf("at %v: token %q after %d fetches, want cached tok-1", tc.keep, tok, env.idp.Calls())
			}
			clock.Advance(start.Add(tc.refresh).Sub(clock.Now()))
			if tok, _ := env.client.Token(ctx); tok != "tok-2" || env.idp.Calls() != 2 {
				t.Errorf("at %v: token %q after %d fetches, want refreshed tok-2", tc.refresh, tok, env.idp.Calls())
			}
		})
	}
}

func TestUnauthorizedRefreshesTokenAndRetriesOnce(t *testing.T) {
	gatewayUnauthorized := "{\n \"detail\": \"unauthorized\",\n \"type\": \"\",\n \"title\": \"\",\n \"status\": \"\"\n}"
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Header.Get("Authorization") == "Bearer tok-1" {
			writeJSON(w, http.StatusUnauthorized, gatewayUnauthorized)
			return
		}
		writeJSON(w, http.StatusOK, `{"id":1}`)
	})
	resp, err := env.client.Do(context.Background(), &Request{Service: ZTW, Method: http.MethodPost,
		Path: "/ztw/api/v1/locationTemplate", Body: map[string]string{"name": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != `{"id":1}` {
		t.Errorf("body = %s", resp.Body)
	}
	if n := env.idp.Calls(); n != 2 {
		t.Errorf("token fetches = %d, want 2", n)
	}
	seen := env.gw.Seen()
	if len(seen) != 2 || seen[1].Header.Get("Authorization") != "Bearer tok-2" {
		t.Fatalf("gateway saw %d requests, want the POST then its retry with tok-2", len(seen))
	}
	if seen[0].Body != seen[1].Body {
		t.Errorf("retry body %q differs from original %q", seen[1].Body, seen[0].Body)
	}
	if len(env.sleeps.Waits()) != 0 {
		t.Errorf("401 retry slept %v", env.sleeps.Waits())
	}
}

func TestSecondUnauthorizedIsReturned(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusUnauthorized, `{"detail":"unauthorized","type":"","title":"","status":""}`)
	})
	_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
	ae := mustAPIError(t, err)
	if ae.Status != http.StatusUnauthorized || ae.Message != "unauthorized" {
		t.Errorf("error = %+v", ae)
	}
	if n := env.gw.Count(); n != 2 {
		t.Errorf("gateway saw %d requests, want 2 (original + one retry)", n)
	}
	if n := env.idp.Calls(); n != 2 {
		t.Errorf("token fetches = %d, want 2", n)
	}
}

func TestInvalidateKeepsANewerToken(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	ts := env.client.auth
	ts.token, ts.refreshAt = "tok-2", time.Now().Add(time.Hour)
	ts.invalidate("tok-1")
	if ts.token != "tok-2" {
		t.Error("invalidating a stale token dropped the current one")
	}
	ts.invalidate("tok-2")
	if ts.token != "" {
		t.Error("invalidating the current token kept it")
	}
}

func TestTokenErrorIsTypedAndRedacted(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	env.idp.Set(func(i *fakeIdP) {
		i.reply = func(w http.ResponseWriter, _ *http.Request, _ int) {
			writeJSON(w, http.StatusUnauthorized,
				`{"error":"invalid_client","error_description":"Client authentication failed: `+testSecret+` rejected"}`)
		}
	})
	_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("error = %T %v, want *TokenError", err, err)
	}
	if te.Status != 401 || te.Code != "invalid_client" || !strings.HasPrefix(te.Message, "Client authentication failed") {
		t.Errorf("TokenError = %+v", te)
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Errorf("token error leaks the secret: %q", err)
	}
	if env.gw.Count() != 0 {
		t.Error("API request sent without a token")
	}
}

func TestTokenExpiresInForms(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want time.Duration
		ok   bool
	}{
		{`83999`, 83999 * time.Second, true},
		{`"3600"`, time.Hour, true},
		{`11999.0`, 11999 * time.Second, true},
		{``, 0, false},
		{`null`, 0, false},
		{`"soon"`, 0, false},
	} {
		got, ok := parseExpiresIn(json.RawMessage(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseExpiresIn(%s) = %v, %v; want %v, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPrivateKeyAssertion(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]string{
		"PKCS#1": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})),
		"PKCS#8": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})),
	}
	forms["PKCS#8 with escaped newlines"] = strings.ReplaceAll(forms["PKCS#8"], "\n", `\n`)

	for name, pemText := range forms {
		t.Run(name, func(t *testing.T) {
			clock := newFakeClock()
			env := newTestEnv(t, okJSON(`[]`), func(o *Options) {
				o.Credentials = Credentials{ClientID: testClientID, PrivateKey: pemText}
				o.Now = clock.Now
			})
			if _, err := env.client.Token(context.Background()); err != nil {
				t.Fatal(err)
			}
			form := env.idp.Forms()[0]
			if form.Has("client_secret") {
				t.Error("client_secret sent in private-key mode")
			}
			if got := form.Get("client_assertion_type"); got != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
				t.Errorf("client_assertion_type = %q", got)
			}
			if form.Get("grant_type") != "client_credentials" || form.Get("client_id") != testClientID {
				t.Errorf("form = %v", form)
			}
			claims := verifyRS256(t, form.Get("client_assertion"), &key.PublicKey)
			now := clock.Now().Unix()
			for k, want := range map[string]any{"iss": testClientID, "sub": testClientID, "aud": "https://api.zscaler.com"} {
				if claims[k] != want {
					t.Errorf("claim %s = %v, want %v", k, claims[k], want)
				}
			}
			if exp, _ := claims["exp"].(float64); int64(exp) != now+600 {
				t.Errorf("exp = %v, want now+600 (%d)", claims["exp"], now+600)
			}
			if iat, _ := claims["iat"].(float64); int64(iat) != now {
				t.Errorf("iat = %v, want %d", claims["iat"], now)
			}
			if jti, _ := claims["jti"].(string); len(jti) < 16 {
				t.Errorf("jti = %q, want a random id", jti)
			}
		})
	}
}

// verifyRS256 checks a compact JWT with the standard library only, so the
// test does not trust the library that produced it.
func verifyRS256(t *testing.T, token string, pub *rsa.PublicKey) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("assertion %q is not a compact JWT", token)
	}
	var header map[string]any
	decodeSegment(t, parts[0], &header)
	if header["alg"] != "RS256" {
		t.Errorf("alg = %v", header["alg"])
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		t.Fatalf("assertion signature does not verify: %v", err)
	}
	var claims map[string]any
	decodeSegment(t, parts[1], &claims)
	return claims
}

func decodeSegment(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestPrivateKeyRejections(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(small)}))
	garbage := "-----BEGIN PRIVATE KEY-----\nTUlJQ0lKVU5LS0VZREFUQQ==\n-----END PRIVATE KEY-----\n"
	for _, tc := range []struct {
		name, pem, want string
	}{
		{"1024-bit key", smallPEM, "1024 bits; at least 2048"},
		{"not PEM", "MIICnotakey", "not a PEM-encoded key"},
		{"garbage PKCS#8", garbage, "malformed PKCS#8"},
		{"certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", `"CERTIFICATE" is not supported`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Options{VanityDomain: "acme",
				Credentials: Credentials{ClientID: "id", PrivateKey: tc.pem}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "TUlJQ0lKVU5LS0VZREFUQQ") || strings.Contains(err.Error(), "MIICnotakey") {
				t.Errorf("error quotes key material: %v", err)
			}
		})
	}
}
