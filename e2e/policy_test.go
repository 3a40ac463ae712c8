package e2e

import (
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

func TestWriteKnobsAreBothNeeded(t *testing.T) {
	tn := newTenant(t)
	for name, c := range map[string]struct {
		env      []string
		want     []string
		absent   []string
		logWords string
	}{
		"switch alone":     {[]string{"ZSCALER_MCP_WRITE_ENABLED=true"}, nil, firstWriteTools, "no allowlist"},
		"allowlist alone":  {[]string{"ZSCALER_MCP_WRITE_TOOLS=*"}, nil, firstWriteTools, "write tools are disabled"},
		"allowlist scopes": {[]string{"ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zpa_create_*"}, []string{"zpa_create_segment_group"}, []string{"zpa_delete_segment_group", "zia_create_rule_label"}, ""},
		"disabled wins":    {[]string{"ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*", "ZSCALER_MCP_DISABLED_TOOLS=zpa_*"}, []string{"zia_create_rule_label"}, []string{"zpa_create_segment_group", "zpa_list_segment_groups"}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			s := start(t, stdio, tn.env(c.env...))
			tools := listTools(t, s)
			for _, n := range c.want {
				if tools[n] == nil {
					t.Errorf("%s missing", n)
				}
			}
			for _, n := range c.absent {
				if tools[n] != nil {
					t.Errorf("%s exposed", n)
				}
			}
			if c.logWords != "" && !eventually(func() bool { return strings.Contains(s.logs.String(), c.logWords) }) {
				t.Errorf("the log does not say %q:\n%s", c.logWords, s.logs.String())
			}
		})
	}
}

func TestEntitlementFromTheToken(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenantWith(t, sandbox.Options{Entitlements: []string{"ZIA", "ZQUANTUM"}})
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"))
		tools := listTools(t, s)
		if tools["zia_list_locations"] == nil || tools["zia_create_rule_label"] == nil {
			t.Fatal("the entitled service's tools are missing")
		}
		for name := range tools {
			if !strings.Contains(name, "zia") {
				t.Errorf("%s exposed though the tenant is entitled to ZIA only", name)
			}
		}
		if !eventually(func() bool { return strings.Contains(s.logs.String(), "ZQUANTUM") }) {
			t.Errorf("the unknown product code is not named in the log:\n%s", s.logs.String())
		}
		// A tool the policy removed cannot be called by name either.
		res, err := s.session.CallTool(ctxFor(t), mcpCall("zpa_list_segment_groups", nil))
		if err == nil && !res.IsError {
			t.Fatal("a tool the policy removed was callable")
		}
		if n := countRequests(tn, "GET", "/zpa/"); n != 0 {
			t.Fatalf("%d ZPA requests reached the tenant", n)
		}
	})
}

func TestEntitlementFilterCanBeTurnedOff(t *testing.T) {
	tn := newTenantWith(t, sandbox.Options{Entitlements: []string{"ZIA"}})
	s := start(t, stdio, tn.env("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true"))
	if listTools(t, s)["zpa_list_segment_groups"] == nil {
		t.Fatal("the filter ran though it was disabled")
	}
}
