// Package inventory is the one explicit list of every tool the server has.
// Which of them a server exposes is the policy package's decision.
package inventory

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zcc"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zcell"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zdx"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zeasm"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zia"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zid"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zins"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zms"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zpa"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/ztw"
)

// All is every tool of every service, in a stable order.
func All() []*catalog.Tool {
	var out []*catalog.Tool
	for _, service := range [][]catalog.Tool{zia.Tools(), zpa.Tools(), zdx.Tools(), zcc.Tools(), zid.Tools(), zeasm.Tools(), ztw.Tools(), zcell.Tools(), zins.Tools(), zms.Tools()} {
		for i := range service {
			out = append(out, &service[i])
		}
	}
	return out
}
