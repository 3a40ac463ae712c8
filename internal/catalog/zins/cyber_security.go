package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

const incidentWindowNote = " The window is 7 or 14 days of processed history (data lags a day or two): by default the " +
	"14 days ending 2 days ago; start_time/end_time (epoch ms) fix it exactly."

// incidentGroups are what the incidents report groups by.
var incidentGroups = []string{"THREAT_CATEGORY_ID", "APP_ID", "USER_ID", "TIME", "SRC_COUNTRY"}

func cyberSecurity() []catalog.Tool {
	incidents := func(fixed ...string) report {
		r := report{op: "CyberSecurityIncidents", at: []string{"CYBER_SECURITY", "incidents"},
			allowed: map[string][]string{"categorize_by": incidentGroups}}
		if fixed != nil {
			r.fixed = map[string]any{"categorizeBy": fixed}
		}
		return r
	}
	return []catalog.Tool{
		{
			Name: "zins_get_cyber_incidents", JSONText: true, Toolset: "zins_cyber_security", Action: catalog.Read,
			Description: "Count the cyber security incidents Z-Insights recorded, grouped by the dimensions categorize_by " +
				"names (default threat category): one entry per group with its name and total, and with a second " +
				"dimension the breakdown of each under its own entries." + incidentWindowNote,
			Handler: incidents().handler(),
			Params: append(windowParams(16),
				variable(catalog.StrList("categorize_by", "Group by these, outermost first: THREAT_CATEGORY_ID (default), "+
					"APP_ID, USER_ID, TIME, SRC_COUNTRY.").Def([]string{"THREAT_CATEGORY_ID"}), "categorizeBy"),
				limit("entries per level")),
		},
		{
			Name: "zins_get_cyber_incidents_by_location", Toolset: "zins_cyber_security", Action: catalog.Read,
			Description: "Rank the locations (or applications, users or departments) by the cyber security incidents " +
				"Z-Insights recorded: one entry per location with its id, name and incident total." + incidentWindowNote,
			Handler: report{op: "CyberSecurityByLocation", at: []string{"CYBER_SECURITY", "cyber_security_location"}}.handler(),
			Params: append(windowParams(16),
				variable(catalog.Str("categorize_by", "Rank by LOCATION_ID (default), APP_ID, USER_ID or DEPARTMENT_ID.").
					OneOf("LOCATION_ID", "APP_ID", "USER_ID", "DEPARTMENT_ID").Def("LOCATION_ID"), "categorizeBy"),
				limit("entries")),
		},
		{
			Name: "zins_get_cyber_incidents_daily", JSONText: true, Toolset: "zins_cyber_security", Action: catalog.Read,
			Description: "Count the cyber security incidents Z-Insights recorded per day, to see spikes: one entry per " +
				"day with its total." + incidentWindowNote,
			Handler: incidents("TIME").handler(),
			Params:  append(windowParams(16), limit("days")),
		},
		{
			Name: "zins_get_cyber_incidents_by_threat_and_app", JSONText: true, Toolset: "zins_cyber_security", Action: catalog.Read,
			Description: "Count the cyber security incidents Z-Insights recorded by threat category and, within each, by " +
				"application: one entry per category with its total and the applications hit under its entries." +
				incidentWindowNote,
			Handler: incidents("THREAT_CATEGORY_ID", "APP_ID").handler(),
			Params:  append(windowParams(16), limit("entries per level")),
		},
	}
}
