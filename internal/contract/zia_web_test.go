package contract

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// webCase is one tool call replayed against a ZIA web security recording:
// the request it must send, and what its result must be.
type webCase struct {
	tool, args   string
	method, path string
	// compare names the body members checked against the recorded body; nil
	// means the whole body, member for member (a create sends what it was given).
	compare []string
	// result: "records" the recorded body, verbatim; "deleted" the delete's
	// own answer; "error" a tool error carrying the API's message.
	result string
}

// replayWeb runs each case against a fresh replay of file, in order, so that
// a case meets the interaction the SDK's test made at that point.
func replayWeb(t *testing.T, file string, cases []webCase) {
	rec := shared.LoadRecording(t, file)
	rp := &replay{rec: rec, used: map[int]bool{}}
	exec := replayExecutor(t, rp)
	for _, c := range cases {
		t.Run(c.tool, func(t *testing.T) {
			before := len(rp.seen)
			res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			sent := rp.seen[before:]
			var last seenRequest
			for _, s := range sent {
				if s.method == c.method && s.path == c.path {
					last = s
				}
			}
			if last.method == "" || last.interaction < 0 {
				t.Fatalf("did not send the recorded %s %s; sent %+v (result %s)", c.method, c.path, sent, res.Error)
			}
			in := rec.Interactions[last.interaction]
			if c.method == "POST" || c.method == "PUT" {
				got, want := map[string]json.RawMessage{}, map[string]json.RawMessage{}
				_ = json.Unmarshal(last.body, &got)
				_ = json.Unmarshal([]byte(*in.Request.Body), &want)
				fields := c.compare
				if fields == nil {
					if !sameFields(t, canonical(t, string(last.body)), canonical(t, *in.Request.Body)) {
						t.Errorf("body %s, recorded %s", last.body, *in.Request.Body)
					}
				}
				for _, f := range fields {
					if canonical(t, string(got[f])) != canonical(t, string(want[f])) {
						t.Errorf("body member %s = %s, recorded %s", f, got[f], want[f])
					}
				}
			}
			switch c.result {
			case "error":
				if res.Error == "" || !contains(res.Error, in.Response.Body.String) {
					t.Errorf("want a tool error carrying the API's answer %s, got %+v", in.Response.Body.String, res)
				}
				return
			case "deleted":
				if res.Error != "" {
					t.Fatal(res.Error)
				}
				var done map[string]any
				_ = json.Unmarshal(res.Structured(), &done)
				if done["deleted"] != true {
					t.Errorf("delete result %s", res.Structured())
				}
				return
			}
			if res.Error != "" {
				t.Fatalf("tool failed: %s", res.Error)
			}
			got := canonical(t, string(res.Structured()))
			if res.Records != nil {
				var sc struct{ Result json.RawMessage }
				_ = json.Unmarshal(res.Structured(), &sc)
				got = canonical(t, string(sc.Result))
			}
			if want := canonical(t, in.Response.Body.String); got != want {
				t.Errorf("structuredContent differs from the recorded answer\n got: %.600s\nwant: %.600s", got, want)
			}
		})
	}
}

// contains reports whether the API's message (the "message" member of its
// JSON error, or the whole body) is in the tool's error.
func contains(toolErr, body string) bool {
	var e struct{ Message string }
	if json.Unmarshal([]byte(body), &e) == nil && e.Message != "" {
		body = e.Message
	}
	return len(body) > 0 && strings.Contains(toolErr, body)
}

func TestURLFilteringRulesAgainstRecordedTraffic(t *testing.T) {
	const rules = "/zia/api/v1/urlFilteringRules"
	replayWeb(t, "zia__TestURLFiltering.yaml", []webCase{
		{tool: "zia_list_url_filtering_rules", args: `{}`, method: "GET", path: rules, result: "records"},
		{tool: "zia_create_url_filtering_rule", method: "POST", path: rules, result: "records",
			args: `{"name":"TestURLRule_VCR","description":"Test URL filtering rule for VCR","action":"BLOCK",` +
				`"advanced":{"url_categories":["OTHER_ADULT_MATERIAL"],"protocols":"[\"HTTPS_RULE\",\"HTTP_RULE\"]"}}`},
		// The update reads the rule (the recorded GET) and writes it back with the two fields changed.
		{tool: "zia_update_url_filtering_rule", method: "PUT", path: rules + "/1690943", result: "records",
			args:    `{"rule_id":"1690943","name":"TestURLRule_VCR_Updated","description":"Updated test URL filtering rule"}`,
			compare: []string{"name", "description", "order", "rank", "action", "urlCategories", "protocols", "state"}},
		{tool: "zia_delete_url_filtering_rule", args: `{"rule_id":"1690943"}`, method: "DELETE", path: rules + "/1690943", result: "deleted"},
	})
	replayWeb(t, "zia__TestURLFilteringRule.yaml", []webCase{
		{tool: "zia_create_url_filtering_rule", method: "POST", path: rules, result: "records",
			args: `{"name":"tests-vcr0001","description":"tests-vcr0002","action":"BLOCK","order":1,"rank":7,"enabled":true,"advanced":{` +
				`"urlCategories":["ANY"],"protocols":["ANY_RULE"],"device_trust_levels":["UNKNOWN_DEVICETRUSTLEVEL","LOW_TRUST","MEDIUM_TRUST","HIGH_TRUST"],` +
				`"user_agent_types":["OPERA","FIREFOX","MSIE","MSEDGE","CHROME","SAFARI","MSCHREDGE","OTHER"],"userRiskScoreLevels":"[\"LOW\",\"MEDIUM\",\"HIGH\",\"CRITICAL\"]",` +
				`"request_methods":["CONNECT","DELETE","GET","HEAD","OPTIONS","OTHER","POST","PUT","TRACE"]}}`},
		{tool: "zia_get_url_filtering_rule", args: `{"rule_id":"1690944"}`, method: "GET", path: rules + "/1690944", result: "records"},
	})
}

func TestSSLInspectionRulesAgainstRecordedTraffic(t *testing.T) {
	const rules = "/zia/api/v1/sslInspectionRules"
	replayWeb(t, "zia__TestSSLInspectionRules.yaml", []webCase{
		{tool: "zia_list_ssl_inspection_rules", args: `{}`, method: "GET", path: rules, result: "records"},
		// The SDK's test sent the action as a bare string and ZIA refused the body; the tool sends it as the
		// {"type": ...} object ZIA takes, and the recorded refusal still comes back as the tool's error.
		{tool: "zia_create_ssl_inspection_rule", method: "POST", path: rules, result: "error",
			args:    `{"name":"TestSSLRule_VCR","description":"Test SSL inspection rule for VCR","action":"INSPECT","advanced":{"road_warrior_for_kerberos":false}}`,
			compare: []string{"name", "description", "order", "rank", "roadWarriorForKerberos", "state"}},
		{tool: "zia_get_ssl_inspection_rule", args: `{"rule_id":"184200"}`, method: "GET", path: rules + "/184200", result: "records"},
	})
}

func TestCloudApplicationCataloguesAgainstRecordedTraffic(t *testing.T) {
	const policy, ssl = "/zia/api/v1/cloudApplications/policy", "/zia/api/v1/cloudApplications/sslPolicy"
	replayWeb(t, "zia__TestCloudApplications.yaml", []webCase{
		{tool: "zia_list_cloud_app_ssl_policy", args: `{}`, method: "GET", path: ssl, result: "records"},
		{tool: "zia_list_cloud_app_ssl_policy", args: `{"page":1,"page_size":10}`, method: "GET", path: ssl, result: "records"},
		{tool: "zia_list_cloud_app_ssl_policy", args: `{"app_class":"WEB_MAIL"}`, method: "GET", path: ssl, result: "records"},
	})
}

func TestFileTypeAndDLPRulesAgainstRecordedTraffic(t *testing.T) {
	const ft, dlp = "/zia/api/v1/fileTypeRules", "/zia/api/v1/webDlpRules"
	replayWeb(t, "zia__TestFileTypeControlRules.yaml", []webCase{
		{tool: "zia_create_file_type_control_rule", method: "POST", path: ft, result: "records",
			args: `{"name":"tests-vcr0001","description":"Integration test file type control rule","action":"ALLOW","advanced":{` +
				`"operation":"DOWNLOAD","url_categories":["OTHER_ADULT_MATERIAL"],"protocols":["FOHTTP_RULE","FTP_RULE","HTTPS_RULE","HTTP_RULE"],` +
				`"device_trust_levels":["UNKNOWN_DEVICETRUSTLEVEL","LOW_TRUST","MEDIUM_TRUST","HIGH_TRUST"],"file_types":"[\"FTCATEGORY_ALZ\",\"FTCATEGORY_P7Z\",\"FTCATEGORY_B64\"]"}}`},
		{tool: "zia_update_file_type_control_rule", method: "PUT", path: ft + "/1690934", result: "records",
			args:    `{"rule_id":"1690934","description":"Updated integration test File Type Control Rule"}`,
			compare: []string{"name", "description", "order", "rank", "filteringAction", "operation", "urlCategories", "protocols", "state"}},
		{tool: "zia_list_file_type_control_rules", args: `{}`, method: "GET", path: ft, result: "records"},
		{tool: "zia_delete_file_type_control_rule", args: `{"rule_id":"1690934"}`, method: "DELETE", path: ft + "/1690934", result: "deleted"},
	})
	replayWeb(t, "zia__TestDLPWebRule.yaml", []webCase{
		{tool: "zia_create_web_dlp_rule", method: "POST", path: dlp, result: "records",
			args: `{"name":"TestDLPRule_VCR","description":"Test DLP Web Rule for VCR","action":"BLOCK","advanced":{"severity":"RULE_SEVERITY_HIGH",` +
				`"protocols":["FTP_RULE","HTTPS_RULE","HTTP_RULE"],"cloud_applications":["WINDOWS_LIVE_HOTMAIL"],"user_risk_score_levels":["LOW","MEDIUM","HIGH","CRITICAL"]}}`},
		{tool: "zia_list_web_dlp_rules", args: `{}`, method: "GET", path: dlp, result: "records"},
		{tool: "zia_list_web_dlp_rules_lite", args: `{}`, method: "GET", path: dlp + "/lite", result: "records"},
		{tool: "zia_update_web_dlp_rule", method: "PUT", path: dlp + "/1690933", result: "records",
			args:    `{"rule_id":"1690933","name":"TestDLPRule_VCR_Updated","description":"Updated DLP Web Rule","rank":7}`,
			compare: []string{"name", "description", "action", "order", "rank", "severity", "protocols", "cloudApplications", "state"}},
		{tool: "zia_delete_web_dlp_rule", args: `{"rule_id":"1690933"}`, method: "DELETE", path: dlp + "/1690933", result: "deleted"},
	})
}
