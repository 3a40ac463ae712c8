package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func webDLP() []catalog.Tool {
	r := webRule{
		toolset: "zia_dlp", noun: "web DLP rule", one: "web_dlp_rule", path: "/webDlpRules",
		about: "each rule inspects web uploads (and optionally downloads) with DLP engines for sensitive content, by " +
			"file type, cloud application, URL category and user, and allows, blocks or asks the user, with a severity " +
			"and notifications.",
		listNote:   "The API returns every rule in one answer; search filters them here by name.",
		listParams: []catalog.Param{nameFilter("rule")},
		action:     ruleAction{wire: "action"},
		actionDesc: "What a match does: ALLOW, BLOCK, ICAP_RESPONSE, or one of the user-confirmation actions the API offers.",
		advancedDesc: "DLP fields: dlp_engines (ids, see get_zia_dlp_engines), severity (RULE_SEVERITY_HIGH, _MEDIUM, " +
			"_LOW, _INFO), protocols, file_types, cloud_applications, url_categories, min_size, match_only, " +
			"without_content_inspection, dlp_download_scan_enabled, ocr_enabled, zcc_notifications_enabled, " +
			"notification_template and auditor (ids), icap_server (id).",
		example: map[string]any{"name": "Catalogue Test DLP Rule", "action": "BLOCK",
			"advanced": map[string]any{"severity": "RULE_SEVERITY_HIGH", "protocols": `["HTTPS_RULE","HTTP_RULE"]`}},
	}
	return append(r.tools(), catalog.Tool{
		Name: "zia_list_web_dlp_rules_lite", Toolset: "zia_dlp", Action: catalog.Read,
		Description: "List ZIA web DLP rules in their short form (id, name, state, severity, file types and applications, " +
			"without order, action or references): a cheaper way to find a rule's id. search filters by name here.",
		Method: "GET", Path: api + "/webDlpRules/lite",
		Params: []catalog.Param{nameFilter("rule")},
	})
}
