package sandbox

import (
	"encoding/json"
	"net/http"
)

// zccTrustedNetworks are the company's trusted networks. Unlike most ZCC
// lists, the page comes in an envelope with the count of every match:
// {"totalCount":N,"trustedNetworkContracts":[…]} (recorded).
func zccTrustedNetworks() []*Resource {
	return []*Resource{
		{
			Name: "zcc/trusted_networks", What: "trusted network", Path: "/webTrustedNetwork/listByCompany",
			Key: "trustedNetworkContracts", Filters: []Filter{{Param: "search", Fields: []string{"networkName"}}},
			Routes: map[string]handler{"GET /webTrustedNetwork/listByCompany": listCounted},
		},
	}
}

// listCounted pages a list the ZCC way and wraps the page with the total.
func listCounted(c *call) reply {
	items, bad := c.list(c.res)
	if bad != nil {
		return *bad
	}
	page, size, bad := c.pageArgs("page", "pageSize", 1)
	if bad != nil {
		return *bad
	}
	env := &record{vals: map[string]json.RawMessage{}}
	env.set("totalCount", len(items))
	env.set(c.res.Key, publicAll(pageOf(items, page, size)))
	return jsonReply(http.StatusOK, env)
}
