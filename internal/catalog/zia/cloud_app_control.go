package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

// cloudAppRuleTypes are the application classes cloud app control keeps a
// rule table for: the {rule_type} of /webApplicationRules/{rule_type}.
var cloudAppRuleTypes = []string{
	"AI_ML", "BUSINESS_PRODUCTIVITY", "CONSUMER", "CUSTOM_CAPP", "DNS_OVER_HTTPS", "ENTERPRISE_COLLABORATION",
	"FILE_SHARE", "FINANCE", "HEALTH_CARE", "HOSTING_PROVIDER", "HUMAN_RESOURCES", "INSTANT_MESSAGING",
	"IT_SERVICES", "LEGAL", "SALES_AND_MARKETING", "SOCIAL_NETWORKING", "STREAMING_MEDIA",
	"SYSTEM_AND_DEVELOPMENT", "WEBMAIL",
}

func ruleType() catalog.Param {
	return catalog.PathID("rule_type", "The application class whose rule table this is: one of the API's rule types, "+
		"e.g. WEBMAIL, FILE_SHARE, AI_ML, STREAMING_MEDIA, SOCIAL_NETWORKING, INSTANT_MESSAGING, ENTERPRISE_COLLABORATION "+
		"(CUSTOM_CAPP for custom applications). Each class has its own rules, ordered apart.").OneOf(cloudAppRuleTypes...)
}

func cloudAppControl() []catalog.Tool {
	r := webRule{
		toolset: "zia_cloud_app_control", noun: "cloud app control rule", one: "cloud_app_control_rule",
		path: "/webApplicationRules/{rule_type}", scope: []catalog.Param{ruleType()},
		about: "each rule of an application class (rule_type) names applications of that class and the granular " +
			"actions ZIA takes on them, beyond allow and block: e.g. for WEBMAIL view, send or attach allowed, " +
			"cautioned, blocked or isolated; for FILE_SHARE view, upload, download, share, edit, delete; for AI_ML " +
			"web use; with the users, groups, locations, times, devices and quotas it applies to.",
		listNote: "The API returns every rule of the class in one answer.",
		action:   ruleAction{wire: "actions", kind: "list"},
		actionDesc: "The rule's actions, sent as its actions list: one or more of the granular actions of the rule " +
			"type, comma-separated or as a JSON list, e.g. \"ALLOW_WEBMAIL_VIEW,BLOCK_WEBMAIL_ATTACHMENT_SEND\", " +
			"\"DENY_FILE_SHARE_UPLOAD\", \"CAUTION_AI_ML_WEB_USE\", \"ISOLATE_STREAMING_VIEW_LISTEN\". " +
			"zia_list_cloud_app_control_actions lists those the applications offer.",
		advancedDesc: "Cloud app control fields: applications (the app values of zia_list_cloud_app_policy, e.g. " +
			"[\"GOOGLE_WEBMAIL\"]), tenancy_profile_ids, cloud_app_risk_profile, cascading_enabled, " +
			"enforce_time_validity with validity_start_time, validity_end_time, validity_time_zone_id, " +
			"size_quota (KB), time_quota (minutes), user_agent_types, device_trust_levels, eun_enabled, " +
			"eun_template_id, browser_eun_template_id, cbi_profile.",
		example: map[string]any{"rule_type": "WEBMAIL", "name": "Catalogue Test Webmail Rule",
			"action":   "ALLOW_WEBMAIL_VIEW,BLOCK_WEBMAIL_ATTACHMENT_SEND",
			"advanced": map[string]any{"applications": []any{"GOOGLE_WEBMAIL"}}},
	}
	tools := r.tools()
	for i := range tools {
		if tools[i].Example == nil {
			tools[i].Example = map[string]any{}
		}
		tools[i].Example["rule_type"] = "WEBMAIL" // the test's get, update and delete meet the rule its create made
	}
	return append(tools,
		cloudAppPolicyList("zia_list_cloud_app_policy", "zia_cloud_app_control", "/cloudApplications/policy",
			"List the cloud applications that cloud app control, web DLP and other web policy rules can name (their "+
				"applications), each with its application class."),
		catalog.Tool{
			Name: "zia_list_cloud_app_control_actions", Toolset: "zia_cloud_app_control", Action: catalog.Read,
			Description: "List the granular actions a cloud app control rule of a rule type can take (ALLOW_, " +
				"CAUTION_, BLOCK_/DENY_, ISOLATE_ each for view, upload, send, share and the like), as the names the " +
				"rule's action takes. With cloud_apps, only the actions those applications support.",
			Method: "POST", Path: api + "/webApplicationRules/{rule_type}/availableActions",
			Params: []catalog.Param{
				ruleType(),
				catalog.StrList("cloud_apps", "Applications to ask about, by their app values (zia_list_cloud_app_policy), "+
					"e.g. [\"GOOGLE_WEBMAIL\"]; a JSON list as text is accepted. Without it, the rule type's actions.").Body("cloudApps"),
			},
			Complete: func(_ catalog.Args, body map[string]any) error {
				if _, ok := body["cloudApps"]; !ok {
					body["cloudApps"] = []string{}
				}
				return nil
			},
			Example: map[string]any{"rule_type": "WEBMAIL"},
		})
}
