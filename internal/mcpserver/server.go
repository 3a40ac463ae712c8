// Package mcpserver exposes catalogue tools over MCP, on stdio and on
// stateless streamable HTTP.
package mcpserver

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// Identity is what the server says it is in initialize.
const (
	Name  = "zscaler-mcp"
	Title = "Zscaler MCP Server"
)

const instructions = "Tools for the Zscaler Zero Trust Exchange (ZIA, ZPA, ZDX, ZCC). The server is read-only " +
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
}

// Server is one MCP server, built once at start-up. Its tool list never
// changes afterwards, so every HTTP request shares it.
type Server struct {
	mcp    *mcp.Server
	exec   *catalog.Executor
	logger *slog.Logger
	audits *slog.Logger // nil: no audit lines
	tools  map[string]*catalog.Tool
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
	for _, t := range opts.Tools {
		s.tools[t.Name] = t
		s.mcp.AddTool(describe(t), s.handler(t))
	}
	return s
}

// describe is the tool as MCP clients see it. The schema is pre-rendered JSON,
// so listing tools copies bytes instead of walking schema structures.
func describe(t *catalog.Tool) *mcp.Tool {
	a := t.Annotations()
	openWorld := a.OpenWorld
	return &mcp.Tool{
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
}

func (s *Server) handler(t *catalog.Tool) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		res := s.call(ctx, t, req.Params.Arguments)
		if res.Error != "" {
			return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: res.Error}}}, nil
		}
		return &mcp.CallToolResult{
			Content:           []mcp.Content{&mcp.TextContent{Text: res.Text()}},
			StructuredContent: res.Structured(),
		}, nil
	}
}

// call runs one tool call; every transport and path goes through it.
func (s *Server) call(ctx context.Context, t *catalog.Tool, args json.RawMessage) *catalog.Result {
	start := time.Now()
	res := s.exec.Execute(ctx, t, args)
	if res.Error != "" {
		s.logger.Info("tool call failed", "tool", t.Name, "error", res.Error)
	}
	if s.audits != nil {
		s.audit(ctx, t, args, res, time.Since(start))
	}
	return res
}

// RunStdio serves one client on stdin/stdout until it disconnects or ctx ends.
func (s *Server) RunStdio(ctx context.Context) error {
	return s.mcp.Run(ctx, &mcp.StdioTransport{})
}

// Connect serves one client on the given transport; tests use it with
// in-memory transports.
func (s *Server) Connect(ctx context.Context, t mcp.Transport) (*mcp.ServerSession, error) {
	return s.mcp.Connect(ctx, t, nil)
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
