package zia

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func users() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "get_zia_users", Toolset: "zia_users", Action: catalog.Read,
			Description: "List ZIA users with their groups and department, or get one user by user_id. Filters are " +
				"'starts with' matches done by the API. Without page, every page is read.",
			Method: "GET", Path: api + "/users", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("user_id", "Get this one user instead of a list.").At(catalog.InHandler),
				catalog.Str("name", "User name starts with.").Query("name"),
				catalog.Str("dept", "Department name starts with.").Query("dept"),
				catalog.Str("group", "Group name starts with.").Query("group"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-10000).").Range(1, 10000).At(catalog.InPageSize),
			},
			Handler: listOrGetUser,
		},
		{
			Name: "get_zia_user_departments", Toolset: "zia_users", Action: catalog.Read,
			Description: "List ZIA departments (the user attribute policies and reports group by), or get one by " +
				"department_id. search matches the name (and more, unless limit_search). Without page, every page is read.",
			Method: "GET", Path: api + "/departments", Paging: zscaler.PagingZIA,
			Params: append([]catalog.Param{
				liteAction("only the id and name (with department_id)"),
				numeric(catalog.Str("department_id", "Get this one department instead of a list.").At(catalog.InHandler)),
				catalog.Bool("limit_search", "Match search against the department name only.").Query("limitSearch"),
				catalog.Str("search", "Text to match, by the API.").Query("search"),
			}, directoryPaging("rank")...),
			Handler: oneOrList("department_id", api+"/departments/{department_id}", api+"/departments/lite/{department_id}", ""),
		},
		{
			Name: "get_zia_user_groups", Toolset: "zia_users", Action: catalog.Read,
			Description: "List ZIA user groups (synced from the identity provider or made in ZIA), or get one by " +
				"group_id. name keeps the groups whose name contains it (read here, over every page); search and " +
				"defined_by are matched by the API. Without page, every page is read.",
			Method: "GET", Path: api + "/groups", Paging: zscaler.PagingZIA,
			Params: append([]catalog.Param{
				numeric(catalog.Str("group_id", "Get this one group instead of a list.").At(catalog.InHandler)),
				catalog.Str("name", "Case-insensitive substring of the group name; filters the records after they are read.").At(catalog.InFilter),
				catalog.Str("search", "Text to match, by the API.").Query("search"),
				catalog.Str("defined_by", "Where the groups come from, as the API names it.").Query("definedBy"),
			}, directoryPaging("rank", "mod_time")...),
			Handler: oneOrList("group_id", api+"/groups/{group_id}", "", ""),
		},
	}
}

// directoryPaging is the paging and sorting of the department and group lists.
func directoryPaging(sortBy ...string) []catalog.Param {
	return []catalog.Param{
		catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
		catalog.Int("page_size", "Records per page (1-1000).").Range(1, 1000).At(catalog.InPageSize),
		catalog.Str("sort_by", "Sort on this member.").OneOf(append([]string{"id", "name", "expiry", "status", "external_id"}, sortBy...)...).Query("sortBy"),
		catalog.Str("sort_order", "Sort direction.").OneOf("asc", "desc", "rule_execution").Query("sortOrder"),
	}
}

var getUser = catalog.Tool{
	Name: "get_zia_users", Service: zscaler.ZIA, Action: catalog.Read, Shape: catalog.Record,
	Method: "GET", Path: api + "/users/{user_id}",
	Params: []catalog.Param{catalog.PathID("user_id", "User id.")},
}

func listOrGetUser(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, ok := c.Args["user_id"]; ok {
		return c.Exec.Run(ctx, &getUser, c.Args)
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
}
