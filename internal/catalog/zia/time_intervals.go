package zia

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const timeInterval = api + "/timeIntervals/{interval_id}"

// weekDays are the days a ZIA time interval accepts; EVERYDAY stands for all seven.
var weekDays = []string{"EVERYDAY", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

func timeIntervals() []catalog.Tool {
	id := numeric(catalog.PathID("interval_id", "Time interval id."))
	params := func(create bool) []catalog.Param {
		ps := []catalog.Param{
			catalog.Str("name", "Interval name, unique in the tenant.").Body("name"),
			catalog.Int("start_time", "Start, in minutes after midnight (0-1439): 540 is 09:00.").Range(0, 1439).Body("startTime"),
			catalog.Int("end_time", "End, in minutes after midnight (0-1439): 1080 is 18:00.").Range(0, 1439).Body("endTime"),
			catalog.StrList("days_of_week", "Days it applies to: "+strings.Join(weekDays, ", ")+
				" (EVERYDAY alone for all seven), e.g. [\"MON\",\"TUE\"]; a JSON list as text is accepted.").
				Body("daysOfWeek").Converted(days),
		}
		for i := range ps {
			ps[i].Required = create
		}
		return ps
	}
	return []catalog.Tool{
		{
			Name: "zia_list_time_intervals", Toolset: "zia_time_intervals", Action: catalog.Read,
			Description: "List ZIA time intervals, the named weekly windows (days, start and end minute) that firewall, " +
				"URL filtering and other rules use as their time of validity. Without page, every page is read.",
			Method: "GET", Path: api + "/timeIntervals", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Str("search", "Text the interval name contains, matched by the API.").Query("search"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-1000).").Range(1, 1000).At(catalog.InPageSize),
			},
		},
		{
			Name: "zia_get_time_interval", Toolset: "zia_time_intervals", Action: catalog.Read,
			Description: "Get one ZIA time interval by id: its name, days of the week and start and end minute.",
			Method:      "GET", Path: timeInterval, Shape: catalog.Record,
			Params: []catalog.Param{id},
		},
		{
			Name: "zia_create_time_interval", Toolset: "zia_time_intervals", Action: catalog.Create,
			Description: "Create a ZIA time interval: a name, the days of the week, and a start and end given in " +
				"minutes after midnight. Rules refer to it by the id it returns.",
			Method: "POST", Path: api + "/timeIntervals", Shape: catalog.Record,
			Params:  params(true),
			Example: map[string]any{"name": "Catalogue Test Hours", "start_time": 480, "end_time": 1020, "days_of_week": []string{"MON", "TUE", "WED"}},
		},
		{
			Name: "zia_update_time_interval", Toolset: "zia_time_intervals", Action: catalog.Update,
			Description: "Update a ZIA time interval. The API replaces the whole interval, so the current one is read " +
				"first and the name, start, end and days not given keep their values.",
			Method: "PUT", Path: timeInterval, Merge: timeInterval, Shape: catalog.Record,
			Params:  append([]catalog.Param{id}, params(false)...),
			Example: map[string]any{"end_time": 1110},
		},
		{
			Name: "zia_delete_time_interval", Toolset: "zia_time_intervals", Action: catalog.Delete,
			Description: "Delete a ZIA time interval. Destructive; confirmation required: the user must confirm before " +
				"anything is deleted. ZIA refuses while a rule still uses the interval.",
			Method: "DELETE", Path: timeInterval, Shape: catalog.Done,
			Params: []catalog.Param{id},
		},
	}
}

// days checks the days of a time interval and sends them in the API's upper case.
func days(v any) (any, error) {
	in := v.([]string)
	if len(in) == 0 {
		return nil, fmt.Errorf("give at least one day, of %s", strings.Join(weekDays, ", "))
	}
	out := make([]string, len(in))
	for i, d := range in {
		out[i] = strings.ToUpper(strings.TrimSpace(d))
		if !slices.Contains(weekDays, out[i]) {
			return nil, fmt.Errorf("%q is not a day; accepted: %s", d, strings.Join(weekDays, ", "))
		}
	}
	return out, nil
}
