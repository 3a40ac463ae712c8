package contract

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// ziaCase replays one ZIA tool call: the request it must send (method and
// path, the recorded query matched by the replay), the records it must
// answer, and for a write the recorded body members it must send as recorded.
type ziaCase struct {
	file, tool, args string
	method, path     string
	// records is what the result holds: "" the recorded answer of that
	// request, verbatim; "-" a delete's confirmation of what it did.
	records string
	// fields are the body members the tool sets, compared with the recorded body.
	fields []string
}

func (c ziaCase) run(t *testing.T) {
	rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
	res := replayExecutor(t, rp).Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
	if res.Error != "" {
		t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
	}
	var sent *seenRequest
	for i := range rp.seen {
		if r := &rp.seen[i]; r.method == c.method && r.path == c.path {
			sent = r
		}
	}
	if sent == nil || sent.interaction < 0 {
		t.Fatalf("sent %+v, want the recorded %s %s", rp.seen, c.method, c.path)
	}
	in := rp.rec.Interactions[sent.interaction]
	if len(c.fields) > 0 {
		var got, want map[string]json.RawMessage
		if err := json.Unmarshal(sent.body, &got); err != nil {
			t.Fatalf("the body sent is not an object: %s", sent.body)
		}
		if in.Request.Body == nil || json.Unmarshal([]byte(*in.Request.Body), &want) != nil {
			t.Fatal("the recorded request has no body object")
		}
		for _, f := range c.fields {
			if want[f] == nil || canonical(t, string(got[f])) != canonical(t, string(want[f])) {
				t.Errorf("body member %s: sent %s, recorded %s", f, got[f], want[f])
			}
		}
	}
	if c.records == "-" {
		var done map[string]any
		_ = json.Unmarshal(res.Structured(), &done)
		if done["deleted"] != true {
			t.Errorf("delete result %s", res.Structured())
		}
		return
	}
	got := string(res.Structured())
	if res.Records != nil {
		var sc struct{ Result json.RawMessage }
		_ = json.Unmarshal(res.Structured(), &sc)
		got = string(sc.Result)
	}
	if canonical(t, got) != canonical(t, in.Response.Body.String) {
		t.Errorf("structuredContent differs from the recorded answer\n got: %.600s\nwant: %.600s", got, in.Response.Body.String)
	}
}

func runZIA(t *testing.T, cases []ziaCase) {
	for _, c := range cases {
		t.Run(c.tool+strings.ReplaceAll(c.args, " ", ""), c.run)
	}
}

func TestZIAActivationAgainstRecordedTraffic(t *testing.T) {
	runZIA(t, []ziaCase{
		{file: "zia__TestActivation.yaml", tool: "zia_get_activation_status", args: `{}`, method: "GET", path: "/zia/api/v1/status"},
		{file: "zia__TestActivation.yaml", tool: "zia_activate_configuration", args: `{}`, method: "POST", path: "/zia/api/v1/status/activate"},
	})
}

func TestZIAFirewallRulesAgainstRecordedTraffic(t *testing.T) {
	const fw, dns = "zia__TestCloudFirewallRules.yaml", "zia__TestCloudFirewallDNSRules.yaml"
	rules, dnsRules := "/zia/api/v1/firewallFilteringRules", "/zia/api/v1/firewallDnsRules"
	runZIA(t, []ziaCase{
		{file: fw, tool: "zia_list_cloud_firewall_rules", args: `{}`, method: "GET", path: rules},
		{file: fw, tool: "zia_create_cloud_firewall_rule", method: "POST", path: rules,
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","order":1,"rank":7,"action":"ALLOW",
				"advanced":{"enable_full_logging":true,"src_ips":["192.168.100.0/24","192.168.200.1"],
				"dest_addresses":"[\"3.217.228.0-3.217.231.255\"]","dest_countries":["COUNTRY_US"],
				"device_trust_levels":["UNKNOWN_DEVICETRUSTLEVEL","LOW_TRUST","MEDIUM_TRUST","HIGH_TRUST"]}}`,
			fields: []string{"name", "description", "order", "rank", "action", "enableFullLogging", "srcIps", "destAddresses", "destCountries", "deviceTrustLevels", "state"}},
		{file: fw, tool: "zia_get_cloud_firewall_rule", args: `{"rule_id":"1690931"}`, method: "GET", path: rules + "/1690931"},
		{file: fw, tool: "zia_update_cloud_firewall_rule", method: "PUT", path: rules + "/1690931",
			args:   `{"rule_id":"1690931","name":"updated-vcr0003","description":"updated-vcr0004","advanced":{"srcIps":["192.168.100.0/24"],"destCountries":["COUNTRY_US","COUNTRY_CA"]}}`,
			fields: []string{"name", "description", "order", "rank", "action", "enableFullLogging", "srcIps", "destAddresses", "destCountries", "deviceTrustLevels", "state"}},
		{file: fw, tool: "zia_delete_cloud_firewall_rule", args: `{"rule_id":"1690931"}`, method: "DELETE", path: rules + "/1690931", records: "-"},
		{file: dns, tool: "zia_create_cloud_firewall_dns_rule", method: "POST", path: dnsRules,
			args: `{"name":"tests-vcr0001","description":"Integration test firewall rule","action":"REDIR_REQ",
				"advanced":{"redirect_ip":"8.8.8.8","dest_countries":["COUNTRY_CA","COUNTRY_MX","COUNTRY_AU","COUNTRY_GB"],
				"source_countries":["COUNTRY_CA","COUNTRY_MX","COUNTRY_AU","COUNTRY_GB"],"protocols":"[\"ANY_RULE\"]"}}`,
			fields: []string{"name", "description", "order", "rank", "action", "redirectIp", "destCountries", "sourceCountries", "protocols", "state"}},
		{file: dns, tool: "zia_get_cloud_firewall_dns_rule", args: `{"rule_id":"1690929"}`, method: "GET", path: dnsRules + "/1690929"},
		{file: dns, tool: "zia_update_cloud_firewall_dns_rule", method: "PUT", path: dnsRules + "/1690929",
			args:   `{"rule_id":"1690929","description":"Updated integration test firewall dns rule"}`,
			fields: []string{"name", "description", "order", "rank", "action", "redirectIp", "protocols", "state"}},
		{file: dns, tool: "zia_list_cloud_firewall_dns_rules", args: `{}`, method: "GET", path: dnsRules},
		{file: dns, tool: "zia_delete_cloud_firewall_dns_rule", args: `{"rule_id":"1690929"}`, method: "DELETE", path: dnsRules + "/1690929", records: "-"},
	})
}
