// Package zpa declares the Zscaler Private Access tools, one file per
// resource family.
package zpa

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Management API roots; the customer id is the tenant's, filled in by the executor.
const (
	mgmt   = "/zpa/mgmtconfig/v1/admin/customers/{customerId}"
	mgmtV2 = "/zpa/mgmtconfig/v2/admin/customers/{customerId}"
)

// Tools is every ZPA tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, g := range [][]catalog.Tool{appSegments(), segmentGroups(), serverGroups(), appConnectorGroups(),
		praPortals(), praCredentials(),
		policyRules(),
		applicationServers(), baCertificates(), appConnectors(), idpTools(), provisioningKeys(),
		serviceEdgeGroups(), misc()} {
		for i := range g {
			g[i].Service = zscaler.ZPA
			g[i].Paging = zscaler.PagingZPA
		}
		out = append(out, g...)
	}
	return out
}

func microtenant() catalog.Param {
	return catalog.Str("microtenant_id", "Microtenant id; omit for the Default microtenant's view.").Query("microtenantId")
}

// listParams are the search, scope and paging inputs every ZPA list takes.
func listParams(what string) []catalog.Param {
	return []catalog.Param{
		catalog.Str("search", "Server-side search on the "+what+" name, e.g. \"web\" or \"name+EQ+Web Apps\". An empty result is authoritative.").Query("search"),
		microtenant(),
		catalog.Int("page", "Read only this page (1-based); without it every page is read.").AtLeast(1).At(catalog.InPage),
		catalog.Int("page_size", "Records per page (1-500).").Range(1, 500).At(catalog.InPageSize),
	}
}
