package contract

import "testing"

func TestPRAPortalsAsRecorded(t *testing.T) {
	const f, id = "zpa__TestPRAPortal.yaml", "216196257331404675"
	item := "/praPortal/" + id
	runZPA(t, []zpaReplay{
		{file: f, tool: "zpa_list_pra_portals", args: `{}`, calls: []string{"GET /praPortal"}, body: -1, want: 0, list: true},
		{file: f, tool: "zpa_get_pra_portal", args: `{"portal_id":"` + id + `"}`, calls: []string{"GET " + item}, body: -1, want: 0},
		{file: f, tool: "zpa_create_pra_portal", args: `{"name":"tests-praport-vcr0001","description":"tests-praport-vcr0002","enabled":true,
			"domain":"tests-praport-vcr0003acme.com","certificate_id":"216196257331369559","user_notification_enabled":true,
			"user_notification":"zscaler_python_sdk Test PRA Portal"}`, calls: []string{"POST /praPortal"}, body: 0, want: 0},
		{file: f, tool: "zpa_update_pra_portal", args: `{"portal_id":"` + id + `","description":"tests-praport-vcr0001 Updated","domain":"tests-praport-vcr0004acme.com"}`,
			calls: []string{"GET " + item, "PUT " + item, "GET " + item}, body: 1, want: 2},
		{file: f, tool: "zpa_delete_pra_portal", args: `{"portal_id":"` + id + `"}`, calls: []string{"DELETE " + item}, body: -1, want: -1},
	})
}

const (
	accessConditions = `[{"operator":"OR","operands":[{"objectType":"CLIENT_TYPE","values":["zpn_client_type_exporter","zpn_client_type_zapp"]}]},` +
		`{"operator":"OR","operands":[{"objectType":"SCIM_GROUP","entryValues":[{"lhs":"216196257331285825","rhs":3251059},{"lhs":"216196257331285825","rhs":3251058}]}]}]`
	setOf = "GET /policySet/policyType/"
)

func TestPolicyRulesAsRecorded(t *testing.T) {
	const access, aset, arule = "zpa__TestAccessPolicyRuleV2.yaml", "216196257331281925", "216196257331404631"
	const timeout, tset, trule = "zpa__TestAccessPolicyTimeoutV2.yaml", "216196257331281926", "216196257331404633"
	const fwd, fset, frule = "zpa__TestAccessPolicyForwardingRuleV2.yaml", "216196257331281929", "216196257331404616"
	v1 := func(set, rule string) string { return "/policySet/" + set + "/rule/" + rule }
	v2 := func(set, rule string) string {
		return "/zpa/mgmtconfig/v2/admin/customers/{cid}/policySet/" + set + "/rule" + rule
	}
	runZPA(t, []zpaReplay{
		{file: access, tool: "zpa_list_access_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/ACCESS_POLICY"}, body: -1, want: 0, list: true},
		{file: access, tool: "zpa_get_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "GET " + v1(aset, arule)}, body: -1, want: 1},
		{file: access, tool: "zpa_create_access_policy_rule", args: `{"name":"tests-apr2-vcr0001","description":"Integration test Access Rule V2",
			"action_type":"allow","app_connector_group_ids":[],"app_server_group_ids":[],"conditions":` + accessConditions + `}`,
			calls: []string{setOf + "ACCESS_POLICY", "POST " + v2(aset, "")}, body: 1, want: 1},
		{file: access, tool: "zpa_update_access_policy_rule", args: `{"rule_id":"` + arule + `","description":"Updated V2 rule vcr0002",
			"app_connector_group_ids":[],"app_server_group_ids":[],"conditions":` + accessConditions + `}`,
			calls: []string{setOf + "ACCESS_POLICY", "GET " + v1(aset, arule), "PUT " + v2(aset, "/"+arule), "GET " + v1(aset, arule)},
			body:  2, want: 3, again: []int{5}},
		{file: access, tool: "zpa_delete_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "DELETE " + v1(aset, arule)}, body: -1, want: -1},
		{file: timeout, tool: "zpa_create_timeout_policy_rule", args: `{"name":"tests-aptr2-vcr0001","description":"Integration test Access Rule V2",
			"reauth_timeout":"3456000","reauth_idle_timeout":"2592000","conditions":` + accessConditions + `}`,
			calls: []string{setOf + "TIMEOUT_POLICY", "POST " + v2(tset, "")}, body: 1, want: 1},
		{file: timeout, tool: "zpa_list_timeout_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/TIMEOUT_POLICY"}, body: -1, want: 0, list: true},
		{file: timeout, tool: "zpa_delete_timeout_policy_rule", args: `{"rule_id":"` + trule + `"}`,
			calls: []string{setOf + "TIMEOUT_POLICY", "DELETE " + v1(tset, trule)}, body: -1, want: -1},
		{file: fwd, tool: "zpa_create_forwarding_policy_rule", args: `{"name":"tests-apfr2-vcr0001","description":"Integration test Client Forwarding Rule V2",
			"action_type":"INTERCEPT","conditions":[["client_type",["zpn_client_type_exporter","zpn_client_type_zapp"]]]}`,
			calls: []string{setOf + "CLIENT_FORWARDING_POLICY", "POST " + v2(fset, "")}, body: 1, want: 1},
		{file: fwd, tool: "zpa_get_forwarding_policy_rule", args: `{"rule_id":"` + frule + `"}`,
			calls: []string{setOf + "CLIENT_FORWARDING_POLICY", "GET " + v1(fset, frule)}, body: -1, want: 1},
		{file: fwd, tool: "zpa_list_forwarding_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/CLIENT_FORWARDING_POLICY"}, body: -1, want: 0, list: true},
	})
}
