package zia

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// cloudAppPolicyList is a list of the cloud applications a kind of policy can
// name: ZIA's catalogue of predefined and custom applications, each with the
// id rules use (app), its display name and its application class (parent).
func cloudAppPolicyList(name, toolset, path, what string) catalog.Tool {
	return catalog.Tool{
		Name: name, Toolset: toolset, Action: catalog.Read,
		Description: what + " Records are {app, appName, parent, parentName}; the app value is what rules take. " +
			"The catalogue holds thousands of applications: narrow it with search or app_class. With group_results, " +
			"the answer is instead one object counting the applications of each class. Without page, every page is read.",
		Method: "GET", Path: api + path, Paging: zscaler.PagingZIA,
		Params: []catalog.Param{
			catalog.Str("search", "Part of the application's name, matched by the API.").Query("search"),
			catalog.Str("app_class", "Only applications of this class, e.g. WEB_MAIL, FILE_SHARE, AI_ML, STREAMING_MEDIA, "+
				"SOCIAL_NETWORKING, INSTANT_MESSAGING, BUSINESS_PRODUCTIVITY.").Query("appClass"),
			catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
			catalog.Int("page_size", "Records per page, 1 to 1000 (the API's default is 200).").Range(1, 1000).At(catalog.InPageSize),
			catalog.Bool("group_results", "Return the number of applications per class instead of the applications.").Query("groupResults"),
		},
		Handler: listOrCountApps,
	}
}

// listOrCountApps lists the applications, or, with group_results, returns the
// one object of counts the API answers instead of a list.
func listOrCountApps(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	row := c.Tool.Plain()
	if grouped, _ := c.Args["group_results"].(bool); grouped {
		row.Shape = catalog.Record
	}
	return c.Exec.Run(ctx, row, c.Args)
}
