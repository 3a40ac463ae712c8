package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

const toolsListBody = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`

func status(t *testing.T, url string, header map[string]string) (int, http.Header, string) {
	t.Helper()
	h := map[string]string{"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}
	for k, v := range header {
		h[k] = v
	}
	resp, body := post(t, url, toolsListBody, h)
	return resp.StatusCode, resp.Header, body
}

func TestAPIKeyMode(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=api-key", "ZSCALER_MCP_AUTH_API_KEY=k-e2e-0123456789"), keepLog(&logBuffer{}))
	for name, c := range map[string]struct {
		h    map[string]string
		want int
	}{
		"none":                        {nil, 401},
		"wrong bearer":                {map[string]string{"Authorization": "Bearer wrong"}, 401},
		"bearer":                      {map[string]string{"Authorization": "Bearer k-e2e-0123456789"}, 200},
		"x-api-key":                   {map[string]string{"X-Api-Key": "k-e2e-0123456789"}, 200},
		"wrong bearer, right api key": {map[string]string{"Authorization": "Bearer wrong", "X-Api-Key": "k-e2e-0123456789"}, 401},
	} {
		code, hdr, body := status(t, url, c.h)
		if code != c.want {
			t.Errorf("%s: %d, want %d (%s)", name, code, c.want, body)
		}
		if code == 401 && (!strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") || !strings.Contains(body, `"code":-32001`)) {
			t.Errorf("%s: the refusal lacks the challenge or the JSON-RPC body: %v %s", name, hdr, body)
		}
		if strings.Contains(body, "k-e2e-0123456789") || strings.Contains(body, "wrong") {
			t.Errorf("%s: a presented credential is echoed: %s", name, body)
		}
	}
	// The platform's health probe: loopback, no credential, ping.
	resp, body := post(t, url, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 200 {
		t.Errorf("the probe was refused: %d %s", resp.StatusCode, body)
	}
}

func TestPlatformTrust(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=api-key", "ZSCALER_MCP_AUTH_API_KEY=k-e2e-0123456789", "ZSCALER_MCP_TRUST_PLATFORM_AUTH=true"), keepLog(&logBuffer{}))
	if code, _, body := status(t, url, nil); code != 200 {
		t.Errorf("no credential behind the platform: %d %s", code, body)
	}
	if code, _, _ := status(t, url, map[string]string{"X-Api-Key": "wrong"}); code != 401 {
		t.Errorf("a wrong credential behind the platform: %d, want 401", code)
	}
}

func TestZscalerMode(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=zscaler"), keepLog(&logBuffer{}))
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(sandbox.ClientID+":"+sandbox.ClientSecret))
	if code, hdr, _ := status(t, url, nil); code != 401 || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("no credential: %d %v", code, hdr)
	}
	if code, _, body := status(t, url, map[string]string{"X-Zscaler-Client-ID": sandbox.ClientID, "X-Zscaler-Client-Secret": "nope"}); code != 401 || !strings.Contains(body, "Invalid OneAPI credentials") {
		t.Errorf("wrong secret: %d %s", code, body)
	}
	tokens := countRequests(tn, "POST", "/oauth2/v1/token")
	for i := 0; i < 2; i++ {
		if code, _, body := status(t, url, map[string]string{"Authorization": basic}); code != 200 {
			t.Fatalf("valid Basic credentials: %d %s", code, body)
		}
	}
	if n := countRequests(tn, "POST", "/oauth2/v1/token") - tokens; n != 1 {
		t.Errorf("%d token requests for two calls with the same credentials; the validation must be cached", n)
	}
}

// issuer is a local OIDC issuer: a JWKS endpoint and a signing key.
type issuer struct {
	url string
	key *rsa.PrivateKey
	kid string
}

func newIssuer(t testing.TB) *issuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{key: key, kid: "e2e-key-1"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		jwk := map[string]any{"kty": "RSA", "kid": is.kid, "use": "sig", "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []any{jwk}})
	}))
	t.Cleanup(srv.Close)
	is.url = srv.URL
	return is
}

func (is *issuer) token(t testing.TB, claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = is.kid
	s, err := tok.SignedString(is.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJWTMode(t *testing.T) {
	tn := newTenant(t)
	is := newIssuer(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=jwt", "ZSCALER_MCP_AUTH_JWKS_URI="+is.url+"/jwks",
		"ZSCALER_MCP_AUTH_ISSUER=https://issuer.example", "ZSCALER_MCP_AUTH_AUDIENCE=zscaler-mcp"), keepLog(&logBuffer{}))
	now := time.Now()
	good := jwt.MapClaims{"iss": "https://issuer.example", "aud": "zscaler-mcp", "sub": "alice", "exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
	bad := map[string]jwt.MapClaims{
		"wrong issuer":   {"iss": "https://evil.example", "aud": "zscaler-mcp", "sub": "x", "exp": now.Add(time.Hour).Unix()},
		"wrong audience": {"iss": "https://issuer.example", "aud": "other", "sub": "x", "exp": now.Add(time.Hour).Unix()},
		"expired":        {"iss": "https://issuer.example", "aud": "zscaler-mcp", "sub": "x", "exp": now.Add(-time.Hour).Unix()},
	}
	if code, _, body := status(t, url, map[string]string{"Authorization": "Bearer " + is.token(t, good)}); code != 200 {
		t.Fatalf("a valid token: %d %s", code, body)
	}
	for name, claims := range bad {
		if code, _, _ := status(t, url, map[string]string{"Authorization": "Bearer " + is.token(t, claims)}); code != 401 {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://issuer.example","aud":"zscaler-mcp","sub":"x"}`)) + "."
	if code, _, _ := status(t, url, map[string]string{"Authorization": "Bearer " + none}); code != 401 {
		t.Errorf("alg none: %d", code)
	}
	code, hdr, _ := status(t, url, nil)
	challenge := hdr.Get("WWW-Authenticate")
	if code != 401 || !strings.Contains(challenge, "resource_metadata=") {
		t.Fatalf("no token: %d %q", code, challenge)
	}
	meta := challenge[strings.Index(challenge, `resource_metadata="`)+len(`resource_metadata="`):]
	meta = meta[:strings.Index(meta, `"`)]
	resp, err := http.Get(meta)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("metadata %s: %v %v", meta, err, resp)
	}
	var doc struct {
		AuthorizationServers []string `json:"authorization_servers"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if len(doc.AuthorizationServers) != 1 || doc.AuthorizationServers[0] != "https://issuer.example" {
		t.Errorf("metadata names %v", doc.AuthorizationServers)
	}
	// The platform probe passes in jwt mode too; nothing else does without a token.
	if resp, body := post(t, url, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, map[string]string{"Accept": "application/json"}); resp.StatusCode != 200 {
		t.Errorf("the probe in jwt mode: %d %s", resp.StatusCode, body)
	}
}

func TestAuthMisconfigurationStopsTheServer(t *testing.T) {
	for mode, want := range map[string]string{"api-key": "ZSCALER_MCP_AUTH_API_KEY", "jwt": "ZSCALER_MCP_AUTH_JWKS_URI"} {
		cmd := exec.Command(binary, "serve", "--sandbox", "--transport", "streamable-http", "--port", "0")
		cmd.Env = append(baseEnv(), "ZSCALER_MCP_AUTH_MODE="+mode)
		out, err := combined(cmd)
		if err == nil || !strings.Contains(string(out), want) {
			t.Errorf("%s without its settings: %v\n%s", mode, err, out)
		}
	}
}

func newIssuerB(b *testing.B) *issuer { return newIssuer(b) }

// tokenB is a valid token for the benchmark's server, for a day.
func (is *issuer) tokenB(b *testing.B) string {
	return is.token(b, jwt.MapClaims{"iss": "https://issuer.example", "aud": "zscaler-mcp", "sub": "bench",
		"exp": time.Now().Add(24 * time.Hour).Unix(), "iat": time.Now().Unix()})
}
