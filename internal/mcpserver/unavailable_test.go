package mcpserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// policed is a server with the tools cfg leaves, told why the rest went.
func policed(cfg policy.Config, calls *atomic.Int64) *Server {
	r := policy.Resolve(inventory.All(), cfg)
	return New(Options{Version: "v", Tools: r.Tools, Dropped: r.Dropped, Catalogue: inventory.All(),
		Exec: &catalog.Executor{API: tenantCalls{stubAPI{}, calls}, CustomerID: "1"}})
}

// callEverywhere calls name over an MCP session (as on stdio), on the HTTP
// fast path and on the SDK's HTTP path, and returns each answer's error.
func callEverywhere(t *testing.T, srv *Server, name string) map[string]*jsonrpc.Error {
	t.Helper()
	out := map[string]*jsonrpc.Error{}
	_, err := session(t, srv).CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: map[string]any{}})
	var je *jsonrpc.Error
	if !errors.As(err, &je) {
		t.Fatalf("session: %s answered %v, want a JSON-RPC error", name, err)
	}
	out["session"] = je

	h := srv.HTTPHandler()
	for path, body := range map[string]string{
		"fast path": `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + name + `","arguments":{}}}`,
		"SDK path":  `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + name + `","arguments":{},"_meta":{"progressToken":"p"}}}`,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, newRequest(form{body: body, header: map[string]string{"MCP-Protocol-Version": "2025-11-25"}}))
		var msg struct {
			Result json.RawMessage `json:"result"`
			Error  *jsonrpc.Error  `json:"error"`
		}
		// The SDK path's call asks for progress, so it is answered as an event stream.
		decoded, _ := json.Marshal(responseIn(rec.Result().Header.Get("Content-Type"), rec.Body.Bytes()))
		if err := json.Unmarshal(decoded, &msg); err != nil || msg.Error == nil || msg.Result != nil {
			t.Fatalf("%s: %s answered %d %s, want a JSON-RPC error", path, name, rec.Code, rec.Body.String())
		}
		out[path] = msg.Error
	}
	return out
}

// A tool the policy removed, called by name, says why and which setting
// brings it back, on every path, and nothing reaches the tenant.
func TestARemovedToolSaysWhy(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  policy.Config
		tool string
		want []string
	}{
		{"read-only", policy.Config{}, "zpa_create_segment_group", []string{"write tools are disabled", "ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS"}},
		{"not in the write allowlist", policy.Config{WriteEnabled: true, WriteTools: []string{"zia_*"}}, "zpa_create_segment_group", []string{"not matched by ZSCALER_MCP_WRITE_TOOLS"}},
		{"disabled by name", policy.Config{DisabledTools: []string{"zpa_list_*"}}, "zpa_list_segment_groups", []string{`"zpa_list_*"`, "ZSCALER_MCP_DISABLED_TOOLS"}},
		{"service disabled", policy.Config{DisabledServices: []string{"zpa"}}, "zpa_list_segment_groups", []string{"service zpa", "ZSCALER_MCP_DISABLED_SERVICES"}},
		{"service not allowed", policy.Config{Services: []string{"zia"}}, "zpa_list_segment_groups", []string{"ZSCALER_MCP_SERVICES"}},
		{"toolset disabled", policy.Config{DisabledToolsets: []string{"zpa_segment_groups"}}, "zpa_list_segment_groups", []string{"zpa_segment_groups", "ZSCALER_MCP_DISABLED_TOOLSETS"}},
		{"toolset not allowed", policy.Config{Toolsets: []string{"zia_locations"}}, "zpa_list_segment_groups", []string{"ZSCALER_MCP_TOOLSETS"}},
		{"not entitled", policy.Config{Entitled: []zscaler.Service{zscaler.ZIA}}, "zpa_list_segment_groups", []string{"not entitled to zpa", "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls := &atomic.Int64{}
			for path, e := range callEverywhere(t, policed(c.cfg, calls), c.tool) {
				if !strings.Contains(e.Message, `tool "`+c.tool+`" is not available`) || strings.Contains(e.Message, "unknown tool") {
					t.Errorf("%s: %q", path, e.Message)
				}
				for _, w := range c.want {
					if !strings.Contains(e.Message, w) {
						t.Errorf("%s: %q does not say %q", path, e.Message, w)
					}
				}
				var data struct{ Tool, Reason, Fix string }
				if json.Unmarshal(e.Data, &data) != nil || data.Tool != c.tool || data.Reason == "" || data.Fix == "" {
					t.Errorf("%s: data %s", path, e.Data)
				}
			}
			if calls.Load() != 0 {
				t.Errorf("%d calls reached the tenant", calls.Load())
			}
		})
	}
}

// A name that is no tool at all stays "unknown tool", with the nearest
// names when there are any.
func TestAnUnknownToolGetsTheClosestNames(t *testing.T) {
	srv := policed(policy.Config{}, &atomic.Int64{})
	for _, c := range []struct {
		name    string
		near    []string
		notNear []string
	}{
		{"zpa_list_segment_group", []string{"zpa_list_segment_groups"}, []string{"zpa_get_segment_group", "not available"}},
		{"zpa_lst_segment_groups", []string{"zpa_list_segment_groups"}, nil},
		{"zpa_create_segment_groups", []string{"zpa_create_segment_group"}, nil},
		{"zpa_list_server", []string{"zpa_list_server_groups"}, nil},
		{"frobnicate", nil, []string{"did you mean"}},
		{"", nil, []string{"did you mean"}},
	} {
		for path, e := range callEverywhere(t, srv, c.name) {
			if !strings.HasPrefix(e.Message, `unknown tool "`+c.name+`"`) {
				t.Errorf("%s %q: %q", path, c.name, e.Message)
			}
			for _, n := range c.near {
				if !strings.Contains(e.Message, n) {
					t.Errorf("%s %q: %q does not suggest %s", path, c.name, e.Message, n)
				}
			}
			for _, n := range c.notNear {
				if strings.Contains(e.Message, n) {
					t.Errorf("%s %q: %q says %q", path, c.name, e.Message, n)
				}
			}
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 5, 3}, {"", "abc", 5, 3}, {"abc", "abc", 0, 0},
		{"abc", "abd", 0, 1}, {"aaaaaaaaaa", "b", 2, 3}, {"flaw", "lawn", 3, 2},
	} {
		if got := editDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}
