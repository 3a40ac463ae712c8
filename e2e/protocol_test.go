package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every revision a client may speak over HTTP: the handshake-era ones with
// and without initialize, and 2026-07-28 with its per-request _meta.
func TestProtocolRevisionsOverHTTP(t *testing.T) {
	tn := newTenant(t)
	url := startHTTP(t, tn.env(), keepLog(&logBuffer{}))
	for _, v := range []string{"2025-06-18", "2025-11-25"} {
		h := map[string]string{"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": v}
		resp, body := post(t, url, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+v+`","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}`, h)
		if resp.StatusCode != 200 || !strings.Contains(body, `"protocolVersion":"`+v+`"`) {
			t.Errorf("%s initialize: %d %s", v, resp.StatusCode, body)
		}
		resp, body = post(t, url, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`, h)
		if resp.StatusCode != 200 || !strings.Contains(body, `"structuredContent":{"result":[`) {
			t.Errorf("%s tools/call: %d %.200s", v, resp.StatusCode, body)
		}
		for _, level := range []string{"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"} {
			resp, body = post(t, url, `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"`+level+`"}}`, h)
			if resp.StatusCode != 200 || !strings.Contains(body, `"result":{}`) {
				t.Errorf("%s logging/setLevel %s: %d %s", v, level, resp.StatusCode, body)
			}
		}
	}

	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"e2e","version":"1"}}`
	h := map[string]string{"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2026-07-28"}
	h["Mcp-Method"] = "tools/list"
	resp, body := post(t, url, `{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{`+meta+`}}`, h)
	var list struct {
		Result struct{ Tools []json.RawMessage }
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Result.Tools) == 0 {
		t.Errorf("2026-07-28 tools/list: %d %.300s", resp.StatusCode, body)
	}
	if resp.Header.Get("Mcp-Session-Id") != "" {
		t.Error("a 2026-07-28 answer carries a session id")
	}
	h["Mcp-Method"], h["Mcp-Name"] = "tools/call", "zia_list_rule_labels"
	resp, body = post(t, url, `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{},`+meta+`}}`, h)
	if resp.StatusCode != 200 || !strings.Contains(body, `"structuredContent":{"result":[`) {
		t.Errorf("2026-07-28 tools/call: %d %.300s", resp.StatusCode, body)
	}
	delete(h, "Mcp-Name")
	h["Mcp-Method"] = "tools/list"
	resp, body = post(t, url, `{"jsonrpc":"2.0","id":6,"method":"tools/list","params":{}}`, h)
	if !strings.Contains(body, `"error"`) {
		t.Errorf("2026-07-28 without _meta must be refused: %d %s", resp.StatusCode, body)
	}
}
