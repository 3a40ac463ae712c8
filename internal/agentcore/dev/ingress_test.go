package dev

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
)

// recorder wraps the real MCP server and keeps the headers it received.
type recorder struct {
	mu   sync.Mutex
	seen []http.Header
	next http.Handler
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.seen = append(rc.seen, r.Header.Clone())
	rc.mu.Unlock()
	rc.next.ServeHTTP(w, r)
}

func (rc *recorder) last(t *testing.T) http.Header {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.seen) == 0 {
		t.Fatal("the request never reached the server")
	}
	return rc.seen[len(rc.seen)-1]
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.seen)
}

func realServer(t *testing.T) (*httptest.Server, *recorder) {
	t.Helper()
	srv := mcpserver.New(mcpserver.Options{Version: "test", Tools: inventory.All(), Exec: &catalog.Executor{}})
	rc := &recorder{next: srv.HTTPHandler()}
	ts := httptest.NewServer(rc)
	t.Cleanup(ts.Close)
	return ts, rc
}

func newIngress(t *testing.T, in template.Inputs, upstream string) (*Ingress, *httptest.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ing, err := New(ctx, Options{Inputs: in, Upstream: upstream})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(ing)
	t.Cleanup(ts.Close)
	return ing, ts
}

const listTools = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`

func post(t *testing.T, url string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(listTools))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func toolCount(t *testing.T, body string) int {
	t.Helper()
	var out struct {
		Result struct {
			Tools []json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("not JSON-RPC: %v: %s", err, body)
	}
	return len(out.Result.Tools)
}

func TestAPIKeyModeAllowlist(t *testing.T) {
	up, rc := realServer(t)
	ing, ts := newIngress(t, template.Inputs{AuthMode: template.AuthAPIKey}, up.URL)
	resp, body := post(t, ts.URL+ing.InvokePath(), map[string]string{"X-Api-Key": "k123", "X-Evil": "1", "X-Zscaler-Client-ID": "c"})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if n := toolCount(t, body); n == 0 || n != len(inventory.All()) {
		t.Fatalf("tools/list gave %d tools, want %d", n, len(inventory.All()))
	}
	h := rc.last(t)
	if h.Get("X-Api-Key") != "k123" {
		t.Errorf("X-Api-Key not forwarded: %v", h)
	}
	if h.Get("X-Evil") != "" || h.Get("X-Zscaler-Client-ID") != "" {
		t.Errorf("a header outside the allowlist reached the server: %v", h)
	}
	// A bearer token on a runtime without a JWT authorizer: 403, never forwarded.
	before := rc.count()
	resp, _ = post(t, ts.URL+ing.InvokePath(), map[string]string{"Authorization": "Bearer x.y.z"})
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("WWW-Authenticate") != "" {
		t.Errorf("bearer on api-key runtime: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if rc.count() != before {
		t.Error("a refused request reached the server")
	}
}

func TestSessionIDs(t *testing.T) {
	up, rc := realServer(t)
	_, ts := newIngress(t, template.Inputs{AuthMode: template.AuthNone}, up.URL)
	resp, body := post(t, ts.URL+"/mcp", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	h := rc.last(t)
	got := h.Get(HeaderMCPSession)
	if len(got) < MinSessionIDLen || h.Get(HeaderRuntimeSession) != got || resp.Header.Get(HeaderMCPSession) != got {
		t.Errorf("generated session ids: mcp %q runtime %q response %q", got, h.Get(HeaderRuntimeSession), resp.Header.Get(HeaderMCPSession))
	}
	rs := strings.Repeat("r", 40)
	resp, _ = post(t, ts.URL+"/mcp", map[string]string{HeaderMCPSession: "client-session", HeaderRuntimeSession: rs})
	h = rc.last(t)
	if h.Get(HeaderMCPSession) != "client-session" || h.Get(HeaderRuntimeSession) != rs || resp.Header.Get(HeaderMCPSession) != "client-session" {
		t.Errorf("given session ids not kept: %v", h)
	}
	before := rc.count()
	resp, _ = post(t, ts.URL+"/mcp", map[string]string{HeaderRuntimeSession: "short"})
	if resp.StatusCode != http.StatusBadRequest || rc.count() != before {
		t.Errorf("short runtime session id: status %d", resp.StatusCode)
	}
}

// idp is a local OpenID provider: discovery document and JWKS.
type idp struct {
	srv  *httptest.Server
	key  *rsa.PrivateKey
	kid  string
	hits int
}

func newIdP(t *testing.T) *idp {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &idp{key: key, kid: "k1"}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, p.srv.URL, p.srv.URL+"/jwks")
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, _ *http.Request) {
		p.hits++
		w.Header().Set("Content-Type", "application/json")
		n := base64.RawURLEncoding.EncodeToString(key.N.Bytes())
		e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())
		fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":%q,"use":"sig","alg":"RS256","n":%q,"e":%q}]}`, p.kid, n, e)
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *idp) sign(t *testing.T, key *rsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (p *idp) claims(mod func(jwt.MapClaims)) jwt.MapClaims {
	c := jwt.MapClaims{"iss": p.srv.URL, "aud": "zscaler-mcp", "sub": "u1", "client_id": "app1",
		"scope": "mcp.read", "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
	if mod != nil {
		mod(c)
	}
	return c
}

func TestJWTMode(t *testing.T) {
	up, rc := realServer(t)
	p := newIdP(t)
	in := template.Inputs{AuthMode: template.AuthJWT, JWT: template.JWT{
		DiscoveryURL: p.srv.URL + "/.well-known/openid-configuration",
		Audiences:    []string{"zscaler-mcp"}, Scopes: []string{"mcp.read"},
	}}
	ing, ts := newIngress(t, in, up.URL)
	url := ts.URL + ing.InvokePath()

	good := p.sign(t, p.key, p.kid, p.claims(nil))
	resp, body := post(t, url, map[string]string{"Authorization": "Bearer " + good, "X-Api-Key": "nope"})
	if resp.StatusCode != 200 {
		t.Fatalf("valid token: %d %s", resp.StatusCode, body)
	}
	if toolCount(t, body) == 0 {
		t.Fatal("tools/list returned no tools")
	}
	h := rc.last(t)
	if h.Get("Authorization") != "Bearer "+good {
		t.Error("Authorization not forwarded in jwt mode")
	}
	if h.Get("X-Api-Key") != "" {
		t.Error("X-Api-Key forwarded in jwt mode")
	}

	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	cases := map[string]string{
		"no token":       "",
		"wrong audience": "Bearer " + p.sign(t, p.key, p.kid, p.claims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"expired":        "Bearer " + p.sign(t, p.key, p.kid, p.claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() })),
		"unknown key":    "Bearer " + p.sign(t, other, "k2", p.claims(nil)),
		"wrong signer":   "Bearer " + p.sign(t, other, p.kid, p.claims(nil)),
		"wrong issuer":   "Bearer " + p.sign(t, p.key, p.kid, p.claims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })),
		"missing scope":  "Bearer " + p.sign(t, p.key, p.kid, p.claims(func(c jwt.MapClaims) { c["scope"] = "other" })),
	}
	for name, authz := range cases {
		t.Run(name, func(t *testing.T) {
			before := rc.count()
			hdr := map[string]string{}
			if authz != "" {
				hdr["Authorization"] = authz
			}
			resp, body := post(t, url, hdr)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401: %s", resp.StatusCode, body)
			}
			wa := resp.Header.Get("WWW-Authenticate")
			want := `Bearer resource_metadata="https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/` +
				strings.NewReplacer(":", "%3A", "/", "%2F").Replace(DefaultARN) +
				`/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT"`
			if wa != want {
				t.Errorf("WWW-Authenticate %q\nwant %q", wa, want)
			}
			if rc.count() != before {
				t.Error("a refused request reached the server")
			}
		})
	}
}

func TestSSEStreamedThrough(t *testing.T) {
	release := make(chan struct{})
	var got http.Header
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n")
		w.(http.Flusher).Flush()
		<-release
		fmt.Fprint(w, "event: message\ndata: {\"last\":true}\n\n")
	}))
	defer up.Close()
	defer close(release)
	_, ts := newIngress(t, template.Inputs{AuthMode: template.AuthZscaler}, up.URL)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/mcp", strings.NewReader(listTools))
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("X-Zscaler-Client-ID", "cid")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	first := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		n, _ := resp.Body.Read(buf)
		first <- string(buf[:n])
	}()
	select {
	case s := <-first:
		if !strings.Contains(s, `"id":1`) {
			t.Errorf("first event %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first SSE event was not streamed before the upstream finished")
	}
	if got.Get("X-Zscaler-Client-ID") != "cid" || got.Get("Accept") == "" {
		t.Errorf("headers upstream: %v", got)
	}
}

func TestPayloadTooLarge(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("an oversized payload reached the server")
	}))
	defer up.Close()
	_, ts := newIngress(t, template.Inputs{AuthMode: template.AuthZscaler}, up.URL)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/mcp", io.LimitReader(zeros{}, MaxPayloadBytes+1))
	req.Header.Set("X-Zscaler-Client-ID", "cid")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("X-Amzn-ErrorType") != "ValidationException" || !strings.Contains(string(body), "larger than") {
		t.Fatalf("%d %v %s", resp.StatusCode, resp.Header, body)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
