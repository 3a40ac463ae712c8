package e2e

import (
	"strings"
	"testing"
)

// zcc_get_device_otp returns a device's one-time passwords: a read, but a
// secret, so it is offered only as write tools are, says why when hidden,
// and its answer never reaches the log.
func TestDeviceOTPIsOfferedOnlyAsWritesAre(t *testing.T) {
	const otp = "zcc_get_device_otp"
	tn := newTenant(t)
	if tools := listTools(t, start(t, stdio, tn.env())); tools[otp] != nil || tools["zcc_list_devices"] == nil {
		t.Fatalf("default server: %s offered = %v", otp, tools[otp] != nil)
	}
	line := explained(t, tn, otp)
	if !strings.Contains(line, "returns secrets") || !strings.Contains(line, "ZSCALER_MCP_WRITE_ENABLED") {
		t.Errorf("tools --explain says %q for %s", line, otp)
	}

	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		// Hidden, and refused by name without reaching the tenant, unless the
		// write switch is on and the allowlist matches it: a read allowlist
		// (zcc_list_*) is not enough.
		for _, env := range [][]string{nil, {"ZSCALER_MCP_WRITE_ENABLED=true"},
			{"ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zcc_list_*"}, {"ZSCALER_MCP_WRITE_TOOLS=zcc_*"}} {
			s := start(t, tr, tn.env(env...))
			if tools := listTools(t, s); tools[otp] != nil || tools["zcc_list_devices"] == nil {
				t.Errorf("%v: %s offered = %v", env, otp, tools[otp] != nil)
			}
			_, err := s.session.CallTool(ctxFor(t), mcpCall(otp, map[string]any{"device_id": "x"}))
			if err == nil || !strings.Contains(err.Error(), "returns secrets") {
				t.Errorf("%v: calling %s by name: %v", env, otp, err)
			}
		}
		if n := countRequests(tn, "GET", "/zcc/papi/public/v1/getOtp"); n != 0 {
			t.Errorf("%d OTP requests reached the tenant through the gate", n)
		}

		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zcc_get_*", "ZSCALER_MCP_LOG_TOOL_CALLS=true"))
		tool := listTools(t, s)[otp]
		if tool == nil || !tool.Annotations.ReadOnlyHint {
			t.Fatalf("%s with writes on and allowed: %+v", otp, tool)
		}
		udid := rows(t, ok(t, s, "zcc_list_devices", map[string]any{"page": 1, "page_size": 1}))[0]["udid"]
		got := ok(t, s, otp, map[string]any{"device_id": udid})
		code, _ := got["uninstallOtp"].(string)
		if got["udid"] != udid || len(code) < 6 {
			t.Fatalf("%s(device_id=%v) = %v", otp, udid, got)
		}
		if !eventually(func() bool { return strings.Contains(s.logs.String(), "tool="+otp) }) {
			t.Errorf("the call left no audit line")
		}
		for k, v := range got {
			if code, isText := v.(string); isText && k != "udid" && (len(code) < 6 || strings.Contains(s.logs.String(), code)) {
				t.Errorf("the device's %s (%q) is in the server's log, or too short to be a password", k, code)
			}
		}
		res := call(t, s, otp, map[string]any{})
		if !res.IsError || !strings.Contains(text(res), "udid (or device_id) is required") {
			t.Errorf("without a device: %s", text(res))
		}
	})
}
