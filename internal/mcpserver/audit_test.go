package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

func TestAuditLineRedactsByExactKeys(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	srv := New(Options{Version: "v", Tools: inventory.All(), Logger: logger, AuditCalls: true,
		Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	tool := srv.tools["zpa_list_segment_groups"]
	args := json.RawMessage(`{"search":"keywords-are-fine","client_secret":"s3cr3t-value","nested":{"api_key":"k3y-value"},"pre_shared_key":"psk-value","advanced":{"preSharedKey":"camel-psk-value"},"kwargs":"{\"confirmation_token\":\"t0ken-value\"}"}`)
	srv.call(WithCaller(context.Background(), "alice"), tool, args, elicitation{})
	line := buf.String()
	for _, secret := range []string{"s3cr3t-value", "k3y-value", "t0ken-value", "psk-value", "camel-psk-value"} {
		if strings.Contains(line, secret) {
			t.Errorf("the audit line shows %s: %s", secret, line)
		}
	}
	var rec map[string]any
	for _, l := range strings.Split(strings.TrimSpace(line), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "tool call" {
			rec = m
		}
	}
	if rec == nil {
		t.Fatalf("no audit line in %s", line)
	}
	if rec["tool"] != "zpa_list_segment_groups" || rec["caller"] != "alice" || rec["outcome"] != "error" || rec["logger"] != "zscaler_mcp.audit" {
		t.Errorf("audit line %v", rec)
	}
	if !strings.Contains(rec["arguments"].(string), "keywords-are-fine") {
		t.Errorf("an ordinary argument was redacted: %v", rec["arguments"])
	}

	buf.Reset()
	srv.call(context.Background(), tool, json.RawMessage(`{}`), elicitation{})
	if !strings.Contains(buf.String(), `"rows":1`) || !strings.Contains(buf.String(), `"outcome":"ok"`) {
		t.Errorf("a successful list call's line: %s", buf.String())
	}

	quiet := New(Options{Version: "v", Tools: inventory.All(), Logger: logger, Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	buf.Reset()
	quiet.call(context.Background(), quiet.tools["zpa_list_segment_groups"], nil, elicitation{})
	if strings.Contains(buf.String(), "tool call") {
		t.Errorf("an audit line without ZSCALER_MCP_LOG_TOOL_CALLS: %s", buf.String())
	}
}

// A browser access certificate's upload carries its private key: the audit
// line never shows it.
func TestAuditLineRedactsCertificateBlobs(t *testing.T) {
	pem := "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----"
	got, _ := json.Marshal(redact(map[string]any{"name": "portal", "cert_blob": pem, "advanced": map[string]any{"certBlob": pem}}))
	if strings.Contains(string(got), "c2VjcmV0LWtleQ") || !strings.Contains(string(got), "portal") {
		t.Errorf("redacted arguments %s", got)
	}
}
