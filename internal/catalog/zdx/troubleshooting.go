package zdx

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// The output schemas of the started trace, the started analysis and the
// analysis status: the fields an agent reads first, as the reference names
// them. The record comes back whole, so the other fields the API sends are
// admitted too; ids are ZDX's, numbers or strings.
var (
	zdxID         = `{"type":["string","integer","null"],"description":"%s"}`
	zdxText       = `{"type":["string","null"],"description":"%s"}`
	startedTrace  = zdxView(`"trace_id":`+zdxID+`,"status":`+zdxText+`,"session_name":`+zdxText, "The new deep trace's id.", "Its status, in_progress until it completes.", "The session name it was given.")
	startedScore  = zdxView(`"analysis_id":`+zdxID+`,"status":`+zdxText, "The new analysis's id.", "Its status, in_progress until it completes.")
	analysisState = zdxView(`"analysis_id":`+zdxID+`,"status":`+zdxText+`,"data":{"type":["object","null"],"description":"%s"}`,
		"The analysis's id.", "in_progress or completed.", "The analysis result, where the answer carries it as data (otherwise see result).")
)

func zdxView(props string, descriptions ...any) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"object","properties":{`+props+`},"additionalProperties":true}`, descriptions...))
}

func troubleshooting() []catalog.Tool {
	device := catalog.PathID("device_id", "The device's ZDX id, as zdx_list_devices shows it.")
	app := catalog.PathID("app_id", "The application's ZDX id, as zdx_list_applications shows it.")
	trace := catalog.PathID("trace_id", "The deep trace's id, as zdx_start_deeptrace or zdx_list_device_deep_traces shows it.")
	analysis := catalog.PathID("analysis_id", "The analysis's id, as zdx_start_analysis answered it.")
	since := scope()[len(scope())-1]
	// The examples name the sandbox's first seeded trace, so that the get tools and the round trip agree.
	onDevice := map[string]any{"device_id": "150300101"}
	traceResult := func(name, path, what string, untrusted bool) catalog.Tool {
		return catalog.Tool{
			Name: name, Toolset: "zdx_troubleshooting", Action: catalog.Read, Untrusted: untrusted, JSONText: true,
			Description: "Get " + what + " recorded by one deep trace of a device (device_id and trace_id). A trace " +
				"records only once its status is completed (see zdx_get_device_deep_trace); before that the list is empty.",
			Method: "GET", Path: api + "/devices/{device_id}/deeptraces/{trace_id}/" + path,
			Params: []catalog.Param{device, trace},
		}
	}
	return []catalog.Tool{
		{
			Name: "zdx_get_web_probes", Toolset: "zdx_troubleshooting", Action: catalog.Read,
			Description: "List the web probes ZDX runs for one application on one device: each probe's id and name, " +
				"how many samples it took over the window, its average score and average page fetch time (ms). " +
				"The probe ids are what zdx_start_deeptrace takes as web_probe_id.",
			Method: "GET", Path: api + "/devices/{device_id}/apps/{app_id}/web-probes",
			Params: []catalog.Param{device, app, since},
		},
		{
			Name: "zdx_list_cloudpath_probes", Toolset: "zdx_troubleshooting", Action: catalog.Read,
			Description: "List the cloud path probes ZDX runs for one application on one device: each probe's id and " +
				"name, its sample count, and the average latency of every leg of the path (client, egress, Zscaler, " +
				"application). The ids are what zdx_start_deeptrace takes as cloudpath_probe_id.",
			Method: "GET", Path: api + "/devices/{device_id}/apps/{app_id}/cloudpath-probes",
			Params: []catalog.Param{device, app, since},
		},
		{
			Name: "zdx_list_device_deep_traces", Toolset: "zdx_troubleshooting", Action: catalog.Read,
			Description: "List the deep traces of one device: each trace's id, session name, application and probes, " +
				"status, and when it was created, started and ended.",
			Method: "GET", Path: api + "/devices/{device_id}/deeptraces",
			Params: []catalog.Param{device},
		},
		{
			Name: "zdx_get_device_deep_trace", Toolset: "zdx_troubleshooting", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one deep trace of a device: its session, application and probes, its status (in progress " +
				"until the session has run, then completed) and its times. Poll it after zdx_start_deeptrace before " +
				"reading the trace's results.",
			Method: "GET", Path: api + "/devices/{device_id}/deeptraces/{trace_id}",
			Params: []catalog.Param{device, trace}, Example: onDevice,
		},
		{
			Name: "zdx_start_deeptrace", Toolset: "zdx_troubleshooting", Action: catalog.Create, Shape: catalog.Record,
			Description: "Start a deep trace on one device: for session_length_minutes (default 5) ZDX samples the " +
				"given web and cloud path probes of one application, and with probe_device the device's own health, " +
				"at a finer grain than its regular monitoring. Answers the trace with its trace_id and status; poll " +
				"zdx_get_device_deep_trace until it is completed, then read its results (zdx_get_deeptrace_*). The " +
				"probe ids come from zdx_get_web_probes and zdx_list_cloudpath_probes.",
			Method: "POST", Path: api + "/devices/{device_id}/deeptraces", Output: startedTrace,
			Params: []catalog.Param{
				device,
				catalog.Str("session_name", "A name for the trace session.").Req().Body("session_name"),
				catalog.Int("app_id", "The application's ZDX id.").Req().Body("app_id"),
				catalog.Int("web_probe_id", "The web probe to sample, from zdx_get_web_probes.").Req().Body("web_probe_id"),
				catalog.Int("cloudpath_probe_id", "The cloud path probe to sample, from zdx_list_cloudpath_probes.").Req().Body("cloudpath_probe_id"),
				catalog.Int("session_length_minutes", "How long the trace runs, in minutes.").Def(int64(5)).Body("session_length_minutes"),
				catalog.Bool("probe_device", "Also sample the device's health (CPU, memory, network, disk).").Def(true).Body("probe_device"),
			},
			Example: map[string]any{"device_id": "150300101", "session_name": "Catalogue test trace", "app_id": 1,
				"web_probe_id": 5601, "cloudpath_probe_id": 6601},
		},
		{
			Name: "zdx_delete_deeptrace", Toolset: "zdx_troubleshooting", Action: catalog.Delete, Shape: catalog.Done,
			Description: "Delete one deep trace of a device and everything it recorded. Destructive and immediate; " +
				"confirmation required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: api + "/devices/{device_id}/deeptraces/{trace_id}",
			Params: []catalog.Param{device, trace}, Example: onDevice,
		},
		traceResult("zdx_get_deeptrace_webprobe_metrics", "webprobe-metrics",
			"the web probe metrics (page fetch time, DNS time, server response time, availability: a metric with its unit and datapoints each)", false),
		traceResult("zdx_get_deeptrace_cloudpath_metrics", "cloudpath-metrics",
			"the latency and loss of each leg of the cloud path (leg_src to leg_dst, with their datapoints)", false),
		traceResult("zdx_get_deeptrace_cloudpath", "cloudpath",
			"the hop-by-hop cloud paths (per timestamp: source, destination, hop count, latency, loss, tunnel type and every hop)", false),
		traceResult("zdx_get_deeptrace_health_metrics", "health-metrics",
			"the device health metrics (CPU, memory, network, disk: instances with their metrics)", false),
		traceResult("zdx_get_deeptrace_events", "events",
			"the events seen on the device during the trace (network changes, Zscaler tunnel and software events, with previous and current values)", false),
		traceResult("zdx_list_deeptrace_top_processes", "top-processes",
			"the processes that used the most resources, per timestamp; process names come from the device, not from your organisation,", true),
		{
			Name: "zdx_start_analysis", Toolset: "zdx_troubleshooting", Action: catalog.Create, Shape: catalog.Record,
			Handler: startAnalysis,
			Description: "Start a ZDX score analysis of one application on one device: ZDX looks for what lowered the " +
				"score between t0 and t1 (epoch seconds; by default the last hours). Answers the analysis with its " +
				"analysis_id; poll zdx_get_analysis until its status is completed to read the finding.",
			Method: "POST", Path: api + "/analysis", Output: startedScore,
			Params: []catalog.Param{
				catalog.Str("device_id", "The device's ZDX id, as zdx_list_devices shows it.").Req().Body("device_id"),
				catalog.Int("app_id", "The application's ZDX id.").Req().Body("app_id"),
				catalog.Int("t0", "Start of the period to analyse, epoch seconds.").Body("t0"),
				catalog.Int("t1", "End of the period to analyse, epoch seconds.").Body("t1"),
			},
			Example: map[string]any{"device_id": "150300101", "app_id": 1},
		},
		{
			Name: "zdx_get_analysis", JSONText: true, Toolset: "zdx_troubleshooting", Action: catalog.Read, Shape: catalog.Record,
			Description: "Get one ZDX score analysis: its device, application and period, its status (in progress, " +
				"then completed), and once completed the finding: the issue, ZDX's confidence in it (percent), an " +
				"explanation and the times it concerns, or err_msg when the analysis failed.",
			Method: "GET", Path: api + "/analysis/{analysis_id}", Output: analysisState,
			Params: []catalog.Param{analysis},
		},
		{
			Name: "zdx_delete_analysis", Toolset: "zdx_troubleshooting", Action: catalog.Delete, Shape: catalog.Done,
			Description: "Delete one ZDX score analysis, stopping it if it still runs. Destructive and immediate; " +
				"confirmation required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: api + "/analysis/{analysis_id}",
			Params: []catalog.Param{analysis},
		},
	}
}

// startAnalysis sends device_id as the number the API expects; agents give
// ids as text.
func startAnalysis(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	id, err := strconv.ParseInt(c.Args["device_id"].(string), 10, 64)
	if err != nil || id <= 0 {
		return nil, &catalog.ArgError{Problems: []string{"device_id must be a ZDX device id (digits), as zdx_list_devices shows it"}}
	}
	args := maps.Clone(c.Args)
	args["device_id"] = id
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}
