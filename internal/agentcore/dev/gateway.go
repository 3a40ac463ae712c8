package dev

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// ToolSeparator joins a Gateway target's name and a tool's name in the
// names the Gateway lists (AgentCore's naming: <target>___<tool>).
const ToolSeparator = "___"

// GatewayOptions configure a Gateway emulation.
type GatewayOptions struct {
	// Inputs is the deployment configuration (Resolved is applied): the
	// Gateway's inbound authorizer, the outbound auth, the target's name and
	// the tool policy of its schema.
	Inputs template.Inputs
	// RuntimeURL is the emulated runtime's invoke URL (Ingress.InvokePath on
	// its listener): where tools/call is forwarded.
	RuntimeURL string
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
}

// Gateway emulates an AgentCore Gateway with one mcpServer target in front
// of the emulated runtime: its CUSTOM_JWT inbound authorizer is the one the
// template generates (evaluated from it, so the claim matcher is the
// template's for the IdP); tools/list is answered from the tool schema the
// template uploads (SchemaUpfront: the runtime is not asked); tools/call is
// forwarded to the runtime with the outbound auth chosen (none for iam — the
// local runtime stands for SigV4 by trusting the local user, and refuses a
// bearer-less call in jwt mode as AgentCore would refuse the signed one —, a
// client-credentials token from the IdP's token endpoint for oauth). It is
// an http.Handler serving /mcp.
type Gateway struct {
	in         template.Inputs
	auth       *template.Authorizer
	outbound   string
	target     string
	runtimeURL string
	hc         *http.Client
	now        func() time.Time
	log        *slog.Logger
	oidc       *oidc
	tools      []map[string]any
	names      map[string]bool // the runtime's tool names

	mu       sync.Mutex
	token    string // oauth: the provider's cached token
	tokenExp time.Time
}

// NewGateway builds the emulation; it reads the inbound IdP's discovery
// document and JWKS, as the Gateway does.
func NewGateway(ctx context.Context, o GatewayOptions) (*Gateway, error) {
	in, _ := o.Inputs.Resolved()
	if !in.Gateway.Enabled() {
		return nil, errors.New("no Gateway configured: set --gateway-mode create (or attach) and the Gateway's inbound settings")
	}
	if problem := template.OutboundAuthProblem(in.Gateway.OutboundAuth); problem != "" {
		return nil, &template.Error{Problems: []string{problem}}
	}
	auth, err := in.GatewayAuthorizer()
	if err != nil {
		return nil, err
	}
	g := &Gateway{in: in, auth: auth, outbound: in.Gateway.OutboundAuth, target: in.Gateway.TargetName, runtimeURL: o.RuntimeURL,
		hc: o.HTTPClient, now: o.Now, log: o.Logger, names: map[string]bool{}}
	if g.hc == nil {
		g.hc = http.DefaultClient
	}
	if g.now == nil {
		g.now = time.Now
	}
	if g.log == nil {
		g.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if g.oidc, err = loadOIDC(ctx, g.hc, auth.DiscoveryURL); err != nil {
		return nil, fmt.Errorf("the Gateway's inbound authorizer: %w", err)
	}
	if g.outbound == template.OutboundOAuth {
		switch {
		case in.Gateway.ProviderARN != "":
			return nil, errors.New("outbound auth oauth with an existing credential provider (GATEWAY_OAUTH_PROVIDER_ARN) cannot be emulated locally: give the client id and secret (GATEWAY_OAUTH_CLIENT_ID, GATEWAY_OAUTH_CLIENT_SECRET) instead")
		case len(in.Gateway.ClientIDs) == 0 || in.Gateway.ClientSecret == "":
			return nil, errors.New("outbound auth oauth needs GATEWAY_OAUTH_CLIENT_ID and GATEWAY_OAUTH_CLIENT_SECRET")
		case g.oidc.tokenEndpoint == "":
			return nil, fmt.Errorf("outbound auth oauth: the discovery document %s names no token_endpoint", auth.DiscoveryURL)
		}
	}
	// The schema the template uploads, under the names the Gateway gives.
	schema, err := in.ToolSchema()
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(schema, &g.tools); err != nil {
		return nil, err
	}
	for _, t := range g.tools {
		name, _ := t["name"].(string)
		g.names[name] = true
		t["name"] = g.target + ToolSeparator + name
	}
	return g, nil
}

// SetRuntimeURL names the runtime's invoke URL, for a runtime ingress that
// listens after the Gateway is built.
func (g *Gateway) SetRuntimeURL(u string) { g.runtimeURL = u }

// Target is the target's name, the prefix of the tools' names.
func (g *Gateway) Target() string { return g.target }

// OutboundAuth is the outbound auth emulated.
func (g *Gateway) OutboundAuth() string { return g.outbound }

// Authorizer is the inbound authorizer applied (the template's, evaluated).
func (g *Gateway) Authorizer() *template.Authorizer { return g.auth }

type rpcRequest struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params,omitempty"`
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; p != "/mcp" && p != "/mcp/" {
		writeJSON(w, http.StatusNotFound, "ResourceNotFoundException", "the Gateway's MCP endpoint is POST /mcp")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, "", "only POST is served")
		return
	}
	status, challenge, reason := g.authenticate(r.Header.Get("Authorization"))
	if status != 0 {
		g.log.Info("dev gateway: refused", "status", status, "reason", reason)
		w.Header().Set("WWW-Authenticate", challenge)
		writeRPCError(w, status, nil, -32001, reason)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		writeRPCError(w, http.StatusBadRequest, nil, -32700, "cannot read the body")
		return
	}
	var req rpcRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Method == "" {
		writeRPCError(w, http.StatusBadRequest, nil, -32600, "not a JSON-RPC request")
		return
	}
	if len(req.ID) == 0 { // a notification
		w.WriteHeader(http.StatusAccepted)
		return
	}
	switch req.Method {
	case "initialize":
		var p struct {
			ProtocolVersion string `json:"protocolVersion"`
		}
		_ = json.Unmarshal(req.Params, &p)
		version := g.in.Gateway.MCPVersions[0]
		if slices.Contains(g.in.Gateway.MCPVersions, p.ProtocolVersion) {
			version = p.ProtocolVersion
		}
		writeResult(w, req.ID, map[string]any{"protocolVersion": version,
			"capabilities": map[string]any{"tools": map[string]any{"listChanged": false}},
			"serverInfo":   map[string]any{"name": g.in.Gateway.Name, "version": "agentcore-dev"}})
	case "ping":
		writeResult(w, req.ID, map[string]any{})
	case "tools/list":
		writeResult(w, req.ID, map[string]any{"tools": g.tools})
	case "tools/call":
		g.call(w, r, req)
	default:
		writeRPCError(w, http.StatusOK, req.ID, -32601, "method "+req.Method+" is not served by the Gateway")
	}
}

// authenticate is the CUSTOM_JWT authorizer: 0 when the token passes;
// else 401 (no token, bad signature, issuer, lifetime, audience) or 403
// insufficient_scope (the client or scope matchers), with the challenge.
func (g *Gateway) authenticate(authz string) (int, string, string) {
	unauthorized := func(reason string) (int, string, string) {
		return http.StatusUnauthorized, `Bearer error="invalid_token", error_description="` + strings.ReplaceAll(reason, `"`, `'`) + `"`, reason
	}
	if authz == "" {
		return http.StatusUnauthorized, `Bearer`, "no Authorization header"
	}
	if len(authz) < 7 || !strings.EqualFold(authz[:7], "bearer ") {
		return unauthorized("the Authorization header is not a Bearer token")
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(authz[7:]), claims, g.oidc.keys.Keyfunc,
		jwt.WithValidMethods([]string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"}),
		jwt.WithIssuer(g.oidc.issuer), jwt.WithExpirationRequired(), jwt.WithTimeFunc(g.now))
	if err != nil {
		return unauthorized("invalid token: " + err.Error())
	}
	u, f := g.auth.Check(claims)
	if len(u) > 0 {
		return unauthorized(strings.Join(u, "; "))
	}
	if len(f) > 0 {
		reason := strings.Join(f, "; ")
		return http.StatusForbidden, `Bearer error="insufficient_scope", error_description="` + strings.ReplaceAll(reason, `"`, `'`) + `"`, "insufficient_scope: " + reason
	}
	return 0, "", ""
}

// call forwards tools/call to the runtime under the tool's own name.
func (g *Gateway) call(w http.ResponseWriter, r *http.Request, req rpcRequest) {
	var p map[string]any
	if err := json.Unmarshal(req.Params, &p); err != nil {
		writeRPCError(w, http.StatusOK, req.ID, -32602, "tools/call needs params")
		return
	}
	name, _ := p["name"].(string)
	tool, ok := strings.CutPrefix(name, g.target+ToolSeparator)
	if !ok || !g.names[tool] {
		writeRPCError(w, http.StatusOK, req.ID, -32602, fmt.Sprintf("unknown tool %q: the Gateway lists %s%s<tool> names", name, g.target, ToolSeparator))
		return
	}
	p["name"] = tool
	out, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": req.ID, "method": "tools/call", "params": p})
	fwd, err := http.NewRequestWithContext(r.Context(), http.MethodPost, g.runtimeURL, bytes.NewReader(out))
	if err != nil {
		writeRPCError(w, http.StatusOK, req.ID, -32603, err.Error())
		return
	}
	fwd.Header.Set("Content-Type", "application/json")
	fwd.Header.Set("Accept", "application/json, text/event-stream")
	fwd.Header.Set("MCP-Protocol-Version", "2025-11-25")
	switch g.outbound {
	case template.OutboundOAuth:
		tok, err := g.providerToken(r.Context())
		if err != nil {
			writeRPCError(w, http.StatusOK, req.ID, -32603, "target "+g.target+": the OAuth2 credential provider got no token: "+err.Error())
			return
		}
		fwd.Header.Set("Authorization", "Bearer "+tok)
	case template.OutboundIAM:
		// SigV4 with the Gateway's role: the local runtime trusts it.
	}
	resp, err := g.hc.Do(fwd)
	if err != nil {
		writeRPCError(w, http.StatusOK, req.ID, -32603, "target "+g.target+": the runtime did not answer: "+err.Error())
		return
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		writeRPCError(w, http.StatusOK, req.ID, -32603, fmt.Sprintf("target %s: the runtime's answer broke off after %d bytes: %v", g.target, len(rb), err))
		return
	}
	if resp.StatusCode != http.StatusOK {
		writeRPCError(w, http.StatusOK, req.ID, -32603, fmt.Sprintf("target %s: the runtime refused the call (%s outbound auth): HTTP %d: %s",
			g.target, g.outbound, resp.StatusCode, strings.TrimSpace(string(rb))))
		return
	}
	msg := rpcBody(resp.Header.Get("Content-Type"), rb)
	if msg == nil {
		writeRPCError(w, http.StatusOK, req.ID, -32603, "target "+g.target+": the runtime's answer is not JSON-RPC")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(msg)
}

// rpcBody is the JSON-RPC response in a JSON or SSE body.
func rpcBody(contentType string, body []byte) []byte {
	if !strings.HasPrefix(contentType, "text/event-stream") {
		if json.Valid(body) {
			return body
		}
		return nil
	}
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data:"); ok && json.Valid([]byte(strings.TrimSpace(data))) {
			last = []byte(strings.TrimSpace(data))
		}
	}
	return last
}

// providerToken is what the OAuth2 credential provider would get: a
// client_credentials token for the first client id, from the IdP.
func (g *Gateway) providerToken(ctx context.Context) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.token != "" && g.now().Before(g.tokenExp) {
		return g.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(g.in.Gateway.ProviderScopes) > 0 {
		form.Set("scope", strings.Join(g.in.Gateway.ProviderScopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.oidc.tokenEndpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(g.in.Gateway.ClientIDs[0]), url.QueryEscape(g.in.Gateway.ClientSecret))
	resp, err := g.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token endpoint %s: HTTP %d", g.oidc.tokenEndpoint, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("token endpoint %s: no access_token", g.oidc.tokenEndpoint)
	}
	g.token, g.tokenExp = out.AccessToken, g.now().Add(time.Duration(max(out.ExpiresIn-30, 0))*time.Second)
	return g.token, nil
}

// oidc is what an authorizer reads from the IdP.
type oidc struct {
	issuer, jwksURI, tokenEndpoint string
	keys                           keyfunc.Keyfunc
}

func loadOIDC(ctx context.Context, hc *http.Client, discovery string) (*oidc, error) {
	if discovery == "" {
		return nil, errors.New("no discovery URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, discovery, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading the discovery document %s (the authorizer needs it): %w", discovery, err)
	}
	defer resp.Body.Close()
	var doc struct {
		Issuer        string `json:"issuer"`
		JWKSURI       string `json:"jwks_uri"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading the discovery document %s: HTTP %d", discovery, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&doc); err != nil || doc.Issuer == "" || doc.JWKSURI == "" {
		return nil, fmt.Errorf("%s is not an OpenID discovery document with issuer and jwks_uri", discovery)
	}
	kf, err := keyfunc.NewDefaultCtx(ctx, []string{doc.JWKSURI})
	if err != nil {
		return nil, fmt.Errorf("reading the JWKS %s: %w", doc.JWKSURI, err)
	}
	return &oidc{issuer: doc.Issuer, jwksURI: doc.JWKSURI, tokenEndpoint: doc.TokenEndpoint, keys: kf}, nil
}

func writeResult(w http.ResponseWriter, id json.RawMessage, result any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
}

func writeRPCError(w http.ResponseWriter, status int, id json.RawMessage, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	var rid any = id
	if len(id) == 0 {
		rid = nil
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": rid, "error": map[string]any{"code": code, "message": msg}})
}
