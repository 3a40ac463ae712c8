package e2e

import (
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// A tool the policy removed, called by name, is a JSON-RPC error that says
// why and which setting changes that; a name that is no tool stays
// "unknown tool", with the closest names. Over stdio and HTTP alike.
func TestRemovedToolsSayWhyTheyAreUnavailable(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenantWith(t, sandbox.Options{Entitlements: []string{"ZIA", "ZPA", "ZDX"}})
		readOnly := start(t, tr, tn.env("ZSCALER_MCP_DISABLED_TOOLS=zpa_list_server_*", "ZSCALER_MCP_DISABLED_SERVICES=zdx",
			"ZSCALER_MCP_DISABLED_TOOLSETS=zpa_app_connector_groups"))
		scoped := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zia_*",
			"ZSCALER_MCP_SERVICES=zia,zpa,zcc", "ZSCALER_MCP_TOOLSETS=zia_rule_labels,zpa_segment_groups,zcc_devices"))
		for _, c := range []struct {
			s    *server
			tool string
			want []string
		}{
			{readOnly, "zpa_create_segment_group", []string{"write tools are disabled", "ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS"}},
			{readOnly, "zpa_list_server_groups", []string{`"zpa_list_server_*"`, "ZSCALER_MCP_DISABLED_TOOLS"}},
			{readOnly, "zdx_list_devices", []string{"service zdx", "ZSCALER_MCP_DISABLED_SERVICES"}},
			{readOnly, "zpa_list_app_connector_groups", []string{"toolset zpa_app_connector_groups", "ZSCALER_MCP_DISABLED_TOOLSETS"}},
			{scoped, "zpa_create_segment_group", []string{"not matched by ZSCALER_MCP_WRITE_TOOLS", "add zpa_create_segment_group"}},
			{scoped, "zdx_list_devices", []string{"service zdx is not in ZSCALER_MCP_SERVICES", "add zdx to ZSCALER_MCP_SERVICES"}},
			{scoped, "zpa_list_server_groups", []string{"toolset zpa_server_groups is not in ZSCALER_MCP_TOOLSETS"}},
			{scoped, "zcc_list_devices", []string{"not entitled to zcc", "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER"}},
		} {
			_, err := c.s.session.CallTool(ctxFor(t), mcpCall(c.tool, map[string]any{}))
			if err == nil {
				t.Errorf("%s was callable", c.tool)
				continue
			}
			msg := err.Error()
			if !strings.Contains(msg, `tool "`+c.tool+`" is not available`) || strings.Contains(msg, "unknown tool") {
				t.Errorf("%s: %s", c.tool, msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: %q does not say %q", c.tool, msg, w)
				}
			}
		}
		if n := countRequests(tn, "POST", "/zpa/") + countRequests(tn, "GET", "/zdx/") + countRequests(tn, "GET", "/zcc/") + countRequests(tn, "GET", "/zpa/"); n != 0 {
			t.Errorf("%d requests of removed tools reached the tenant", n)
		}

		_, err := readOnly.session.CallTool(ctxFor(t), mcpCall("zpa_list_segment_group", nil))
		if err == nil || !strings.Contains(err.Error(), `unknown tool "zpa_list_segment_group"`) || !strings.Contains(err.Error(), "did you mean zpa_list_segment_groups") {
			t.Errorf("a near miss: %v", err)
		}
		_, err = readOnly.session.CallTool(ctxFor(t), mcpCall("frobnicate", nil))
		if err == nil || !strings.Contains(err.Error(), `unknown tool "frobnicate"`) || strings.Contains(err.Error(), "did you mean") {
			t.Errorf("no tool at all: %v", err)
		}
	})
}
