package mcpserver

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// FuzzHTTPEntry sends arbitrary bodies to POST /mcp with every protocol
// revision header: the server must answer every one (no panic, no hang),
// with JSON whenever it says JSON, and a bad message must not stop the next.
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
		req := httptest.NewRequest("POST", "/mcp", strings.NewReader(body))
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
	})
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
