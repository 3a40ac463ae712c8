package mcpserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// stubAPI answers every request with one body, or fails with err.
type stubAPI struct {
	body string
	err  error
}

func (s stubAPI) Do(context.Context, *zscaler.Request) (*zscaler.Response, error) {
	if s.err != nil {
		return nil, s.err
	}
	return &zscaler.Response{Status: 200, Body: []byte(s.body)}, nil
}

func (s stubAPI) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	if s.err != nil {
		return nil, s.err
	}
	return &zscaler.ListResult{Records: []json.RawMessage{json.RawMessage(`{"id":"1","name":"x"}`)}, Pages: 1}, nil
}

func connect(t *testing.T, api catalog.API, tools []*catalog.Tool) *mcp.ClientSession {
	t.Helper()
	return session(t, New(Options{Version: "v-test", Tools: tools, Exec: &catalog.Executor{API: api, CustomerID: "1"}}))
}

// session connects an MCP client to srv in memory, as a stdio client would be.
func session(t *testing.T, srv *Server) *mcp.ClientSession {
	t.Helper()
	st, ct := mcp.NewInMemoryTransports()
	ctx := context.Background()
	if _, err := srv.Connect(ctx, st); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func TestToolFailuresAreIsErrorResults(t *testing.T) {
	api := stubAPI{err: &zscaler.APIError{Service: zscaler.ZPA, Method: "GET", Path: "/p", Status: 404, Message: "gone"}}
	cs := connect(t, api, inventory.All())
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "zpa_list_segment_groups", Arguments: map[string]any{}})
	if err != nil {
		t.Fatalf("a failed API call became a protocol error: %v", err)
	}
	txt := res.Content[0].(*mcp.TextContent).Text
	if !res.IsError || !strings.Contains(txt, "zpa_list_segment_groups") || !strings.Contains(txt, "404") || !strings.Contains(txt, "gone") {
		t.Fatalf("result %+v %q", res, txt)
	}
	if res.StructuredContent != nil {
		t.Fatalf("an error carries no structured content: %v", res.StructuredContent)
	}
}

func TestResultsCarryStructuredAndText(t *testing.T) {
	cs := connect(t, stubAPI{}, inventory.All())
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "zpa_list_segment_groups"})
	if err != nil || res.IsError {
		t.Fatalf("%v %+v", err, res)
	}
	if got := res.Content[0].(*mcp.TextContent).Text; got != "id,name\n1,x" {
		t.Fatalf("text %q", got)
	}
	sc := res.StructuredContent.(map[string]any)
	if rows := sc["result"].([]any); len(rows) != 1 {
		t.Fatalf("structured %v", sc)
	}
	if info := cs.InitializeResult().ServerInfo; info.Name != Name || info.Version != "v-test" || info.Title != Title {
		t.Fatalf("server info %+v", info)
	}
}

func TestUnknownToolIsAProtocolError(t *testing.T) {
	cs := connect(t, stubAPI{}, policy.Resolve(inventory.All(), policy.Config{}).Tools)
	_, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "zpa_delete_segment_group", Arguments: map[string]any{"group_id": "1"}})
	if err == nil {
		t.Fatal("a tool the server does not expose was callable")
	}
}

// manyTools is the catalogue repeated to n tools under distinct names, to
// measure tools/list at the size the catalogue is headed for.
func manyTools(n int) []*catalog.Tool {
	all := inventory.All()
	out := make([]*catalog.Tool, 0, n)
	for i := 0; len(out) < n; i++ {
		c := *all[i%len(all)]
		c.Name = fmt.Sprintf("%s_%d", c.Name, i)
		out = append(out, &c)
	}
	return out
}

// BenchmarkToolsList measures tools/list over loopback HTTP at several
// catalogue sizes. procCPU is the whole test process's CPU per request —
// client and server together, so an upper bound on the server's — and
// procCPU/tool divides it by the number of tools (docs/benchmarks.md).
func BenchmarkToolsList(b *testing.B) {
	for _, n := range []int{16, 100, 400} {
		b.Run(fmt.Sprintf("tools=%d", n), func(b *testing.B) {
			srv := New(Options{Version: "bench", Tools: manyTools(n), Exec: &catalog.Executor{API: stubAPI{}}})
			hs := httptest.NewServer(srv.HTTPHandler())
			defer hs.Close()
			body := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`
			client := hs.Client()
			b.ReportAllocs()
			cpu0 := processCPU()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req, _ := http.NewRequest("POST", hs.URL+"/mcp", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				size, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || size < int64(n)*100 {
					b.Fatalf("status %d, %d bytes", resp.StatusCode, size)
				}
			}
			b.StopTimer()
			perOp := float64((processCPU() - cpu0).Nanoseconds()) / float64(b.N) / 1e3
			b.ReportMetric(perOp, "procCPU-µs/op")
			b.ReportMetric(perOp/float64(n), "procCPU-µs/tool")
		})
	}
}

func processCPU() time.Duration {
	var r syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
