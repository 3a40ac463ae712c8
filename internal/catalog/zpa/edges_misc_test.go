package zpa_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zpa"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

type env struct {
	tn   *sandbox.Tenant
	exec *catalog.Executor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	tn := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(tn.Handler())
	t.Cleanup(srv.Close)
	client, err := zscaler.New(zscaler.Options{BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret}, Limits: zscaler.Unlimited()})
	if err != nil {
		t.Fatal(err)
	}
	return &env{tn, &catalog.Executor{API: client, CustomerID: sandbox.CustomerID}}
}

func (e *env) run(t *testing.T, name, args string) *catalog.Result {
	t.Helper()
	for _, tool := range zpa.Tools() {
		if tool.Name == name {
			return e.exec.Execute(context.Background(), &tool, json.RawMessage(args))
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// sent is what reached the tenant's ZPA, after the token call.
func (e *env) sent() []string {
	var out []string
	for _, r := range e.tn.Requests() {
		if strings.HasPrefix(r.Path, "/zpa/") {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func object(t *testing.T, res *catalog.Result) map[string]any {
	t.Helper()
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	var out map[string]any
	if err := json.Unmarshal(res.Structured(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func names(t *testing.T, res *catalog.Result) []string {
	t.Helper()
	out := []string{}
	for _, r := range object(t, res)["result"].([]any) {
		out = append(out, r.(map[string]any)["name"].(string))
	}
	return out
}

const seattleEdges = "734512908613303001"

// A service edge group takes its version profile by name or id, is_public
// and the grace distance in the API's string forms, and its members as
// references; what it answers shows them joined.
func TestServiceEdgeGroupWritesInTheAPIsForms(t *testing.T) {
	e := newEnv(t)
	created := object(t, e.run(t, "zpa_create_service_edge_group", `{"name":"Boise Edges","location":"Boise, ID, USA",
		"latitude":"43.6150","longitude":"-116.2023","version_profile_name":"new release","is_public":true,
		"grace_distance_enabled":true,"grace_distance_value":5,"grace_distance_value_unit":"KMS",
		"trusted_network_ids":["734512908613303102"],"service_edge_ids":["734512908613303203"]}`))
	id := created["id"].(string)
	got := object(t, e.run(t, "zpa_get_service_edge_group", `{"group_id":"`+id+`"}`))
	for k, want := range map[string]any{"versionProfileId": "2", "versionProfileName": "New Release", "overrideVersionProfile": true,
		"isPublic": "TRUE", "graceDistanceValue": "5", "graceDistanceValueUnit": "KMS", "enabled": true} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if edges, _ := got["serviceEdges"].([]any); len(edges) != 1 || edges[0].(map[string]any)["name"] != "pse-fra-01" {
		t.Errorf("serviceEdges = %v", got["serviceEdges"])
	}
	if nets, _ := got["trustedNetworks"].([]any); len(nets) != 1 || nets[0].(map[string]any)["networkId"] == nil {
		t.Errorf("trustedNetworks = %v", got["trustedNetworks"])
	}
	// The id wins over the name, and an override given has the last word.
	after := object(t, e.run(t, "zpa_update_service_edge_group", `{"group_id":"`+id+`","version_profile_name":"Default",
		"version_profile_id":"1","override_version_profile":false,"is_public":false}`))
	for k, want := range map[string]any{"versionProfileId": "1", "versionProfileName": "Previous Default", "overrideVersionProfile": false,
		"isPublic": "FALSE", "location": "Boise, ID, USA", "graceDistanceValue": "5"} {
		if after[k] != want {
			t.Errorf("after the update, %s = %v, want %v", k, after[k], want)
		}
	}
}

// Bad input names the parameter and what it accepts, and nothing is sent.
func TestEdgesAndMiscRefuseBadInput(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ tool, args, want string }{
		{"zpa_create_service_edge_group", `{"name":"a","location":"b","latitude":"1","longitude":"2","version_profile_name":"latest"}`,
			"version_profile_name: must be Default, Previous Default or New Release"},
		{"zpa_create_service_edge_group", `{"name":"a","location":"b","latitude":"1","longitude":"2","version_profile_id":"7"}`,
			"version_profile_id: must be \"0\""},
		{"zpa_create_service_edge_group", `{"name":"a","location":"b","latitude":"1","longitude":"2","grace_distance_value_unit":"FEET"}`,
			"grace_distance_value_unit: must be one of MILES, KMS"},
		{"zpa_create_service_edge_group", `{"name":"a","location":"b","latitude":"1"}`, "longitude is required"},
		{"zpa_update_service_edge_group", `{"group_id":"` + seattleEdges + `","trusted_network_ids":["1","net"]}`,
			"trusted_network_ids: element 1 must be a ZPA id"},
		{"zpa_update_service_edge_group", `{"group_id":"` + seattleEdges + `","service_edge_ids":"[\"1\",]"}`,
			"service_edge_ids: must be a list of strings"},
		{"zpa_update_service_edge", `{"service_edge_id":"edge-1"}`, "service_edge_id: must be a ZPA id"},
		{"zpa_bulk_delete_service_edges", `{"service_edge_ids":[],"confirmation_token":"x"}`, "service_edge_ids: must list at least one id"},
		{"zpa_bulk_delete_service_edges", `{"service_edge_ids":["1","x"],"confirmation_token":"x"}`, "service_edge_ids: element 1 must be a ZPA id"},
		{"get_zpa_posture_profile", `{"profile_id":"CrowdStrike"}`, "profile_id: must be a ZPA id"},
		{"get_zpa_trusted_network", `{"network_id":"12a"}`, "network_id: must be a ZPA id"},
		{"zpa_get_lss_log_format", `{"log_type":"dns_logs"}`, "log_type: must be one of app_connector_metrics"},
		{"zpa_get_lss_log_format", `{}`, "log_type is required"},
		{"zpa_list_lss_status_codes", `{"log_type":"zpn_trans_log"}`, "log_type: must be one of"},
	} {
		res := e.run(t, c.tool, c.args)
		if !strings.Contains(res.Error, c.want) {
			t.Errorf("%s %s: %q, want it to say %q", c.tool, c.args, res.Error, c.want)
		}
	}
	if s := e.sent(); len(s) > 0 {
		t.Errorf("bad input reached the API: %v", s)
	}
}

// A bulk delete removes every edge named, or none when one does not exist,
// carrying ZPA's own refusal.
func TestBulkDeleteOfServiceEdges(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "zpa_bulk_delete_service_edges", `{"service_edge_ids":["734512908613303201","734512908613309999"]}`)
	if !strings.Contains(res.Error, "734512908613309999") || !strings.Contains(res.Error, "resource.not.found") {
		t.Fatalf("a missing edge: %q", res.Error)
	}
	done := object(t, e.run(t, "zpa_bulk_delete_service_edges", `{"service_edge_ids":["734512908613303201","734512908613303202"]}`))
	if done["deleted"] != true || len(done["service_edge_ids"].([]any)) != 2 {
		t.Errorf("bulk delete answered %v", done)
	}
	if left := names(t, e.run(t, "zpa_list_service_edges", `{}`)); !slices.Equal(left, []string{"pse-fra-01"}) {
		t.Errorf("edges left: %v", left)
	}
	group := object(t, e.run(t, "zpa_get_service_edge_group", `{"group_id":"`+seattleEdges+`"}`))
	if group["serviceEdges"] != nil {
		t.Errorf("the group still shows deleted edges: %v", group["serviceEdges"])
	}
}

// The profile and network reads list, find by exact name (nothing found is
// an empty list), or read one by id as a list of one.
func TestProfileAndNetworkLookups(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		tool, args string
		want       []string
	}{
		{"get_zpa_posture_profile", `{"profile_id":"734512908613303402"}`, []string{"Disk Encrypted (zscaler.example.net)"}},
		{"get_zpa_posture_profile", `{"name":"Disk Encrypted (zscaler.example.net)"}`, []string{"Disk Encrypted (zscaler.example.net)"}},
		{"get_zpa_posture_profile", `{"name":"Disk Encrypted"}`, []string{}},
		{"get_zpa_trusted_network", `{"network_id":"734512908613303103"}`, []string{"Northwind Frankfurt Office (zscaler.example.net)"}},
		{"get_zpa_trusted_network", `{"name":"nobody's network"}`, []string{}},
		{"get_zpa_app_protection_profile", `{"name":"Northwind API Strict"}`, []string{"Northwind API Strict"}},
		{"get_zpa_isolation_profile", `{"name":"contractor isolation"}`, []string{"Contractor Isolation"}},
		{"get_zpa_isolation_profile", `{"name":"Contractor"}`, []string{}},
		{"get_zpa_isolation_profile", `{"query":"[?isDefault].name"}`, nil},
	} {
		res := e.run(t, c.tool, c.args)
		if c.want == nil {
			if res.Error != "" || len(res.Records) != 1 {
				t.Errorf("%s %s: %s %s", c.tool, c.args, res.Error, res.Structured())
			}
			continue
		}
		if got := names(t, res); !slices.Equal(got, c.want) {
			t.Errorf("%s %s: %v, want %v", c.tool, c.args, got, c.want)
		}
	}
	want := []string{
		"GET /zpa/mgmtconfig/v1/admin/customers/" + sandbox.CustomerID + "/posture/734512908613303402",
		"GET /zpa/mgmtconfig/v2/admin/customers/" + sandbox.CustomerID + "/posture",
	}
	if s := e.sent(); !slices.Equal(s[:2], want) {
		t.Errorf("sent %v, want %v first", s, want)
	}
}

// The LSS catalogues answer {kind, items}: the log types without a call,
// the formats of one log type, the status codes of all or one.
func TestLSSCatalogues(t *testing.T) {
	e := newEnv(t)
	types := object(t, e.run(t, "zpa_list_lss_log_types", `{}`))
	if items := types["items"].([]any); types["kind"] != "log_types" || len(items) != 8 ||
		items[5].(map[string]any)["source_log_type"] != "zpn_trans_log" {
		t.Errorf("log types: %v", types)
	}
	if s := e.sent(); len(s) > 0 {
		t.Errorf("the log types called the API: %v", s)
	}
	format := object(t, e.run(t, "zpa_get_lss_log_format", `{"log_type":"audit_logs"}`))
	items := format["items"].(map[string]any)
	if format["kind"] != "log_format" || !strings.Contains(items["json"].(string), "AuditOperationType") || len(items) != 3 {
		t.Errorf("audit log format: %v", format)
	}
	all := object(t, e.run(t, "zpa_list_lss_status_codes", `{}`))["items"].(map[string]any)
	one := object(t, e.run(t, "zpa_list_lss_status_codes", `{"log_type":"user_activity"}`))["items"].(map[string]any)
	if len(all) != 4 || one["BRK_MT_CLOSED_FROM_CLIENT"] == nil || len(one) != len(all["zpn_trans_log"].(map[string]any)) {
		t.Errorf("status codes: all %v, user_activity %v", all, one)
	}
	// The name of a configuration sits under config; the query the description suggests finds it.
	if found := e.run(t, "zpa_list_lss_configs", `{"query":"[?config.name=='User Activity to Splunk']"}`); found.Error != "" || len(found.Records) != 1 {
		t.Errorf("a configuration by name: %s %s", found.Error, found.Structured())
	}
	clients := object(t, e.run(t, "zpa_list_lss_client_types", `{}`))
	if clients["items"].(map[string]any)["zpn_client_type_zapp"] != "Client Connector" {
		t.Errorf("client types: %v", clients)
	}
}
