package main

import (
	"os/exec"
	"slices"
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

// TestNoSandboxBuildLeavesTheSandboxOut: the image's build tag drops the
// embedded demo tenant from the import graph (and so from the binary).
func TestNoSandboxBuildLeavesTheSandboxOut(t *testing.T) {
	for tags, want := range map[string]bool{"": true, "nosandbox": false} {
		out, err := exec.Command("go", "list", "-tags", tags, "-deps", "-f", "{{.ImportPath}}", ".").Output()
		if err != nil {
			t.Fatalf("go list -tags %q: %v", tags, err)
		}
		const pkg = "github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
		if got := slices.Contains(strings.Fields(string(out)), pkg); got != want {
			t.Errorf("-tags %q: imports %s = %t, want %t", tags, pkg, got, want)
		}
	}
}
