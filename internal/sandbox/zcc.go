package sandbox

import (
	"net/http"
	"slices"
	"time"
)

// ZCC (Client Connector) answers bare arrays, pretty-printed the Jackson way
// ("key" : value), with mixed camelCase and snake_case keys, pages with page
// and pageSize, and has a tight 100-calls-per-hour quota. Its 404 is the
// text "404 Not Found" labelled application/json, and a bad parameter is a
// 400 with no body (both recorded).
func zccService() *service {
	return &service{
		name: "zcc", prd: "ZCC", root: "/zcc/", prefix: "/zcc/papi/public/v1",
		contentType: "application/json;charset=UTF-8", jackson: true,
		rateLimit: 100, rateWindow: time.Hour, rateHeader: "100, 100;w=3600, 100;w=3600",
		notFound: plainNotFound("application/json"),
		fault: func(status int, _ string) reply {
			switch status {
			case http.StatusNotFound:
				return plainNotFound("application/json")()
			case http.StatusBadRequest:
				return reply{status: status}
			}
			return jsonReply(status, map[string]string{"errorMessage": http.StatusText(status)})
		},
		retryAfter: retryAfterOn429("1"),
		fail: func(_ *Resource, f failure, _ ...string) reply {
			if f == notFound {
				return plainNotFound("application/json")()
			}
			return reply{status: http.StatusBadRequest}
		},
		page: pageBare, pageSize: 50, maxPage: 5000,
		resources: slices.Concat([]*Resource{
			{
				Name: "zcc/devices", What: "device", Path: "/getDevices", ID: "udid", Verbs: List,
				Filters: []Filter{
					// osType is the platform code: 1 iOS, 2 Android, 3 Windows, 4 macOS, 5 Linux.
					{Param: "osType", Fields: []string{"type"}, Op: Equal, All: "0", Enum: []string{"0", "1", "2", "3", "4", "5"}},
					{Param: "username", Fields: []string{"user"}, Op: Equal},
				},
				Refs: []Ref{{Field: "user", To: "zia/users", By: "email"}},
			},
		},
			zccDevices(),
			zccForwardingProfiles(),
			zccTrustedNetworks(),
		),
	}
}
