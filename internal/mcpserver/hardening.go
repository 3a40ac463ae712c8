package mcpserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// jsonRPCError answers an HTTP-level refusal the way MCP clients can read it.
func jsonRPCError(w http.ResponseWriter, status, code int, msg string) {
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{"code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// hostAllowlist refuses a Host header outside the list with 421: a DNS
// rebinding page cannot name this server. An empty list leaves the check to
// the SDK's localhost protection.
func hostAllowlist(allowed []string, next http.Handler) http.Handler {
	if len(allowed) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !HostAllowed(allowed, r.Host) {
			jsonRPCError(w, http.StatusMisdirectedRequest, -32001,
				fmt.Sprintf("Misdirected request: Host header %q is not in the allowed list (possible DNS rebinding attempt)", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// HostAllowed matches a Host header against the allowlist: "*", "host"
// (any port), "host:port", "host:*"; case-insensitive; [v6] literals.
func HostAllowed(allowed []string, host string) bool {
	if host == "" {
		return false
	}
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = strings.Trim(host, "[]"), ""
	}
	h = strings.ToLower(h)
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == "*" {
			return true
		}
		ah, ap, err := net.SplitHostPort(a)
		if err != nil {
			ah, ap = strings.Trim(a, "[]"), "*"
		}
		if ah == h && (ap == "*" || ap == port) {
			return true
		}
	}
	return false
}

// ParseSourceIPs reads ZSCALER_MCP_ALLOWED_SOURCE_IPS: IPs, CIDRs or "*".
func ParseSourceIPs(list []string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	var bad []string
	for _, e := range list {
		e = strings.TrimSpace(e)
		switch {
		case e == "*":
			_, all4, _ := net.ParseCIDR("0.0.0.0/0")
			_, all6, _ := net.ParseCIDR("::/0")
			out = append(out, all4, all6)
		case strings.Contains(e, "/"):
			_, n, err := net.ParseCIDR(e)
			if err != nil {
				bad = append(bad, e)
				continue
			}
			out = append(out, n)
		default:
			ip := net.ParseIP(e)
			if ip == nil {
				bad = append(bad, e)
				continue
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: not an IP address or CIDR", strings.Join(bad, ", "))
	}
	return out, nil
}

// sourceAllowlist refuses clients outside the networks with 403. The peer
// address is the connection's: X-Forwarded-For is not trusted.
func sourceAllowlist(nets []*net.IPNet, next http.Handler) http.Handler {
	if len(nets) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		ip := net.ParseIP(host)
		if err == nil && ip != nil {
			for _, n := range nets {
				if n.Contains(ip) {
					next.ServeHTTP(w, r)
					return
				}
			}
		}
		jsonRPCError(w, http.StatusForbidden, -32001, fmt.Sprintf("Forbidden: source IP %s is not in the allowed list", host))
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status  int
	written bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.written {
		s.status, s.written = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if !s.written {
		s.status, s.written = http.StatusOK, true
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recoverAndLog turns a panic anywhere below into a JSON-RPC internal error
// (the process lives on) and writes the access-log line: method, path,
// status, duration, the MCP method and tool, and whether credentials were
// presented — never their values.
func (s *Server) recoverAndLog(accessLog bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		var method, tool string
		if accessLog && r.Method == http.MethodPost {
			method, tool = peekMCP(r)
		}
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic while serving a request", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.written {
					jsonRPCError(rec, http.StatusInternalServerError, -32603, "Internal error")
				}
			}
			if accessLog {
				s.logger.Info("http request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
					"duration_ms", float64(time.Since(start).Microseconds())/1000, "mcp_method", method, "tool", tool,
					"credentials", hasCredentials(r), "remote", r.RemoteAddr)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

func hasCredentials(r *http.Request) bool {
	for _, h := range []string{"Authorization", "X-Api-Key", "X-Zscaler-Client-Id", "X-Zscaler-Client-Secret"} {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}

// peekMCP reads the JSON-RPC method and tool name of a request for the log,
// leaving the body as it was.
func peekMCP(r *http.Request) (method, tool string) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return "", ""
	}
	var msg struct {
		Method string `json:"method"`
		Params struct {
			Name string `json:"name"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &msg) != nil {
		return "", ""
	}
	return msg.Method, msg.Params.Name
}

// probeMethods are the JSON-RPC methods a platform health probe sends. They
// reveal the server's name, version and capabilities, never a tool or a
// record of the tenant.
var probeMethods = map[string]bool{"ping": true, "initialize": true, "server/discover": true}

// withAuth puts auth in front of next, except for a platform health probe:
// a request from a loopback peer, carrying no credential at all, whose body
// is a single ping, initialize or server/discover. AgentCore probes /mcp that
// way from inside the microVM (docs/agentcore-health-probe.md); every other
// request, and any request that presents a credential, is authenticated.
func withAuth(auth func(http.Handler) http.Handler, next http.Handler) http.Handler {
	if auth == nil {
		return next
	}
	authed := auth(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isProbe(r) {
			next.ServeHTTP(w, r)
			return
		}
		authed.ServeHTTP(w, r)
	})
}

func isProbe(r *http.Request) bool {
	if r.Method != http.MethodPost || hasCredentials(r) {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<10))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return false
	}
	var msg struct {
		Method string `json:"method"`
	}
	// A batch or anything but one JSON object fails to decode here.
	return json.Unmarshal(body, &msg) == nil && probeMethods[msg.Method]
}
