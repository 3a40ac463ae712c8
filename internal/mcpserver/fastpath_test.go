package mcpserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func rpcTo(t *testing.T, h http.Handler, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, responseIn(rec.Result().Header.Get("Content-Type"), rec.Body.Bytes())
}

// responseIn decodes a JSON-RPC response, sent as JSON or, for a call that
// asked for progress, as the last message of an SSE stream.
func responseIn(contentType string, body []byte) map[string]any {
	var msg map[string]any
	if !strings.HasPrefix(contentType, "text/event-stream") {
		_ = json.Unmarshal(body, &msg)
		return msg
	}
	for _, line := range strings.Split(string(body), "\n") {
		var m map[string]any
		if data, ok := strings.CutPrefix(line, "data: "); ok && json.Unmarshal([]byte(data), &m) == nil && m["id"] != nil {
			msg = m
		}
	}
	return msg
}

// The fast path must answer exactly what the SDK answers.
func TestFastToolsListEqualsTheSDKsAnswer(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}}})
	sdk := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv.sdk() },
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
	if _, ok := parseRequest([]byte(`[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]`)); ok {
		t.Error("a batch taken as a plain request")
	}
	if _, ok := parseRequest([]byte(`{"jsonrpc":"2.0","method":"tools/list"}`)); ok {
		t.Error("a notification taken as a request")
	}
}

// The fast tools/call must answer exactly what the SDK answers.
func TestFastToolsCallEqualsTheSDKsAnswer(t *testing.T) {
	apis := map[string]catalog.API{
		"ok":     stubAPI{body: `{"id":"7","name":"<b>Web</b> & \"apps\"","n":216196257331404691}`},
		"failed": stubAPI{err: &zscaler.APIError{Service: zscaler.ZPA, Method: "GET", Path: "/p", Status: 404, Code: "resource.not.found", Message: "gone"}},
	}
	calls := []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"zpa_get_segment_group","arguments":{"group_id":"7"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"zpa_get_segment_group"}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{"page_size":"many"}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{},"_meta":{"progressToken":"p"}}}`,
	}
	for name, api := range apis {
		srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: api, CustomerID: "1"}})
		sdk := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv.sdk() },
			&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
		full := srv.HTTPHandler()
		for _, body := range calls {
			h := map[string]string{"MCP-Protocol-Version": "2025-06-18"}
			code1, want := rpcTo(t, sdk, body, h)
			code2, got := rpcTo(t, full, body, h)
			if code1 != code2 || !reflect.DeepEqual(want, got) {
				t.Errorf("%s %s:\nSDK  %d %v\nfast %d %v", name, body, code1, want, code2, got)
			}
		}
	}
}

// The equality test above would pass if the fast path never ran; this one
// shows it takes the plain calls and leaves the rest.
func TestFastPathTakesPlainCallsOnly(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	for body, want := range map[string]bool{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`:                             true,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups"}}`:                                            true,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}`:                                        false,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{},"_meta":{"progressToken":1}}}`: false,
	} {
		req, ok := parseRequest([]byte(body))
		if !ok {
			if want {
				t.Errorf("%s: not parsed", body)
			}
			continue
		}
		r := httptest.NewRequest("POST", "/mcp", nil)
		if _, took := srv.fastCall(r, req.Params); took != want {
			t.Errorf("%s: fast path took it: %v, want %v", body, took, want)
		}
	}
}

// The tools/list answer written with the input schemas copied in is byte for
// byte what json.Marshal writes, for every tool of the catalogue and for text
// that encoding/json escapes (HTML characters, line separators, quotes).
func TestToolsListRenderingIsJSONMarshals(t *testing.T) {
	tools := inventory.All()
	odd := *tools[0]
	odd.Name, odd.Description = "zz_odd", "a <b> & \"c\" \u2028 \\ \t é \U0001F600"
	odd.Params = append(slices.Clone(odd.Params), catalog.Str("x", "<script>&\u2029\"").OneOf("a<b", "c&d"))
	srv := New(Options{Version: "v", Tools: append(tools, &odd), Exec: &catalog.Executor{API: stubAPI{}}})
	got, err := srv.renderToolsList()
	if err != nil {
		t.Fatal(err)
	}
	described := slices.Clone(srv.describe())
	slices.SortFunc(described, func(a, b *mcp.Tool) int { return strings.Compare(a.Name, b.Name) })
	res := &mcp.ListToolsResult{Tools: described}
	res.CacheScope = "public"
	want, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("the renderings differ at byte %d:\nours %.200s\njson %.200s", i, got[max(0, i-80):], want[max(0, i-80):])
	}
}
