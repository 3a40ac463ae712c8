package contract

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// The service edge groups, posture profiles and trusted networks, replayed
// against the SDK's recordings.
//
// Not replayed, for want of a recording of what the tools call:
// get_zpa_isolation_profile reads the CBI API's /cbiconfig/cbi/api/customers/{id}/profiles
// (as the reference does), while TestIsolationProfile and TestZPACBIProfile
// record /mgmtconfig/v1/.../isolation/profiles and /cbiconfig/.../zpaprofiles;
// no recording touches /inspectionProfile (TestAppProtectionCustomControl
// records /inspectionControls), /serviceEdge, /lssConfig or the LSS
// catalogues.
func TestZPAServiceEdgeGroupsAgainstRecordedTraffic(t *testing.T) {
	const seg = "216196257331404681"
	runZPA(t, []zpaReplay{
		{file: "zpa__TestServiceEdgeGroup.yaml", tool: "zpa_create_service_edge_group",
			args: `{"name":"tests-seg-vcr0001","description":"tests-seg-vcr0002","latitude":"37.33874","longitude":"-121.8852525",
				"location":"San Jose, CA, USA","upgrade_day":"SUNDAY","upgrade_time_in_secs":"66600","version_profile_id":"0","is_public":true}`,
			calls: []string{"POST /serviceEdgeGroup"}, body: 0, want: 0},
		{file: "zpa__TestServiceEdgeGroup.yaml", tool: "zpa_get_service_edge_group", args: `{"group_id":"` + seg + `"}`,
			calls: []string{"GET /serviceEdgeGroup/" + seg}, body: -1, want: 0},
		{file: "zpa__TestServiceEdgeGroup.yaml", tool: "zpa_update_service_edge_group",
			args:  `{"group_id":"` + seg + `","name":"tests-seg-vcr0001 Updated"}`,
			calls: []string{"GET /serviceEdgeGroup/" + seg, "PUT /serviceEdgeGroup/" + seg, "GET /serviceEdgeGroup/" + seg}, body: 1, want: 2},
		{file: "zpa__TestServiceEdgeGroup.yaml", tool: "zpa_list_service_edge_groups", args: `{}`,
			calls: []string{"GET /serviceEdgeGroup"}, body: -1, want: 0, list: true},
		{file: "zpa__TestServiceEdgeGroup.yaml", tool: "zpa_delete_service_edge_group", args: `{"group_id":"` + seg + `"}`,
			calls: []string{"DELETE /serviceEdgeGroup/" + seg}, body: -1, want: -1},
		{file: "zpa__TestPostureProfiles.yaml", tool: "get_zpa_posture_profile", args: `{}`,
			calls: []string{"GET /zpa/mgmtconfig/v2/admin/customers/{cid}/posture"}, body: -1, want: 0, list: true},
		// The recording read the first of two pages; so does the tool, asked for page 1.
		{file: "zpa__TestTrustedNetworks.yaml", tool: "get_zpa_trusted_network", args: `{"page":1}`,
			calls: []string{"GET /zpa/mgmtconfig/v2/admin/customers/{cid}/network"}, body: -1, want: 0, list: true},
	})
}

// Read by id, a posture profile or a trusted network is the v1 record,
// answered as a list of one.
func TestZPAProfileByIDAgainstRecordedTraffic(t *testing.T) {
	for _, c := range []struct{ file, tool, args, path string }{
		{"zpa__TestPostureProfiles.yaml", "get_zpa_posture_profile", `{"profile_id":"216196257331285223"}`, "/posture/216196257331285223"},
		{"zpa__TestTrustedNetworks.yaml", "get_zpa_trusted_network", `{"network_id":"216196257331372849"}`, "/network/216196257331372849"},
	} {
		t.Run(c.tool, func(t *testing.T) {
			rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
			res := replayExecutor(t, rp).Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			if res.Error != "" {
				t.Fatalf("tool failed: %s", res.Error)
			}
			want := "/zpa/mgmtconfig/v1/admin/customers/" + recordedCustomerID + c.path
			if len(rp.seen) != 1 || rp.seen[0].method != "GET" || rp.seen[0].path != want || rp.seen[0].interaction < 0 {
				t.Fatalf("sent %+v, want the recorded GET %s alone", rp.seen, want)
			}
			var sc struct{ Result []json.RawMessage }
			if err := json.Unmarshal(res.Structured(), &sc); err != nil || len(sc.Result) != 1 {
				t.Fatalf("structuredContent %s is not a list of one", res.Structured())
			}
			if got, rec := canonical(t, string(sc.Result[0])), canonical(t, rp.rec.Interactions[rp.seen[0].interaction].Response.Body.String); got != rec {
				t.Errorf("the record differs from the recorded answer\n got: %.400s\nwant: %.400s", got, rec)
			}
		})
	}
}
