package e2e

import (
	"strings"
	"testing"
)

// An isolation rule names its profile as get_zpa_isolation_profile lists it
// (a CBI UUID): the rule is written with ZPA's own id of that profile, the
// one the API takes. ZPA's id passes as it is; a UUID no profile has is
// refused, and no rule is written.
func TestIsolationRuleTakesTheProfileAsListed(t *testing.T) {
	tn := newTenant(t)
	s := start(t, stdio, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll))
	profiles := rows(t, ok(t, s, "get_zpa_isolation_profile", map[string]any{"name": "contractor isolation"}))
	if len(profiles) != 1 {
		t.Fatalf("get_zpa_isolation_profile by name: %v", profiles)
	}
	cbiID, _ := profiles[0]["id"].(string)
	if len(cbiID) != 36 {
		t.Fatalf("the CBI profile id %q is not a UUID", cbiID)
	}
	const zpaID = "734512908613800002" // ZPA's record of "Contractor Isolation" in the sandbox
	countRules := func() int { return len(rows(t, ok(t, s, "zpa_list_isolation_policy_rules", nil))) }
	before := countRules()

	created := ok(t, s, "zpa_create_isolation_policy_rule", map[string]any{"name": "Isolate contractors", "action_type": "isolate",
		"zpn_isolation_profile_id": cbiID})
	if created["zpnIsolationProfileId"] != zpaID {
		t.Fatalf("created with zpnIsolationProfileId %v, want ZPA's id %s of %s", created["zpnIsolationProfileId"], zpaID, cbiID)
	}
	ruleID, _ := created["id"].(string)
	got := ok(t, s, "zpa_get_isolation_policy_rule", map[string]any{"rule_id": ruleID})
	if got["zpnIsolationProfileId"] != zpaID {
		t.Errorf("read back: zpnIsolationProfileId %v", got["zpnIsolationProfileId"])
	}

	// Updated by ZPA's own id of another profile: sent as given.
	updated := ok(t, s, "zpa_update_isolation_policy_rule", map[string]any{"rule_id": ruleID, "zpn_isolation_profile_id": "734512908613800003"})
	if updated["zpnIsolationProfileId"] != "734512908613800003" {
		t.Errorf("updated with ZPA's id: %v", updated["zpnIsolationProfileId"])
	}
	// Updated by the CBI UUID again: translated on updates too.
	updated = ok(t, s, "zpa_update_isolation_policy_rule", map[string]any{"rule_id": ruleID, "zpn_isolation_profile_id": strings.ToUpper(cbiID)})
	if updated["zpnIsolationProfileId"] != zpaID {
		t.Errorf("updated with the CBI id: %v", updated["zpnIsolationProfileId"])
	}

	res := call(t, s, "zpa_create_isolation_policy_rule", map[string]any{"name": "Isolate nobody", "action_type": "ISOLATE",
		"zpn_isolation_profile_id": "00000000-0000-4000-8000-000000000000"})
	if !res.IsError || !strings.Contains(text(res), "zpn_isolation_profile_id") || !strings.Contains(text(res), "get_zpa_isolation_profile") {
		t.Errorf("an unknown CBI id: %s", text(res))
	}
	if n := countRules(); n != before+1 {
		t.Errorf("%d isolation rules, want %d: the refused create wrote one", n, before+1)
	}
}
