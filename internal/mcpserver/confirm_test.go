package mcpserver

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// countingAPI counts the requests that would change the tenant.
type countingAPI struct {
	stubAPI
	deletes *int
}

func (c countingAPI) Do(ctx context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	if req.Method == "DELETE" {
		*c.deletes++
	}
	return c.stubAPI.Do(ctx, req)
}

var tokRE = regexp.MustCompile(`"confirmation_token": "([^"]+)"`)

func TestTokensAreBoundToTheCaller(t *testing.T) {
	n := 0
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: countingAPI{stubAPI{body: `{"id":"7","name":"G"}`}, &n}, CustomerID: "1"}})
	del := srv.tools["zpa_delete_segment_group"]
	alice := WithCaller(context.Background(), "alice")
	bob := WithCaller(context.Background(), "bob")

	first, _ := srv.call(alice, del, json.RawMessage(`{"group_id":"7"}`), elicitation{})
	m := tokRE.FindStringSubmatch(first.Text())
	if m == nil || n != 0 {
		t.Fatalf("first call: %s (%d deletes)", first.Text(), n)
	}
	withToken := json.RawMessage(`{"group_id":"7","confirmation_token":"` + m[1] + `"}`)
	res, _ := srv.call(bob, del, withToken, elicitation{})
	if n != 0 || !strings.Contains(res.Text(), "does not match") {
		t.Fatalf("another caller used alice's token: %s (%d deletes)", res.Text(), n)
	}
	res, _ = srv.call(alice, del, withToken, elicitation{})
	if n != 1 || res.Error != "" {
		t.Fatalf("alice's confirmed call: %s (%d deletes)", res.Text(), n)
	}
}

func TestSkipConfirmationsIsExplicit(t *testing.T) {
	n := 0
	srv := New(Options{Version: "v", Tools: inventory.All(), SkipConfirmations: true,
		Exec: &catalog.Executor{API: countingAPI{stubAPI{}, &n}, CustomerID: "1"}})
	srv.call(context.Background(), srv.tools["zpa_delete_segment_group"], json.RawMessage(`{"group_id":"7"}`), elicitation{})
	if n != 1 {
		t.Fatalf("%d deletes with confirmations skipped", n)
	}
}

func TestUntrustedToolsCarryTheBannerInTextOnly(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	tool := *srv.tools["zpa_list_segment_groups"]
	tool.Untrusted = true
	res, _ := srv.call(context.Background(), &tool, nil, elicitation{})
	if !strings.HasPrefix(res.Text(), "[UNTRUSTED CONTENT]") || strings.Contains(string(res.Structured()), "UNTRUSTED") {
		t.Fatalf("text %q structured %s", res.Text(), res.Structured())
	}
	plain, _ := srv.call(context.Background(), srv.tools["zpa_list_segment_groups"], nil, elicitation{})
	if strings.Contains(plain.Text(), "UNTRUSTED") {
		t.Fatal("a tenant-authored tool got the banner")
	}
}
