package contract

import "testing"

// The application server test, call by call. Its GET /server/summary is the
// SDK's id-and-name listing, which no tool reads.
func TestApplicationServersAsRecorded(t *testing.T) {
	const f, id = "zpa__TestApplicationServer.yaml", "216196257331404642"
	item := "/server/" + id
	runZPA(t, []zpaReplay{
		{file: f, tool: "zpa_create_application_server",
			args:  `{"name":"tests-srv-vcr0001","description":"tests-srv-vcr0002","address":"192.168.200.1"}`,
			calls: []string{"POST /server"}, body: 0, want: 0},
		{file: f, tool: "zpa_get_application_server", args: `{"server_id":"` + id + `"}`,
			calls: []string{"GET " + item}, body: -1, want: 0},
		{file: f, tool: "zpa_update_application_server", args: `{"server_id":"` + id + `","name":"tests-srv-vcr0001 Updated"}`,
			calls: []string{"GET " + item, "PUT " + item, "GET " + item}, body: 1, want: 2},
		{file: f, tool: "zpa_list_application_servers", args: `{}`, calls: []string{"GET /server"}, body: -1, want: 0, list: true},
		{file: f, tool: "zpa_delete_application_server", args: `{"server_id":"` + id + `"}`,
			calls: []string{"DELETE " + item}, body: -1, want: -1},
	})
}

// The provisioning key test made a connector group, then a key for it with
// the tenant's "Connector" enrollment certificate, looked up by name: what
// zpa_create_provisioning_key does when no certificate is given. The group's
// create and delete are other tools', replayed elsewhere.
func TestProvisioningKeysAsRecorded(t *testing.T) {
	const f, id, group = "zpa__TestAppConnectorGroupProvisioningKey.yaml", "58856", "216196257331404676"
	keys := "/associationType/CONNECTOR_GRP/provisioningKey"
	item := keys + "/" + id
	runZPA(t, []zpaReplay{
		{file: f, tool: "zpa_create_provisioning_key",
			args:  `{"key_type":"connector","name":"tests-pkacg-vcr0003","max_usage":2,"component_id":"` + group + `"}`,
			calls: []string{"GET /zpa/mgmtconfig/v2/admin/customers/{cid}/enrollmentCert", "POST " + keys}, body: 1, want: 1},
		{file: f, tool: "zpa_list_provisioning_keys", args: `{"key_type":"connector"}`,
			calls: []string{"GET " + keys}, body: -1, want: 0, list: true},
		{file: f, tool: "zpa_get_provisioning_key", args: `{"key_type":"CONNECTOR_GRP","key_id":"` + id + `"}`,
			calls: []string{"GET " + item}, body: -1, want: 0},
		// The SDK read the key once before its PUT; the tool reads it again after (ZPA answers 204).
		{file: f, tool: "zpa_update_provisioning_key", args: `{"key_type":"connector","key_id":"` + id + `","name":"tests-pkacg-vcr0003 Updated"}`,
			calls: []string{"GET " + item, "PUT " + item, "GET " + item}, body: 1, want: 2, again: []int{4}},
		{file: f, tool: "zpa_delete_provisioning_key", args: `{"key_type":"connector","key_id":"` + id + `"}`,
			calls: []string{"DELETE " + item}, body: -1, want: -1},
	})
}

// The enrollment certificate test looked each of the tenant's four up by
// name (search=name+EQ+<name>), as get_zpa_enrollment_certificate does.
func TestEnrollmentCertificatesAsRecorded(t *testing.T) {
	var cases []zpaReplay
	for _, name := range []string{"Root", "Client", "Connector", "Service Edge"} {
		cases = append(cases, zpaReplay{file: "zpa__TestEnrolmentCertificate.yaml", tool: "get_zpa_enrollment_certificate",
			args: `{"name":"` + name + `"}`, calls: []string{"GET /zpa/mgmtconfig/v2/admin/customers/{cid}/enrollmentCert"},
			body: -1, want: 0, list: true})
	}
	runZPA(t, cases)
}

// The browser access certificates, as the PRA tests listed them.
func TestBACertificatesAsRecorded(t *testing.T) {
	var cases []zpaReplay
	for _, f := range []string{"zpa__TestPRAPortal.yaml", "zpa__TestAccessPrivilegedConsoleV2.yaml"} {
		cases = append(cases, zpaReplay{file: f, tool: "zpa_list_ba_certificates", args: `{}`,
			calls: []string{"GET /zpa/mgmtconfig/v2/admin/customers/{cid}/clientlessCertificate/issued"}, body: -1, want: 0, list: true})
	}
	runZPA(t, cases)
}

// The SCIM tests resolved the IdP by name from the IdP list, then read its
// attributes and groups. The recorded group list is the first of 72 pages, so
// the tool reads that page only. The attribute's values
// (userconfig .../scimattribute/idpId/{idp}/attributeId/{id}) and zpa__TestIdP's
// IdP reads are endpoints no tool of the reference offers.
func TestSCIMAttributesAndGroupsAsRecorded(t *testing.T) {
	const attrs, groups, idp = "zpa__TestScimAttributes.yaml", "zpa__TestScimGroups.yaml", "216196257331285825"
	idps := "GET /zpa/mgmtconfig/v2/admin/customers/{cid}/idp"
	cases := []zpaReplay{
		{file: attrs, tool: "get_zpa_scim_attribute", args: `{"idp_name":"BD_Okta_Users"}`,
			calls: []string{idps, "GET /idp/" + idp + "/scimattribute"}, body: -1, want: 1, list: true},
		{file: attrs, tool: "get_zpa_scim_attribute", args: `{"idp_name":"BD_Okta_Users","attribute_id":"216196257331285839"}`,
			calls: []string{idps, "GET /idp/" + idp + "/scimattribute/216196257331285839"}, body: -1, want: 1, one: true},
		{file: groups, tool: "get_zpa_scim_group", args: `{"idp_name":"BD_Okta_Users","page":1}`,
			calls: []string{idps, "GET /zpa/userconfig/v1/customers/{cid}/scimgroup/idpId/" + idp}, body: -1, want: 1, list: true},
		{file: groups, tool: "get_zpa_scim_group", args: `{"scim_group_id":"3251059"}`,
			calls: []string{"GET /zpa/userconfig/v1/customers/{cid}/scimgroup/3251059"}, body: -1, want: 0, one: true},
	}
	// The policy tests looked the groups up the same way to build their conditions.
	for _, f := range []string{"zpa__TestAccessPolicyRule.yaml", "zpa__TestAccessPolicyRuleV2.yaml",
		"zpa__TestAccessPolicyTimeoutV2.yaml", "zpa__TestAccessPolicyIsolationRuleV1.yaml"} {
		cases = append(cases, zpaReplay{file: f, tool: "get_zpa_scim_group", args: `{"idp_name":"BD_Okta_Users","page":1}`,
			calls: []string{idps, "GET /zpa/userconfig/v1/customers/{cid}/scimgroup/idpId/" + idp}, body: -1, want: 1, list: true})
	}
	runZPA(t, cases)
}
