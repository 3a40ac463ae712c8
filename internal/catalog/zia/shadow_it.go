package zia

import (
	"context"
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// sanctionStates are the states an application can be given, in the
// reference server's words and the API's.
var sanctionStates = map[string]string{"sanctioned": "SANCTIONED", "unsanctioned": "UN_SANCTIONED", "any": "ANY",
	"SANCTIONED": "SANCTIONED", "UN_SANCTIONED": "UN_SANCTIONED", "ANY": "ANY"}

func shadowIT() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_shadow_it_apps", Toolset: "zia_shadow_it", Action: catalog.Read,
			Description: "List the cloud applications of ZIA's Shadow IT report by numeric id and name (the ids " +
				"zia_bulk_update_shadow_it_apps takes; not the application enums of cloud app policies). Without " +
				"page_number and limit the API answers the whole catalogue, thousands of applications: prefer a page, " +
				"or a query projection.",
			Method: "GET", Path: api + "/cloudApplications/lite",
			Params: []catalog.Param{
				catalog.Int("page_number", "Read only this page, numbered from 0.").AtLeast(0).Query("pageNumber"),
				catalog.Int("limit", "Applications per page (with page_number); up to 1000 is advisable.").AtLeast(1).Query("limit"),
			},
		},
		{
			Name: "zia_list_shadow_it_custom_tags", Toolset: "zia_shadow_it", Action: catalog.Read,
			Description: "List the custom tags an administrator can put on Shadow IT cloud applications, by id and " +
				"name (the ids zia_bulk_update_shadow_it_apps takes as custom_tag_ids).",
			Method: "GET", Path: api + "/customTags",
		},
		{
			Name: "zia_bulk_update_shadow_it_apps", Toolset: "zia_shadow_it", Action: catalog.Update,
			Description: "Set the sanction state of Shadow IT cloud applications, and optionally tag them, in one call: " +
				"the applications by their numeric ids (zia_list_shadow_it_apps), the tags by id " +
				"(zia_list_shadow_it_custom_tags). Returns whether the API accepted it and what was changed.",
			Method: "PUT", Path: api + "/cloudApplications/bulkUpdate", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("sanction_state", "sanctioned, unsanctioned or any (the API's SANCTIONED, UN_SANCTIONED, ANY are accepted too).").Req().
					Mapped(sanctionStates, "sanctioned", "unsanctioned", "any", "SANCTIONED", "UN_SANCTIONED", "ANY").Body("sanctionedState"),
				catalog.StrList("application_ids", "Numeric ids of the applications to change, e.g. [\"2424869\"] (at least one).").
					Body("applicationIds").Converted(func(v any) (any, error) { return idList(v) }),
				catalog.StrList("custom_tag_ids", "Ids of the custom tags to put on them, e.g. [\"1\"]; sent as [{\"id\": N}].").
					Body("customTags").Converted(func(v any) (any, error) { return idRefs(anyList(v.([]string))) }),
			},
			Output:  operationResult,
			Handler: bulkSanction,
			Example: map[string]any{"sanction_state": "sanctioned", "application_ids": []string{"2424869"}, "custom_tag_ids": []string{"1"}},
		},
	}
}

// bulkSanction sends the bulk update, which needs applications to act on,
// and says what it did: the API answers nothing.
func bulkSanction(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	apps, _ := c.Args["application_ids"].([]string)
	if len(apps) == 0 {
		return nil, &catalog.ArgError{Problems: []string{"application_ids is required for a change: give the numeric ids of the applications (zia_list_shadow_it_apps)"}}
	}
	if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
		return nil, err
	}
	msg := fmt.Sprintf("%d application(s) set to %s", len(apps), sanctionStates[c.Args["sanction_state"].(string)])
	if tags, _ := c.Args["custom_tag_ids"].([]string); len(tags) > 0 {
		msg += ", tagged " + strings.Join(tags, ", ")
	}
	return catalog.ObjectResult(map[string]any{"success": true, "message": msg + "."}), nil
}

// idList is ids as the JSON numbers the API expects.
func idList(v any) ([]any, error) {
	refs, err := idRefs(anyList(v.([]string)))
	for i, r := range refs {
		refs[i] = r.(map[string]any)["id"]
	}
	return refs, err
}
