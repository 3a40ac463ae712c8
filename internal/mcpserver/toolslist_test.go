package mcpserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

func rpcTo(t *testing.T, h http.Handler, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("POST", "/mcp", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var msg map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &msg)
	return rec.Code, msg
}

// The fast path must answer exactly what the SDK answers.
func TestFastToolsListEqualsTheSDKsAnswer(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}}})
	sdk := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv.mcp },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	full := srv.HTTPHandler()
	for _, c := range []struct{ body, version string }{
		{`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, "2025-06-18"},
		{`{"jsonrpc":"2.0","id":"abc","method":"tools/list"}`, "2025-11-25"},
		{`{"jsonrpc":"2.0","id":-3,"method":"tools/list","params":{}}`, ""},
	} {
		h := map[string]string{}
		if c.version != "" {
			h["MCP-Protocol-Version"] = c.version
		}
		code1, want := rpcTo(t, sdk, c.body, h)
		code2, got := rpcTo(t, full, c.body, h)
		if code1 != 200 || code2 != 200 || !reflect.DeepEqual(want, got) {
			t.Errorf("%s: SDK %d %v\nfast %d %v", c.body, code1, want, code2, got)
		}
		if tools := got["result"].(map[string]any)["tools"].([]any); len(tools) != len(inventory.All()) {
			t.Errorf("%d tools listed", len(tools))
		}
	}
}

// Requests the fast path cannot answer exactly go to the SDK.
func TestFastToolsListLeavesOtherRequestsToTheSDK(t *testing.T) {
	full := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}}}).HTTPHandler()
	code, msg := rpcTo(t, full, `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"not-a-cursor"}}`, nil)
	if code != 200 || msg["error"] == nil {
		t.Errorf("a bad cursor must reach the SDK and fail there: %d %v", code, msg)
	}
	code, msg = rpcTo(t, full, `{"jsonrpc":"2.0","id":{"x":1},"method":"tools/list"}`, nil)
	if msg["result"] != nil {
		t.Errorf("an object id must not be answered by the fast path: %d %v", code, msg)
	}
	if _, ok := plainToolsList([]byte(`[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]`)); ok {
		t.Error("a batch taken as a plain tools/list")
	}
	if _, ok := plainToolsList([]byte(`{"jsonrpc":"2.0","method":"tools/list"}`)); ok {
		t.Error("a notification taken as a request")
	}
}
