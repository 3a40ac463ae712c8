package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func shadowIT() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zins_get_shadow_it_apps", Toolset: "zins_shadow_it", Action: catalog.Read,
			Description: "List the cloud applications Z-Insights discovered in use (shadow IT): for each its category, " +
				"risk index (computed and custom), sanctioned state, bytes up and down, authenticated users, last access " +
				"and vulnerabilities." + windowNote,
			Handler: report{op: "ShadowITApps", at: []string{"SHADOW_IT", "apps"}}.handler(),
			Params:  append(windowParams(9), limit("applications")),
		},
		{
			Name: "zins_get_shadow_it_summary", JSONText: true, Toolset: "zins_shadow_it", Action: catalog.Read, Shape: catalog.Record,
			Description: "Summarise shadow IT from Z-Insights in one object: total applications and bytes (up, down, " +
				"all), and the applications grouped by category (by count, users and bytes), by risk index, by " +
				"provisioning status and by access." + incidentWindowNote,
			Handler: report{op: "ShadowITSummary", at: []string{"SHADOW_IT", "shadow_it_summary"}}.handler(),
			Params:  windowParams(16),
		},
	}
}
