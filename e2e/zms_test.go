package e2e

import (
	"strings"
	"testing"
)

// zms_get_agent_group_totp_secrets answers an agent group's TOTP secret: a
// read, but a credential, so it is offered only as write tools are, says why
// when hidden, keeps readOnlyHint, and its answer never reaches the log.
func TestAgentGroupTOTPSecretsAreOfferedOnlyAsWritesAre(t *testing.T) {
	const totp = "zms_get_agent_group_totp_secrets"
	tn := newTenant(t)
	if tools := listTools(t, start(t, stdio, tn.env("ZSCALER_MCP_WRITE_TOOLS=zms_*"))); tools[totp] != nil || tools["zms_list_agent_groups"] == nil {
		t.Fatalf("writes off: %s offered = %v", totp, tools[totp] != nil)
	}
	line := explained(t, tn, totp)
	if !strings.Contains(line, "returns secrets") || !strings.Contains(line, "ZSCALER_MCP_WRITE_ENABLED") {
		t.Errorf("tools --explain says %q for %s", line, totp)
	}
	s := start(t, stdio, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zms_list_*"))
	if _, err := s.session.CallTool(ctxFor(t), mcpCall(totp, map[string]any{"eyez_id": "ez-000007350001"})); err == nil || !strings.Contains(err.Error(), "returns secrets") {
		t.Errorf("called by name with a read allowlist: %v", err)
	}
	if n := countRequests(tn, "POST", "/zms/graphql"); n != 0 {
		t.Errorf("%d requests reached the tenant through the gate", n)
	}

	s = start(t, stdio, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS="+totp, "ZSCALER_MCP_LOG_TOOL_CALLS=true"))
	if tool := listTools(t, s)[totp]; tool == nil || !tool.Annotations.ReadOnlyHint || tool.OutputSchema == nil {
		t.Fatalf("%s with writes on and allowed: %+v", totp, tool)
	}
	got := ok(t, s, totp, map[string]any{"eyez_id": "ez-000007350002"})
	record := got
	if data, wrapped := got["data"].(map[string]any); wrapped {
		record = data // the reference's view: {eyez_id, data}
	}
	secret, _ := record["totpSecret"].(string)
	if record["eyezId"] != "ez-000007350002" || len(secret) < 6 {
		t.Fatalf("%s = %v", totp, got)
	}
	if !eventually(func() bool { return strings.Contains(s.logs.String(), "tool="+totp) }) {
		t.Errorf("the call left no audit line")
	}
	if strings.Contains(s.logs.String(), secret) {
		t.Errorf("the TOTP secret is in the server's log")
	}
	if res := call(t, s, totp, map[string]any{}); !res.IsError || !strings.Contains(text(res), "eyez_id") {
		t.Errorf("without an eyez_id: %s", text(res))
	}
}
