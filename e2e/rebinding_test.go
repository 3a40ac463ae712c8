package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const meta2026 = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"e2e","version":"1"}}`

// requestForm is one kind of request that the server answers by its own
// code path: the fast path's tools/list (per revision) and tools/call, the
// SDK's initialize, 2026-07-28 requests, a batch (2025-03-26 has batches).
type requestForm struct {
	name, body string
	header     map[string]string
}

var requestForms = []requestForm{
	{"tools/list", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, nil},
	{"tools/list 2025-06-18", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, map[string]string{"MCP-Protocol-Version": "2025-06-18"}},
	{"tools/list 2025-11-25", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, map[string]string{"MCP-Protocol-Version": "2025-11-25"}},
	{"tools/call", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`, map[string]string{"MCP-Protocol-Version": "2025-11-25"}},
	{"initialize", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}`, nil},
	{"tools/call 2026-07-28", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{},` + meta2026 + `}}`,
		map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "zpa_list_segment_groups"}},
	{"batch 2025-03-26", `[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}]`,
		map[string]string{"MCP-Protocol-Version": "2025-03-26"}},
}

// send posts a form to the server, changed by spoil, and returns the status,
// the Content-Type and the body.
func send(t *testing.T, target string, f requestForm, spoil func(*http.Request)) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", target, strings.NewReader(f.body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range f.header {
		req.Header.Set(k, v)
	}
	if spoil != nil {
		spoil(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// isRPCError says whether body is a JSON-RPC error with a null id and no result.
func isRPCError(body string) bool {
	var msg struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	return json.Unmarshal([]byte(body), &msg) == nil && msg.JSONRPC == "2.0" && msg.Error != nil && msg.Result == nil && string(msg.ID) == "null"
}

// A page that rebinds its name to the loopback server, or posts to it from
// another origin, is refused on every kind of request, whichever code path
// would answer it; so are the requests every other protection stops. Each
// form is first shown to work on the same server.
func TestEveryProtectionHoldsOnEveryPath(t *testing.T) {
	tn := newTenant(t)
	const key = "k-e2e-rebinding-0123456789"
	logs := keepLog(&logBuffer{})
	target := startHTTP(t, tn.env("ZSCALER_MCP_AUTH_MODE=api-key", "ZSCALER_MCP_AUTH_API_KEY="+key,
		"ZSCALER_MCP_MAX_BODY_BYTES=1024", "ZSCALER_MCP_ALLOWED_ORIGINS=https://app.example.com"), logs)
	u, _ := url.Parse(target)
	withKey := func(r *http.Request) { r.Header.Set("X-Api-Key", key) }
	then := func(fs ...func(*http.Request)) func(*http.Request) {
		return func(r *http.Request) {
			for _, f := range fs {
				f(r)
			}
		}
	}
	for _, f := range requestForms {
		for name, spoil := range map[string]func(*http.Request){
			"no Origin":         withKey,
			"the own origin":    then(withKey, func(r *http.Request) { r.Header.Set("Origin", "http://"+u.Host) }),
			"by name":           then(withKey, func(r *http.Request) { r.Host = "localhost:" + u.Port() }),
			"an allowed origin": then(withKey, func(r *http.Request) { r.Header.Set("Origin", "https://app.example.com") }),
		} {
			if code, _, body := send(t, target, f, spoil); code != 200 || !strings.Contains(body, `"result"`) {
				t.Fatalf("%s, %s: the good request fails: %d %.300s", f.name, name, code, body)
			}
		}
	}

	for _, p := range []struct {
		name   string
		spoil  func(*http.Request)
		status int
		logged string
	}{
		{"rebound Host", func(r *http.Request) { r.Host = "evil.example" }, 421, "refused=host"},
		{"rebound Host on the server's port", func(r *http.Request) { r.Host = "evil.example:" + u.Port() }, 421, "refused=host"},
		{"foreign Origin", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "refused=origin"},
		{"another local origin", func(r *http.Request) { r.Header.Set("Origin", "http://localhost:3000") }, 403, "refused=origin"},
		{"wrong key", func(r *http.Request) { r.Header.Set("X-Api-Key", "wrong") }, 401, "refused=authentication"},
		{"too large", func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(strings.Repeat(" ", 2000)))
			r.ContentLength = -1
		}, 413, `refused="body too large"`},
		{"not JSON", func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, 415, `refused="content type"`},
		{"PUT", func(r *http.Request) { r.Method = http.MethodPut }, 405, "refused=method"},
	} {
		for _, f := range requestForms {
			before := countRequests(tn, "GET", "/zpa/")
			spoil := then(withKey, p.spoil)
			if p.name == "too large" {
				// the padding goes after the message, which it leaves intact
				spoil = then(withKey, func(r *http.Request) {
					r.Body = io.NopCloser(strings.NewReader(f.body + strings.Repeat(" ", 2000)))
					r.ContentLength = -1
				})
			}
			code, ct, body := send(t, target, f, spoil)
			if code != p.status || ct != "application/json" || !isRPCError(body) {
				t.Errorf("%s, %s: %d %s %.300s, want %d and a JSON-RPC error", p.name, f.name, code, ct, body, p.status)
			}
			if n := countRequests(tn, "GET", "/zpa/"); n != before {
				t.Errorf("%s, %s: the refused request reached the tenant", p.name, f.name)
			}
		}
		if !eventually(func() bool { return strings.Contains(logs.String(), p.logged) }) {
			t.Errorf("%s: no access-log line says %s", p.name, p.logged)
		}
	}
	if strings.Contains(logs.String(), key) {
		t.Error("the API key reached the log")
	}

	for _, path := range []string{"/health", "/ping"} {
		req, _ := http.NewRequest("GET", "http://"+u.Host+path, nil)
		req.Host = "evil.example"
		req.Header.Set("Origin", "http://evil.example")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s must stay open: %d", path, resp.StatusCode)
		}
	}
}

// A refused source address, on every path.
func TestSourceAddressOnEveryPath(t *testing.T) {
	tn := newTenant(t)
	logs := keepLog(&logBuffer{})
	target := startHTTP(t, tn.env("ZSCALER_MCP_ALLOWED_SOURCE_IPS=10.0.0.0/8"), logs)
	for _, f := range requestForms {
		if code, ct, body := send(t, target, f, nil); code != 403 || ct != "application/json" || !isRPCError(body) {
			t.Errorf("%s: %d %s %.300s", f.name, code, ct, body)
		}
	}
	if countRequests(tn, "GET", "/zpa/") != 0 {
		t.Error("a refused request reached the tenant")
	}
	if !eventually(func() bool { return strings.Contains(logs.String(), `refused="source address"`) }) {
		t.Errorf("no access-log line names the source address:\n%s", logs.String())
	}
}

// With Host validation off (AgentCore), neither Host nor Origin is checked.
func TestHostValidationOffChecksNeitherHostNorOrigin(t *testing.T) {
	tn := newTenant(t)
	target := startHTTP(t, tn.env("ZSCALER_MCP_DISABLE_HOST_VALIDATION=true"), keepLog(&logBuffer{}))
	for _, f := range requestForms {
		code, _, body := send(t, target, f, func(r *http.Request) {
			r.Host = "agentcore.internal"
			r.Header.Set("Origin", "https://console.example")
		})
		if code != 200 || !strings.Contains(body, `"result"`) {
			t.Errorf("%s: %d %.300s", f.name, code, body)
		}
	}
}

// Not JSON is -32700, JSON that is no message -32600: 400 with a JSON body,
// on the fast path's revision and on the SDK's.
func TestMalformedBodiesOverHTTP(t *testing.T) {
	tn := newTenant(t)
	target := startHTTP(t, tn.env(), keepLog(&logBuffer{}))
	for _, c := range []struct {
		body string
		code string
	}{
		{``, "-32700"}, {`{"jsonrpc":"2.0","id":1,"method":`, "-32700"}, {`42`, "-32600"},
		{`[1,"a"]`, "-32600"}, {`{"id":1}`, "-32600"}, {`{"jsonrpc":"2.0","id":1}`, "-32600"},
	} {
		for _, v := range []string{"2025-11-25", "2026-07-28"} {
			code, ct, body := send(t, target, requestForm{body: c.body, header: map[string]string{"MCP-Protocol-Version": v}}, nil)
			if code != 400 || ct != "application/json" || !isRPCError(body) || !strings.Contains(body, `"code":`+c.code) {
				t.Errorf("%q (%s): %d %s %s, want 400 and %s", c.body, v, code, ct, body, c.code)
			}
		}
	}
	if code, _, body := send(t, target, requestFormPing, nil); code != 200 || !strings.Contains(body, `"result":{}`) {
		t.Errorf("the server does not answer after malformed input: %d %s", code, body)
	}
}

var requestFormPing = requestForm{body: `{"jsonrpc":"2.0","id":1,"method":"ping"}`}
