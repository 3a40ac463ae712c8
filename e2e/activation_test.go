package e2e

import (
	"strings"
	"testing"
)

// ZIA stages every change: each write says so and names the activation tool,
// the status turns PENDING after a write and ACTIVE again after activation.
func TestZIAWritesAreStagedUntilActivated(t *testing.T) {
	tn := newTenant(t)
	s := start(t, stdio, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll))
	status := func() any { return ok(t, s, "zia_get_activation_status", nil)["status"] }
	if got := status(); got != "ACTIVE" {
		t.Fatalf("status before any write %v, want ACTIVE", got)
	}
	res := call(t, s, "zia_create_rule_label", map[string]any{"name": "Staged label"})
	if res.IsError || !strings.Contains(text(res), "zia_activate_configuration") {
		t.Fatalf("a ZIA write does not say how to activate it: %s", text(res))
	}
	if sc, _ := res.StructuredContent.(map[string]any); sc["name"] != "Staged label" || sc["status"] != nil {
		t.Errorf("the record is not returned as the API answered it: %v", sc)
	}
	if got := status(); got != "PENDING" {
		t.Fatalf("status after a write %v, want PENDING", got)
	}
	res = call(t, s, "zia_activate_configuration", nil)
	if res.IsError || strings.Contains(text(res), "has staged this change") {
		t.Fatalf("activation: %s", text(res))
	}
	if got := status(); got != "ACTIVE" {
		t.Fatalf("status after activation %v, want ACTIVE", got)
	}
}
