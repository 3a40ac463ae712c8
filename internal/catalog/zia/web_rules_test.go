package zia

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// ruleAPI answers a GET with current and any write with its body, and keeps
// every request.
type ruleAPI struct {
	current  string
	requests []*zscaler.Request
}

func (f *ruleAPI) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	f.requests = append(f.requests, req)
	if req.Method == "GET" {
		return &zscaler.Response{Status: 200, Body: []byte(f.current)}, nil
	}
	b, _ := json.Marshal(req.Body)
	return &zscaler.Response{Status: 200, Body: b}, nil
}

func (f *ruleAPI) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("not a list")
}

func TestRuleCreateSendsTheAPIsShape(t *testing.T) {
	for _, tc := range []struct {
		tool, args string
		want       map[string]string // member → its JSON
	}{
		{"zia_create_url_filtering_rule",
			`{"name":"R","action":"BLOCK","advanced":{"url_categories":"[\"GAMBLING\"]","locations":["33800101"],"groups":"[81450002, \"81450003\"]","labels":[{"id":"2210001","name":"x"}],"capture_pcap":true,"blockOverride":false}}`,
			map[string]string{"name": `"R"`, "action": `"BLOCK"`, "state": `"ENABLED"`, "order": "1", "rank": "7",
				"urlCategories": `["GAMBLING"]`, "locations": `[{"id":33800101}]`, "groups": `[{"id":81450002},{"id":81450003}]`,
				"labels": `[{"id":2210001,"name":"x"}]`, "capturePCAP": "true", "blockOverride": "false"}},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"ALLOW","enabled":false,"order":4,"rank":0}`,
			map[string]string{"name": `"R"`, "action": `"ALLOW"`, "state": `"DISABLED"`, "order": "4", "rank": "0"}},
	} {
		api := &ruleAPI{}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, tc.tool), json.RawMessage(tc.args))
		if res.Error != "" {
			t.Fatalf("%s %s: %s", tc.tool, tc.args, res.Error)
		}
		if len(api.requests) != 1 || api.requests[0].Method != "POST" {
			t.Fatalf("requests %+v", api.requests)
		}
		body := sentBody(t, api.requests[0])
		if len(body) != len(tc.want) {
			t.Errorf("%s: body %s, want exactly the members %v", tc.args, canon(body), tc.want)
		}
		for k, want := range tc.want {
			if got := canon(body[k]); got != want {
				t.Errorf("%s: %s = %s, want %s", tc.args, k, got, want)
			}
		}
	}
}

func TestRuleUpdateKeepsWhatWasNotGiven(t *testing.T) {
	api := &ruleAPI{current: `{"id":4410002,"name":"Caution Streaming","order":2,"rank":7,"state":"ENABLED","action":"CAUTION",` +
		`"groups":[{"id":81450002,"name":"Sales Team"}],"description":"R&amp;D &lt;lab&gt;","urlCategories":["STREAMING_MEDIA"]}`}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_update_url_filtering_rule"),
		json.RawMessage(`{"rule_id":"4410002","enabled":false,"advanced":{"protocols":"HTTPS_RULE, HTTP_RULE"}}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if len(api.requests) != 2 || api.requests[0].Method != "GET" || api.requests[1].Method != "PUT" ||
		api.requests[1].Path != api.requests[0].Path || !strings.HasSuffix(api.requests[1].Path, "/urlFilteringRules/4410002") {
		t.Fatalf("want a GET then a PUT of the rule, got %+v", api.requests)
	}
	want := `{"action":"CAUTION","description":"R\u0026amp;D \u0026lt;lab\u0026gt;","groups":[{"id":81450002,"name":"Sales Team"}],` +
		`"id":4410002,"name":"Caution Streaming","order":2,"protocols":["HTTPS_RULE","HTTP_RULE"],"rank":7,"state":"DISABLED","urlCategories":["STREAMING_MEDIA"]}`
	if got := canon(sentBody(t, api.requests[1])); got != want {
		t.Errorf("PUT body\n got %s\nwant %s", got, want)
	}
}

func TestRuleBadInputIsRefusedBeforeAnyRequest(t *testing.T) {
	for _, tc := range []struct{ tool, args, names string }{
		{"zia_create_url_filtering_rule", `{"name":"R"}`, "action is required"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","order":0}`, "order"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","rank":8}`, "rank"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","advanced":{"locations":"[1,"}}`, "advanced.locations"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","advanced":{"groups":["Sales"]}}`, "advanced.groups"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","advanced":{"protocols":"[\"HTTP_RULE\""}}`, "advanced.protocols"},
		{"zia_create_url_filtering_rule", `{"name":"R","action":"BLOCK","advanced":"{not json"}`, "advanced"},
		{"zia_update_url_filtering_rule", `{"rule_id":"4410001"}`, "nothing to change"},
		{"zia_update_url_filtering_rule", `{"rule_id":"","name":"x"}`, "rule_id"},
		{"zia_get_url_filtering_rule", `{}`, "rule_id is required"},
	} {
		api := &ruleAPI{current: `{"id":1}`}
		res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, tc.tool), json.RawMessage(tc.args))
		if res.Error == "" || !strings.Contains(res.Error, tc.names) {
			t.Errorf("%s %s: want an error naming %q, got %+v", tc.tool, tc.args, tc.names, res)
		}
		if len(api.requests) != 0 {
			t.Errorf("%s %s: %d requests sent", tc.tool, tc.args, len(api.requests))
		}
	}
}
