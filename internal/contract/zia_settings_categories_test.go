package contract

import "testing"

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
