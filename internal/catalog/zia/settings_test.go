package zia

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// Bad input is refused before anything is sent, naming the parameter and what it accepts.
func TestBadInputNamesTheParameter(t *testing.T) {
	for _, c := range []struct{ tool, args, want string }{
		{"zia_create_time_interval", `{"name":"x","start_time":0,"end_time":60,"days_of_week":["MON","FUNDAY"]}`, `days_of_week: "FUNDAY" is not a day; accepted: EVERYDAY, SUN`},
		{"zia_create_time_interval", `{"name":"x","start_time":0,"end_time":60,"days_of_week":"[\"MON\""}`, "days_of_week: must be a list of strings (the text is not a JSON array"},
		{"zia_create_time_interval", `{"name":"x","start_time":0,"end_time":1440,"days_of_week":["MON"]}`, "end_time: must be at most 1439"},
		{"zia_update_time_interval", `{"interval_id":"7","days_of_week":[]}`, "days_of_week: give at least one day"},
		{"get_zia_user_departments", `{"sort_by":"colour"}`, "sort_by: must be one of id, name, expiry, status, external_id, rank"},
		{"get_zia_dlp_engines", `{"action":"write"}`, "action: must be one of read, read_lite"},
		{"zia_delete_time_interval", `{"interval_id":"Weekends"}`, `interval_id: a ZIA id is a whole number such as "6210001", got "Weekends"`},
		{"get_zia_user_groups", `{"group_id":"-4"}`, "group_id: a ZIA id is a whole number"},
		{"get_zia_dlp_dictionaries", `{"dict_id":"12a"}`, "dict_id: a ZIA id is a whole number"},
	} {
		_, err := ziaTool(t, c.tool).ParseArgs(json.RawMessage(c.args))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s(%s): %v, want an error containing %q", c.tool, c.args, err, c.want)
		}
	}
	// A JSON-text list of days is taken, in the API's upper case.
	args, err := ziaTool(t, "zia_create_time_interval").ParseArgs(json.RawMessage(`{"name":"x","start_time":0,"end_time":60,"days_of_week":"[\"mon\",\"Tue\"]"}`))
	if err != nil {
		t.Fatal(err)
	}
	req, err := (&catalog.Executor{}).Request(ziaTool(t, "zia_create_time_interval"), args)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(req.Body); string(got) != `{"daysOfWeek":["MON","TUE"],"endTime":60,"name":"x","startTime":0}` {
		t.Errorf("body %s", got)
	}
}
