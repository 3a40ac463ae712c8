package zcc

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// osTypes are the Client Connector's platform codes.
var osTypes = map[string]string{"ios": "1", "android": "2", "windows": "3", "macos": "4", "linux": "5"}

func devices() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcc_list_devices", Toolset: "zcc_devices", Action: catalog.Read,
			Description: "List devices enrolled in Zscaler Client Connector: user, OS, agent version, policy, " +
				"registration state and last seen time. Without page every page is read." + quota,
			Method: "GET", Path: api + "/getDevices", Paging: zscaler.PagingZCC,
			Params: []catalog.Param{
				catalog.Str("username", "Only devices of this user (login name).").Query("username"),
				catalog.Str("os_type", "Only devices of this platform.").
					Mapped(osTypes, "ios", "android", "windows", "macos", "linux").Query("osType"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-5000).").Range(1, 5000).At(catalog.InPageSize),
			},
		},
		{
			Name: "zcc_get_device_otp", Toolset: "zcc_devices", Action: catalog.Read, Secret: true, Shape: catalog.Record,
			Description: "Get the one-time passwords of one Client Connector device (logout, exit, uninstall, " +
				"and disable-service codes), by its udid from zcc_list_devices. The answer is a set of SECRETS: " +
				"give them only to the person entitled to them, never store or repeat them elsewhere. Because it " +
				"returns secrets, the server offers this tool only when write tools are enabled and it is on the " +
				"write allowlist." + quota,
			Method: "GET", Path: api + "/getOtp", Handler: deviceOTP,
			Params: []catalog.Param{
				catalog.Str("udid", "The device's udid, as zcc_list_devices shows it. Wins over device_id.").Query("udid"),
				catalog.Str("device_id", "Another name for udid; used when udid is not given.").At(catalog.InHandler),
			},
			Example: map[string]any{"udid": "BF10A9AF9E:EBFC2D0556BDAFB32633672886CBFA9AEFC28200"},
		},
	}
}

// deviceOTP takes the device from udid or, failing that, device_id.
func deviceOTP(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	args := catalog.Args{}
	for k, v := range c.Args {
		args[k] = v
	}
	if u, _ := args["udid"].(string); u == "" {
		id, _ := args["device_id"].(string)
		if id == "" {
			return nil, &catalog.ArgError{Problems: []string{"udid (or device_id) is required: the device's udid, as zcc_list_devices shows it"}}
		}
		args["udid"] = id
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}
