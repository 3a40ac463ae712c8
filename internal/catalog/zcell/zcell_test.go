// There are no ZCell recordings to replay (../shared/fixtures/zscaler-recordings/README.md: "no ZDX or ZCell
// recordings"): these tests hold the tools to the requests the Python SDK sends (zscaler/zcell/*.py: its
// camelCase query and body members, the @zcell_params windows, Spring paging from 0), and the catalogue-wide
// e2e test runs every tool against the sandbox.
package zcell

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const cid = "gi754cvqb07r0"

// pages answers the n-th request with the n-th answer (the last one again
// past the end), or fails every request with err, and keeps what was sent.
type pages struct {
	answers []string
	err     error
	sent    []*zscaler.Request
}

func (p *pages) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	p.sent = append(p.sent, req)
	if p.err != nil {
		return nil, p.err
	}
	return &zscaler.Response{Status: 200, Body: []byte(p.answers[min(len(p.sent), len(p.answers))-1])}, nil
}

func (p *pages) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("ZCell lists page themselves")
}

func find(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	tools := Tools()
	for i := range tools {
		if tools[i].Name == name {
			return &tools[i]
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

func run(t *testing.T, name, args string, answers ...string) (*catalog.Result, *pages) {
	t.Helper()
	api := &pages{answers: answers}
	ex := &catalog.Executor{API: api, CustomerID: "216196257331281920", ZCellCustomerID: cid}
	return ex.Execute(context.Background(), find(t, name), json.RawMessage(args)), api
}

// pin fixes the clock, so that a window of days is known.
func pin(t *testing.T) int64 {
	at := time.Unix(1764806400, 0)
	now = func() time.Time { return at }
	t.Cleanup(func() { now = time.Now })
	return at.Unix()
}

func spring(totalPages int, recs ...string) string {
	return fmt.Sprintf(`{"content":[%s],"totalElements":%d,"totalPages":%d,"size":100,"number":0}`,
		strings.Join(recs, ","), len(recs), totalPages)
}

func bodyOf(t *testing.T, req *zscaler.Request) map[string]any {
	t.Helper()
	b, _ := json.Marshal(req.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %s: %v", b, err)
	}
	return m
}

// The look-back in days is the window each endpoint names, in epoch
// seconds: startDateTime/endDateTime, startDate/endDate, in the query, the
// body or the path.
func TestDaysBecomeTheEndpointsWindow(t *testing.T) {
	to := pin(t)
	from7, from30 := fmt.Sprint(to-7*86400), fmt.Sprint(to-30*86400)
	end := fmt.Sprint(to)

	_, api := run(t, "zcell_list_anomaly_policies", `{"policy_type":"GEOFENCING"}`, spring(1))
	q := api.sent[0].Query
	if q.Get("startDateTime") != from7 || q.Get("endDateTime") != end || q.Get("policyType") != "GEOFENCING" {
		t.Errorf("anomaly policies: query %v", q)
	}
	if want := "/zcell/config/api/v1/customers/" + cid + "/anomaly-policy"; api.sent[0].Path != want {
		t.Errorf("path %s, want %s", api.sent[0].Path, want)
	}

	_, api = run(t, "zcell_list_sim_usage_by_country", `{"days":30,"limit":5}`, `[]`)
	if q := api.sent[0].Query; q.Get("startDate") != from30 || q.Get("endDate") != end || q.Get("limit") != "5" || q.Has("page") {
		t.Errorf("usage by country: query %v", q)
	}

	_, api = run(t, "zcell_list_audit_customers_search", `{"days":30,"operation_type":"Update","object_id":"208"}`, spring(1))
	b := bodyOf(t, api.sent[0])
	if api.sent[0].Method != "POST" || api.sent[0].Path != "/zcell/config/api/v1/audit/customers/"+cid+"/search" ||
		b["startDate"] != float64(to-30*86400) || b["endDate"] != float64(to) || b["operationType"] != "Update" || b["objectId"] != "208" {
		t.Errorf("audit search: %s %s body %v", api.sent[0].Method, api.sent[0].Path, b)
	}
	if q := api.sent[0].Query; q.Get("page") != "0" || q.Get("size") != "100" || q.Has("startDate") {
		t.Errorf("audit search pages in the query: %v", q)
	}

	_, api = run(t, "zcell_list_network_events", `{"filter_by":[{"filterName":"country","operator":"EQ","values":["US"]}],"sort_by":{"timestamp":"DESC"}}`, spring(1))
	want := "/zcell/config/api/v1/network-events/" + cid + "/search/startTime/" + from7 + "/endTime/" + end
	b = bodyOf(t, api.sent[0])
	if api.sent[0].Path != want || b["page"] != 0.0 || b["size"] != 100.0 || b["days"] != nil ||
		!reflect.DeepEqual(b["filterBy"], []any{map[string]any{"filterName": "country", "operator": "EQ", "values": []any{"US"}}}) ||
		!reflect.DeepEqual(b["sortBy"], map[string]any{"timestamp": "DESC"}) {
		t.Errorf("network events: %s body %v", api.sent[0].Path, b)
	}
}

// A paged list reads from page 0 to the last of totalPages; a page named
// reads that page only, and says when more follow.
func TestPagedListsReadEveryPage(t *testing.T) {
	pin(t)
	res, api := run(t, "zcell_list_tags", `{"name":"fleet","size":2}`,
		spring(3, `{"id":"1"}`, `{"id":"2"}`), spring(3, `{"id":"3"}`, `{"id":"4"}`), spring(3, `{"id":"5"}`))
	if res.Error != "" || len(res.Records) != 5 || len(api.sent) != 3 {
		t.Fatalf("error %q, %d records, %d requests", res.Error, len(res.Records), len(api.sent))
	}
	for i, req := range api.sent {
		if q := req.Query; q.Get("page") != fmt.Sprint(i) || q.Get("size") != "2" || q.Get("name") != "fleet" {
			t.Errorf("request %d: query %v", i, q)
		}
	}

	res, api = run(t, "zcell_list_anomaly_policy_logs", `{"policy_id":"208","page":1}`, spring(3, `{"policyId":208}`))
	if res.Error != "" || len(api.sent) != 1 || api.sent[0].Query.Get("page") != "1" ||
		len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "page=2") {
		t.Errorf("one page: error %q, %d requests, query %v, notes %v", res.Error, len(api.sent), api.sent[0].Query, res.Notes)
	}
	if api.sent[0].Path != "/zcell/config/api/v1/customers/"+cid+"/anomaly-policy/208/logs" {
		t.Errorf("path %s", api.sent[0].Path)
	}
}

// The SIM search pages in its body, and its records sit in pageDetails.
func TestSIMSearchPagesInItsBody(t *testing.T) {
	page := func(recs ...string) string { return `{"pageDetails":` + spring(2, recs...) + `,"totalUsage":"1 GB"}` }
	res, api := run(t, "zcell_list_sims", `{"status":"Activated","iccid":["8901260882291000011"],"tag":["fleet"]}`,
		page(`{"iccid":"1"}`), page(`{"iccid":"2"}`))
	if res.Error != "" || len(res.Records) != 2 || len(api.sent) != 2 {
		t.Fatalf("error %q, %d records, %d requests", res.Error, len(res.Records), len(api.sent))
	}
	for i, req := range api.sent {
		b := bodyOf(t, req)
		if req.Query != nil || b["page"] != float64(i) || b["size"] != 100.0 || b["status"] != "Activated" ||
			!reflect.DeepEqual(b["iccid"], []any{"8901260882291000011"}) || !reflect.DeepEqual(b["tag"], []any{"fleet"}) {
			t.Errorf("request %d: query %v body %v", i, req.Query, b)
		}
	}
	if res, _ := run(t, "zcell_list_sims", `{}`, `{"totalUsage":"0"}`); !strings.Contains(res.Error, `no "pageDetails"`) {
		t.Errorf("an answer without pageDetails: error %q", res.Error)
	}
}

// Unpaged reads send no paging; a bare array is the records, one object is
// one record, a POST without filters sends an empty object.
func TestUnpagedReads(t *testing.T) {
	res, api := run(t, "zcell_list_sim_analytics_summary", `{}`, `{"total":12,"active":9}`)
	if res.Error != "" || len(res.Records) != 1 || string(res.Records[0]) != `{"total":12,"active":9}` || api.sent[0].Query != nil {
		t.Errorf("summary: error %q, records %s, query %v", res.Error, res.Records, api.sent[0].Query)
	}
	res, _ = run(t, "zcell_list_regions", `{}`, spring(2, `{"region":"us-west-2"}`))
	if len(res.Records) != 1 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "page 1 of 2") {
		t.Errorf("an unpaged read answered a page of two: records %s, notes %v", res.Records, res.Notes)
	}
	res, api = run(t, "zcell_list_sim_analytics_map", `{}`, `[{"iccid":"1"},{"iccid":"2"}]`)
	if res.Error != "" || len(res.Records) != 2 || !reflect.DeepEqual(api.sent[0].Body, map[string]any{}) {
		t.Errorf("map: error %q, records %s, body %v", res.Error, res.Records, api.sent[0].Body)
	}
	_, api = run(t, "zcell_list_sim_analytics_map", `{"icc_ids":["8901260882291000011"]}`, `[]`)
	if b := bodyOf(t, api.sent[0]); !reflect.DeepEqual(b, map[string]any{"iccIds": []any{"8901260882291000011"}}) {
		t.Errorf("map body %v", b)
	}
	_, api = run(t, "zcell_list_regions", `{"skip_sku_check":true}`, `[]`)
	if q := api.sent[0].Query; !reflect.DeepEqual(q, url.Values{"skipSkuCheck": {"true"}}) {
		t.Errorf("regions query %v", q)
	}
	_, api = run(t, "zcell_list_region_operational_status", `{"bc_size":"SMALL"}`, `[]`)
	if q := api.sent[0].Query; !reflect.DeepEqual(q, url.Values{"bcSize": {"SMALL"}}) {
		t.Errorf("operational status query %v", q)
	}
	res, api = run(t, "zcell_get_sim_details", `{"icc_id":"8901260882291000011"}`, `{"iccid":"8901260882291000011"}`)
	if res.Error != "" || api.sent[0].Query.Get("iccId") != "8901260882291000011" || api.sent[0].Path != "/zcell/config/api/v1/customers/"+cid+"/sims/details" {
		t.Errorf("sim details: error %q, %s %v", res.Error, api.sent[0].Path, api.sent[0].Query)
	}
}

// Bad input is refused naming the parameter and what it accepts, before
// anything is sent; so is a missing ZCELL_CUSTOMER_ID.
func TestBadInputIsRefusedBeforeAnythingIsSent(t *testing.T) {
	for _, c := range []struct{ tool, args, want string }{
		{"zcell_list_anomaly_policies", `{"days":0}`, "days"},
		{"zcell_list_anomaly_policies", `{"days":366}`, "days"},
		{"zcell_list_tags", `{"size":101}`, "size"},
		{"zcell_list_tags", `{"page":-1}`, "page"},
		{"zcell_list_sim_usage_by_country", `{"limit":21}`, "limit"},
		{"zcell_get_sim_details", `{}`, "icc_id"},
		{"zcell_get_sim_location_group", `{"group_id":" "}`, "group_id"},
		{"zcell_list_iccid_violations", `{"policy_id":"208"}`, "iccid"},
		{"zcell_list_network_events", `{"filter_by":"[{]"}`, "filter_by"},
		{"zcell_list_sims", `{"iccid":"[\"8901\",]"}`, "iccid"},
		{"zcell_list_sims", `{"imei_status":"locked"}`, "imei_status: must be one of Locked, Unlocked, InProgress"},
		{"zcell_list_audit_customers_search", `{"operation_type":"Read"}`, "operation_type"},
		{"zcell_list_audit_customers_search", `{"visibility":"All"}`, "visibility"},
	} {
		res, api := run(t, c.tool, c.args, `[]`)
		if res.Error == "" || !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): error %q, want it to name %q", c.tool, c.args, res.Error, c.want)
		}
		if len(api.sent) != 0 {
			t.Errorf("%s(%s): sent %d requests on bad input", c.tool, c.args, len(api.sent))
		}
	}
	api := &pages{answers: []string{`[]`}}
	res := (&catalog.Executor{API: api, CustomerID: "216196257331281920"}).Execute(context.Background(), find(t, "zcell_list_regions"), nil)
	if !strings.Contains(res.Error, "ZCELL_CUSTOMER_ID is not set") || len(api.sent) != 0 {
		t.Errorf("no ZCell customer id: error %q, %d requests", res.Error, len(api.sent))
	}
}

// An API refusal is the tool's error, carrying the API's own words.
func TestRefusalCarriesTheAPIsMessage(t *testing.T) {
	api := &pages{err: &zscaler.APIError{Service: zscaler.ZCELL, Method: "GET", Path: "/x", Status: 400, Message: "startDateTime must precede endDateTime"}}
	ex := &catalog.Executor{API: api, ZCellCustomerID: cid}
	res := ex.Execute(context.Background(), find(t, "zcell_list_anomaly_policies"), nil)
	if !strings.Contains(res.Error, "startDateTime must precede endDateTime") {
		t.Errorf("error %q", res.Error)
	}
}

// records reads every shape ZCell answers, and refuses what is none.
func TestRecordsOfEachShape(t *testing.T) {
	for _, c := range []struct {
		body  string
		key   []string
		n     int
		pages int
		err   string
	}{
		{`[{"a":1},{"a":2}]`, nil, 2, 1, ""},
		{``, nil, 0, 1, ""},
		{`{"total":3}`, nil, 1, 1, ""},
		{`{"content":[{"a":1}],"totalPages":"4"}`, nil, 1, 4, ""},
		{`{"content":null,"totalPages":0}`, nil, 0, 0, ""},
		{`{"pageDetails":{"content":[{"a":1}],"totalPages":2}}`, []string{"pageDetails"}, 1, 2, ""},
		{`{"pageDetails":{"totalPages":2}}`, []string{"pageDetails"}, 0, 0, "without content"},
		{`{"content":{"a":1}}`, nil, 0, 0, "not a list"},
		{`"text"`, nil, 0, 0, "neither a list nor an object"},
	} {
		recs, pages, err := records([]byte(c.body), c.key...)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.body, err, c.err)
			}
			continue
		}
		if err != nil || len(recs) != c.n || pages != c.pages || recs == nil {
			t.Errorf("%s: %d records, %d pages, %v", c.body, len(recs), pages, err)
		}
	}
}

// A list that goes on past maxPages stops there and says so.
func TestPagingStopsAtTheCap(t *testing.T) {
	pin(t)
	var answers []string
	for i := range maxPages + 5 {
		answers = append(answers, spring(maxPages+5, fmt.Sprintf(`{"id":"%d"}`, i)))
	}
	res, api := run(t, "zcell_list_sim_location_groups", `{}`, answers...)
	if len(api.sent) != maxPages || len(res.Records) != maxPages || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "only the first 100 pages") {
		t.Errorf("%d requests, %d records, notes %v", len(api.sent), len(res.Records), res.Notes)
	}
}
