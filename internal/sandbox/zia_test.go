package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestZIAGatewayHeaders(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodGet, "/zia/api/v1/status", nil)
	wantStatus(t, resp, body, http.StatusOK)
	for h, want := range map[string]string{
		"Content-Type":      "application/json",
		"x-ratelimit-limit": "5000, 5000;w=60",
		"x-zscaler-mode":    "read-write",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	for _, h := range []string{"x-oneapi-request-id", "x-ratelimit-remaining", "x-ratelimit-reset"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	resp2, _ := f.do(http.MethodGet, "/zia/api/v1/status", nil)
	if resp2.Header.Get("x-oneapi-request-id") == resp.Header.Get("x-oneapi-request-id") {
		t.Error("request ids repeat")
	}
	r1, _ := strconv.Atoi(resp.Header.Get("x-ratelimit-remaining"))
	r2, _ := strconv.Atoi(resp2.Header.Get("x-ratelimit-remaining"))
	if r2 >= r1 {
		t.Errorf("x-ratelimit-remaining did not go down: %d then %d", r1, r2)
	}
}

func TestZIAUnknownPathIsEmpty404(t *testing.T) {
	f := newFixture(t, Options{})
	for _, p := range []string{"/zia/api/v1/noSuchThing", "/zia/api/v1/users/61200001/enroll/x", "/zia/elsewhere"} {
		resp, body := f.do(http.MethodGet, p, nil)
		wantStatus(t, resp, body, http.StatusNotFound)
		if len(body) != 0 || resp.Header.Get("Content-Type") != "" {
			t.Errorf("%s: 404 has body %q / content type %q", p, body, resp.Header.Get("Content-Type"))
		}
	}
	resp, body := f.do(http.MethodGet, "/zia/api/v1/users/1", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	wantJSONField(t, body, "code", "RESOURCE_NOT_FOUND")
}

func TestZIASSLInspectionRules(t *testing.T) {
	f := newFixture(t, Options{})
	var rules []object
	f.getJSON("/zia/api/v1/sslInspectionRules", http.StatusOK, &rules)
	if len(rules) != 8 {
		t.Fatalf("%d rules, want 8", len(rules))
	}
	var predefined, defaults int
	for _, r := range rules {
		action, ok := r["action"].(object)
		if !ok || str(action["type"]) == "" {
			t.Errorf("rule %v: action is not an object with a type", r["name"])
		}
		if r["predefined"] == true {
			predefined++
		}
		if r["defaultRule"] == true {
			defaults++
			if num(r["order"]) != -1 {
				t.Errorf("default rule order %v", r["order"])
			}
		}
		if _, ok := r["endPointApplications"].([]any); !ok {
			t.Errorf("rule %v: endPointApplications missing or null", r["name"])
		}
	}
	if predefined < 3 || defaults != 1 {
		t.Errorf("predefined=%d defaults=%d", predefined, defaults)
	}
	var one object
	f.getJSON(fmt.Sprintf("/zia/api/v1/sslInspectionRules/%d", num(rules[0]["id"])), http.StatusOK, &one)
	if one["name"] != rules[0]["name"] {
		t.Errorf("get by id: %v", one["name"])
	}
}

func TestZIAURLCategories(t *testing.T) {
	f := newFixture(t, Options{})
	var all, custom, tld, every []object
	f.getJSON("/zia/api/v1/urlCategories", http.StatusOK, &all)
	f.getJSON("/zia/api/v1/urlCategories?customOnly=true", http.StatusOK, &custom)
	f.getJSON("/zia/api/v1/urlCategories?type=TLD_CATEGORY", http.StatusOK, &tld)
	f.getJSON("/zia/api/v1/urlCategories?type=ALL", http.StatusOK, &every)
	if len(every) != len(all)+len(tld) || len(tld) == 0 {
		t.Errorf("ALL=%d URL=%d TLD=%d", len(every), len(all), len(tld))
	}
	if len(custom) != 3 {
		t.Errorf("%d custom URL categories, want 3", len(custom))
	}
	for _, c := range custom {
		if !strings.HasPrefix(str(c["id"]), "CUSTOM_") || c["customCategory"] != true || str(c["configuredName"]) == "" || c["superCategory"] != "USER_DEFINED" {
			t.Errorf("custom category %v", c)
		}
	}
	for _, c := range all {
		if c["type"] != "URL_CATEGORY" {
			t.Errorf("default listing contains %v of type %v", c["id"], c["type"])
		}
	}
	resp, body := f.do(http.MethodGet, "/zia/api/v1/urlCategories?type=BOGUS", nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	var one object
	f.getJSON("/zia/api/v1/urlCategories/CUSTOM_01", http.StatusOK, &one)
	if one["configuredName"] != "Northwind Partner Portals" {
		t.Errorf("CUSTOM_01 = %v", one["configuredName"])
	}

	// A created custom category is numbered as ZIA numbers them, after the
	// highest there is.
	for _, want := range []string{"CUSTOM_05", "CUSTOM_06"} {
		var created object
		resp, body = f.do(http.MethodPost, "/zia/api/v1/urlCategories", map[string]any{"configuredName": "Made " + want, "superCategory": "USER_DEFINED", "customCategory": true, "urls": []string{"made.example.com"}})
		wantStatus(t, resp, body, http.StatusOK)
		if err := json.Unmarshal(body, &created); err != nil || created["id"] != want {
			t.Fatalf("created %v (%v), want id %s", created["id"], err, want)
		}
		f.getJSON("/zia/api/v1/urlCategories/"+want, http.StatusOK, &one)
		if one["configuredName"] != "Made "+want {
			t.Errorf("%s = %v", want, one["configuredName"])
		}
	}
}

func TestZIAURLLookup(t *testing.T) {
	f := newFixture(t, Options{})
	urls := []string{"www.northwind.example.com", "https://malware.example.net/payload", "portal.partners.example.com",
		"files.zip", "nobody-knows.example.org", "bank.example.com"}
	resp, body := f.do(http.MethodPost, "/zia/api/v1/urlLookup", urls)
	wantStatus(t, resp, body, http.StatusOK)
	var got []struct {
		URL      string   `json:"url"`
		Classes  []string `json:"urlClassifications"`
		Security []string `json:"urlClassificationsWithSecurityAlert"`
	}
	if err := json.Unmarshal(body, &got); err != nil || len(got) != len(urls) {
		t.Fatalf("lookup body %s: %v", body, err)
	}
	want := []struct{ classes, security string }{
		{"CORPORATE_MARKETING", ""},
		{"", "MALWARE_SITE"},
		{"CUSTOM_01", ""},
		{"CUSTOM_04", ""},
		{"MISCELLANEOUS_OR_UNKNOWN", ""},
		{"FINANCE", ""},
	}
	for i, w := range want {
		if got[i].URL != urls[i] || strings.Join(got[i].Classes, ",") != w.classes || strings.Join(got[i].Security, ",") != w.security {
			t.Errorf("lookup %s = %+v, want classes %q security %q", urls[i], got[i], w.classes, w.security)
		}
		if got[i].Classes == nil || got[i].Security == nil {
			t.Errorf("lookup %s: arrays must be [] not null", urls[i])
		}
	}

	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("h%d.example.com", i)
	}
	resp, body = f.do(http.MethodPost, "/zia/api/v1/urlLookup", many)
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantJSONField(t, body, "code", "INVALID_INPUT_ARGUMENT")
	resp, body = f.do(http.MethodPost, "/zia/api/v1/urlLookup", many[:100])
	wantStatus(t, resp, body, http.StatusOK)

	resp, body = f.do(http.MethodPost, "/zia/api/v1/urlLookup", map[string]string{"url": "x"})
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantJSONField(t, body, "message", "Request body is invalid.")

	req, _ := http.NewRequest(http.MethodPost, f.url+"/zia/api/v1/urlLookup", strings.NewReader(`["a.example.com"]`))
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp2, err := http.DefaultClient.Do(req) // no Content-Type
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("lookup without content type: %d, want 415", resp2.StatusCode)
	}
}

func TestZIAUsersPaging(t *testing.T) {
	f := newFixture(t, Options{})
	var p1, p2, p3 []object
	f.getJSON("/zia/api/v1/users", http.StatusOK, &p1)
	f.getJSON("/zia/api/v1/users?page=2", http.StatusOK, &p2)
	f.getJSON("/zia/api/v1/users?page=3", http.StatusOK, &p3)
	if len(p1) != 100 || len(p2) != 50 || len(p3) != 0 {
		t.Fatalf("pages of %d, %d, %d users; want 100, 50, 0", len(p1), len(p2), len(p3))
	}
	seen := map[int]bool{}
	for _, u := range append(p1, p2...) {
		id := num(u["id"])
		if seen[id] {
			t.Fatalf("user %d on two pages", id)
		}
		seen[id] = true
		if !strings.HasSuffix(str(u["email"]), "@"+Domain) {
			t.Errorf("user email %v outside %s", u["email"], Domain)
		}
		if _, ok := u["department"].(object); !ok {
			t.Errorf("user %d has no department object", id)
		}
	}
	var small []object
	f.getJSON("/zia/api/v1/users?page=4&pageSize=40", http.StatusOK, &small)
	if len(small) != 30 || num(small[0]["id"]) != num(p1[0]["id"])+120 {
		t.Errorf("page 4 of 40: %d users starting at %v", len(small), small[0]["id"])
	}
	resp, body := f.do(http.MethodGet, "/zia/api/v1/users?pageSize=ten", nil)
	wantStatus(t, resp, body, http.StatusBadRequest)

	var one object
	f.getJSON(fmt.Sprintf("/zia/api/v1/users/%d", num(p2[0]["id"])), http.StatusOK, &one)
	if one["email"] != p2[0]["email"] {
		t.Errorf("user by id: %v", one["email"])
	}
}

func TestZIAUserFilters(t *testing.T) {
	f := newFixture(t, Options{})
	all := f.tenant.Snapshot("/zia/api/v1/users")
	first := all[10].(object)
	name := str(first["name"])
	dept := str(first["department"].(object)["name"])
	group := str(first["groups"].([]any)[0].(object)["name"])

	check := func(query string, keep func(object) bool) {
		t.Helper()
		var got []object
		f.getJSON("/zia/api/v1/users?pageSize=1000&"+query, http.StatusOK, &got)
		want := 0
		for _, u := range all {
			if keep(u.(object)) {
				want++
			}
		}
		if len(got) != want || want == 0 {
			t.Errorf("%s: %d users, want %d (>0)", query, len(got), want)
		}
		for _, u := range got {
			if !keep(u) {
				t.Errorf("%s: unexpected %v", query, u["name"])
			}
		}
	}
	check("name="+url.QueryEscape(name[:3]), func(u object) bool {
		return strings.HasPrefix(strings.ToLower(str(u["name"])), strings.ToLower(name[:3]))
	})
	check("dept="+url.QueryEscape(dept[:4]), func(u object) bool {
		return strings.HasPrefix(strings.ToLower(str(u["department"].(object)["name"])), strings.ToLower(dept[:4]))
	})
	check("group="+url.QueryEscape(group), func(u object) bool {
		for _, g := range u["groups"].([]any) {
			if strings.HasPrefix(strings.ToLower(str(g.(object)["name"])), strings.ToLower(group)) {
				return true
			}
		}
		return false
	})
	last := strings.Fields(name)[1]
	check("search="+url.QueryEscape(strings.ToLower(last)), func(u object) bool {
		return strings.Contains(strings.ToLower(str(u["name"])), strings.ToLower(last)) ||
			strings.Contains(strings.ToLower(str(u["email"])), strings.ToLower(last))
	})
}

func TestZIAGroupsDepartmentsLocations(t *testing.T) {
	f := newFixture(t, Options{})
	var groups, depts, locs, found []object
	f.getJSON("/zia/api/v1/groups", http.StatusOK, &groups)
	f.getJSON("/zia/api/v1/departments", http.StatusOK, &depts)
	f.getJSON("/zia/api/v1/locations", http.StatusOK, &locs)
	if len(groups) != 11 || len(depts) != 10 || len(locs) != 10 {
		t.Fatalf("%d groups, %d departments, %d locations", len(groups), len(depts), len(locs))
	}
	f.getJSON("/zia/api/v1/departments?search=fin", http.StatusOK, &found)
	if len(found) != 1 || found[0]["name"] != "Finance" {
		t.Errorf("departments?search=fin = %v", found)
	}
	for _, l := range locs {
		if _, ok := l["dynamiclocationGroups"].([]any); !ok {
			t.Errorf("location %v lacks dynamiclocationGroups", l["name"])
		}
	}
	var page []object
	f.getJSON("/zia/api/v1/locations?page=2&pageSize=4", http.StatusOK, &page)
	if len(page) != 4 || page[0]["id"] != locs[4]["id"] {
		t.Errorf("locations page 2 of 4: %v", page)
	}
	f.getJSON("/zia/api/v1/locations?search=seattle", http.StatusOK, &found)
	if len(found) != 2 {
		t.Errorf("locations?search=seattle: %d, want 2", len(found))
	}
	f.getJSON("/zia/api/v1/locations?authRequired=false", http.StatusOK, &found)
	for _, l := range found {
		if l["authRequired"] != false {
			t.Errorf("authRequired=false returned %v", l["name"])
		}
	}
	if len(found) != 2 {
		t.Errorf("authRequired=false: %d locations, want 2", len(found))
	}
	var one object
	f.getJSON(fmt.Sprintf("/zia/api/v1/locations/%d", num(locs[3]["id"])), http.StatusOK, &one)
	if one["name"] != locs[3]["name"] {
		t.Errorf("location by id: %v", one["name"])
	}
	f.getJSON(fmt.Sprintf("/zia/api/v1/groups/%d", num(groups[2]["id"])), http.StatusOK, &one)
	if one["name"] != groups[2]["name"] {
		t.Errorf("group by id: %v", one["name"])
	}
}

func TestZIAFirewallRules(t *testing.T) {
	f := newFixture(t, Options{})
	var all, page, filtered []object
	f.getJSON("/zia/api/v1/firewallFilteringRules", http.StatusOK, &all)
	if len(all) != 11 {
		t.Fatalf("%d rules, want 11", len(all))
	}
	f.getJSON("/zia/api/v1/firewallFilteringRules?page=2&pageSize=5", http.StatusOK, &page)
	if len(page) != 5 || page[0]["id"] != all[5]["id"] {
		t.Errorf("page 2 of 5 starts with %v, want %v", page[0]["id"], all[5]["id"])
	}
	f.getJSON("/zia/api/v1/firewallFilteringRules?page=3&pageSize=5", http.StatusOK, &page)
	if len(page) != 1 {
		t.Errorf("page 3 of 5: %d rules, want 1", len(page))
	}
	for query, keep := range map[string]func(object) bool{
		"ruleAction=ALLOW":                   func(r object) bool { return r["action"] == "ALLOW" },
		"ruleLabel=Compliance":               func(r object) bool { return hasRef(r["labels"], "Compliance") },
		"ruleName=one+click":                 func(r object) bool { return strings.Contains(strings.ToLower(str(r["name"])), "one click") },
		"department=Finance":                 func(r object) bool { return hasRef(r["departments"], "Finance") },
		"ruleAction=ALLOW&ruleLabel=network": func(r object) bool { return r["action"] == "ALLOW" && hasRef(r["labels"], "Network Ops") },
	} {
		f.getJSON("/zia/api/v1/firewallFilteringRules?"+query, http.StatusOK, &filtered)
		want := 0
		for _, r := range all {
			if keep(r) {
				want++
			}
		}
		if len(filtered) != want || want == 0 {
			t.Errorf("%s: %d rules, want %d (>0)", query, len(filtered), want)
		}
	}
	var one object
	f.getJSON(fmt.Sprintf("/zia/api/v1/firewallFilteringRules/%d", num(all[4]["id"])), http.StatusOK, &one)
	if one["name"] != all[4]["name"] {
		t.Errorf("rule by id: %v", one["name"])
	}
}

func hasRef(refs any, name string) bool {
	list, _ := refs.([]any)
	for _, r := range list {
		if str(r.(object)["name"]) == name {
			return true
		}
	}
	return false
}

func TestZIARuleLabelsCRUDAndActivation(t *testing.T) {
	f := newFixture(t, Options{})
	var status object
	f.getJSON("/zia/api/v1/status", http.StatusOK, &status)
	if status["status"] != "ACTIVE" {
		t.Fatalf("initial status %v", status)
	}

	resp, body := f.do(http.MethodPost, "/zia/api/v1/ruleLabels", object{"name": "Incident 4711", "description": "temporary"})
	wantStatus(t, resp, body, http.StatusOK) // ZIA creates answer 200
	created := mustObject(t, body)
	id := num(created["id"])
	if id == 0 || created["name"] != "Incident 4711" || created["createdBy"] == nil || num(created["lastModifiedTime"]) == 0 {
		t.Fatalf("created label %s", body)
	}
	f.getJSON("/zia/api/v1/status", http.StatusOK, &status)
	if status["status"] != "PENDING" {
		t.Errorf("status after a write = %v, want PENDING", status["status"])
	}

	resp, body = f.do(http.MethodPost, "/zia/api/v1/ruleLabels", object{"name": "incident 4711"})
	wantStatus(t, resp, body, http.StatusConflict)
	wantJSONField(t, body, "code", "DUPLICATE_ITEM")
	resp, body = f.do(http.MethodPost, "/zia/api/v1/ruleLabels", object{"description": "no name"})
	wantStatus(t, resp, body, http.StatusBadRequest)

	var found []object
	f.getJSON("/zia/api/v1/ruleLabels?search=4711", http.StatusOK, &found)
	if len(found) != 1 || num(found[0]["id"]) != id {
		t.Fatalf("search for the new label: %v", found)
	}

	path := fmt.Sprintf("/zia/api/v1/ruleLabels/%d", id)
	resp, body = f.do(http.MethodPut, path, object{"name": "Incident 4711 (closed)"})
	wantStatus(t, resp, body, http.StatusOK)
	// PUT replaces, as ZIA's does: a member the body leaves out is gone,
	// while what the server owns (id, creator) stays.
	updated := mustObject(t, body)
	if updated["name"] != "Incident 4711 (closed)" || updated["description"] != nil || num(updated["id"]) != id ||
		updated["createdBy"] == nil {
		t.Errorf("updated label %s", body)
	}
	resp, body = f.do(http.MethodPut, path, object{"name": "Compliance"})
	wantStatus(t, resp, body, http.StatusConflict)

	resp, body = f.do(http.MethodPost, "/zia/api/v1/status/activate", object{})
	wantStatus(t, resp, body, http.StatusOK)
	wantJSONField(t, body, "status", "ACTIVE")
	f.getJSON("/zia/api/v1/status", http.StatusOK, &status)
	if status["status"] != "ACTIVE" {
		t.Errorf("status after activation %v", status)
	}

	resp, body = f.do(http.MethodDelete, path, nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	if len(body) != 0 {
		t.Errorf("204 with body %q", body)
	}
	resp, body = f.do(http.MethodGet, path, nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = f.do(http.MethodDelete, path, nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = f.do(http.MethodPut, path, object{"name": "ghost"})
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestZIARuleLabelsJoinRules(t *testing.T) {
	f := newFixture(t, Options{})
	var labels []object
	f.getJSON("/zia/api/v1/ruleLabels", http.StatusOK, &labels)
	if len(labels) != 6 {
		t.Fatalf("%d labels, want 6", len(labels))
	}
	var compliance object
	for _, l := range labels {
		if l["name"] == "Compliance" {
			compliance = l
		}
	}
	var fw, dns, ips, ssl []object
	f.getJSON("/zia/api/v1/firewallFilteringRules?pageSize=1000", http.StatusOK, &fw)
	f.getJSON("/zia/api/v1/firewallDnsRules?pageSize=1000", http.StatusOK, &dns)
	f.getJSON("/zia/api/v1/firewallIpsRules?pageSize=1000", http.StatusOK, &ips)
	f.getJSON("/zia/api/v1/sslInspectionRules", http.StatusOK, &ssl)
	uses := 0
	for _, r := range slices.Concat(fw, dns, ips, ssl) {
		if hasRef(r["labels"], "Compliance") {
			uses++
		}
	}
	if uses == 0 || num(compliance["referencedRuleCount"]) != uses {
		t.Fatalf("Compliance referencedRuleCount %v, rules using it %d", compliance["referencedRuleCount"], uses)
	}
	// A rename shows up in the rules that carry the label.
	path := fmt.Sprintf("/zia/api/v1/ruleLabels/%d", num(compliance["id"]))
	resp, body := f.do(http.MethodPut, path, object{"name": "Audit"})
	wantStatus(t, resp, body, http.StatusOK)
	var renamed []object
	f.getJSON("/zia/api/v1/firewallFilteringRules?ruleLabel=Audit", http.StatusOK, &renamed)
	if len(renamed) == 0 {
		t.Error("renamed label not visible in firewall rules")
	}
}

func TestZIAWritesNeedJSONContentType(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, f.url+"/zia/api/v1/ruleLabels", bytes.NewReader([]byte(`{"name":"x"}`)))
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("status %d, want 415", resp.StatusCode)
	}
	resp2, body := f.do(http.MethodPost, "/zia/api/v1/ruleLabels", "not an object")
	wantStatus(t, resp2, body, http.StatusBadRequest)
	wantJSONField(t, body, "message", "Request body is invalid.")
}

// The cloud application catalogue is served under each policy's path, paged,
// searched and filtered by class; groupResults=true counts it per class instead.
func TestZIACloudApplications(t *testing.T) {
	f := newFixture(t, Options{})
	for _, path := range []string{"/zia/api/v1/cloudApplications/policy", "/zia/api/v1/cloudApplications/sslPolicy"} {
		var all, mail []object
		f.getJSON(path, http.StatusOK, &all)
		f.getJSON(path+"?appClass=WEB_MAIL", http.StatusOK, &mail)
		if len(all) != 18 || len(mail) != 3 {
			t.Fatalf("%s: %d applications, %d of WEB_MAIL; want 18 and 3", path, len(all), len(mail))
		}
		var counts map[string]int
		f.getJSON(path+"?groupResults=true", http.StatusOK, &counts)
		if counts["[Web Mail, WEB_MAIL]"] != 3 || counts["[AI & ML Applications, AI_ML]"] != 3 || len(counts) != 7 {
			t.Errorf("%s grouped: %v", path, counts)
		}
		var searched map[string]int
		f.getJSON(path+"?groupResults=true&search=drive", http.StatusOK, &searched)
		if len(searched) != 1 || searched["[File Sharing, FILE_SHARE]"] != 2 {
			t.Errorf("%s grouped, searched: %v", path, searched)
		}
	}
}

// /webDlpRules/lite answers the rules in their short form: the members ZIA's
// lite answer holds, without position, action, references or stamps.
func TestZIAWebDLPRulesLite(t *testing.T) {
	f := newFixture(t, Options{})
	var full, lite []object
	f.getJSON("/zia/api/v1/webDlpRules", http.StatusOK, &full)
	f.getJSON("/zia/api/v1/webDlpRules/lite", http.StatusOK, &lite)
	if len(full) == 0 || len(lite) != len(full) {
		t.Fatalf("%d rules, %d lite", len(full), len(lite))
	}
	for i, r := range lite {
		if r["id"] != full[i]["id"] || r["name"] != full[i]["name"] || r["severity"] != full[i]["severity"] {
			t.Errorf("lite %v is not rule %v", r, full[i]["id"])
		}
		for _, k := range []string{"order", "rank", "action", "protocols", "departments", "lastModifiedTime", "lastModifiedBy", "eunTemplateId"} {
			if _, has := r[k]; has {
				t.Errorf("lite rule %v has %s", r["id"], k)
			}
		}
	}
}
