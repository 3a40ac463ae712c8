package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func cloudFirewall() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_cloud_firewall_rules", Toolset: "zia_cloud_firewall", Action: catalog.Read,
			Description: "List ZIA cloud firewall filtering rules in their order: action, state, sources, destinations, " +
				"network services and applications, labels. Every page is read.",
			Method: "GET", Path: api + "/firewallFilteringRules", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{nameFilter("rule")},
		},
	}
}
