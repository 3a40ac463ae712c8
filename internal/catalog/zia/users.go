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
