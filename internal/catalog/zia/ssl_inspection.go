package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func sslInspection() []catalog.Tool {
	r := webRule{
		toolset: "zia_ssl_inspection", noun: "SSL inspection rule", one: "ssl_inspection_rule", path: "/sslInspectionRules",
		about: "each rule decides, by URL category, cloud application, platform, location and user, whether ZIA decrypts " +
			"TLS traffic (DECRYPT), leaves it encrypted (DO_NOT_DECRYPT) or blocks it, with the sub-actions of each.",
		listNote: "The API returns every rule at once; it has no search or paging.",
		action:   ruleAction{wire: "action", kind: "type"},
		actionDesc: "The action type: DECRYPT, DO_NOT_DECRYPT or BLOCK, sent as {\"type\": ...}; or the whole action " +
			"object as JSON text, e.g. {\"type\":\"DO_NOT_DECRYPT\",\"doNotDecryptSubActions\":{\"bypassOtherPolicies\":true}}. " +
			"An update given only a type keeps nothing of the old action's sub-actions.",
		advancedDesc: "SSL inspection fields: url_categories, cloud_applications, platforms, road_warrior_for_kerberos, " +
			"source_ip_groups, dest_ip_groups, zpa_app_segments.",
		example: map[string]any{"name": "Catalogue Test SSL Rule", "action": "DO_NOT_DECRYPT",
			"advanced": map[string]any{"url_categories": `["FINANCE"]`, "locations": []any{"33800101"}}},
	}
	return append(r.tools(), cloudAppPolicyList("zia_list_cloud_app_ssl_policy", "zia_ssl_inspection", "/cloudApplications/sslPolicy",
		"List the cloud applications that SSL inspection rules can name (their cloudApplications), each with its "+
			"application class."))
}
