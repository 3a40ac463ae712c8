package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestTokenWithSecret(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.postForm(url.Values{
		"grant_type": {"client_credentials"}, "client_id": {ClientID},
		"client_secret": {ClientSecret}, "audience": {Audience},
	})
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("content type %q", ct)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["expires_in"]) != "3600" {
		t.Errorf("expires_in = %s, want the number 3600", raw["expires_in"])
	}
	if string(raw["token_type"]) != `"Bearer"` {
		t.Errorf("token_type = %s", raw["token_type"])
	}
	var tok string
	_ = json.Unmarshal(raw["access_token"], &tok)
	claims := decodeJWTPayload(t, tok)
	if claims["sub"] != ClientID || claims["iat"] == nil || claims["exp"] == nil {
		t.Errorf("claims %v lack sub/iat/exp", claims)
	}
	var prds []string
	for _, e := range claims["service-info"].([]any) {
		prds = append(prds, str(e.(object)["prd"]))
	}
	if !slices.Equal(prds, DefaultEntitlements()) {
		t.Errorf("service-info prds = %v, want %v", prds, DefaultEntitlements())
	}
}

func decodeJWTPayload(t *testing.T, token string) object {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m object
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTokenFailures(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {"nope"}}, 401, "invalid_client"},
		{"unknown client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"other"}, "client_secret": {ClientSecret}}, 401, "invalid_client"},
		{"no client id", url.Values{"grant_type": {"client_credentials"}, "client_secret": {ClientSecret}}, 401, "invalid_client"},
		{"no grant type", url.Values{"client_id": {ClientID}, "client_secret": {ClientSecret}}, 400, "invalid_request"},
		{"wrong grant type", url.Values{"grant_type": {"password"}, "client_id": {ClientID}, "client_secret": {ClientSecret}}, 400, "unsupported_grant_type"},
		{"assertion refused without key", url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID},
			"client_assertion": {"a.b.c"}, "client_assertion_type": {assertionType}}, 401, "invalid_client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.postForm(tc.form)
			wantStatus(t, resp, body, tc.status)
			wantJSONField(t, body, "error", tc.code)
			if str(mustObject(t, body)["error_description"]) == "" {
				t.Error("empty error_description")
			}
		})
	}
	resp, err := http.Get(f.url + tokenPath)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET token: status %d, want 405", resp.StatusCode)
	}
	resp.Body.Close()
}

func mustObject(t *testing.T, body []byte) object {
	t.Helper()
	var m object
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return m
}

func TestTokenWithAssertion(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Options{AssertionKey: &key.PublicKey})
	sign := func(k *rsa.PrivateKey, method jwt.SigningMethod, claims jwt.MapClaims) string {
		var signKey any = k
		if method == jwt.SigningMethodHS256 {
			signKey = []byte("shared")
		}
		s, err := jwt.NewWithClaims(method, claims).SignedString(signKey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": ClientID, "sub": ClientID, "aud": Audience, "exp": time.Now().Add(10 * time.Minute).Unix()}
	}
	form := func(assertion string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "audience": {Audience},
			"client_assertion": {assertion}, "client_assertion_type": {assertionType}}
	}

	resp, body := f.postForm(form(sign(key, jwt.SigningMethodRS256, good())))
	wantStatus(t, resp, body, http.StatusOK)
	token := str(mustObject(t, body)["access_token"])
	if r, b := f.doWith(http.MethodGet, "/zia/api/v1/status", nil, token); r.StatusCode != http.StatusOK {
		t.Fatalf("API call with assertion-issued token: %d %s", r.StatusCode, b)
	}

	bad := map[string]string{}
	c := good()
	c["aud"] = "https://elsewhere.example.com"
	bad["wrong audience"] = sign(key, jwt.SigningMethodRS256, c)
	c = good()
	c["iss"] = "someone-else"
	bad["wrong issuer"] = sign(key, jwt.SigningMethodRS256, c)
	c = good()
	c["sub"] = "someone-else"
	bad["wrong subject"] = sign(key, jwt.SigningMethodRS256, c)
	c = good()
	c["exp"] = time.Now().Add(-10 * time.Minute).Unix()
	bad["expired"] = sign(key, jwt.SigningMethodRS256, c)
	c = good()
	delete(c, "exp")
	bad["no expiry"] = sign(key, jwt.SigningMethodRS256, c)
	bad["other key"] = sign(other, jwt.SigningMethodRS256, good())
	bad["HS256"] = sign(nil, jwt.SigningMethodHS256, good())
	bad["garbage"] = "not-a-jwt"
	for name, assertion := range bad {
		t.Run(name, func(t *testing.T) {
			resp, body := f.postForm(form(assertion))
			wantStatus(t, resp, body, http.StatusUnauthorized)
			wantJSONField(t, body, "error", "invalid_client")
		})
	}

	wrongType := form(sign(key, jwt.SigningMethodRS256, good()))
	wrongType.Set("client_assertion_type", "urn:example:other")
	resp, body = f.postForm(wrongType)
	wantStatus(t, resp, body, http.StatusBadRequest)
}

func TestGatewayRefusesMissingAndBadTokens(t *testing.T) {
	f := newFixture(t, Options{})
	otherTenant := newFixture(t, Options{})
	expired := f.signedToken(t, time.Now().Add(-time.Minute))
	cases := map[string]string{
		"no token":           "",
		"garbage":            "abc.def.ghi",
		"other tenant token": otherTenant.token,
		"expired":            expired,
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/zia/api/v1/users", zpaPath("/application"), "/zdx/v1/apps", "/zcc/papi/public/v1/getDevices", "/nowhere"} {
				resp, body := f.doWith(http.MethodGet, path, nil, tok)
				wantStatus(t, resp, body, http.StatusUnauthorized)
				if string(body) != gatewayUnauthorized {
					t.Fatalf("%s: body %q is not the gateway 401", path, body)
				}
				if resp.Header.Get("x-oneapi-request-id") == "" || resp.Header.Get("x-ratelimit-limit") != "" {
					t.Errorf("%s: gateway 401 headers wrong: %v", path, resp.Header)
				}
			}
		})
	}
	// A header without the Bearer scheme is as good as none.
	req, _ := http.NewRequest(http.MethodGet, f.url+"/zia/api/v1/status", nil)
	req.Header.Set("Authorization", f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token without scheme: %d", resp.StatusCode)
	}
}

// signedToken forges a token with this tenant's key, registered as issued,
// that expires at exp: the only way to get an expired token without waiting.
func (f *fixture) signedToken(t *testing.T, exp time.Time) string {
	t.Helper()
	claims := accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer: tokenIssuer, Subject: ClientID, ID: "forged", ExpiresAt: jwt.NewNumericDate(exp),
		IssuedAt: jwt.NewNumericDate(exp.Add(-time.Hour)),
	}, ServiceInfo: []serviceInfo{{Prd: "ZIA"}, {Prd: "ZPA"}, {Prd: "ZDX"}, {Prd: "ZCC"}}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(f.tenant.signKey)
	if err != nil {
		t.Fatal(err)
	}
	f.tenant.ctl.Lock()
	f.tenant.issued["forged"] = exp.Add(time.Hour) // revocation alone must not be what refuses it
	f.tenant.ctl.Unlock()
	return s
}

func TestTokenLifetimeAndExpiry(t *testing.T) {
	f := newFixture(t, Options{TokenLifetime: 2 * time.Second})
	resp, body := f.postForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}})
	wantStatus(t, resp, body, http.StatusOK)
	if got := mustObject(t, body)["expires_in"]; got != float64(2) {
		t.Fatalf("expires_in = %v, want 2", got)
	}
	claims := decodeJWTPayload(t, str(mustObject(t, body)["access_token"]))
	if num(claims["exp"])-num(claims["iat"]) != 2 {
		t.Errorf("exp-iat = %d, want 2", num(claims["exp"])-num(claims["iat"]))
	}
}

func TestExpireTokens(t *testing.T) {
	f := newFixture(t, Options{})
	old := f.token
	if resp, body := f.do(http.MethodGet, "/zia/api/v1/status", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("before: %d %s", resp.StatusCode, body)
	}
	f.tenant.ExpireTokens()
	resp, body := f.doWith(http.MethodGet, "/zia/api/v1/status", nil, old)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	if string(body) != gatewayUnauthorized {
		t.Errorf("revoked token body %q", body)
	}
	fresh := f.fetchToken(url.Values{"client_secret": {ClientSecret}})
	resp, body = f.doWith(http.MethodGet, "/zia/api/v1/status", nil, fresh)
	wantStatus(t, resp, body, http.StatusOK)
	// Reset keeps tokens valid: it restores data, not credentials.
	f.tenant.Reset()
	resp, body = f.doWith(http.MethodGet, "/zia/api/v1/status", nil, fresh)
	wantStatus(t, resp, body, http.StatusOK)
}

func TestEntitlementsLimitServices(t *testing.T) {
	f := newFixture(t, Options{Entitlements: []string{"zia", "ZDX"}})
	claims := decodeJWTPayload(t, f.token)
	var prds []string
	for _, e := range claims["service-info"].([]any) {
		prds = append(prds, str(e.(object)["prd"]))
	}
	if !slices.Equal(prds, []string{"ZIA", "ZDX"}) {
		t.Fatalf("service-info = %v", prds)
	}
	if resp, body := f.do(http.MethodGet, "/zia/api/v1/status", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("entitled ZIA: %d %s", resp.StatusCode, body)
	}
	resp, body := f.do(http.MethodGet, zpaPath("/application"), nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
}

func TestCustomCredentialsAndCustomerID(t *testing.T) {
	f := newFixture(t, Options{ClientID: "demo", ClientSecret: "s3cret", CustomerID: "111122223333444455"})
	if f.tenant.CustomerID() != "111122223333444455" {
		t.Fatalf("CustomerID() = %s", f.tenant.CustomerID())
	}
	resp, body := f.postForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}})
	wantStatus(t, resp, body, http.StatusUnauthorized) // the defaults no longer work
	resp, body = f.do(http.MethodGet, "/zpa/mgmtconfig/v1/admin/customers/111122223333444455/segmentGroup", nil)
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = f.do(http.MethodGet, zpaPath("/segmentGroup"), nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	wantJSONField(t, body, "id", "access.denied")
}
