package mcpserver

import (
	"encoding/json"
	"net"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// FuzzHTTPEntry sends arbitrary bodies to POST /mcp with every protocol
// revision header: the server must answer every one (no panic, no hang),
// with JSON whenever it says JSON, every refusal as a JSON-RPC error, and a
// bad message must not stop the next.
func FuzzHTTPEntry(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`,
		`{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"zpa_get_segment_group","arguments":{"group_id":"7"}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_delete_segment_group","arguments":{"group_id":"7","kwargs":"{\"confirmation_token\":\"x\"}"}}}`,
		`[{"jsonrpc":"2.0","id":1,"method":"ping"}]`,
		`{"jsonrpc":"2.0","id":1,"method":`,
		`{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}`,
		``,
	} {
		f.Add(seed, "2025-06-18")
		f.Add(seed, "2026-07-28")
	}
	srv := New(Options{Version: "fuzz", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{body: `{"id":"7","name":"x"}`}, CustomerID: "1"}})
	h := srv.HTTPHandler()
	f.Fuzz(func(t *testing.T, body, version string) {
		req := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if version != "" {
			req.Header.Set("MCP-Protocol-Version", version)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON answer to %q: %s", body, rec.Body.String())
		}
		if rec.Code == 500 {
			t.Fatalf("internal error for %q: %s", body, rec.Body.String())
		}
		if rec.Code >= 400 {
			assertRPCError(t, rec, body)
		}
	})
}

func assertRPCError(t *testing.T, rec *httptest.ResponseRecorder, sent string) {
	t.Helper()
	var msg struct {
		JSONRPC string `json:"jsonrpc"`
		Error   *struct {
			Code    *int   `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" ||
		json.Unmarshal(rec.Body.Bytes(), &msg) != nil || msg.JSONRPC != "2.0" || msg.Error == nil || msg.Error.Code == nil {
		t.Fatalf("refusal %d of %q is not a JSON-RPC error: %s %s", rec.Code, sent, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}

// FuzzHostAndOrigin sends a tools/list, which the fast path answers, and a
// tools/call, which reaches the tenant, under arbitrary Host and Origin
// headers to a loopback listener on port 8000. Served, the Host must be a
// loopback name or address on that port and the Origin absent or such a
// host over http; refused, the answer is a JSON-RPC error and nothing
// reached the tenant. The oracle parses the headers its own way.
func FuzzHostAndOrigin(f *testing.F) {
	for _, seed := range [][2]string{
		{"127.0.0.1:8000", ""}, {"localhost:8000", "http://localhost:8000"}, {"evil.example", ""},
		{"127.0.0.1:8000", "http://evil.example"}, {"[::1]:8000", "null"}, {"127.0.0.1.nip.io:8000", ""},
		{"localhost:8000", "http://localhost:8000/"}, {"LOCALHOST:8000", "HTTP://LOCALHOST:8000"},
		{"localhost:08000", ""}, {"127.1:8000", ""}, {"[::ffff:127.0.0.1]:8000", "http://user@localhost:8000"},
	} {
		f.Add(seed[0], seed[1], false)
		f.Add(seed[0], seed[1], true)
	}
	calls := &atomic.Int64{}
	srv := New(Options{Version: "fuzz", Tools: inventory.All(), Exec: &catalog.Executor{API: tenantCalls{stubAPI{}, calls}, CustomerID: "1"}})
	h := srv.HTTPHandler()
	f.Fuzz(func(t *testing.T, host, origin string, call bool) {
		body := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
		if call {
			body = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`
		}
		req := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(body)))
		req.Host = host
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		before := calls.Load()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == 200 {
			if !loopbackAnyPort(host) {
				t.Fatalf("served Host %q", host)
			}
			if origin != "" && !(strings.HasPrefix(strings.ToLower(origin), "http://") && loopbackOn8000(origin[len("http://"):])) {
				t.Fatalf("served Origin %q", origin)
			}
			return
		}
		assertRPCError(t, rec, host+" "+origin)
		if calls.Load() != before {
			t.Fatalf("refused (%d), yet the call reached the tenant: Host %q Origin %q", rec.Code, host, origin)
		}
	})
}

// loopbackOn8000 is the fuzz oracle for an Origin: hostport is exactly a
// loopback IP or localhost, then ":8000".
func loopbackOn8000(hostport string) bool {
	i := strings.LastIndex(hostport, ":")
	return i >= 0 && hostport[i+1:] == "8000" && loopbackAnyPort(hostport)
}

// loopbackAnyPort is the oracle for a Host: a loopback IP or localhost;
// the port does not matter (a rebinding page cannot name loopback at all).
func loopbackAnyPort(hostport string) bool {
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		return loopbackName(host)
	}
	return loopbackName(hostport)
}

func loopbackName(h string) bool {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback() && ip.Zone() == ""
}

// FuzzParseRequest holds the fast path's reading of a JSON-RPC message: it
// takes only single requests with a string or number id.
func FuzzParseRequest(f *testing.F) {
	for _, seed := range []string{`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, `{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"a"}}`, `[1]`, `{}`, `null`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ok := parseRequest(body)
		if !ok {
			return
		}
		if req.JSONRPC != "2.0" || len(req.ID) == 0 || !json.Valid(req.ID) {
			t.Fatalf("accepted %q", body)
		}
		var id any
		_ = json.Unmarshal(req.ID, &id)
		switch id.(type) {
		case string, float64:
		default:
			t.Fatalf("accepted id %s", req.ID)
		}
	})
}
