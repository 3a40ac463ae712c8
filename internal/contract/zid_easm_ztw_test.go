package contract

import "testing"

// beyondRecording is, for a list whose recording stops after its first
// page, what the replay answers for the next (the list ends there) and the
// offset that next page must be asked at. The recorded EASM findings page
// is the first of 79472: its next_link names offset=20 after 100 records,
// and the tool must go on after the 100 it read.
var beyondRecording = map[string]struct{ body, offset string }{
	"zeasm_list_findings": {`{"results":[],"total_results":79472,"next_link":""}`, "100"},
}

// TestIdentityEASMAndConnectorAgainstRecordedTraffic replays every recorded
// ZIdentity, EASM and ZTW call that a catalogue tool makes.
func TestIdentityEASMAndConnectorAgainstRecordedTraffic(t *testing.T) {
	const easmOrg, easmFinding = "3f61a446-1a0d-11f0-94e8-8a5f4d45e80c", "8abfc6a2b3058cb75de44c4c65ca4641"
	easm := "/easm/easm-ui/v1/organizations/" + easmOrg
	finding := `{"org_id":"` + easmOrg + `","finding_id":"` + easmFinding + `"}`
	runCases(t, []contractCase{
		// ZIdentity: the recorded list names a next page; offset 0 reads the recorded one only.
		{"zid__TestUsers.yaml", "zid_list_users", `{"offset":0}`, "GET", "/ziam/admin/api/v1/users", "records"},
		{"zid__TestUsers.yaml", "zid_get_user", `{"user_id":"iidkfk0g906h3"}`, "GET", "/ziam/admin/api/v1/users/iidkfk0g906h3", ""},
		{"zeasm__TestOrganizations.yaml", "zeasm_list_organizations", `{}`, "GET", "/easm/easm-ui/v1/organizations", "results"},
		{"zeasm__TestFindings.yaml", "zeasm_list_organizations", `{}`, "GET", "/easm/easm-ui/v1/organizations", "results"},
		{"zeasm__TestFindings.yaml", "zeasm_list_findings", `{"org_id":"` + easmOrg + `"}`, "GET", easm + "/findings", "results"},
		{"zeasm__TestFindings.yaml", "zeasm_get_finding_details", finding, "GET", easm + "/findings/" + easmFinding + "/details", ""},
		{"zeasm__TestFindings.yaml", "zeasm_get_finding_evidence", finding, "GET", easm + "/findings/" + easmFinding + "/evidence", ""},
		{"zeasm__TestFindings.yaml", "zeasm_get_finding_scan_output", finding, "GET", easm + "/findings/" + easmFinding + "/scan-output", ""},
		{"ztw__TestAdminRole.yaml", "ztw_list_roles", `{}`, "GET", "/ztw/api/v1/adminRoles", ""},
	})
}
