package companion

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublished(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.2.3":                                   true,
		"v1.3.0-rc.1":                              true,
		"v0.0.0-dev":                               false,
		"v0.0.0-dev+abcdef123456":                  false,
		"v1.2.3+dirty":                             false,
		"v0.0.0-20261126071404-abcdef123456":       false,
		"v1.2.4-0.20261126071404-abcdef123456":     false,
		"v1.2.4-pre.0.20261126071404-abcdef123456": false,
		"(devel)":                                  false,
		"":                                         false,
	} {
		if got := published(v); got != want {
			t.Errorf("published(%q) = %t, want %t", v, got, want)
		}
	}
}

func TestFindOnThePath(t *testing.T) {
	dir := t.TempDir()
	tool := filepath.Join(dir, "zscaler-mcp-test-companion")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got, err := Find("zscaler-mcp-test-companion"); err != nil || got != tool {
		t.Errorf("Find = %q, %v; want %s", got, err, tool)
	}
	// Not executable: not found, and the error says how to install it.
	if err := os.Chmod(tool, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Find("zscaler-mcp-test-companion")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "install it with: go ") || !strings.Contains(err.Error(), "/cmd/zscaler-mcp-test-companion") {
		t.Errorf("Find of a file that is not executable: %v", err)
	}
}
