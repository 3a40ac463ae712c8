package mcpserver

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// unavailableTool is a tool of the catalogue the policy did not expose.
type unavailableTool struct{ reason, fix string }

// toolNames answers a tools/call of a name this server does not expose,
// before the SDK would say only "unknown tool": a tool the policy removed
// says why and which setting brings it back, so an agent can tell its user
// instead of guessing; any other name gets the closest tool names. Stdio,
// the SDK's HTTP path and the fast path (which hands every name it does not
// serve to the SDK) all pass here.
func (s *Server) toolNames(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if method == "tools/call" {
			if p, ok := req.GetParams().(*mcp.CallToolParamsRaw); ok && s.tools[p.Name] == nil {
				return nil, s.notServed(p.Name)
			}
		}
		return next(ctx, method, req)
	}
}

func (s *Server) notServed(name string) error {
	if u, ok := s.unavailable[name]; ok {
		data, _ := json.Marshal(map[string]string{"tool": name, "reason": u.reason, "fix": u.fix})
		return &jsonrpc.Error{
			Code:    jsonrpc.CodeInvalidParams,
			Message: fmt.Sprintf("tool %q is not available on this server: %s; to enable it, %s", name, u.reason, u.fix),
			Data:    data,
		}
	}
	msg := fmt.Sprintf("unknown tool %q", name)
	if near := s.closest(name); len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	}
	return &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: msg}
}

// closest returns up to three catalogue names near name: within a few
// edits (a typo, a missing plural), or one that starts with it.
func (s *Server) closest(name string) []string {
	if name == "" || len(name) > 128 {
		return nil
	}
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	limit := max(2, len(name)/8)
	for n := range s.catalogue {
		d := editDistance(name, n, limit)
		if d > limit && len(name) >= 6 && strings.HasPrefix(n, name) {
			d = limit
		}
		if d <= limit {
			cands = append(cands, cand{n, d})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].name < cands[j].name
	})
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b, or limit+1 as soon
// as it must exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
