package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func iot() []catalog.Tool {
	return []catalog.Tool{{
		Name: "zins_get_iot_device_stats", JSONText: true, Toolset: "zins_iot", Action: catalog.Read, Shape: catalog.Record,
		Description: "Count the devices Z-Insights IoT visibility sees now, in one object: all devices, and the user, " +
			"IoT, server and unclassified ones, with the devices per classification (category, classification and " +
			"its uuid, total) under entries. No time window: the present state. Needs IoT device visibility on the " +
			"tenant; without it the API refuses (FORBIDDEN).",
		Handler: report{op: "IoTDeviceStats", at: []string{"IOT", "device_stats"}}.handler(),
		Params:  []catalog.Param{limit("classifications")},
	}}
}
