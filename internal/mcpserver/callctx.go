package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// withProgress makes the call report its progress to the client when the
// request carries a progressToken: pages read, seconds waited. A
// notification that cannot be delivered is dropped; the call goes on.
func withProgress(ctx context.Context, req *mcp.CallToolRequest) context.Context {
	token := req.Params.GetProgressToken()
	if token == nil || req.Session == nil {
		return ctx
	}
	return zscaler.WithProgress(ctx, func(progress, total float64, message string) {
		_ = req.Session.NotifyProgress(ctx, &mcp.ProgressNotificationParams{
			ProgressToken: token, Progress: progress, Total: total, Message: message,
		})
	})
}

// errClientGone is why a call's context ends when its HTTP client left.
var errClientGone = errors.New("the HTTP client closed the connection")

type httpRequestKey struct{}

// withClientGone ends ctx when the HTTP request that carried the call ends.
// The SDK keeps a stateless POST's handler running after its client has
// gone (it ties the two only for 2026-07-28 requests, and only on request),
// so without this a call nobody waits for would go on retrying upstream.
// On stdio the SDK itself cancels the call on notifications/cancelled.
func withClientGone(ctx context.Context) (context.Context, context.CancelFunc) {
	hctx, ok := ctx.Value(httpRequestKey{}).(context.Context)
	if !ok {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(hctx, func() { cancel(errClientGone) })
	return ctx, func() { stop(); cancel(nil) }
}

// callStreams serves the SDK's streamable HTTP for tool calls. It hands the
// HTTP request's context down to the call (see withClientGone), and sends a
// tools/call that asks for progress, from a client that accepts
// text/event-stream, to the SSE-mode handler: in JSON-response mode the SDK
// sends a request's notifications to the standalone stream, which a
// stateless server never opens, so they would be lost. Everything else gets
// the single JSON answer it always had.
func callStreams(sse, jsonMode http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), httpRequestKey{}, r.Context()))
		if r.Method == http.MethodPost && strings.Contains(r.Header.Get("Accept"), "text/event-stream") && asksForProgress(r) {
			sse.ServeHTTP(w, r)
			return
		}
		jsonMode.ServeHTTP(w, r)
	})
}

// asksForProgress reports whether the body is a tools/call with a
// progressToken, leaving the body as it was. A body too large to peek at is
// served as JSON, as before.
func asksForProgress(r *http.Request) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxFastBody+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil || len(body) > maxFastBody {
		return false
	}
	var msg struct {
		Method string `json:"method"`
		Params struct {
			Meta map[string]json.RawMessage `json:"_meta"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &msg) != nil || msg.Method != "tools/call" {
		return false
	}
	token := bytes.TrimSpace(msg.Params.Meta["progressToken"])
	return len(token) > 0 && string(token) != "null"
}
