package prompts

import (
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func zdxTroubleshootUserExperience() *Prompt {
	return &Prompt{
		Name: "zdx_troubleshoot_user_experience", Title: "ZDX: Troubleshoot User Experience", Service: zscaler.ZDX,
		Description: "Work out why one user's or device's applications are slow with ZDX: find the device, read its " +
			"health and the application scores, compare the page fetch and DNS metrics, check whether an alert " +
			"touches other devices too, and read a deep trace when one exists. Read-only unless you ask for a trace.",
		Args: []Arg{
			{Name: "user_or_device", Required: true,
				Description: "The user's email address or name, or the device's hostname, to investigate."},
			{Name: "application", Default: "",
				Description: "An application to concentrate on, by its ZDX name (e.g. Microsoft Teams); empty to look at all."},
			{Name: "since_hours", Default: "24", Count: true, Max: 336,
				Description: "How many hours back to look, from 1 to 336. Many ZDX reports take at most 2; alert reads reach back 14 days."},
		},
		Render: func(a map[string]string) string {
			who, app, hours := a["user_or_device"], a["application"], a["since_hours"]
			focus := "No application was named: rank the monitored applications by score and investigate the lowest."
			if app != "" {
				focus = fmt.Sprintf("Concentrate on the application %q; mention others only if they are also degraded.", app)
			}
			return fmt.Sprintf(`Investigate the digital experience of %[1]q with Zscaler Digital Experience (ZDX) over the last %[2]s hours, and explain where the slowness comes from: the device, the network path, or the application.

%[3]s

How ZDX answers:
- Reports take since, a look-back in hours (not a timestamp): ask for since=%[2]s. Many ZDX reports refuse a window longer than 2 hours; when one does, retry it with since=2 and say that its figures cover the last 2 hours only. Alert reads accept up to 336.
- Scores run from 0 to 100: 66 and above is good, 34 to 65 is okay, 33 and below is poor.
- Ids are strings; take them from the records, never guess them.
- Stay read-only. Starting a deep trace changes the tenant: do it only if the user asks for it, and only if zdx_start_deeptrace is among your tools.

1. Find the device. If %[1]q is an email address, call zdx_list_devices with emails=[%[1]q]; otherwise call zdx_list_devices and narrow the list with a query on the user or device name. If several devices match, pick the one seen most recently and say which, or ask. Then zdx_get_device with its device_id: hardware, operating system, network interfaces, Zscaler Client Connector state.
2. Read the applications. zdx_list_applications gives each application's score; for the one concerned, zdx_get_application and zdx_get_application_score_trend show whether the score is low throughout or dips at moments. zdx_get_application_user with the app_id and the user's id shows this user against the rest.
3. Find the layer. zdx_get_application_metric with metric_name=pft (page fetch time), then dns, then availability. A slow DNS lookup points at the resolver; a slow page fetch with fast DNS points at the path or the server; poor availability at the application itself. zdx_get_web_probes and zdx_list_cloudpath_probes name the probes that measured it.
4. One user or many? zdx_list_alerts for alerts open now, zdx_list_historical_alerts for recurring ones; for an alert on the same application, zdx_get_alert and zdx_list_alert_affected_devices show how far it reaches.
5. Deep trace. zdx_list_device_deep_traces with the device_id; for a finished trace, zdx_get_device_deep_trace, zdx_get_deeptrace_webprobe_metrics, zdx_get_deeptrace_cloudpath, zdx_get_deeptrace_cloudpath_metrics, zdx_get_deeptrace_health_metrics, zdx_list_deeptrace_top_processes and zdx_get_deeptrace_events show hop-by-hop latency, device load and what happened during the trace. If there is none and the evidence points at the network, offer to start one (step rules above).

Answer with:
- What is wrong: the metrics or scores out of line, with their numbers and times.
- Why: the layer responsible and the evidence; whether other devices share it.
- What to do: a short, ordered list of actions for the user, the network team or the application owner.

If ZDX knows no device for %[1]q, say so and suggest checking that Zscaler Client Connector runs on it with a ZDX-enabled profile; do not invent data.
`, who, hours, focus)
		},
	}
}
