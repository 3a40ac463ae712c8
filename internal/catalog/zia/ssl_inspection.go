package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func sslInspection() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_ssl_inspection_rules", Toolset: "zia_ssl_inspection", Action: catalog.Read,
			Description: "List every ZIA SSL inspection rule (order, action with its decrypt or do-not-decrypt sub-actions, " +
				"URL categories, locations, users, state). The API returns all rules at once; it has no search or paging.",
			Method: "GET", Path: api + "/sslInspectionRules",
		},
	}
}
