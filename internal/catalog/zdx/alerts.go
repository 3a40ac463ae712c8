package zdx

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// alertWindow is how far back alert reads may look: 14 days.
const alertWindow = 336

func alerts() []catalog.Tool {
	id := catalog.PathID("alert_id", "The alert's id, as zdx_list_alerts or zdx_list_historical_alerts show it.")
	return []catalog.Tool{
		{
			Name: "zdx_list_alerts", Toolset: "zdx_alerts", Action: catalog.Read,
			Description: "List the ZDX alerts that are firing now: for each, the alert rule that raised it, severity, " +
				"type, when it started, the application concerned, and how many devices it touches per department, " +
				"location and geolocation. Without offset every page is read." + windowNote,
			Method: "GET", Path: api + "/alerts/ongoing", Paging: zscaler.PagingZDX, RecordsKey: "alerts",
			Params: cursor(scopeUpTo(alertWindow)),
		},
		{
			Name: "zdx_list_historical_alerts", Toolset: "zdx_alerts", Action: catalog.Read,
			Description: "List ZDX alerts that have ended (they carry an ended_on time), in the same shape as " +
				"zdx_list_alerts. The window is matched against when they ended; it may reach back 14 days." + windowNote,
			Method: "GET", Path: api + "/alerts/historical", Paging: zscaler.PagingZDX, RecordsKey: "alerts",
			Params: cursor(scopeUpTo(alertWindow)),
		},
		{
			Name: "zdx_get_alert", Toolset: "zdx_alerts", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one ZDX alert by id: its rule, severity, status, start and end, application, and the " +
				"departments, locations and geolocations it affects with their device counts.",
			Method: "GET", Path: api + "/alerts/{alert_id}",
			Params: []catalog.Param{id},
		},
		{
			Name: "zdx_list_alert_affected_devices", Toolset: "zdx_alerts", Action: catalog.Read,
			Description: "List the devices one ZDX alert affects, with each device's user (id, name and email); " +
				"use zdx_get_device for a device's details. Without offset every page is read." + windowNote,
			Method: "GET", Path: api + "/alerts/{alert_id}/affected_devices", Paging: zscaler.PagingZDX, RecordsKey: "devices",
			Params: append([]catalog.Param{id,
				catalog.StrList("location_groups", "Only devices in these location group ids.").Query("location_groups"),
			}, cursor(scopeUpTo(alertWindow))...),
		},
	}
}
