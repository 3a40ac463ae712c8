package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	ac "github.com/aws/aws-sdk-go-v2/service/bedrockagentcore"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// maxResponse bounds a response body held in memory.
const maxResponse = 64 << 20

// Client invokes one runtime. It keeps the runtime session id and echoes
// the Mcp-Session-Id the runtime returns, so consecutive calls land on the
// same microVM. Safe for concurrent use.
type Client struct {
	t        Target
	ac       *ac.Client
	hc       *http.Client
	endpoint string

	mu     sync.Mutex
	nextID int
	mcpSID string
}

// NewClient checks the target and prepares the SigV4 (SDK) or bearer
// transport.
func NewClient(ctx context.Context, t Target) (*Client, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	c := &Client{t: t, hc: t.HTTPClient}
	if c.hc == nil {
		c.hc = http.DefaultClient
	}
	if t.BearerToken != "" {
		ep, err := t.endpoint()
		if err != nil {
			return nil, err
		}
		c.endpoint = ep
		return c, nil
	}
	var cfg aws.Config
	if t.AWS != nil {
		cfg = t.AWS.Copy()
		if cfg.Region == "" {
			cfg.Region = t.Region
		}
	} else {
		var err error
		if cfg, err = LoadAWS(ctx, t.Region, t.Profile); err != nil {
			return nil, err
		}
	}
	c.ac = ac.NewFromConfig(cfg, func(o *ac.Options) {
		o.Region = t.Region
		if t.HTTPClient != nil {
			o.HTTPClient = t.HTTPClient
		}
		if len(t.Headers) > 0 {
			o.APIOptions = append(o.APIOptions, addHeaders(t.Headers))
		}
		o.APIOptions = append(o.APIOptions, passJSONRPCErrors)
	})
	return c, nil
}

// SessionID is the runtime session id the client sends.
func (c *Client) SessionID() string { return c.t.SessionID }

// Bearer reports whether the client uses a bearer token.
func (c *Client) Bearer() bool { return c.t.BearerToken != "" }

// addHeaders adds the -H headers before the request is signed, so they
// are covered by the SigV4 signature.
func addHeaders(h http.Header) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Build.Add(middleware.BuildMiddlewareFunc("zscalerMCPExtraHeaders",
			func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				if req, ok := in.Request.(*smithyhttp.Request); ok {
					for k, vs := range h {
						for _, v := range vs {
							req.Header.Add(k, v)
						}
					}
				}
				return next.HandleBuild(ctx, in)
			}), middleware.After)
	}
}

// passJSONRPCErrors lets a JSON-RPC error answer through as a response:
// the MCP server answers an unknown method or tool with HTTP 4xx and a
// JSON-RPC body, which the SDK would otherwise turn into an opaque
// "UnknownError". Other error answers go to the SDK's error handling.
func passJSONRPCErrors(s *middleware.Stack) error {
	return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("zscalerMCPJSONRPCErrors",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if err != nil {
				return out, md, err
			}
			resp, ok := out.RawResponse.(*smithyhttp.Response)
			if !ok || resp.StatusCode < 400 || resp.StatusCode >= 500 || resp.Header.Get("X-Amzn-ErrorType") != "" {
				return out, md, err
			}
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
			resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if rerr != nil {
				return out, md, nil
			}
			if msgs, perr := ParseBody(resp.Header.Get("Content-Type"), body); perr == nil && len(msgs) > 0 && msgs[len(msgs)-1].Error != nil {
				resp.StatusCode = 200
				if resp.Header.Get("Content-Type") == "" {
					resp.Header.Set("Content-Type", "application/json")
				}
			}
			return out, md, nil
		}), middleware.After)
}

// routing extracts the Mcp-Method / Mcp-Name routing values of a payload.
func routing(payload []byte) (method, name string, id json.RawMessage) {
	var m struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params struct {
			Name string `json:"name"`
			URI  string `json:"uri"`
		} `json:"params"`
	}
	if json.Unmarshal(payload, &m) != nil {
		return "", "", nil
	}
	switch m.Method {
	case "tools/call", "prompts/get":
		name = m.Params.Name
	case "resources/read":
		name = m.Params.URI
	}
	return m.Method, name, m.ID
}

// Send posts one raw JSON-RPC payload and parses the answer. A non-2xx
// answer is an *Error; a JSON-RPC error inside a 2xx answer is not (see
// Call).
func (c *Client) Send(ctx context.Context, payload []byte) (*Response, error) {
	if !json.Valid(payload) {
		return nil, fmt.Errorf("the payload is not valid JSON: %s", snippet(payload))
	}
	method, name, _ := routing(payload)
	call := "bedrock-agentcore:InvokeAgentRuntime"
	if c.Bearer() {
		call = "POST " + InvokeURL(c.endpoint, c.t.ARN, c.t.Qualifier)
	}
	if method != "" {
		call += " (" + method + ")"
	}
	c.mu.Lock()
	mcpSID := c.mcpSID
	c.mu.Unlock()

	var resp *Response
	var err error
	if c.Bearer() {
		resp, err = c.sendBearer(ctx, call, payload, method, name, mcpSID)
	} else {
		resp, err = c.sendSigV4(ctx, call, payload, method, name, mcpSID)
	}
	if err != nil {
		return nil, err
	}
	if resp.McpSessionID != "" {
		c.mu.Lock()
		c.mcpSID = resp.McpSessionID
		c.mu.Unlock()
	}
	msgs, perr := ParseBody(resp.ContentType, resp.Body)
	resp.Messages = msgs
	if perr != nil {
		if isHealthFailure(string(resp.Body)) {
			return resp, &Error{Call: call, Status: resp.Status, Cause: "the runtime health check failed or timed out: " + snippet(resp.Body), Fix: healthFix}
		}
		return resp, &Error{Call: call, Status: resp.Status, Err: perr,
			Cause: fmt.Sprintf("the answer (%s) is not JSON-RPC: %v", resp.ContentType, perr),
			Fix:   "check that the runtime runs this server with ServerProtocol MCP (`zscaler-mcp agentcore status`) and read its log"}
	}
	return resp, nil
}

func (c *Client) sendSigV4(ctx context.Context, call string, payload []byte, method, name, mcpSID string) (*Response, error) {
	in := &ac.InvokeAgentRuntimeInput{
		AgentRuntimeArn:    aws.String(c.t.ARN),
		Qualifier:          aws.String(c.t.Qualifier),
		RuntimeSessionId:   aws.String(c.t.SessionID),
		ContentType:        aws.String("application/json"),
		Accept:             aws.String(acceptBoth),
		McpProtocolVersion: aws.String(c.t.ProtocolVersion),
		Payload:            payload,
	}
	if method != "" {
		in.McpMethod = aws.String(method)
	}
	if name != "" {
		in.McpName = aws.String(name)
	}
	if mcpSID != "" {
		in.McpSessionId = aws.String(mcpSID)
	}
	out, err := c.ac.InvokeAgentRuntime(ctx, in)
	if err != nil {
		return nil, sdkFailure(call, c.t.ARN, err)
	}
	defer out.Response.Close()
	body, err := io.ReadAll(io.LimitReader(out.Response, maxResponse))
	if err != nil {
		return nil, &Error{Call: call, Cause: "reading the response: " + err.Error(), Err: err}
	}
	r := &Response{Status: 200, Body: body, ContentType: aws.ToString(out.ContentType),
		McpSessionID: aws.ToString(out.McpSessionId), SessionID: aws.ToString(out.RuntimeSessionId)}
	if out.StatusCode != nil {
		r.Status = int(*out.StatusCode)
	}
	return r, nil
}

func (c *Client) sendBearer(ctx context.Context, call string, payload []byte, method, name, mcpSID string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, InvokeURL(c.endpoint, c.t.ARN, c.t.Qualifier), bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	for k, vs := range c.t.Headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Authorization", "Bearer "+c.t.BearerToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", acceptBoth)
	req.Header.Set(sessionHeader, c.t.SessionID)
	req.Header.Set("Mcp-Protocol-Version", c.t.ProtocolVersion)
	if method != "" {
		req.Header.Set("Mcp-Method", method)
	}
	if name != "" {
		req.Header.Set("Mcp-Name", name)
	}
	if mcpSID != "" {
		req.Header.Set("Mcp-Session-Id", mcpSID)
	}
	hr, err := c.hc.Do(req)
	if err != nil {
		return nil, &Error{Call: call, Cause: err.Error(), Err: err,
			Fix: "check the network path to bedrock-agentcore in the runtime's region"}
	}
	defer hr.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hr.Body, maxResponse))
	if err != nil {
		return nil, &Error{Call: call, Cause: "reading the response: " + err.Error(), Err: err}
	}
	if hr.StatusCode/100 != 2 {
		code, msg := awsErrorBody(hr.Header, body)
		return nil, httpFailure(call, c.t.ARN, hr.StatusCode, hr.Header, code, msg, true, nil)
	}
	return &Response{Status: hr.StatusCode, Body: body, ContentType: hr.Header.Get("Content-Type"),
		McpSessionID: hr.Header.Get("Mcp-Session-Id"), SessionID: hr.Header.Get(sessionHeader)}, nil
}

// awsErrorBody reads a REST-JSON error: X-Amzn-ErrorType or __type/code,
// and message/Message; a JSON-RPC error body is kept as the message.
func awsErrorBody(h http.Header, body []byte) (code, msg string) {
	code = h.Get("X-Amzn-ErrorType")
	code, _, _ = strings.Cut(code, ":")
	var m struct {
		Type     string    `json:"__type"`
		Code     string    `json:"code"`
		Message  string    `json:"message"`
		Message2 string    `json:"Message"`
		Error    *RPCError `json:"error"`
	}
	if json.Unmarshal(body, &m) == nil {
		if code == "" {
			code = m.Type
			if i := strings.LastIndex(code, "#"); i >= 0 {
				code = code[i+1:]
			}
		}
		msg = m.Message + m.Message2
		if m.Error != nil {
			msg = fmt.Sprintf("%d %s", m.Error.Code, m.Error.Message)
		}
	}
	if msg == "" {
		msg = snippet(body)
	}
	return code, msg
}

// Call sends one request and returns its result; a JSON-RPC error becomes
// an *Error naming the cause and the fix.
func (c *Client) Call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.mu.Unlock()
	payload, err := c.Request(id, method, params)
	if err != nil {
		return nil, err
	}
	resp, err := c.Send(ctx, payload)
	if err != nil {
		return nil, err
	}
	call := "bedrock-agentcore:InvokeAgentRuntime (" + method + ")"
	final, ok := resp.Final(json.RawMessage(fmt.Sprint(id)))
	if !ok {
		return nil, &Error{Call: call, Status: resp.Status,
			Cause: fmt.Sprintf("the answer held no JSON-RPC response (%d messages, %s): %s", len(resp.Messages), resp.ContentType, snippet(resp.Body)),
			Fix:   "read the container log (`zscaler-mcp agentcore logs --since 15m`)"}
	}
	if final.Error != nil {
		return nil, rpcFailure(call, final.Error)
	}
	return final.Result, nil
}

// Request builds a JSON-RPC request. For 2026-07-28 and later the
// revision, capabilities and client info travel in params._meta.
func (c *Client) Request(id int, method string, params any) ([]byte, error) {
	p := map[string]any{}
	if params != nil {
		raw, err := json.Marshal(params)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("params of %s must be a JSON object: %w", method, err)
		}
	}
	if c.t.ProtocolVersion >= "2026-07-28" {
		meta, _ := p["_meta"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
		}
		meta["io.modelcontextprotocol/protocolVersion"] = c.t.ProtocolVersion
		meta["io.modelcontextprotocol/clientCapabilities"] = map[string]any{}
		meta["io.modelcontextprotocol/clientInfo"] = map[string]any{"name": "zscaler-mcp-agentcore-invoke", "version": "1"}
		p["_meta"] = meta
	}
	return json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": p})
}

// Tool is one entry of tools/list.
type Tool struct {
	Name        string          `json:"name"`
	Title       string          `json:"title,omitempty"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"inputSchema,omitempty"`
	Annotations json.RawMessage `json:"annotations,omitempty"`
}

// maxPages stops a server that never stops paging.
const maxPages = 1000

// ListTools calls tools/list, following nextCursor.
func (c *Client) ListTools(ctx context.Context) ([]Tool, error) {
	var all []Tool
	cursor := ""
	seen := map[string]bool{}
	for page := 0; ; page++ {
		var params any
		if cursor != "" {
			params = map[string]any{"cursor": cursor}
		}
		res, err := c.Call(ctx, "tools/list", params)
		if err != nil {
			return nil, err
		}
		var r struct {
			Tools      []Tool `json:"tools"`
			NextCursor string `json:"nextCursor"`
		}
		if err := json.Unmarshal(res, &r); err != nil {
			return nil, fmt.Errorf("tools/list: the result is not a tool list: %w", err)
		}
		all = append(all, r.Tools...)
		if r.NextCursor == "" {
			return all, nil
		}
		if seen[r.NextCursor] || page >= maxPages {
			return all, fmt.Errorf("tools/list: the server repeated cursor %q; stopping after %d tools", r.NextCursor, len(all))
		}
		seen[r.NextCursor] = true
		cursor = r.NextCursor
	}
}

// ToolResult is a tools/call result.
type ToolResult struct {
	Content []struct {
		Type string `json:"type"`
		Text string `json:"text,omitempty"`
	} `json:"content"`
	StructuredContent json.RawMessage `json:"structuredContent,omitempty"`
	IsError           bool            `json:"isError,omitempty"`
	Raw               json.RawMessage `json:"-"`
}

// Text joins the text content blocks.
func (r *ToolResult) Text() string {
	var parts []string
	for _, c := range r.Content {
		if c.Type == "text" {
			parts = append(parts, c.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// CallTool calls tools/call with JSON arguments (an object; empty = {}).
func (c *Client) CallTool(ctx context.Context, name string, args json.RawMessage) (*ToolResult, error) {
	if len(bytes.TrimSpace(args)) == 0 {
		args = json.RawMessage(`{}`)
	}
	var obj map[string]any
	if err := json.Unmarshal(args, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("--args must be a JSON object, e.g. '{\"name\":\"x\"}': %s", snippet(args))
	}
	res, err := c.Call(ctx, "tools/call", map[string]any{"name": name, "arguments": obj})
	if err != nil {
		return nil, err
	}
	var r ToolResult
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, fmt.Errorf("tools/call %s: the result is not a tool result: %w", name, err)
	}
	r.Raw = res
	return &r, nil
}

// SmokeTest lists the runtime's tools through InvokeAgentRuntime (or the
// bearer URL when the target has a token) and returns how many there are.
// deploy calls it once the runtime is READY.
func SmokeTest(ctx context.Context, t Target) (int, error) {
	c, err := NewClient(ctx, t)
	if err != nil {
		return 0, err
	}
	tools, err := c.ListTools(ctx)
	if err != nil {
		return 0, err
	}
	if len(tools) == 0 {
		return 0, &Error{Call: "bedrock-agentcore:InvokeAgentRuntime (tools/list)",
			Cause: "the runtime answered with no tools",
			Fix:   "check the tool policy (ZSCALER_MCP_DISABLED_SERVICES, ZSCALER_MCP_DISABLED_TOOLS) and the OneAPI entitlements in the container log (`zscaler-mcp agentcore logs`)"}
	}
	return len(tools), nil
}
