package inventory_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

var placeholder = regexp.MustCompile(`\{[A-Za-z_]+\}`)

// Every tool has sandbox data: the demo tenant serves the route each row
// calls (and, for updates, the record it merges and re-reads).
func TestEveryToolHasASandboxRoute(t *testing.T) {
	tn := sandbox.New(sandbox.Options{})
	for _, tool := range inventory.All() {
		paths := map[string]string{tool.Path: tool.Method}
		if tool.Merge != "" {
			paths[tool.Merge] = "GET"
		}
		if tool.Refetch != "" {
			paths[tool.Refetch] = "GET"
		}
		for tmpl, method := range paths {
			if tmpl == "" {
				continue
			}
			path := placeholder.ReplaceAllString(tmpl, "1")
			if _, served := tn.RouteFor(method, path); !served {
				t.Errorf("%s: the sandbox has no route for %s %s", tool.Name, method, tmpl)
			}
		}
	}
}

// A tool the catalogue's words send an agent to exists: every tool name a
// description or a parameter's description mentions is in the inventory
// (a glob such as zpa_create_* is an example of a pattern, and
// zpa_app_segments a parameter of the tool, not names of tools).
func TestEveryToolADescriptionNamesExists(t *testing.T) {
	names := map[string]bool{}
	for _, tool := range inventory.All() {
		names[tool.Name] = true
	}
	// Fields of an advanced object, named like tools.
	fields := map[string]bool{"zpa_app_segments": true, "zcc_notifications_enabled": true}
	mention := regexp.MustCompile(`\b(?:get_)?(?:zia|zpa|zdx|zcc|ztw|zid|zeasm|zins|zms|zcell)_[a-z0-9_]+\b\*?`)
	checked := 0
	for _, tool := range inventory.All() {
		texts := []string{tool.Description}
		params := map[string]bool{}
		for _, p := range tool.Params {
			texts = append(texts, p.Description)
			params[p.Name] = true
		}
		for _, text := range texts {
			for _, m := range mention.FindAllString(text, -1) {
				if strings.HasSuffix(m, "*") || strings.HasSuffix(m, "_") || params[m] || fields[m] { // a pattern, a parameter or a field
					continue
				}
				checked++
				if !names[m] {
					t.Errorf("%s mentions %s, which is not a tool", tool.Name, m)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no description mentions a tool: the pattern finds nothing")
	}
	t.Logf("%d mentions of tools checked", checked)
}
