// Package inventory is the one explicit list of every tool the server has,
// and the selection of the tools a given server exposes.
package inventory

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zcc"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zdx"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zia"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zpa"
)

// All is every tool of every service, in a stable order.
func All() []*catalog.Tool {
	var out []*catalog.Tool
	for _, service := range [][]catalog.Tool{zia.Tools(), zpa.Tools(), zdx.Tools(), zcc.Tools()} {
		for i := range service {
			out = append(out, &service[i])
		}
	}
	return out
}

// Selection says which tools a server exposes.
type Selection struct {
	// WriteEnabled exposes create, update and delete tools; without it the
	// server is read-only.
	WriteEnabled bool
}

// Select returns the tools of all that the selection exposes, in order.
func Select(all []*catalog.Tool, s Selection) []*catalog.Tool {
	var out []*catalog.Tool
	for _, t := range all {
		if t.Action.IsWrite() && !s.WriteEnabled {
			continue
		}
		out = append(out, t)
	}
	return out
}
