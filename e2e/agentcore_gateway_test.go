package e2e

import (
	"bufio"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// oidcIssuer is a local OpenID provider on 127.0.0.1 with one issuer per
// path (a "tenant" per IdP shape): discovery document, JWKS, and a
// client_credentials token endpoint that puts the client id in the claim
// its tenant names (as each IdP does).
type oidcIssuer struct {
	base string
	key  *rsa.PrivateKey
	mu   sync.Mutex
	// per tenant path: the client-id claim, and client id → secret
	claim   map[string]string
	secrets map[string]map[string]string
}

func newOIDCIssuer(t *testing.T) *oidcIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	o := &oidcIssuer{key: key, claim: map[string]string{}, secrets: map[string]map[string]string{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o.base = "http://" + ln.Addr().String()
	srv := &http.Server{Handler: http.HandlerFunc(o.serve), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return o
}

// tenant registers an issuer path with its client-id claim and returns the
// issuer URL.
func (o *oidcIssuer) tenant(path, claim string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.claim[path], o.secrets[path] = claim, map[string]string{}
	return o.base + path
}

func (o *oidcIssuer) addClient(path, id, secret string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.secrets[path][id] = secret
}

func (o *oidcIssuer) serve(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for path, claim := range o.claim {
		rest, ok := strings.CutPrefix(r.URL.Path, path+"/")
		if !ok {
			continue
		}
		w.Header().Set("Content-Type", "application/json")
		iss := o.base + path
		switch rest {
		case ".well-known/openid-configuration":
			fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q,"token_endpoint":%q}`, iss, iss+"/jwks", iss+"/token")
		case "jwks":
			n := base64.RawURLEncoding.EncodeToString(o.key.N.Bytes())
			e := base64.RawURLEncoding.EncodeToString(big.NewInt(int64(o.key.E)).Bytes())
			fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":%q,"e":%q}]}`, n, e)
		case "token":
			id, secret, _ := r.BasicAuth()
			if want, ok := o.secrets[path][id]; !ok || want != secret || r.FormValue("grant_type") != "client_credentials" {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":"invalid_client"}`)
				return
			}
			fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`,
				o.sign(jwt.MapClaims{"iss": iss, "aud": "urn:zscaler-mcp:gateway", claim: id, "exp": time.Now().Add(time.Hour).Unix()}))
		default:
			http.NotFound(w, r)
		}
		return
	}
	http.NotFound(w, r)
}

// sign issues a token; like every IdP it names a subject (the client's,
// for a client_credentials token).
func (o *oidcIssuer) sign(claims jwt.MapClaims) string {
	if _, ok := claims["sub"]; !ok {
		claims["sub"] = "subject-of-the-token@clients"
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(o.key)
	if err != nil {
		panic(err)
	}
	return s
}

// devGateway is a running `zscaler-mcp agentcore dev --gateway`.
type devGateway struct {
	invoke, gateway, target string
	logs                    *logBuffer
}

var (
	gatewayURLRE = regexp.MustCompile(`^gateway URL: (http://\S+)`)
	targetRE     = regexp.MustCompile(`tools as (\S+)___<tool>`)
)

func startDevGateway(t *testing.T, env []string, args ...string) *devGateway {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"agentcore", "dev", "--gateway", "--port", "0", "--gateway-port", "0"}, args...)...)
	cmd.Dir, cmd.Env = t.TempDir(), append(baseEnv(), env...)
	d := &devGateway{logs: keepLog(&logBuffer{})}
	cmd.Stderr = d.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	ready := make(chan struct{})
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			d.logs.Write([]byte(line + "\n"))
			if m := invokeURLRE.FindStringSubmatch(line); m != nil {
				d.invoke = m[1]
			}
			if m := targetRE.FindStringSubmatch(line); m != nil {
				d.target = m[1]
			}
			if m := gatewayURLRE.FindStringSubmatch(line); m != nil {
				d.gateway = m[1]
				close(ready)
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
	}()
	select {
	case <-ready:
	case <-exited:
		t.Fatalf("agentcore dev --gateway exited before it was ready:\n%s", d.logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("agentcore dev --gateway printed no gateway URL:\n%s", d.logs.String())
	}
	return d
}

type rpcReply struct {
	status int
	header http.Header
	Result struct {
		Tools []struct {
			Name        string          `json:"name"`
			InputSchema json.RawMessage `json:"inputSchema"`
		} `json:"tools"`
		IsError bool `json:"isError"`
		Content []struct {
			Text string `json:"text"`
		} `json:"content"`
	} `json:"result"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	raw string
}

// gwRPC posts one JSON-RPC request (JSON or SSE answer) with a bearer token.
func gwRPC(t *testing.T, url, token, method string, params any) rpcReply {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		// status 0: the callers print the server's log beside this.
		return rpcReply{raw: fmt.Sprintf("%s %s: the answer broke off after %d bytes: %v", url, method, len(b), err)}
	}
	out := rpcReply{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	if len(out.raw) > 600 {
		out.raw = out.raw[:600] + "..."
	}
	msg := b
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		for _, line := range strings.Split(string(b), "\n") {
			if data, ok := strings.CutPrefix(line, "data:"); ok {
				msg = []byte(strings.TrimSpace(data))
			}
		}
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(msg, &out); err != nil {
			t.Fatalf("%s %s: not JSON-RPC: %s", url, method, b)
		}
	}
	return out
}

func toolSchemas(r rpcReply) map[string]string {
	out := map[string]string{}
	for _, tool := range r.Result.Tools {
		out[tool.Name] = string(tool.InputSchema)
	}
	return out
}

// TestAgentcoreDevGateway drives `agentcore dev --gateway` with tokens from
// a local OIDC issuer for each IdP shape of the guide's table: the Gateway
// lists exactly the tools the runtime lists, a call goes through end to
// end, a token whose client claim is wrong gets the Gateway's 403, and a
// token the runtime refuses is refused.
func TestAgentcoreDevGateway(t *testing.T) {
	iss := newOIDCIssuer(t)
	const aud = "urn:zscaler-mcp:gateway"
	shapes := []struct {
		name, path, override, claim string
	}{
		{"Cognito", "/cognito-idp/us-east-1_Local", "client_id", "client_id"},
		{"Auth0", "/auth0", "azp", "azp"},
		{"Okta", "/okta/oauth2/default", "cid", "cid"},
		{"EntraV1", "/entra/v1", "appid", "appid"},
		{"EntraV2", "/entra/v2.0", "azp", "azp"},
		{"Google", "/google", "azp", "azp"},
		{"Keycloak", "/realms/zscaler", "", "azp"}, // detected from the /realms/ path
		{"Override", "/custom", "client_app", "client_app"},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			issuer := iss.tenant(sh.path, sh.claim)
			client := "app-" + strings.ToLower(sh.name)
			args := []string{"--gateway-discovery-url", issuer + "/.well-known/openid-configuration",
				"--gateway-client-ids", client, "--gateway-audience", aud}
			if sh.override != "" {
				args = append(args, "--gateway-client-claim", sh.override)
			}
			d := startDevGateway(t, nil, args...)
			good := iss.sign(jwt.MapClaims{"iss": issuer, "aud": aud, sh.claim: client, "exp": time.Now().Add(time.Hour).Unix()})

			// The Gateway lists exactly what the runtime lists, under the target's prefix.
			viaGateway := gwRPC(t, d.gateway, good, "tools/list", map[string]any{})
			direct := gwRPC(t, d.invoke, "", "tools/list", map[string]any{}) // iam, the default: the runtime trusts the signed call
			if viaGateway.status != 200 || direct.status != 200 {
				t.Fatalf("tools/list: gateway %d %s, runtime %d %s\n%s", viaGateway.status, viaGateway.raw, direct.status, direct.raw, d.logs.String())
			}
			gw, rt := toolSchemas(viaGateway), toolSchemas(direct)
			if len(rt) == 0 || len(gw) != len(rt) {
				t.Fatalf("the Gateway lists %d tools, the runtime %d", len(gw), len(rt))
			}
			for name, schema := range rt {
				got, ok := gw[d.target+"___"+name]
				if !ok {
					t.Errorf("%s is listed by the runtime, not by the Gateway", name)
				} else if !jsonEqual(got, schema) {
					t.Errorf("%s: the Gateway's input schema differs from the runtime's", name)
				}
			}

			// A call through the Gateway reaches the runtime and the tenant.
			call := gwRPC(t, d.gateway, good, "tools/call", map[string]any{"name": d.target + "___zia_list_locations", "arguments": map[string]any{}})
			if call.status != 200 || call.Error != nil || call.Result.IsError || len(call.Result.Content) == 0 {
				t.Fatalf("tools/call through the Gateway: %d %s\n%s", call.status, call.raw, d.logs.String())
			}

			// The wrong client, or the right one in another claim than the shape's: 403.
			wrongClaim := "azp"
			if sh.claim == "azp" {
				wrongClaim = "client_id"
			}
			for name, claims := range map[string]jwt.MapClaims{
				"wrong client":    {"iss": issuer, "aud": aud, sh.claim: "intruder", "exp": time.Now().Add(time.Hour).Unix()},
				"claim misplaced": {"iss": issuer, "aud": aud, wrongClaim: client, "exp": time.Now().Add(time.Hour).Unix()},
			} {
				r := gwRPC(t, d.gateway, iss.sign(claims), "tools/list", map[string]any{})
				if r.status != http.StatusForbidden || !strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
					t.Errorf("%s: status %d, WWW-Authenticate %q, want the Gateway's 403 insufficient_scope", name, r.status, r.header.Get("WWW-Authenticate"))
				}
			}
			// Another audience, or no token: 401.
			if r := gwRPC(t, d.gateway, iss.sign(jwt.MapClaims{"iss": issuer, "aud": "urn:other", sh.claim: client, "exp": time.Now().Add(time.Hour).Unix()}), "tools/list", nil); r.status != http.StatusUnauthorized {
				t.Errorf("foreign audience: status %d", r.status)
			}
			if r := gwRPC(t, d.gateway, "", "tools/list", nil); r.status != http.StatusUnauthorized {
				t.Errorf("no token: status %d", r.status)
			}
		})
	}

	// oauth with a runtime narrower than the Gateway: the Gateway accepts the
	// caller, the runtime refuses the token the Gateway gets for the call.
	t.Run("RuntimeRefuses", func(t *testing.T) {
		issuer := iss.tenant("/narrow", "azp")
		iss.addClient("/narrow", "gw-n", "narrow-secret-51d0")
		d := startDevGateway(t, []string{"GATEWAY_OAUTH_CLIENT_SECRET=narrow-secret-51d0"}, "--gateway-outbound-auth", "oauth",
			"--gateway-discovery-url", issuer+"/.well-known/openid-configuration", "--gateway-client-ids", "gw-n,app-n",
			"--gateway-client-claim", "azp", "--gateway-audience", aud, "--jwt-audience", "urn:zscaler-mcp:runtime")
		caller := iss.sign(jwt.MapClaims{"iss": issuer, "aud": aud, "azp": "app-n", "exp": time.Now().Add(time.Hour).Unix()})
		if r := gwRPC(t, d.gateway, caller, "tools/list", nil); r.status != 200 || len(r.Result.Tools) == 0 {
			t.Fatalf("the Gateway refuses its own caller: %d %s", r.status, r.raw)
		}
		r := gwRPC(t, d.gateway, caller, "tools/call", map[string]any{"name": d.target + "___zia_list_locations", "arguments": map[string]any{}})
		if r.Error == nil || !strings.Contains(r.Error.Message, "HTTP 401") {
			t.Errorf("a token the runtime refuses went through: %d %s", r.status, r.raw)
		}
	})

	// jwt-passthrough, the guide's default, is refused before anything
	// starts: AgentCore does not accept it on an mcpServer target.
	t.Run("PassthroughRefused", func(t *testing.T) {
		issuer := iss.tenant("/pass", "azp")
		_, stderr, code := run(t, baseEnv(), binary, "agentcore", "dev", "--gateway", "--gateway-outbound-auth", "jwt-passthrough",
			"--gateway-discovery-url", issuer+"/.well-known/openid-configuration", "--gateway-client-ids", "app-p", "--gateway-audience", aud)
		if code != 2 || !strings.Contains(stderr, "does not accept JWT_PASSTHROUGH on an mcpServer target") {
			t.Errorf("dev --gateway with jwt-passthrough: status %d, stderr:\n%s", code, stderr)
		}
	})

	// iam: the Gateway signs, the runtime keeps IAM inbound; the caller's
	// token never reaches the runtime.
	t.Run("OutboundIAM", func(t *testing.T) {
		issuer := iss.tenant("/iam", "azp")
		d := startDevGateway(t, nil, "--gateway-outbound-auth", "iam", "--auth-mode", "none",
			"--gateway-discovery-url", issuer+"/.well-known/openid-configuration", "--gateway-client-ids", "app-i",
			"--gateway-client-claim", "azp", "--gateway-audience", aud)
		tok := iss.sign(jwt.MapClaims{"iss": issuer, "aud": aud, "azp": "app-i", "exp": time.Now().Add(time.Hour).Unix()})
		r := gwRPC(t, d.gateway, tok, "tools/call", map[string]any{"name": d.target + "___zia_list_locations", "arguments": map[string]any{}})
		if r.Error != nil || r.Result.IsError || len(r.Result.Content) == 0 {
			t.Fatalf("iam: %s\n%s", r.raw, d.logs.String())
		}
		// The runtime itself refuses a bearer token (it has no JWT authorizer).
		if r := gwRPC(t, d.invoke, tok, "tools/list", nil); r.status != http.StatusForbidden {
			t.Errorf("a bearer token at the iam runtime: status %d", r.status)
		}
	})

	// oauth: the Gateway gets its own client_credentials token from the IdP.
	t.Run("OutboundOAuth", func(t *testing.T) {
		issuer := iss.tenant("/oauth", "azp")
		iss.addClient("/oauth", "gw-outbound", "outbound-secret-7a1c")
		d := startDevGateway(t, []string{"GATEWAY_OAUTH_CLIENT_SECRET=outbound-secret-7a1c"}, "--gateway-outbound-auth", "oauth",
			"--gateway-discovery-url", issuer+"/.well-known/openid-configuration", "--gateway-client-ids", "gw-outbound,quick-suite",
			"--gateway-client-claim", "azp", "--gateway-audience", aud)
		caller := iss.sign(jwt.MapClaims{"iss": issuer, "aud": aud, "azp": "quick-suite", "exp": time.Now().Add(time.Hour).Unix()})
		r := gwRPC(t, d.gateway, caller, "tools/call", map[string]any{"name": d.target + "___zia_list_locations", "arguments": map[string]any{}})
		if r.Error != nil || r.Result.IsError || len(r.Result.Content) == 0 {
			t.Fatalf("oauth: %s\n%s", r.raw, d.logs.String())
		}
		// The runtime trusts the outbound client only, not the caller.
		if r := gwRPC(t, d.invoke, caller, "tools/list", nil); r.status != http.StatusUnauthorized {
			t.Errorf("the caller's own token at the oauth runtime: status %d", r.status)
		}
	})
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return slices.Equal(xa, ya)
}
