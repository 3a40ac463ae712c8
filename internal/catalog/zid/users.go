package zid

import (
	"context"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

var listUsers = catalog.Tool{
	Name: "zid_list_users", Service: zscaler.ZID, Toolset: "zid_users", Action: catalog.Read,
	Description: "List ZIdentity users: login name, display and real names, emails, department, status, source " +
		"(UI, API, SCIM) and identity provider. The name and email filters are case-insensitive partial matches " +
		"done by the API; domain and IdP names must match exactly." + paged,
	Method: "GET", Path: api + "/users", Paging: zscaler.PagingZID,
	Params: append([]catalog.Param{
		catalog.Str("login_name", "Login name contains this.").Query("loginname[like]"),
		catalog.Str("display_name", "Display name contains this.").Query("displayname[like]"),
		catalog.Str("primary_email", "Primary email contains this.").Query("primaryemail[like]"),
		catalog.Str("domain_name", "Only users of this domain (exact).").Query("domainname"),
		catalog.Str("idp_name", "Only users from this identity provider (exact name).").Query("idpname"),
	}, paging()...),
}

var userGroups = catalog.Tool{
	Name: "zid_get_user_groups", Service: zscaler.ZID, Toolset: "zid_users", Action: catalog.Read,
	Description: "List the ZIdentity groups one user belongs to, by user id: each group's name, description, " +
		"source and whether it is dynamic." + paged,
	Method: "GET", Path: api + "/users/{user_id}/groups", Paging: zscaler.PagingZID,
	Params: append([]catalog.Param{catalog.PathID("user_id", "ZIdentity user id (an opaque string).")}, paging()...),
}

func users() []catalog.Tool {
	name := func(desc string) catalog.Param { return catalog.Str("name", desc).Req().At(catalog.InHandler) }
	return []catalog.Tool{
		listUsers,
		{
			Name: "zid_get_user", Toolset: "zid_users", Action: catalog.Read,
			Description: "Get one ZIdentity user by id, with department, status, custom attributes and identity provider.",
			Method:      "GET", Path: api + "/users/{user_id}", Shape: catalog.Record,
			Params: []catalog.Param{catalog.PathID("user_id", "ZIdentity user id (an opaque string).")},
		},
		{
			Name: "zid_search_users", Toolset: "zid_users", Action: catalog.Read,
			Description: "Find ZIdentity users by part of their email, login name or display name (case-insensitive). " +
				"A value with @ is matched against the primary email; otherwise the login name, then, when nothing " +
				"matches, the display name. An empty result means no user matches." + paged,
			Method: "GET", Path: api + "/users", Paging: zscaler.PagingZID,
			Params:  append([]catalog.Param{name("Part of the user's email, login name or display name.")}, paging()...),
			Handler: searchUsers,
			Example: map[string]any{"name": "sami"},
		},
		userGroups,
		{
			Name: "zid_get_user_groups_by_name", Toolset: "zid_users", Action: catalog.Read,
			Description: "List the ZIdentity groups of a user found by part of their email, login name or display " +
				"name (matched as zid_search_users does). When several users match, the first one's groups are " +
				"returned and a note says so; use zid_get_user_groups with an id to pick another." + paged,
			Method: "GET", Path: api + "/users", Paging: zscaler.PagingZID,
			Params:  append([]catalog.Param{name("Part of the user's email, login name or display name.")}, paging()...),
			Handler: groupsOfUserNamed,
			Example: map[string]any{"name": "sami"},
		},
	}
}

// searchUsers tries the filters in turn: email when the text has an @,
// otherwise login name, then display name.
func searchUsers(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	name := c.Args["name"].(string)
	fields := []string{"login_name", "display_name"}
	if strings.Contains(name, "@") {
		fields = []string{"primary_email"}
	}
	var res *catalog.Result
	for _, f := range fields {
		args := withOnly(c.Args, "offset", "limit")
		args[f] = name
		var err error
		if res, err = c.Exec.Run(ctx, &listUsers, args); err != nil || len(res.Records) > 0 {
			return res, err
		}
	}
	return res, nil
}

func groupsOfUserNamed(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	found, err := searchUsers(ctx, &catalog.Call{Tool: c.Tool, Args: withOnly(c.Args, "name"), Exec: c.Exec})
	if err != nil {
		return nil, err
	}
	return members(ctx, c, &userGroups, found, "user", "user_id")
}
