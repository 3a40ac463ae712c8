package zia

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func fileTypeControl() []catalog.Tool {
	r := webRule{
		toolset: "zia_file_type_control", noun: "file type control rule", one: "file_type_control_rule", path: "/fileTypeRules",
		about: "each rule matches file uploads or downloads by file type, size, URL category, cloud application and " +
			"protocol, and allows, cautions or blocks them.",
		listNote:   "The API returns every rule in one answer; search filters them here by name.",
		listParams: []catalog.Param{nameFilter("rule")},
		action:     ruleAction{wire: "filteringAction"}, actionRequired: true,
		actionDesc: "What a match does: ALLOW, CAUTION or BLOCK (sent as the rule's filteringAction).",
		advancedDesc: "File type fields: file_types (e.g. \"FTCATEGORY_PDF_DOCUMENT\"; zia_list_file_type_categories lists " +
			"them), operation (UPLOAD, DOWNLOAD, UPLOAD_DOWNLOAD), min_size and max_size in KB, active_content, unscannable, " +
			"password_protected, url_categories, cloud_applications, protocols, device_trust_levels.",
		example: map[string]any{"name": "Catalogue Test File Rule", "action": "BLOCK",
			"advanced": map[string]any{"file_types": `["FTCATEGORY_EXE"]`, "operation": "DOWNLOAD"}},
	}
	return append(r.tools(), catalog.Tool{
		Name: "zia_list_file_type_categories", Toolset: "zia_file_type_control", Action: catalog.Read,
		Description: "List the file types ZIA recognises, predefined and custom, each with its id, name and parent " +
			"category: the values file type control (and DLP) rules take in file_types.",
		Method: "GET", Path: api + "/fileTypeCategories",
		Params: []catalog.Param{
			catalog.Bool("enums", "Return the file type names (enums) the policies use.").Query("enums"),
			catalog.Bool("exclude_custom_file_types", "Leave out the tenant's custom file types.").Query("excludeCustomFileTypes"),
		},
	})
}
