package mcpserver

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// The tools reach the SDK's registry on the first request that needs the
// SDK, not at start-up: plain tools/list and tools/call over HTTP never do.
func TestToolsReachTheSDKOnlyWhenNeeded(t *testing.T) {
	all := inventory.All()
	srv := New(Options{Version: "v", Tools: all, Exec: &catalog.Executor{API: stubAPI{}}})
	h := srv.HTTPHandler()
	code, msg := rpcTo(t, h, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, nil)
	if tools, _ := msg["result"].(map[string]any)["tools"].([]any); code != 200 || len(tools) != len(all) {
		t.Fatalf("fast tools/list: %d %v", code, msg)
	}
	sdkTools := func() int {
		ct, st := mcp.NewInMemoryTransports()
		ss, err := srv.mcp.Connect(t.Context(), st, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ss.Close()
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(t.Context(), ct, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cs.Close()
		if cs.InitializeResult().Capabilities.Tools == nil {
			return 0
		}
		res, err := cs.ListTools(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Tools)
	}
	if n := sdkTools(); n != 0 {
		t.Errorf("the SDK holds %d tools before any request needed it", n)
	}
	srv.sdk()
	if n := sdkTools(); n != len(all) {
		t.Errorf("the SDK holds %d tools once needed, want %d", n, len(all))
	}
}

// BenchmarkStartup builds the server and its HTTP handler, the start-up work
// that grows with the catalogue; render is the floor that growth is held to:
// marshalling the tools/list answer once (docs/benchmarks.md).
func BenchmarkStartup(b *testing.B) {
	for _, n := range []int{22, 100, 400} {
		tools := manyTools(n)
		b.Run(fmt.Sprintf("tools=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				srv := New(Options{Version: "bench", Tools: tools, Exec: &catalog.Executor{API: stubAPI{}}})
				_ = srv.HTTPHandler()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/tool")
		})
		b.Run(fmt.Sprintf("render/tools=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				described := make([]any, len(tools))
				for j, t := range tools {
					described[j] = Describe(t)
				}
				if _, err := json.Marshal(map[string]any{"tools": described}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/tool")
		})
	}
}
