package sandbox

import (
	"net/http"
	"time"
)

// ZCC (Client Connector) answers bare arrays, pretty-printed the Jackson way
// ("key" : value), with mixed camelCase and snake_case keys, pages with page
// and pageSize, and has a tight 100-calls-per-hour quota. Its 404 is the
// text "404 Not Found" labelled application/json, and a bad parameter is a
// 400 with no body (both recorded).
func zccService() *service {
	fault := func(status int, _ string) reply {
		if status == http.StatusNotFound {
			return plainNotFound("application/json")()
		}
		return either(status == http.StatusBadRequest, reply{status: status}, jsonReply(status, obj("errorMessage", http.StatusText(status))))
	}
	return &service{
		name: "zcc", prefix: "/zcc/papi/public/v1", contentType: "application/json;charset=UTF-8", jackson: true,
		rateLimit: 100, rateWindow: time.Hour, rateHeader: "100, 100;w=3600, 100;w=3600",
		notFound: plainNotFound("application/json"), fault: fault, pageSize: 50, maxPage: 5000,
		fail: func(_ *Resource, f failure, _ ...string) reply { return fault(either(f == notFound, 404, 400), "") },
		page: func(c *call, items []*record) reply { // a Key wraps the page with the count of every match (trusted networks)
			rep := pageBare(c, items)
			if c.res.Key != "" && rep.status == http.StatusOK {
				rep.body = obj("totalCount", len(items), c.res.Key, rep.body)
			}
			return rep
		},
	}
}
