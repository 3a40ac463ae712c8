package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func appConnectorGroups() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zpa_list_app_connector_groups", Toolset: "zpa_app_connector_groups", Action: catalog.Read,
			Description: "List ZPA app connector groups: location, upgrade window, version profile, DNS query type and connectors.",
			Method:      "GET", Path: mgmt + "/appConnectorGroup",
			Params: listParams("app connector group"),
		},
	}
}
