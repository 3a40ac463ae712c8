// Package zdx declares the Zscaler Digital Experience tools.
package zdx

import (
	"net/url"
	"strconv"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/zdx/v1"

// Tools is every ZDX tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{
		reports(),
		alerts(),
		softwareInventory(),
		troubleshooting(),
	} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service = zscaler.ZDX
	}
	return out
}

// now is replaced in tests that pin the time window.
var now = time.Now

// scope are the filters every ZDX report takes.
func scope() []catalog.Param {
	return []catalog.Param{
		catalog.StrList("location_id", "Only these ZIA location ids.").Query("loc"),
		catalog.StrList("department_id", "Only these department ids.").Query("dept"),
		catalog.StrList("geo_id", "Only these geolocation ids.").Query("geo"),
		catalog.Int("since", "Look back this many hours (ZDX default: 2). Most ZDX reports accept at most a few hours.").
			AtLeast(1).Encoded(sinceHours),
	}
}

// scopeUpTo is scope with a look-back of at most maxHours.
func scopeUpTo(maxHours float64) []catalog.Param {
	out := scope()
	since := &out[len(out)-1]
	*since = since.Range(1, maxHours)
	since.Description = "Look back this many hours (ZDX default: 2; at most " + strconv.Itoa(int(maxHours)) + ")."
	return out
}

// cursor adds ZDX's limit/offset paging to a list's parameters.
func cursor(params []catalog.Param) []catalog.Param {
	return append(params,
		catalog.Str("offset", "Cursor from a previous call (its next_offset): read the page that starts there.").At(catalog.InOffset),
		catalog.Int("limit", "Records per page (default 50).").AtLeast(1).At(catalog.InPageSize))
}

// windowNote is what list descriptions say about ZDX's time window.
const windowNote = " The window is the last `since` hours, sent as ZDX's from/to epoch seconds."

// sinceHours turns a look-back in hours into ZDX's epoch-second window.
func sinceHours(v any) url.Values {
	to := now().Unix()
	from := to - v.(int64)*3600
	return url.Values{"from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)}}
}
