package contract

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// zpaReplay is one ZPA tool call replayed against a recording: the requests
// it must send in order, the write whose body must carry the recorded values
// of the fields the tool sets, and the request whose recorded answer is the
// tool's result.
type zpaReplay struct {
	file, tool, args string
	calls            []string // "METHOD path", under the v1 customer root unless it starts with /zpa/; {cid} is the tenant
	body             int      // index in calls of the write whose body is compared; -1 none
	want             int      // index in calls whose recorded answer is the result; -1 a delete
	list             bool     // that answer is ZPA's envelope; the result is its list
	one              bool     // that answer is one record; the result is a list of it
	// again are interactions the call may meet twice (a GET the SDK made
	// once where the tool reads the record again after writing).
	again []int
}

func (c zpaReplay) run(t *testing.T) {
	t.Helper()
	rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
	exec := replayExecutor(t, rp)
	for _, i := range c.again {
		rp.rec.Interactions = append(rp.rec.Interactions, rp.rec.Interactions[i])
	}
	tl := tool(t, c.tool)
	res := exec.Execute(context.Background(), tl, json.RawMessage(c.args))
	if res.Error != "" {
		t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
	}
	if len(rp.seen) != len(c.calls) {
		t.Fatalf("sent %d requests, want %d: %+v", len(rp.seen), len(c.calls), rp.seen)
	}
	for i, want := range c.calls {
		method, path, _ := strings.Cut(strings.ReplaceAll(want, "{cid}", recordedCustomerID), " ")
		if !strings.HasPrefix(path, "/zpa/") {
			path = "/zpa/mgmtconfig/v1/admin/customers/" + recordedCustomerID + path
		}
		if got := rp.seen[i]; got.method != method || got.path != path || got.interaction < 0 {
			t.Fatalf("request %d: sent %s %s?%s, want the recorded %s %s", i, got.method, got.path, got.query.Encode(), method, path)
		}
	}
	if c.body >= 0 {
		args, err := tl.ParseArgs(json.RawMessage(c.args))
		if err != nil {
			t.Fatal(err)
		}
		for name := range tl.Lookups { // looked up by the executor; any value builds the body
			args[name] = "0"
		}
		req, err := exec.Request(tl, args)
		if err != nil {
			t.Fatal(err)
		}
		set, _ := req.Body.(map[string]any)
		sent := rp.seen[c.body]
		recorded := rp.rec.Interactions[sent.interaction].Request.Body
		if recorded == nil {
			t.Fatal("the recorded write has no body")
		}
		compareSetFields(t, set, sent.body, []byte(*recorded), sent.method == "POST")
	}
	switch {
	case c.want < 0:
		var done map[string]any
		_ = json.Unmarshal(res.Structured(), &done)
		last := c.calls[len(c.calls)-1]
		if done["deleted"] != true || !strings.Contains(string(res.Structured()), last[strings.LastIndex(last, "/")+1:]) {
			t.Errorf("delete result %s", res.Structured())
		}
	default:
		body := rp.rec.Interactions[rp.seen[c.want].interaction].Response.Body.String
		want := canonical(t, body)
		if c.list {
			var env map[string]json.RawMessage
			_ = json.Unmarshal([]byte(body), &env)
			want = canonical(t, string(env["list"]))
		}
		if c.one {
			want = "[" + want + "]"
		}
		got := canonical(t, string(res.Structured()))
		if res.Records != nil {
			var sc struct{ Result json.RawMessage }
			_ = json.Unmarshal(res.Structured(), &sc)
			got = canonical(t, string(sc.Result))
		}
		if got != want {
			t.Errorf("structuredContent differs from the recorded answer\n got: %.600s\nwant: %.600s", got, want)
		}
	}
}

// compareSetFields checks the sent body against the recorded one in every
// field the tool sets from its arguments (and, for a create, in every field
// recorded but null). Ports compare as ranges, whichever of ZPA's two forms carries them.
func compareSetFields(t *testing.T, set map[string]any, sentRaw, recordedRaw []byte, create bool) {
	t.Helper()
	var sent, recorded map[string]json.RawMessage
	if err := json.Unmarshal(sentRaw, &sent); err != nil {
		t.Fatalf("sent body is not an object: %s", sentRaw)
	}
	if err := json.Unmarshal(recordedRaw, &recorded); err != nil {
		t.Fatalf("recorded body is not an object: %s", recordedRaw)
	}
	keys := map[string]bool{}
	for k := range set {
		keys[k] = true
	}
	if create {
		for k, v := range recorded {
			if string(v) != "null" { // a recorded null is the SDK's "not set"
				keys[k] = true
			}
		}
	}
	for _, proto := range []string{"tcp", "udp"} {
		flat, pairs := proto+"PortRanges", proto+"PortRange"
		if keys[flat] || keys[pairs] {
			if got, want := portRanges(sent, proto), portRanges(recorded, proto); !slices.Equal(got, want) {
				t.Errorf("%s ports sent %v, recorded %v", proto, got, want)
			}
		}
		delete(keys, flat)
		delete(keys, pairs)
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}) {
		switch s, r := sent[k], recorded[k]; {
		case r == nil:
			t.Errorf("the tool sets %s (%s), which the recorded body does not have", k, s)
		case s == nil:
			t.Errorf("the recorded body has %s (%s), which the tool did not send", k, r)
		case canonical(t, string(s)) != canonical(t, string(r)):
			t.Errorf("%s sent %s, recorded %s", k, s, r)
		}
	}
}

// portRanges reads a body's ports as "from-to" ranges: the objects when
// there are any, else the flat pairs.
func portRanges(body map[string]json.RawMessage, proto string) []string {
	var objs []struct{ From, To string }
	var flat []string
	_ = json.Unmarshal(body[proto+"PortRange"], &objs)
	_ = json.Unmarshal(body[proto+"PortRanges"], &flat)
	var out []string
	for _, o := range objs {
		out = append(out, o.From+"-"+o.To)
	}
	if len(out) == 0 {
		for i := 0; i+1 < len(flat); i += 2 {
			out = append(out, flat[i]+"-"+flat[i+1])
		}
	}
	return out
}

func runZPA(t *testing.T, cases []zpaReplay) {
	for _, c := range cases {
		t.Run(c.tool+"/"+strings.TrimSuffix(strings.TrimPrefix(c.file, "zpa__"), ".yaml"), c.run)
	}
}

func TestZPAApplicationSegmentsAgainstRecordedTraffic(t *testing.T) {
	const app = "216196257331404639"
	runZPA(t, []zpaReplay{
		{file: "zpa__TestApplicationSegment.yaml", tool: "zpa_create_application_segment",
			args: `{"name":"tests-appsegment-vcr0006.bd-redhat.com","description":"tests-appsegment-vcr0006.bd-redhat.com",
				"domain_names":["tests-appsegment-vcr0006.bd-redhat.com"],"segment_group_id":"216196257331404637",
				"server_group_ids":["216196257331404638"],"tcp_port_ranges":["9001"]}`,
			calls: []string{"POST /application"}, body: 0, want: 0},
		{file: "zpa__TestApplicationSegment.yaml", tool: "zpa_update_application_segment",
			args:  `{"segment_id":"` + app + `","description":"Updated vcr0007","tcp_port_ranges":["9002"]}`,
			calls: []string{"GET /application/" + app, "PUT /application/" + app, "GET /application/" + app}, body: 1, want: 2},
		{file: "zpa__TestApplicationSegment.yaml", tool: "zpa_get_application_segment_ba", args: `{"segment_id":"` + app + `"}`,
			calls: []string{"GET /application/" + app}, body: -1, want: 0},
		{file: "zpa__TestApplicationSegment.yaml", tool: "zpa_list_application_segments_pra",
			args:  `{"search":"name+EQ+tests-appsegment-vcr0006.bd-redhat.com"}`,
			calls: []string{"GET /application"}, body: -1, want: 0, list: true},
		{file: "zpa__TestApplicationSegmentPRA.yaml", tool: "zpa_create_application_segment_pra",
			args: `{"name":"tests-pra-vcr0006.bd-redhat.com","description":"tests-pra-vcr0006.bd-redhat.com",
				"domain_names":["tests-pra-vcr0006.bd-redhat.com"],"segment_group_id":"216196257331404702",
				"server_group_ids":["216196257331404703"],"tcp_port_ranges":["2222"],
				"common_apps_dto":{"appsConfig":[{"enabled":true,"applicationPort":"2222","applicationProtocol":"SSH",
				"domain":"tests-pra-vcr0006.bd-redhat.com","appTypes":["SECURE_REMOTE_ACCESS"]}]}}`,
			calls: []string{"POST /application"}, body: 0, want: 0},
		{file: "zpa__TestApplicationSegmentPRA.yaml", tool: "get_zpa_app_segments_by_type", args: `{"application_type":"SECURE_REMOTE_ACCESS"}`,
			calls: []string{"GET /application/getAppsByType"}, body: -1, want: 0, list: true},
		{file: "zpa__TestAccessPrivilegedConsoleV2.yaml", tool: "get_zpa_app_segments_by_type",
			args:  `{"application_type":"SECURE_REMOTE_ACCESS","search":"name+EQ+tests-pracon-vcr0006.acme.com"}`,
			calls: []string{"GET /application/getAppsByType"}, body: -1, want: 0, list: true},
	})
}
