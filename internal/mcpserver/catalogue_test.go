package mcpserver

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// TestCatalogueInvariants holds for every tool the server can expose.
func TestCatalogueInvariants(t *testing.T) {
	all := inventory.All()
	if len(all) == 0 {
		t.Fatal("the catalogue is empty")
	}
	seen := map[string]bool{}
	for _, tool := range all {
		if err := tool.Check(); err != nil {
			t.Error(err)
		}
		if seen[tool.Name] {
			t.Errorf("%s: duplicate tool name", tool.Name)
		}
		seen[tool.Name] = true
		if !strings.HasPrefix(tool.Name, string(tool.Service)+"_") && !strings.Contains(tool.Name, "_"+string(tool.Service)+"_") {
			t.Errorf("%s: name does not carry its service %q", tool.Name, tool.Service)
		}

		mt := Describe(tool)
		a := mt.Annotations
		if a == nil {
			t.Fatalf("%s: no annotations", tool.Name)
		}
		if a.OpenWorldHint == nil || *a.OpenWorldHint {
			t.Errorf("%s: openWorldHint must be explicitly false", tool.Name)
		}
		switch tool.Action {
		case catalog.Read:
			if !a.ReadOnlyHint || a.DestructiveHint != nil || a.IdempotentHint {
				t.Errorf("%s: a read tool must be read-only and claim nothing else: %+v", tool.Name, a)
			}
		case catalog.Create:
			if a.ReadOnlyHint || a.DestructiveHint == nil || *a.DestructiveHint || a.IdempotentHint {
				t.Errorf("%s: a create tool is neither destructive nor idempotent: %+v", tool.Name, a)
			}
		case catalog.Update, catalog.Delete:
			if a.ReadOnlyHint || a.DestructiveHint == nil || !*a.DestructiveHint || !a.IdempotentHint {
				t.Errorf("%s: update and delete are destructive and idempotent: %+v", tool.Name, a)
			}
		}

		desc := strings.ToLower(tool.Description)
		switch tool.Action {
		case catalog.Delete:
			if !strings.Contains(desc, "confirmation required") {
				t.Errorf("%s: a delete tool's description must say that confirmation is required", tool.Name)
			}
		case catalog.Create, catalog.Update:
			if strings.Contains(desc, "confirm") || strings.Contains(desc, "hmac") {
				t.Errorf("%s: create and update are not gated; the description must not suggest it", tool.Name)
			}
		}

		var schema map[string]any
		if err := json.Unmarshal(mt.InputSchema.(json.RawMessage), &schema); err != nil {
			t.Fatalf("%s: schema is not JSON: %v", tool.Name, err)
		}
		if schema["type"] != "object" {
			t.Errorf("%s: schema type is %v, want object", tool.Name, schema["type"])
		}
		for _, k := range []string{"anyOf", "oneOf", "allOf", "not", "$ref"} {
			if _, ok := schema[k]; ok {
				t.Errorf("%s: top-level %s in the input schema", tool.Name, k)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		if len(props) != len(tool.Inputs()) {
			t.Errorf("%s: %d schema properties for %d parameters", tool.Name, len(props), len(tool.Inputs()))
		}
		if _, hasQuery := props["query"]; hasQuery != tool.IsList() {
			t.Errorf("%s: every list tool, and only list tools, takes query", tool.Name)
		}
		for name, p := range props {
			ps := p.(map[string]any)
			if ps["type"] == "object" && ps["properties"] != nil {
				t.Errorf("%s.%s: nested object schemas are not flat", tool.Name, name)
			}
			if d, _ := ps["description"].(string); d == "" {
				t.Errorf("%s.%s: no description", tool.Name, name)
			}
		}
	}
}

// TestToolSnapshots pins what every tool looks like to an MCP client. A change
// shows up as a diff to review; UPDATE_TOOLSNAPS=true rewrites the files.
func TestToolSnapshots(t *testing.T) {
	update := os.Getenv("UPDATE_TOOLSNAPS") == "true"
	dir := filepath.Join("testdata", "toolsnaps")
	want := map[string]bool{}
	for _, tool := range inventory.All() {
		want[tool.Name+".json"] = true
		got, err := json.MarshalIndent(Describe(tool), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		// Re-indent through a map so the file's key order is stable and sorted.
		var v any
		_ = json.Unmarshal(got, &v)
		got, _ = json.MarshalIndent(v, "", "  ")
		got = append(got, '\n')
		path := filepath.Join(dir, tool.Name+".json")
		old, err := os.ReadFile(path)
		switch {
		case update || (os.IsNotExist(err) && os.Getenv("CI") == ""):
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		case err != nil:
			t.Errorf("%s: no snapshot (%v); run with UPDATE_TOOLSNAPS=true and review the file", tool.Name, err)
		case !bytes.Equal(old, got):
			t.Errorf("%s: the tool changed; if that is intended, run with UPDATE_TOOLSNAPS=true and review the diff\n--- snapshot\n%s\n--- now\n%s", tool.Name, old, got)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("snapshot %s has no tool; delete it", e.Name())
		}
	}
}
