package contract

import "testing"

// The v1-era recordings: the SDK created and updated rules through the v1
// endpoints, which no tool uses (creates and updates go to v2, as the
// reference does), and reordered them through .../reorder, which no tool of
// the reference offers. What they share with the tools are the reads and
// the deletes, replayed here against the v1 traffic as recorded.
func TestPolicyRulesAsRecordedByTheV1Tests(t *testing.T) {
	const access, aset, arule = "zpa__TestAccessPolicyRule.yaml", "216196257331281925", "216196257331404630"
	const isolation, iset, irule = "zpa__TestAccessPolicyIsolationRuleV1.yaml", "216196257331286609", "216196257331404617"
	const reorder, bulk = "zpa__TestAccessPolicyReorderRule.yaml", "zpa__TestAccessPolicyBulkReorderRule.yaml"
	rule := func(set, id string) string { return "/policySet/" + set + "/rule/" + id }
	cases := []zpaReplay{
		{file: access, tool: "zpa_list_access_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/ACCESS_POLICY"}, body: -1, want: 0, list: true},
		{file: access, tool: "zpa_get_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "GET " + rule(aset, arule)}, body: -1, want: 1},
		{file: access, tool: "zpa_delete_access_policy_rule", args: `{"rule_id":"` + arule + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "DELETE " + rule(aset, arule)}, body: -1, want: -1},
		{file: isolation, tool: "zpa_list_isolation_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/ISOLATION_POLICY"}, body: -1, want: 0, list: true},
		{file: isolation, tool: "zpa_get_isolation_policy_rule", args: `{"rule_id":"` + irule + `"}`,
			calls: []string{setOf + "ISOLATION_POLICY", "GET " + rule(iset, irule)}, body: -1, want: 1},
		{file: isolation, tool: "zpa_delete_isolation_policy_rule", args: `{"rule_id":"` + irule + `"}`,
			calls: []string{setOf + "ISOLATION_POLICY", "DELETE " + rule(iset, irule)}, body: -1, want: -1},
		{file: bulk, tool: "zpa_list_access_policy_rules", args: `{}`,
			calls: []string{"GET /policySet/rules/policyType/ACCESS_POLICY"}, body: -1, want: 0, list: true},
	}
	// Each rule the reorder tests made is deleted as they deleted it.
	for _, id := range []string{"216196257331404624", "216196257331404625", "216196257331404626", "216196257331404627", "216196257331404628"} {
		cases = append(cases, zpaReplay{file: reorder, tool: "zpa_delete_access_policy_rule", args: `{"rule_id":"` + id + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "DELETE " + rule(aset, id)}, body: -1, want: -1})
	}
	for _, id := range []string{"216196257331404619", "216196257331404620", "216196257331404621", "216196257331404622", "216196257331404623"} {
		cases = append(cases, zpaReplay{file: bulk, tool: "zpa_delete_access_policy_rule", args: `{"rule_id":"` + id + `"}`,
			calls: []string{setOf + "ACCESS_POLICY", "DELETE " + rule(aset, id)}, body: -1, want: -1})
	}
	runZPA(t, cases)
}

// The PRA approval test cleaned up after itself with the deletes of three
// tools. (Its fourth, of the application segment, sent forceDelete=true,
// a query parameter that zpa_delete_application_segment does not send, as
// the reference's tool does not.)
func TestDeletesAsRecordedByThePRAApprovalTest(t *testing.T) {
	const f = "zpa__TestPRAApproval.yaml"
	runZPA(t, []zpaReplay{
		{file: f, tool: "zpa_delete_segment_group", args: `{"group_id":"216196257331404688"}`,
			calls: []string{"DELETE /segmentGroup/216196257331404688"}, body: -1, want: -1},
		{file: f, tool: "zpa_delete_server_group", args: `{"group_id":"216196257331404689"}`,
			calls: []string{"DELETE /serverGroup/216196257331404689"}, body: -1, want: -1},
		{file: f, tool: "zpa_delete_app_connector_group", args: `{"group_id":"216196257331404687"}`,
			calls: []string{"DELETE /appConnectorGroup/216196257331404687"}, body: -1, want: -1},
	})
}
