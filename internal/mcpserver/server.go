// Package mcpserver exposes catalogue tools over MCP, on stdio and on
// stateless streamable HTTP.
package mcpserver

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/confirm"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/prompts"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Identity is what the server says it is in initialize.
const (
	Name  = "zscaler-mcp"
	Title = "Zscaler MCP Server"
)

const instructions = "Tools for the Zscaler Zero Trust Exchange (ZIA, ZPA, ZDX, ZCC, Cloud Connector, ZIdentity, EASM, Z-Insights, " +
	"ZMS, ZCell). The server is read-only " +
	"unless its operator enabled write tools. List tools return every record the API has unless a page is asked " +
	"for; the text result is CSV for flat records and JSON otherwise, and structuredContent holds the API's records verbatim."

// Options configure a Server.
type Options struct {
	Version string
	Tools   []*catalog.Tool
	Exec    *catalog.Executor
	Logger  *slog.Logger
	// AuditCalls writes one audit line per tool call (ZSCALER_MCP_LOG_TOOL_CALLS).
	AuditCalls bool
	// Confirmer issues and redeems delete confirmation tokens; nil → an
	// ephemeral one (tokens then hold only within this process).
	Confirmer *confirm.Confirmer
	// SkipConfirmations lets deletes through unasked: debugging only.
	SkipConfirmations bool
	// Catalogue is every tool, exposed or not, for naming what a delete
	// targets and the tools near a mistyped name.
	Catalogue []*catalog.Tool
	// Dropped are the tools the policy removed, with why: calling one by
	// name says so, and which setting brings it back.
	Dropped []policy.Dropped
	// NoSanitization passes API text through untouched: debugging only.
	NoSanitization bool
	// CallTimeout is each tool call's time budget (ZSCALER_MCP_CALL_TIMEOUT);
	// 0 → zscaler.DefaultCallTimeout.
	CallTimeout time.Duration
	// Prompts are the playbooks on offer; each is listed only when a tool
	// of its service is exposed, as the reference server does.
	Prompts []*prompts.Prompt
	// Prerendered: the tools are the inventory's rows as they are, so their
	// tools/list entries may come from the bytes rendered at build time
	// (prerendered.go); a tool without an entry is rendered here.
	Prerendered bool
}

// Server is one MCP server, built once at start-up. Its tool list never
// changes afterwards, so every HTTP request shares it.
type Server struct {
	mcp       *mcp.Server
	exposed   []*catalog.Tool    // in the order of Options.Tools
	describe  func() []*mcp.Tool // exposed[i] as MCP clients see it, built on first use
	prerender bool
	prompts   []*prompts.Prompt // those whose service has an exposed tool
	register  sync.Once         // the tools, into mcp (see sdk)

	exec   *catalog.Executor
	logger *slog.Logger
	audits *slog.Logger // nil: no audit lines
	tools  map[string]*catalog.Tool

	catalogue   map[string]*catalog.Tool
	unavailable map[string]unavailableTool
	confirmer   *confirm.Confirmer
	skipConfirm bool
	sanitize    bool
	callTimeout time.Duration
}

// New builds the server and registers every tool once.
func New(opts Options) *Server {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	impl := &mcp.Implementation{
		Name:        Name,
		Title:       Title,
		Version:     opts.Version,
		Description: "Zscaler Zero Trust Exchange tools for AI agents; read-only by default.",
	}
	s := &Server{
		mcp:    mcp.NewServer(impl, &mcp.ServerOptions{Instructions: instructions, Logger: quieter(logger)}),
		exec:   opts.Exec,
		logger: logger,
		tools:  make(map[string]*catalog.Tool, len(opts.Tools)),
	}
	if opts.AuditCalls {
		s.audits = auditLogger(logger)
	}
	s.confirmer, s.skipConfirm = opts.Confirmer, opts.SkipConfirmations
	s.sanitize = !opts.NoSanitization
	s.callTimeout = cmp.Or(opts.CallTimeout, zscaler.DefaultCallTimeout)
	if s.confirmer == nil {
		s.confirmer, _ = confirm.New(confirm.Options{})
	}
	s.catalogue = map[string]*catalog.Tool{}
	for _, t := range append(opts.Catalogue, opts.Tools...) {
		s.catalogue[t.Name] = t
	}
	s.unavailable = make(map[string]unavailableTool, len(opts.Dropped))
	for _, d := range opts.Dropped {
		s.catalogue[d.Tool.Name] = d.Tool
		s.unavailable[d.Tool.Name] = unavailableTool{d.Reason, d.Fix}
	}
	s.exposed, s.prerender = opts.Tools, opts.Prerendered
	for _, t := range opts.Tools {
		s.tools[t.Name] = t
	}
	s.describe = sync.OnceValue(func() []*mcp.Tool {
		described := make([]*mcp.Tool, len(s.exposed))
		for i, t := range s.exposed {
			described[i] = Describe(t)
		}
		return described
	})
	services := map[zscaler.Service]bool{}
	for _, t := range opts.Tools {
		services[t.Service] = true
	}
	for _, p := range opts.Prompts {
		if services[p.Service] {
			s.prompts = append(s.prompts, p)
		}
	}
	s.mcp.AddReceivingMiddleware(s.toolNames)
	return s
}

// PromptNames are the prompts the server offers.
func (s *Server) PromptNames() []string {
	names := make([]string, len(s.prompts))
	for i, p := range s.prompts {
		names[i] = p.Name
	}
	return names
}

// sdk is the go-sdk server with every tool registered. Registering is left to
// the first request that reaches the SDK, not done before the server
// listens: the SDK's AddTool round-trips each schema through JSON twice
// (~100 µs and ~70 KB a tool, growing with the catalogue), while plain
// tools/list and tools/call over HTTP are answered without the SDK
// (fastpath.go). Every SDK session starts after it, so registering sends no
// list_changed notification to anyone.
func (s *Server) sdk() *mcp.Server {
	s.register.Do(func() {
		for i, t := range s.exposed {
			s.mcp.AddTool(s.describe()[i], s.handler(t))
		}
		for _, p := range s.prompts {
			s.mcp.AddPrompt(describePrompt(p), promptHandler(p))
		}
	})
	return s.mcp
}

// Describe is the tool as MCP clients see it. The schema is pre-rendered JSON,
// so listing tools copies bytes instead of walking schema structures.
func Describe(t *catalog.Tool) *mcp.Tool {
	a := t.Annotations()
	openWorld := a.OpenWorld
	mt := &mcp.Tool{
		Name:        t.Name,
		Description: t.Description,
		InputSchema: t.InputSchema(),
		Annotations: &mcp.ToolAnnotations{
			ReadOnlyHint:    a.ReadOnly,
			DestructiveHint: a.Destructive,
			IdempotentHint:  a.Idempotent,
			OpenWorldHint:   &openWorld,
		},
	}
	if t.Output != nil {
		mt.OutputSchema = t.Output
	}
	return mt
}

func (s *Server) handler(t *catalog.Tool) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (_ *mcp.CallToolResult, err error) {
		// The SDK runs handlers on goroutines of its own: a panic here must
		// become a JSON-RPC error, not the end of the process.
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic in a tool handler", "tool", t.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				err = &jsonrpc.Error{Code: jsonrpc.CodeInternalError, Message: "Internal error"}
			}
		}()
		ctx, stop := withClientGone(ctx)
		defer stop()
		ctx = withProgress(ctx, req)
		res, ask := s.call(ctx, t, req.Params.Arguments, elicitation{
			canAsk:    canElicit(req),
			responses: req.Params.InputResponses,
			state:     req.Params.RequestState,
		})
		if ask != nil {
			return ask, nil
		}
		out := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: res.Text()}}, IsError: res.Error != ""}
		if sc := res.Structured(); sc != nil && res.Error == "" {
			out.StructuredContent = sc
		}
		return out, nil
	}
}

// call runs one tool call; every transport and path goes through it, and
// all of it, the delete gate's read included, shares one time budget.
func (s *Server) call(ctx context.Context, t *catalog.Tool, args json.RawMessage, el elicitation) (*catalog.Result, *mcp.CallToolResult) {
	start := time.Now()
	ctx, cancel := zscaler.WithBudget(ctx, s.callTimeout)
	defer cancel()
	res, ask := s.gate(ctx, t, args, el)
	if ask != nil {
		return nil, ask
	}
	if res == nil {
		res = s.exec.Execute(ctx, t, args)
		s.defuse(t, res)
	}
	if res.Error != "" {
		s.logger.Info("tool call failed", "tool", t.Name, "error", res.Error)
	}
	if s.audits != nil {
		s.audit(ctx, t, args, res, time.Since(start))
	}
	return res, nil
}

// canElicit reports whether the SDK can put a question to this call's client:
// the client declared elicitation, and either speaks 2026-07-28 (the question
// travels as an input-required result, stateless) or holds a session that
// can carry a request back (stdio). Stateless HTTP on an older revision cannot.
func canElicit(req *mcp.CallToolRequest) bool {
	caps := req.ClientCapabilities()
	if caps == nil || caps.Elicitation == nil {
		return false
	}
	if _, modern := req.Params.GetMeta()[mcp.MetaKeyClientCapabilities]; modern {
		return true
	}
	return req.Session != nil && req.Session.InitializeParams() != nil
}

// RunStdio serves one client on stdin/stdout until it disconnects or ctx ends.
func (s *Server) RunStdio(ctx context.Context) error {
	return s.sdk().Run(ctx, &mcp.StdioTransport{})
}

// Connect serves one client on the given transport; tests use it with
// in-memory transports.
func (s *Server) Connect(ctx context.Context, t mcp.Transport) (*mcp.ServerSession, error) {
	return s.sdk().Connect(ctx, t, nil)
}

// quieter passes the SDK's messages on at warning level and above, unless
// debug logging is on: a stateless HTTP server would otherwise log three
// session lines for every request.
func quieter(l *slog.Logger) *slog.Logger {
	if l.Enabled(context.Background(), slog.LevelDebug) {
		return l
	}
	return slog.New(minLevel{l.Handler(), slog.LevelWarn})
}

type minLevel struct {
	slog.Handler
	min slog.Level
}

func (m minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= m.min && m.Handler.Enabled(ctx, l)
}

func (m minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{m.Handler.WithAttrs(a), m.min}
}
func (m minLevel) WithGroup(n string) slog.Handler { return minLevel{m.Handler.WithGroup(n), m.min} }
