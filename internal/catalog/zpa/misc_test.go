package zpa

import (
	"encoding/json"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// Status codes keyed by code, each naming its log types, are narrowed code
// by code; grouped by log type, the group is taken whole.
func TestStatusCodesOfOneLogType(t *testing.T) {
	for _, c := range []struct{ answer, want string }{
		{`{"BRK_A":{"log_types":["zpn_trans_log"]},"ZPN_B":{"log_types":["zpn_auth_log"]},"C":{"log_types":["zpn_trans_log","zpn_auth_log"]}}`,
			`{"BRK_A":{"log_types":["zpn_trans_log"]},"C":{"log_types":["zpn_trans_log","zpn_auth_log"]}}`},
		{`{"zpn_trans_log":{"BRK_A":{"name":"BRK_A"}},"zpn_auth_log":{"ZPN_B":{}}}`, `{"BRK_A":{"name":"BRK_A"}}`},
	} {
		res, _ := run(t, "zpa_list_lss_status_codes", `{"log_type":"user_activity"}`, c.answer)
		var got struct {
			Kind  string
			Items json.RawMessage
		}
		if err := json.Unmarshal(res.Structured(), &got); err != nil || got.Kind != "status_codes" {
			t.Fatalf("%s: %s %v", res.Error, res.Structured(), err)
		}
		var a, b any
		_ = json.Unmarshal(got.Items, &a)
		_ = json.Unmarshal([]byte(c.want), &b)
		if ja, _ := json.Marshal(a); string(ja) != func() string { jb, _ := json.Marshal(b); return string(jb) }() {
			t.Errorf("items %s, want %s", got.Items, c.want)
		}
	}
}

// The service edge bodies carry the API's forms and names.
func TestServiceEdgeBodies(t *testing.T) {
	ex := &catalog.Executor{API: &recorder{}, CustomerID: "1"}
	for _, c := range []struct{ tool, args, want string }{
		{"zpa_create_service_edge_group", `{"name":"a","location":"b","latitude":"1","longitude":"2","is_public":true,"version_profile_id":"0"}`,
			`{"enabled":true,"isPublic":"TRUE","latitude":"1","location":"b","longitude":"2","name":"a","overrideVersionProfile":true,"versionProfileId":"0"}`},
		{"zpa_update_service_edge_group", `{"group_id":"5","grace_distance_value":12,"service_edge_ids":[],"override_version_profile":false,"version_profile_name":"Previous Default"}`,
			`{"graceDistanceValue":"12","overrideVersionProfile":false,"serviceEdges":[],"versionProfileId":"1"}`},
		{"zpa_bulk_delete_service_edges", `{"service_edge_ids":["5","6"]}`, `{"ids":["5","6"]}`},
	} {
		tl := find(t, c.tool)
		args, err := tl.ParseArgs(json.RawMessage(c.args))
		if err != nil {
			t.Fatal(err)
		}
		req, err := ex.Request(tl, args)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(req.Body); string(got) != c.want {
			t.Errorf("%s body %s, want %s", c.tool, got, c.want)
		}
	}
}
