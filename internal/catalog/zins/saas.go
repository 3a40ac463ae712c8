package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func saas() []catalog.Tool {
	return []catalog.Tool{{
		Name: "zins_get_casb_app_report", Toolset: "zins_saas", Action: catalog.Read,
		Description: "Rank the SaaS applications the CASB saw in use, from Z-Insights: one entry per application with " +
			"its usage total." + windowNote,
		Handler: report{op: "CasbAppReport", at: []string{"SAAS_SECURITY", "casb_app"}}.handler(),
		Params:  append(windowParams(9), limit("applications")),
	}}
}
