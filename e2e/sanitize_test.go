package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// The sandbox's "Quarterly Review" label carries text pasted from outside,
// with every injection trick; agents must only ever see it defused.
func TestInjectionStringsComeOutClean(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		s := start(t, tr, newTenant(t).env())
		res := call(t, s, "zia_list_rule_labels", map[string]any{"search": "Quarterly"})
		var desc string
		for _, r := range rows(t, res.StructuredContent.(map[string]any)) {
			if r["name"] == "Quarterly Review" {
				desc, _ = r["description"].(string)
			}
		}
		if desc == "" {
			t.Fatal("the seeded label is missing")
		}
		for where, got := range map[string]string{"structuredContent": desc, "text": text(res)} {
			for _, bad := range []string{"\u200b", "<script>", "alert(1)", "evil.example", "```system", "\u00a0", "\u202e"} {
				if strings.Contains(got, bad) {
					t.Errorf("%s still holds %q: %q", where, bad, got)
				}
			}
			for _, good := range []string{"Imported from the partner feed", "hello", "logo", "click here (http://x.example)", "```text", "a b", "invoicetxt.exe"} {
				if !strings.Contains(got, good) {
					t.Errorf("%s lost %q: %q", where, good, got)
				}
			}
		}
	})
}

func TestSanitizationOffIsLoud(t *testing.T) {
	s := start(t, stdio, newTenant(t).env("ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION=true"))
	res := call(t, s, "zia_list_rule_labels", nil)
	raw, _ := json.Marshal(res.StructuredContent)
	if !strings.Contains(string(raw), `\u003cscript\u003e`) && !strings.Contains(string(raw), "<script>") {
		t.Fatalf("sanitization was not off: %s", raw)
	}
	eventually(func() bool { return strings.Contains(s.logs.String(), "ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION") })
	warnings := 0
	for _, line := range strings.Split(s.logs.String(), "\n") {
		if strings.Contains(line, "level=WARN") && strings.Contains(line, "ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION") {
			warnings++
		}
	}
	if warnings != 1 {
		t.Fatalf("%d warning lines naming the variable:\n%s", warnings, s.logs.String())
	}
}
