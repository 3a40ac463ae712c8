package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// EASM answers {"results":[...],"total_results":N}; long lists (findings)
// page with offset and limit and add next_link and prev_link, relative to
// the gateway (recorded). Findings live under their organization. The error
// body is a guess.
func easmService() *service {
	return &service{
		name: "zeasm", root: "/easm/", prefix: "/easm/easm-ui/v1",
		rateLimit: 1000, rateWindow: time.Second, rateHeader: "1000, 1000;w=1",
		page: pageResults, pageSize: 100, maxPage: 100,
	}
}

func pageResults(c *call, items []*record) reply {
	if c.res.Unpaged {
		return jsonReply(http.StatusOK, obj("results", publicAll(items), "total_results", len(items)))
	}
	offset, limit, bad := c.pageArgs("offset", "limit", 0)
	if bad != nil {
		return *bad
	}
	link := func(at int) string { // none outside the list, nor to the page itself
		return either(at < 0 || at >= len(items) || at == offset, "", "/easm-ui/v1"+strings.TrimPrefix(c.r.URL.Path, "/easm/easm-ui/v1")+"?offset="+strconv.Itoa(at))
	}
	return jsonReply(http.StatusOK, obj("results", publicAll(items[min(offset, len(items)):min(offset+limit, len(items))]),
		"total_results", len(items), "next_link", link(offset+limit), "prev_link", link(max(offset-limit, 0))))
}
