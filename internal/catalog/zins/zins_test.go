package zins

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// fixed answers every request with one body and keeps what was sent.
type fixed struct {
	answer string
	sent   []*zscaler.Request
}

func (f *fixed) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	f.sent = append(f.sent, req)
	return &zscaler.Response{Status: 200, Body: []byte(f.answer)}, nil
}

func (f *fixed) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("Z-Insights does not page")
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

// pin fixes the clock at 2026-01-15T00:00:00Z for the test.
func pin(t *testing.T) int64 {
	at := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	now = func() time.Time { return at }
	t.Cleanup(func() { now = time.Now })
	return at.UnixMilli()
}

func run(t *testing.T, name, args, answer string) (*catalog.Result, *fixed) {
	t.Helper()
	api := &fixed{answer: answer}
	return (&catalog.Executor{API: api}).Execute(context.Background(), find(t, name), json.RawMessage(args)), api
}

// sent is the one request's body: its variables, operation and document.
func sent(t *testing.T, api *fixed) (vars map[string]any, op, doc string) {
	t.Helper()
	if len(api.sent) != 1 || api.sent[0].Method != "POST" || api.sent[0].Path != "/zins/graphql" {
		t.Fatalf("sent %+v", api.sent)
	}
	body := api.sent[0].Body.(map[string]any)
	return body["variables"].(map[string]any), body["operationName"].(string), body["query"].(string)
}

func TestWindowsAndVariables(t *testing.T) {
	nowMS := pin(t)
	ok := `{"data":{"WEB_TRAFFIC":{"location":{"obfuscated":false,"entries":[{"name":"HQ","total":3}]}}}}`
	res, api := run(t, "zins_get_web_traffic_by_location", `{}`, ok)
	if res.Error != "" || len(res.Records) != 1 {
		t.Fatalf("%+v", res)
	}
	vars, op, doc := sent(t, api)
	want := map[string]any{"startTime": nowMS - 9*day, "endTime": nowMS - 2*day, "trafficUnit": "TRANSACTIONS",
		"includeTrend": false, "limit": int64(50)}
	if op != "WebTrafficByLocation" || !strings.Contains(doc, "query WebTrafficByLocation(") || len(vars) != len(want) {
		t.Fatalf("%s %v", op, vars)
	}
	for k, v := range want {
		if vars[k] != v {
			t.Errorf("%s = %v, want %v", k, vars[k], v)
		}
	}
	// A relative span of neither 7 nor 14 days is moved to the nearer one; absolute bounds go as given.
	for args, span := range map[string]int64{`{"start_days_ago":30,"end_days_ago":3}`: 14, `{"start_days_ago":5,"end_days_ago":2}`: 7} {
		_, api := run(t, "zins_get_web_protocols", args, ok)
		vars, _, _ := sent(t, api)
		if vars["endTime"].(int64)-vars["startTime"].(int64) != span*day {
			t.Errorf("%s: window %v", args, vars)
		}
	}
	_, api = run(t, "zins_get_casb_app_report", `{"start_time":1000,"end_time":5000}`, ok)
	if vars, _, _ := sent(t, api); vars["startTime"] != int64(1000) || vars["endTime"] != int64(5000) {
		t.Errorf("absolute window %v", vars)
	}
	// Cyber incidents default to 14 days; the daily and threat-and-app reports fix their grouping.
	_, api = run(t, "zins_get_cyber_incidents_by_threat_and_app", `{}`, ok)
	if vars, _, _ := sent(t, api); vars["endTime"].(int64)-vars["startTime"].(int64) != 14*day ||
		strings.Join(vars["categorizeBy"].([]string), ",") != "THREAT_CATEGORY_ID,APP_ID" {
		t.Errorf("threat and app %v", vars)
	}
	_, api = run(t, "zins_get_iot_device_stats", `{"limit":5}`, `{"data":{"IOT":{"device_stats":{"devices_count":1}}}}`)
	if vars, _, _ := sent(t, api); len(vars) != 1 || vars["limit"] != int64(5) {
		t.Errorf("IoT %v", vars)
	}
}

func TestBadInputIsRefusedBeforeTheCall(t *testing.T) {
	nowMS := pin(t)
	for args, want := range map[string]string{
		`{"end_time":` + jsonInt(nowMS-3600000) + `}`:  "end_time must be at least one day in the past",
		`{"start_time":9000,"end_time":5000}`:          "the window is empty",
		`{"start_days_ago":3,"end_days_ago":5}`:        "start_days_ago (3) must be more days ago than end_days_ago (5)",
		`{"categorize_by":["THREAT_CATEGORY_ID","X"]}`: `categorize_by: each value must be one of`,
		`{"categorize_by":"not json ["}`:               "categorize_by",
		`{"limit":1001}`:                               "limit",
		`{"start_days_ago":0}`:                         "start_days_ago",
	} {
		res, api := run(t, "zins_get_cyber_incidents", args, `{}`)
		if !strings.Contains(res.Error, want) || len(api.sent) != 0 {
			t.Errorf("%s: %q (sent %d)", args, res.Error, len(api.sent))
		}
	}
	if res, _ := run(t, "zins_get_web_protocols", `{"traffic_unit":"PACKETS"}`, `{}`); !strings.Contains(res.Error, "TRANSACTIONS, BYTES") {
		t.Errorf("traffic_unit: %q", res.Error)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// GraphQL refuses at HTTP 200: errors, with or without partial data, are a
// tool error naming the code and the message.
func TestGraphQLErrorsAreToolErrors(t *testing.T) {
	pin(t)
	forbidden := `{"errors":[{"message":"Data fetching Failed: Forbidden to use API","path":["IOT","device_stats"],` +
		`"extensions":{"code":"FORBIDDEN","http_status":403,"classification":"INTERNAL_ERROR"}}],"data":{"IOT":{"device_stats":null}}}`
	res, _ := run(t, "zins_get_iot_device_stats", `{}`, forbidden)
	for _, want := range []string{"FORBIDDEN", "Forbidden to use API", "IOT.device_stats"} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("%q lacks %q", res.Error, want)
		}
	}
	partial := `{"errors":[{"message":"Something went wrong","path":["SHADOW_IT","apps","entries"],"extensions":{"classification":"INTERNAL_ERROR"}}],` +
		`"data":{"SHADOW_IT":{"apps":{"entries":[{"application":"x"}]}}}}`
	if res, _ := run(t, "zins_get_shadow_it_apps", `{}`, partial); !strings.Contains(res.Error, "INTERNAL_ERROR") || res.Records != nil {
		t.Errorf("partial data: %+v", res)
	}
	if res, _ := run(t, "zins_get_firewall_by_action", `{}`, `{"data":{"ZERO_TRUST_FIREWALL":null}}`); !strings.Contains(res.Error, "no ZERO_TRUST_FIREWALL.action") {
		t.Errorf("no report: %q", res.Error)
	}
	res, _ = run(t, "zins_get_firewall_by_action", `{}`, `{"data":{"ZERO_TRUST_FIREWALL":{"action":{"obfuscated":true,"entries":[]}}}}`)
	if res.Error != "" || !strings.Contains(res.Text(), "obfuscated") {
		t.Errorf("obfuscated: %+v", res)
	}
}

// Against the sandbox: the groupings choose their entries, and the one-object
// reports answer their object.
func TestAgainstTheSandbox(t *testing.T) {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{}).Handler())
	t.Cleanup(srv.Close)
	client, err := zscaler.New(zscaler.Options{BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret}, Limits: zscaler.Unlimited()})
	if err != nil {
		t.Fatal(err)
	}
	exec := &catalog.Executor{API: client}
	call := func(name, args string) *catalog.Result {
		res := exec.Execute(context.Background(), find(t, name), json.RawMessage(args))
		if res.Error != "" {
			t.Fatalf("%s: %s", name, res.Error)
		}
		return res
	}
	daily := call("zins_get_cyber_incidents_daily", `{"limit":3}`)
	if len(daily.Records) != 3 || !strings.Contains(string(daily.Records[0]), `"name":"1764460800000"`) {
		t.Errorf("daily: %s", daily.Structured())
	}
	if byApp := call("zins_get_cyber_incidents_by_threat_and_app", `{}`); !strings.Contains(string(byApp.Records[0]), `"entries":[{"name":`) {
		t.Errorf("threat and app: %s", byApp.Structured())
	}
	if dept := call("zins_get_cyber_incidents_by_location", `{"categorize_by":"DEPARTMENT_ID"}`); len(dept.Records) != 3 || strings.Contains(string(dept.Structured()), "_by") {
		t.Errorf("by department: %s", dept.Structured())
	}
	if stats := call("zins_get_iot_device_stats", `{}`); !strings.Contains(string(stats.Structured()), `"iot_devices_count":188`) {
		t.Errorf("IoT: %s", stats.Structured())
	}
	if sum := call("zins_get_shadow_it_summary", `{}`); !strings.Contains(string(sum.Structured()), `"group_by_access_for_app":{"obfuscated":false`) {
		t.Errorf("summary: %s", sum.Structured())
	}
}
