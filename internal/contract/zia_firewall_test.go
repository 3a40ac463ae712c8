package contract

import "testing"

// The objects of the ZIA cloud firewall (IP source and destination groups,
// network services, network application groups) against the SDK's recorded
// traffic. The firewall filtering and DNS rule recordings
// (zia__TestCloudFirewallRules, zia__TestCloudFirewallDNSRules) are replayed
// in zia_test.go. No recording touches the network service groups, the
// network applications, the custom IPS signatures or the IPS rules: those
// tools are proven against the sandbox only.

const (
	ziaSourceGroups = "/zia/api/v1/ipSourceGroups"
	ziaDestGroups   = "/zia/api/v1/ipDestinationGroups"
	ziaNwServices   = "/zia/api/v1/networkServices"
)

func TestZIAIPSourceGroupsAgainstRecordedTraffic(t *testing.T) {
	const rec = "zia__TestCloudFirewallIPSourceGroup.yaml"
	replayWeb(t, rec, []webCase{
		{tool: "zia_create_ip_source_group", method: "POST", path: ziaSourceGroups, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","ip_addresses":["192.168.1.1","192.168.1.2","192.168.1.3"]}`},
		// The update reads the group (the first recorded GET) and writes it back whole, with the members given.
		{tool: "zia_update_ip_source_group", method: "PUT", path: ziaSourceGroups + "/10596672", result: "records",
			args:    `{"group_id":"10596672","name":"tests-vcr0001 Updated","description":"tests-vcr0002 Updated","ip_addresses":["192.168.1.1","192.168.1.2","192.168.1.3"]}`,
			compare: []string{"name", "description", "ipAddresses"}},
		{tool: "zia_get_ip_source_group", args: `{"group_id":"10596672"}`, method: "GET", path: ziaSourceGroups + "/10596672", result: "records"},
		{tool: "zia_delete_ip_source_group", args: `{"group_id":"10596672"}`, method: "DELETE", path: ziaSourceGroups + "/10596672", result: "deleted"},
	})
	// The forwarding-rule test made its own source and destination groups.
	replayWeb(t, "zia__TestForwardingControlRulesDirect.yaml", []webCase{
		{tool: "zia_create_ip_source_group", method: "POST", path: ziaSourceGroups, result: "records",
			args: `{"name":"tests-vcr0003","description":"Integration test source group","ip_addresses":["192.168.100.1","192.168.100.2","192.168.100.3"]}`},
		{tool: "zia_create_ip_destination_group", method: "POST", path: ziaDestGroups, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","type":"DSTN_IP","addresses":["192.168.100.4","192.168.100.5"]}`},
		{tool: "zia_delete_ip_destination_group", args: `{"group_id":"10596685"}`, method: "DELETE", path: ziaDestGroups + "/10596685", result: "deleted"},
		{tool: "zia_delete_ip_source_group", args: `{"group_id":"10596690"}`, method: "DELETE", path: ziaSourceGroups + "/10596690", result: "deleted"},
	})
}

func TestZIAIPDestinationGroupsAgainstRecordedTraffic(t *testing.T) {
	const rec = "zia__TestCloudFirewallIPDestinationGroup.yaml"
	replayWeb(t, rec, []webCase{
		{tool: "zia_create_ip_destination_group", method: "POST", path: ziaDestGroups, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","type":"DSTN_IP","addresses":["1.1.1.1","8.8.8.8"]}`},
		{tool: "zia_update_ip_destination_group", method: "PUT", path: ziaDestGroups + "/10596668", result: "records",
			args:    `{"group_id":"10596668","name":"updated-vcr0003","description":"updated-vcr0004","type":"DSTN_IP","addresses":["1.1.1.1","8.8.8.8"]}`,
			compare: []string{"name", "description", "type", "addresses"}},
		{tool: "zia_list_ip_destination_groups", args: `{}`, method: "GET", path: ziaDestGroups, result: "records"},
		{tool: "zia_delete_ip_destination_group", args: `{"group_id":"10596668"}`, method: "DELETE", path: ziaDestGroups + "/10596668", result: "deleted"},
	})
	// The one recorded read of the group, which the update above consumes.
	replayWeb(t, rec, []webCase{
		{tool: "zia_get_ip_destination_group", args: `{"group_id":"10596668"}`, method: "GET", path: ziaDestGroups + "/10596668", result: "records"},
	})
}

func TestZIANetworkServicesAgainstRecordedTraffic(t *testing.T) {
	const rec = "zia__TestCloudFirewallNetworkServices.yaml"
	ports := `[["dest","tcp","389"],["dest","udp","389"],["dest","tcp","636"],["dest","tcp","3268","3269"]]`
	replayWeb(t, rec, []webCase{
		// The port tuples become the API's port lists, the body exactly the recorded one.
		{tool: "zia_create_network_service", method: "POST", path: ziaNwServices, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","ports":` + ports + `}`},
		// Given ports replace every port list (the source lists are sent empty); the recorded ones match.
		{tool: "zia_update_network_service", method: "PUT", path: ziaNwServices + "/10596681", result: "records",
			args:    `{"service_id":"10596681","name":"updated-vcr0003","description":"updated-vcr0004","ports":` + ports + `}`,
			compare: []string{"name", "description", "destTcpPorts", "destUdpPorts"}},
		{tool: "zia_list_network_services", args: `{}`, method: "GET", path: ziaNwServices, result: "records"},
		{tool: "zia_delete_network_service", args: `{"service_id":"10596681"}`, method: "DELETE", path: ziaNwServices + "/10596681", result: "deleted"},
	})
	replayWeb(t, rec, []webCase{
		{tool: "zia_get_network_service", args: `{"service_id":"10596681"}`, method: "GET", path: ziaNwServices + "/10596681", result: "records"},
	})
	replayWeb(t, rec, []webCase{
		// Ports given as JSON text, as agents written for the reference send them.
		{tool: "zia_update_network_service", method: "PUT", path: ziaNwServices + "/10596681", result: "records",
			args:    `{"service_id":"10596681","name":"updated-vcr0003","description":"updated-vcr0004","ports":"` + escapeQuotes(ports) + `"}`,
			compare: []string{"name", "description", "destTcpPorts", "destUdpPorts"}},
	})
}

func TestZIANetworkAppGroupsAgainstRecordedTraffic(t *testing.T) {
	const groups = "/zia/api/v1/networkApplicationGroups"
	replayWeb(t, "zia__TestCloudFirewallNetworkAppGroup.yaml", []webCase{
		{tool: "zia_create_network_app_group", method: "POST", path: groups, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","network_applications":["APNS","APPSTORE","DICT"]}`},
		{tool: "zia_delete_network_app_group", args: `{"group_id":"10596679"}`, method: "DELETE", path: groups + "/10596679", result: "deleted"},
	})
}

func escapeQuotes(s string) string {
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}
