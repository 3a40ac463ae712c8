package zpa

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// recorder answers every request with answer and keeps what was sent.
type recorder struct {
	answer string
	sent   []*zscaler.Request
}

func (r *recorder) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	r.sent = append(r.sent, req)
	return &zscaler.Response{Status: 200, Body: []byte(r.answer)}, nil
}

func (r *recorder) List(_ context.Context, req *zscaler.Request, _ zscaler.ListOptions) (*zscaler.ListResult, error) {
	r.sent = append(r.sent, req)
	return &zscaler.ListResult{Records: []json.RawMessage{}, Pages: 1}, nil
}

func find(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	tools := Tools()
	for i := range tools {
		if tools[i].Name == name {
			return &tools[i]
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

func run(t *testing.T, name, args string, answer string) (*catalog.Result, *recorder) {
	t.Helper()
	api := &recorder{answer: answer}
	ex := &catalog.Executor{API: api, CustomerID: "216196257331281920"}
	return ex.Execute(context.Background(), find(t, name), json.RawMessage(args)), api
}

// Bad input is refused naming the parameter and what it accepts, and
// nothing is sent.
func TestBadInputIsRefusedBeforeAnythingIsSent(t *testing.T) {
	for _, c := range []struct{ tool, args, want string }{
		{"zpa_get_application_segment", `{"segment_id":"abc"}`, "segment_id: must be a ZPA id"},
		{"zpa_get_application_segment", `{}`, "segment_id is required"},
		{"zpa_create_application_segment", `{"name":"a","segment_group_id":"1","tcp_port_ranges":["80-70"]}`, "tcp_port_ranges: element 0"},
		{"zpa_create_application_segment", `{"name":"a","segment_group_id":"1","udp_port_ranges":["70000"]}`, "udp_port_ranges: element 0"},
		{"zpa_create_application_segment", `{"name":"a","segment_group_id":"1","server_group_ids":"[\"1\",]"}`, "server_group_ids: must be a list of strings"},
		{"zpa_create_application_segment", `{"name":"a","segment_group_id":"1","server_group_ids":["1","x2"]}`, "server_group_ids: element 1 must be a ZPA id"},
		{"zpa_create_application_segment", `{"name":"a","segment_group_id":"g"}`, "segment_group_id: must be a ZPA id"},
		{"zpa_create_application_segment_ba", `{"name":"a","segment_group_id":"1","clientless_app_ids":"[{]"}`, "clientless_app_ids: must be a list of objects"},
		{"zpa_create_application_segment_ba", `{"name":"a","segment_group_id":"1","clientless_app_ids":["x"]}`, "clientless_app_ids: element 0 must be an object"},
		{"get_zpa_app_segments_by_type", `{"application_type":"WEB"}`, "application_type: must be one of BROWSER_ACCESS, INSPECT, SECURE_REMOTE_ACCESS"},
	} {
		res, api := run(t, c.tool, c.args, `{}`)
		if !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): error %q, want it to say %q", c.tool, c.args, res.Error, c.want)
		}
		if len(api.sent) != 0 {
			t.Errorf("%s(%s): sent %d requests on bad input", c.tool, c.args, len(api.sent))
		}
	}
}

// A segment's friendly ports become the API's range objects, ids its
// reference objects, and advanced fields are laid over the body.
func TestSegmentBody(t *testing.T) {
	res, api := run(t, "zpa_create_application_segment_ba", `{"name":"Wiki","segment_group_id":"7","server_group_ids":["8","9"],
		"tcp_port_ranges":["443"," 8000-8080 "],"clientless_app_ids":[{"name":"wiki","applicationPort":"443"}],
		"microtenant_id":"55","advanced":{"bypassType":"NEVER"}}`, `{"id":"1"}`)
	if res.Error != "" || len(api.sent) != 1 {
		t.Fatalf("error %q, %d requests", res.Error, len(api.sent))
	}
	req := api.sent[0]
	got, _ := json.Marshal(req.Body)
	want := `{"bypassType":"NEVER","clientlessApps":[{"applicationPort":"443","name":"wiki"}],"enabled":true,"name":"Wiki",` +
		`"segmentGroupId":"7","serverGroups":[{"id":"8"},{"id":"9"}],` +
		`"tcpPortRange":[{"from":"443","to":"443"},{"from":"8000","to":"8080"}],"tcpPortRanges":[]}`
	if string(got) != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	if req.Method != "POST" || req.Query.Get("microtenantId") != "55" || !strings.HasSuffix(req.Path, "/application") {
		t.Errorf("sent %s %s?%s", req.Method, req.Path, req.Query.Encode())
	}
}
