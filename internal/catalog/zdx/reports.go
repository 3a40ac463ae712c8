package zdx

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func reports() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zdx_list_applications", Toolset: "zdx_reports", Action: catalog.Read,
			Description: "List the applications ZDX monitors with their ZDX score (0-100; -1 means no data), the most " +
				"impacted region and the number of users.",
			Method: "GET", Path: api + "/apps",
			Params: scope(),
		},
		{
			Name: "zdx_list_devices", Toolset: "zdx_reports", Action: catalog.Read,
			Description: "List the devices ZDX sees, with user, hardware and OS. Without offset every page is read; " +
				"with offset (the cursor a previous call reported) one page is read.",
			Method: "GET", Path: api + "/devices", Paging: zscaler.PagingZDX, RecordsKey: "devices",
			Params: append([]catalog.Param{
				catalog.StrList("emails", "Only devices of these user emails.").Query("emails"),
				catalog.StrList("user_ids", "Only devices of these ZDX user ids.").Query("userids"),
				catalog.Str("mac_address", "Only the device with this MAC address.").Query("mac_address"),
				catalog.Str("private_ipv4", "Only the device with this private IPv4 address.").Query("private_ipv4"),
				catalog.Str("offset", "Cursor from a previous call: read the page that starts there.").At(catalog.InOffset),
			}, scope()...),
		},
	}
}
