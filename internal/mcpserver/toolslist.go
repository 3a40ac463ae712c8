package mcpserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// The tool list never changes after start-up, yet answering tools/list through
// the SDK marshals every tool's schema again on each request, twice over. A
// plain tools/list on a handshake-era protocol revision is therefore answered
// from bytes the SDK itself produced once at start-up; anything else (a
// cursor, 2026-07-28 _meta, a batch, a malformed message) still goes to the SDK.

// maxFastBody bounds what the fast path reads; larger bodies go to the SDK,
// which enforces its own limit.
const maxFastBody = 64 << 10

var handshakeEra = map[string]bool{"": true, "2024-11-05": true, "2025-03-26": true, "2025-06-18": true, "2025-11-25": true}

// captureToolsList asks the SDK handler for tools/list once and keeps the
// raw "result" it answered with.
func captureToolsList(sdk http.Handler) (json.RawMessage, error) {
	req := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-11-25")
	rec := httptest.NewRecorder()
	sdk.ServeHTTP(rec, req)
	var msg struct {
		Result json.RawMessage `json:"result"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &msg) != nil || len(msg.Result) == 0 {
		return nil, fmt.Errorf("capturing tools/list: status %d: %.200s", rec.Code, rec.Body.String())
	}
	return msg.Result, nil
}

// fastToolsList answers plain tools/list requests with the captured result.
func fastToolsList(result json.RawMessage, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !handshakeEra[r.Header.Get("MCP-Protocol-Version")] ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFastBody+1))
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		if err != nil || len(body) > maxFastBody {
			next.ServeHTTP(w, r)
			return
		}
		id, ok := plainToolsList(body)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		out := make([]byte, 0, len(result)+len(id)+40)
		out = append(out, `{"jsonrpc":"2.0","id":`...)
		out = append(out, id...)
		out = append(out, `,"result":`...)
		out = append(out, result...)
		out = append(out, "}\n"...)
		_, _ = w.Write(out)
	})
}

// plainToolsList reports whether body is a single tools/list request with no
// parameters that could change the answer, and returns its id.
func plainToolsList(body []byte) (json.RawMessage, bool) {
	var msg struct {
		JSONRPC string                     `json:"jsonrpc"`
		ID      json.RawMessage            `json:"id"`
		Method  string                     `json:"method"`
		Params  map[string]json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(body, &msg); err != nil || msg.JSONRPC != "2.0" || msg.Method != "tools/list" || len(msg.Params) > 0 {
		return nil, false
	}
	if len(msg.ID) == 0 {
		return nil, false
	}
	switch c := msg.ID[0]; {
	case c == '"', c == '-', c >= '0' && c <= '9':
		return msg.ID, true
	}
	return nil, false
}
