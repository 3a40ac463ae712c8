package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func sandboxRules() []catalog.Tool {
	r := webRule{
		toolset: "zia_sandbox", noun: "sandbox rule", one: "sandbox_rule", path: "/sandboxRules",
		about: "each rule sends files of the given types, from the given URL categories and protocols, to Zscaler's " +
			"cloud sandbox, and says whether a file the sandbox finds malicious is allowed or blocked, and what " +
			"happens on a file's first download.",
		listNote:   "The API returns every rule in one answer; search filters them here by name.",
		listParams: []catalog.Param{nameFilter("rule")},
		action:     ruleAction{wire: "baRuleAction"}, actionRequired: true,
		actionDesc: "What happens to a file the sandbox finds malicious: ALLOW or BLOCK (sent as the rule's baRuleAction).",
		advancedDesc: "Sandbox fields: ba_policy_categories (e.g. \"ADWARE_BLOCK\", \"RANSOMWARE_BLOCK\"), file_types, " +
			"protocols, url_categories, first_time_enable with first_time_operation (ALLOW_SCAN, QUARANTINE, " +
			"ALLOW_NOSCAN, QUARANTINE_ISOLATE), ml_action_enabled, by_threat_score (40 to 70).",
		example: map[string]any{"name": "Catalogue Test Sandbox Rule", "action": "BLOCK",
			"advanced": map[string]any{"file_types": []any{"FTCATEGORY_P7Z"}, "first_time_enable": true, "first_time_operation": "QUARANTINE"}},
	}
	return r.tools()
}
