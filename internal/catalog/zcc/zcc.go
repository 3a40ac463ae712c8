// Package zcc declares the Zscaler Client Connector tools.
package zcc

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/zcc/papi/public/v1"

// Tools is every ZCC tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{
		devices(),
		forwardingProfiles(),
		trustedNetworks(),
	} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service = zscaler.ZCC
	}
	return out
}

// quota is what every ZCC description says about the API's budget.
const quota = " ZCC allows about 100 API calls per hour per client: a call that would have to wait past its " +
	"deadline for the next slot fails at once, saying how long the wait is."

// companyList is a ZCC company-wide list with a name search and page paging.
func companyList(name, toolset, desc, path, recordsKey, searchDesc string) catalog.Tool {
	return catalog.Tool{
		Name: name, Toolset: toolset, Action: catalog.Read, Description: desc + quota,
		Method: "GET", Path: api + path, Paging: zscaler.PagingZCC, RecordsKey: recordsKey,
		Params: []catalog.Param{
			catalog.Str("search", searchDesc).Query("search"),
			catalog.Int("page", "Read only this page (1-based); without it every page is read.").AtLeast(1).At(catalog.InPage),
			catalog.Int("page_size", "Records per page (default: the largest the API gives).").AtLeast(1).At(catalog.InPageSize),
		},
	}
}
