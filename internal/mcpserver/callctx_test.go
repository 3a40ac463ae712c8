package mcpserver

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAsksForProgressLeavesTheBodyIntact(t *testing.T) {
	for body, want := range map[string]bool{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":"p"}}}`:  true,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":7}}}`:    true,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"progressToken":null}}}`: false,
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}`:                                false,
		`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"progressToken":"p"}}}`:             false,
		`[{"jsonrpc":"2.0","id":1,"method":"tools/call"}]`:                                                    false,
	} {
		r := httptest.NewRequest("POST", "/mcp", strings.NewReader(body))
		if got := asksForProgress(r); got != want {
			t.Errorf("%s: %v, want %v", body, got, want)
		}
		if rest, _ := io.ReadAll(r.Body); string(rest) != body {
			t.Errorf("the body was not left as it was: %s", rest)
		}
	}
}

func TestClientGoneEndsTheCall(t *testing.T) {
	hctx, leave := context.WithCancel(context.Background())
	ctx, stop := withClientGone(context.WithValue(context.Background(), httpRequestKey{}, hctx))
	defer stop()
	leave()
	<-ctx.Done()
	if !errors.Is(context.Cause(ctx), errClientGone) {
		t.Errorf("cause = %v", context.Cause(ctx))
	}
	plain, stop2 := withClientGone(context.Background())
	defer stop2()
	if plain.Done() != nil {
		t.Error("a call that did not come over HTTP got a context that can end")
	}
}
