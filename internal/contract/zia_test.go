package contract

import (
	"encoding/json"
	"strings"
	"testing"
)

// ziaCase replays one ZIA tool call: the request it must send (method and
// path, the recorded query matched by the replay), the records it must
// answer, and for a write the recorded body members it must send as recorded.
type ziaCase struct {
	file, tool, args string
	method, path     string
	// records is what the result holds: "" the recorded answer of that
	// request, verbatim; "-" a delete's confirmation of what it did.
	records string
	// fields are the body members the tool sets, compared with the recorded body.
	fields []string
}

func (c ziaCase) run(t *testing.T) {
	rp, res := replayTool(t, c.file, c.tool, c.args)
	if res.Error != "" {
		t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
	}
	var sent *seenRequest
	for i := range rp.seen {
		if r := &rp.seen[i]; r.method == c.method && r.path == c.path {
			sent = r
		}
	}
	if sent == nil || sent.interaction < 0 {
		t.Fatalf("sent %+v, want the recorded %s %s", rp.seen, c.method, c.path)
	}
	in := rp.rec.Interactions[sent.interaction]
	if len(c.fields) > 0 {
		var got, want map[string]json.RawMessage
		if err := json.Unmarshal(sent.body, &got); err != nil {
			t.Fatalf("the body sent is not an object: %s", sent.body)
		}
		if in.Request.Body == nil || json.Unmarshal([]byte(*in.Request.Body), &want) != nil {
			t.Fatal("the recorded request has no body object")
		}
		for _, f := range c.fields {
			if want[f] == nil || canonical(t, string(got[f])) != canonical(t, string(want[f])) {
				t.Errorf("body member %s: sent %s, recorded %s", f, got[f], want[f])
			}
		}
	}
	if c.records == "-" {
		var done map[string]any
		_ = json.Unmarshal(res.Structured(), &done)
		if done["deleted"] != true {
			t.Errorf("delete result %s", res.Structured())
		}
		return
	}
	got := string(res.Structured())
	if res.Records != nil {
		var sc struct{ Result json.RawMessage }
		_ = json.Unmarshal(res.Structured(), &sc)
		got = string(sc.Result)
	}
	if canonical(t, got) != canonical(t, in.Response.Body.String) {
		t.Errorf("structuredContent differs from the recorded answer\n got: %.600s\nwant: %.600s", got, in.Response.Body.String)
	}
}

func runZIA(t *testing.T, cases []ziaCase) {
	for _, c := range cases {
		t.Run(c.tool+strings.ReplaceAll(c.args, " ", ""), c.run)
	}
}

func TestZIAActivationAgainstRecordedTraffic(t *testing.T) {
	runZIA(t, []ziaCase{
		{file: "zia__TestActivation.yaml", tool: "zia_get_activation_status", args: `{}`, method: "GET", path: "/zia/api/v1/status"},
		{file: "zia__TestActivation.yaml", tool: "zia_activate_configuration", args: `{}`, method: "POST", path: "/zia/api/v1/status/activate"},
	})
}
