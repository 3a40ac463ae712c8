package zdx

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func softwareInventory() []catalog.Tool {
	filters := func() []catalog.Param {
		return append(scope()[:3:3],
			catalog.StrList("user_ids", "Only software on the devices of these ZDX user ids.").Query("userids"),
			catalog.StrList("device_ids", "Only software on these ZDX device ids.").Query("deviceids"))
	}
	return []catalog.Tool{
		{
			Name: "zdx_list_software", Toolset: "zdx_software_inventory", Action: catalog.Read, Untrusted: true,
			Description: "List the software ZDX has found installed across the fleet, one record per product: its " +
				"software_key, name, vendor, group, install type, and how many users and devices have it. Names and " +
				"vendors are written by software publishers, not by your organisation. Every page is read.",
			Method: "GET", Path: api + "/inventory/software", Paging: zscaler.PagingZDX, RecordsKey: "software",
			Params: filters(),
		},
		{
			Name: "zdx_get_software_details", Toolset: "zdx_software_inventory", Action: catalog.Read, Untrusted: true,
			Description: "List where one product (by its software_key from zdx_list_software) is installed: a record " +
				"per device with the version, OS, hostname, user and install date, so outdated versions can be found. " +
				"Publisher-written strings included. Every page is read.",
			Method: "GET", Path: api + "/inventory/software/{software_key}", Paging: zscaler.PagingZDX, RecordsKey: "software",
			Params: append([]catalog.Param{
				catalog.PathID("software_key", "The product's software_key, as zdx_list_software shows it."),
			}, filters()...),
		},
	}
}
