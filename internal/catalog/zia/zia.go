// Package zia declares the Zscaler Internet Access tools, one file per
// resource family.
package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/zia/api/v1"

// Tools is every ZIA tool, in catalogue order.
func Tools() []catalog.Tool {
	return concat(
		sslInspection(),
		urlFiltering(),
		fileTypeControl(),
		sandboxRules(),
		webDLP(),
		urlCategories(),
		urlCategoryWrites(),
		locations(),
		users(),
		dlp(),
		shadowIT(),
		timeIntervals(),
		settings(),
		cloudFirewall(),
		ruleLabels(),
		activation(),
	)
}

func concat(groups ...[]catalog.Tool) []catalog.Tool {
	var out []catalog.Tool
	for _, g := range groups {
		for i := range g {
			g[i].Service = zscaler.ZIA
			staged(&g[i])
		}
		out = append(out, g...)
	}
	return out
}

// nameFilter is the client-side name search of ZIA lists whose API has none.
func nameFilter(what string) catalog.Param {
	return catalog.Str("search", "Case-insensitive substring of the "+what+" name; filters the records after they are read.").At(catalog.InFilter)
}
