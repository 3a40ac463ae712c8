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
		{"numeric id keeps its digits", `{"group_id":216196257331404691}`, Args{"group_id": "216196257331404691", "enabled": true}},
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
