package contract

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// recordedCall is one tool call replayed against a recording: the requests
// it must send, in order, each met by a recorded interaction, and where the
// expected result sits.
type recordedCall struct {
	file, tool, args string
	// sends is the requests, "METHOD path-under-the-ZPA-root", in order.
	sends []string
	// result is the index in sends of the request whose recorded answer is
	// the result ("list": its records); -1 for a delete.
	result int
	list   bool
	// again are interactions the call may meet twice (a GET the SDK made
	// once where the tool reads the record again after writing).
	again []int
}

// replayCall runs one call and checks it as recorded: method, path and query
// of each request, the body of each write in the fields the recording's
// body has, and the structured result equal to the recorded records.
func replayCall(t *testing.T, c recordedCall) *catalog.Result {
	t.Helper()
	rec := shared.LoadRecording(t, c.file)
	for _, i := range c.again {
		rec.Interactions = append(rec.Interactions, rec.Interactions[i])
	}
	rp := &replay{rec: rec, used: map[int]bool{}}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	client, err := zscaler.New(zscaler.Options{
		BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: "replay", ClientSecret: "replay"},
		Limits:      zscaler.Unlimited(),
	})
	if err != nil {
		t.Fatal(err)
	}
	exec := &catalog.Executor{API: client, CustomerID: recordedCustomerID}
	res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
	if res.Error != "" {
		t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
	}
	if len(rp.seen) != len(c.sends) {
		t.Fatalf("sent %d requests, want %d: %+v", len(rp.seen), len(c.sends), rp.seen)
	}
	root := "/zpa/mgmtconfig/"
	for i, want := range c.sends {
		s := rp.seen[i]
		method, path, _ := strings.Cut(want, " ")
		path = root + strings.ReplaceAll(path, "{cid}", recordedCustomerID)
		if s.method != method || s.path != path || s.interaction < 0 {
			t.Fatalf("request %d: sent %s %s?%s, want the recorded %s %s", i, s.method, s.path, s.query.Encode(), method, path)
		}
		in := rp.rec.Interactions[s.interaction]
		if method != "GET" && method != "DELETE" && in.Request.Body != nil {
			recordedFieldsSent(t, s.body, *in.Request.Body)
		}
	}
	if c.result < 0 {
		return res
	}
	in := rp.rec.Interactions[rp.seen[c.result].interaction]
	want := canonical(t, in.Response.Body.String)
	if c.list {
		var env map[string]json.RawMessage
		_ = json.Unmarshal([]byte(in.Response.Body.String), &env)
		want = canonical(t, string(env["list"]))
	}
	got := canonical(t, string(res.Structured()))
	if res.Records != nil {
		var sc struct{ Result json.RawMessage }
		_ = json.Unmarshal(res.Structured(), &sc)
		got = canonical(t, string(sc.Result))
	}
	if got != want {
		t.Errorf("structuredContent differs from the recorded records\n got: %.800s\nwant: %.800s", got, want)
	}
	return res
}

// recordedFieldsSent checks that every field of the recorded body was sent
// with the recorded value. A null in the recording is the SDK's "not set",
// which a tool that keeps the current values does not send as null.
func recordedFieldsSent(t *testing.T, sent []byte, recorded string) {
	t.Helper()
	var got, want map[string]json.RawMessage
	if err := json.Unmarshal(sent, &got); err != nil {
		t.Fatalf("the body sent is not an object: %.300s", sent)
	}
	if err := json.Unmarshal([]byte(recorded), &want); err != nil {
		t.Fatalf("the recorded body is not an object: %.300s", recorded)
	}
	for k, v := range want {
		if string(v) == "null" {
			continue
		}
		if g, ok := got[k]; !ok || canonical(t, string(g)) != canonical(t, string(v)) {
			t.Errorf("body field %s = %s, recorded %s", k, g, v)
		}
	}
}

func TestPRAPortalsAsRecorded(t *testing.T) {
	const f, id = "zpa__TestPRAPortal.yaml", "216196257331404675"
	item := "v1/admin/customers/{cid}/praPortal/" + id
	for _, c := range []recordedCall{
		{f, "zpa_list_pra_portals", `{}`, []string{"GET v1/admin/customers/{cid}/praPortal"}, 0, true, nil},
		{f, "zpa_get_pra_portal", `{"portal_id":"` + id + `"}`, []string{"GET " + item}, 0, false, nil},
		{f, "zpa_create_pra_portal", `{"name":"tests-praport-vcr0001","description":"tests-praport-vcr0002","enabled":true,
			"domain":"tests-praport-vcr0003acme.com","certificate_id":"216196257331369559","user_notification_enabled":true,
			"user_notification":"zscaler_python_sdk Test PRA Portal"}`, []string{"POST v1/admin/customers/{cid}/praPortal"}, 0, false, nil},
		{f, "zpa_update_pra_portal", `{"portal_id":"` + id + `","description":"tests-praport-vcr0001 Updated","domain":"tests-praport-vcr0004acme.com"}`,
			[]string{"GET " + item, "PUT " + item, "GET " + item}, 2, false, nil},
		{f, "zpa_delete_pra_portal", `{"portal_id":"` + id + `"}`, []string{"DELETE " + item}, -1, false, nil},
	} {
		t.Run(c.tool, func(t *testing.T) { replayCall(t, c) })
	}
}

const (
	accessConditions = `[{"operator":"OR","operands":[{"objectType":"CLIENT_TYPE","values":["zpn_client_type_exporter","zpn_client_type_zapp"]}]},` +
		`{"operator":"OR","operands":[{"objectType":"SCIM_GROUP","entryValues":[{"lhs":"216196257331285825","rhs":3251059},{"lhs":"216196257331285825","rhs":3251058}]}]}]`
	setOf = "GET v1/admin/customers/{cid}/policySet/policyType/"
)

func TestPolicyRulesAsRecorded(t *testing.T) {
	const access, aset, arule = "zpa__TestAccessPolicyRuleV2.yaml", "216196257331281925", "216196257331404631"
	const timeout, tset, trule = "zpa__TestAccessPolicyTimeoutV2.yaml", "216196257331281926", "216196257331404633"
	const fwd, fset, frule = "zpa__TestAccessPolicyForwardingRuleV2.yaml", "216196257331281929", "216196257331404616"
	v1 := func(set, rule string) string { return "v1/admin/customers/{cid}/policySet/" + set + "/rule/" + rule }
	v2 := func(set, rule string) string { return "v2/admin/customers/{cid}/policySet/" + set + "/rule" + rule }
	for _, c := range []recordedCall{
		{file: access, tool: "zpa_list_access_policy_rules", args: `{}`,
			sends: []string{"GET v1/admin/customers/{cid}/policySet/rules/policyType/ACCESS_POLICY"}, list: true},
		{file: access, tool: "zpa_get_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			sends: []string{setOf + "ACCESS_POLICY", "GET " + v1(aset, arule)}, result: 1},
		{file: access, tool: "zpa_create_access_policy_rule", args: `{"name":"tests-apr2-vcr0001","description":"Integration test Access Rule V2",
			"action_type":"allow","app_connector_group_ids":[],"app_server_group_ids":[],"conditions":` + accessConditions + `}`,
			sends: []string{setOf + "ACCESS_POLICY", "POST " + v2(aset, "")}, result: 1},
		{file: access, tool: "zpa_update_access_policy_rule", args: `{"rule_id":"` + arule + `","description":"Updated V2 rule vcr0002",
			"app_connector_group_ids":[],"app_server_group_ids":[],"conditions":` + accessConditions + `}`,
			sends:  []string{setOf + "ACCESS_POLICY", "GET " + v1(aset, arule), "PUT " + v2(aset, "/"+arule), "GET " + v1(aset, arule)},
			result: 3, again: []int{5}},
		{file: access, tool: "zpa_delete_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			sends: []string{setOf + "ACCESS_POLICY", "DELETE " + v1(aset, arule)}, result: -1},
		{file: timeout, tool: "zpa_create_timeout_policy_rule", args: `{"name":"tests-aptr2-vcr0001","description":"Integration test Access Rule V2",
			"reauth_timeout":"3456000","reauth_idle_timeout":"2592000","conditions":` + accessConditions + `}`,
			sends: []string{setOf + "TIMEOUT_POLICY", "POST " + v2(tset, "")}, result: 1},
		{file: timeout, tool: "zpa_list_timeout_policy_rules", args: `{}`,
			sends: []string{"GET v1/admin/customers/{cid}/policySet/rules/policyType/TIMEOUT_POLICY"}, list: true},
		{file: timeout, tool: "zpa_delete_timeout_policy_rule", args: `{"rule_id":"` + trule + `"}`,
			sends: []string{setOf + "TIMEOUT_POLICY", "DELETE " + v1(tset, trule)}, result: -1},
		{file: fwd, tool: "zpa_create_forwarding_policy_rule", args: `{"name":"tests-apfr2-vcr0001","description":"Integration test Client Forwarding Rule V2",
			"action_type":"INTERCEPT","conditions":[["client_type",["zpn_client_type_exporter","zpn_client_type_zapp"]]]}`,
			sends: []string{setOf + "CLIENT_FORWARDING_POLICY", "POST " + v2(fset, "")}, result: 1},
		{file: fwd, tool: "zpa_get_forwarding_policy_rule", args: `{"rule_id":"` + frule + `"}`,
			sends: []string{setOf + "CLIENT_FORWARDING_POLICY", "GET " + v1(fset, frule)}, result: 1},
		{file: fwd, tool: "zpa_list_forwarding_policy_rules", args: `{}`,
			sends: []string{"GET v1/admin/customers/{cid}/policySet/rules/policyType/CLIENT_FORWARDING_POLICY"}, list: true},
	} {
		t.Run(c.tool, func(t *testing.T) {
			res := replayCall(t, c)
			if c.result < 0 {
				if got := string(res.Structured()); !strings.Contains(got, `"deleted":true`) || !strings.Contains(got, c.sends[1][strings.LastIndex(c.sends[1], "/")+1:]) {
					t.Errorf("delete result %s", got)
				}
			}
		})
	}
}
