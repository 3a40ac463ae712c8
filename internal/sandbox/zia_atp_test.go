package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// A sandbox report answers at the details level asked, under ZIA's member
// for it; a hash never analysed is ZIA's CONTENT_NOTFOUND answer at 200.
func TestZIASandboxReportsByDetailsLevel(t *testing.T) {
	f := newFixture(t, Options{})
	const report = "/zia/api/v1/sandbox/report/"
	for _, c := range []struct{ path, key, status string }{
		{report + "9e107d9d372bb6826bd81d3542a419d6", "Summary", "COMPLETED"},
		{report + "9e107d9d372bb6826bd81d3542a419d6?details=summary", "Summary", "COMPLETED"},
		{report + "9e107d9d372bb6826bd81d3542a419d6?details=full", "Full Details", "COMPLETED"},
		{report + "0123456789abcdef0123456789abcdef?details=full", "Full Details", "CONTENT_NOTFOUND"},
		{report + "0123456789abcdef0123456789abcdef", "Summary", "CONTENT_NOTFOUND"},
	} {
		var got map[string]struct {
			Summary        struct{ Status string }
			Classification *struct{ Type string }
			Persistence    []any
		}
		f.getJSON(c.path, http.StatusOK, &got)
		r, ok := got[c.key]
		if len(got) != 1 || !ok || r.Summary.Status != c.status {
			t.Errorf("%s: %+v, want only %q with status %s", c.path, got, c.key, c.status)
		}
		if c.status == "COMPLETED" && (r.Classification == nil || r.Classification.Type != "MALICIOUS" || (c.key == "Summary") != (r.Persistence == nil)) {
			t.Errorf("%s: %+v: the verdict is in both levels, the behaviour only in the full one", c.path, r)
		}
	}
	var quota []map[string]any
	f.getJSON(report+"quota", http.StatusOK, &quota) // the quota's own path is not a hash
	if len(quota) != 1 || quota[0]["allowed"] == nil {
		t.Errorf("quota %v", quota)
	}
}

// Cloud app control keeps one rule table per rule type; each type offers its actions.
func TestZIACloudAppControlRuleTypes(t *testing.T) {
	f := newFixture(t, Options{})
	const rules = "/zia/api/v1/webApplicationRules/"
	resp, body := f.do(http.MethodPost, rules+"AI_ML", map[string]any{"name": "AI Isolated", "order": 1, "actions": []string{"ISOLATE_AI_ML_WEB_USE"}})
	wantStatus(t, resp, body, http.StatusOK)
	var created map[string]any
	_ = json.Unmarshal(body, &created)
	if created["type"] != "AI_ML" {
		t.Errorf("created %s: the type is the path's", body)
	}
	var webmail []map[string]any
	f.getJSON(rules+"WEBMAIL", http.StatusOK, &webmail)
	for _, r := range webmail {
		if r["type"] != "WEBMAIL" {
			t.Errorf("the WEBMAIL table lists %v", r)
		}
	}
	id := strconv.Itoa(num(created["id"]))
	resp, body = f.do(http.MethodGet, rules+"WEBMAIL/"+id, nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = f.do(http.MethodGet, rules+"AI_ML/"+id, nil)
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = f.do(http.MethodPost, rules+"FILE_SHARE/availableActions", map[string]any{"cloudApps": []string{"DROPBOX"}})
	wantStatus(t, resp, body, http.StatusOK)
	var actions []string
	if json.Unmarshal(body, &actions) != nil || len(actions) == 0 || !strings.HasPrefix(actions[0], "ALLOW_FILE_SHARE") {
		t.Errorf("actions %s", body)
	}
	resp, body = f.do(http.MethodPost, rules+"NO_SUCH_TYPE/availableActions", map[string]any{"cloudApps": []string{}})
	wantStatus(t, resp, body, http.StatusBadRequest)
}

// The malicious-URL list's incremental PUT answers the URLs given, as ZIA does (recorded).
func TestZIAMaliciousURLEditsAnswerTheURLsGiven(t *testing.T) {
	f := newFixture(t, Options{})
	const urls = "/zia/api/v1/cyberThreatProtection/maliciousUrls"
	resp, body := f.do(http.MethodPut, urls+"?action=ADD_TO_LIST", map[string]any{"maliciousUrls": []string{"drop.example.net"}})
	wantStatus(t, resp, body, http.StatusOK)
	if string(body) != `{"maliciousUrls":["drop.example.net"]}` {
		t.Errorf("the add answered %s", body)
	}
	var all struct{ MaliciousUrls []string }
	f.getJSON(urls, http.StatusOK, &all)
	if len(all.MaliciousUrls) < 2 || all.MaliciousUrls[len(all.MaliciousUrls)-1] != "drop.example.net" {
		t.Errorf("the list after the add: %v", all.MaliciousUrls)
	}
}
