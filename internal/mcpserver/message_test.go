package mcpserver

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// rpcError reads an answer that must be a JSON-RPC error with a null id.
func rpcError(t *testing.T, rec *httptest.ResponseRecorder) (code int, message string) {
	t.Helper()
	var msg struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q: %s", ct, rec.Body.String())
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &msg); err != nil || msg.JSONRPC != "2.0" || msg.Error == nil || msg.Result != nil || string(msg.ID) != "null" {
		t.Errorf("not a JSON-RPC error with id null: %s", rec.Body.String())
		return 0, ""
	}
	return msg.Error.Code, msg.Error.Message
}

// A body that is not JSON is -32700, JSON that is no JSON-RPC message is
// -32600: both 400 with a JSON body, on the fast path's revisions and on the
// SDK's alike.
func TestMalformedBodiesAreJSONRPCErrors(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	h := srv.HTTPHandler()
	for _, c := range []struct {
		name, body string
		code       int
	}{
		{"empty body", ``, -32700},
		{"only whitespace", " \n\t", -32700},
		{"truncated JSON", `{"jsonrpc":"2.0","id":1,"method":`, -32700},
		{"not JSON at all", `jsonrpc=2.0&method=ping`, -32700},
		{"two values", `{"jsonrpc":"2.0","id":1,"method":"ping"}{}`, -32700},
		{"a JSON number", `42`, -32600},
		{"a JSON string", `"tools/list"`, -32600},
		{"null", `null`, -32600},
		{"an empty batch", `[]`, -32600},
		{"an array of non-requests", `[1,2,3]`, -32600},
		{"an array of objects that are no messages", `[{"a":1},{"b":2}]`, -32600},
		{"a batch with one bad element", `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"id":2}]`, -32600},
		{"an object without jsonrpc or method", `{"id":1}`, -32600},
		{"an object without jsonrpc", `{"id":1,"method":"ping"}`, -32600},
		{"jsonrpc 1.0", `{"jsonrpc":"1.0","id":1,"method":"ping"}`, -32600},
		{"jsonrpc as a number", `{"jsonrpc":2.0,"id":1,"method":"ping"}`, -32600},
		{"an object without method", `{"jsonrpc":"2.0","id":1}`, -32600},
		{"a method that is no string", `{"jsonrpc":"2.0","id":1,"method":7}`, -32600},
		{"a response with both result and error", `{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}`, -32600},
	} {
		for _, v := range []string{"", "2025-06-18", "2025-11-25", "2026-07-28"} {
			r := newRequest(form{body: c.body, header: map[string]string{"MCP-Protocol-Version": v}})
			if v == "" {
				r.Header.Del("MCP-Protocol-Version")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != 400 {
				t.Errorf("%s (%q): status %d, want 400: %s", c.name, v, rec.Code, rec.Body.String())
				continue
			}
			if code, msg := rpcError(t, rec); code != c.code {
				t.Errorf("%s (%q): code %d (%s), want %d", c.name, v, code, msg, c.code)
			}
		}
	}
}

// What the SDK itself refuses, after the envelope passed, it says in plain
// text; the client gets it as a JSON-RPC error with the same status.
func TestTheSDKsRefusalsAreJSONRPCErrors(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	h := srv.HTTPHandler()
	for _, c := range []struct {
		name, body, version string
		status, code        int
	}{
		{"a batch on a revision without batches", `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`, "2025-06-18", 400, -32600},
		{"an unsupported revision", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "1999-01-01", 400, -32600},
		{"an unknown method", `{"jsonrpc":"2.0","id":1,"method":"no/such"}`, "2025-06-18", 400, -32601},
		{"an id that is an object", `{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}`, "", 400, -32600},
	} {
		r := newRequest(form{body: c.body, header: map[string]string{"MCP-Protocol-Version": c.version}})
		if c.version == "" {
			r.Header.Del("MCP-Protocol-Version")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, rec.Code, c.status, rec.Body.String())
			continue
		}
		if code, msg := rpcError(t, rec); code != c.code || msg == "" {
			t.Errorf("%s: code %d (%q), want %d", c.name, code, msg, c.code)
		}
	}
	// A well-formed answer passes untouched.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newRequest(form{body: ping}))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"result":{}`) {
		t.Fatalf("ping: %d %s", rec.Code, rec.Body.String())
	}
}

func TestCheckMessageAcceptsEveryMessageKind(t *testing.T) {
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"ping"}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":"x","result":{}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"m"}}`,
		` [{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}] `,
	} {
		if code, msg := checkMessage([]byte(body)); code != 0 {
			t.Errorf("%s: refused %d %s", body, code, msg)
		}
	}
}
