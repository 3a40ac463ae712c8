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
	out := reports()
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

// sinceHours turns a look-back in hours into ZDX's epoch-second window.
func sinceHours(v any) url.Values {
	to := now().Unix()
	from := to - v.(int64)*3600
	return url.Values{"from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)}}
}
