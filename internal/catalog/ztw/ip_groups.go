package ztw

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func ipGroups() []catalog.Tool {
	list := catalog.Tool{
		Name: "ztw_list_ip_groups", Toolset: "ztw", Action: catalog.Read,
		Description: "List ZTW IP groups, the named sets of IP addresses and CIDRs that connector forwarding rules " +
			"match on, with their addresses. Every page is read.",
		Method: "GET", Path: api + "/ipGroups", Paging: zscaler.PagingZIA,
		Params: []catalog.Param{search("IP groups")},
	}
	return []catalog.Tool{
		list,
		liteOf(list, "List ZTW IP groups by id and name only, without their addresses: the cheap way to find a group's id."),
		{
			Name: "ztw_create_ip_group", Toolset: "ztw", Action: catalog.Create,
			Description: "Create a ZTW IP group from IP addresses, ranges or CIDRs. Returns the group with its new id." + activation,
			Method:      "POST", Path: api + "/ipGroups", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Group name, unique in the tenant.").Req().Body("name"),
				catalog.StrList("ip_addresses", "IP addresses, ranges (a-b) or CIDRs; a JSON array, or its text.").Req().Body("ipAddresses"),
				catalog.Str("description", "Group description.").Body("description"),
			},
			Example: map[string]any{"name": "Catalogue Test IPs", "ip_addresses": []string{"192.0.2.0/24"}},
		},
		deleteRow("ztw_delete_ip_group", api+"/ipGroups", "IP group"),
	}
}

func ipSourceGroups() []catalog.Tool {
	list := catalog.Tool{
		Name: "ztw_list_ip_source_groups", Toolset: "ztw", Action: catalog.Read,
		Description: "List ZTW IP source groups, the sets of workload source addresses that connector rules match " +
			"traffic from, with their addresses. Every page is read.",
		Method: "GET", Path: api + "/ipSourceGroups", Paging: zscaler.PagingZIA,
		Params: []catalog.Param{search("source groups")},
	}
	return []catalog.Tool{
		list,
		liteOf(list, "List ZTW IP source groups by id and name only, without their addresses."),
		{
			Name: "ztw_create_ip_source_group", Toolset: "ztw", Action: catalog.Create,
			Description: "Create a ZTW IP source group from workload IP addresses, ranges or CIDRs. Returns the " +
				"group with its new id." + activation,
			Method: "POST", Path: api + "/ipSourceGroups", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Group name, unique in the tenant.").Req().Body("name"),
				catalog.StrList("ip_addresses", "Source IP addresses, ranges (a-b) or CIDRs; a JSON array, or its text.").Req().Body("ipAddresses"),
				catalog.Str("description", "Group description.").Body("description"),
			},
			Example: map[string]any{"name": "Catalogue Test Sources", "ip_addresses": []string{"198.51.100.0/25"}},
		},
		deleteRow("ztw_delete_ip_source_group", api+"/ipSourceGroups", "IP source group"),
	}
}
