package contract

import "testing"

// TestZCCAgainstRecordedTraffic replays every recorded ZCC read that a
// catalogue tool makes: devices, forwarding profiles and trusted networks
// (an envelope with its records under trustedNetworkContracts).
func TestZCCAgainstRecordedTraffic(t *testing.T) {
	const v1 = "/zcc/papi/public/v1"
	profiles, networks := v1+"/webForwardingProfile/listByCompany", v1+"/webTrustedNetwork/listByCompany"
	runCases(t, []contractCase{
		{"zcc__TestDevice.yaml", "zcc_list_devices", `{"username":"adam.ashcroft@securitygeek.io","page":1,"page_size":10}`,
			"GET", v1 + "/getDevices", ""},
		{"zcc__TestDevice.yaml", "zcc_list_devices", `{"os_type":"macos","page":1,"page_size":5}`, "GET", v1 + "/getDevices", ""},
		{"zcc__TestForwardingProfile.yaml", "zcc_list_forwarding_profiles", `{}`, "GET", profiles, ""},
		{"zcc__TestForwardingProfile.yaml", "zcc_list_forwarding_profiles", `{"page":1,"page_size":10}`, "GET", profiles, ""},
		{"zcc__TestForwardingProfile.yaml", "zcc_list_forwarding_profiles", `{"search":"test"}`, "GET", profiles, ""},
		{"zcc__TestForwardingProfileExtended.yaml", "zcc_list_forwarding_profiles", `{"page":1,"page_size":1}`, "GET", profiles, ""},
		{"zcc__TestTrustedNetworks.yaml", "zcc_list_trusted_networks", `{}`, "GET", networks, "trustedNetworkContracts"},
		{"zcc__TestTrustedNetworks.yaml", "zcc_list_trusted_networks", `{"page":1,"page_size":10}`, "GET", networks, "trustedNetworkContracts"},
		{"zcc__TestTrustedNetworks.yaml", "zcc_list_trusted_networks", `{"search":"test"}`, "GET", networks, "trustedNetworkContracts"},
	})
}
