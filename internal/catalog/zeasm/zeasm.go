// Package zeasm declares the External Attack Surface Management tools: what
// Zscaler's scans of an organization's internet-facing assets found.
package zeasm

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const (
	api = "/easm/easm-ui/v1"
	org = api + "/organizations/{org_id}"
)

// Tools is every EASM tool, in catalogue order.
func Tools() []catalog.Tool {
	out := append(append(organizations(), findings()...), lookalikeDomains()...)
	for i := range out {
		out[i].Service = zscaler.EASM
	}
	return out
}

func orgID() catalog.Param {
	return catalog.PathID("org_id", "EASM organization id (a UUID, from zeasm_list_organizations).")
}

func organizations() []catalog.Tool {
	return []catalog.Tool{{
		Name: "zeasm_list_organizations", Toolset: "zeasm", Action: catalog.Read,
		Description: "List the EASM organizations of the tenant, with their ids: every other EASM tool needs one.",
		Method:      "GET", Path: api + "/organizations", Paging: zscaler.PagingEASM,
	}}
}
