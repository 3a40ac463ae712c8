package contract

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// Every Z-Insights recording (zins__*.yaml) is one GraphQL POST to
// /zins/graphql. Each is replayed by the tool that issues that operation,
// with the recorded window (epoch ms) and limit: the body sent must carry
// the recorded query document (whitespace aside), operation name and every
// non-null recorded variable (the SDK that recorded them also sent
// filterBy/orderBy as null, which the tools leave out, as today's SDK does);
// the result must be the recorded entries, or the recorded GraphQL refusal
// (HTTP 200 with errors) as a tool error naming its code and message.
func TestZInsightsAgainstRecordedTraffic(t *testing.T) {
	for _, c := range []struct {
		file, tool, args string
		want             []string // a refusal: what the tool error names; nil: the recorded entries
	}{
		{"zins__TestCyberSecurity.yaml", "zins_get_cyber_incidents", `{"start_time":1765158714168,"end_time":1765763514168,"categorize_by":["THREAT_CATEGORY_ID"],"limit":10}`, nil},
		{"zins__TestFirewall.yaml", "zins_get_firewall_by_action", `{"start_time":1765158714778,"end_time":1765763514778,"limit":10}`, nil},
		{"zins__TestSaasSecurity.yaml", "zins_get_casb_app_report", `{"start_time":1765158718994,"end_time":1765763518994,"limit":10}`, nil},
		{"zins__TestIoT.yaml", "zins_get_iot_device_stats", `{"limit":10}`,
			[]string{"FORBIDDEN", "Data fetching Failed: Forbidden to use API", "IOT.device_stats"}},
		{"zins__TestShadowIT.yaml", "zins_get_shadow_it_apps", `{"start_time":1765158719145,"end_time":1765763519145,"limit":10}`,
			[]string{"INTERNAL_ERROR", "Something went wrong", "SHADOW_IT.apps.entries"}},
		{"zins__TestWebTraffic.yaml", "zins_get_web_traffic_by_location", `{"start_time":1765158719331,"end_time":1765763519331,"traffic_unit":"TRANSACTIONS","include_trend":false,"limit":10}`,
			[]string{"INTERNAL_ERROR", "Something went wrong", "WEB_TRAFFIC.location"}},
	} {
		t.Run(c.tool, func(t *testing.T) {
			rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
			exec := replayExecutor(t, rp)
			res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			if len(rp.seen) != 1 || rp.seen[0].method != "POST" || rp.seen[0].path != "/zins/graphql" || rp.seen[0].interaction < 0 {
				t.Fatalf("sent %+v, want the one recorded POST /zins/graphql", rp.seen)
			}
			in := rp.rec.Interactions[rp.seen[0].interaction]
			var sent, recorded struct {
				Query         string         `json:"query"`
				Variables     map[string]any `json:"variables"`
				OperationName string         `json:"operationName"`
			}
			if err := json.Unmarshal(rp.seen[0].body, &sent); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(*in.Request.Body), &recorded); err != nil {
				t.Fatal(err)
			}
			if words := strings.Fields; strings.Join(words(sent.Query), " ") != strings.Join(words(recorded.Query), " ") {
				t.Errorf("query document\n%s\nwant the recorded\n%s", sent.Query, recorded.Query)
			}
			if sent.OperationName != recorded.OperationName {
				t.Errorf("operationName %q, want %q", sent.OperationName, recorded.OperationName)
			}
			for k, v := range recorded.Variables {
				got, _ := json.Marshal(sent.Variables[k])
				if want, _ := json.Marshal(v); v != nil && string(got) != string(want) {
					t.Errorf("variable %s = %v, recorded %v", k, sent.Variables[k], v)
				}
			}
			for k, v := range sent.Variables {
				if _, ok := recorded.Variables[k]; !ok {
					t.Errorf("variable %s = %v was not recorded", k, v)
				}
			}
			if c.want != nil {
				for _, w := range c.want {
					if !strings.Contains(res.Error, w) {
						t.Errorf("tool error %q lacks %q", res.Error, w)
					}
				}
				if res.Structured() != nil && res.Error == "" {
					t.Errorf("a refusal answered %s", res.Structured())
				}
				return
			}
			if res.Error != "" {
				t.Fatalf("tool failed: %s", res.Error)
			}
			var answer struct {
				Data map[string]map[string]struct {
					Entries json.RawMessage `json:"entries"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(in.Response.Body.String), &answer); err != nil {
				t.Fatal(err)
			}
			var entries json.RawMessage
			for _, domain := range answer.Data {
				for _, rep := range domain {
					entries = rep.Entries
				}
			}
			if got, want := canonical(t, string(res.Structured())), canonical(t, `{"result":`+string(entries)+`}`); got != want {
				t.Errorf("structuredContent %s, want the recorded entries %s", got, want)
			}
		})
	}
}
