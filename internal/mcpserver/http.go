package mcpserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPOptions harden the HTTP side. The zero value serves loopback
// development: Host and Origin must name this listener, no allowlists, no auth.
type HTTPOptions struct {
	// ListenHost is the name or address the listener was told to bind: on
	// the listener's port, a Host naming it is the listener's own.
	ListenHost string
	// AllowedHosts adds to the listener's own names in the Host check: "*",
	// "host", "host:port", "host:*" ([v6] literals too), case-insensitive.
	// Refusal: 421.
	AllowedHosts []string
	// AllowedOrigins adds to the listener's own origin in the Origin check:
	// the same forms, each optionally with a scheme. Refusal: 403.
	AllowedOrigins []string
	// DisableHostValidation turns the Host and Origin checks off
	// (AgentCore: the platform is the only ingress).
	DisableHostValidation bool
	// AllowedSourceIPs are the client addresses served: IPs, CIDRs or "*".
	// Refusal: 403.
	AllowedSourceIPs []*net.IPNet
	// Auth authenticates POST /mcp; nil serves everyone.
	Auth func(http.Handler) http.Handler
	// Metadata, when set, is served at /.well-known/oauth-protected-resource[/mcp].
	Metadata http.Handler
	// MaxBodyBytes bounds a request body; 0 → 4 MiB.
	MaxBodyBytes int64
	// AccessLog writes one line per request.
	AccessLog bool
}

const defaultMaxBody = 4 << 20

// Handler serves MCP on POST /mcp (and /mcp/) in stateless mode with JSON
// responses (an SSE response for a tools/call that asks for progress, when
// the client accepts one), plus the health endpoints. Stateless means no initialize is
// needed first and a session id the server never issued is simply ignored —
// what AgentCore, which injects its own session ids, requires.
//
// Layers, outermost first: panic recovery and the access log; /health and
// /ping, which bypass everything below; Host; Origin; source address; then,
// on /mcp, method, authentication, content type, body limit and JSON-RPC
// shape; then the fast path or the SDK. Every protection is this server's
// own and sits above both handlers, so neither can be reached around one;
// the SDK's own Host check is off because ours is the one that knows the
// allowlist.
func (s *Server) Handler(opts HTTPOptions) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = defaultMaxBody
	}
	sdkOpts := &mcp.StreamableHTTPOptions{
		Stateless: true, JSONResponse: true, Logger: quieter(s.logger),
		DisableLocalhostProtection: true,
		MaxRequestBodyBytes:        opts.MaxBodyBytes,
	}
	streamable := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s.sdk() }, sdkOpts)
	// A call that asks for progress is answered as an event stream: in JSON
	// mode the SDK sends a request's notifications to a standalone stream
	// that a stateless server never opens.
	sseOpts := *sdkOpts
	sseOpts.JSONResponse = false
	sse := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s.sdk() }, &sseOpts)
	var mcpHandler http.Handler = jsonErrors(streamable)
	if list, err := s.renderToolsList(); err == nil {
		mcpHandler = s.fastPath(list, mcpHandler)
	} else {
		s.logger.Warn("tools/list will be served by the SDK on every request", "error", err)
	}
	mcpHandler = readMessage(opts.MaxBodyBytes, callStreams(acceptJSON(jsonErrors(sse)), acceptJSON(mcpHandler)))
	mcpHandler = requireJSON(mcpHandler)
	mcpHandler = withAuth(opts.Auth, mcpHandler)
	mcpHandler = onlyPOST(mcpHandler)

	guarded := http.NewServeMux()
	guarded.Handle("/mcp", mcpHandler)
	guarded.Handle("/mcp/", mcpHandler)
	if opts.Metadata != nil {
		guarded.Handle("GET /.well-known/oauth-protected-resource", opts.Metadata)
		guarded.Handle("GET /.well-known/oauth-protected-resource/mcp", opts.Metadata)
	}
	var acl http.Handler = guarded
	acl = sourceAllowlist(opts.AllowedSourceIPs, acl)
	if !opts.DisableHostValidation {
		own := ownNames{bound: opts.ListenHost}
		if ip := net.ParseIP(strings.Trim(opts.ListenHost, "[]")); ip != nil && ip.IsUnspecified() {
			own.bound = "" // 0.0.0.0 names no host; the connection's address does
		}
		acl = originCheck(own, opts.AllowedOrigins, opts.AllowedHosts, acl)
		acl = hostCheck(own, opts.AllowedHosts, acl)
	}

	root := http.NewServeMux()
	root.HandleFunc("GET /health", status(`{"status":"ok"}`))
	root.HandleFunc("GET /ping", status(`{"status":"Healthy"}`))
	root.Handle("/", acl)
	return s.recoverAndLog(opts.AccessLog, root)
}

// HTTPHandler is Handler with the loopback-development defaults.
func (s *Server) HTTPHandler() http.Handler { return s.Handler(HTTPOptions{}) }

func status(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(body))
	}
}

// onlyPOST refuses every other method on /mcp: stateless, this server has no
// stream to GET and no session to DELETE.
func onlyPOST(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			refuse(w, r, http.StatusMethodNotAllowed, jsonrpc.CodeInvalidRequest, "method",
				"Method not allowed: "+r.Method+" /mcp; MCP requests are POSTed")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireJSON refuses a body that does not say it is JSON, and accepts
// application/json-rpc as the JSON it is.
func requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Parsed as the SDK parses it, so that nothing this check lets
		// through is refused further down, or the other way round.
		ct := r.Header.Get("Content-Type")
		mt, params, err := mime.ParseMediaType(ct)
		if err == nil && mt == "application/json-rpc" {
			mt = "application/json"
			r.Header.Set("Content-Type", mime.FormatMediaType(mt, params))
		}
		if err != nil || mt != "application/json" {
			refuse(w, r, http.StatusUnsupportedMediaType, jsonrpc.CodeInvalidRequest, "content type",
				fmt.Sprintf("Unsupported media type %q: send application/json", ct))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// acceptJSON lets clients and probes that send only "application/json" (or
// "*/*", or nothing) be served: the SDK insists on both JSON and SSE in
// Accept, yet this server always answers with JSON.
func acceptJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accept := r.Header.Get("Accept")
		if !strings.Contains(accept, "application/json") || !strings.Contains(accept, "text/event-stream") {
			r.Header.Set("Accept", "application/json, text/event-stream")
		}
		next.ServeHTTP(w, r)
	})
}

// ServeHTTP listens on addr and serves until ctx ends, then finishes the
// requests in flight. ready, if set, is told the bound address (useful with
// port 0). With certFile and keyFile it serves HTTPS.
func (s *Server) ServeHTTP(ctx context.Context, addr string, h http.Handler, certFile, keyFile string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute, // a paged list of a large tenant takes a while
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- srv.ServeTLS(ln, certFile, keyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
