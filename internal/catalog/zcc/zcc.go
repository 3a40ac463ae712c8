// Package zcc declares the Zscaler Client Connector tools.
package zcc

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/zcc/papi/public/v1"

// osTypes are the Client Connector's platform codes.
var osTypes = map[string]string{"ios": "1", "android": "2", "windows": "3", "macos": "4", "linux": "5"}

// Tools is every ZCC tool, in catalogue order.
func Tools() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcc_list_devices", Service: zscaler.ZCC, Toolset: "zcc_devices", Action: catalog.Read,
			Description: "List devices enrolled in Zscaler Client Connector: user, OS, agent version, policy, " +
				"registration state and last seen time. Without page every page is read.",
			Method: "GET", Path: api + "/getDevices", Paging: zscaler.PagingZCC,
			Params: []catalog.Param{
				catalog.Str("username", "Only devices of this user (login name).").Query("username"),
				catalog.Str("os_type", "Only devices of this platform.").
					Mapped(osTypes, "ios", "android", "windows", "macos", "linux").Query("osType"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-5000).").Range(1, 5000).At(catalog.InPageSize),
			},
		},
	}
}
