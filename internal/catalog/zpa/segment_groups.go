package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func segmentGroups() []catalog.Tool {
	id := catalog.PathID("group_id", "Segment group id.")
	return []catalog.Tool{
		{
			Name: "zpa_list_segment_groups", Toolset: "zpa_segment_groups", Action: catalog.Read,
			Description: "List ZPA segment groups and the application segments in each.",
			Method:      "GET", Path: mgmt + "/segmentGroup",
			Params: listParams("segment group"),
		},
		{
			Name: "zpa_get_segment_group", Toolset: "zpa_segment_groups", Action: catalog.Read,
			Description: "Get one ZPA segment group by id.",
			Method:      "GET", Path: mgmt + "/segmentGroup/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{id, microtenant()},
		},
		{
			Name: "zpa_create_segment_group", Toolset: "zpa_segment_groups", Action: catalog.Create,
			Description: "Create a ZPA segment group. It takes effect at once (ZPA has no activation step).",
			Method:      "POST", Path: mgmt + "/segmentGroup", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Segment group name.").Req().Body("name"),
				catalog.Bool("enabled", "Whether the group is enabled.").Def(true).Body("enabled"),
				catalog.Str("description", "Description.").Body("description"),
				microtenant(),
			},
			Example: map[string]any{"name": "Catalogue Test Group", "description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zpa_update_segment_group", Toolset: "zpa_segment_groups", Action: catalog.Update,
			Description: "Update a ZPA segment group. Only the fields given change; the others keep their current " +
				"values. Returns the record as it is after the change.",
			Method: "PUT", Path: mgmtV2 + "/segmentGroup/{group_id}", Shape: catalog.Record,
			Merge: mgmt + "/segmentGroup/{group_id}", Refetch: mgmt + "/segmentGroup/{group_id}",
			Params: []catalog.Param{
				id,
				catalog.Str("name", "New name.").Body("name"),
				catalog.Str("description", "New description.").Body("description"),
				catalog.Bool("enabled", "Enable or disable the group.").Body("enabled"),
				microtenant(),
			},
			Example: map[string]any{"enabled": false},
		},
		{
			Name: "zpa_delete_segment_group", Toolset: "zpa_segment_groups", Action: catalog.Delete,
			Description: "Delete a ZPA segment group. Destructive and immediate; confirmation required: the user must confirm before anything is deleted. ZPA refuses while application segments still use it.",
			Method:      "DELETE", Path: mgmt + "/segmentGroup/{group_id}", Shape: catalog.Done,
			Params: []catalog.Param{id, microtenant()},
		},
	}
}
