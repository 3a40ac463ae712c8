// Package zia declares the Zscaler Internet Access tools, one file per
// resource family.
package zia

import (
	"fmt"
	"strings"

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
		atpMalware(),
		atpPolicy(),
		cloudAppControl(),
		devices(),
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

// numeric makes an id parameter refuse what is not a ZIA object number
// before anything is sent: a name given for an id, a malformed id.
func numeric(p catalog.Param) catalog.Param {
	p.Build = func(v any) (map[string]any, error) {
		if s := strings.TrimSpace(v.(string)); !isDigits(s) || strings.HasPrefix(s, "-") {
			return nil, fmt.Errorf("a ZIA id is a whole number such as \"6210001\", got %q (list the records to find it)", s)
		}
		return nil, nil
	}
	return p
}
