package zia

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// currentRule answers GETs with a stored rule and echoes writes.
type currentRule struct {
	stored   string
	requests []*zscaler.Request
}

func (a *currentRule) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	a.requests = append(a.requests, req)
	if req.Method == "GET" {
		return &zscaler.Response{Status: 200, Body: []byte(a.stored)}, nil
	}
	b, _ := json.Marshal(req.Body)
	return &zscaler.Response{Status: 200, Body: b}, nil
}

func (a *currentRule) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("not a list")
}

func sentBody(t *testing.T, req *zscaler.Request) map[string]any {
	t.Helper()
	b, _ := json.Marshal(req.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("body %s: %v", b, err)
	}
	return m
}

func canon(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestARuleCreateSendsTheAPIShape(t *testing.T) {
	for _, name := range []string{"zia_create_cloud_firewall_rule", "zia_create_cloud_firewall_dns_rule", "zia_create_cloud_firewall_ips_rule"} {
		api := &currentRule{}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, name), json.RawMessage(`{
			"name": "R", "action": "ALLOW",
			"advanced": {"locations": ["33800102", 33800109], "nw_services": "[7740011]", "labels": [{"id": 2210001, "name": "x"}],
				"src_ips": "[\"10.0.0.0/8\"]", "destCountries": "COUNTRY_US", "redirectIp": "10.10.0.53", "name": "ignored"}}`))
		if res.Error != "" {
			t.Fatalf("%s: %s", name, res.Error)
		}
		body := sentBody(t, api.requests[0])
		for k, want := range map[string]string{
			"name": `"R"`, "action": `"ALLOW"`, "order": `1`, "rank": `7`, "state": `"ENABLED"`,
			"locations": `[{"id":33800102},{"id":33800109}]`, "nwServices": `[{"id":7740011}]`, "labels": `[{"id":2210001}]`,
			"srcIps": `["10.0.0.0/8"]`, "destCountries": `["COUNTRY_US"]`, "redirectIp": `"10.10.0.53"`,
		} {
			if got := canon(body[k]); got != want {
				t.Errorf("%s: %s sent as %s, want %s", name, k, got, want)
			}
		}
		for _, k := range []string{"nw_services", "src_ips", "enabled", "advanced"} {
			if _, sent := body[k]; sent {
				t.Errorf("%s: %s sent as such", name, k)
			}
		}
	}
}

func TestARuleUpdateKeepsWhatItDoesNotChange(t *testing.T) {
	api := &currentRule{stored: `{"id":5,"name":"R","order":4,"rank":3,"action":"ALLOW","state":"ENABLED","srcIps":["10.0.0.0/8"],"locations":[{"id":1,"name":"L"}]}`}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_update_cloud_firewall_rule"),
		json.RawMessage(`{"rule_id":"5","enabled":false,"advanced":{"dest_addresses":["192.0.2.1"]}}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if len(api.requests) != 2 || api.requests[0].Method != "GET" || api.requests[1].Method != "PUT" || api.requests[1].Path != api.requests[0].Path {
		t.Fatalf("requests %+v", api.requests)
	}
	body := sentBody(t, api.requests[1])
	want := `{"action":"ALLOW","destAddresses":["192.0.2.1"],"id":5,"locations":[{"id":1,"name":"L"}],"name":"R","order":4,"rank":3,"srcIps":["10.0.0.0/8"],"state":"DISABLED"}`
	if canon(body) != want {
		t.Errorf("sent %s\nwant %s", canon(body), want)
	}
}

func TestBadRuleInputIsRefusedBeforeAnythingIsSent(t *testing.T) {
	for args, names := range map[string]string{
		`{"name":"R","action":"ALLOW","order":0}`:     "order",
		`{"name":"R","action":"ALLOW","order":true}`:  "order",
		`{"name":"R","action":"ALLOW","rank":8}`:      "rank",
		`{"name":"R","action":"ALLOW","rank":"high"}`: "rank",
		`{"name":"R"}`: "action",
		`{"name":"R","action":"ALLOW","advanced":{"locations":"[1,"}}`:                  "advanced.locations",
		`{"name":"R","action":"ALLOW","advanced":{"groups":["finance"]}}`:               "advanced.groups",
		`{"name":"R","action":"ALLOW","advanced":{"src_ips":"[\"10.0.0.1\""}}`:          "advanced.src_ips",
		`{"name":"R","action":"ALLOW","advanced":{"labels":true}}`:                      "advanced.labels",
		`{"name":"R","action":"ALLOW","advanced":"not json"}`:                           "advanced",
		`{"name":"R","action":"ALLOW","enabled":"maybe"}`:                               "enabled",
		`{"name":"R","action":"ALLOW","advanced":{"nwServices":[{"name":"no id"}]}}`:    "advanced.nwServices",
		`{"name":"R","action":"ALLOW","advanced":{"users":[1.5]}}`:                      "advanced.users",
		`{"name":"R","action":"ALLOW","advanced":{"departments":"[\"-3\"]"}}`:           "advanced.departments",
		`{"name":"R","action":"ALLOW","advanced":{"timeWindows":{"id":1}}}`:             "advanced.timeWindows",
		`{"name":"R","action":"ALLOW","advanced":{"locations":[1]},"unknown_member":1}`: "unknown_member",
	} {
		api := &currentRule{}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_create_cloud_firewall_rule"), json.RawMessage(args))
		if res.Error == "" || !strings.Contains(res.Error, names) {
			t.Errorf("%s: want an error naming %s, got %q", args, names, res.Error)
		}
		if len(api.requests) != 0 {
			t.Errorf("%s: %d requests sent", args, len(api.requests))
		}
	}
}
