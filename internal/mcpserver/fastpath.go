package mcpserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The two requests an agent sends most, tools/list and tools/call, cost the
// go-sdk's stateless handler a new session and three full JSON passes over
// every answer (the result, the JSON-RPC envelope, the HTTP body). On a
// handshake-era protocol revision their answers need none of that: tools/list
// is answered from bytes the SDK itself produced once at start-up (the list
// never changes), and tools/call runs the very same handler the SDK would and
// writes its result in one pass. Anything else — a cursor, a progress token,
// 2026-07-28 _meta, a batch, a notification, an unknown tool, a malformed
// message — goes to the SDK unchanged. Tests check the answers are the SDK's.

// maxFastBody bounds what the fast path reads; larger bodies go to the SDK,
// which enforces its own limit.
const maxFastBody = 1 << 20

var handshakeEra = map[string]bool{"": true, "2024-11-05": true, "2025-03-26": true, "2025-06-18": true, "2025-11-25": true}

// renderToolsList renders the "result" of tools/list once, as the SDK does:
// every tool sorted by name, on one page, cacheable publicly (the list never
// changes). A test compares it with the SDK's own answer.
func (s *Server) renderToolsList() (json.RawMessage, error) {
	if len(s.exposed) > mcp.DefaultPageSize {
		return nil, fmt.Errorf("%d tools are more than the SDK's one page of %d", len(s.exposed), mcp.DefaultPageSize)
	}
	res := &mcp.ListToolsResult{Tools: []*mcp.Tool{}}
	res.CacheScope = "public"
	envelope, err := json.Marshal(res)
	if err != nil || !bytes.HasSuffix(envelope, []byte(`"tools":[]}`)) {
		res.Tools = slices.Clone(s.describe())
		slices.SortFunc(res.Tools, func(a, b *mcp.Tool) int { return strings.Compare(a.Name, b.Name) })
		return json.Marshal(res)
	}
	order := make([]int, len(s.exposed))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(s.exposed[a].Name, s.exposed[b].Name) })
	var ready map[string]string
	if s.prerender {
		ready = prerendered()
	}
	b := make([]byte, 0, 1200*len(order)+len(envelope))
	b = append(b, envelope[:len(envelope)-2]...)
	for n, i := range order {
		if n > 0 {
			b = append(b, ',')
		}
		if entry, ok := ready[s.exposed[i].Name]; ok {
			b = append(b, entry...)
		} else if b, err = appendTool(b, s.describe()[i]); err != nil {
			return nil, err
		}
	}
	return append(b, ']', '}'), nil
}

// inputPlaceholder stands for a tool's input schema while the rest of the
// tool is marshalled: encoding/json would re-scan and re-compact the schema,
// which is most of the tools/list answer and already compact JSON, escaped
// as encoding/json escapes (catalog.InputSchema writes it so; a test
// compares the two renderings byte for byte). Inside a JSON string a quote is
// always escaped, so the placeholder's bytes can only be the member itself.
var inputPlaceholder = []byte(`"inputSchema":0,`)

// appendTool appends the tool as json.Marshal writes it, with its input
// schema copied in rather than re-encoded.
func appendTool(b []byte, t *mcp.Tool) ([]byte, error) {
	schema, ok := t.InputSchema.(json.RawMessage)
	if !ok {
		one, err := json.Marshal(t)
		return append(b, one...), err
	}
	c := *t
	c.InputSchema = json.RawMessage("0")
	one, err := json.Marshal(&c)
	if err != nil {
		return b, err
	}
	at := bytes.Index(one, inputPlaceholder)
	if at < 0 {
		return b, fmt.Errorf("tool %s: its input schema is not where json.Marshal puts it", t.Name)
	}
	b = append(b, one[:at+len(inputPlaceholder)-2]...)
	b = append(b, schema...)
	return append(b, one[at+len(inputPlaceholder)-1:]...), nil
}

// request is a JSON-RPC request as far as the fast path needs to read it.
type request struct {
	JSONRPC string                     `json:"jsonrpc"`
	ID      json.RawMessage            `json:"id"`
	Method  string                     `json:"method"`
	Params  map[string]json.RawMessage `json:"params"`
}

// fastPath answers plain tools/list and tools/call requests itself.
func (s *Server) fastPath(toolsList json.RawMessage, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Method, content type, size and envelope were checked above, once,
		// for both paths; only the protocol revision decides the route.
		if !handshakeEra[r.Header.Get("MCP-Protocol-Version")] {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFastBody+1))
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		if err != nil || len(body) > maxFastBody {
			next.ServeHTTP(w, r)
			return
		}
		req, ok := parseRequest(body)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		switch req.Method {
		case "tools/list":
			if len(req.Params) == 0 {
				respond(w, req.ID, toolsList)
				return
			}
		case "tools/call":
			if result, ok := s.fastCall(r, req.Params); ok {
				respond(w, req.ID, result)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// fastCall runs a call whose params are only a known tool's name and
// arguments, and renders the CallToolResult the SDK would.
func (s *Server) fastCall(r *http.Request, params map[string]json.RawMessage) ([]byte, bool) {
	for k := range params {
		if k != "name" && k != "arguments" {
			return nil, false
		}
	}
	var name string
	if json.Unmarshal(params["name"], &name) != nil {
		return nil, false
	}
	t, ok := s.tools[name]
	if !ok {
		return nil, false
	}
	// Stateless HTTP cannot ask the client anything: deletes get the token.
	res, _ := s.call(r.Context(), t, params["arguments"], elicitation{})
	if res.Error != "" {
		return renderCallResult(res.Error, nil, true), true
	}
	return renderCallResult(res.Text(), res.Structured(), false), true
}

func renderCallResult(text string, structured json.RawMessage, isError bool) []byte {
	quoted, _ := json.Marshal(text)
	out := make([]byte, 0, len(quoted)+len(structured)+80)
	out = append(out, `{"content":[{"type":"text","text":`...)
	out = append(out, quoted...)
	out = append(out, `}]`...)
	if structured != nil {
		out = append(out, `,"structuredContent":`...)
		out = append(out, structured...)
	}
	if isError {
		out = append(out, `,"isError":true`...)
	}
	return append(out, '}')
}

func respond(w http.ResponseWriter, id, result json.RawMessage) {
	w.Header().Set("Content-Type", "application/json")
	out := make([]byte, 0, len(result)+len(id)+40)
	out = append(out, `{"jsonrpc":"2.0","id":`...)
	out = append(out, id...)
	out = append(out, `,"result":`...)
	out = append(out, result...)
	out = append(out, "}\n"...)
	_, _ = w.Write(out)
}

// parseRequest accepts a single JSON-RPC request with a string or number id
// and no _meta; everything else is the SDK's to answer.
func parseRequest(body []byte) (*request, bool) {
	var req request
	if err := json.Unmarshal(body, &req); err != nil || req.JSONRPC != "2.0" || len(req.ID) == 0 {
		return nil, false
	}
	if _, ok := req.Params["_meta"]; ok {
		return nil, false
	}
	switch c := req.ID[0]; {
	case c == '"', c == '-', c >= '0' && c <= '9':
		return &req, true
	}
	return nil, false
}
