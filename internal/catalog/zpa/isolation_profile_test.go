package zpa

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// profilesAPI answers ZPA's isolation profiles with a recorded answer.
type profilesAPI struct {
	fakeAPI
	profiles []json.RawMessage
	listed   []string
}

func (f *profilesAPI) List(_ context.Context, req *zscaler.Request, _ zscaler.ListOptions) (*zscaler.ListResult, error) {
	f.listed = append(f.listed, req.Path)
	return &zscaler.ListResult{Records: f.profiles}, nil
}

// The SDK's isolation rule test read ZPA's isolation profiles and created
// its rule with one of them: the rule's zpnIsolationProfileId is that
// profile's id, not its CBI isolationProfileId. Named by the CBI id, as
// get_zpa_isolation_profile lists it, the tools send the same id the
// recorded create sent.
func TestIsolationRuleProfileAsRecorded(t *testing.T) {
	rec := shared.LoadRecording(t, "zpa__TestAccessPolicyIsolationRuleV1.yaml")
	var profiles []json.RawMessage
	var sentID string
	for _, in := range rec.Interactions {
		u, _ := url.Parse(in.Request.URI)
		switch {
		case in.Request.Method == "GET" && strings.HasSuffix(u.Path, "/isolation/profiles"):
			var env struct{ List []json.RawMessage }
			if err := json.Unmarshal([]byte(in.Response.Body.String), &env); err != nil {
				t.Fatal(err)
			}
			profiles = env.List
		case in.Request.Method == "POST" && in.Request.Body != nil && sentID == "":
			var body struct {
				ZpnIsolationProfileID string `json:"zpnIsolationProfileId"`
			}
			_ = json.Unmarshal([]byte(*in.Request.Body), &body)
			sentID = body.ZpnIsolationProfileID
		}
	}
	var cbiID string
	for _, p := range profiles {
		var prof struct{ ID, IsolationProfileID string }
		_ = json.Unmarshal(p, &prof)
		if prof.ID == sentID {
			cbiID = prof.IsolationProfileID
		}
	}
	if len(profiles) == 0 || sentID == "" || cbiID == "" {
		t.Fatalf("the recording has %d profiles, a create with profile %q, of CBI id %q", len(profiles), sentID, cbiID)
	}

	for _, name := range []string{"zpa_create_isolation_policy_rule", "zpa_update_isolation_policy_rule"} {
		api := &profilesAPI{fakeAPI: fakeAPI{rule: `{"id":"5","name":"r","action":"ISOLATE"}`}, profiles: profiles}
		args := `{"name":"r","action_type":"ISOLATE","zpn_isolation_profile_id":"` + cbiID + `"}`
		if strings.Contains(name, "update") {
			args = `{"rule_id":"5","zpn_isolation_profile_id":"` + cbiID + `"}`
		}
		res := (&catalog.Executor{API: api, CustomerID: "216196257331281920"}).Execute(context.Background(), toolNamed(t, name), json.RawMessage(args))
		if res.Error != "" {
			t.Fatalf("%s: %s", name, res.Error)
		}
		w := writes(api.sent)
		if len(w) != 1 || bodyJSON(t, w[0])["zpnIsolationProfileId"] != sentID {
			t.Errorf("%s sent %v, want zpnIsolationProfileId %s", name, w, sentID)
		}
		if len(api.listed) != 1 || api.listed[0] != "/zpa/mgmtconfig/v1/admin/customers/216196257331281920/isolation/profiles" {
			t.Errorf("%s listed %v", name, api.listed)
		}
	}

	// ZPA's id itself is sent as given, without a lookup.
	api := &profilesAPI{profiles: profiles}
	res := (&catalog.Executor{API: api, CustomerID: "216196257331281920"}).Execute(context.Background(), toolNamed(t, "zpa_create_isolation_policy_rule"),
		json.RawMessage(`{"name":"r","action_type":"ISOLATE","zpn_isolation_profile_id":"`+sentID+`"}`))
	if w := writes(api.sent); res.Error != "" || len(w) != 1 || bodyJSON(t, w[0])["zpnIsolationProfileId"] != sentID || len(api.listed) != 0 {
		t.Errorf("ZPA's id: %s, listed %v", res.Error, api.listed)
	}
}

// An id the API sends as a JSON number is sent on with every digit.
func TestRecordIDsKeepLargeNumbers(t *testing.T) {
	const cbiID = "dff035b0-ee81-42dd-ae35-1f988d202745"
	api := &profilesAPI{profiles: []json.RawMessage{json.RawMessage(`{"id":216196257331370023,"isolationProfileId":"` + cbiID + `"}`)}}
	res := (&catalog.Executor{API: api, CustomerID: "1"}).Execute(context.Background(), toolNamed(t, "zpa_create_isolation_policy_rule"),
		json.RawMessage(`{"name":"r","action_type":"ISOLATE","zpn_isolation_profile_id":"`+cbiID+`"}`))
	if w := writes(api.sent); res.Error != "" || len(w) != 1 || bodyJSON(t, w[0])["zpnIsolationProfileId"] != "216196257331370023" {
		t.Errorf("%s: sent %v", res.Error, w)
	}
}
