package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// post sends one JSON-RPC message to the server's /mcp the way a bare client
// would, with no initialize first.
func post(t *testing.T, url, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTPSurface(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, append(baseEnv(), tn.env()...), keepLog(&logBuffer{}))
	base := strings.TrimSuffix(url, "/mcp")

	for path, want := range map[string]string{"/health": `{"status":"ok"}`, "/ping": `{"status":"Healthy"}`} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.TrimSpace(string(b)) != want {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /mcp: %d, want 405", resp.StatusCode)
	}

	list := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`
	for name, h := range map[string]map[string]string{
		"accept json only":   {"Accept": "application/json", "MCP-Protocol-Version": "2025-06-18", "Mcp-Session-Id": "4f1c9a8e-never-issued-by-this-server"},
		"accept anything":    {"Accept": "*/*", "MCP-Protocol-Version": "2025-11-25"},
		"no accept":          {"MCP-Protocol-Version": "2025-11-25"},
		"json and sse":       {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"},
		"foreign session id": {"Accept": "application/json, text/event-stream", "Mcp-Session-Id": "agentcore-session-0123456789abcdef0123456789"},
	} {
		for _, u := range []string{url, url + "/"} {
			resp, body := post(t, u, list, h)
			var msg struct {
				Result struct{ Tools []struct{ Name string } }
				Error  any
			}
			if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &msg) != nil || len(msg.Result.Tools) == 0 {
				t.Errorf("%s %s: %d %.300s", name, u, resp.StatusCode, body)
			}
			if sid := resp.Header.Get("Mcp-Session-Id"); sid != "" {
				t.Errorf("%s: a stateless server issued session id %q", name, sid)
			}
		}
	}

	resp, body := post(t, url, `{"jsonrpc":"2.0","id":7,"method":"ping"}`, map[string]string{"Accept": "application/json"})
	if resp.StatusCode != 200 || !strings.Contains(body, `"id":7`) || !strings.Contains(body, `"result":{}`) {
		t.Errorf("ping: %d %s", resp.StatusCode, body)
	}

	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`
	resp, body = post(t, url, call, map[string]string{"Accept": "application/json", "MCP-Protocol-Version": "2025-06-18"})
	if resp.StatusCode != 200 || !strings.Contains(body, `"structuredContent":{"result":[`) {
		t.Errorf("tools/call without initialize: %d %.300s", resp.StatusCode, body)
	}
}

func TestSandboxFlagNeedsNoCredentials(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		s := start(t, tr, nil, "--sandbox")
		if len(rows(t, ok(t, s, "zpa_list_application_segments", nil))) == 0 {
			t.Fatal("no application segments in the sandbox")
		}
	})
}

func TestConfigurationErrorsListEveryProblem(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(baseEnv(), "ZSCALER_MCP_PORT=http", "ZSCALER_MCP_WRITE_ENABLED=maybe", "ZSCALER_MCP_TRANSPORT=carrier-pigeon")
	out, err := combined(cmd)
	exit, isExit := err.(*exec.ExitError)
	if !isExit || exit.ExitCode() == 0 {
		t.Fatalf("bad configuration did not fail: %v\n%s", err, out)
	}
	for _, want := range []string{"ZSCALER_MCP_PORT", "ZSCALER_MCP_WRITE_ENABLED", "ZSCALER_MCP_TRANSPORT"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the message does not name %s:\n%s", want, out)
		}
	}

	cmd = exec.Command(binary, "serve")
	cmd.Env = baseEnv()
	out, err = combined(cmd)
	if err == nil || !strings.Contains(string(out), "ZSCALER_CLIENT_ID") || !strings.Contains(string(out), "--sandbox") {
		t.Fatalf("no credentials: %v\n%s", err, out)
	}
}

func TestSecretsStayOutOfLogsAndResults(t *testing.T) {
	tn := newTenant(t)
	s := start(t, stdio, tn.env())
	ok(t, s, "zia_list_locations", nil)
	tn.ExpireTokens()
	ok(t, s, "zia_list_locations", nil)
	res := call(t, s, "zpa_get_segment_group", map[string]any{"group_id": "1"})
	for _, where := range []string{s.logs.String(), text(res)} {
		// Tokens are JWTs, and every JWT starts with "eyJ".
		if strings.Contains(where, sandbox.ClientSecret) || strings.Contains(where, "eyJ") {
			t.Fatalf("a secret reached the output:\n%s", where)
		}
	}
}
