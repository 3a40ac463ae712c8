package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZDX speaks compact snake_case JSON. Lists are bare arrays (/apps) or
// resource-keyed cursor envelopes ({"devices":[…],"next_offset":"…"}, the
// cursor absent on the last page); every report takes a from/to window in
// epoch seconds. There are no recordings of real ZDX traffic; shapes follow
// the SDK models and the error body is a guess.
func zdxService() *service {
	return &service{
		name: "zdx", prd: "ZDX", root: "/zdx/", prefix: "/zdx/v1", contentType: "application/json",
		rateLimit: 3000, rateWindow: time.Hour, rateHeader: "3000, 3000;w=3600",
		notFound:   plainNotFound("text/plain; charset=utf-8"),
		fault:      func(status int, _ string) reply { return zdxError(status, http.StatusText(status)) },
		retryAfter: retryAfterOn429("1"),
		fail:       zdxFail,
		page:       pageCursor, pageSize: 50, maxPage: 1000,
		before: checkZDXWindow,
		resources: []*Resource{
			{Name: "zdx/apps", What: "application", Path: "/apps", Routes: map[string]handler{"GET /apps": listZDXApps}},
			{
				// Devices carry their ZIA location and department (_loc, _dept),
				// city-level geo (_geo; a filter matches any prefix) and the
				// apps they use (_apps), as private members.
				Name: "zdx/devices", What: "device", Path: "/devices", Verbs: List, Key: "devices",
				Filters: []Filter{
					{Param: "loc", Fields: []string{"_loc"}, Op: In, Int: true},
					{Param: "dept", Fields: []string{"_dept"}, Op: In, Int: true},
					{Param: "geo", Fields: []string{"_geo"}, Op: PrefixIn},
					{Param: "userids", Fields: []string{"userid"}, Op: In, Int: true},
					{Param: "emails", Fields: []string{"email"}, Op: In},
					{Param: "q", Fields: []string{"email", "name"}},
				},
				Refs: []Ref{{Field: "userid", To: "zia/users"}, {Field: "_loc", To: "zia/locations"},
					{Field: "_dept", To: "zia/departments"}, {Field: "_apps", To: "zdx/apps"}},
			},
			{Name: "zdx/device_details", What: "device", Item: "/devices/{id}", Verbs: Get, Refs: []Ref{{Field: "id", To: "zdx/devices"}}},
		},
	}
}

func zdxError(status int, msg string) reply {
	return jsonReply(status, struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), msg})
}

func zdxFail(res *Resource, f failure, detail ...string) reply {
	switch f {
	case notFound:
		return zdxError(http.StatusNotFound, capital(res.What)+" "+detail[0]+" not found")
	case badParam:
		return zdxError(http.StatusBadRequest, "Invalid value for "+detail[0]+": "+detail[1])
	}
	return zdxError(http.StatusBadRequest, "The request is invalid.")
}

// checkZDXWindow validates from/to (epoch seconds) on every request.
func checkZDXWindow(c *call) *reply {
	var window [2]int64
	for i, name := range []string{"from", "to"} {
		if raw := c.q(name); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n < 0 {
				rep := zdxFail(nil, badParam, name, raw)
				return &rep
			}
			window[i] = n
		}
	}
	if window[0] != 0 && window[1] != 0 && window[0] >= window[1] {
		rep := zdxError(http.StatusBadRequest, "from must be earlier than to")
		return &rep
	}
	return nil
}

// listZDXApps counts each app's users among the devices the filters keep,
// so narrowing by location or department changes total_users consistently.
func listZDXApps(c *call) reply {
	devices, bad := c.list(c.t.resources["zdx/devices"])
	if bad != nil {
		return *bad
	}
	var out []*record
	for _, a := range c.s.store(c.res.Name).items {
		users := map[string]bool{}
		for _, d := range devices {
			if slices.Contains(d.values("_apps"), a.text("id")) {
				users[d.text("userid")] = true
			}
		}
		v := a.clone()
		v.set("total_users", len(users))
		out = append(out, v)
	}
	return jsonReply(http.StatusOK, publicAll(out))
}

// pageCursor is ZDX's limit/offset convention: the offset is the opaque
// next_offset of the page before, and the records sit under the resource's Key.
func pageCursor(c *call, items []*record) reply {
	if c.res.Key == "" {
		return jsonReply(http.StatusOK, publicAll(items))
	}
	limit := c.svc.pageSize
	if raw := c.q("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return c.fail(badParam, "limit", raw)
		}
		limit = min(n, c.svc.maxPage)
	}
	start := 0
	if raw := c.q("offset"); raw != "" {
		n, ok := decodeCursor(raw)
		if !ok {
			return c.fail(badParam, "offset", raw)
		}
		start = n
	}
	page := &record{vals: map[string]json.RawMessage{}}
	page.set(c.res.Key, []*record{})
	if start < len(items) {
		end := min(start+limit, len(items))
		page.set(c.res.Key, publicAll(items[start:end]))
		if end < len(items) {
			page.set("next_offset", encodeCursor(end))
		}
	}
	return jsonReply(http.StatusOK, page)
}

// The cursor is opaque to clients, as ZDX's is; it encodes a list position.
func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("nwl:" + strconv.Itoa(n)))
}

func decodeCursor(s string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(raw), "nwl:")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 0
}
