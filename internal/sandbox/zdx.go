package sandbox

import (
	"cmp"
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
		name: "zdx", prefix: "/zdx/v1",
		rateLimit: 3000, rateWindow: time.Hour, rateHeader: "3000, 3000;w=3600",
		notFound: plainNotFound("text/plain; charset=utf-8"),
		fault:    func(status int, _ string) reply { return zdxError(status, http.StatusText(status)) },
		fail:     zdxFail,
		page:     pageCursor, pageSize: 50, maxPage: 1000,
		before: checkZDXWindow,
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
	from, errFrom := strconv.ParseUint(cmp.Or(c.q("from"), "0"), 10, 63)
	to, errTo := strconv.ParseUint(cmp.Or(c.q("to"), "0"), 10, 63)
	var rep reply
	switch {
	case errFrom != nil:
		rep = zdxFail(nil, badParam, "from", c.q("from"))
	case errTo != nil:
		rep = zdxFail(nil, badParam, "to", c.q("to"))
	case from != 0 && to != 0 && from >= to:
		rep = zdxError(http.StatusBadRequest, "from must be earlier than to")
	default:
		return nil
	}
	return &rep
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
	limit, err := strconv.Atoi(cmp.Or(c.q("limit"), strconv.Itoa(c.svc.pageSize)))
	if err != nil || limit < 1 {
		return c.fail(badParam, "limit", c.q("limit"))
	}
	start, err := strconv.Atoi(cmp.Or(c.q("offset"), "0")) // opaque to clients: a position, here
	if err != nil || start < 0 {
		return c.fail(badParam, "offset", c.q("offset"))
	}
	end := min(start+min(limit, c.svc.maxPage), len(items))
	page := obj(c.res.Key, publicAll(items[min(start, end):end]))
	if end < len(items) {
		page.set("next_offset", strconv.Itoa(end))
	}
	return jsonReply(http.StatusOK, page)
}
