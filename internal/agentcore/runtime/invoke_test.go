package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestListToolsSigV4JSONAndSSE(t *testing.T) {
	for _, sse := range []bool{false, true} {
		t.Run(fmt.Sprintf("sse=%v", sse), func(t *testing.T) {
			_, rec, want := startAgentCore(t, agentcoreOptions{sse: sse})
			if want < 10 {
				t.Fatalf("the in-process server has only %d tools", want)
			}
			c, err := NewClient(ctxT(t), Target{ARN: testARN, Headers: http.Header{"X-Api-Key": {"sk-test"}}})
			if err != nil {
				t.Fatal(err)
			}
			tools, err := c.ListTools(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(tools) != want {
				t.Fatalf("got %d tools, want %d", len(tools), want)
			}
			names := map[string]bool{}
			for _, tl := range tools {
				names[tl.Name] = true
			}
			if !names["zia_list_locations"] && !names["zpa_list_application_segments"] {
				t.Errorf("expected sandbox tool names, got e.g. %q", tools[0].Name)
			}
			r, body := rec.last(t)
			if sid := r.Header.Get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"); len(sid) < MinSessionIDLen || sid != c.SessionID() {
				t.Errorf("session id header %q (client %q)", sid, c.SessionID())
			}
			if r.Header.Get("Mcp-Method") != "tools/list" || r.Header.Get("Mcp-Protocol-Version") != DefaultProtocolVersion {
				t.Errorf("routing headers: %v", r.Header)
			}
			if r.Header.Get("X-Api-Key") != "sk-test" || !strings.Contains(r.Header.Get("Authorization"), "x-api-key") {
				t.Errorf("the -H header must be sent and signed: X-Api-Key=%q Authorization=%q", r.Header.Get("X-Api-Key"), r.Header.Get("Authorization"))
			}
			var p struct {
				Method string `json:"method"`
				Params struct {
					Meta map[string]any `json:"_meta"`
				} `json:"params"`
			}
			if err := json.Unmarshal(body, &p); err != nil || p.Method != "tools/list" || p.Params.Meta["io.modelcontextprotocol/protocolVersion"] != DefaultProtocolVersion {
				t.Errorf("payload %s", body)
			}
		})
	}
}

func TestSecondCallEchoesMcpSessionID(t *testing.T) {
	_, rec, _ := startAgentCore(t, agentcoreOptions{})
	c, err := NewClient(ctxT(t), Target{ARN: testARN})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.Call(ctxT(t), "tools/list", nil); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := rec.last(t)
	if r.Header.Get("Mcp-Session-Id") != "platform-session-1" {
		t.Errorf("Mcp-Session-Id not echoed: %q", r.Header.Get("Mcp-Session-Id"))
	}
}

func TestCallToolSigV4(t *testing.T) {
	for _, sse := range []bool{false, true} {
		t.Run(fmt.Sprintf("sse=%v", sse), func(t *testing.T) {
			_, rec, _ := startAgentCore(t, agentcoreOptions{sse: sse})
			c, err := NewClient(ctxT(t), Target{ARN: testARN})
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.CallTool(ctxT(t), "zia_list_locations", json.RawMessage(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			if res.IsError || strings.TrimSpace(res.Text()) == "" {
				t.Fatalf("tool result (isError=%v): %.300s", res.IsError, res.Text())
			}
			if len(res.StructuredContent) == 0 {
				t.Error("no structured content")
			}
			r, _ := rec.last(t)
			if r.Header.Get("Mcp-Method") != "tools/call" || r.Header.Get("Mcp-Name") != "zia_list_locations" {
				t.Errorf("routing headers %q %q", r.Header.Get("Mcp-Method"), r.Header.Get("Mcp-Name"))
			}
		})
	}
}

func TestUnknownToolIsAnError(t *testing.T) {
	startAgentCore(t, agentcoreOptions{})
	c, err := NewClient(ctxT(t), Target{ARN: testARN})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CallTool(ctxT(t), "no_such_tool", nil)
	// The server answers HTTP 400 with a JSON-RPC error; the client must
	// surface the JSON-RPC error, not an opaque SDK error.
	var e *Error
	if !errors.As(err, &e) || e.Code != -32602 || !strings.Contains(e.Error(), "no_such_tool") || !strings.Contains(e.Fix, "--list-tools") {
		t.Fatalf("error %v", err)
	}
}

func TestRawPayload(t *testing.T) {
	startAgentCore(t, agentcoreOptions{sse: true})
	c, err := NewClient(ctxT(t), Target{ARN: testARN, ProtocolVersion: "2025-06-18"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Send(ctxT(t), []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	final, ok := resp.Final(json.RawMessage("7"))
	if !ok || final.Error != nil || !strings.Contains(string(final.Result), `"tools"`) {
		t.Fatalf("final %+v messages %d", final, len(resp.Messages))
	}
	if len(resp.Messages) != 2 {
		t.Errorf("the SSE body has a notification and a response, parsed %d messages", len(resp.Messages))
	}
}

func TestSmokeTest(t *testing.T) {
	_, _, want := startAgentCore(t, agentcoreOptions{})
	n, err := SmokeTest(ctxT(t), Target{ARN: testARN})
	if err != nil || n != want {
		t.Fatalf("SmokeTest = %d, %v; want %d", n, err, want)
	}
}

func TestBearerMode(t *testing.T) {
	ts, rec, want := startAgentCore(t, agentcoreOptions{bearer: "good-token"})
	t.Run("ok via -H Authorization", func(t *testing.T) {
		c, err := NewClient(ctxT(t), Target{ARN: testARN, HTTPClient: ts.Client(),
			Headers: http.Header{"Authorization": {"Bearer good-token"}}})
		if err != nil {
			t.Fatal(err)
		}
		tools, err := c.ListTools(ctxT(t))
		if err != nil || len(tools) != want {
			t.Fatalf("%d tools, %v", len(tools), err)
		}
		r, _ := rec.last(t)
		if r.Header.Get("Mcp-Method") != "tools/list" || len(r.Header.Get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")) < 33 {
			t.Errorf("headers %v", r.Header)
		}
	})
	t.Run("bad token maps to 401", func(t *testing.T) {
		c, err := NewClient(ctxT(t), Target{ARN: testARN, HTTPClient: ts.Client(), BearerToken: "stale"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListTools(ctxT(t))
		var e *Error
		if !errors.As(err, &e) || e.Status != 401 || !strings.Contains(e.Error(), "doctor --jwt") || !strings.Contains(e.Error(), "oauth-protected-resource") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("no token over SigV4 maps to JWT needed", func(t *testing.T) {
		// The same endpoint over the SDK: SigV4 is refused with 401 + resource_metadata.
		t.Setenv("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", ts.URL)
		c, err := NewClient(ctxT(t), Target{ARN: testARN, HTTPClient: ts.Client()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListTools(ctxT(t))
		var e *Error
		if !errors.As(err, &e) || e.Status != 401 || !strings.Contains(e.Fix, "a JWT is needed") || !strings.Contains(e.Call, "InvokeAgentRuntime") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("bearer refuses plain http", func(t *testing.T) {
		if _, err := NewClient(ctxT(t), Target{ARN: testARN, BearerToken: "x", Endpoint: "http://127.0.0.1:1"}); err == nil {
			t.Fatal("a bearer token may not be sent over http")
		}
	})
}

// errorEndpoint answers every invocation with a fixed status, headers and body.
func errorEndpoint(t *testing.T, status int, header map[string]string, body string) {
	t.Helper()
	isolateAWS(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", ts.URL)
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   []string
	}{
		{"403 without WWW-Authenticate", 403, map[string]string{"X-Amzn-ErrorType": "AccessDeniedException", "Content-Type": "application/json"},
			`{"message":"User is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime"}`,
			[]string{"InvokeAgentRuntime (tools/list)", "SigV4 identity is not allowed", "grant the caller bedrock-agentcore:InvokeAgentRuntime on " + testARN}},
		{"401 with resource_metadata", 401, map[string]string{"X-Amzn-ErrorType": "UnauthorizedException", "Content-Type": "application/json",
			"WWW-Authenticate": `Bearer resource_metadata="https://example/.well-known/oauth-protected-resource"`},
			`{"message":"Unauthorized"}`, []string{"JWT authorizer", "a JWT is needed", "--bearer-token"}},
		{"authorization method mismatch", 400, map[string]string{"X-Amzn-ErrorType": "ValidationException", "Content-Type": "application/json"},
			`{"message":"Authorization method mismatch"}`, []string{"--bearer-token"}},
		{"-32010 as JSON-RPC", 200, map[string]string{"Content-Type": "application/json"},
			`{"jsonrpc":"2.0","id":1,"error":{"code":-32010,"message":"Runtime health check failed or timed out"}}`,
			[]string{"-32010", "health check failed", HealthProbeDoc}},
		{"-32010 in SSE", 200, map[string]string{"Content-Type": "text/event-stream"},
			"data: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32010,\"message\":\"Runtime health check failed or timed out\"}}\n\n",
			[]string{"-32010", HealthProbeDoc}},
		{"500 runtime error", 500, map[string]string{"X-Amzn-ErrorType": "RuntimeClientError", "Content-Type": "application/json"},
			`{"message":"container exited"}`, []string{"container failed", "agentcore logs"}},
		{"404", 404, map[string]string{"X-Amzn-ErrorType": "ResourceNotFoundException", "Content-Type": "application/json"},
			`{"message":"runtime not found"}`, []string{"no such runtime", "ARN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errorEndpoint(t, tc.status, tc.header, tc.body)
			c, err := NewClient(ctxT(t), Target{ARN: testARN})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err = c.ListTools(ctx)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error, got %T %v", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, e.Error())
				}
			}
		})
	}
}

func TestTargetChecks(t *testing.T) {
	isolateAWS(t)
	bad := []Target{
		{ARN: "arn:aws:lambda:us-east-1:1:function:x"},
		{ARN: testARN, SessionID: "short"},
		{ARN: testARN, Region: "eu-west-1"},
		{ARN: testARN, Headers: http.Header{"X-Amz-Security-Token": {"x"}}},
		{ARN: testARN, Headers: http.Header{"X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": {strings.Repeat("a", 40)}}},
		{ARN: testARN, Headers: http.Header{"Authorization": {"Basic abc"}}},
	}
	for _, tg := range bad {
		if _, err := NewClient(ctxT(t), tg); err == nil {
			t.Errorf("NewClient(%+v) accepted", tg)
		}
	}
	if _, _, err := ParseHeader("X-Api-Key: sk-1"); err != nil {
		t.Error(err)
	}
	if _, _, err := ParseHeader("no colon"); err == nil {
		t.Error("a header without a colon was accepted")
	}
	if got := InvokeURL("https://bedrock-agentcore.us-east-1.amazonaws.com", testARN, ""); got !=
		"https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fzscalermcp-AbCdEf1234/invocations?qualifier=DEFAULT" {
		t.Errorf("InvokeURL = %s", got)
	}
	if id := NewSessionID(); len(id) < MinSessionIDLen || id == NewSessionID() {
		t.Errorf("session id %q", id)
	}
}

func TestParseBody(t *testing.T) {
	sse := "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":1}}\n\n" +
		"data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n" +
		"data: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"a\":2}}\n\n"
	msgs, err := ParseBody("text/event-stream; charset=utf-8", []byte(sse))
	if err != nil || len(msgs) != 3 {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	r := &Response{Messages: msgs}
	if f, _ := r.Final(nil); string(f.Result) != `{"a":2}` {
		t.Errorf("last response wins: %s", f.Result)
	}
	if f, _ := r.Final(json.RawMessage("1")); string(f.Result) != `{"a":1}` {
		t.Errorf("matching id wins: %s", f.Result)
	}
	if _, err := ParseBody("application/json", []byte("<html>")); err == nil {
		t.Error("HTML parsed as JSON-RPC")
	}
	msgs, err = ParseBody("application/json", []byte(`[{"jsonrpc":"2.0","id":1,"result":{}}]`))
	if err != nil || len(msgs) != 1 {
		t.Errorf("batch: %d %v", len(msgs), err)
	}
}
