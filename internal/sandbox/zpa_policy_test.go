package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// zpaV2Path is a path under ZPA's v2 customer root.
func zpaV2Path(rest string) string { return "/zpa/mgmtconfig/v2/admin/customers/" + CustomerID + rest }

// Rules are kept per policy set in evaluation order: a new rule is listed
// last with the next ruleOrder, a deleted one closes its gap, an update keeps
// the rule in its set, and the rules of other types never show.
func TestZPAPolicyRulesInOrder(t *testing.T) {
	f := newFixture(t, Options{})
	var set object
	f.getJSON(zpaPath("/policySet/policyType/ACCESS_POLICY"), http.StatusOK, &set)
	sid := str(set["id"])
	if sid == "" || set["policyType"] != "1" || set["_type"] != nil {
		t.Fatalf("access policy set as served: %v", set)
	}
	resp, body := f.do(http.MethodGet, zpaPath("/policySet/policyType/NO_SUCH_POLICY"), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)

	rules := func(typ string) []object {
		env, _ := f.zpaList("/policySet/rules/policyType/" + typ)
		return env.List
	}
	wantOrder := func(list []object, want string) {
		t.Helper()
		for i, r := range list {
			if r["ruleOrder"] != strconv.Itoa(i+1) || (want != "" && (r["policySetId"] != want || r["policyType"] != "1")) {
				t.Errorf("rule %d as listed: order %v, set %v, type %v", i, r["ruleOrder"], r["policySetId"], r["policyType"])
			}
		}
	}
	before, timeouts := rules("ACCESS_POLICY"), len(rules("TIMEOUT_POLICY"))
	if len(before) < 2 {
		t.Fatalf("%d access rules seeded, want at least 2", len(before))
	}
	wantOrder(before, sid)

	resp, body = f.do(http.MethodPost, zpaV2Path("/policySet/"+sid+"/rule"), object{"name": "Added last", "action": "ALLOW"})
	wantStatus(t, resp, body, http.StatusCreated)
	id := str(mustObject(t, body)["id"])
	after := rules("ACCESS_POLICY")
	if len(after) != len(before)+1 || str(after[len(after)-1]["id"]) != id {
		t.Fatalf("after the create: %d rules, the last %v; want %d, the new one %s", len(after), after[len(after)-1]["id"], len(before)+1, id)
	}
	wantOrder(after, sid)
	if n := len(rules("TIMEOUT_POLICY")); n != timeouts {
		t.Errorf("the timeout rules went from %d to %d", timeouts, n)
	}

	resp, body = f.do(http.MethodPut, zpaV2Path("/policySet/"+sid+"/rule/"+id), object{"name": "Added last", "action": "DENY"})
	wantStatus(t, resp, body, http.StatusNoContent)
	var got object
	f.getJSON(zpaPath("/policySet/"+sid+"/rule/"+id), http.StatusOK, &got)
	if got["action"] != "DENY" || got["policySetId"] != sid || got["ruleOrder"] != strconv.Itoa(len(after)) {
		t.Errorf("after the update: %v", got)
	}

	resp, body = f.do(http.MethodDelete, zpaPath("/policySet/"+sid+"/rule/"+str(before[0]["id"])), nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	last := rules("ACCESS_POLICY")
	wantOrder(last, sid)
	if len(last) != len(before) || last[len(last)-1]["ruleOrder"] != strconv.Itoa(len(before)) {
		t.Errorf("after the delete: %d rules, the last at %v", len(last), last[len(last)-1]["ruleOrder"])
	}
	// A rule is found only in its own set.
	var other object
	f.getJSON(zpaPath("/policySet/policyType/TIMEOUT_POLICY"), http.StatusOK, &other)
	resp, body = f.do(http.MethodGet, zpaPath("/policySet/"+str(other["id"])+"/rule/"+id), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantJSONField(t, body, "id", "resource.not.found")
}

// A PRA portal shows the CNAME to publish for its domain, made from its id
// and the tenant's.
func TestZPAPRAPortalCName(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodPost, zpaPath("/praPortal"), object{"name": "Ops portal", "domain": "ops.northwind.example.com",
		"certificateId": "734512908613500101"})
	wantStatus(t, resp, body, http.StatusCreated)
	id := str(mustObject(t, body)["id"])
	var got object
	f.getJSON(zpaPath("/praPortal/"+id), http.StatusOK, &got)
	if want := id + "." + CustomerID + ".pra.p.zpa-app.example.net"; got["cName"] != want || got["certificateName"] == nil {
		t.Errorf("portal as read: cName %v (want %s), certificateName %v", got["cName"], want, got["certificateName"])
	}
}

// A PRA credential's secrets are taken and never shown: not in the create's
// answer, not in a read, not in the list.
func TestZPAPRACredentialSecretsWriteOnly(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodPost, zpaPath("/credential"), object{"name": "Ops login", "credentialType": "USERNAME_PASSWORD",
		"userName": "ops", "password": "Never-Shown-1", "privateKey": "KEY-NEVER-SHOWN"})
	wantStatus(t, resp, body, http.StatusCreated)
	id := str(mustObject(t, body)["id"])
	_, got := f.do(http.MethodGet, zpaPath("/credential/"+id), nil)
	_, list := f.do(http.MethodGet, zpaPath("/credential"), nil)
	for what, b := range map[string][]byte{"create": body, "get": got, "list": list} {
		if s := string(b); strings.Contains(s, "NEVER") || strings.Contains(s, "Never") || !strings.Contains(s, `"userName":"ops"`) {
			t.Errorf("%s answered %s", what, s)
		}
	}
}
