package zms

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const cid = "72058304855015424"

// answers replies the n-th request with the n-th answer and keeps what was sent.
type answers struct {
	replies []string
	sent    []map[string]any
}

func (a *answers) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	if req.Method != "POST" || req.Path != "/zms/graphql" || req.Service != zscaler.ZMS {
		return nil, errors.New("not a ZMS GraphQL request: " + req.Method + " " + req.Path)
	}
	b, _ := json.Marshal(req.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	a.sent = append(a.sent, m)
	return &zscaler.Response{Status: 200, Body: []byte(a.replies[min(len(a.sent), len(a.replies))-1])}, nil
}

func (a *answers) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("ZMS lists page themselves")
}

func run(t *testing.T, name, args string, replies ...string) (*catalog.Result, *answers) {
	t.Helper()
	for _, tl := range Tools() {
		if tl.Name == name {
			api := &answers{replies: replies}
			return (&catalog.Executor{API: api, CustomerID: cid}).Execute(context.Background(), &tl, json.RawMessage(args)), api
		}
	}
	t.Fatalf("no tool %s", name)
	return nil, nil
}

func vars(sent map[string]any) map[string]any { v, _ := sent["variables"].(map[string]any); return v }

func conn(field string, totalPages int, nodes ...string) string {
	return `{"data":{"` + field + `":{"nodes":[` + strings.Join(nodes, ",") + `],"pageInfo":{"pageNumber":1,"pageSize":2,"totalCount":9,"totalPages":` + string(rune('0'+totalPages)) + `}}}}`
}

func TestEveryRowHasItsDocument(t *testing.T) {
	for _, tl := range Tools() {
		if err := tl.Check(); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(Document("GetNonce"), "nonce(customerId: $customerId, eyezId: $eyezId)") {
		t.Error("GetNonce's document is not the API's")
	}
}

func TestListsReadEveryPageOrTheOneAsked(t *testing.T) {
	res, api := run(t, "zms_list_agents", `{}`, conn("agents", 2, `{"name":"a"}`), conn("agents", 2, `{"name":"b"}`))
	if res.Error != "" || len(res.Records) != 2 || len(api.sent) != 2 {
		t.Fatalf("every page: %+v, sent %v", res, api.sent)
	}
	if v := vars(api.sent[1]); v["page"] != 2.0 || v["pageSize"] != 100.0 || v["customerId"] != cid || api.sent[1]["operationName"] != "ListAgents" {
		t.Errorf("second page sent %v", api.sent[1])
	}
	res, api = run(t, "zms_list_resources", `{"page_num":1}`, conn("resources", 2, `{"name":"a"}`))
	if len(api.sent) != 1 || vars(api.sent[0])["pageSize"] != 20.0 || !strings.Contains(strings.Join(res.Notes, " "), "page_num=2") {
		t.Errorf("one page: %+v, sent %v", res, api.sent)
	}
	_, api = run(t, "zms_list_policy_rules", `{"fetch_all":true}`, conn("policyRules", 3, `{"id":"1"}`))
	if len(api.sent) != 1 || vars(api.sent[0])["fetchAll"] != true {
		t.Errorf("fetch_all sent %v", api.sent)
	}
}

func TestFiltersAreTheAPIsInputObjects(t *testing.T) {
	_, api := run(t, "zms_list_resources", `{"name":"web","cloud_provider":"AWS","sort_order":"DESC"}`, conn("resources", 1))
	v := vars(api.sent[0])
	want := map[string]any{"name": map[string]any{"contains": "web"}, "cloudProvider": map[string]any{"equals": "AWS"}}
	if !reflect.DeepEqual(v["filter"], want) || !reflect.DeepEqual(v["orderBy"], map[string]any{"name": "DESC"}) || v["includeDeleted"] != false {
		t.Errorf("variables %v", v)
	}
	_, api = run(t, "zms_list_app_catalog", `{"sort_by":"creation_time"}`, conn("appCatalog", 1))
	if got := vars(api.sent[0])["orderBy"]; !reflect.DeepEqual(got, map[string]any{"creationTime": "ASC"}) {
		t.Errorf("app catalogue order %v", got)
	}
	_, api = run(t, "zms_list_tag_values", `{"tag_id":"k1","namespace_origin":"ML","name":"prod"}`, conn("tagValues", 1))
	if v := vars(api.sent[0]); v["tagId"] != "k1" || v["namespaceOrigin"] != "ML" || !reflect.DeepEqual(v["filter"], map[string]any{"name": map[string]any{"contains": "prod"}}) {
		t.Errorf("tag values variables %v", v)
	}
}

func TestBadInputIsRefusedBeforeTheCall(t *testing.T) {
	for name, args := range map[string]string{
		"zms_list_tag_values":  `{"tag_id":"k1","namespace_origin":"SOMEWHERE"}`,
		"zms_list_agents":      `{"sort_dir":"UP"}`,
		"zms_get_nonce":        `{}`,
		"zms_list_app_catalog": `{"page_size":500}`,
	} {
		res, api := run(t, name, args, `{}`)
		if res.Error == "" || len(api.sent) != 0 {
			t.Errorf("%s(%s): %+v, sent %v", name, args, res, api.sent)
		}
	}
}

func TestGraphQLErrorsAreToolErrors(t *testing.T) {
	forbidden := `{"errors":[{"message":"Access denied","path":["agents"],"extensions":{"code":"FORBIDDEN","http_status":403,"classification":"INTERNAL_ERROR"}}],"data":{"agents":null}}`
	partial := `{"errors":[{"message":"boom","extensions":{"classification":"DataFetchingException"}}],"data":{"agents":{"nodes":[{"name":"a"}],"pageInfo":{"totalPages":1}}}}`
	for answer, want := range map[string]string{forbidden: "FORBIDDEN: Access denied", partial: "DataFetchingException: boom"} {
		res, _ := run(t, "zms_list_agents", `{}`, answer)
		if !strings.Contains(res.Error, want) || res.Records != nil {
			t.Errorf("%s: %+v, want an error naming %q", answer, res, want)
		}
	}
	var tl catalog.Tool
	for _, x := range Tools() {
		if x.Name == "zms_list_agents" {
			tl = x
		}
	}
	res := (&catalog.Executor{API: &answers{}}).Execute(context.Background(), &tl, json.RawMessage(`{}`))
	if !strings.Contains(res.Error, "ZSCALER_CUSTOMER_ID") {
		t.Errorf("without a customer id: %+v", res)
	}
}

func TestViews(t *testing.T) {
	res, api := run(t, "zms_get_agent_group_totp_secrets", `{"eyez_id":"g1"}`,
		`{"data":{"agentGroupTotpSecrets":{"eyezId":"g1","totpSecret":"S","totpQrCode":"Q","totpGenerationTimestamp":"T"}}}`)
	if got := string(res.Structured()); res.Error != "" || !strings.Contains(got, `"eyez_id":"g1"`) || !strings.Contains(got, `"totpSecret":"S"`) || vars(api.sent[0])["eyezId"] != "g1" {
		t.Errorf("TOTP secrets: %s %s", got, res.Error)
	}
	res, _ = run(t, "zms_get_resource_protection_status", `{}`, conn("resourceProtectionStatus", 1, `{"totalResources":3}`))
	if got := string(res.Structured()); !strings.HasPrefix(got, `{"data":{"nodes":`) {
		t.Errorf("aggregate: %s", got)
	}
	res, _ = run(t, "zms_get_agent_version_statistics", `{}`, `{"data":{"agentVersionStatistics":{"totalCount":3}}}`)
	if got := string(res.Structured()); got != `{"totalCount":3}` {
		t.Errorf("statistics: %s", got)
	}
}
