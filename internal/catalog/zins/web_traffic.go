package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

const windowNote = " The window is 7 or 14 days of processed history (data lags a day or two): by default the 7 days " +
	"ending 2 days ago; start_time/end_time (epoch ms) fix it exactly."

func webTraffic() []catalog.Tool {
	trend := []catalog.Param{
		variable(catalog.Bool("include_trend", "Add each entry's time series (trend: start, interval, values). Default false.").Def(false), "includeTrend"),
		variable(catalog.Str("trend_interval", "The trend's step: DAY or HOUR (with include_trend).").OneOf("DAY", "HOUR"), "trendInterval"),
	}
	category := func(name, op, field, desc, what string) catalog.Tool {
		return catalog.Tool{
			Name: name, Toolset: "zins_web_traffic", Action: catalog.Read,
			Description: desc + windowNote,
			Handler:     report{op: op, at: []string{"WEB_TRAFFIC", field}}.handler(),
			Params:      append(windowParams(9), trafficUnit(), limit(what)),
		}
	}
	return []catalog.Tool{
		{
			Name: "zins_get_web_traffic_by_location", JSONText: true, Toolset: "zins_web_traffic", Action: catalog.Read,
			Description: "Rank the organisation's locations by web traffic (transactions or bytes) from Z-Insights: one " +
				"entry per location with its name and total, largest first, and with include_trend its time series." + windowNote,
			Handler: report{op: "WebTrafficByLocation", at: []string{"WEB_TRAFFIC", "location"}}.handler(),
			Params:  append(append(windowParams(9), trafficUnit()), append(trend, limit("locations"))...),
		},
		{
			Name: "zins_get_web_traffic_no_grouping", JSONText: true, Toolset: "zins_web_traffic", Action: catalog.Read,
			Description: "Get the organisation's total web traffic from Z-Insights, ungrouped: the total transactions or " +
				"bytes, optionally only traffic one DLP engine matched or only allowed or blocked traffic, and with " +
				"include_trend its time series." + windowNote,
			Handler: report{op: "WebTrafficNoGrouping", at: []string{"WEB_TRAFFIC", "no_grouping"}}.handler(),
			Params: append(append(windowParams(9), trafficUnit(),
				variable(catalog.Str("dlp_engine_filter", "Only traffic this DLP engine matched.").
					OneOf("ANY", "NONE", "HIPAA", "CYBER_BULLY_ENG", "GLBA", "PCI", "OFFENSIVE_LANGUAGE", "EXTERNAL"), "dlpEngineFilter"),
				variable(catalog.Str("action_filter", "Only traffic with this outcome: ALLOW or BLOCK.").OneOf("ALLOW", "BLOCK"), "actionFilter"),
			), append(trend, limit("entries"))...),
		},
		category("zins_get_web_protocols", "WebProtocols", "protocols",
			"Break the organisation's web traffic down by protocol (HTTP, HTTPS, ...) from Z-Insights: one entry per "+
				"protocol with its total transactions or bytes.", "protocols"),
		category("zins_get_threat_super_categories", "WebThreatSuperCategories", "threat_super_categories",
			"Break the threats Z-Insights saw in web traffic down by super-category (malware, phishing, ...): one entry "+
				"per super-category with its total; none means no threat in the window.", "super-categories"),
		category("zins_get_threat_class", "WebThreatClass", "threat_class",
			"Break the threats Z-Insights saw in web traffic down by threat class (virus, spyware, advanced threat, "+
				"...): one entry per class with its total; none means no threat in the window.", "threat classes"),
	}
}
