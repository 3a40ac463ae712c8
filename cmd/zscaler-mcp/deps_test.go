package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServerImportsNoDeployPackage keeps the import graph one-way: the deploy
// tool may use the server's packages, never the other way round. (The modules
// are checked on the built binary, in e2e; packages of this module do not
// show there.)
func TestServerImportsNoDeployPackage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps listed %d packages: %v", len(deps), deps)
	}
	for _, p := range deps {
		if strings.Contains(p, "/internal/agentcore") || strings.HasSuffix(p, "/cmd/zscaler-mcp-agentcore") {
			t.Errorf("zscaler-mcp imports the deploy package %s", p)
		}
	}
}
