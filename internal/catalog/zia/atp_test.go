package zia_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// Bad input to the ATP, sandbox and cloud app control tools is refused
// before anything is sent, naming the parameter and what it accepts.
func TestATPAndSandboxBadInputIsRefusedBeforeAnythingIsSent(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ tool, args, want string }{
		{"zia_get_sandbox_report", `{"md5_hash":"not-a-hash"}`, `md5_hash: an MD5 hash is 32 hexadecimal digits, got "not-a-hash"`},
		{"zia_get_sandbox_report", `{"md5_hash":"9e107d9d372bb6826bd81d3542a419dz"}`, "md5_hash: an MD5 hash is 32 hexadecimal digits"},
		{"zia_get_sandbox_report", `{"md5_hash":"9e107d9d372bb6826bd81d3542a419d6","report_details":"brief"}`, "report_details: must be one of summary, full"},
		{"zia_list_cloud_app_control_rules", `{"rule_type":"EMAIL"}`, "rule_type: must be one of AI_ML, BUSINESS_PRODUCTIVITY"},
		{"zia_create_cloud_app_control_rule", `{"rule_type":"WEBMAIL","name":"x","action":"[\"ALLOW_WEBMAIL_VIEW\""}`, "action: the text is not a JSON list"},
		{"zia_create_cloud_app_control_rule", `{"rule_type":"WEBMAIL","name":"x","action":" , "}`, "action: must name at least one action"},
		{"zia_delete_cloud_app_control_rule", `{"rule_type":"WEBMAIL"}`, "rule_id is required"},
		{"zia_add_atp_malicious_urls", `{"malicious_urls":[]}`, "malicious_urls: give at least one URL"},
		{"zia_delete_atp_malicious_urls", `{"malicious_urls":"[\"bad.example.net\""}`, "malicious_urls: must be a list of strings"},
		{"zia_update_atp_malware_protocols", `{"inspect_http":true,"inspect_ftp":true}`, "inspect_ftp_over_http is required"},
		{"zia_update_atp_malware_inspection", `{"inspect_inbound":"yes","inspect_outbound":true}`, "inspect_inbound: "},
		{"zia_update_malware_settings", `{"settings":{}}`, "settings is empty"},
	} {
		res := e.run(t, c.tool, c.args)
		if !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): %q, want an error containing %q", c.tool, c.args, res.Error, c.want)
		}
	}
	if sent := e.sent(); len(sent) > 0 {
		t.Errorf("bad input reached the API: %v", sent)
	}
}

// The protocols update writes the whole object and answers it as read back.
func TestMalwareProtocolsUpdateAnswersWhatItReadsBack(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "zia_update_atp_malware_protocols", `{"inspect_http":true,"inspect_ftp_over_http":false,"inspect_ftp":false}`)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	const path = "/zia/api/v1/cyberThreatProtection/atpMalwareProtocols"
	if want := []string{"GET " + path, "PUT " + path, "GET " + path}; !slices.Equal(e.sent(), want) {
		t.Errorf("sent %v, want %v", e.sent(), want)
	}
	if got := string(res.Record); got != `{"inspectHttp":true,"inspectFtpOverHttp":false,"inspectFtp":false}` {
		t.Errorf("answered %s", got)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "activat") {
		t.Errorf("the answer does not say the change waits for activation: %v", res.Notes)
	}
}

// The malicious-URL list changes through the incremental actions: the URLs
// given are added or taken out, the others stay.
func TestMaliciousURLsChangeIncrementally(t *testing.T) {
	e := newEnv(t)
	list := func() []string {
		res := e.run(t, "zia_list_atp_malicious_urls", `{}`)
		var urls []string
		for _, r := range res.Records {
			var u string
			_ = json.Unmarshal(r, &u)
			urls = append(urls, u)
		}
		return urls
	}
	seed := list()
	if res := e.run(t, "zia_add_atp_malicious_urls", `{"malicious_urls":"[\"drop.example.net\"]"}`); string(res.Record) != `{"maliciousUrls":["drop.example.net"]}` {
		t.Errorf("the add answered %s %s; ZIA answers the URLs given", res.Error, res.Record)
	}
	if got := list(); len(got) != len(seed)+1 || !slices.Contains(got, "drop.example.net") {
		t.Errorf("after the add: %v", got)
	}
	res := e.run(t, "zia_delete_atp_malicious_urls", `{"malicious_urls":["drop.example.net","`+seed[0]+`"]}`)
	if string(res.Record) != `{"deleted":true,"malicious_urls":["drop.example.net","`+seed[0]+`"]}` {
		t.Errorf("the removal answered %s %s", res.Error, res.Record)
	}
	if got := list(); !slices.Equal(got, seed[1:]) {
		t.Errorf("after the removal: %v, want %v", got, seed[1:])
	}
	for _, s := range e.sent() {
		if strings.HasPrefix(s, "PUT") && !strings.Contains(s, "?action=ADD_TO_LIST") && !strings.Contains(s, "?action=REMOVE_FROM_LIST") {
			t.Errorf("a change went without an incremental action: %s", s)
		}
	}
}

// A cloud app control rule lives in its rule type's table, with the
// granular actions given; the actions of a rule type are listed by name.
func TestCloudAppControlRulesLiveInTheirRuleTypesTable(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "zia_create_cloud_app_control_rule", `{"rule_type":"FILE_SHARE","name":"Drive Read Only","action":"ALLOW_FILE_SHARE_VIEW, DENY_FILE_SHARE_UPLOAD",`+
		`"advanced":{"applications":"[\"DROPBOX\"]","groups":["81450001"]}}`)
	var rule struct {
		ID      json.Number `json:"id"`
		Type    string      `json:"type"`
		Actions []string    `json:"actions"`
		Order   int         `json:"order"`
		Groups  []struct {
			Name string `json:"name"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(res.Record, &rule); err != nil || res.Error != "" {
		t.Fatalf("%s %s", res.Error, res.Record)
	}
	if rule.Type != "FILE_SHARE" || !slices.Equal(rule.Actions, []string{"ALLOW_FILE_SHARE_VIEW", "DENY_FILE_SHARE_UPLOAD"}) || rule.Order != 1 ||
		len(rule.Groups) != 1 || rule.Groups[0].Name != "Engineering" {
		t.Errorf("created %s", res.Record)
	}
	if res := e.run(t, "zia_get_cloud_app_control_rule", `{"rule_type":"WEBMAIL","rule_id":"`+rule.ID.String()+`"}`); !strings.Contains(res.Error, "404") &&
		!strings.Contains(strings.ToLower(res.Error), "not found") {
		t.Errorf("the FILE_SHARE rule is found under WEBMAIL: %s %s", res.Error, res.Record)
	}
	if res := e.run(t, "zia_update_cloud_app_control_rule", `{"rule_type":"FILE_SHARE","rule_id":"`+rule.ID.String()+`","enabled":false}`); !strings.Contains(string(res.Record), `"DENY_FILE_SHARE_UPLOAD"`) ||
		!strings.Contains(string(res.Record), `"state":"DISABLED"`) {
		t.Errorf("the update did not keep the actions: %s %s", res.Error, res.Record)
	}
	res = e.run(t, "zia_list_cloud_app_control_actions", `{"rule_type":"WEBMAIL"}`)
	if len(res.Records) == 0 || string(res.Records[0]) != `"ALLOW_WEBMAIL_VIEW"` {
		t.Errorf("actions %s %s", res.Error, res.Records)
	}
}
