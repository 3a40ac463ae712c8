package sandbox

import (
	"fmt"
	"net/http"
	"strings"
)

// ZIA's cloud application catalogue, as the policies that name applications
// read it: one list served under each policy's path, paged 200 by default
// (1000 at most), searched by name and filtered by class by the API.
func ziaCloudApplications() []*Resource {
	return []*Resource{{
		Name: "zia/cloud_applications", What: "cloud application", Path: "/cloudApplications/policy", ID: "app",
		PageSize: 200, MaxPage: 1000,
		Filters: []Filter{
			{Param: "search", Fields: []string{"appName", "app"}},
			{Param: "appClass", Fields: []string{"parent"}, Op: Equal},
		},
		Routes: map[string]handler{
			"GET /cloudApplications/policy":    listOrCountApps,
			"GET /cloudApplications/sslPolicy": listOrCountApps,
		},
	}}
}

// listOrCountApps lists the applications or, with groupResults=true, answers
// one object counting them per class, keyed "[parentName, parent]" as ZIA does.
func listOrCountApps(c *call) reply {
	if !strings.EqualFold(c.q("groupResults"), "true") {
		return listRecords(c)
	}
	items, bad := c.list(c.res)
	if bad != nil {
		return *bad
	}
	counts := map[string]int{}
	for _, app := range items {
		counts[fmt.Sprintf("[%s, %s]", app.text("parentName"), app.text("parent"))]++
	}
	return jsonReply(http.StatusOK, counts)
}
