package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func serverGroups() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zpa_list_server_groups", Toolset: "zpa_server_groups", Action: catalog.Read,
			Description: "List ZPA server groups with their app connector groups, servers and the applications they serve.",
			Method:      "GET", Path: mgmt + "/serverGroup",
			Params: listParams("server group"),
		},
	}
}
