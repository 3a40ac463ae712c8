package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func urlFiltering() []catalog.Tool {
	r := webRule{
		toolset: "zia_url_filtering", noun: "URL filtering rule", one: "url_filtering_rule", path: "/urlFilteringRules",
		about: "each rule matches web requests by URL category, protocol, request method, user agent, device trust and " +
			"who or where they come from, and allows, cautions, blocks or isolates them.",
		listNote:   "The API returns every rule in one answer; search filters them here by name.",
		listParams: []catalog.Param{nameFilter("rule")},
		action:     ruleAction{wire: "action"}, actionRequired: true,
		actionDesc: "What a match does: ALLOW, CAUTION, BLOCK, ISOLATE (needs a cloud browser isolation profile in " +
			"advanced.cbi_profile) or ICAP_RESPONSE.",
		advancedDesc: "URL filtering fields: url_categories (category ids such as \"OTHER_ADULT_MATERIAL\"), protocols " +
			"(\"HTTPS_RULE\", \"HTTP_RULE\", \"ANY_RULE\", ...), request_methods, user_agent_types, device_trust_levels, " +
			"user_risk_score_levels, block_override with override_users and override_groups, time_quota, size_quota, " +
			"enforce_time_validity with validity_start_time and validity_end_time.",
		example: map[string]any{"name": "Catalogue Test URL Rule", "action": "BLOCK",
			"advanced": map[string]any{"url_categories": []any{"GAMBLING"}, "protocols": `["HTTPS_RULE","HTTP_RULE"]`, "groups": []any{"81450002"}}},
	}
	return r.tools()
}
