// Package contract replays real Zscaler API traffic, recorded by the Zscaler
// Python SDK's integration tests, against the real OneAPI client and the
// catalogue: the request a tool sends must be the recorded one, and the tool's
// structured result must be the recorded records, verbatim.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// recordedCustomerID is the ZPA test tenant of the recordings.
const recordedCustomerID = "216196257331281920"

// replay serves a recording: a token endpoint, then each API request answered
// by the first unused interaction with the same method and path whose
// recorded query parameters the request also carries.
type replay struct {
	rec  *shared.Recording
	mu   sync.Mutex
	used map[int]bool
	seen []seenRequest
}

type seenRequest struct {
	method, path string
	query        url.Values
	body         []byte
	interaction  int
}

func (p *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.URL.Path == "/oauth2/v1/token" {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"replay-token","token_type":"Bearer","expires_in":3600}`))
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, in := range p.rec.Interactions {
		u, err := url.Parse(in.Request.URI)
		if err != nil || p.used[i] || in.Request.Method != r.Method || u.Path != r.URL.Path || !subset(u.Query(), r.URL.Query()) {
			continue
		}
		p.used[i] = true
		p.seen = append(p.seen, seenRequest{r.Method, r.URL.Path, r.URL.Query(), body, i})
		for _, k := range []string{"content-type", "retry-after"} {
			if v := in.Response.Headers[k]; len(v) > 0 {
				w.Header().Set(k, v[0])
			}
		}
		w.WriteHeader(in.Response.Status.Code)
		_, _ = w.Write([]byte(in.Response.Body.String))
		return
	}
	p.seen = append(p.seen, seenRequest{r.Method, r.URL.Path, r.URL.Query(), body, -1})
	http.Error(w, "no recorded interaction for "+r.Method+" "+r.URL.String(), http.StatusNotImplemented)
}

// replayExecutor is an executor whose API is the recording's replay, through
// the real OneAPI client; the server stops with the test.
func replayExecutor(t *testing.T, file string) (*replay, *catalog.Executor) {
	t.Helper()
	rp := &replay{rec: shared.LoadRecording(t, file), used: map[int]bool{}}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	client, err := zscaler.New(zscaler.Options{
		BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: "replay", ClientSecret: "replay"},
		Limits:      zscaler.Unlimited(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return rp, &catalog.Executor{API: client, CustomerID: recordedCustomerID}
}

func subset(recorded, actual url.Values) bool {
	for k, vs := range recorded {
		if strings.Join(actual[k], ",") != strings.Join(vs, ",") {
			return false
		}
	}
	return true
}

func tool(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	for _, tl := range inventory.All() {
		if tl.Name == name {
			return tl
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// canonical re-encodes JSON with sorted keys and numbers kept as written.
func canonical(t *testing.T, v any) string {
	t.Helper()
	var raw []byte
	switch x := v.(type) {
	case string:
		raw = []byte(x)
	default:
		var err error
		if raw, err = json.Marshal(x); err != nil {
			t.Fatal(err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, raw)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

type contractCase struct {
	file, tool string
	args       string
	// method and path the tool must send; the recorded interaction it meets
	// supplies the expected records.
	method, path string
	// records says where the records sit in the recorded body: "" the whole
	// body (a bare array or one object), "list" ZPA's envelope, "-" none (a delete).
	records string
}

func TestToolsAgainstRecordedTraffic(t *testing.T) {
	zpa := "/zpa/mgmtconfig/v1/admin/customers/" + recordedCustomerID
	cases := []contractCase{
		{"zia__TestSSLInspectionRules.yaml", "zia_list_ssl_inspection_rules", `{}`, "GET", "/zia/api/v1/sslInspectionRules", ""},
		{"zia__TestCloudFirewallRules.yaml", "zia_list_cloud_firewall_rules", `{}`, "GET", "/zia/api/v1/firewallFilteringRules", ""},
		{"zia__TestLocationManagement.yaml", "zia_list_locations", `{}`, "GET", "/zia/api/v1/locations", ""},
		{"zia__TestUsers.yaml", "get_zia_users", `{}`, "GET", "/zia/api/v1/users", ""},
		{"zpa__TestApplicationSegment.yaml", "zpa_list_application_segments", `{"search":"name+EQ+tests-appsegment-vcr0006.bd-redhat.com"}`,
			"GET", zpa + "/application", "list"},
		{"zpa__TestApplicationSegment.yaml", "zpa_get_application_segment", `{"segment_id":"216196257331404639"}`,
			"GET", zpa + "/application/216196257331404639", ""},
		{"zpa__TestServerGroup.yaml", "zpa_list_server_groups", `{}`, "GET", zpa + "/serverGroup", "list"},
		{"zpa__TestApplicationSegment.yaml", "zpa_create_segment_group", `{"name":"tests-appseg-vcr0003"}`,
			"POST", zpa + "/segmentGroup", ""},
		{"zpa__TestApplicationSegment.yaml", "zpa_delete_segment_group", `{"group_id":"216196257331404637"}`,
			"DELETE", zpa + "/segmentGroup/216196257331404637", "-"},
		{"zcc__TestDevice.yaml", "zcc_list_devices", `{"os_type":"windows","page":1,"page_size":10}`,
			"GET", "/zcc/papi/public/v1/getDevices", ""},
	}
	for _, c := range cases {
		t.Run(c.tool, func(t *testing.T) {
			rp, exec := replayExecutor(t, c.file)
			res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			if res.Error != "" {
				t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
			}
			if len(rp.seen) == 0 {
				t.Fatal("the tool sent no request")
			}
			first := rp.seen[0]
			if first.method != c.method || first.path != c.path || first.interaction < 0 {
				t.Fatalf("sent %s %s?%s, want the recorded %s %s", first.method, first.path, first.query.Encode(), c.method, c.path)
			}
			in := rp.rec.Interactions[first.interaction]
			if in.Request.Body != nil && c.method == "POST" {
				if got, want := canonical(t, string(first.body)), canonical(t, *in.Request.Body); !sameFields(t, got, want) {
					t.Errorf("request body %s, recorded %s", got, want)
				}
			}
			switch c.records {
			case "-":
				if got := string(res.Structured()); got != `{"deleted":true,"group_id":"216196257331404637"}` {
					t.Errorf("delete result %s", got)
				}
			default:
				want := canonical(t, in.Response.Body.String)
				if c.records != "" {
					var env map[string]json.RawMessage
					_ = json.Unmarshal([]byte(in.Response.Body.String), &env)
					want = canonical(t, string(env[c.records]))
				}
				gotJSON := canonical(t, string(res.Structured()))
				if res.Records != nil {
					var sc struct{ Result json.RawMessage }
					_ = json.Unmarshal(res.Structured(), &sc)
					gotJSON = canonical(t, string(sc.Result))
				}
				if gotJSON != want {
					t.Errorf("structuredContent differs from the recorded records\n got: %.600s\nwant: %.600s", gotJSON, want)
				}
			}
		})
	}
}

// sameFields reports whether the tool sent exactly the recorded fields.
func sameFields(t *testing.T, got, want string) bool {
	var g, w map[string]json.RawMessage
	if json.Unmarshal([]byte(got), &g) != nil || json.Unmarshal([]byte(want), &w) != nil {
		return got == want
	}
	if len(g) != len(w) {
		return false
	}
	for k, v := range g {
		if canonical(t, string(v)) != canonical(t, string(w[k])) {
			return false
		}
	}
	return true
}
