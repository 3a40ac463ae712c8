package ztw

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func networkServices() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "ztw_list_network_services", Toolset: "ztw", Action: catalog.Read,
			Description: "List ZTW network services, the protocol and port definitions (source and destination " +
				"TCP/UDP ports) that connector rules match, predefined and custom. Every page is read.",
			Method: "GET", Path: api + "/networkServices", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("protocol", "Only services of this protocol, such as TCP or UDP (matched by the API).").Query("protocol"),
				search("network services"),
				catalog.Str("locale", "Language of the predefined services' names and descriptions, such as en-US.").Query("locale"),
			},
		},
		{
			Name: "ztw_list_network_service_groups", Toolset: "ztw", Action: catalog.Read,
			Description: "List ZTW network service groups, the named bundles of network services rules refer to, " +
				"with the services each holds. Every page is read.",
			Method: "GET", Path: api + "/networkServiceGroups", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{search("network service groups")},
		},
	}
}
