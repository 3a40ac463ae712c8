package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// A confirmation token issued to one authenticated caller does not work for
// another, even with the very same arguments.
func TestConfirmationTokenIsBoundToTheCaller(t *testing.T) {
	tn := newTenant(t)
	is := newIssuer(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=jwt", "ZSCALER_MCP_AUTH_JWKS_URI="+is.url+"/jwks",
		"ZSCALER_MCP_AUTH_ISSUER=https://issuer.example", "ZSCALER_MCP_AUTH_AUDIENCE=zscaler-mcp",
		"ZSCALER_MCP_WRITE_ENABLED=true", writeAll), keepLog(&logBuffer{}))
	bearer := func(sub string) map[string]string {
		tok := is.token(t, jwt.MapClaims{"iss": "https://issuer.example", "aud": "zscaler-mcp", "sub": sub, "exp": time.Now().Add(time.Hour).Unix()})
		return map[string]string{"Authorization": "Bearer " + tok, "Accept": "application/json", "MCP-Protocol-Version": "2025-06-18"}
	}
	callAs := func(sub, args string) string {
		_, body := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_delete_segment_group","arguments":`+args+`}}`, bearer(sub))
		return body
	}
	group := tn.Snapshot("/zpa/mgmtconfig/v1/admin/customers/{customerId}/segmentGroup")
	id := ""
	for _, g := range group {
		m := g.(map[string]any)
		if apps, _ := m["applications"].([]any); len(apps) == 0 {
			id, _ = m["id"].(string)
		}
	}
	if id == "" {
		// every seeded group has applications: make an empty one
		_, body := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_create_segment_group","arguments":{"name":"Bound"}}}`, bearer("alice"))
		id = body[strings.Index(body, `"id":"`)+6:]
		id = id[:strings.Index(id, `"`)]
	}
	first := callAs("alice", `{"group_id":"`+id+`"}`)
	m := tokenRE.FindStringSubmatch(strings.ReplaceAll(first, `\"`, `"`))
	if m == nil {
		t.Fatalf("no token: %s", first)
	}
	withToken := `{"group_id":"` + id + `","confirmation_token":"` + m[1] + `"}`
	if body := callAs("bob", withToken); !strings.Contains(body, "does not match") || deletes(tn) != 0 {
		t.Fatalf("bob used alice's token: %s", body)
	}
	if body := callAs("alice", withToken); deletes(tn) != 1 {
		t.Fatalf("alice's confirmed delete: %s", body)
	}
}

// In zscaler mode, with ZSCALER_MCP_AUTH_USE_CALLER_CREDENTIALS, a caller's
// calls run on the caller's own OneAPI credentials, not the container's.
func TestCallersOwnCredentials(t *testing.T) {
	tn := newTenant(t)
	env := tn.env("ZSCALER_MCP_AUTH_MODE=zscaler", "ZSCALER_MCP_AUTH_USE_CALLER_CREDENTIALS=true",
		"ZSCALER_CLIENT_SECRET=the-container-secret-is-wrong")
	url := startHTTP(t, env, keepLog(&logBuffer{}))
	h := map[string]string{"Accept": "application/json", "MCP-Protocol-Version": "2025-06-18",
		"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(sandbox.ClientID+":"+sandbox.ClientSecret))}
	resp, body := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`, h)
	if resp.StatusCode != 200 || !strings.Contains(body, `"structuredContent":{"result":[`) {
		t.Fatalf("the caller's credentials were not used: %d %.300s", resp.StatusCode, body)
	}
	// Without the opt-in, the same caller's call runs on the container's (wrong) credentials.
	plain := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=zscaler", "ZSCALER_CLIENT_SECRET=the-container-secret-is-wrong"), keepLog(&logBuffer{}))
	_, body = post(t, plain, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`, h)
	if !strings.Contains(body, `"isError":true`) {
		t.Fatalf("without the opt-in the call must use the container's credentials and fail: %.300s", body)
	}
}

// SIGTERM lets a call in flight finish before the process exits.
func TestGracefulShutdown(t *testing.T) {
	tn := newTenant(t)
	cmd := exec.Command(binary, "serve", "--transport", "streamable-http", "--port", "0")
	cmd.Env = append(baseEnv(), tn.env()...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	logs := keepLog(&logBuffer{})
	found := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := stderr.Read(buf)
			logs.Write(buf[:n])
			if m := listeningRE.FindStringSubmatch(logs.String()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	var url string
	select {
	case url = <-found:
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not start")
	}
	tn.InjectFault(sandbox.Fault{PathPrefix: "/zia/api/v1/ruleLabels", Delay: 1500 * time.Millisecond})
	done := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b := make([]byte, 1<<16)
		n, _ := resp.Body.Read(b)
		done <- string(b[:n])
	}()
	time.Sleep(500 * time.Millisecond) // the call is waiting on the slow answer
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if body := <-done; !strings.Contains(body, `"structuredContent"`) {
		t.Fatalf("the call in flight did not finish: %.200s", body)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the server did not exit cleanly: %v", err)
	}
}

// Private-key JWT client authentication instead of a client secret.
func TestPrivateKeyCredentials(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tn := newTenantWith(t, sandbox.Options{AssertionKey: &key.PublicKey})
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	path := t.TempDir() + "/client.pem"
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"ZSCALER_API_BASE_URL=" + tn.URL, "ZSCALER_TOKEN_URL=" + tn.URL + "/oauth2/v1/token",
		"ZSCALER_CLIENT_ID=" + sandbox.ClientID, "ZSCALER_PRIVATE_KEY=" + path,
		"ZSCALER_CUSTOMER_ID=" + tn.CustomerID(), "ZSCALER_MCP_CLIENT_RATE_LIMITS=off",
	}
	s := start(t, stdio, env)
	if len(rows(t, ok(t, s, "zpa_list_segment_groups", nil))) == 0 {
		t.Fatal("no records with a private-key assertion")
	}
	if strings.Contains(s.logs.String(), "PRIVATE KEY") {
		t.Fatal("the key reached the log")
	}
}
