package sandbox

import (
	"net/http"
)

// ZCell (/zcell/config/api/v1/customers/{cid}) is a Spring service: lists
// page from 0 with page and size (at most 100) inside {"content",
// "totalElements","totalPages","size","number"} (the SDK's reading; nothing is
// recorded, and errors are the sandbox's guess). The customer id is the tenant's.
func zcellService() *service {
	return &service{
		name: "zcell", prefix: "/zcell/config/api/v1/customers/{cid}", checkCID: true,
		page: pageSpring, pageSize: 10, maxPage: 100,
	}
}

func pageSpring(c *call, items []*record) reply {
	page, size, bad := c.pageArgs("page", "size", 0)
	if bad != nil {
		return *bad
	}
	return jsonReply(http.StatusOK, obj("content", publicAll(pageOf(items, page+1, size)), "totalElements", len(items),
		"totalPages", (len(items)+size-1)/size, "size", size, "number", page))
}
