package mcpserver

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// listenerAddr is the address the requests of these tests arrive on, as a
// real connection would carry it: the Host and Origin checks compare with it.
var listenerAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8000}

// onLoopback makes req one that reached a loopback listener on port 8000
// under its own name, as a local client's would.
func onLoopback(req *http.Request) *http.Request {
	req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, net.Addr(listenerAddr)))
	req.Host = "127.0.0.1:8000"
	req.RemoteAddr = "127.0.0.1:50000"
	return req
}

// tenantCalls counts every call that reaches the tenant.
type tenantCalls struct {
	stubAPI
	n *atomic.Int64
}

func (c tenantCalls) Do(ctx context.Context, r *zscaler.Request) (*zscaler.Response, error) {
	c.n.Add(1)
	return c.stubAPI.Do(ctx, r)
}

func (c tenantCalls) List(ctx context.Context, r *zscaler.Request, o zscaler.ListOptions) (*zscaler.ListResult, error) {
	c.n.Add(1)
	return c.stubAPI.List(ctx, r, o)
}

// syncBuffer is a log sink the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const meta2026 = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"}}`

// form is one kind of request that takes its own code path: the fast path's
// tools/list and tools/call, the SDK's initialize, the 2026-07-28 requests,
// a batch (only 2025-03-26 and older have batches), each revision header.
type form struct {
	name   string
	body   string
	header map[string]string
}

var forms = []form{
	{"tools/list, no revision", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, nil},
	{"tools/list 2025-06-18", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, map[string]string{"MCP-Protocol-Version": "2025-06-18"}},
	{"tools/list 2025-11-25", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, map[string]string{"MCP-Protocol-Version": "2025-11-25"}},
	{"tools/call 2025-11-25", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`, map[string]string{"MCP-Protocol-Version": "2025-11-25"}},
	{"tools/call with a progress token", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{},"_meta":{"progressToken":"p"}}}`, map[string]string{"MCP-Protocol-Version": "2025-06-18"}},
	{"initialize", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`, nil},
	{"tools/list 2026-07-28", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{` + meta2026 + `}}`, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}},
	{"tools/call 2026-07-28", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{},` + meta2026 + `}}`, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "zpa_list_segment_groups"}},
	{"batch 2025-03-26", `[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}]`, map[string]string{"MCP-Protocol-Version": "2025-03-26"}},
}

// protection is one check, the configuration that arms it, and what makes
// a request fail it.
type protection struct {
	name   string
	opts   HTTPOptions
	spoil  func(*http.Request)
	status int
	kind   string // the access log's refused=
}

func wantBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer good" {
			jsonRPCError(w, http.StatusUnauthorized, -32001, "Unauthorized")
			return
		}
		next.ServeHTTP(w, r)
	})
}

var protections = []protection{
	{"foreign Host", HTTPOptions{}, func(r *http.Request) { r.Host = "evil.example" }, 421, "host"},
	{"foreign Host with the listener's port", HTTPOptions{}, func(r *http.Request) { r.Host = "evil.example:8000" }, 421, "host"},
	{"own origin on another local port", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Origin", "http://localhost:9999") }, 403, "origin"},
	{"Host outside the allowlist", HTTPOptions{AllowedHosts: []string{"mcp.example.com"}}, func(r *http.Request) { r.Host = "evil.example" }, 421, "host"},
	{"foreign Origin", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "origin"},
	{"Origin of another loopback port", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Origin", "http://localhost:3000") }, 403, "origin"},
	{"Origin null", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Origin", "null") }, 403, "origin"},
	{"Origin over https to a plain listener", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Origin", "https://127.0.0.1:8000") }, 403, "origin"},
	{"two Origins", HTTPOptions{}, func(r *http.Request) {
		r.Header.Add("Origin", "http://127.0.0.1:8000")
		r.Header.Add("Origin", "http://evil.example")
	}, 403, "origin"},
	{"Origin outside the allowlist", HTTPOptions{AllowedOrigins: []string{"https://app.example.com"}}, func(r *http.Request) { r.Header.Set("Origin", "http://app.example.com") }, 403, "origin"},
	{"Origin equal to a Host that only * admits", HTTPOptions{AllowedHosts: []string{"*"}}, func(r *http.Request) {
		r.Host = "evil.example:8000"
		r.Header.Set("Origin", "http://evil.example:8000")
	}, 403, "origin"},
	{"source address", HTTPOptions{AllowedSourceIPs: mustNets("10.0.0.0/8")}, func(*http.Request) {}, 403, "source address"},
	{"no credentials", HTTPOptions{Auth: wantBearer}, func(r *http.Request) { r.RemoteAddr = "192.0.2.1:1" }, 401, "authentication"},
	{"bad credentials", HTTPOptions{Auth: wantBearer}, func(r *http.Request) { r.Header.Set("Authorization", "Bearer wrong") }, 401, "authentication"},
	{"body over the limit", HTTPOptions{MaxBodyBytes: 1024}, func(r *http.Request) { pad(r, 2000, true) }, 413, "body too large"},
	{"body over the limit, length unknown", HTTPOptions{MaxBodyBytes: 1024}, func(r *http.Request) { pad(r, 2000, false) }, 413, "body too large"},
	{"content type", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, 415, "content type"},
	{"no content type", HTTPOptions{}, func(r *http.Request) { r.Header.Del("Content-Type") }, 415, "content type"},
	{"content type that is only a prefix", HTTPOptions{}, func(r *http.Request) { r.Header.Set("Content-Type", "application/jsonx") }, 415, "content type"},
	{"method PUT", HTTPOptions{}, func(r *http.Request) { r.Method = http.MethodPut }, 405, "method"},
	{"method GET", HTTPOptions{}, func(r *http.Request) { r.Method = http.MethodGet }, 405, "method"},
}

func mustNets(cidrs ...string) []*net.IPNet {
	n, err := ParseSourceIPs(cidrs)
	if err != nil {
		panic(err)
	}
	return n
}

// pad grows the body with trailing whitespace, which leaves the message as
// it was, past a limit.
func pad(r *http.Request, n int, known bool) {
	body, _ := io.ReadAll(r.Body)
	body = append(body, bytes.Repeat([]byte(" "), n)...)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	if !known {
		r.ContentLength = -1
	}
}

func newRequest(f form) *http.Request {
	r := onLoopback(httptest.NewRequest("POST", "/mcp", strings.NewReader(f.body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range f.header {
		r.Header.Set(k, v)
	}
	return r
}

// Every protection refuses its bad request in every form, with its status,
// a JSON-RPC error and no result, before anything reaches the tenant, and
// the access-log line names it. Each form is first shown to succeed with
// the same server, so a refusal can only come from the protection.
func TestEveryProtectionOnEveryPath(t *testing.T) {
	for _, p := range protections {
		t.Run(p.name, func(t *testing.T) {
			calls := &atomic.Int64{}
			logs := &syncBuffer{}
			srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: tenantCalls{stubAPI{}, calls}, CustomerID: "1"},
				Logger: slog.New(slog.NewTextHandler(logs, nil))})
			opts := p.opts
			opts.AccessLog = true
			h := srv.Handler(opts)
			for _, f := range forms {
				good := newRequest(f)
				if p.opts.AllowedSourceIPs != nil {
					good.RemoteAddr = "10.1.2.3:4"
				}
				if p.opts.Auth != nil {
					good.Header.Set("Authorization", "Bearer good")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, good)
				if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"result"`) {
					t.Fatalf("%s: the good request fails: %d %.300s", f.name, rec.Code, rec.Body.String())
				}

				bad := newRequest(f)
				p.spoil(bad)
				before := calls.Load()
				rec = httptest.NewRecorder()
				h.ServeHTTP(rec, bad)
				if rec.Code != p.status {
					t.Errorf("%s: %d, want %d: %.300s", f.name, rec.Code, p.status, rec.Body.String())
					continue
				}
				if code, _ := rpcError(t, rec); code == 0 {
					t.Errorf("%s: the refusal is not a JSON-RPC error", f.name)
				}
				if calls.Load() != before {
					t.Errorf("%s: the refused request reached the tenant", f.name)
				}
			}
			if !strings.Contains(logs.String(), "refused=") || !strings.Contains(logs.String(), `refused="`+p.kind+`"`) && !strings.Contains(logs.String(), "refused="+p.kind+" ") {
				t.Errorf("the access log does not name %q:\n%s", p.kind, logs.String())
			}
			if strings.Contains(logs.String(), "Bearer") {
				t.Errorf("a credential reached the log:\n%s", logs.String())
			}
		})
	}
}

// What the Host and Origin checks let through: the listener's own names and
// origin, the allowlists, and everything once validation is off.
func TestHostAndOriginAdmit(t *testing.T) {
	for _, c := range []struct {
		name         string
		opts         HTTPOptions
		host, origin string
		want         int
	}{
		{"own address", HTTPOptions{}, "127.0.0.1:8000", "", 200},
		{"localhost", HTTPOptions{}, "LocalHost:8000", "", 200},
		{"v6 loopback", HTTPOptions{}, "[::1]:8000", "", 200},
		{"another loopback address", HTTPOptions{}, "127.0.0.2:8000", "", 200},
		{"loopback Host on another port (a port forward)", HTTPOptions{}, "localhost:9000", "", 200},
		{"loopback Host without a port", HTTPOptions{}, "localhost", "", 200},
		{"own origin on another port is another origin", HTTPOptions{}, "localhost:9000", "http://localhost:9000", 403},
		{"own origin", HTTPOptions{}, "127.0.0.1:8000", "http://127.0.0.1:8000", 200},
		{"own origin by name", HTTPOptions{}, "127.0.0.1:8000", "http://localhost:8000", 200},
		{"allowlisted Host", HTTPOptions{AllowedHosts: []string{"mcp.example.com"}}, "mcp.example.com", "", 200},
		{"own origin under an allowlisted Host", HTTPOptions{AllowedHosts: []string{"mcp.example.com"}}, "mcp.example.com", "https://mcp.example.com", 200},
		{"allowlisted origin", HTTPOptions{AllowedOrigins: []string{"https://app.example.com"}}, "127.0.0.1:8000", "https://app.example.com", 200},
		{"allowlisted origin, any port", HTTPOptions{AllowedOrigins: []string{"localhost:*"}}, "127.0.0.1:8000", "http://localhost:6274", 200},
		{"any origin", HTTPOptions{AllowedOrigins: []string{"*"}}, "127.0.0.1:8000", "null", 200},
		{"validation off", HTTPOptions{DisableHostValidation: true}, "evil.example", "http://evil.example", 200},
		{"the name bound to", HTTPOptions{ListenHost: "MCP.corp"}, "mcp.corp:8000", "http://mcp.corp:8000", 200},
		{"the name bound to, another port", HTTPOptions{ListenHost: "mcp.corp"}, "mcp.corp:9000", "", 421},
		{"the unspecified address bound to", HTTPOptions{ListenHost: "0.0.0.0"}, "0.0.0.0:8000", "", 421},
		{"a scheme-less trailing-dot name is not localhost", HTTPOptions{}, "localhost.:8000", "", 421},
		{"an empty Host", HTTPOptions{}, "", "", 421},
	} {
		srv := New(Options{Version: "v", Exec: &catalog.Executor{API: stubAPI{}}})
		r := newRequest(form{body: ping})
		r.Host = c.host
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		rec := httptest.NewRecorder()
		srv.Handler(c.opts).ServeHTTP(rec, r)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d: %s", c.name, rec.Code, c.want, rec.Body.String())
		}
	}
}

const ping = `{"jsonrpc":"2.0","id":1,"method":"ping"}`

// A handler called without a connection has no listener to be named: only
// the allowlist admits a Host then.
func TestNoListenerNoOwnHost(t *testing.T) {
	srv := New(Options{Version: "v", Exec: &catalog.Executor{API: stubAPI{}}})
	for _, c := range []struct {
		allowed []string
		want    int
	}{{nil, 421}, {[]string{"127.0.0.1:*"}, 200}} {
		r := httptest.NewRequest("POST", "/mcp", strings.NewReader(ping))
		r.Host = "127.0.0.1:8000"
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.Handler(HTTPOptions{AllowedHosts: c.allowed}).ServeHTTP(rec, r)
		if rec.Code != c.want {
			t.Errorf("allowlist %v: %d, want %d", c.allowed, rec.Code, c.want)
		}
	}
}

// The protections hold on a real listener, where the connection carries
// the local address the checks compare with.
func TestProtectionsOnARealListener(t *testing.T) {
	srv := New(Options{Version: "v", Tools: inventory.All(), Exec: &catalog.Executor{API: stubAPI{}, CustomerID: "1"}})
	hs := httptest.NewServer(srv.HTTPHandler())
	defer hs.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(hs.URL, "http://"))
	for _, c := range []struct {
		host, origin string
		want         int
	}{
		{"", "", 200},
		{"localhost:" + port, "http://localhost:" + port, 200},
		{"evil.example:" + port, "", 421},
		{"", "http://evil.example", 403},
	} {
		req, _ := http.NewRequest("POST", hs.URL+"/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
		req.Header.Set("Content-Type", "application/json")
		if c.host != "" {
			req.Host = c.host
		}
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("Host %q Origin %q: %d, want %d", c.host, c.origin, resp.StatusCode, c.want)
		}
	}
	for _, path := range []string{"/health", "/ping"} {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		req.Host = "evil.example"
		req.Header.Set("Origin", "http://evil.example")
		resp, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s must stay open: %d", path, resp.StatusCode)
		}
	}
}

func TestOriginAllowed(t *testing.T) {
	for _, c := range []struct {
		allowed []string
		origin  string
		want    bool
	}{
		{[]string{"https://app.example.com"}, "https://app.example.com", true},
		{[]string{"https://app.example.com"}, "https://APP.example.com:443", true},
		{[]string{"https://app.example.com"}, "https://app.example.com:8443", false},
		{[]string{"https://app.example.com"}, "http://app.example.com", false},
		{[]string{"https://app.example.com:*"}, "https://app.example.com:8443", true},
		{[]string{"app.example.com"}, "http://app.example.com:3000", true},
		{[]string{"app.example.com:3000"}, "http://app.example.com:3001", false},
		{[]string{"http://[::1]:6274"}, "http://[::1]:6274", true},
		{[]string{"localhost"}, "http://localhost.evil.example", false},
		{[]string{"app.example.com"}, "http://app.example.com/path", false},
		{[]string{"app.example.com"}, "null", false},
		{[]string{"*"}, "null", true},
		{[]string{"*"}, "", false},
		{nil, "http://localhost:8000", false},
	} {
		if got := OriginAllowed(c.allowed, c.origin); got != c.want {
			t.Errorf("OriginAllowed(%v, %q) = %v", c.allowed, c.origin, got)
		}
	}
}
