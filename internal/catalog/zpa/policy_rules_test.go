package zpa

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// fakeAPI answers the policy set lookup and a rule read, and records what
// it was sent.
type fakeAPI struct {
	sent []*zscaler.Request
	rule string // the current rule a read answers
}

func (f *fakeAPI) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	f.sent = append(f.sent, req)
	switch {
	case strings.Contains(req.Path, "/policySet/policyType/"):
		return &zscaler.Response{Status: 200, Body: []byte(`{"id":"7001","policyType":"1"}`)}, nil
	case req.Method == "GET":
		return &zscaler.Response{Status: 200, Body: []byte(f.rule)}, nil
	}
	return &zscaler.Response{Status: 204}, nil
}

func (f *fakeAPI) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	return &zscaler.ListResult{}, nil
}

func toolNamed(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	for _, tl := range Tools() {
		if tl.Name == name {
			tl := tl
			return &tl
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

func writes(sent []*zscaler.Request) []*zscaler.Request {
	var out []*zscaler.Request
	for _, r := range sent {
		if r.Method != "GET" {
			out = append(out, r)
		}
	}
	return out
}

func bodyJSON(t *testing.T, r *zscaler.Request) map[string]any {
	t.Helper()
	b, _ := json.Marshal(r.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func TestConditionFormsBecomeTheV2Shape(t *testing.T) {
	want := `[{"operands":[{"objectType":"APP","values":["11","12"]},{"objectType":"APP_GROUP","values":["21"]}],"operator":"OR"},` +
		`{"operands":[{"entryValues":[{"lhs":"idp","rhs":"g1"},{"lhs":"idp","rhs":"g2"}],"objectType":"SCIM_GROUP"}],"operator":"AND"},` +
		`{"operands":[{"entryValues":[{"lhs":"udid","rhs":"true"}],"objectType":"POSTURE"}],"operator":"OR"}]`
	for name, in := range map[string]any{
		"tuples": []any{[]any{"app", []any{"11", "12"}}, []any{"APP_GROUP", []any{"21"}},
			[]any{"AND", []any{"scim_group", []any{[]any{"idp", "g1"}, []any{"idp", "g2"}}}}, []any{"posture", "udid", "true"}},
		"text": `[["app",["11","12"]],["app_group",["21"]],["AND",["scim_group",[["idp","g1"],["idp","g2"]]]],["posture","udid","true"]]`,
		"v2 objects": `[{"operands":[{"objectType":"APP","values":["11","12"]},{"object_type":"app_group","values":["21"]}]},` +
			`{"operator":"and","operands":[{"objectType":"SCIM_GROUP","entryValues":[{"lhs":"idp","rhs":"g1"},{"lhs":"idp","rhs":"g2"}]}]},` +
			`{"operands":[{"objectType":"POSTURE","entry_values":{"lhs":"udid","rhs":"true"}}]}]`,
		"read form": `[{"id":"1","operator":"OR","operands":[{"id":"2","objectType":"APP","lhs":"id","rhs":"11"},{"objectType":"APP","lhs":"id","rhs":"12"},{"objectType":"APP_GROUP","lhs":"id","rhs":"21"}]},` +
			`{"operator":"AND","operands":[{"objectType":"SCIM_GROUP","lhs":"idp","rhs":"g1","idpName":"x"},{"objectType":"SCIM_GROUP","lhs":"idp","rhs":"g2"}]},` +
			`{"operands":[{"objectType":"POSTURE","lhs":"udid","rhs":"true"}]}]`,
	} {
		got, err := convertConditions(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if b, _ := json.Marshal(got); string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, b, want)
		}
	}
}

// Bad input is the agent's error, naming the parameter and what it takes,
// and nothing is written.
func TestBadRuleInputSendsNoWrite(t *testing.T) {
	for _, c := range []struct{ tool, args, says string }{
		{"zpa_create_access_policy_rule", `{"name":"r","action_type":"PERMIT"}`, "action_type: must be one of ALLOW, DENY, REQUIRE_APPROVAL"},
		{"zpa_create_access_policy_rule", `{"name":"r","action_type":"ALLOW","conditions":[["USERS",["1"]]]}`, `conditions: condition 0: unknown object type "USERS"`},
		{"zpa_create_access_policy_rule", `{"name":"r","action_type":"ALLOW","conditions":"[[\"app\""}`, "conditions: the text is not a JSON list"},
		{"zpa_create_access_policy_rule", `{"name":"r","action_type":"ALLOW","conditions":[{"operands":[{"objectType":"SCIM_GROUP","values":["1"]}]}]}`, "SCIM_GROUP takes entryValues"},
		{"zpa_create_access_policy_rule", `{"name":"r","action_type":"ALLOW","conditions":[["app",[9007199254740993]]]}`, "JSON numbers this large"},
		{"zpa_create_isolation_policy_rule", `{"name":"r","action_type":"isolate"}`, "ISOLATE needs zpnIsolationProfileId (parameter zpn_isolation_profile_id)"},
		{"zpa_create_timeout_policy_rule", `{"name":"r","reauth_timeout":"2 days"}`, "reauth_timeout: must be a whole number of seconds"},
		{"zpa_update_forwarding_policy_rule", `{"rule_id":"5","action_type":"ALLOW"}`, "must be one of INTERCEPT, INTERCEPT_ACCESSIBLE, BYPASS"},
	} {
		api := &fakeAPI{rule: `{"id":"5","action":"INTERCEPT"}`}
		res := (&catalog.Executor{API: api, CustomerID: "1"}).Execute(context.Background(), toolNamed(t, c.tool), json.RawMessage(c.args))
		if res.Error == "" || !strings.Contains(res.Error, c.says) {
			t.Errorf("%s %s: error %q, want one saying %q", c.tool, c.args, res.Error, c.says)
		}
		if w := writes(api.sent); len(w) > 0 {
			t.Errorf("%s %s: sent %s %s", c.tool, c.args, w[0].Method, w[0].Path)
		}
	}
}

// The policy set is looked up once per executor and policy type, and an
// update keeps the conditions it was not given, in the form the write takes.
func TestPolicySetLookedUpOnceAndConditionsKept(t *testing.T) {
	api := &fakeAPI{rule: `{"id":"5","name":"r","action":"ALLOW","description":"old","conditions":[{"id":"9","operator":"OR","negated":false,` +
		`"operands":[{"id":"10","objectType":"APP","lhs":"id","rhs":"11","name":"Git"}]}]}`}
	exec := &catalog.Executor{API: api, CustomerID: "1"}
	for i := 0; i < 2; i++ {
		if res := exec.Execute(context.Background(), toolNamed(t, "zpa_update_access_policy_rule"), json.RawMessage(`{"rule_id":"5","description":"new"}`)); res.Error != "" {
			t.Fatal(res.Error)
		}
	}
	lookups := 0
	for _, r := range api.sent {
		if strings.Contains(r.Path, "/policySet/policyType/ACCESS_POLICY") {
			lookups++
		}
	}
	if lookups != 1 {
		t.Errorf("%d policy set lookups for two calls, want 1", lookups)
	}
	put := writes(api.sent)[0]
	if put.Path != "/zpa/mgmtconfig/v2/admin/customers/1/policySet/7001/rule/5" {
		t.Errorf("PUT %s", put.Path)
	}
	body := bodyJSON(t, put)
	conds, _ := json.Marshal(body["conditions"])
	if body["description"] != "new" || body["name"] != "r" || string(conds) != `[{"negated":false,"operands":[{"objectType":"APP","values":["11"]}],"operator":"OR"}]` {
		t.Errorf("PUT body %v, conditions %s", body, conds)
	}
}

func TestIsolationRuleGetsTheExporterClientType(t *testing.T) {
	api := &fakeAPI{}
	res := (&catalog.Executor{API: api, CustomerID: "1"}).Execute(context.Background(), toolNamed(t, "zpa_create_isolation_policy_rule"),
		json.RawMessage(`{"name":"r","action_type":"ISOLATE","zpn_isolation_profile_id":"3","conditions":[["app",["11"]]]}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	conds, _ := json.Marshal(bodyJSON(t, writes(api.sent)[0])["conditions"])
	if !strings.Contains(string(conds), `{"objectType":"CLIENT_TYPE","values":["zpn_client_type_exporter"]}`) || !strings.Contains(string(conds), `"APP"`) {
		t.Errorf("conditions %s", conds)
	}
}
