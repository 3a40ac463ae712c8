package zdx

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func reports() []catalog.Tool {
	app := catalog.PathID("app_id", "The application's ZDX id, as zdx_list_applications shows it.")
	since := scope()[len(scope())-1]
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
		{
			Name: "zdx_get_application", JSONText: true, Toolset: "zdx_reports", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one application ZDX monitors: its ZDX score over the window (0-100; -1 means no data), " +
				"the most impacted region and its user count, narrowed by the location, department and geolocation filters.",
			Method: "GET", Path: api + "/apps/{app_id}",
			Params: append([]catalog.Param{app}, scope()...),
		},
		{
			Name: "zdx_get_application_score_trend", JSONText: true, Toolset: "zdx_reports", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get how one application's ZDX score moved over the window: a metric object whose datapoints " +
				"pair an epoch-second timestamp with the score at that time (-1: no data).",
			Method: "GET", Path: api + "/apps/{app_id}/score",
			Params: append([]catalog.Param{app}, scope()...),
		},
		{
			Name: "zdx_get_application_metric", JSONText: true, Toolset: "zdx_reports", Action: catalog.Read,
			Description: "Get the trend of one web-probe metric of an application over the window: pft (page fetch " +
				"time, the default), dns (DNS resolution time) or availability. Each record is a metric with its unit " +
				"and datapoints of epoch-second timestamp and value.",
			Method: "GET", Path: api + "/apps/{app_id}/metrics",
			Params: append([]catalog.Param{app,
				catalog.Str("metric_name", "The metric: pft (page fetch time; the API's default), dns or availability.").
					OneOf("pft", "dns", "availability").Query("metric_name"),
			}, scope()...),
		},
		{
			Name: "zdx_list_application_users", Toolset: "zdx_reports", Action: catalog.Read,
			Description: "List the users of one application with their ZDX score for it, optionally only those in one " +
				"score band (poor, okay, good). Every page is read. Use zdx_get_application_user for one user's devices.",
			Method: "GET", Path: api + "/apps/{app_id}/users", Paging: zscaler.PagingZDX, RecordsKey: "users",
			Params: append([]catalog.Param{app,
				catalog.Str("score_bucket", "Only users whose score is in this band: poor, okay or good.").
					OneOf("poor", "okay", "good").Query("score_bucket"),
			}, scope()...),
		},
		{
			Name: "zdx_get_application_user", JSONText: true, Toolset: "zdx_reports", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one user of an application: name, email, their ZDX score for it and the devices they use " +
				"it from, each with its own score.",
			Method: "GET", Path: api + "/apps/{app_id}/users/{user_id}",
			Params: []catalog.Param{app, catalog.PathID("user_id", "The user's ZDX id, as zdx_list_application_users shows it."), since},
		},
		{
			Name: "zdx_get_device", Toolset: "zdx_reports", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one device ZDX sees, by its ZDX id from zdx_list_devices: hardware (model, CPU, memory, " +
				"disk), network interfaces (addresses, DNS, gateway) and software (OS, Client Connector version).",
			Method: "GET", Path: api + "/devices/{device_id}",
			Params: append([]catalog.Param{catalog.PathID("device_id", "The device's ZDX id, as zdx_list_devices shows it.")}, scope()...),
		},
		{
			Name: "zdx_list_departments", Toolset: "zdx_reports", Action: catalog.Read,
			Description: "List the departments ZDX reports by (id and name): the ids the department_id filter of " +
				"the other ZDX tools takes.",
			Method: "GET", Path: api + "/administration/departments",
			Params: []catalog.Param{catalog.Str("search", "Only departments whose name contains this text.").Query("search"), since},
		},
		{
			Name: "zdx_list_locations", Toolset: "zdx_reports", Action: catalog.Read,
			Description: "List the locations ZDX reports by (id and name): the ids the location_id filter of the " +
				"other ZDX tools takes.",
			Method: "GET", Path: api + "/administration/locations",
			Params: []catalog.Param{catalog.Str("search", "Only locations whose name contains this text.").Query("search"), since},
		},
	}
}
