package mcpserver

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

const prerenderedFile = "prerendered_tools.txt"

// renderAll is what prerendered_tools.txt must hold: every inventory tool's
// entry as the server would render it, by name.
func renderAll(t *testing.T) []byte {
	t.Helper()
	tools := inventory.All()
	slices.SortFunc(tools, func(a, b *catalog.Tool) int { return strings.Compare(a.Name, b.Name) })
	var out []byte
	for _, tool := range tools {
		entry, err := appendTool(nil, Describe(tool))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(entry, "\n") || strings.ContainsAny(tool.Name, "\t\n") {
			t.Fatalf("%s: its entry cannot be one line", tool.Name)
		}
		out = append(append(append(append(out, tool.Name...), '\t'), entry...), '\n')
	}
	return out
}

// The entries embedded in the binary are the catalogue's rows as they are.
func TestPrerenderedToolsAreTheCatalogues(t *testing.T) {
	want := renderAll(t)
	if os.Getenv("UPDATE_PRERENDERED") == "true" {
		if err := os.WriteFile(prerenderedFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := []byte(prerenderedTools); !bytes.Equal(got, want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gotLines), len(wantLines)) {
			g, w := "", ""
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				name, _, _ := strings.Cut(w+g, "\t")
				t.Fatalf("%s is stale from the tool %s on: run UPDATE_PRERENDERED=true go test ./internal/mcpserver -run Prerendered", prerenderedFile, name)
			}
		}
	}
}

// A server told its tools are the inventory's answers tools/list with the
// embedded entries, byte for byte what it renders otherwise; a tool the file
// does not know is rendered live.
func TestPrerenderedToolsListEqualsTheRenderedOne(t *testing.T) {
	tools := inventory.All()
	extra := *tools[0]
	extra.Name = "zz_not_in_the_file"
	tools = append(tools, &extra)
	var answers [][]byte
	for _, pre := range []bool{false, true} {
		srv := New(Options{Version: "v", Tools: tools, Exec: &catalog.Executor{API: stubAPI{}}, Prerendered: pre})
		got, err := srv.renderToolsList()
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, got)
	}
	if !bytes.Equal(answers[0], answers[1]) {
		t.Fatal("the tools/list answer from the embedded entries differs from the rendered one")
	}
	if !bytes.Contains(answers[1], []byte(`"name":"zz_not_in_the_file"`)) {
		t.Error("a tool without an embedded entry is missing from the answer")
	}
}
