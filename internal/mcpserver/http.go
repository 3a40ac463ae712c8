package mcpserver

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPOptions harden the HTTP side. The zero value serves loopback
// development: the SDK's localhost protection on, no allowlists, no auth.
type HTTPOptions struct {
	// AllowedHosts is the Host header allowlist: "*", "host", "host:port",
	// "host:*" ([v6] literals too), case-insensitive. Refusal: 421.
	AllowedHosts []string
	// DisableHostValidation turns every Host check off, the SDK's
	// localhost protection included (AgentCore: the platform is the ingress).
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
// responses, plus the health endpoints. Stateless means no initialize is
// needed first and a session id the server never issued is simply ignored —
// what AgentCore, which injects its own session ids, requires.
//
// Layers, outermost first: panic recovery and the access log; /health and
// /ping, which bypass everything below; the Host allowlist; the source
// address allowlist; authentication; the body limit; then MCP.
func (s *Server) Handler(opts HTTPOptions) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = defaultMaxBody
	}
	streamable := mcp.NewStreamableHTTPHandler(
		func(*http.Request) *mcp.Server { return s.sdk() },
		&mcp.StreamableHTTPOptions{
			Stateless: true, JSONResponse: true, Logger: quieter(s.logger),
			DisableLocalhostProtection: opts.DisableHostValidation,
			MaxRequestBodyBytes:        opts.MaxBodyBytes,
		},
	)
	var mcpHandler http.Handler = streamable
	if list, err := s.renderToolsList(); err == nil {
		mcpHandler = s.fastPath(list, streamable)
	} else {
		s.logger.Warn("tools/list will be served by the SDK on every request", "error", err)
	}
	mcpHandler = limitBody(normalizeContentType(acceptJSON(mcpHandler)), opts.MaxBodyBytes)
	mcpHandler = withAuth(opts.Auth, mcpHandler)

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
		acl = hostAllowlist(opts.AllowedHosts, acl)
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

// acceptJSON lets clients and probes that send only "application/json" (or
// "*/*", or nothing) be served: the SDK insists on both JSON and SSE in
// Accept, yet this server always answers with JSON.
func acceptJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			accept := r.Header.Get("Accept")
			if !strings.Contains(accept, "application/json") || !strings.Contains(accept, "text/event-stream") {
				r.Header.Set("Accept", "application/json, text/event-stream")
			}
		}
		next.ServeHTTP(w, r)
	})
}

// normalizeContentType accepts application/json-rpc as the JSON it is.
func normalizeContentType(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/json-rpc") {
			r.Header.Set("Content-Type", "application/json"+strings.TrimPrefix(ct, "application/json-rpc"))
		}
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			jsonRPCError(w, http.StatusRequestEntityTooLarge, -32600, "Request body too large")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
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
