package contract

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// The ZIA settings, time intervals, DLP, directory and Shadow IT tools
// against the SDK's recorded traffic (zia_settings_categories: the tools of
// the advanced and mobile settings, auth-exempt URLs, time intervals, user
// departments and groups, DLP dictionaries and engines, Shadow IT and URL
// categories).

func TestZIATimeIntervalsAgainstRecordedTraffic(t *testing.T) {
	const intervals = "/zia/api/v1/timeIntervals"
	replayWeb(t, "zia__TestTimeIntervals.yaml", []webCase{
		{tool: "zia_list_time_intervals", args: `{}`, method: "GET", path: intervals, result: "records"},
		{tool: "zia_create_time_interval", method: "POST", path: intervals, result: "records",
			args: `{"name":"TestInterval_VCR","start_time":480,"end_time":1020,"days_of_week":["MON","TUE","WED","THU","FRI"]}`},
		// The update reads the interval (the recorded GET), meets the edit lock once, and writes it back whole.
		{tool: "zia_update_time_interval", method: "PUT", path: intervals + "/2535", result: "records",
			args:    `{"interval_id":"2535","name":"TestInterval_VCR_Updated","start_time":540,"end_time":1080}`,
			compare: []string{"name", "startTime", "endTime", "daysOfWeek"}},
		{tool: "zia_delete_time_interval", args: `{"interval_id":"2535"}`, method: "DELETE", path: intervals + "/2535", result: "deleted"},
	})
	replayWeb(t, "zia__TestTimeIntervals.yaml", []webCase{
		{tool: "zia_get_time_interval", args: `{"interval_id":"2535"}`, method: "GET", path: intervals + "/2535", result: "records"},
	})
}

func TestZIADLPDictionariesAndEnginesAgainstRecordedTraffic(t *testing.T) {
	const dicts, engines = "/zia/api/v1/dlpDictionaries", "/zia/api/v1/dlpEngines"
	replayWeb(t, "zia__TestDLPDictionary.yaml", []webCase{
		{tool: "get_zia_dlp_dictionaries", args: `{}`, method: "GET", path: dicts, result: "records"},
		{tool: "get_zia_dlp_dictionaries", args: `{"action":"read_lite"}`, method: "GET", path: dicts + "/lite", result: "records"},
		{tool: "get_zia_dlp_dictionaries", args: `{"dict_id":"24"}`, method: "GET", path: dicts + "/24", result: "records"},
	})
	replayWeb(t, "zia__TestDLPEngines.yaml", []webCase{
		{tool: "get_zia_dlp_engines", args: `{"engine_id":"15"}`, method: "GET", path: engines + "/15", result: "records"},
		{tool: "get_zia_dlp_engines", args: `{}`, method: "GET", path: engines, result: "records"},
	})
}

func TestZIADepartmentsAndGroupsAgainstRecordedTraffic(t *testing.T) {
	const depts, groups = "/zia/api/v1/departments", "/zia/api/v1/groups"
	replayWeb(t, "zia__TestUserManagement.yaml", []webCase{
		{tool: "get_zia_user_groups", args: `{}`, method: "GET", path: groups, result: "records"},
		// The first answer is a 429; the client waits as told and asks again.
		{tool: "get_zia_user_groups", args: `{"search":"Default"}`, method: "GET", path: groups, result: "records"},
		{tool: "get_zia_user_groups", args: `{"group_id":"165437858"}`, method: "GET", path: groups + "/165437858", result: "records"},
		{tool: "get_zia_user_departments", args: `{}`, method: "GET", path: depts, result: "records"},
		{tool: "get_zia_user_departments", args: `{"search":"Default"}`, method: "GET", path: depts, result: "records"},
		{tool: "get_zia_user_departments", args: `{"department_id":"68759308"}`, method: "GET", path: depts + "/68759308", result: "records"},
		{tool: "get_zia_user_departments", args: `{"department_id":"68759308","action":"read_lite"}`,
			method: "GET", path: depts + "/lite/68759308", result: "records"},
	})
	replayWeb(t, "zia__TestUsers.yaml", []webCase{
		{tool: "get_zia_user_departments", args: `{}`, method: "GET", path: depts, result: "records"},
		{tool: "get_zia_user_groups", args: `{}`, method: "GET", path: groups, result: "records"},
	})
}

func TestZIAShadowITAgainstRecordedTraffic(t *testing.T) {
	const apps = "/zia/api/v1/cloudApplications/lite"
	replayWeb(t, "zia__TestShadowITReport.yaml", []webCase{
		{tool: "zia_list_shadow_it_apps", args: `{}`, method: "GET", path: apps, result: "records"},
		{tool: "zia_list_shadow_it_apps", args: `{"page_number":0,"limit":10}`, method: "GET", path: apps, result: "records"},
		{tool: "zia_list_shadow_it_custom_tags", args: `{}`, method: "GET", path: "/zia/api/v1/customTags", result: "records"},
	})
}

func TestZIASettingsAgainstRecordedTraffic(t *testing.T) {
	const advanced, mobile = "/zia/api/v1/advancedSettings", "/zia/api/v1/mobileAdvanceThreatSettings"
	replayWeb(t, "zia__TestAdvancedSettings.yaml", []webCase{
		{tool: "zia_get_advanced_settings", args: `{}`, method: "GET", path: advanced, result: "records"},
	})
	// The update reads the settings (the recorded GET) and writes them back whole, with the members given changed.
	replayWeb(t, "zia__TestAdvancedSettings.yaml", []webCase{
		{tool: "zia_update_advanced_settings", method: "PUT", path: advanced, result: "records",
			args:    `{"settings":{"authBypassApps":[],"authBypassUrls":[".newexample1.com",".newexample2.com"],"dnsResolutionOnTransparentProxyApps":["CHATGPT_AI"],"kerberosBypassUrlCategories":["ADULT_SEX_EDUCATION","ADULT_THEMES"],"basicBypassUrlCategories":["NONE"],"httpRangeHeaderRemoveUrlCategories":["NONE"],"kerberosBypassUrls":["test1.com"],"kerberosBypassApps":[],"dnsResolutionOnTransparentProxyUrls":["test1.com","test2.com"],"enableDnsResolutionOnTransparentProxy":true,"enableEvaluatePolicyOnGlobalSSLBypass":true,"enableOffice365":true,"logInternalIp":true,"enforceSurrogateIpForWindowsApp":true,"trackHttpTunnelOnHttpPorts":true,"blockHttpTunnelOnNonHttpPorts":false,"blockDomainFrontingOnHostHeader":false,"zscalerClientConnector1AndPacRoadWarriorInFirewall":true,"cascadeUrlFiltering":true,"enablePolicyForUnauthenticatedTraffic":true,"blockNonCompliantHttpRequestOnHttpPorts":true,"enableAdminRankAccess":true,"ecsForAllEnabled":false,"dynamicUserRiskEnabled":false,"blockConnectHostSniMismatch":false,"preferSniOverConnHost":false,"sipaXffHeaderEnabled":false,"blockNonHttpOnHttpPortEnabled":true,"uiSessionTimeout":300}}`,
			compare: []string{"authBypassApps", "authBypassUrls", "dnsResolutionOnTransparentProxyApps", "kerberosBypassUrlCategories", "basicBypassUrlCategories", "httpRangeHeaderRemoveUrlCategories", "kerberosBypassUrls", "kerberosBypassApps", "dnsResolutionOnTransparentProxyUrls", "enableDnsResolutionOnTransparentProxy", "enableEvaluatePolicyOnGlobalSSLBypass", "enableOffice365", "logInternalIp", "enforceSurrogateIpForWindowsApp", "trackHttpTunnelOnHttpPorts", "blockHttpTunnelOnNonHttpPorts", "blockDomainFrontingOnHostHeader", "zscalerClientConnector1AndPacRoadWarriorInFirewall", "cascadeUrlFiltering", "enablePolicyForUnauthenticatedTraffic", "blockNonCompliantHttpRequestOnHttpPorts", "enableAdminRankAccess", "ecsForAllEnabled", "dynamicUserRiskEnabled", "blockConnectHostSniMismatch", "preferSniOverConnHost", "sipaXffHeaderEnabled", "blockNonHttpOnHttpPortEnabled", "uiSessionTimeout"}},
	})
	replayWeb(t, "zia__TestMobileThreatSettings.yaml", []webCase{
		{tool: "zia_get_mobile_advanced_settings", args: `{}`, method: "GET", path: mobile, result: "records"},
	})
	// ZIA refuses a member it does not know; the tool's error carries its words.
	replayWeb(t, "zia__TestMobileThreatSettings.yaml", []webCase{
		{tool: "zia_update_mobile_advanced_settings", method: "PUT", path: mobile, result: "error",
			args: `{"settings":{"sms_phishing_enabled":false}}`, compare: []string{"smsPhishingEnabled"}},
	})
}

func TestZIAAuthExemptURLsAgainstRecordedTraffic(t *testing.T) {
	const exempt = "/zia/api/v1/authSettings/exemptedUrls"
	replayWeb(t, "zia__TestExemptedUrls.yaml", []webCase{
		{tool: "zia_add_auth_exempt_urls", method: "POST", path: exempt, result: "records",
			args: `{"exempt_urls":["vcr-test-url-1.vcr-test.com","vcr-test-url-2.vcr-test.com","vcr-test-url-3.vcr-test.com",` +
				`"vcr-test-url-4.vcr-test.com","vcr-test-url-5.vcr-test.com"]}`},
		// The SDK's test removed an empty list; the tool refuses one (there is nothing to remove), so one URL is
		// removed here: the request is the recorded POST ?action=REMOVE_FROM_LIST, the URLs aside.
		{tool: "zia_delete_auth_exempt_urls", method: "POST", path: exempt, result: "deleted", compare: []string{},
			args: `{"exempt_urls":["vcr-test-url-1.vcr-test.com"]}`},
	})
	// The list is the recorded answer's urls, verbatim.
	rec := shared.LoadRecording(t, "zia__TestExemptedUrls.yaml")
	rp := &replay{rec: rec, used: map[int]bool{}}
	res := replayExecutor(t, rp).Execute(context.Background(), tool(t, "zia_list_auth_exempt_urls"), json.RawMessage(`{}`))
	if res.Error != "" || len(rp.seen) != 1 || rp.seen[0].method != "GET" || rp.seen[0].path != exempt || rp.seen[0].interaction < 0 {
		t.Fatalf("result %+v, requests %+v", res, rp.seen)
	}
	var recorded struct{ URLs json.RawMessage }
	_ = json.Unmarshal([]byte(rec.Interactions[rp.seen[0].interaction].Response.Body.String), &recorded)
	var got struct{ Result json.RawMessage }
	_ = json.Unmarshal(res.Structured(), &got)
	if canonical(t, string(got.Result)) != canonical(t, string(recorded.URLs)) {
		t.Errorf("listed %s, recorded %s", got.Result, recorded.URLs)
	}
}

func TestZIAShadowITBulkUpdateAgainstRecordedTraffic(t *testing.T) {
	// The recorded bulk update named no application, and ZIA failed it; the tool refuses that before sending, so
	// one application is named here: the state goes as recorded, and ZIA's refusal comes back as the tool's error.
	replayWeb(t, "zia__TestShadowITReport.yaml", []webCase{
		{tool: "zia_bulk_update_shadow_it_apps", method: "PUT", path: "/zia/api/v1/cloudApplications/bulkUpdate", result: "error",
			args: `{"sanction_state":"sanctioned","application_ids":["2424869"]}`, compare: []string{"sanctionedState"}},
	})
}
