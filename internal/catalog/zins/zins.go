// Package zins declares the Z-Insights tools: analytics reports over web
// traffic, cyber security incidents, the Zero Trust Firewall, shadow IT, IoT
// devices and SaaS (CASB) applications, all reads.
//
// Z-Insights is one GraphQL endpoint (POST /zins/graphql). Each tool is a
// row naming its query document (queries/<Operation>.graphql, beside the
// rows, as the API's schema wants it) and the variables its parameters set;
// one handler sends it and reads the report back. GraphQL refuses at HTTP
// 200 with an errors list: any error, even beside partial data, is a tool
// error naming the API's code and message.
package zins

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const endpoint = "/zins/graphql"

//go:embed queries/*.graphql
var queries embed.FS

// Tools is every Z-Insights tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{
		webTraffic(),
		cyberSecurity(),
		firewall(),
		shadowIT(),
		iot(),
		saas(),
	} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service = zscaler.ZINS
		out[i].Method, out[i].Path = "POST", endpoint
	}
	return out
}

// now is replaced in tests that pin the time window.
var now = time.Now

const day = int64(24 * time.Hour / time.Millisecond)

// The time-window parameters: every report but IoT's is bounded by one.
const (
	startDaysAgo = "start_days_ago"
	endDaysAgo   = "end_days_ago"
	startTime    = "start_time"
	endTime      = "end_time"
)

// windowParams are the window of a report; start is the default look-back
// of its start (9 days: a 7-day window ending 2 days ago; 16: 14 days).
func windowParams(start int) []catalog.Param {
	return []catalog.Param{
		catalog.Int(startDaysAgo, fmt.Sprintf("The window starts this many days ago (default %d). Z-Insights answers only "+
			"7- or 14-day windows: a span of other length is moved to the nearer of the two, ending where end_days_ago says.", start)).
			AtLeast(1).Def(start).At(catalog.InHandler),
		catalog.Int(endDaysAgo, "The window ends this many days ago (default 2; at least 1: the data lags a day or two).").
			AtLeast(1).Def(2).At(catalog.InHandler),
		catalog.Int(startTime, "The window's start as epoch MILLISECONDS; wins over start_days_ago and is sent as given.").
			At(catalog.InHandler),
		catalog.Int(endTime, "The window's end as epoch MILLISECONDS, at least a day ago; wins over end_days_ago and is sent as given.").
			At(catalog.InHandler),
	}
}

// window resolves the window's bounds in epoch milliseconds and refuses one
// Z-Insights cannot answer, before anything is sent.
func window(args catalog.Args) (start, end int64, err error) {
	nowMS := now().UnixMilli()
	absStart, hasStart := args[startTime].(int64)
	absEnd, hasEnd := args[endTime].(int64)
	start, end = nowMS-args[startDaysAgo].(int64)*day, nowMS-args[endDaysAgo].(int64)*day
	if hasStart {
		start = absStart
	}
	if hasEnd {
		end = absEnd
	}
	if !hasStart && !hasEnd && start >= end {
		return 0, 0, fmt.Errorf("start_days_ago (%d) must be more days ago than end_days_ago (%d)", args[startDaysAgo], args[endDaysAgo])
	}
	if !hasStart && !hasEnd { // a relative window of another length: the nearer valid one
		if span := float64(end-start) / float64(day); (span < 6.5 || span > 7.5) && (span < 13.5 || span > 14.5) {
			start = end - 7*day
			if span >= 10.5 {
				start = end - 14*day
			}
		}
	}
	switch {
	case start >= end:
		return 0, 0, fmt.Errorf("the window is empty: its start (start_time or start_days_ago) must come before its end (end_time or end_days_ago)")
	case end > nowMS-day:
		return 0, 0, fmt.Errorf("end_time must be at least one day in the past (epoch milliseconds before %d): Z-Insights serves only processed, historical data", nowMS-day)
	}
	return start, end, nil
}

// variable is a parameter sent as the GraphQL variable name.
func variable(p catalog.Param, name string) catalog.Param {
	p = p.At(catalog.InHandler)
	p.Wire = name
	return p
}

// limit is the number of entries a report answers at most.
func limit(what string) catalog.Param {
	return variable(catalog.Int("limit", "At most this many "+what+" (1-1000, default 50).").Range(1, 1000).Def(50), "limit")
}

// trafficUnit is what web traffic reports count.
func trafficUnit() catalog.Param {
	return variable(catalog.Str("traffic_unit", "What the totals count: TRANSACTIONS (default) or BYTES.").
		OneOf("TRANSACTIONS", "BYTES").Def("TRANSACTIONS"), "trafficUnit")
}

// report is how a tool asks Z-Insights: the operation (and its document,
// queries/<op>.graphql), where its answer sits under data, the variables
// the tool fixes whatever the arguments, and the values a list parameter
// accepts.
type report struct {
	op      string
	at      []string // DOMAIN, field
	fixed   map[string]any
	allowed map[string][]string
}

// handler sends the report's query with the variables of the arguments. A
// list tool answers the report's entries (an obfuscated report says so in a
// note); a one-record tool the report's object.
func (r report) handler() func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	doc, err := queries.ReadFile("queries/" + r.op + ".graphql")
	if err != nil {
		panic("zins: no query document for " + r.op) // caught by every test of the catalogue
	}
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		vars, err := r.variables(c.Tool, c.Args)
		if err != nil {
			return nil, err
		}
		req := &zscaler.Request{Service: zscaler.ZINS, Method: "POST", Path: endpoint,
			Body: map[string]any{"query": string(doc), "variables": vars, "operationName": r.op}}
		resp, err := c.Exec.API.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		answer, err := r.answer(resp.Body)
		if err != nil {
			return nil, err
		}
		if !c.Tool.IsList() {
			return catalog.RecordResult(answer), nil
		}
		var rep struct {
			Obfuscated bool              `json:"obfuscated"`
			Entries    []json.RawMessage `json:"entries"`
		}
		if err := json.Unmarshal(answer, &rep); err != nil {
			return nil, fmt.Errorf("the API answered a %s report that is not an object of entries", strings.Join(r.at, "."))
		}
		res := catalog.RecordsResult(rep.Entries)
		if rep.Obfuscated {
			res.Notes = append(res.Notes, "NOTE: Z-Insights obfuscated this report: the names are masked for this admin's role.")
		}
		return res, nil
	}
}

// variables are the operation's variables: the window's bounds, every
// parameter given under its variable name, then the fixed ones.
func (r report) variables(t *catalog.Tool, args catalog.Args) (map[string]any, error) {
	vars := map[string]any{}
	for _, p := range t.Params {
		v, ok := args[p.Name]
		switch {
		case p.Name == startDaysAgo:
			start, end, err := window(args)
			if err != nil {
				return nil, err
			}
			vars["startTime"], vars["endTime"] = start, end
		case !ok || p.Name == endDaysAgo || p.Name == startTime || p.Name == endTime:
		default:
			if list, isList := v.([]string); isList && r.allowed[p.Name] != nil {
				for _, e := range list {
					if !slices.Contains(r.allowed[p.Name], e) {
						return nil, fmt.Errorf("%s: each value must be one of %s, got %q", p.Name, strings.Join(r.allowed[p.Name], ", "), e)
					}
				}
			}
			vars[p.Wire] = v
		}
	}
	for k, v := range r.fixed {
		vars[k] = v
	}
	return vars, nil
}

// answer is the report under data, or the API's refusal: GraphQL answers
// errors at HTTP 200, and errors beside partial data are still a refusal.
func (r report) answer(body []byte) (json.RawMessage, error) {
	var env struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string `json:"message"`
			Path       []any  `json:"path"`
			Extensions struct {
				Code           string `json:"code"`
				Classification string `json:"classification"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("the API answered with something that is not a GraphQL response (%d bytes)", len(body))
	}
	if len(env.Errors) > 0 {
		var msgs []string
		for _, e := range env.Errors[:min(len(env.Errors), 5)] { // the first few say it
			msg := e.Message
			if len(e.Path) > 0 {
				var at []string
				for _, p := range e.Path {
					at = append(at, fmt.Sprint(p))
				}
				msg += " (at " + strings.Join(at, ".") + ")"
			}
			msgs = append(msgs, msg)
		}
		first := env.Errors[0].Extensions
		code := first.Code
		if code == "" {
			code = first.Classification
		}
		msg := strings.Join(msgs, "; ")
		if code == "INTERNAL_ERROR" {
			msg += ". Z-Insights answers so when the report has no data for the window, or the tenant lacks the Z-Insights (Business Insights) subscription"
		}
		return nil, &zscaler.APIError{Service: zscaler.ZINS, Method: "POST", Path: endpoint, Status: 200, Code: code, Message: msg}
	}
	cur := env.Data
	for _, key := range r.at {
		var obj map[string]json.RawMessage
		if json.Unmarshal(cur, &obj) != nil || obj == nil {
			return nil, fmt.Errorf("the API answered no %s", strings.Join(r.at, "."))
		}
		cur = obj[key]
	}
	if cur = bytes.TrimSpace(cur); len(cur) == 0 || string(cur) == "null" {
		return nil, fmt.Errorf("the API answered no %s", strings.Join(r.at, "."))
	}
	return cur, nil
}
