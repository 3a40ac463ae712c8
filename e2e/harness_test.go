// Package e2e drives the real zscaler-mcp binary through the go-sdk MCP
// client, over stdio and over streamable HTTP, against the sandbox tenant on
// loopback.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// binary is the zscaler-mcp built once for the whole run; deployTool is
// zscaler-mcp-agentcore, built beside it as `go build -o DIR/ ./cmd/...` does,
// which is where `zscaler-mcp agentcore` finds it.
var binary, deployTool string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zscaler-mcp-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, deployTool = filepath.Join(dir, "zscaler-mcp"), filepath.Join(dir, "zscaler-mcp-agentcore")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", dir+string(filepath.Separator), "../cmd/...")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the binaries:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	if leaks := secretLeaks(); leaks != "" {
		fmt.Fprintln(os.Stderr, "FAIL: a secret reached a server log during the run:\n"+leaks)
		code = 1
	}
	os.Exit(code)
}

// allLogs keeps every server's stderr of the whole run, so that one check at
// the end can say no secret value ever reached a log line.
var allLogs struct {
	sync.Mutex
	logs []*logBuffer
}

func secretLeaks() string {
	allLogs.Lock()
	defer allLogs.Unlock()
	var out strings.Builder
	for _, l := range allLogs.logs {
		for _, line := range strings.Split(l.String(), "\n") {
			// Client secrets of the run, and bearer tokens (every JWT starts with eyJ).
			if strings.Contains(line, sandbox.ClientSecret) || strings.Contains(line, distinctiveSecret) || strings.Contains(line, "eyJ") {
				out.WriteString(line + "\n")
			}
		}
	}
	return out.String()
}

func keepLog(l *logBuffer) *logBuffer {
	allLogs.Lock()
	allLogs.logs = append(allLogs.logs, l)
	allLogs.Unlock()
	return l
}

// tenant is a sandbox on its own loopback listener, for one test.
type tenant struct {
	*sandbox.Tenant
	URL string
}

func newTenant(t testing.TB) *tenant {
	t.Helper()
	return newTenantWith(t, sandbox.Options{})
}

func newTenantWith(t testing.TB, opts sandbox.Options) *tenant {
	t.Helper()
	tn := sandbox.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: tn.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &tenant{Tenant: tn, URL: "http://" + ln.Addr().String()}
}

// env points a server at the tenant with the tenant's credentials.
func (tn *tenant) env(extra ...string) []string {
	return append([]string{
		"ZSCALER_API_BASE_URL=" + tn.URL,
		"ZSCALER_TOKEN_URL=" + tn.URL + "/oauth2/v1/token",
		"ZSCALER_CLIENT_ID=" + sandbox.ClientID,
		"ZSCALER_CLIENT_SECRET=" + sandbox.ClientSecret,
		"ZSCALER_CUSTOMER_ID=" + tn.CustomerID(),
		"ZCELL_CUSTOMER_ID=" + tn.CustomerID(), // the sandbox answers ZCell under the same id
		"ZSCALER_MCP_CLIENT_RATE_LIMITS=off",
		"ZSCALER_MCP_LOG_LEVEL=debug",
	}, extra...)
}

// baseEnv is the test process's environment without any ZSCALER_ variable,
// so a developer's own settings never leak into a test.
func baseEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZSCALER_") {
			out = append(out, kv)
		}
	}
	return out
}

// logBuffer keeps a process's stderr for assertions and failure reports.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// transport names how a test reaches the server.
type transport string

const (
	stdio transport = "stdio"
	http_ transport = "http"
)

var transports = []transport{stdio, http_}

// server is a running binary with a connected MCP client session.
type server struct {
	session *mcp.ClientSession
	logs    *logBuffer
	url     string // HTTP only
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// start runs the binary with args and env and connects a go-sdk client.
func start(t *testing.T, tr transport, env []string, args ...string) *server {
	t.Helper()
	ctx := ctxFor(t)
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "1"}, nil)
	logs := keepLog(&logBuffer{})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server stderr:\n%s", logs.String())
		}
	})
	if tr == stdio {
		cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
		cmd.Env = append(baseEnv(), env...)
		cmd.Stderr = logs
		session, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
		if err != nil {
			t.Fatalf("connect over stdio: %v\n%s", err, logs.String())
		}
		t.Cleanup(func() { _ = session.Close() })
		return &server{session: session, logs: logs}
	}
	url := startHTTP(t, env, logs, args...)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: url}, nil)
	if err != nil {
		t.Fatalf("connect over HTTP: %v\n%s", err, logs.String())
	}
	t.Cleanup(func() { _ = session.Close() })
	return &server{session: session, logs: logs, url: url}
}

var listeningRE = regexp.MustCompile(`msg=listening url=(http://\S+/mcp)`)

// startHTTP runs the binary on a free loopback port and returns its /mcp URL.
func startHTTP(t *testing.T, env []string, logs *logBuffer, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--transport", "streamable-http", "--port", "0"}, args...)...)
	cmd.Env = append(baseEnv(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	found := make(chan string, 1)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			logs.Write([]byte(line + "\n"))
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(logs, stderr)
	}()
	select {
	case url := <-found:
		return url
	case <-exited:
		t.Fatalf("the server exited before listening:\n%s", logs.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("the server never said where it listens:\n%s", logs.String())
	}
	return ""
}

// combined runs a command to its end and keeps its output for the leak check.
func combined(cmd *exec.Cmd) ([]byte, error) {
	out, err := cmd.CombinedOutput()
	l := &logBuffer{}
	l.Write(out)
	keepLog(l)
	return out, err
}

// eventually polls cond for a few seconds: server logs reach the test
// through a pipe, a little after the answers they belong to.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// explained is the line `zscaler-mcp tools --explain` prints for a tool,
// against the tenant's settings.
func explained(t *testing.T, tn *tenant, tool string) string {
	t.Helper()
	cmd := exec.Command(binary, "tools", "--explain")
	cmd.Env = append(baseEnv(), tn.env()...)
	out, err := combined(cmd)
	if err != nil {
		t.Fatalf("tools --explain: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, tool+" ") {
			return l
		}
	}
	return ""
}
