package inventory_test

import (
	"regexp"
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
