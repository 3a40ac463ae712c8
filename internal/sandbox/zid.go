package sandbox

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ZIdentity's admin API pages with offset and limit (at most 1000) inside
// {"pageOffset","pageSize","totalRecord","records"}, adding next_link and
// results_total when more records follow (recorded). next_link points at
// the tenant's identity admin host, not the gateway: clients must follow it
// by its offset. Ids are opaque strings; creates answer 201, updates 200.
// Errors are the sandbox's guess (none is recorded).
func zidService() *service {
	return &service{
		name: "zid", prd: "ZIDENTITY", root: "/ziam/", prefix: "/ziam/admin/api/v1",
		rateLimit: 500, rateWindow: time.Second, rateHeader: "500, 500;w=1, 20000;w=60",
		page: pageOffset, pageSize: 100, maxPage: 1000,
		created: http.StatusCreated, updated: http.StatusOK,
		firstID: 1_000_000_000_000, newID: func(n int64) any { return "nw" + strconv.FormatInt(n, 36) },
		clock: func(t time.Time) any { return t.Unix() },
	}
}

// IdentityAdminHost is where ZIdentity's next_link points.
const IdentityAdminHost = "https://northwind-admin.zslogin.example.net"

func pageOffset(c *call, items []*record) reply {
	offset, err := strconv.Atoi(cmp.Or(c.q("offset"), "0"))
	if err != nil || offset < 0 {
		return c.fail(badParam, "offset", c.q("offset"))
	}
	limit, err := strconv.Atoi(cmp.Or(c.q("limit"), strconv.Itoa(c.svc.pageSize)))
	if err != nil || limit < 0 || limit > c.svc.maxPage {
		return c.fail(badParam, "limit", c.q("limit"))
	}
	page := obj("pageOffset", offset, "pageSize", limit, "totalRecord", len(items),
		"records", publicAll(items[min(offset, len(items)):min(offset+limit, len(items))]))
	if next := offset + limit; limit > 0 && next < len(items) {
		q := url.Values{"offset": {strconv.Itoa(next)}, "limit": {strconv.Itoa(limit)}}
		page.set("next_link", IdentityAdminHost+strings.TrimPrefix(c.r.URL.Path, "/ziam")+"?"+q.Encode())
		page.set("results_total", len(items))
	}
	return jsonReply(http.StatusOK, page)
}
