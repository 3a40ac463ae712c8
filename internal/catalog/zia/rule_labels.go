package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const ruleLabel = api + "/ruleLabels/{label_id}"

func ruleLabels() []catalog.Tool {
	id := catalog.PathID("label_id", "Rule label id.")
	return []catalog.Tool{
		{
			Name: "zia_list_rule_labels", Toolset: "zia_rule_labels", Action: catalog.Read,
			Description: "List ZIA rule labels, the tags that group firewall, URL filtering and other policy rules, " +
				"with how many rules reference each.",
			Method: "GET", Path: api + "/ruleLabels", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Substring of the label name, matched by the API.").Query("search"),
			},
		},
		{
			Name: "zia_create_rule_label", Toolset: "zia_rule_labels", Action: catalog.Create,
			Description: "Create a ZIA rule label.",
			Method:      "POST", Path: api + "/ruleLabels", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Label name, unique in the tenant.").Req().Body("name"),
				catalog.Str("description", "Label description.").Body("description"),
			},
			Example: map[string]any{"name": "Catalogue Test Label", "description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zia_update_rule_label", Toolset: "zia_rule_labels", Action: catalog.Update,
			Description: "Update a ZIA rule label. Only the fields given change; the others keep their current values.",
			Method:      "PUT", Path: ruleLabel, Merge: ruleLabel, Shape: catalog.Record,
			Params: []catalog.Param{
				id,
				catalog.Str("name", "New label name.").Body("name"),
				catalog.Str("description", "New label description.").Body("description"),
			},
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_rule_label", Toolset: "zia_rule_labels", Action: catalog.Delete,
			Description: "Delete a ZIA rule label. Destructive; confirmation required: the user must confirm before anything is deleted. Rules that carry the label lose it.",
			Method:      "DELETE", Path: ruleLabel, Shape: catalog.Done,
			Params: []catalog.Param{id},
		},
	}
}
