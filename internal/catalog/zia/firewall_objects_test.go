package zia

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func TestPortTuplesBecomeThePortLists(t *testing.T) {
	got, err := portLists(`[["dest","tcp","389"],["DEST","UDP",389],["src","tcp","3268","3269"]]`, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"destTcpPorts":[{"start":389}],"destUdpPorts":[{"start":389}],"srcTcpPorts":[{"end":3269,"start":3268}]}`; canon(got) != want {
		t.Errorf("got %s, want %s", canon(got), want)
	}
	// An update sends every list, so that the ports given replace the old ones.
	got, _ = portLists([]any{[]any{"dest", "tcp", "443"}}, true)
	if want := `{"destTcpPorts":[{"start":443}],"destUdpPorts":[],"srcTcpPorts":[],"srcUdpPorts":[]}`; canon(got) != want {
		t.Errorf("got %s, want %s", canon(got), want)
	}
	for in, says := range map[string]string{
		`[]`:                             "at least one",
		`[["dest","tcp"]]`:               "not a tuple",
		`[["up","tcp","80"]]`:            "not src or dest",
		`[["dest","icmp","80"]]`:         "not tcp or udp",
		`[["dest","tcp","0"]]`:           "1-65535",
		`[["dest","tcp","http"]]`:        "1-65535",
		`[["dest","tcp","90","80"]]`:     "ends",
		`[["dest","tcp","80","90","1"]]`: "not a tuple",
		`[["dest","tcp","80"]`:           "not a JSON list",
	} {
		if _, err := portLists(in, false); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: error %v, want one saying %q", in, err, says)
		}
	}
}

func TestCountriesAndServiceIDsAreSentInTheAPIsForm(t *testing.T) {
	got, err := countryCodes([]string{"us", "COUNTRY_de", " fr "})
	if err != nil || canon(got) != `["COUNTRY_US","COUNTRY_DE","COUNTRY_FR"]` {
		t.Errorf("got %s, %v", canon(got), err)
	}
	if _, err := countryCodes([]string{"USA"}); err == nil {
		t.Error("a three-letter code is taken")
	}
	refs, err := serviceRefs([]string{"7740011", " 7740016"})
	if err != nil || canon(refs) != `[{"id":7740011},{"id":7740016}]` {
		t.Errorf("got %s, %v", canon(refs), err)
	}
	for _, bad := range [][]string{{}, {"HTTP"}} {
		if _, err := serviceRefs(bad); err == nil {
			t.Errorf("%v is taken", bad)
		}
	}
}

// Bad input never reaches the API: the error names the parameter.
func TestFirewallObjectWritesRefuseBadInput(t *testing.T) {
	for name, tc := range map[string]struct{ args, says string }{
		"zia_create_network_service":      {`{"name":"S","ports":"[[\"dest\",\"tcp\",\"99999\"]]"}`, "ports"},
		"zia_create_ip_destination_group": {`{"name":"D","type":"DSTN_URL","addresses":["a.example"]}`, "type"},
		"zia_update_ip_source_group":      {`{"group_id":"HQ","name":"S","ip_addresses":["192.0.2.1"]}`, "group_id"},
		"zia_create_network_svc_group":    {`{"name":"G","service_ids":["SSH"]}`, "service_ids"},
		"zia_update_network_app_group":    {`{"group_id":"1","name":"G"}`, "network_applications"},
		"zia_delete_ips_signature_rule":   {`{"rule_id":"-4"}`, "rule_id"},
		"zia_create_network_app_group":    {`{"name":"G","network_applications":"[APNS"}`, "network_applications"},
	} {
		api := &currentRule{stored: `{"id":1,"name":"old"}`}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, name), json.RawMessage(tc.args))
		if res.Error == "" || !strings.Contains(res.Error, tc.says) {
			t.Errorf("%s: error %q, want one naming %s", name, res.Error, tc.says)
		}
		for _, r := range api.requests {
			if r.Method != "GET" {
				t.Errorf("%s: sent %s %s", name, r.Method, r.Path)
			}
		}
	}
}

// An update of some members keeps the others: the stored object is read
// and the members given are laid over it.
func TestAnIPSSignatureUpdateKeepsWhatItDoesNotChange(t *testing.T) {
	api := &currentRule{stored: `{"id":6690001,"name":"Sig","ruleText":"alert ip any any -> any any (sid:1;)","description":"old","enabled":true}`}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_update_ips_signature_rule"),
		json.RawMessage(`{"rule_id":"6690001","description":"new"}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	body := sentBody(t, api.requests[len(api.requests)-1])
	if body["ruleText"] != "alert ip any any -> any any (sid:1;)" || body["name"] != "Sig" || body["description"] != "new" || body["enabled"] != true {
		t.Errorf("sent %v", body)
	}
}

func TestADestinationGroupsMembersSuitItsType(t *testing.T) {
	for args, says := range map[string]string{
		`{"name":"D","type":"DSTN_IP"}`:                                                 "addresses",
		`{"name":"D","type":"DSTN_OTHER"}`:                                              "countries",
		`{"name":"D","type":"DSTN_OTHER","addresses":["192.0.2.1"],"countries":["US"]}`: "addresses",
		`{"name":"D","type":"DSTN_FQDN","addresses":["a.example"],"countries":["US"]}`:  "only a DSTN_OTHER",
		`{"name":"D","type":"DSTN_OTHER","countries":["USA"]}`:                          "two-letter",
	} {
		api := &currentRule{}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_create_ip_destination_group"), json.RawMessage(args))
		if res.Error == "" || !strings.Contains(res.Error, says) || len(api.requests) != 0 {
			t.Errorf("%s: error %q (want one saying %q), %d requests", args, res.Error, says, len(api.requests))
		}
	}
	api := &currentRule{}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_create_ip_destination_group"),
		json.RawMessage(`{"name":"D","type":"DSTN_OTHER","countries":["kp"],"ip_categories":["FINANCE"]}`))
	if res.Error != "" || canon(sentBody(t, api.requests[0])["countries"]) != `["COUNTRY_KP"]` {
		t.Errorf("%s, sent %v", res.Error, api.requests)
	}
	// An update checks the merged group: a DSTN_OTHER group keeps its countries when only its name changes.
	api = &currentRule{stored: `{"id":6660004,"name":"E","type":"DSTN_OTHER","addresses":[],"countries":["COUNTRY_KP"],"ipCategories":[]}`}
	res = (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_update_ip_destination_group"),
		json.RawMessage(`{"group_id":"6660004","name":"E2","type":"DSTN_OTHER"}`))
	if res.Error != "" || canon(sentBody(t, api.requests[len(api.requests)-1])["countries"]) != `["COUNTRY_KP"]` {
		t.Errorf("%s, sent %v", res.Error, api.requests)
	}
}
