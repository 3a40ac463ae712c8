package zia

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

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
	}
}
