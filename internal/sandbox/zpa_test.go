package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

type zpaEnvelope struct {
	TotalPages json.RawMessage `json:"totalPages"`
	TotalCount json.RawMessage `json:"totalCount"`
	List       []object        `json:"list"`
}

func (f *fixture) zpaList(query string) (zpaEnvelope, map[string]json.RawMessage) {
	f.t.Helper()
	resp, body := f.do(http.MethodGet, zpaPath(query), nil)
	wantStatus(f.t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		f.t.Errorf("content type %q", ct)
	}
	var env zpaEnvelope
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		f.t.Fatal(err)
	}
	_ = json.Unmarshal(body, &raw)
	return env, raw
}

func TestZPAApplicationsPagingWithStringTotals(t *testing.T) {
	f := newFixture(t, Options{})
	env, _ := f.zpaList("/application")
	if string(env.TotalCount) != `"27"` || string(env.TotalPages) != `"2"` || len(env.List) != 20 {
		t.Fatalf("default page: totalCount %s totalPages %s, %d items; want \"27\", \"2\", 20", env.TotalCount, env.TotalPages, len(env.List))
	}
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		env, _ := f.zpaList("/application?pagesize=10&page=" + strconv.Itoa(page))
		if string(env.TotalPages) != `"3"` {
			t.Fatalf("totalPages %s, want \"3\"", env.TotalPages)
		}
		want := 10
		if page == 3 {
			want = 7
		}
		if len(env.List) != want {
			t.Fatalf("page %d: %d items, want %d", page, len(env.List), want)
		}
		for _, a := range env.List {
			id := str(a["id"])
			if seen[id] || len(id) != 18 {
				t.Fatalf("bad or repeated id %q", id)
			}
			seen[id] = true
			if str(a["creationTime"]) == "" || a["microtenantName"] != "Default" {
				t.Errorf("app %v: creationTime %v microtenantName %v", a["name"], a["creationTime"], a["microtenantName"])
			}
		}
	}
	past, raw := f.zpaList("/application?pagesize=10&page=4")
	if len(past.List) != 0 || string(past.TotalCount) != `"27"` {
		t.Errorf("past the end: %+v", past)
	}
	if _, ok := raw["list"]; ok {
		t.Error("an empty page carries a list key; real ZPA omits it")
	}
	// pageSize is not ZPA's parameter: it is ignored, like upstream.
	env, _ = f.zpaList("/application?pageSize=5")
	if len(env.List) != 20 {
		t.Errorf("pageSize=5 (wrong case) gave %d items, want the default 20", len(env.List))
	}
	for _, bad := range []string{"501", "0", "x"} {
		resp, body := f.do(http.MethodGet, zpaPath("/application?pagesize="+bad), nil)
		wantStatus(t, resp, body, http.StatusBadRequest)
	}
	env, _ = f.zpaList("/application?pagesize=500")
	if len(env.List) != 27 {
		t.Errorf("pagesize=500: %d items", len(env.List))
	}
}

func TestZPASearchForms(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		query string
		want  []string
	}{
		{"search=name%2BEQ%2BHR+Portal", []string{"HR Portal"}},   // what the SDKs send
		{"search=name+EQ+HR+Portal", []string{"HR Portal"}},       // literal plus signs
		{"search=name%2BEQ%2Bhr%20portal", []string{"HR Portal"}}, // EQ ignores case
		{"search=name%2BSTARTSWITH%2BLab", []string{"Lab Hypervisors", "Lab Test Servers"}},
		{"search=name%2BCONTAINS%2Bportal", []string{"Payroll Portal", "HR Portal"}},
		{"search=domainNames%2BEQ%2Bkb.corp.northwind.example.com", []string{"Knowledge Base"}},
		{"search=Expense", []string{"Expense Reports"}}, // plain text
		{"search=name%2BEQ%2BNo+Such+App", nil},
	}
	for _, tc := range cases {
		env, _ := f.zpaList("/application?" + tc.query)
		var got []string
		for _, a := range env.List {
			got = append(got, str(a["name"]))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
		if want := len(tc.want); string(env.TotalCount) != strconv.Quote(strconv.Itoa(want)) {
			t.Errorf("%s: totalCount %s, want %d", tc.query, env.TotalCount, want)
		}
	}
}

func TestZPAMicrotenantAndUnknownParams(t *testing.T) {
	f := newFixture(t, Options{})
	env, _ := f.zpaList("/application?microtenantId=0&expandAll=true&sortBy=name")
	if string(env.TotalCount) != `"27"` {
		t.Errorf("Default microtenant: %s", env.TotalCount)
	}
	env, _ = f.zpaList("/segmentGroup?microtenantId=999")
	if string(env.TotalCount) != `"0"` || string(env.TotalPages) != `"0"` {
		t.Errorf("unknown microtenant: count %s pages %s", env.TotalCount, env.TotalPages)
	}
}

func TestZPAGetAndErrors(t *testing.T) {
	f := newFixture(t, Options{})
	env, _ := f.zpaList("/application?search=name%2BEQ%2BActive+Directory")
	ad := env.List[0]
	var one object
	f.getJSON(zpaPath("/application/"+str(ad["id"])), http.StatusOK, &one)
	if one["name"] != "Active Directory" || one["segmentGroupName"] != "IT Infrastructure" {
		t.Errorf("app by id: %v / %v", one["name"], one["segmentGroupName"])
	}
	ranges, _ := one["tcpPortRange"].([]any)
	flat, _ := one["tcpPortRanges"].([]any)
	if len(ranges)*2 != len(flat) || len(flat) == 0 {
		t.Errorf("tcpPortRange %v does not mirror tcpPortRanges %v", ranges, flat)
	}
	if _, ok := flat[0].(string); !ok {
		t.Errorf("ports are not strings: %v", flat)
	}

	resp, body := f.do(http.MethodGet, zpaPath("/application/123"), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantJSONField(t, body, "id", "resource.not.found")

	resp, body = f.do(http.MethodGet, "/zpa/mgmtconfig/v1/admin/customers/999999999999999999/application", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	wantJSONField(t, body, "id", "access.denied")

	resp, body = f.do(http.MethodGet, zpaPath("/noSuchResource"), nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	if string(body) != "404 Not Found" {
		t.Errorf("unknown ZPA path body %q", body)
	}
}

func TestZPASegmentGroupLifecycle(t *testing.T) {
	f := newFixture(t, Options{})
	before, _ := f.zpaList("/segmentGroup")

	resp, body := f.do(http.MethodPost, zpaPath("/segmentGroup"), object{"name": "Partner Extranet", "description": "created by a test", "enabled": true})
	wantStatus(t, resp, body, http.StatusCreated)
	created := mustObject(t, body)
	id := str(created["id"])
	if len(id) != 18 || created["configSpace"] != "DEFAULT" || created["tcpKeepAliveEnabled"] != "0" || str(created["creationTime"]) == "" {
		t.Fatalf("created %s", body)
	}
	if _, ok := created["microtenantName"]; ok {
		t.Error("the create answer carries microtenantName; ZPA's does not")
	}

	after, _ := f.zpaList("/segmentGroup")
	if len(after.List) != len(before.List)+1 {
		t.Fatalf("list has %d groups after create, want %d", len(after.List), len(before.List)+1)
	}
	var got object
	f.getJSON(zpaPath("/segmentGroup/"+id), http.StatusOK, &got)
	if got["name"] != "Partner Extranet" || got["microtenantName"] != "Default" {
		t.Errorf("fetched %v", got)
	}

	v2 := "/zpa/mgmtconfig/v2/admin/customers/" + CustomerID + "/segmentGroup/" + id
	resp, body = f.do(http.MethodPut, v2, object{"id": id, "name": "Partner Extranet (v2)", "enabled": false, "creationTime": "1"})
	wantStatus(t, resp, body, http.StatusNoContent)
	if len(body) != 0 {
		t.Errorf("PUT 204 with body %q", body)
	}
	// PUT replaces, as ZPA's does: the description the body leaves out is gone.
	got = nil
	f.getJSON(zpaPath("/segmentGroup/"+id), http.StatusOK, &got)
	if got["name"] != "Partner Extranet (v2)" || got["enabled"] != false || got["description"] != nil {
		t.Errorf("after v2 PUT: %v", got)
	}
	if got["creationTime"] != created["creationTime"] {
		t.Errorf("PUT rewrote creationTime to %v", got["creationTime"])
	}

	resp, body = f.do(http.MethodPut, zpaPath("/segmentGroup/"+id), object{"name": "Partner Extranet (v1)"})
	wantStatus(t, resp, body, http.StatusNoContent)
	got = nil
	f.getJSON(zpaPath("/segmentGroup/"+id), http.StatusOK, &got)
	if got["name"] != "Partner Extranet (v1)" {
		t.Errorf("after v1 PUT: %v", got["name"])
	}

	resp, body = f.do(http.MethodDelete, zpaPath("/segmentGroup/"+id), nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	resp, body = f.do(http.MethodGet, zpaPath("/segmentGroup/"+id), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantJSONField(t, body, "id", "resource.not.found")
	gone, _ := f.zpaList("/segmentGroup?search=name%2BSTARTSWITH%2BPartner")
	if len(gone.List) != 0 {
		t.Errorf("deleted group still listed: %v", gone.List)
	}
	resp, body = f.do(http.MethodDelete, zpaPath("/segmentGroup/"+id), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	resp, body = f.do(http.MethodPut, v2, object{"name": "ghost"})
	wantStatus(t, resp, body, http.StatusBadRequest)

	resp, body = f.do(http.MethodPost, zpaPath("/segmentGroup"), object{"description": "no name"})
	wantStatus(t, resp, body, http.StatusBadRequest)
}

func TestZPADeleteSegmentGroupInUseIsRefused(t *testing.T) {
	f := newFixture(t, Options{})
	env, _ := f.zpaList("/segmentGroup?search=name%2BEQ%2BFinance+Apps")
	g := env.List[0]
	apps, _ := g["applications"].([]any)
	if len(apps) == 0 {
		t.Fatal("seeded segment group lists no applications")
	}
	resp, body := f.do(http.MethodDelete, zpaPath("/segmentGroup/"+str(g["id"])), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	if m := mustObject(t, body); str(m["id"]) == "" || str(m["reason"]) == "" {
		t.Errorf("error body %s", body)
	}
	var still object
	f.getJSON(zpaPath("/segmentGroup/"+str(g["id"])), http.StatusOK, &still)
}

func TestZPAServerAndConnectorGroups(t *testing.T) {
	f := newFixture(t, Options{})
	servers, _ := f.zpaList("/serverGroup")
	connectors, _ := f.zpaList("/appConnectorGroup")
	if len(servers.List) != 5 || len(connectors.List) != 4 {
		t.Fatalf("%d server groups, %d connector groups", len(servers.List), len(connectors.List))
	}
	for _, sg := range servers.List {
		cgs, _ := sg["appConnectorGroups"].([]any)
		if len(cgs) == 0 {
			t.Errorf("server group %v has no connector groups", sg["name"])
		}
		for _, cg := range cgs {
			if str(cg.(object)["name"]) == "" {
				t.Errorf("server group %v: connector group %v not joined", sg["name"], cg)
			}
		}
	}
	var cg object
	f.getJSON(zpaPath("/appConnectorGroup/"+str(connectors.List[0]["id"])), http.StatusOK, &cg)
	for _, field := range []string{"latitude", "longitude", "upgradeTimeInSecs"} {
		if _, ok := cg[field].(string); !ok {
			t.Errorf("%s is not a string: %v", field, cg[field])
		}
	}
	if v, ok := cg["version"].(object); !ok || v["latestPlatform"] == nil {
		t.Errorf("connector group version %v", cg["version"])
	}
	var sg object
	f.getJSON(zpaPath("/serverGroup/"+str(servers.List[0]["id"])), http.StatusOK, &sg)
	if sg["name"] != servers.List[0]["name"] {
		t.Errorf("server group by id %v", sg["name"])
	}
}

// TestZPASeedIsConsistent follows every reference in the ZPA seed.
func TestZPASeedIsConsistent(t *testing.T) {
	ten := New(Options{})
	index := func(path string) map[string]object {
		out := map[string]object{}
		for _, v := range ten.Snapshot(zpaPrefixFor("{customerId}") + path) {
			out[str(v.(object)["id"])] = v.(object)
		}
		return out
	}
	apps, segs, servers, conns := index("/application"), index("/segmentGroup"), index("/serverGroup"), index("/appConnectorGroup")
	if len(apps) != 27 || len(segs) != 6 || len(servers) != 5 || len(conns) != 4 {
		t.Fatalf("seed sizes: %d apps, %d segment groups, %d server groups, %d connector groups", len(apps), len(segs), len(servers), len(conns))
	}
	for id, a := range apps {
		seg, ok := segs[str(a["segmentGroupId"])]
		if !ok {
			t.Errorf("app %s: segment group %v missing", id, a["segmentGroupId"])
			continue
		}
		if !listsID(seg["applications"], id) {
			t.Errorf("segment group %v does not list app %v", seg["name"], a["name"])
		}
		sgs, _ := a["serverGroups"].([]any)
		if len(sgs) == 0 {
			t.Errorf("app %v has no server groups", a["name"])
		}
		for _, ref := range sgs {
			sg, ok := servers[str(ref.(object)["id"])]
			if !ok {
				t.Errorf("app %v: server group %v missing", a["name"], ref)
				continue
			}
			if !listsID(sg["applications"], id) {
				t.Errorf("server group %v does not list app %v", sg["name"], a["name"])
			}
		}
	}
	for _, seg := range segs {
		if list, _ := seg["applications"].([]any); len(list) == 0 {
			t.Errorf("segment group %v is empty", seg["name"])
		}
	}
	for _, sg := range servers {
		for _, ref := range sg["appConnectorGroups"].([]any) {
			cg, ok := conns[str(ref.(object)["id"])]
			if !ok {
				t.Errorf("server group %v: connector group %v missing", sg["name"], ref)
				continue
			}
			if !listsID(cg["serverGroups"], str(sg["id"])) {
				t.Errorf("connector group %v does not list server group %v", cg["name"], sg["name"])
			}
		}
	}
}

func zpaPrefixFor(cid string) string { return "/zpa/mgmtconfig/v1/admin/customers/" + cid }

func listsID(list any, id string) bool {
	items, _ := list.([]any)
	for _, it := range items {
		if str(it.(object)["id"]) == id {
			return true
		}
	}
	return false
}
