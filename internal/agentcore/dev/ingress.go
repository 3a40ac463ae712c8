// Package dev emulates the AgentCore Runtime data plane in front of a local
// MCP server, so that a deployment configuration (auth mode, header
// allowlist, JWT authorizer) can be tried before it is deployed.
//
// What is emulated: the invoke path, the runtime session id rules, the
// customJWTAuthorizer (signature through the discovery document's jwks_uri,
// issuer, expiry, allowed audience / clients / client claim, scopes — the
// claim rules are runtime.CheckJWT's, the ones doctor applies), the
// platform's 401 with WWW-Authenticate, the requestHeaderAllowlist, and the
// session headers the platform adds. What is not: SigV4. In the modes
// without a JWT authorizer the platform's IAM boundary is replaced by "the
// local user is trusted".
package dev

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/runtime"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// Header names the platform uses.
const (
	HeaderRuntimeSession = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"
	HeaderMCPSession     = "Mcp-Session-Id"
	// MaxPayloadBytes is the largest invocation payload AgentCore accepts.
	MaxPayloadBytes = 100 << 20
	// MinSessionIDLen is AgentCore's minimum runtime session id length.
	MinSessionIDLen = 33
	// DefaultARN names the emulated runtime when none is given.
	DefaultARN = "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/zscalermcp-dev"
)

// Options configure an Ingress.
type Options struct {
	// Inputs is the deployment configuration; Resolved is applied.
	Inputs template.Inputs
	// Upstream is the local MCP server's base URL (http://127.0.0.1:PORT);
	// requests are forwarded to its /mcp. Empty: set it with SetUpstream
	// before serving.
	Upstream string
	// RuntimeARN names the emulated runtime (default DefaultARN).
	RuntimeARN string
	// HTTPClient fetches the discovery document (default http.DefaultClient).
	HTTPClient *http.Client
	// Now is the clock for token lifetimes (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Ingress is the emulated data plane: an http.Handler.
type Ingress struct {
	in        template.Inputs
	arn       string
	region    string
	allow     []string
	upstream  *url.URL
	proxy     *httputil.ReverseProxy
	hc        *http.Client
	now       func() time.Time
	log       *slog.Logger
	keys      keyfunc.Keyfunc
	issuer    string
	discovery string
	jwksURI   string
}

// New builds the ingress. In jwt mode it reads the discovery document and
// the JWKS it names (both must be reachable) as the authorizer does.
func New(ctx context.Context, o Options) (*Ingress, error) {
	in, _ := o.Inputs.Resolved()
	allow, err := template.HeaderAllowlist(in.AuthMode)
	if err != nil {
		return nil, err
	}
	i := &Ingress{in: in, arn: o.RuntimeARN, allow: allow, hc: o.HTTPClient, now: o.Now, log: o.Logger}
	if o.Upstream != "" {
		if err := i.SetUpstream(o.Upstream); err != nil {
			return nil, err
		}
	}
	if i.arn == "" {
		i.arn = DefaultARN
	}
	if parts := strings.Split(i.arn, ":"); len(parts) > 3 && parts[3] != "" {
		i.region = parts[3]
	} else {
		i.region = in.Region
	}
	if i.hc == nil {
		i.hc = http.DefaultClient
	}
	if i.now == nil {
		i.now = time.Now
	}
	if i.log == nil {
		i.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if in.AuthMode == template.AuthJWT {
		if err := i.loadAuthorizer(ctx); err != nil {
			return nil, err
		}
	}
	i.proxy = &httputil.ReverseProxy{
		Rewrite:       i.rewrite,
		FlushInterval: -1, // stream SSE as it comes
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			i.log.Warn("dev ingress: the local server did not answer", "error", err)
			writeJSON(w, http.StatusBadGateway, "", "the local MCP server did not answer: "+err.Error())
		},
	}
	return i, nil
}

func (i *Ingress) loadAuthorizer(ctx context.Context) error {
	j := i.in.JWT
	if j.DiscoveryURL == "" {
		return errors.New("auth mode jwt needs the IdP's discovery URL or issuer (ZSCALER_MCP_AUTH_JWT_DISCOVERY_URL / ZSCALER_MCP_AUTH_ISSUER)")
	}
	o, err := loadOIDC(ctx, i.hc, j.DiscoveryURL)
	if err != nil {
		return err
	}
	i.issuer, i.discovery, i.jwksURI, i.keys = o.issuer, j.DiscoveryURL, o.jwksURI, o.keys
	return nil
}

// SetUpstream names the local MCP server requests are forwarded to, for a
// server that is started after the ingress (its issuer and JWKS configure
// it) on a port it chose itself. Call it before serving.
func (i *Ingress) SetUpstream(base string) error {
	up, err := url.Parse(base)
	if err != nil || up.Host == "" {
		return fmt.Errorf("upstream %q is not a URL", base)
	}
	i.upstream = up
	return nil
}

// InvokePath is the path and query a client posts to, as on AgentCore.
func (i *Ingress) InvokePath() string {
	return "/runtimes/" + url.QueryEscape(i.arn) + "/invocations?qualifier=DEFAULT"
}

// Allowlist is the header allowlist applied.
func (i *Ingress) Allowlist() []string { return append([]string(nil), i.allow...) }

// Issuer and JWKSURI are the discovery document's (jwt mode).
func (i *Ingress) Issuer() string  { return i.issuer }
func (i *Ingress) JWKSURI() string { return i.jwksURI }

// Inputs are the resolved inputs.
func (i *Ingress) Inputs() template.Inputs { return i.in }

// AuthMode is the resolved inbound auth mode.
func (i *Ingress) AuthMode() string { return i.in.AuthMode }

func (i *Ingress) resourceMetadata(qualifier string) string {
	if qualifier == "" {
		qualifier = "DEFAULT"
	}
	return fmt.Sprintf("https://bedrock-agentcore.%s.amazonaws.com/runtimes/%s/invocations/.well-known/oauth-protected-resource?qualifier=%s",
		i.region, url.QueryEscape(i.arn), url.QueryEscape(qualifier))
}

func (i *Ingress) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if i.upstream == nil {
		writeJSON(w, http.StatusServiceUnavailable, "ServiceUnavailableException", "the runtime is not started yet")
		return
	}
	p := r.URL.EscapedPath()
	invocations := strings.HasPrefix(p, "/runtimes/") && strings.HasSuffix(p, "/invocations")
	if !invocations && p != "/mcp" && p != "/mcp/" {
		writeJSON(w, http.StatusNotFound, "ResourceNotFoundException", "no such path: POST "+i.InvokePath()+" (or /mcp)")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, "", "only POST is served")
		return
	}
	if invocations {
		arn, err := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(p, "/runtimes/"), "/invocations"))
		if err != nil || arn != i.arn {
			writeJSON(w, http.StatusNotFound, "ResourceNotFoundException", fmt.Sprintf("no runtime %q here; this ingress serves %s", arn, i.arn))
			return
		}
	}

	sid := r.Header.Get(HeaderRuntimeSession)
	if sid == "" {
		sid = newSessionID()
	} else if len(sid) < MinSessionIDLen {
		writeJSON(w, http.StatusBadRequest, "ValidationException",
			fmt.Sprintf("runtimeSessionId must be at least %d characters (got %d)", MinSessionIDLen, len(sid)))
		return
	}

	authz := r.Header.Get("Authorization")
	if i.in.AuthMode == template.AuthJWT {
		if reason := i.checkToken(r.Context(), authz); reason != "" {
			i.log.Info("dev ingress: 401", "reason", reason)
			w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer resource_metadata="%s"`, i.resourceMetadata(r.URL.Query().Get("qualifier"))))
			writeJSON(w, http.StatusUnauthorized, "", "Unauthorized: "+reason)
			return
		}
	} else if strings.HasPrefix(strings.ToLower(authz), "bearer ") {
		// A SigV4 runtime refuses a bearer token.
		writeJSON(w, http.StatusForbidden, "AccessDeniedException",
			"Authorization method mismatch: the runtime has no JWT authorizer (auth mode "+i.in.AuthMode+"); on AWS it accepts SigV4 only")
		return
	}
	// Other modes: AgentCore would require SigV4 (IAM); here the local
	// user is trusted.

	// The platform takes the whole payload before it invokes the runtime,
	// and so does the ingress. Streaming the client's body through instead
	// races net/http: once the answer's headers go out, the server drains
	// the request body that the proxy's transport is still reading to its
	// end, the transport drops the upstream connection, and the answer
	// breaks off mid-stream.
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxPayloadBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, "ValidationException", fmt.Sprintf("the payload is larger than %d bytes", MaxPayloadBytes))
			return
		}
		writeJSON(w, http.StatusBadRequest, "ValidationException", "the payload could not be read: "+err.Error())
		return
	}
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(payload)), int64(len(payload))

	mcpSID := r.Header.Get(HeaderMCPSession)
	if mcpSID == "" {
		mcpSID = sid
		r.Header.Set(HeaderMCPSession, mcpSID)
	}
	r.Header.Set(HeaderRuntimeSession, sid)
	w.Header().Set(HeaderRuntimeSession, sid)
	w.Header().Set(HeaderMCPSession, mcpSID)
	i.proxy.ServeHTTP(w, r)
}

// checkToken is the customJWTAuthorizer: "" when the token is accepted.
func (i *Ingress) checkToken(ctx context.Context, authz string) string {
	if authz == "" {
		return "no Authorization header"
	}
	if len(authz) < 7 || !strings.EqualFold(authz[:7], "bearer ") {
		return "the Authorization header is not a Bearer token"
	}
	token := strings.TrimSpace(authz[7:])
	_, err := jwt.Parse(token, i.keys.Keyfunc,
		jwt.WithValidMethods([]string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"}),
		jwt.WithIssuer(i.issuer), jwt.WithExpirationRequired(), jwt.WithTimeFunc(i.now))
	if err != nil {
		return "invalid token: " + err.Error()
	}
	c := runtime.CheckJWT(ctx, i.in, token, i.hc, i.now())
	if c.Status == runtime.Fail {
		return c.Detail
	}
	return ""
}

// rewrite forwards only what the platform forwards: the allowlisted
// headers, the session headers it adds, and the payload's content headers.
func (i *Ingress) rewrite(pr *httputil.ProxyRequest) {
	in := pr.In.Header
	out := http.Header{}
	for _, h := range append(append([]string{}, i.allow...), "Content-Type", "Accept", HeaderRuntimeSession) {
		if vs := in.Values(h); len(vs) > 0 {
			out[http.CanonicalHeaderKey(h)] = append([]string(nil), vs...)
		}
	}
	pr.Out.Header = out
	pr.Out.URL.Scheme = i.upstream.Scheme
	pr.Out.URL.Host = i.upstream.Host
	pr.Out.URL.Path = strings.TrimRight(i.upstream.Path, "/") + "/mcp"
	pr.Out.URL.RawPath = ""
	pr.Out.URL.RawQuery = ""
	pr.Out.Host = ""
}

func newSessionID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return "dev-" + hex.EncodeToString(b) // 40 characters
}

func writeJSON(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	if typ != "" {
		w.Header().Set("X-Amzn-ErrorType", typ)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
}
