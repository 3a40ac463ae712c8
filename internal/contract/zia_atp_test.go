package contract

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// The ZIA ATP, malware protection, cloud sandbox and cloud app control
// tools against the SDK's recorded traffic. Not replayed, because no tool of
// the catalogue calls them: POST /webApplicationRules/{type}/duplicate/{id}
// (TestCloudApplicationRules), and /security and /security/advanced
// (TestSecurityPolicySettings, TestSecurityWhitelistBlacklist: the legacy
// allow and deny lists; the ATP tools use /cyberThreatProtection).

// atpCase is a webCase whose request query must be the recorded one exactly,
// and whose records may sit under a member of the recorded body (key) or be
// a bare array the tool returns as {"result": [...]} (wrapped).
type atpCase struct {
	webCase
	key     string
	wrapped bool
}

// replayATP runs the cases against one replay of the recording, in order;
// edit, when set, rewrites each recorded request URI first.
func replayATP(t *testing.T, file string, edit func(string) string, cases ...atpCase) {
	rec := shared.LoadRecording(t, file)
	if edit != nil {
		for i := range rec.Interactions {
			rec.Interactions[i].Request.URI = edit(rec.Interactions[i].Request.URI)
		}
	}
	rp := &replay{rec: rec, used: map[int]bool{}}
	exec := replayExecutor(t, rp)
	for _, c := range cases {
		t.Run(c.tool, func(t *testing.T) {
			before := len(rp.seen)
			res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			var last seenRequest
			for _, s := range rp.seen[before:] {
				if s.method == c.method && s.path == c.path {
					last = s
				}
			}
			if last.method == "" || last.interaction < 0 {
				t.Fatalf("did not send the recorded %s %s; sent %+v (result %s)", c.method, c.path, rp.seen[before:], res.Error)
			}
			in := rec.Interactions[last.interaction]
			u, _ := url.Parse(in.Request.URI)
			sent := url.Values{}
			for k, v := range last.query { // the pages a list reads (ZIA's page and pageSize) where the SDK read one answer
				if u.Query().Has(k) || k != "page" && k != "pageSize" {
					sent[k] = v
				}
			}
			if sent.Encode() != u.Query().Encode() {
				t.Errorf("query %q, recorded %q", last.query.Encode(), u.Query().Encode())
			}
			if c.method == "POST" || c.method == "PUT" {
				checkBody(t, c.compare, string(last.body), *in.Request.Body)
			}
			switch c.result {
			case "error":
				if res.Error == "" || !contains(res.Error, in.Response.Body.String) {
					t.Errorf("want a tool error carrying the API's answer %s, got %+v", in.Response.Body.String, res)
				}
				return
			case "deleted":
				var done map[string]any
				if _ = json.Unmarshal(res.Structured(), &done); res.Error != "" || done["deleted"] != true {
					t.Errorf("delete result %s %s", res.Error, res.Structured())
				}
				return
			}
			if res.Error != "" {
				t.Fatalf("tool failed: %s", res.Error)
			}
			got, want := string(res.Structured()), in.Response.Body.String
			if res.Records != nil || c.wrapped {
				var sc struct{ Result json.RawMessage }
				_ = json.Unmarshal(res.Structured(), &sc)
				got = string(sc.Result)
			}
			if c.key != "" {
				var body map[string]json.RawMessage
				_ = json.Unmarshal([]byte(want), &body)
				want = string(body[c.key])
			}
			if canonical(t, got) != canonical(t, want) {
				t.Errorf("structuredContent differs from the recorded answer\n got: %.600s\nwant: %.600s", got, want)
			}
		})
	}
}

// checkBody holds the body sent to the recorded one: the members named, or
// every member when none is named.
func checkBody(t *testing.T, fields []string, sent, recorded string) {
	t.Helper()
	if fields == nil {
		if !sameFields(t, canonical(t, sent), canonical(t, recorded)) {
			t.Errorf("body %s, recorded %s", sent, recorded)
		}
		return
	}
	got, want := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	_ = json.Unmarshal([]byte(sent), &got)
	_ = json.Unmarshal([]byte(recorded), &want)
	for _, f := range fields {
		if canonical(t, string(got[f])) != canonical(t, string(want[f])) {
			t.Errorf("body member %s = %s, recorded %s", f, got[f], want[f])
		}
	}
}

func atpc(tool, args, method, path, result string, compare ...string) atpCase {
	return atpCase{webCase: webCase{tool: tool, args: args, method: method, path: path, result: result, compare: compare}}
}

func TestZIAATPPolicyAgainstRecordedTraffic(t *testing.T) {
	const base = "/zia/api/v1/cyberThreatProtection"
	const file = "zia__TestATPPolicy.yaml"
	replayATP(t, file, nil, atpc("zia_get_atp_settings", `{}`, "GET", base+"/advancedThreatSettings", "records"))
	// The update reads the settings (the recorded GET) and writes them back whole with the member given; ZIA
	// refused the recorded body, and its words come back as the tool's error.
	replayATP(t, file, nil, atpc("zia_update_atp_settings", `{"settings":{"malware_url_filter_enabled":true}}`,
		"PUT", base+"/advancedThreatSettings", "error", "malwareUrlFilterEnabled"))
	list := atpc("zia_list_atp_malicious_urls", `{}`, "GET", base+"/maliciousUrls", "records")
	list.key = "maliciousUrls"
	replayATP(t, file, nil,
		atpc("zia_get_atp_security_exceptions", `{}`, "GET", base+"/securityExceptions", "records"),
		atpc("zia_update_atp_security_exceptions", `{"bypass_urls":[".example.com",".test.com"]}`, "PUT", base+"/securityExceptions", "records"),
		list,
		atpc("zia_add_atp_malicious_urls", `{"malicious_urls":["malicious-test-site.example.com"]}`, "PUT", base+"/maliciousUrls", "records"),
		list, // the URL added is listed
		atpc("zia_delete_atp_malicious_urls", `{"malicious_urls":["malicious-test-site.example.com"]}`, "PUT", base+"/maliciousUrls", "deleted"),
		list, // and gone again
	)
}

func TestZIAMalwareProtectionAgainstRecordedTraffic(t *testing.T) {
	const base = "/zia/api/v1/cyberThreatProtection"
	const file = "zia__TestMalwareProtectionPolicy.yaml"
	replayATP(t, file, nil,
		atpc("zia_get_atp_malware_policy", `{}`, "GET", base+"/malwarePolicy", "records"),
		atpc("zia_get_atp_malware_inspection", `{}`, "GET", base+"/atpMalwareInspection", "records"),
		atpc("zia_get_atp_malware_protocols", `{}`, "GET", base+"/atpMalwareProtocols", "records"),
		atpc("zia_get_malware_settings", `{}`, "GET", base+"/malwareSettings", "records"),
	)
	// The update reads the object (the recorded GET) and writes it back with both switches: the recorded body.
	replayATP(t, file, nil, atpc("zia_update_atp_malware_inspection", `{"inspect_inbound":true,"inspect_outbound":true}`,
		"PUT", base+"/atpMalwareInspection", "records"))
}

func TestZIASandboxReportsAgainstRecordedTraffic(t *testing.T) {
	const file = "zia__TestSandbox.yaml"
	const report = "/zia/api/v1/sandbox/report/d41d8cd98f00b204e9800998ecf8427e"
	quota := atpc("zia_get_sandbox_quota", `{}`, "GET", "/zia/api/v1/sandbox/report/quota", "records")
	quota.wrapped = true // ZIA answers a list; the record is {"result": [...]}
	replayATP(t, file, nil,
		quota,
		atpc("zia_get_sandbox_behavioral_analysis", `{}`, "GET", "/zia/api/v1/behavioralAnalysisAdvancedSettings", "records"),
		atpc("zia_get_sandbox_file_hash_count", `{}`, "GET", "/zia/api/v1/behavioralAnalysisAdvancedSettings/fileHashCount", "records"),
		atpc("zia_get_sandbox_report", `{"md5_hash":"d41d8cd98f00b204e9800998ecf8427e","report_details":"summary"}`, "GET", report, "records"),
		atpc("zia_get_sandbox_report", `{"md5_hash":"d41d8cd98f00b204e9800998ecf8427e","report_details":"full"}`, "GET", report, "records"),
	)
	// Without report_details the summary is asked for, as the SDK does.
	replayATP(t, file, nil, atpc("zia_get_sandbox_report", `{"md5_hash":"d41d8cd98f00b204e9800998ecf8427e"}`, "GET", report, "records"))
}

func TestZIACloudAppControlAgainstRecordedTraffic(t *testing.T) {
	const rules = "/zia/api/v1/webApplicationRules/WEBMAIL"
	const file = "zia__TestCloudApplicationRules.yaml"
	replayATP(t, file, nil,
		atpc("zia_create_cloud_app_control_rule", `{"rule_type":"WEBMAIL","name":"tests-vcr0001","description":"Integration test Cloud Application Rule",`+
			`"order":1,"rank":7,"action":"ALLOW_WEBMAIL_VIEW,ALLOW_WEBMAIL_ATTACHMENT_SEND,ALLOW_WEBMAIL_SEND","advanced":{"applications":["GOOGLE_WEBMAIL","YAHOO_WEBMAIL"],`+
			`"device_trust_levels":["UNKNOWN_DEVICETRUSTLEVEL","LOW_TRUST","MEDIUM_TRUST","HIGH_TRUST"],"userAgentTypes":"[\"OPERA\",\"FIREFOX\",\"MSIE\",\"MSEDGE\",\"CHROME\",\"SAFARI\",\"MSCHREDGE\"]"}}`,
			"POST", rules, "records"),
		atpc("zia_get_cloud_app_control_rule", `{"rule_type":"WEBMAIL","rule_id":"1690928"}`, "GET", rules+"/1690928", "records"),
		atpc("zia_list_cloud_app_control_rules", `{"rule_type":"WEBMAIL"}`, "GET", rules, "records"),
		atpc("zia_delete_cloud_app_control_rule", `{"rule_type":"WEBMAIL","rule_id":"1690928"}`, "DELETE", rules+"/1690928", "deleted"),
		atpc("zia_list_cloud_app_control_actions", `{"rule_type":"STREAMING_MEDIA","cloud_apps":["DROPBOX"]}`,
			"POST", "/zia/api/v1/webApplicationRules/STREAMING_MEDIA/availableActions", "records"),
	)
	// The SDK's update sent the description alone and ZIA refused it for want of a name; the tool reads the rule
	// (the recorded GET) and writes it back whole, and the recorded refusal comes back as the tool's error.
	replayATP(t, file, nil, atpc("zia_update_cloud_app_control_rule", `{"rule_type":"WEBMAIL","rule_id":"1690928","description":"Updated integration test Cloud Application Rule"}`,
		"PUT", rules+"/1690928", "error", "description"))
}

func TestZIACloudAppPolicyAgainstRecordedTraffic(t *testing.T) {
	const policy = "/zia/api/v1/cloudApplications/policy"
	// The Python SDK sends groupResults=True; the tool sends the JSON boolean's text, true, which ZIA takes alike:
	// the recorded URIs are compared with the boolean in lower case.
	lower := func(uri string) string { return strings.Replace(uri, "groupResults=True", "groupResults=true", 1) }
	replayATP(t, "zia__TestCloudApplications.yaml", lower,
		atpc("zia_list_cloud_app_policy", `{}`, "GET", policy, "records"),
		atpc("zia_list_cloud_app_policy", `{"page":1,"page_size":10}`, "GET", policy, "records"),
		atpc("zia_list_cloud_app_policy", `{"app_class":"WEB_MAIL"}`, "GET", policy, "records"), // after a 429, retried
		atpc("zia_list_cloud_app_policy", `{"search":"Google"}`, "GET", policy, "records"),
		atpc("zia_list_cloud_app_policy", `{"group_results":true}`, "GET", policy, "records"),
	)
}
