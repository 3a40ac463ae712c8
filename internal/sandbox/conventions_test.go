package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Each convention's engine, over its sample resource.

func keysOf(t *testing.T, body []byte) []string {
	t.Helper()
	rec, err := parseRecord(body)
	if err != nil {
		t.Fatalf("not an object: %s", body)
	}
	return rec.keys
}

func TestZTWConvention(t *testing.T) {
	f := newFixture(t, Options{})
	var all, page []object
	f.getJSON("/ztw/api/v1/ipGroups", http.StatusOK, &all)
	f.getJSON("/ztw/api/v1/ipGroups?page=2&pageSize=3", http.StatusOK, &page)
	if len(all) != 4 || len(page) != 1 || page[0]["id"] != all[3]["id"] {
		t.Fatalf("%d groups, page 2 of 3: %v", len(all), page)
	}
	var status object
	f.getJSON("/ztw/api/v1/ecAdminActivateStatus", http.StatusOK, &status)
	if status["orgEditStatus"] != "EDITS_CLEARED" {
		t.Fatalf("initial status %v", status)
	}
	resp, body := f.do(http.MethodPost, "/ztw/api/v1/ipGroups", object{"name": "Lab Hosts", "description": "x", "ipAddresses": []string{"10.9.0.0/16"}})
	wantStatus(t, resp, body, http.StatusOK)
	created := mustObject(t, body)
	id := num(created["id"])
	if id == 0 || created["creatorContext"] != "EC" || created["isNonEditable"] != false {
		t.Fatalf("created %s (want the template's defaults filled in)", body)
	}
	f.getJSON("/ztw/api/v1/ecAdminActivateStatus", http.StatusOK, &status)
	if status["orgEditStatus"] != "EDITS_PRESENT" || status["adminActivateStatus"] != "ADM_EDITING" {
		t.Errorf("status after a write %v", status)
	}
	resp, body = f.do(http.MethodPost, "/ztw/api/v1/ipGroups", object{"name": "lab hosts"})
	wantStatus(t, resp, body, http.StatusConflict)
	resp, body = f.do(http.MethodPost, "/ztw/api/v1/ipGroups", object{"name": 7})
	wantStatus(t, resp, body, http.StatusBadRequest)
	resp, body = f.do(http.MethodPut, "/ztw/api/v1/ecAdminActivateStatus/activate", object{})
	wantStatus(t, resp, body, http.StatusOK)
	wantJSONField(t, body, "orgEditStatus", "EDITS_CLEARED")
	f.tenant.InjectFault(Fault{Status: 429, PathPrefix: "/ztw/"})
	resp, body = f.do(http.MethodGet, "/ztw/api/v1/ipGroups", nil)
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	wantJSONField(t, body, "message", "Rate Limit (1/SECOND) exceeded")
	resp, body = f.do(http.MethodGet, "/ztw/api/v1/nothing", nil)
	if resp.StatusCode != http.StatusNotFound || len(body) != 0 {
		t.Errorf("unknown ZTW path: %d %q", resp.StatusCode, body)
	}
}

func TestZIdentityConvention(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodGet, "/ziam/admin/api/v1/users?limit=5", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if got := keysOf(t, body); !slices.Equal(got, []string{"pageOffset", "pageSize", "totalRecord", "records", "next_link", "results_total"}) {
		t.Errorf("envelope members %v", got)
	}
	var env struct {
		PageSize, TotalRecord, ResultsTotal int
		Records                             []object
		NextLink                            string `json:"next_link"`
	}
	_ = json.Unmarshal(body, &env)
	next, err := url.Parse(env.NextLink)
	if err != nil || len(env.Records) != 5 || env.TotalRecord != 12 || !strings.HasPrefix(env.NextLink, IdentityAdminHost+"/admin/api/v1/users?") ||
		next.Query().Get("offset") != "5" {
		t.Fatalf("first page: %s", body)
	}
	// The next page is fetched by its offset on the gateway.
	seen := map[string]bool{}
	for _, r := range env.Records {
		seen[str(r["id"])] = true
	}
	for offset := 5; offset < 12; offset += 5 {
		var p struct {
			Records  []object
			NextLink *string `json:"next_link"`
		}
		f.getJSON("/ziam/admin/api/v1/users?limit=5&offset="+itoa(offset), http.StatusOK, &p)
		for _, r := range p.Records {
			if seen[str(r["id"])] {
				t.Fatalf("user %v on two pages", r["id"])
			}
			seen[str(r["id"])] = true
		}
		if (p.NextLink == nil) != (offset == 10) {
			t.Errorf("offset %d: next_link %v", offset, p.NextLink)
		}
	}
	if len(seen) != 12 {
		t.Errorf("paged through %d users, want 12", len(seen))
	}
	resp, body = f.do(http.MethodGet, "/ziam/admin/api/v1/users?limit=1001", nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	var one object
	first := f.tenant.Snapshot("/ziam/admin/api/v1/users")[3].(object)
	f.getJSON("/ziam/admin/api/v1/users/"+str(first["id"]), http.StatusOK, &one)
	if one["loginName"] != first["loginName"] {
		t.Errorf("user by id %v", one)
	}
	var found struct{ Records []object }
	f.getJSON("/ziam/admin/api/v1/users?"+url.Values{"loginname[like]": {str(first["loginName"])[:6]}}.Encode(), http.StatusOK, &found)
	if len(found.Records) == 0 || len(found.Records) == 12 {
		t.Errorf("loginname[like] kept %d of 12", len(found.Records))
	}
	resp, body = f.do(http.MethodGet, "/ziam/admin/api/v1/users/nobody", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestEASMConvention(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodGet, "/easm/easm-ui/v1/organizations", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if got := keysOf(t, body); !slices.Equal(got, []string{"results", "total_results"}) {
		t.Errorf("organizations envelope %v", got)
	}
	var orgs struct{ Results []object }
	_ = json.Unmarshal(body, &orgs)
	org := str(orgs.Results[0]["id"])
	findings := "/easm/easm-ui/v1/organizations/" + org + "/findings"
	var p struct {
		Results      []object
		TotalResults int    `json:"total_results"`
		NextLink     string `json:"next_link"`
		PrevLink     string `json:"prev_link"`
	}
	f.getJSON(findings+"?limit=10", http.StatusOK, &p)
	if len(p.Results) != 10 || p.TotalResults != 32 || p.NextLink != "/easm-ui/v1/organizations/"+org+"/findings?offset=10" || p.PrevLink != "" {
		t.Fatalf("first page: %+v", p)
	}
	f.getJSON(findings+"?limit=10&offset=30", http.StatusOK, &p)
	if len(p.Results) != 2 || p.NextLink != "" || !strings.HasSuffix(p.PrevLink, "offset=20") {
		t.Errorf("last page: %d results, next %q prev %q", len(p.Results), p.NextLink, p.PrevLink)
	}
	if _, private := p.Results[0]["_org"]; private {
		t.Error("a private member reached the wire")
	}
	var detail object
	f.getJSON(findings+"/"+str(p.Results[0]["id"])+"/details", http.StatusOK, &detail)
	if detail["name"] != p.Results[0]["name"] {
		t.Errorf("details %v", detail)
	}
	other := "/easm/easm-ui/v1/organizations/00000000-0000-0000-0000-000000000000/findings"
	f.getJSON(other, http.StatusOK, &p)
	if p.TotalResults != 0 {
		t.Errorf("another organization's findings: %d", p.TotalResults)
	}
	resp, body = f.do(http.MethodGet, other+"/"+str(detail["id"])+"/details", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestZCellConvention(t *testing.T) {
	f := newFixture(t, Options{})
	groups := "/zcell/config/api/v1/customers/" + CustomerID + "/sim-location-groups"
	resp, body := f.do(http.MethodGet, groups+"?page=0&size=2", nil)
	wantStatus(t, resp, body, http.StatusOK)
	var p struct {
		Content                                 []object
		TotalElements, TotalPages, Size, Number int
	}
	_ = json.Unmarshal(body, &p)
	if len(p.Content) != 2 || p.TotalElements != 3 || p.TotalPages != 2 || p.Size != 2 || p.Number != 0 {
		t.Fatalf("page 0: %s", body)
	}
	f.getJSON(groups+"?page=1&size=2", http.StatusOK, &p)
	if len(p.Content) != 1 || p.Number != 1 {
		t.Errorf("page 1: %+v", p)
	}
	var one object
	f.getJSON(groups+"/"+str(p.Content[0]["id"]), http.StatusOK, &one)
	if one["name"] != p.Content[0]["name"] {
		t.Errorf("by id %v", one)
	}
	resp, body = f.do(http.MethodGet, "/zcell/config/api/v1/customers/1/sim-location-groups", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	if m := mustObject(t, body); m["code"] != "UNAUTHORIZED" {
		t.Errorf("another customer: %s", body)
	}
}

// graph posts a GraphQL operation and decodes the answer, which is HTTP 200
// whether it carries data or errors.
func (f *fixture) graph(path, query string, vars object) (data object, errs []object) {
	f.t.Helper()
	resp, body := f.do(http.MethodPost, path, object{"query": query, "variables": vars})
	wantStatus(f.t, resp, body, http.StatusOK)
	var out struct {
		Data   object
		Errors []object
	}
	if err := json.Unmarshal(body, &out); err != nil {
		f.t.Fatalf("%s: %v", body, err)
	}
	return out.Data, out.Errors
}

const listAgents = `query ListAgents($customerId: ID!, $page: Int, $pageSize: Int, $search: String) {
  agents(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search) {
    nodes { name eyezId }  # only these two
    pageInfo { pageNumber pageSize totalCount totalPages }
  }
}`

func TestZMSGraphQL(t *testing.T) {
	f := newFixture(t, Options{})
	data, errs := f.graph("/zms/graphql", listAgents, object{"customerId": CustomerID, "page": 2, "pageSize": 20})
	agents, _ := data["agents"].(object)
	nodes, _ := agents["nodes"].([]any)
	info, _ := agents["pageInfo"].(object)
	if errs != nil || len(nodes) != 6 || num(info["pageNumber"]) != 2 || num(info["totalCount"]) != 26 || num(info["totalPages"]) != 2 {
		t.Fatalf("page 2: data %v errors %v", data, errs)
	}
	if keys := slices.Sorted(func(yield func(string) bool) {
		for k := range nodes[0].(object) {
			yield(k)
		}
	}); !slices.Equal(keys, []string{"eyezId", "name"}) {
		t.Errorf("a node carries %v; only the selected fields belong there", keys)
	}
	data, _ = f.graph("/zms/graphql", listAgents, object{"customerId": CustomerID, "search": "nwl-db"})
	for _, n := range data["agents"].(object)["nodes"].([]any) {
		if !strings.Contains(str(n.(object)["name"]), "nwl-db") {
			t.Errorf("search kept %v", n)
		}
	}
	for _, tc := range []struct {
		vars  object
		query string
		want  string
	}{
		{object{}, listAgents, "Variable 'customerId'"},
		{object{"customerId": "1"}, listAgents, "FORBIDDEN"},
		{object{"customerId": CustomerID}, `query { nothingHere(customerId: "x") { nodes { id } } }`, "FieldUndefined"},
		{object{"customerId": CustomerID}, `query { agents(customerId: "x") { nodes { name }`, "Invalid Syntax"},
	} {
		data, errs := f.graph("/zms/graphql", tc.query, tc.vars)
		raw, _ := json.Marshal(errs)
		if len(errs) == 0 || !strings.Contains(string(raw), tc.want) {
			t.Errorf("%v: errors %s, want %q (data %v)", tc.vars, raw, tc.want, data)
		}
	}
	if _, errs := f.graph("/zms/graphql", listAgents, object{"customerId": "1"}); errs[0]["extensions"].(object)["http_status"] == nil {
		t.Errorf("FORBIDDEN lacks http_status: %v", errs)
	}
}

func TestZInsightsGraphQL(t *testing.T) {
	f := newFixture(t, Options{})
	query := `query CyberSecurityIncidents($startTime: Long!, $endTime: Long!, $limit: Int) {
  CYBER_SECURITY { incidents(start_time: $startTime, end_time: $endTime) { obfuscated entries(limit: $limit) { name total } } }
}`
	data, errs := f.graph("/zins/graphql", query, object{"startTime": 1767225600000, "endTime": 1767830400000, "limit": 3, "categorizeBy": []any{"THREAT_CATEGORY_ID"}})
	incidents, _ := data["CYBER_SECURITY"].(object)["incidents"].(object)
	if errs != nil || incidents["obfuscated"] != false || len(incidents["entries"].([]any)) != 3 {
		t.Fatalf("data %v errors %v", data, errs)
	}
	if _, errs := f.graph("/zins/graphql", query, object{"endTime": 1767830400000}); len(errs) == 0 {
		t.Error("a missing startTime was not refused")
	}
	if _, errs := f.graph("/zins/graphql", query, object{"startTime": 1, "endTime": 2, "limit": 5000}); len(errs) == 0 {
		t.Error("limit 5000 was not refused")
	}
	if _, errs := f.graph("/zins/graphql", query, object{"startTime": 1, "endTime": 2, "categorizeBy": []any{"COLOUR"}}); len(errs) == 0 {
		t.Error("an unknown categorizeBy was not refused")
	}
	// A report that is one object answers it, with the fields selected.
	data, errs = f.graph("/zins/graphql", `query { IOT { device_stats { iot_devices_count entries { category } } } }`, object{})
	stats, _ := data["IOT"].(object)["device_stats"].(object)
	if errs != nil || stats["iot_devices_count"] == nil || len(stats["entries"].([]any)) == 0 || len(stats) != 2 {
		t.Fatalf("device stats %v errors %v", data, errs)
	}
}
