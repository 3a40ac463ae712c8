package mcpserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// HTTPHandler serves MCP on POST /mcp (and /mcp/) in stateless mode with JSON
// responses, plus the health endpoints. Stateless means no initialize is
// needed first and a session id the server never issued is simply ignored —
// what AgentCore, which injects its own session ids, requires.
func (s *Server) HTTPHandler() http.Handler {
	streamable := mcp.NewStreamableHTTPHandler(
		func(*http.Request) *mcp.Server { return s.mcp },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true, Logger: quieter(s.logger)},
	)
	var mcpHandler http.Handler = streamable
	if list, err := captureToolsList(streamable); err == nil {
		mcpHandler = s.fastPath(list, streamable)
	} else {
		s.logger.Warn("tools/list will be served by the SDK on every request", "error", err)
	}
	mcpHandler = acceptJSON(mcpHandler)
	mux := http.NewServeMux()
	mux.Handle("/mcp", mcpHandler)
	mux.Handle("/mcp/", mcpHandler)
	mux.HandleFunc("GET /health", status(`{"status":"ok"}`))
	mux.HandleFunc("GET /ping", status(`{"status":"Healthy"}`))
	return mux
}

func status(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
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

// ServeHTTP listens on addr and serves until ctx ends, then drains in-flight
// requests. ready, if set, is told the bound address (useful with port 0).
func (s *Server) ServeHTTP(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.HTTPHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
