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
		name: "zdx", prefix: "/zdx/v1", rateLimit: 3000, rateWindow: time.Hour, rateHeader: "3000, 3000;w=3600",
		notFound: plainNotFound("text/plain; charset=utf-8"), fail: zdxFail, before: checkZDXWindow,
		fault: func(status int, _ string) reply { return zdxError(status, http.StatusText(status)) },
		page:  pageCursor, pageSize: 50, maxPage: 1000, created: http.StatusOK,
		firstID: 5_510_000, newID: func(n int64) any { return strconv.FormatInt(n, 10) }, clock: func(t time.Time) any { return t.Unix() },
	}
}

func zdxError(status int, msg string) reply {
	return jsonReply(status, obj("error", strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), "message", msg))
}

func zdxFail(res *Resource, f failure, detail ...string) reply {
	if f == notFound {
		return zdxError(http.StatusNotFound, capital(res.What)+" "+detail[0]+" not found")
	}
	return zdxError(http.StatusBadRequest, either(f == badParam, "Invalid value for "+strings.Join(detail, ": "), "The request is invalid."))
}

// checkZDXWindow validates, on every request, the from/to window (epoch
// seconds) and the device filters (loc, dept, geo, …) every report takes.
func checkZDXWindow(c *call) *reply {
	var at [2]uint64
	for i, p := range []string{"from", "to"} {
		var err error
		if at[i], err = strconv.ParseUint(cmp.Or(c.q(p), "0"), 10, 63); err != nil {
			rep := zdxFail(nil, badParam, p, c.q(p))
			return &rep
		}
	}
	if at[0] != 0 && at[1] != 0 && at[0] >= at[1] {
		rep := zdxError(http.StatusBadRequest, "from must be earlier than to")
		return &rep
	}
	_, bad := c.list(c.t.resources["zdx/devices"])
	return bad
}

// zdxAppUsers counts an app's users among the devices the request's filters
// keep, so narrowing by location or department changes total_users consistently.
func zdxAppUsers(c *call, a *record) {
	devices, _ := c.list(c.t.resources["zdx/devices"]) // their filters checked by checkZDXWindow
	users := map[string]bool{}
	for _, d := range devices {
		if slices.Contains(d.values("_apps"), a.text("id")) {
			users[d.text("userid")] = true
		}
	}
	a.set("total_users", len(users))
}

// zdxProgress is the status of a deep trace or analysis: in progress for its first seconds, then completed.
func zdxProgress(c *call, t *record) {
	created, _ := strconv.ParseInt(t.text("created_at"), 10, 64)
	t.set("status", either(c.now.Unix() < created+2, "in_progress", "completed"))
}

// pageCursor is ZDX's limit/offset convention: the offset is the opaque
// next_offset of the page before, and the records sit under the resource's Key.
func pageCursor(c *call, items []*record) reply {
	if c.res.Key == "" {
		return jsonReply(http.StatusOK, publicAll(items))
	}
	limit, errLimit := strconv.Atoi(cmp.Or(c.q("limit"), strconv.Itoa(c.svc.pageSize)))
	start, errStart := strconv.Atoi(cmp.Or(c.q("offset"), "0")) // opaque to clients: a position, here
	if errLimit != nil || limit < 1 {
		return c.fail(badParam, "limit", c.q("limit"))
	} else if errStart != nil || start < 0 {
		return c.fail(badParam, "offset", c.q("offset"))
	}
	end := min(start+min(limit, c.svc.maxPage), len(items))
	page := obj(c.res.Key, publicAll(items[min(start, end):end]))
	if end < len(items) {
		page.set("next_offset", strconv.Itoa(end))
	}
	return jsonReply(http.StatusOK, page)
}
