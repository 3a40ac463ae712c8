package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func devices() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_device_groups", Toolset: "zia_devices", Action: catalog.Read,
			Description: "List ZIA device groups, the predefined ones by operating system (Windows, macOS, iOS, " +
				"Android, Linux) and the pseudo groups of Client Connector and Cloud Browser Isolation, that rules " +
				"match devices by. The API returns every group in one answer.",
			Method: "GET", Path: api + "/deviceGroups",
			Params: []catalog.Param{
				catalog.Bool("include_device_info", "true to add each group's device count and names.").Query("includeDeviceInfo"),
				catalog.Bool("include_pseudo_groups", "true to include the Client Connector and Cloud Browser Isolation pseudo groups.").Query("includePseudoGroups"),
			},
		},
		{
			Name: "zia_list_devices", Toolset: "zia_devices", Action: catalog.Read,
			Description: "List the devices ZIA knows through Client Connector: name, model, OS, owner and device group. " +
				"Without page, every page is read.",
			Method: "GET", Path: api + "/deviceGroups/devices", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("name", "Start of the device name, matched by the API.").Query("name"),
				catalog.StrList("user_ids", "Only the devices of these user ids (get_zia_users); a JSON list as text is accepted.").
					Query("userIds"),
				catalog.Bool("include_all", "true to include the Cloud Browser Isolation devices too.").Query("includeAll"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-1000).").Range(1, 1000).At(catalog.InPageSize),
			},
		},
		{
			Name: "zia_list_devices_lite", Toolset: "zia_devices", Action: catalog.Read,
			Description: "List ZIA devices in short form: id, name and owner only. The API returns every device in one answer.",
			Method:      "GET", Path: api + "/deviceGroups/devices/lite",
		},
		{
			Name: "zia_list_workload_groups", Toolset: "zia_workload_groups", Action: catalog.Read,
			Description: "List ZIA workload groups: named sets of cloud workloads defined by tag expressions (VPC, " +
				"subnet, instance tags) that firewall and other rules match. Without page, every page is read.",
			Method: "GET", Path: api + "/workloadGroups", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-1000).").Range(1, 1000).At(catalog.InPageSize),
			},
		},
		{
			Name: "zia_get_workload_group", Toolset: "zia_workload_groups", Action: catalog.Read,
			Description: "Get one ZIA workload group by id: its tag expression and who last changed it.",
			Method:      "GET", Path: api + "/workloadGroups/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{numeric(catalog.PathID("group_id", "Workload group id (zia_list_workload_groups)."))},
		},
	}
}
