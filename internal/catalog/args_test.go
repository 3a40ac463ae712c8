package catalog

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var argsTool = Tool{
	Name: "zpa_test_tool", Service: "zpa", Toolset: "t", Action: Read, Description: "d",
	Method: "GET", Path: "/x/{group_id}",
	Params: []Param{
		PathID("group_id", "Group id."),
		Str("search", "Search.").Query("search"),
		Int("page_size", "Page size.").Range(1, 500).At(InPageSize),
		Bool("enabled", "Enabled.").Def(true).Body("enabled"),
		StrList("emails", "Emails.").Query("emails"),
		Str("os_type", "OS.").Mapped(map[string]string{"ios": "1", "linux": "5"}, "ios", "linux").Query("osType"),
	},
}

func TestParseArgsAccepts(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want Args
	}{
		{"defaults applied", `{"group_id":"7"}`, Args{"group_id": "7", "enabled": true}},
		{"numeric id keeps its digits", `{"group_id":72057594037}`, Args{"group_id": "72057594037", "enabled": true}},
		{"integer from a numeric string", `{"group_id":"7","page_size":"50"}`, Args{"group_id": "7", "page_size": int64(50), "enabled": true}},
		{"list from JSON text", `{"group_id":"7","emails":"[\"a@example.com\",\"b@example.com\"]"}`,
			Args{"group_id": "7", "emails": []string{"a@example.com", "b@example.com"}, "enabled": true}},
		{"single string becomes a list", `{"group_id":"7","emails":"a@example.com"}`,
			Args{"group_id": "7", "emails": []string{"a@example.com"}, "enabled": true}},
		{"boolean from text", `{"group_id":"7","enabled":"false"}`, Args{"group_id": "7", "enabled": false}},
		{"null counts as omitted", `{"group_id":"7","search":null}`, Args{"group_id": "7", "enabled": true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := argsTool.ParseArgs(json.RawMessage(c.raw))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

func TestParseArgsRejectsWithEveryProblem(t *testing.T) {
	_, err := argsTool.ParseArgs(json.RawMessage(`{"page_size":501,"os_type":"windows","bogus":1,"enabled":"maybe"}`))
	if err == nil {
		t.Fatal("bad arguments were accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"group_id is required",
		"page_size: must be at most 500",
		`os_type: must be one of ios, linux, got "windows"`,
		"enabled: must be true or false",
		"unknown argument(s) bogus; accepted: group_id, search",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
}

func TestParseArgsRejectsFractionsAndNonObjects(t *testing.T) {
	if _, err := argsTool.ParseArgs(json.RawMessage(`{"group_id":"7","page_size":2.5}`)); err == nil || !strings.Contains(err.Error(), "whole number") {
		t.Fatalf("fractional page size: %v", err)
	}
	if _, err := argsTool.ParseArgs(json.RawMessage(`[1,2]`)); err == nil || !strings.Contains(err.Error(), "JSON object") {
		t.Fatalf("array arguments: %v", err)
	}
}

// Issue 19: a JavaScript client rounds integers past 2^53 before they leave
// it, so such a number in place of an id may name a neighbouring object.
func TestParseArgsRefusesNumbersAClientMayHaveRounded(t *testing.T) {
	objTool := Tool{Name: "zpa_obj_tool", Service: "zpa", Toolset: "t", Action: Read, Description: "d", Method: "GET", Path: "/x",
		Params: []Param{Obj("advanced", "More fields.").At(InBodyMore), Int("count", "Count.")}}
	accepted := []struct{ raw, param, want string }{
		{`{"group_id":9007199254740991}`, "group_id", "9007199254740991"},
		{`{"group_id":-9007199254740991}`, "group_id", "-9007199254740991"},
		{`{"group_id":"734512908613300401"}`, "group_id", "734512908613300401"},
		{`{"group_id":"73451290861330040173451290861330040199"}`, "group_id", "73451290861330040173451290861330040199"},
	}
	for _, c := range accepted {
		got, err := argsTool.ParseArgs(json.RawMessage(c.raw))
		if err != nil {
			t.Fatalf("%s: %v", c.raw, err)
		}
		if got[c.param] != c.want {
			t.Fatalf("%s: %s = %#v, want %q", c.raw, c.param, got[c.param], c.want)
		}
	}
	if got, err := argsTool.ParseArgs(json.RawMessage(`{"group_id":"7","emails":[12,9007199254740991]}`)); err != nil ||
		!reflect.DeepEqual(got["emails"], []string{"12", "9007199254740991"}) {
		t.Fatalf("safe integers in a list: %#v, %v", got, err)
	}
	if got, err := objTool.ParseArgs(json.RawMessage(`{"advanced":{"n":9007199254740991,"text":"[734512908613300401]"},"count":5}`)); err != nil ||
		got["advanced"].(map[string]any)["n"] != json.Number("9007199254740991") {
		t.Fatalf("safe integer in an object: %#v, %v", got, err)
	}
	if _, err := objTool.ParseArgs(json.RawMessage(`{"advanced":"{\"appId\": 734512908613300401}"}`)); err != nil {
		t.Fatalf("an object sent as JSON text keeps its digits, nothing rounded them: %v", err)
	}

	refused := []struct {
		tool      *Tool
		raw, want string
	}{
		{&argsTool, `{"group_id":734512908613300401}`, `group_id: 734512908613300401 may not be the id that was meant`},
		{&argsTool, `{"group_id":9007199254740992}`, `group_id: 9007199254740992 may not be the id that was meant`},
		{&argsTool, `{"group_id":-9007199254740992}`, `group_id: -9007199254740992 may not be the id that was meant`},
		{&argsTool, `{"group_id":7.345129086133004e17}`, `group_id: 7.345129086133004e17 may not be the id that was meant`},
		{&argsTool, `{"group_id":1e400}`, `group_id: 1e400 may not be the id`},
		{&argsTool, `{"group_id":7.5}`, `group_id: must be a string; 7.5 is not a whole number`},
		{&argsTool, `{"group_id":"7","emails":["a",734512908613300401]}`, `emails: element 1: 734512908613300401 may not be the id`},
		{&objTool, `{"advanced":{"conditions":[{"operands":[{"rhs":734512908613300401}]}]}}`,
			`advanced: conditions[0].operands[0].rhs: 734512908613300401 may not be the id that was meant`},
		{&objTool, `{"count":9007199254740993}`, `count: must be a whole number of magnitude below 2^53`},
	}
	for _, c := range refused {
		_, err := c.tool.ParseArgs(json.RawMessage(c.raw))
		if err == nil {
			t.Fatalf("%s was accepted", c.raw)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: error %q does not say %q", c.raw, err, c.want)
		}
		if strings.Contains(c.want, "may not be") && !strings.Contains(err.Error(), "pass it as a string") {
			t.Fatalf("%s: error %q does not say how to fix it", c.raw, err)
		}
	}
}
