package contract

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// recordedCall is one tool call replayed against a recording: the requests
// it must send, in order, each met by a recorded interaction, and where the
// expected result sits.
type recordedCall struct {
	file, tool, args string
	// sends is the requests, "METHOD path-under-the-ZPA-root", in order.
	sends []string
	// result is the index in sends of the request whose recorded answer is
	// the result ("list": its records); -1 for a delete.
	result int
	list   bool
}

// replayCall runs one call and checks it as recorded: method, path and query
// of each request, the body of each write in the fields the recording's
// body has, and the structured result equal to the recorded records.
func replayCall(t *testing.T, c recordedCall) *catalog.Result {
	t.Helper()
	rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
	srv := httptest.NewServer(rp)
	defer srv.Close()
	client, err := zscaler.New(zscaler.Options{
		BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: "replay", ClientSecret: "replay"},
		Limits:      zscaler.Unlimited(),
	})
	if err != nil {
		t.Fatal(err)
	}
	exec := &catalog.Executor{API: client, CustomerID: recordedCustomerID}
	res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
	if res.Error != "" {
		t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
	}
	if len(rp.seen) != len(c.sends) {
		t.Fatalf("sent %d requests, want %d: %+v", len(rp.seen), len(c.sends), rp.seen)
	}
	root := "/zpa/mgmtconfig/"
	for i, want := range c.sends {
		s := rp.seen[i]
		method, path, _ := strings.Cut(want, " ")
		path = root + strings.ReplaceAll(path, "{cid}", recordedCustomerID)
		if s.method != method || s.path != path || s.interaction < 0 {
			t.Fatalf("request %d: sent %s %s?%s, want the recorded %s %s", i, s.method, s.path, s.query.Encode(), method, path)
		}
		in := rp.rec.Interactions[s.interaction]
		if method != "GET" && method != "DELETE" && in.Request.Body != nil {
			recordedFieldsSent(t, s.body, *in.Request.Body)
		}
	}
	if c.result < 0 {
		return res
	}
	in := rp.rec.Interactions[rp.seen[c.result].interaction]
	want := canonical(t, in.Response.Body.String)
	if c.list {
		var env map[string]json.RawMessage
		_ = json.Unmarshal([]byte(in.Response.Body.String), &env)
		want = canonical(t, string(env["list"]))
	}
	got := canonical(t, string(res.Structured()))
	if res.Records != nil {
		var sc struct{ Result json.RawMessage }
		_ = json.Unmarshal(res.Structured(), &sc)
		got = canonical(t, string(sc.Result))
	}
	if got != want {
		t.Errorf("structuredContent differs from the recorded records\n got: %.800s\nwant: %.800s", got, want)
	}
	return res
}

// recordedFieldsSent checks that every field of the recorded body was sent
// with the recorded value (null in the recording: absent or null).
func recordedFieldsSent(t *testing.T, sent []byte, recorded string) {
	t.Helper()
	var got, want map[string]json.RawMessage
	if err := json.Unmarshal(sent, &got); err != nil {
		t.Fatalf("the body sent is not an object: %.300s", sent)
	}
	if err := json.Unmarshal([]byte(recorded), &want); err != nil {
		t.Fatalf("the recorded body is not an object: %.300s", recorded)
	}
	for k, v := range want {
		if string(v) == "null" {
			if g, ok := got[k]; ok && string(g) != "null" {
				t.Errorf("body field %s = %s, recorded null", k, g)
			}
			continue
		}
		if g, ok := got[k]; !ok || canonical(t, string(g)) != canonical(t, string(v)) {
			t.Errorf("body field %s = %s, recorded %s", k, g, v)
		}
	}
}

func TestPRAPortalsAsRecorded(t *testing.T) {
	const f, id = "zpa__TestPRAPortal.yaml", "216196257331404675"
	item := "v1/admin/customers/{cid}/praPortal/" + id
	for _, c := range []recordedCall{
		{f, "zpa_list_pra_portals", `{}`, []string{"GET v1/admin/customers/{cid}/praPortal"}, 0, true},
		{f, "zpa_get_pra_portal", `{"portal_id":"` + id + `"}`, []string{"GET " + item}, 0, false},
		{f, "zpa_create_pra_portal", `{"name":"tests-praport-vcr0001","description":"tests-praport-vcr0002","enabled":true,
			"domain":"tests-praport-vcr0003acme.com","certificate_id":"216196257331369559","user_notification_enabled":true,
			"user_notification":"zscaler_python_sdk Test PRA Portal"}`, []string{"POST v1/admin/customers/{cid}/praPortal"}, 0, false},
		{f, "zpa_update_pra_portal", `{"portal_id":"` + id + `","description":"tests-praport-vcr0001 Updated","domain":"tests-praport-vcr0004acme.com"}`,
			[]string{"GET " + item, "PUT " + item, "GET " + item}, 2, false},
		{f, "zpa_delete_pra_portal", `{"portal_id":"` + id + `"}`, []string{"DELETE " + item}, -1, false},
	} {
		t.Run(c.tool, func(t *testing.T) { replayCall(t, c) })
	}
}
