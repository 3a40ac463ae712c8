package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func locations() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_locations", Toolset: "zia_locations", Action: catalog.Read,
			Description: "List ZIA locations (offices, data centres, cloud workloads) with their traffic forwarding, " +
				"authentication, SSL and firewall settings and their location groups. Every page is read.",
			Method: "GET", Path: api + "/locations", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Substring of the location name, matched by the API.").Query("search"),
			},
		},
	}
}
