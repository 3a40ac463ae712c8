package mcpserver

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func TestPanicsBecomeInternalErrors(t *testing.T) {
	boom := &catalog.Tool{Name: "zpa_list_boom", Service: "zpa", Toolset: "t", Action: catalog.Read, Description: "d",
		Shape: catalog.Records, Handler: func(context.Context, *catalog.Call) (*catalog.Result, error) { panic("boom") }}
	srv := New(Options{Version: "v", Tools: []*catalog.Tool{boom}, Exec: &catalog.Executor{API: stubAPI{}}})
	h := srv.HTTPHandler()
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_boom","arguments":{}}}`
	code, msg := rpcTo(t, h, call, nil) // the fast path
	if code != 500 || !strings.Contains(errText(msg), "Internal error") {
		t.Fatalf("fast path: %d %v", code, msg)
	}
	withMeta := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_boom","arguments":{},"_meta":{"progressToken":"p"}}}`
	_, msg = rpcTo(t, h, withMeta, map[string]string{"MCP-Protocol-Version": "2025-06-18"}) // the SDK's path
	if !strings.Contains(errText(msg), "Internal error") {
		t.Fatalf("SDK path: %v", msg)
	}
	if code, _ := rpcTo(t, h, `{"jsonrpc":"2.0","id":3,"method":"ping"}`, nil); code != 200 {
		t.Fatal("the server does not answer after a panic")
	}
}

func errText(msg map[string]any) string {
	e, _ := msg["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

func TestHostAllowed(t *testing.T) {
	for _, c := range []struct {
		allowed []string
		host    string
		want    bool
	}{
		{[]string{"127.0.0.1:*"}, "127.0.0.1:8000", true},
		{[]string{"127.0.0.1:*"}, "127.0.0.2:8000", false},
		{[]string{"example.com"}, "EXAMPLE.com:443", true},
		{[]string{"example.com:8443"}, "example.com:443", false},
		{[]string{"[::1]:*"}, "[::1]:8000", true},
		{[]string{"*"}, "anything", true},
		{[]string{"*"}, "", false},
	} {
		if got := HostAllowed(c.allowed, c.host); got != c.want {
			t.Errorf("HostAllowed(%v, %q) = %v", c.allowed, c.host, got)
		}
	}
}

func TestSourceAllowlistAndHealthBypass(t *testing.T) {
	nets, err := ParseSourceIPs([]string{"10.0.0.0/8", "192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSourceIPs([]string{"10.0.0.0/33", "nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("bad entries: %v", err)
	}
	srv := New(Options{Version: "v", Exec: &catalog.Executor{API: stubAPI{}}})
	h := srv.Handler(HTTPOptions{AllowedSourceIPs: nets})
	for addr, want := range map[string]int{"10.1.2.3:5555": 200, "192.0.2.7:1": 200, "192.0.2.8:1": 403} {
		req := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", addr, rec.Code, want)
		}
	}
	req := httptest.NewRequest("GET", "/health", nil)
	req.RemoteAddr = net.JoinHostPort("203.0.113.9", "1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("/health from a refused address: %d", rec.Code)
	}
}

// The AgentCore probe rule lets exactly a loopback, credential-less ping,
// initialize or server/discover through; everything else meets auth.
func TestProbeRule(t *testing.T) {
	denyAll := func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	}
	srv := New(Options{Version: "v", Exec: &catalog.Executor{API: stubAPI{}}})
	h := srv.Handler(HTTPOptions{Auth: denyAll})
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}`
	for _, c := range []struct {
		name, remote, body, header string
		want                       int
	}{
		{"loopback ping", "127.0.0.1:9", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "", 200},
		{"loopback initialize", "127.0.0.1:9", initialize, "", 200},
		{"loopback v6 ping", "[::1]:9", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "", 200},
		{"loopback tools/list", "127.0.0.1:9", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, "", 401},
		{"loopback tools/call", "127.0.0.1:9", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups"}}`, "", 401},
		{"loopback batch", "127.0.0.1:9", `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`, "", 401},
		{"remote ping", "10.0.0.5:9", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "", 401},
		{"loopback ping with a credential", "127.0.0.1:9", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "Bearer wrong", 401},
	} {
		req := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(c.body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
		req.RemoteAddr = c.remote
		if c.header != "" {
			req.Header.Set("Authorization", c.header)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d (%s)", c.name, rec.Code, c.want, rec.Body.String())
		}
	}
}
