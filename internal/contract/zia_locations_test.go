package contract

import "testing"

// The ZIA locations, static IPs, VPN credentials and location groups tools
// against the SDK's recorded traffic (zia_locations). Not replayed, because
// no tool of the catalogue sends them: POST /staticIP/validate,
// POST /vpnCredentials/bulkDelete, GET /locations/groups/lite and
// /locations/groups/count, and the VPN credential lists filtered by
// ?type=UFQDN or read one page (?page=1&pageSize=10), which the reference's
// list tool does not offer. No recording covers GRE tunnels, devices,
// workload groups or the region lookups.

func TestZIAStaticIPsAgainstRecordedTraffic(t *testing.T) {
	const ips = "/zia/api/v1/staticIP"
	replayWeb(t, "zia__TestTrafficStaticIP.yaml", []webCase{
		{tool: "zia_create_static_ip", args: `{"ip_address":"104.239.237.2","comment":"tests-static-ip"}`,
			method: "POST", path: ips, result: "records"},
		{tool: "zia_get_static_ip", args: `{"static_ip_id":"4338892"}`, method: "GET", path: ips + "/4338892", result: "records"},
		// The update reads the record (a recorded GET) and writes it back whole with the comment
		// changed; the API refuses with its own words, which the tool error carries.
		{tool: "zia_update_static_ip", args: `{"static_ip_id":"4338892","comment":"tests-static-ip-updated"}`,
			method: "PUT", path: ips + "/4338892", compare: []string{"comment", "ipAddress"}, result: "error"},
		{tool: "zia_list_static_ips", args: `{}`, method: "GET", path: ips, result: "records"},
		{tool: "zia_delete_static_ip", args: `{"static_ip_id":"4338892"}`, method: "DELETE", path: ips + "/4338892", result: "deleted"},
	})
}

func TestZIAVPNCredentialsAgainstRecordedTraffic(t *testing.T) {
	const creds = "/zia/api/v1/vpnCredentials"
	// The recordings hold the key as REDACTED; the tool sends what it is given.
	replayWeb(t, "zia__TestTrafficVPNCredential.yaml", []webCase{
		{tool: "zia_create_static_ip", args: `{"ip_address":"104.239.237.2","comment":"tests-vcr0001"}`,
			method: "POST", path: "/zia/api/v1/staticIP", result: "records"},
		// The first answer is EDIT_LOCK_NOT_AVAILABLE; the client asks again.
		{tool: "zia_create_vpn_credential", args: `{"credential_type":"IP","ip_address":"104.239.237.2","pre_shared_key":"REDACTED"}`,
			method: "POST", path: creds, result: "records"},
		// The first answer is a 429; the client waits as told and asks again.
		{tool: "zia_create_vpn_credential", args: `{"credential_type":"UFQDN","fqdn":"tests-vcr0003@securitygeek.io","pre_shared_key":"REDACTED"}`,
			method: "POST", path: creds, result: "records"},
		{tool: "zia_delete_static_ip", args: `{"static_ip_id":"4338893"}`, method: "DELETE", path: "/zia/api/v1/staticIP/4338893", result: "deleted"},
	})
	replayWeb(t, "zia__TestTrafficVPNCredentials.yaml", []webCase{
		{tool: "zia_list_vpn_credentials", args: `{}`, method: "GET", path: creds, result: "records"},
		{tool: "zia_get_vpn_credential", args: `{"credential_id":"29339942"}`, method: "GET", path: creds + "/29339942", result: "records"},
	})
}

func TestZIALocationsAgainstRecordedTraffic(t *testing.T) {
	const locs, creds = "/zia/api/v1/locations", "/zia/api/v1/vpnCredentials"
	replayWeb(t, "zia__TestLocationManagement.yaml", []webCase{
		{tool: "zia_create_vpn_credential", method: "POST", path: creds, result: "records",
			args: `{"credential_type":"UFQDN","fqdn":"tests-vcr0001@securitygeek.io","comments":"Integration test UFQDN credential","pre_shared_key":"REDACTED"}`},
		{tool: "zia_create_location", method: "POST", path: locs, result: "records",
			args: `{"name":"tests-vcr0003","description":"tests-vcr0003","country":"UNITED_STATES","tz":"UNITED_STATES_AMERICA_LOS_ANGELES",` +
				`"advanced":{"ofwEnabled":true,"ipsControl":true,"profile":"SERVER","vpnCredentials":[{"id":158933285,"type":"UFQDN"}]}}`},
		// The update reads the location (the recorded GET) and writes it back whole, with the members given changed.
		{tool: "zia_update_location", method: "PUT", path: locs + "/158933286", result: "records",
			args: `{"location_id":"158933286","name":"tests-vcr0003","description":"Updated integration test location management",` +
				`"tz":"UNITED_STATES_AMERICA_LOS_ANGELES","advanced":{"authRequired":true,"idleTimeInMinutes":"720","displayTimeUnit":"MINUTE",` +
				`"surrogateIP":true,"xffForwardEnabled":true,"ofwEnabled":true,"ipsControl":true,"profile":"SERVER","vpnCredentials":[{"id":158933285,"type":"UFQDN"}]}}`,
			compare: []string{"name", "description", "tz", "authRequired", "idleTimeInMinutes", "displayTimeUnit", "surrogateIP",
				"xffForwardEnabled", "ofwEnabled", "ipsControl", "profile", "vpnCredentials"}},
		{tool: "zia_list_locations", args: `{}`, method: "GET", path: locs, result: "records"},
		{tool: "zia_delete_location", args: `{"location_id":"158933286"}`, method: "DELETE", path: locs + "/158933286", result: "deleted"},
		{tool: "zia_delete_vpn_credential", args: `{"credential_id":"158933285"}`, method: "DELETE", path: creds + "/158933285", result: "deleted"},
	})
	// The location as read back (the GET the update used above), with its credential joined.
	replayWeb(t, "zia__TestLocationManagement.yaml", []webCase{
		{tool: "zia_get_location", args: `{"location_id":"158933286"}`, method: "GET", path: locs + "/158933286", result: "records"},
	})
}

func TestZIALocationGroupsAgainstRecordedTraffic(t *testing.T) {
	replayWeb(t, "zia__TestLocationGroup.yaml", []webCase{
		{tool: "zia_list_location_groups", args: `{}`, method: "GET", path: "/zia/api/v1/locations/groups", result: "records"},
	})
}
