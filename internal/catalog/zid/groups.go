package zid

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

var listGroups = catalog.Tool{
	Name: "zid_list_groups", Service: zscaler.ZID, Toolset: "zid_groups", Action: catalog.Read,
	Description: "List ZIdentity groups: name, description, source (UI, API, SCIM), identity provider, whether " +
		"membership is dynamic and whether admin or service entitlements are on. name is a case-insensitive " +
		"partial match done by the API." + paged,
	Method: "GET", Path: api + "/groups", Paging: zscaler.PagingZID,
	Params: append([]catalog.Param{
		catalog.Str("name", "Group name contains this.").Query("name[like]"),
		catalog.Bool("exclude_dynamic_groups", "true leaves out groups whose membership is computed by rules.").Query("excludedynamicgroups"),
	}, paging()...),
}

var groupUsers = catalog.Tool{
	Name: "zid_get_group_users", Service: zscaler.ZID, Toolset: "zid_groups", Action: catalog.Read,
	Description: "List the members of one ZIdentity group, by group id: each user's login name, display name, " +
		"email, department and status." + paged,
	Method: "GET", Path: api + "/groups/{group_id}/users", Paging: zscaler.PagingZID,
	Params: append([]catalog.Param{catalog.PathID("group_id", "ZIdentity group id (an opaque string).")}, paging()...),
}

func groups() []catalog.Tool {
	search := listGroups
	search.Name = "zid_search_groups"
	search.Description = "Find ZIdentity groups whose name contains the given text (case-insensitive, matched by " +
		"the API). An empty result means no group name contains it." + paged
	search.Params = append([]catalog.Param{catalog.Str("name", "Part of the group name.").Req().Query("name[like]")}, paging()...)
	search.Example = map[string]any{"name": "engineering"}
	return []catalog.Tool{
		listGroups,
		{
			Name: "zid_get_group", Toolset: "zid_groups", Action: catalog.Read,
			Description: "Get one ZIdentity group by id: name, description, source, identity provider, dynamic flag and entitlements.",
			Method:      "GET", Path: api + "/groups/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{catalog.PathID("group_id", "ZIdentity group id (an opaque string).")},
		},
		search,
		groupUsers,
		{
			Name: "zid_get_group_users_by_name", Toolset: "zid_groups", Action: catalog.Read,
			Description: "List the members of a ZIdentity group found by part of its name (case-insensitive). When " +
				"several groups match, the first one's members are returned and a note says so; use " +
				"zid_get_group_users with an id to pick another." + paged,
			Method: "GET", Path: api + "/groups", Paging: zscaler.PagingZID,
			Params: append([]catalog.Param{
				catalog.Str("name", "Part of the group name.").Req().At(catalog.InHandler),
			}, paging()...),
			Handler: usersOfGroupNamed,
			Example: map[string]any{"name": "engineering"},
		},
	}
}

func usersOfGroupNamed(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	found, err := c.Exec.Run(ctx, &listGroups, withOnly(c.Args, "name"))
	if err != nil {
		return nil, err
	}
	return members(ctx, c, &groupUsers, found, "group", "group_id")
}
