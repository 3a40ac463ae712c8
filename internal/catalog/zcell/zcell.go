// Package zcell declares the Zscaler Cellular (ZCell) tools: SIMs and their
// usage, anomaly policies, SIM location groups, tags, regions, network
// events and the audit log, all reads.
//
// ZCell scopes its API by a customer id of its own, not ZPA's: as the
// reference server, it is read from ZCELL_CUSTOMER_ID ({zcellCustomerId}).
package zcell

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const (
	api      = "/zcell/config/api/v1"
	customer = api + "/customers/{zcellCustomerId}"
	maxSize  = 100 // ZCell's largest page
	maxPages = 100 // pages read before a list stops with a note
)

// Tools is every ZCell tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{
		customerData(),
		sims(),
		simLocationGroups(),
		anomalyPolicies(),
		audit(),
		networkEvents(),
		regions(),
		simAnalytics(),
		tags(),
	} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service = zscaler.ZCELL
	}
	return out
}

// now is replaced in tests that pin the time window.
var now = time.Now

// window is the look-back as [now - days, now] in epoch seconds.
func window(v any) (from, to int64) {
	to = now().Unix()
	return to - v.(int64)*86400, to
}

// days is the look-back every time-bounded ZCell read takes, sent as the
// two epoch-second bounds named start and end (their names differ by
// endpoint: startDateTime/endDateTime, startDate/endDate).
func days(start, end string) catalog.Param {
	return daysParam().Encoded(func(v any) url.Values {
		from, to := window(v)
		return url.Values{start: {strconv.FormatInt(from, 10)}, end: {strconv.FormatInt(to, 10)}}
	})
}

// daysInBody is days sent as two members of the JSON body.
func daysInBody(start, end string) catalog.Param {
	return daysParam().Builds(func(v any) (map[string]any, error) {
		from, to := window(v)
		return map[string]any{start: from, end: to}, nil
	})
}

func daysParam() catalog.Param {
	return catalog.Int("days", "Look back this many days (1-365, default 7); sent as the epoch-second window ZCell requires.").
		Range(1, 365).Def(7)
}

// paging are the page (from 0) and size (at most 100) of a paged ZCell list.
// Without page every page is read; with it, that page only.
func paging() []catalog.Param {
	return []catalog.Param{
		catalog.Int("page", "Read only this page (from 0). Leave it out to read every page.").AtLeast(0).At(catalog.InHandler),
		catalog.Int("size", "Records per page (1-100; default 100).").Range(1, 100).At(catalog.InHandler),
	}
}

// pagingNote is what the descriptions of paged lists say.
const pagingNote = " Every page is read unless `page` names one (pages count from 0, at most 100 records each)."

// Where a list's page and size go.
const (
	pageInQuery = iota
	pageInBody
	unpaged
)

// list is the handler of every ZCell list. ZCell answers a Spring page
// ({"content":[...],"totalPages":N,...}, under pageDetails for the SIM
// search), a bare array, or one object (a summary), which is one record.
// A paged list is read from page 0 until totalPages, unless the agent names
// a page. A path segment ":start" or ":end" is the look-back window's bound
// (network events carry it in the path).
func list(where int, key ...string) func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		req, err := c.Exec.Request(c.Tool, c.Args)
		if err != nil {
			return nil, err
		}
		if strings.Contains(req.Path, ":start") {
			from, to := window(c.Args["days"])
			req.Path = strings.NewReplacer(":start", strconv.FormatInt(from, 10), ":end", strconv.FormatInt(to, 10)).Replace(req.Path)
		}
		if req.Method == "POST" && req.Body == nil {
			req.Body = map[string]any{}
		}
		page, single := c.Args["page"].(int64)
		size, ok := c.Args["size"].(int64)
		if !ok {
			size = maxSize
		}
		var out []json.RawMessage
		for n := page; ; n++ {
			r := *req
			switch where {
			case pageInQuery:
				q := url.Values{}
				for k, v := range req.Query {
					q[k] = v
				}
				q.Set("page", strconv.FormatInt(n, 10))
				q.Set("size", strconv.FormatInt(size, 10))
				r.Query = q
			case pageInBody:
				body := map[string]any{}
				for k, v := range req.Body.(map[string]any) {
					body[k] = v
				}
				body["page"], body["size"] = n, size
				r.Body = body
			}
			resp, err := c.Exec.API.Do(ctx, &r)
			if err != nil {
				return nil, err
			}
			recs, pages, err := records(resp.Body, key...)
			if err != nil {
				return nil, err
			}
			out = append(out, recs...)
			more := n+1 < int64(pages) && len(recs) > 0
			switch {
			case where == unpaged && more: // not seen: these answers are not paged
				res := catalog.RecordsResult(out)
				res.Notes = append(res.Notes, fmt.Sprintf("NOTE: the API answered page 1 of %d; only that page is shown.", pages))
				return res, nil
			case where == unpaged || !more:
				return catalog.RecordsResult(out), nil
			case single:
				res := catalog.RecordsResult(out)
				res.Notes = append(res.Notes, fmt.Sprintf("NOTE: more records exist; call again with page=%d for the next page.", n+1))
				return res, nil
			case n+1-page >= maxPages:
				res := catalog.RecordsResult(out)
				res.Notes = append(res.Notes, fmt.Sprintf("NOTE: only the first %d pages (%d records) were read; more exist. Narrow the search, or pass page and size to read further.", maxPages, len(out)))
				return res, nil
			}
		}
	}
}

// records reads one ZCell answer: the records, and how many pages the list
// has (1 when the answer does not say). key is the path of members to the
// Spring page ("pageDetails" for the SIM search).
func records(body []byte, key ...string) ([]json.RawMessage, int, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == "null" {
		return []json.RawMessage{}, 1, nil
	}
	if body[0] == '[' {
		var recs []json.RawMessage
		if err := json.Unmarshal(body, &recs); err != nil {
			return nil, 0, fmt.Errorf("the API answered a malformed list: %w", err)
		}
		return recs, 1, nil
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil || env == nil {
		return nil, 0, fmt.Errorf("the API answered with something that is neither a list nor an object (%d bytes)", len(body))
	}
	for _, k := range key {
		var inner map[string]json.RawMessage
		if raw, ok := env[k]; !ok || json.Unmarshal(raw, &inner) != nil || inner == nil {
			return nil, 0, fmt.Errorf("the API answered no %q page", k)
		}
		env = inner
	}
	content, ok := env["content"]
	if !ok {
		if len(key) > 0 {
			return nil, 0, fmt.Errorf("the API answered a %q without content", key[len(key)-1])
		}
		return []json.RawMessage{body}, 1, nil // one object: a summary, one record
	}
	var recs []json.RawMessage
	if s := bytes.TrimSpace(content); len(s) > 0 && string(s) != "null" {
		if err := json.Unmarshal(s, &recs); err != nil {
			return nil, 0, fmt.Errorf("the API answered content that is not a list")
		}
	}
	pages := 1
	if raw, ok := env["totalPages"]; ok {
		if n, err := strconv.Atoi(strings.Trim(string(bytes.TrimSpace(raw)), `"`)); err == nil {
			pages = n
		}
	}
	return append([]json.RawMessage{}, recs...), pages, nil
}
