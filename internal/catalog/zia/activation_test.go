package zia

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Every ZIA write, whichever family declares it, is staged: its description
// and every answer say how to activate it. The activation itself is not.
func TestEveryZIAWriteSaysItIsStaged(t *testing.T) {
	writes := 0
	for _, tool := range Tools() {
		if !tool.Action.IsWrite() {
			if tool.Note != "" {
				t.Errorf("%s reads, and carries the note %q", tool.Name, tool.Note)
			}
			continue
		}
		if tool.Name == "zia_activate_configuration" {
			if tool.Note != "" {
				t.Errorf("the activation says it is staged")
			}
			continue
		}
		writes++
		if !strings.Contains(tool.Note, "zia_activate_configuration") || !strings.Contains(tool.Description, "zia_activate_configuration") {
			t.Errorf("%s does not say that it is staged until zia_activate_configuration", tool.Name)
		}
	}
	if writes == 0 {
		t.Fatal("no ZIA write tool")
	}
}

// oneAnswer answers every request with the same body and keeps the requests.
type oneAnswer struct {
	body     string
	requests []*zscaler.Request
}

func (a *oneAnswer) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	a.requests = append(a.requests, req)
	return &zscaler.Response{Status: 200, Body: []byte(a.body)}, nil
}

func (a *oneAnswer) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	panic("not a list")
}

func ziaTool(t *testing.T, name string) *catalog.Tool {
	t.Helper()
	for _, tool := range Tools() {
		if tool.Name == name {
			return &tool
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

func TestAWriteAnswerCarriesTheNoteBesideTheRecordAsSent(t *testing.T) {
	api := &oneAnswer{body: `{"id":7,"name":"L"}`}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_create_rule_label"), json.RawMessage(`{"name":"L"}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if string(res.Structured()) != `{"id":7,"name":"L"}` {
		t.Errorf("structured content %s, want the record as the API sent it", res.Structured())
	}
	if !strings.Contains(res.Text(), stagedNote) {
		t.Errorf("text %q lacks the activation note", res.Text())
	}
	res = (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_create_rule_label"), json.RawMessage(`{}`))
	if res.Error == "" || strings.Contains(res.Text(), stagedNote) {
		t.Errorf("a refused call carries the note: %q", res.Text())
	}
}

func TestActivationPostsAnEmptyObject(t *testing.T) {
	api := &oneAnswer{body: `{"status":"ACTIVE"}`}
	res := (&catalog.Executor{API: api}).Execute(context.Background(), ziaTool(t, "zia_activate_configuration"), nil)
	if res.Error != "" || string(res.Structured()) != `{"status":"ACTIVE"}` {
		t.Fatalf("result %+v", res)
	}
	if len(api.requests) != 1 || api.requests[0].Method != "POST" || api.requests[0].Path != "/zia/api/v1/status/activate" {
		t.Fatalf("requests %+v", api.requests)
	}
	if b, _ := json.Marshal(api.requests[0].Body); string(b) != `{}` {
		t.Errorf("body %s, want {}", b)
	}
}
