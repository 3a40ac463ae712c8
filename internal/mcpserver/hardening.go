package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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

// refusalKey carries, in a request's context, the record of why a
// protection turned the request away: the access-log line names it.
type refusalKey struct{}

type refusal struct{ kind, reason string }

// refuse answers a request a protection turned away and notes why for the
// access log. The first protection to refuse is the one named.
func refuse(w http.ResponseWriter, r *http.Request, status, code int, kind, msg string) {
	note(r, kind, msg)
	jsonRPCError(w, status, code, msg)
}

func note(r *http.Request, kind, reason string) {
	if p, ok := r.Context().Value(refusalKey{}).(*refusal); ok && p.kind == "" {
		p.kind, p.reason = kind, reason
	}
}

// clip bounds a header value quoted back in an answer or a log line.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// hostCheck refuses, with 421, a Host header that names neither this
// listener nor an allowlisted host. A page that rebinds its own DNS name to
// this address still sends that name, so it is refused on every request,
// whichever handler would have answered.
func hostCheck(own ownNames, allowed []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !own.match(r, r.Host, r.TLS != nil, true) && !HostAllowed(allowed, r.Host) {
			refuse(w, r, http.StatusMisdirectedRequest, -32001, "host",
				fmt.Sprintf("Misdirected request: Host header %q names neither this server nor a host in ZSCALER_MCP_ALLOWED_HOSTS (possible DNS rebinding attempt)", clip(r.Host)))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ownNames are the names a listener answers to by itself.
type ownNames struct {
	bound string // the name or address it was told to bind, if any
}

// match reports whether hostport names the listener the request arrived
// on: the connection's local address itself, the name the listener was
// bound to or, when the local address is loopback, any loopback name or
// address; with the listener's port, a missing port being the scheme's
// default. A Host header may name a loopback listener on any port (ssh -L,
// kubectl port-forward change it, and a rebinding page cannot name loopback
// at all), but an Origin may not: a page on another local port is another
// origin. Without a connection (a handler called directly) nothing is the
// listener's own.
func (o ownNames) match(r *http.Request, hostport string, https, anyLoopbackPort bool) bool {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if local == nil {
		return false
	}
	lhost, lport, err := net.SplitHostPort(local.String())
	lip := net.ParseIP(lhost)
	if err != nil || lip == nil {
		return false
	}
	host, port := splitHost(hostport, https)
	if host == "" {
		return false
	}
	ip := net.ParseIP(host)
	if lip.IsLoopback() && (host == "localhost" || (ip != nil && ip.IsLoopback())) {
		return port == lport || anyLoopbackPort
	}
	if port != lport {
		return false
	}
	if o.bound != "" && host == strings.ToLower(strings.Trim(o.bound, "[]")) {
		return true
	}
	if lip.IsLoopback() {
		return false
	}
	return ip != nil && ip.Equal(lip)
}

// splitHost splits a Host header (or an Origin's host) into a lower-case
// name and a port, the scheme's default when there is none.
func splitHost(hostport string, https bool) (host, port string) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]"), "80"
		if https {
			port = "443"
		}
	}
	return strings.ToLower(host), port
}

// originCheck refuses, with 403, a request sent by a page of another
// origin. No Origin (every client but a browser) is fine; one Origin must be
// this listener's own, or the request's Host when the Host allowlist names
// it (a page served under the server's public name), or in
// ZSCALER_MCP_ALLOWED_ORIGINS.
func originCheck(own ownNames, allowedOrigins, allowedHosts []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origins := r.Header.Values("Origin")
		if len(origins) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if len(origins) > 1 || !originOK(r, own, origins[0], allowedOrigins, allowedHosts) {
			refuse(w, r, http.StatusForbidden, -32001, "origin",
				fmt.Sprintf("Forbidden: Origin %q is neither this server's nor in ZSCALER_MCP_ALLOWED_ORIGINS (cross-origin request)", clip(strings.Join(origins, ", "))))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func originOK(r *http.Request, own ownNames, origin string, allowedOrigins, allowedHosts []string) bool {
	if OriginAllowed(allowedOrigins, origin) {
		return true
	}
	u, ok := parseOrigin(origin)
	if !ok {
		return false
	}
	https := u.Scheme == "https"
	if https == (r.TLS != nil) && own.match(r, u.Host, https, false) {
		return true
	}
	// Behind a TLS-terminating proxy the scheme differs, so only the host
	// is compared; "*" names no host, so it vouches for none.
	var named []string
	for _, a := range allowedHosts {
		if strings.TrimSpace(a) != "*" {
			named = append(named, a)
		}
	}
	return strings.EqualFold(u.Host, r.Host) && HostAllowed(named, r.Host)
}

// parseOrigin reads an Origin header: an http(s) scheme and a host, nothing
// else ("null", sent by sandboxed and file pages, is no origin).
func parseOrigin(origin string) (*url.URL, bool) {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, false
	}
	return u, true
}

// OriginAllowed matches an Origin header against ZSCALER_MCP_ALLOWED_ORIGINS:
// "*" (any origin at all), or the Host allowlist's forms ("host" with any
// port, "host:port", "host:*") with any scheme, or those forms after a
// scheme ("https://app.example.com" is that scheme, host and default port);
// case-insensitive.
func OriginAllowed(allowed []string, origin string) bool {
	if origin == "" {
		return false
	}
	for _, a := range allowed {
		if strings.TrimSpace(a) == "*" {
			return true
		}
	}
	u, ok := parseOrigin(origin)
	if !ok {
		return false
	}
	host, port := splitHost(u.Host, u.Scheme == "https")
	hostport := net.JoinHostPort(host, port)
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		if scheme, rest, ok := strings.Cut(a, "://"); ok {
			if scheme != u.Scheme {
				continue
			}
			if _, _, err := net.SplitHostPort(rest); err != nil {
				_, dflt := splitHost("", scheme == "https")
				rest = net.JoinHostPort(strings.Trim(rest, "[]"), dflt)
			}
			a = rest
		}
		if HostAllowed([]string{a}, hostport) {
			return true
		}
	}
	return false
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
		refuse(w, r, http.StatusForbidden, -32001, "source address", fmt.Sprintf("Forbidden: source IP %s is not in the allowed list", host))
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
		ref := &refusal{}
		if accessLog {
			r = r.WithContext(context.WithValue(r.Context(), refusalKey{}, ref))
			if r.Method == http.MethodPost {
				method, tool = peekMCP(r)
			}
		}
		defer func() {
			if p := recover(); p != nil {
				s.logger.Error("panic while serving a request", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.written {
					jsonRPCError(rec, http.StatusInternalServerError, -32603, "Internal error")
				}
			}
			if accessLog {
				attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
					"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "mcp_method", method, "tool", tool,
					"credentials", hasCredentials(r), "remote", r.RemoteAddr}
				if ref.kind != "" {
					attrs = append(attrs, "refused", ref.kind, "reason", ref.reason)
				}
				s.logger.Info("http request", attrs...)
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
		rec := &statusRecorder{ResponseWriter: w}
		authed.ServeHTTP(rec, r)
		// The authenticator answers for itself; what it refused is noted
		// here, without a word of what was presented.
		if rec.status == http.StatusUnauthorized || rec.status == http.StatusForbidden {
			why := "no credentials presented"
			if hasCredentials(r) {
				why = "the credentials presented were refused"
			}
			note(r, "authentication", why)
		}
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
