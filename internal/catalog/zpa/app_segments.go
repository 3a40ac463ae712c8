package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func appSegments() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zpa_list_application_segments", Toolset: "zpa_app_segments", Action: catalog.Read,
			Description: "List ZPA application segments: domains, TCP/UDP port ranges, segment group, server groups, " +
				"health and bypass settings.",
			Method: "GET", Path: mgmt + "/application",
			Params: listParams("application segment"),
		},
		{
			Name: "zpa_get_application_segment", Toolset: "zpa_app_segments", Action: catalog.Read,
			Description: "Get one ZPA application segment by id.",
			Method:      "GET", Path: mgmt + "/application/{segment_id}", Shape: catalog.Record,
			Params: []catalog.Param{catalog.PathID("segment_id", "Application segment id."), microtenant()},
		},
	}
}
