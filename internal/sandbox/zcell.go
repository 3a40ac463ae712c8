package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
)

// ZCell (/zcell/config/api/v1) is a Spring service: lists page from 0 with page and size (at most 100) inside
// {"content","totalElements","totalPages","size","number"} (the SDK's reading; nothing is recorded, errors are
// guessed). A path's {cid} must be the tenant's customer id; a POST search's body is read as its query.
func zcellService() *service {
	return &service{
		name: "zcell", prefix: "/zcell/config/api/v1/customers/{cid}",
		page: pageSpring, pageSize: 10, maxPage: 100,
		before: func(c *call) *reply {
			if cid := c.r.PathValue("cid"); cid != "" && cid != c.t.opts.CustomerID {
				rep := c.svc.fault(http.StatusUnauthorized, "")
				return &rep
			}
			var body map[string]any // a POST search's members, read as query parameters (objects are not)
			_ = json.Unmarshal(c.body, &body)
			for k, v := range body {
				list, ok := v.([]any)
				for _, x := range either(ok, list, []any{v}) {
					if _, obj := x.(map[string]any); !obj && x != nil {
						c.query.Add(k, fmt.Sprint(x))
					}
				}
			}
			return nil
		},
	}
}

// pageSpring is a Spring page, under the row's key when it has one (the SIM
// search: {"pageDetails":{...},"totalUsage"}); an unpaged row is a bare array.
func pageSpring(c *call, items []*record) reply {
	if c.res.Unpaged {
		return jsonReply(http.StatusOK, publicAll(items))
	}
	page, size, bad := c.pageArgs("page", "size", 0)
	if bad != nil {
		return *bad
	}
	body := obj("content", publicAll(pageOf(items, page+1, size)), "totalElements", len(items),
		"totalPages", (len(items)+size-1)/size, "size", size, "number", page)
	if c.res.Key != "" {
		body = obj(c.res.Key, body, "totalUsage", nil)
	}
	return jsonReply(http.StatusOK, body)
}

// zcellSIM answers the SIM that ?iccId= names (/sims/details).
func zcellSIM(c *call) reply {
	if rec := c.s.store(c.res.Name).get(c.q("iccId")); rec != nil {
		return jsonReply(http.StatusOK, public(c.view(c.res, rec, false)))
	}
	return c.fail(either(c.q("iccId") == "", missing, notFound), cmp.Or(c.q("iccId"), "iccId"))
}
