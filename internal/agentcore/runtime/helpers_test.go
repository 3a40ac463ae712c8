package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const (
	testARN    = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234"
	testRegion = "us-east-1"
)

// isolateAWS gives the SDK static credentials and no shared config, so the
// tests never read the developer's ~/.aws.
func isolateAWS(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "AKIDTESTTESTTEST",
		"AWS_SECRET_ACCESS_KEY":       "test-secret",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  testRegion,
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ENDPOINT_URL":            "",
		"AWS_CA_BUNDLE":               "",
	} {
		t.Setenv(k, v)
	}
	os.Unsetenv("AWS_SESSION_TOKEN")
	os.Unsetenv("AWS_PROFILE")
	os.Unsetenv("AWS_ENDPOINT_URL")
	os.Unsetenv("AWS_CA_BUNDLE")
	// No test reaches the real IAM: by default it refuses the simulation
	// (the permissions tests start their own fake).
	iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(403)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>default test IAM</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
	}))
	t.Cleanup(iam.Close)
	t.Setenv("AWS_ENDPOINT_URL_IAM", iam.URL)
}

// sandboxTenant runs the demo OneAPI tenant.
func sandboxTenant(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(sandbox.New(sandbox.Options{}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

// mcpServer runs the real MCP server of this repository in process, backed
// by the sandbox tenant, as `zscaler-mcp serve --sandbox` does.
func mcpServer(t *testing.T) (mcpURL string, toolCount int) {
	t.Helper()
	tenant := sandboxTenant(t)
	client, err := zscaler.New(zscaler.Options{
		BaseURL: tenant.URL, TokenURL: tenant.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret},
		Limits:      zscaler.Unlimited(),
	})
	if err != nil {
		t.Fatal(err)
	}
	tools := policy.Resolve(inventory.All(), policy.Config{}).Tools
	srv := mcpserver.New(mcpserver.Options{
		Version: "test", Tools: tools, Catalogue: inventory.All(),
		Exec: &catalog.Executor{API: client, CustomerID: sandbox.CustomerID},
	})
	ts := httptest.NewServer(srv.Handler(mcpserver.HTTPOptions{DisableHostValidation: true}))
	t.Cleanup(ts.Close)
	return ts.URL + "/mcp", len(tools)
}

// seen is what the fake AgentCore endpoint recorded.
type seen struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
}

func (s *seen) add(r *http.Request, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r.Clone(r.Context()))
	s.bodies = append(s.bodies, body)
}

func (s *seen) last(t *testing.T) (*http.Request, []byte) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		t.Fatal("no request reached the fake AgentCore endpoint")
	}
	return s.requests[len(s.requests)-1], s.bodies[len(s.bodies)-1]
}

// agentcoreOptions shape the fake data plane.
type agentcoreOptions struct {
	sse    bool   // answer as text/event-stream, with a notification first
	bearer string // require Authorization: Bearer <bearer> instead of SigV4
}

// fakeAgentCore is InvokeAgentRuntime over REST: it checks what AgentCore
// checks (auth, ARN in the path, qualifier, session id length, payload)
// and forwards the payload to the MCP server, as the runtime's sidecar
// does.
func fakeAgentCore(t *testing.T, mcpURL string, o agentcoreOptions, rec *seen) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.add(r, body)
		fail := func(status int, typ, msg string) {
			w.Header().Set("X-Amzn-ErrorType", typ)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"message":%q}`, msg)
		}
		// The ARN is one percent-encoded path segment.
		want := "/runtimes/" + url.QueryEscape(testARN) + "/invocations"
		if got := r.URL.EscapedPath(); !strings.EqualFold(got, want) && r.URL.Path != "/runtimes/"+testARN+"/invocations" {
			fail(404, "ResourceNotFoundException", "no runtime at "+got)
			return
		}
		if r.Method != http.MethodPost || r.URL.Query().Get("qualifier") != "DEFAULT" {
			fail(400, "ValidationException", "POST ?qualifier=DEFAULT expected")
			return
		}
		auth := r.Header.Get("Authorization")
		if o.bearer != "" {
			if auth != "Bearer "+o.bearer {
				w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/x/invocations/.well-known/oauth-protected-resource?qualifier=DEFAULT"`)
				fail(401, "UnauthorizedException", "missing or invalid token")
				return
			}
		} else if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTEST/") || !strings.Contains(auth, "/bedrock-agentcore/aws4_request") || r.Header.Get("X-Amz-Date") == "" {
			fail(403, "AccessDeniedException", "not SigV4-signed: "+auth)
			return
		}
		if n := len(r.Header.Get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")); n < 33 {
			fail(400, "ValidationException", fmt.Sprintf("runtimeSessionId must be at least 33 characters, got %d", n))
			return
		}
		if !json.Valid(body) || r.Header.Get("Content-Type") != "application/json" || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
			fail(400, "ValidationException", "bad payload or headers")
			return
		}
		// Forward to the container.
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, mcpURL, bytes.NewReader(body))
		for _, h := range []string{"Content-Type", "Accept", "Mcp-Protocol-Version", "Mcp-Method", "Mcp-Name", "X-Api-Key"} {
			if v := r.Header.Get(h); v != "" {
				req.Header.Set(h, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fail(502, "RuntimeClientError", err.Error())
			return
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		w.Header().Set("Mcp-Session-Id", "platform-session-1")
		w.Header().Set("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", r.Header.Get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"))
		if o.sse {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(resp.StatusCode)
			// A notification first, then the response split over two data lines.
			fmt.Fprint(w, ": keep-alive\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n")
			line := string(bytes.TrimSpace(out))
			// Split between two members, where a newline is JSON whitespace.
			half := strings.Index(line, `"2.0",`) + len(`"2.0",`)
			fmt.Fprintf(w, "event: message\nid: 2\ndata: %s\ndata: %s\n\n", line[:half], line[half:])
			return
		}
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		w.Write(out)
	})
}

// startAgentCore runs the fake data plane and points the SDK at it.
func startAgentCore(t *testing.T, o agentcoreOptions) (*httptest.Server, *seen, int) {
	t.Helper()
	isolateAWS(t)
	mcpURL, n := mcpServer(t)
	rec := &seen{}
	var ts *httptest.Server
	if o.bearer != "" {
		ts = httptest.NewTLSServer(fakeAgentCore(t, mcpURL, o, rec))
	} else {
		ts = httptest.NewServer(fakeAgentCore(t, mcpURL, o, rec))
	}
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", ts.URL)
	return ts, rec, n
}
