package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// The cloud firewall's objects: rules show them as {id, name}, a group or
// service a rule (or a service group) uses cannot be deleted, the protocol
// filter finds the seeded services by the protocols of their ports.
func TestZIAFirewallObjects(t *testing.T) {
	f := newFixture(t, Options{})
	var rule object
	f.getJSON("/zia/api/v1/firewallFilteringRules/1240008", http.StatusOK, &rule)
	if !hasRef(rule["destIpGroups"], "Embargoed Countries") {
		t.Errorf("destIpGroups %v", rule["destIpGroups"])
	}
	var group object
	f.getJSON("/zia/api/v1/networkServiceGroups/6680002", http.StatusOK, &group)
	if !hasRef(group["services"], "SSH") || !hasRef(group["services"], "RDP") {
		t.Errorf("services %v", group["services"])
	}
	if _, private := group["_usedBy"]; private {
		t.Errorf("a private member is on the wire: %v", group)
	}
	for path, user := range map[string]string{
		"/zia/api/v1/ipDestinationGroups/6660004":      "Block Embargoed Countries",
		"/zia/api/v1/ipSourceGroups/6650003":           "Guest Wi-Fi Web Only",
		"/zia/api/v1/networkServiceGroups/6680002":     "Contractors Restricted Egress",
		"/zia/api/v1/networkApplicationGroups/6670003": "Block Malicious Destinations",
		"/zia/api/v1/networkServices/7740017":          "Remote Admin",
	} {
		resp, body := f.do(http.MethodDelete, path, nil)
		wantStatus(t, resp, body, http.StatusBadRequest)
		if !strings.Contains(string(body), user) {
			t.Errorf("%s: %s does not name %s", path, body, user)
		}
	}
	resp, body := f.do(http.MethodDelete, "/zia/api/v1/ipSourceGroups/6650002", nil)
	wantStatus(t, resp, body, http.StatusNoContent)

	var udp []object
	f.getJSON("/zia/api/v1/networkServices?protocol=UDP", http.StatusOK, &udp)
	if len(udp) == 0 {
		t.Fatal("no UDP service")
	}
	for _, s := range udp {
		if s["destUdpPorts"] == nil && s["srcUdpPorts"] == nil {
			t.Errorf("%v has no UDP port", s["name"])
		}
	}
	var apps []object
	f.getJSON("/zia/api/v1/networkApplications?search=remote", http.StatusOK, &apps)
	if len(apps) != 2 {
		t.Errorf("%d apps, want RDP and TEAMVIEWER", len(apps))
	}
}
