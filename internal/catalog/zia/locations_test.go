package zia_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zia"
)

func record(t *testing.T, res *catalog.Result) map[string]any {
	t.Helper()
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	var m map[string]any
	if err := json.Unmarshal(res.Record, &m); err != nil {
		t.Fatalf("%v: %s", err, res.Record)
	}
	return m
}

// A VPN credential's pre-shared key goes to the API and comes back in no
// answer: not the create's, not a read's, not an update's.
func TestAVPNCredentialsKeyIsWriteOnly(t *testing.T) {
	e := newEnv(t)
	const psk = "n0rthw1nd-psk-value"
	created := record(t, e.run(t, "zia_create_vpn_credential", `{"credential_type":"UFQDN","fqdn":"psk-test@northwind.example.com","pre_shared_key":"`+psk+`"}`))
	id := jsonID(created["id"])
	var tool catalog.Tool
	for _, tl := range zia.Tools() {
		if tl.Name == "zia_create_vpn_credential" {
			tool = tl
		}
	}
	args, err := tool.ParseArgs(json.RawMessage(`{"credential_type":"IP","ip_address":"198.51.100.10","pre_shared_key":"` + psk + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	if req, err := e.exec.Request(&tool, args); err != nil || req.Body.(map[string]any)["preSharedKey"] != psk {
		t.Errorf("the create sends %v (%v), without preSharedKey", req, err)
	}
	answers := []*catalog.Result{
		e.run(t, "zia_get_vpn_credential", `{"credential_id":"`+id+`"}`),
		e.run(t, "zia_list_vpn_credentials", `{}`),
		e.run(t, "zia_update_vpn_credential", `{"credential_id":"`+id+`","pre_shared_key":"`+psk+`2","comments":"rotated"}`),
	}
	for _, res := range answers {
		if res.Error != "" {
			t.Fatal(res.Error)
		}
	}
	for i, res := range append(answers, e.run(t, "zia_create_vpn_credential", `{"credential_type":"UFQDN","fqdn":"psk-test@northwind.example.com","pre_shared_key":"`+psk+`"}`)) {
		if out := string(res.Structured()) + res.Error + res.Message; strings.Contains(out, psk) || strings.Contains(out, "preSharedKey") {
			t.Errorf("answer %d shows the key: %s", i, out)
		}
	}
	if got := record(t, e.run(t, "zia_get_vpn_credential", `{"credential_id":"`+id+`"}`)); got["comments"] != "rotated" || got["fqdn"] != "psk-test@northwind.example.com" {
		t.Errorf("after the update %v", got)
	}
}

func jsonID(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// A credential without the identity its type needs is refused before anything is sent.
func TestAVPNCredentialNeedsItsIdentity(t *testing.T) {
	e := newEnv(t)
	for args, want := range map[string]string{
		`{"credential_type":"IP","pre_shared_key":"k"}`:                       "ip_address is required when credential_type is IP",
		`{"credential_type":"UFQDN","pre_shared_key":"k"}`:                    "fqdn is required when credential_type is UFQDN",
		`{"credential_type":"PSK","pre_shared_key":"k","fqdn":"a@b.example"}`: "credential_type: must be one of IP, UFQDN, CN, XAUTH",
	} {
		if res := e.run(t, "zia_create_vpn_credential", args); !strings.Contains(res.Error, want) || strings.Contains(res.Error, `"k"`) {
			t.Errorf("%s: %q, want %q", args, res.Error, want)
		}
	}
	if s := e.sent(); slices.ContainsFunc(s, func(r string) bool { return strings.HasPrefix(r, "POST") }) {
		t.Errorf("sent %v", s)
	}
}

// A GRE tunnel is built on a static IP: added when the tenant lacks it, and
// given the first free internal range when numbered without one; its
// delete removes the static IP after the tunnel.
func TestAGRETunnelBringsItsStaticIP(t *testing.T) {
	e := newEnv(t)
	tunnel := record(t, e.run(t, "zia_create_gre_tunnel", `{"static_ip_address":"192.0.2.77","comment":"GRE test"}`))
	if tunnel["sourceIp"] != "192.0.2.77" || tunnel["internalIpRange"] != "172.17.8.8" || tunnel["comment"] != "GRE test" {
		t.Errorf("tunnel %v", tunnel)
	}
	ips := e.run(t, "zia_list_static_ips", `{"search":"192.0.2.77"}`)
	var listed []map[string]any
	for _, r := range ips.Records {
		var m map[string]any
		_ = json.Unmarshal(r, &m)
		listed = append(listed, m)
	}
	if len(listed) != 1 || listed[0]["comment"] != "GRE test" {
		t.Fatalf("static IPs %v", listed)
	}
	// An existing static IP is used as it is; an unnumbered tunnel asks for no range.
	un := record(t, e.run(t, "zia_create_gre_tunnel", `{"static_ip_address":"198.51.100.201","ip_unnumbered":true}`))
	if un["internalIpRange"] != nil || un["ipUnnumbered"] != true {
		t.Errorf("unnumbered tunnel %v", un)
	}
	want := []string{
		"GET /zia/api/v1/staticIP?ipAddress=192.0.2.77", "POST /zia/api/v1/staticIP",
		"GET /zia/api/v1/greTunnels/availableInternalIpRanges?staticIp=192.0.2.77", "POST /zia/api/v1/greTunnels",
		"GET /zia/api/v1/staticIP?page=1&pageSize=1000&search=192.0.2.77",
		"GET /zia/api/v1/staticIP?ipAddress=198.51.100.201", "POST /zia/api/v1/greTunnels",
	}
	if got := e.sent(); !slices.Equal(got[:min(len(got), len(want))], want) {
		t.Errorf("sent %v, want %v first", got, want)
	}
	res := e.run(t, "zia_delete_gre_tunnel", `{"tunnel_id":"`+jsonID(tunnel["id"])+`","static_ip_id":"`+jsonID(listed[0]["id"])+`"}`)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if r := e.run(t, "zia_get_static_ip", `{"static_ip_id":"`+jsonID(listed[0]["id"])+`"}`); r.Error == "" {
		t.Errorf("the tunnel's static IP is still there")
	}
	if r := e.run(t, "zia_delete_gre_tunnel", `{"tunnel_id":"4400001"}`); !strings.Contains(r.Error, "static_ip_id") {
		t.Errorf("a delete without static_ip_id: %+v", r)
	}
}

// Each geo lookup goes where its action says, once given what it needs.
func TestGeoSearchSendsTheActionsLookup(t *testing.T) {
	e := newEnv(t)
	for args, want := range map[string]string{
		`{"action":"city_prefix_search","prefix":"San"}`:                     "GET /zia/api/v1/region/search?prefix=San",
		`{"action":"geo_by_ip","ip":"198.51.100.10"}`:                        "GET /zia/api/v1/region/byIPAddress/198.51.100.10",
		`{"action":"geo_by_coordinates","latitude":47.6,"longitude":-122.3}`: "GET /zia/api/v1/region/byGeoCoordinates?latitude=47.6&longitude=-122.3",
	} {
		before := len(e.sent())
		if res := e.run(t, "zia_geo_search", args); res.Error != "" {
			t.Errorf("%s: %s", args, res.Error)
		}
		if got := e.sent()[before:]; len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s sent %v, want %s", args, got, want)
		}
	}
	for args, want := range map[string]string{
		`{"action":"geo_by_ip"}`:                                       "ip is required for action geo_by_ip",
		`{"action":"geo_by_coordinates","latitude":1}`:                 "longitude is required for action geo_by_coordinates",
		`{"action":"city_prefix_search"}`:                              "prefix is required for action city_prefix_search",
		`{"action":"geo_by_coordinates","latitude":100,"longitude":1}`: "latitude: must be at most 90",
	} {
		if res := e.run(t, "zia_geo_search", args); !strings.Contains(res.Error, want) {
			t.Errorf("%s: %q, want %q", args, res.Error, want)
		}
	}
}

// Malformed ids and values outside their bounds are refused, naming the parameter.
func TestBadLocationInputNamesTheParameter(t *testing.T) {
	e := newEnv(t)
	for args, c := range map[string]struct{ tool, want string }{
		`{"location_id":"Seattle HQ"}`:                   {"zia_get_location", "location_id: a ZIA id is a whole number"},
		`{"static_ip_id":"12a"}`:                         {"zia_delete_static_ip", "static_ip_id: a ZIA id is a whole number"},
		`{"tunnel_id":"4400001","static_ip_id":"x"}`:     {"zia_delete_gre_tunnel", "static_ip_id: a ZIA id is a whole number"},
		`{"ip_address":"203.0.113.5","latitude":-91}`:    {"zia_create_static_ip", "latitude: must be at least -90"},
		`{"name":"x","ip_addresses":"[\"203.0.113.5\""}`: {"zia_create_location", "ip_addresses: must be a list of strings"},
		`{"group_id":"-3"}`:                              {"zia_get_workload_group", "group_id: a ZIA id is a whole number"},
	} {
		if res := e.run(t, c.tool, args); !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): %q, want %q", c.tool, args, res.Error, c.want)
		}
	}
	if s := e.sent(); len(s) > 0 {
		t.Errorf("sent %v", s)
	}
}

// ZIA refuses to delete a VPN credential a location still uses, in its own words.
func TestAVPNCredentialInUseIsNotDeleted(t *testing.T) {
	e := newEnv(t)
	id := func(res *catalog.Result) string { return jsonID(record(t, res)["id"]) }
	cred := id(e.run(t, "zia_create_vpn_credential", `{"credential_type":"UFQDN","fqdn":"inuse@northwind.example.com","pre_shared_key":"k-inuse"}`))
	loc := id(e.run(t, "zia_create_location", `{"name":"In-use test","advanced":{"vpnCredentials":[{"id":`+cred+`,"type":"UFQDN"}]}}`))
	if got := record(t, e.run(t, "zia_get_location", `{"location_id":"`+loc+`"}`)); !strings.Contains(jsonID(got["vpnCredentials"]), "inuse@northwind.example.com") {
		t.Errorf("the location does not show its credential: %v", got["vpnCredentials"])
	}
	tool := ziaToolOf(t, "zia_delete_vpn_credential")
	args, _ := tool.ParseArgs(json.RawMessage(`{"credential_id":"` + cred + `"}`))
	if _, err := e.exec.Run(t.Context(), tool, args); err == nil || !strings.Contains(err.Error(), "In-use test") {
		t.Errorf("deleting a credential in use: %v", err)
	}
}

func ziaToolOf(t *testing.T, name string) *catalog.Tool {
	for _, tl := range zia.Tools() {
		if tl.Name == name {
			return &tl
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// Devices are listed for the users asked for, the ids sent as the API's userIds.
func TestDevicesOfSomeUsers(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "zia_list_devices", `{"user_ids":"[\"61200001\",\"61200002\"]"}`)
	if res.Error != "" || len(res.Records) != 2 {
		t.Fatalf("%d devices: %s", len(res.Records), res.Error)
	}
	if s := e.sent(); len(s) != 1 || !strings.Contains(s[0], "userIds=61200001&userIds=61200002") {
		t.Errorf("sent %v", s)
	}
}
