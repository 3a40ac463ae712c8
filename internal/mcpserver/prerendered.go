package mcpserver

import (
	_ "embed"
	"strings"
	"sync"
)

// prerenderedTools is every inventory tool's tools/list entry, one line each:
// the name, a tab, the entry's JSON as appendTool writes it. The catalogue is
// fixed in the binary, so describing and rendering 402 tools at every start
// would redo the same work each time; TestPrerenderedToolsAreTheCatalogues
// holds the file to the rows (UPDATE_PRERENDERED=true rewrites it).
//
//go:embed prerendered_tools.txt
var prerenderedTools string

// prerendered indexes prerenderedTools by tool name, without copying it.
var prerendered = sync.OnceValue(func() map[string]string {
	out := make(map[string]string, strings.Count(prerenderedTools, "\n"))
	for rest := prerenderedTools; rest != ""; {
		line, more, _ := strings.Cut(rest, "\n")
		if name, entry, ok := strings.Cut(line, "\t"); ok {
			out[name] = entry
		}
		rest = more
	}
	return out
})
