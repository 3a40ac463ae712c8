package e2e

import (
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func rawPost(t *testing.T, url, host, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const ping = `{"jsonrpc":"2.0","id":1,"method":"ping"}`

func TestHostChecks(t *testing.T) {
	tn := newTenant(t)
	logs := keepLog(&logBuffer{})
	url := startHTTP(t, tn.env("ZSCALER_MCP_ALLOWED_HOSTS=127.0.0.1:*,localhost"), logs)
	if code, body := rawPost(t, url, "evil.example", ping); code != 421 || !strings.Contains(body, "Misdirected") {
		t.Errorf("forged Host with an allowlist: %d %s", code, body)
	}
	if code, _ := rawPost(t, url, "localhost:1234", ping); code != 200 {
		t.Errorf("an allowed Host was refused: %d", code)
	}
	plain := startHTTP(t, tn.env(), keepLog(&logBuffer{}))
	if code, body := rawPost(t, plain, "evil.example", ping); code != 421 || !strings.Contains(body, "Misdirected") {
		t.Errorf("forged Host on a loopback server without an allowlist: %d, want 421", code)
	}
	open := startHTTP(t, tn.env("ZSCALER_MCP_DISABLE_HOST_VALIDATION=true"), keepLog(&logBuffer{}))
	if code, _ := rawPost(t, open, "agentcore.internal", ping); code != 200 {
		t.Errorf("Host checks off, yet refused: %d", code)
	}
}

func TestSourceAddressAllowlist(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, tn.env("ZSCALER_MCP_ALLOWED_SOURCE_IPS=10.0.0.0/24"), keepLog(&logBuffer{}))
	if code, body := rawPost(t, url, "", ping); code != 403 || !strings.Contains(body, "127.0.0.1") {
		t.Errorf("a refused source address: %d %s", code, body)
	}
	resp, err := http.Get(strings.TrimSuffix(url, "/mcp") + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/health must bypass the allowlist: %v %v", err, resp)
	}
	resp.Body.Close()
	allowed := startHTTP(t, tn.env("ZSCALER_MCP_ALLOWED_SOURCE_IPS=127.0.0.1,::1"), keepLog(&logBuffer{}))
	if code, _ := rawPost(t, allowed, "", ping); code != 200 {
		t.Errorf("an allowed source was refused: %d", code)
	}
}

func TestBodiesAndMalformedJSON(t *testing.T) {
	tn := newTenant(t)
	logs := keepLog(&logBuffer{})
	url := startHTTP(t, tn.env("ZSCALER_MCP_MAX_BODY_BYTES=2048"), logs)
	big := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zia_url_lookup","arguments":{"urls":["` + strings.Repeat("a", 10000) + `"]}}}`
	if code, _ := rawPost(t, url, "", big); code != 413 {
		t.Errorf("oversized body: %d, want 413", code)
	}
	if code, body := rawPost(t, url, "", `{"jsonrpc":"2.0","id":1,"method":`); !strings.Contains(body, "-32700") || code != 400 {
		t.Errorf("malformed JSON: %d %s", code, body)
	}
	if code, body := rawPost(t, url, "", ping); code != 200 || !strings.Contains(body, `"result":{}`) {
		t.Errorf("the server does not answer after malformed input: %d %s", code, body)
	}
	if code, body := rawPost(t, url+"/", "", ping); code != 200 {
		t.Errorf("trailing slash: %d %s", code, body)
	}
	rawPost(t, url, "", `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`)
	// The line is written once the answer has gone out: wait for it, briefly.
	line := ""
	for deadline := time.Now().Add(5 * time.Second); line == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, "tool=zia_list_rule_labels") {
				line = l
			}
		}
	}
	for _, want := range []string{"tool=zia_list_rule_labels", "status=200", "credentials=false", "path=/mcp", "duration_ms="} {
		if !strings.Contains(line, want) {
			t.Errorf("the access-log line lacks %q: %q", want, line)
		}
	}
}

func TestBindRules(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  []string
		want []string
	}{
		"0.0.0.0 without TLS, allowlist or auth mode": {[]string{"--host", "0.0.0.0"}, nil,
			[]string{"requires TLS", "ZSCALER_MCP_ALLOW_HTTP", "ZSCALER_MCP_ALLOWED_HOSTS", "ZSCALER_MCP_AUTH_MODE"}},
		"partial TLS":       {nil, []string{"ZSCALER_MCP_TLS_CERTFILE=/nonexistent.pem"}, []string{"Incomplete TLS"}},
		"unknown auth mode": {nil, []string{"ZSCALER_MCP_AUTH_MODE=bogus"}, []string{"none, api-key, zscaler, jwt"}},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(binary, append([]string{"serve", "--sandbox", "--transport", "streamable-http", "--port", "0"}, c.args...)...)
			cmd.Env = append(baseEnv(), c.env...)
			out, err := combined(cmd)
			if err == nil {
				t.Fatalf("the server started:\n%s", out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the message lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
