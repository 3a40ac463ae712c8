// Package inboundauth authenticates MCP clients of the streamable-HTTP transport.
//
// Four modes (ZSCALER_MCP_AUTH_MODE):
//
//   - none: every request passes, with no Identity.
//   - api-key: a shared key in "Authorization: Bearer <key>" or "X-Api-Key: <key>".
//   - zscaler: the caller's own OneAPI client id and secret (X-Zscaler-Client-ID and
//     X-Zscaler-Client-Secret, or HTTP Basic), validated by a token request to ZIdentity.
//   - jwt: an OAuth access token (or OIDC ID token) verified against a JWKS.
//
// In api-key and zscaler modes TrustPlatformAuth serves a request that carries no credential at
// all as the container itself: on Amazon Bedrock AgentCore the platform (IAM or its JWT
// authorizer) is then the boundary. A request that carries a wrong credential is still refused.
//
// Refusals are 401 with a JSON-RPC error body and a WWW-Authenticate challenge; the reason never
// echoes what the client presented, and nothing presented is ever logged.
package inboundauth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Mode is the client authentication mode.
type Mode string

// The modes.
const (
	ModeNone    Mode = "none"
	ModeAPIKey  Mode = "api-key"
	ModeZscaler Mode = "zscaler"
	ModeJWT     Mode = "jwt"
)

// Modes lists the valid modes, in the order error messages name them.
var Modes = []Mode{ModeNone, ModeAPIKey, ModeZscaler, ModeJWT}

// DefaultAlgorithms are the JWS algorithms accepted in jwt mode when Config.Algorithms is empty.
var DefaultAlgorithms = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"}

// allowedAlgorithms is every algorithm Config.Algorithms may name: asymmetric signatures only.
// "none" and the HMAC family (HS*) can never be enabled: a server that only knows public keys
// must never accept a token whose "signature" could be made with public material.
var allowedAlgorithms = []string{
	"RS256", "RS384", "RS512",
	"ES256", "ES384", "ES512",
	"PS256", "PS384", "PS512",
	"EdDSA",
}

// DefaultLeeway is the clock skew tolerated on exp, nbf and iat when Config.Leeway is zero.
const DefaultLeeway = 60 * time.Second

// ErrUnavailable marks a ValidateZscaler error that means ZIdentity could not be asked
// (network failure, timeout, 5xx, 429), as opposed to ZIdentity refusing the credentials.
// Such a request is answered 503 and the outcome is not cached. Any other error from
// ValidateZscaler means "refused": 401 "Invalid OneAPI credentials".
var ErrUnavailable = errors.New("credential validation unavailable")

// Header names read by the middleware.
const (
	headerAuthorization  = "Authorization"
	headerAPIKey         = "X-Api-Key"
	headerZscalerID      = "X-Zscaler-Client-ID"
	headerZscalerSecret  = "X-Zscaler-Client-Secret"
	realm                = "zscaler-mcp"
	wellKnownPRM         = "/.well-known/oauth-protected-resource"
	defaultResourcePath  = "/mcp"
	maxCredentialLen     = 16 << 10 // a longer Authorization value is refused unparsed
	anonymousPingMaxBody = 4 << 10
)

// Config configures the authenticator. Only the fields of the selected mode matter.
type Config struct {
	Mode Mode

	// APIKey is the api-key mode shared key (ZSCALER_MCP_AUTH_API_KEY).
	APIKey string

	// JWKSURI and Issuer configure jwt mode (ZSCALER_MCP_AUTH_JWKS_URI, ZSCALER_MCP_AUTH_ISSUER).
	JWKSURI, Issuer string
	// Audience (ZSCALER_MCP_AUTH_AUDIENCE, comma list): a token passes when one of its aud values
	// matches one of these, or, for a token without aud (Cognito access tokens), when its
	// client_id (or azp) does.
	Audience []string
	// Algorithms allowed in jwt mode; DefaultAlgorithms when empty. Never none, never HS*.
	Algorithms []string
	// RequiredScopes (ZSCALER_MCP_AUTH_REQUIRED_SCOPES): jwt mode only; every one must be granted
	// by the token's scope (space separated) or scp (list or string) claim.
	RequiredScopes []string
	// Leeway is the clock skew tolerated on exp, nbf and iat; DefaultLeeway when zero.
	Leeway time.Duration

	// TrustPlatformAuth (ZSCALER_MCP_TRUST_PLATFORM_AUTH): api-key and zscaler modes only. A
	// request with no credential header at all is served as the container (Identity.Platform).
	TrustPlatformAuth bool

	// AllowAnonymousPing lets a POST that carries no credential header at all and whose body is
	// one JSON-RPC "ping" request through without an Identity, in every mode. A ping reveals
	// nothing; this keeps health probes that do not authenticate (the AgentCore sidecar probes
	// POST /mcp from 127.0.0.1) from failing in jwt mode.
	AllowAnonymousPing bool

	// ResourceURL is the public URL of /mcp, used for RFC 9728 metadata in jwt mode. Empty: derived
	// from each request (Host, TLS or X-Forwarded-Proto) with the path /mcp.
	ResourceURL string

	// ValidateZscaler validates a zscaler-mode caller's OneAPI client id and secret (a token request
	// to ZIdentity). It returns nil when a token was issued; an error wrapping ErrUnavailable when
	// ZIdentity could not be asked; any other error when the credentials were refused.
	ValidateZscaler func(ctx context.Context, clientID, clientSecret string) error

	// HTTPClient fetches the JWKS; nil means a client with a 10 s timeout.
	HTTPClient *http.Client
	// Logger receives refusals (reason only) and JWKS refresh errors; nil means slog.Default().
	Logger *slog.Logger
}

// ConfigError lists every problem Validate found.
type ConfigError struct {
	Problems []string
}

func (e *ConfigError) Error() string {
	return "invalid MCP client authentication configuration: " + strings.Join(e.Problems, "; ")
}

// normalizeMode lower-cases and trims a mode.
func normalizeMode(m Mode) Mode {
	return Mode(strings.ToLower(strings.TrimSpace(string(m))))
}

// cleanList trims every entry and drops the empty ones.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func modeNames() string {
	names := make([]string, len(Modes))
	for i, m := range Modes {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}

// Validate reports every problem of the configuration at once, never printing a secret.
func (c Config) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	mode := normalizeMode(c.Mode)
	switch mode {
	case ModeNone:
	case ModeAPIKey:
		if strings.TrimSpace(c.APIKey) == "" {
			add("api-key mode requires ZSCALER_MCP_AUTH_API_KEY")
		}
	case ModeZscaler:
		if c.ValidateZscaler == nil {
			add("zscaler mode requires a OneAPI token endpoint to validate client credentials against (set ZSCALER_VANITY_DOMAIN or ZSCALER_TOKEN_URL)")
		}
	case ModeJWT:
		if u := strings.TrimSpace(c.JWKSURI); u == "" {
			add("jwt mode requires ZSCALER_MCP_AUTH_JWKS_URI")
		} else if err := checkAbsoluteURL(u); err != nil {
			add("ZSCALER_MCP_AUTH_JWKS_URI %v", err)
		}
		if strings.TrimSpace(c.Issuer) == "" {
			add("jwt mode requires ZSCALER_MCP_AUTH_ISSUER")
		}
		if len(cleanList(c.Audience)) == 0 {
			add("jwt mode requires ZSCALER_MCP_AUTH_AUDIENCE (the audience or client id the tokens are issued for)")
		}
		for _, alg := range cleanList(c.Algorithms) {
			if !slices.Contains(allowedAlgorithms, alg) {
				add("jwt algorithm %q is not allowed (allowed: %s)", alg, strings.Join(allowedAlgorithms, ", "))
			}
		}
		if c.Leeway < 0 {
			add("jwt leeway must not be negative")
		}
		if u := strings.TrimSpace(c.ResourceURL); u != "" {
			if err := checkAbsoluteURL(u); err != nil {
				add("resource URL %v", err)
			}
		}
	case "":
		add("authentication mode is empty (valid: %s)", modeNames())
	default:
		add("unknown authentication mode %q (valid: %s)", string(c.Mode), modeNames())
	}
	if len(problems) == 0 {
		return nil
	}
	return &ConfigError{Problems: problems}
}

func checkAbsoluteURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("must be an absolute http(s) URL, got %q", s)
	}
	if u.Fragment != "" {
		return fmt.Errorf("must not carry a fragment, got %q", s)
	}
	return nil
}

// Identity is the authenticated caller of one request.
type Identity struct {
	// Subject: api-key "api-key:<16 hex of sha256(key)>"; zscaler "zscaler:<client id>"; jwt the
	// token's sub (or its client id when it has no sub); platform "platform".
	Subject  string
	ClientID string
	Scopes   []string
	// Platform is true when the request was served on the platform's authentication
	// (TrustPlatformAuth, no credential presented).
	Platform bool
	// ZscalerClientID and ZscalerClientSecret carry a zscaler-mode caller's own validated
	// credentials, so the server may (opt-in) call the APIs with them. Never log them.
	ZscalerClientID, ZscalerClientSecret string
}

// String never includes the secret.
func (id *Identity) String() string {
	if id == nil {
		return "<anonymous>"
	}
	return id.Subject
}

// LogValue keeps the secret out of structured logs.
func (id *Identity) LogValue() slog.Value {
	if id == nil {
		return slog.StringValue("<anonymous>")
	}
	return slog.GroupValue(
		slog.String("subject", id.Subject),
		slog.String("client_id", id.ClientID),
		slog.Bool("platform", id.Platform),
	)
}

type identityKey struct{}

// FromContext returns the Identity the middleware attached to the request context.
func FromContext(ctx context.Context) (*Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(*Identity)
	return id, ok && id != nil
}

// WithIdentity returns ctx carrying id (what the middleware does; for tests of other packages).
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// Authenticator enforces one Config. It is safe for concurrent use.
type Authenticator struct {
	mode     Mode
	platform bool
	pingOK   bool
	logger   *slog.Logger

	// api-key
	keyDigest  [sha256.Size]byte
	keySubject string

	// zscaler
	zs *zscalerValidator

	// jwt
	jv *jwtVerifier
}

// options are test seams; New uses the defaults.
type options struct {
	jwksUnknownKIDInterval time.Duration // minimum time between on-demand JWKS refreshes
	jwksRefreshInterval    time.Duration // periodic JWKS refresh
	zscalerFailureTTL      time.Duration
	now                    func() time.Time
}

func defaultOptions() options {
	return options{
		jwksUnknownKIDInterval: time.Minute,
		jwksRefreshInterval:    time.Hour,
		zscalerFailureTTL:      5 * time.Second,
		now:                    time.Now,
	}
}

// New validates c and builds the authenticator. In jwt mode it fetches the JWKS once (a failure
// is logged, not fatal: the keys are fetched again on the first token) and starts the periodic
// refresh, which ends with ctx.
func New(ctx context.Context, c Config) (*Authenticator, error) {
	return newAuthenticator(ctx, c, defaultOptions())
}

func newAuthenticator(ctx context.Context, c Config, o options) (*Authenticator, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	logger := c.Logger
	if logger == nil {
		logger = slog.Default()
	}
	a := &Authenticator{mode: normalizeMode(c.Mode), logger: logger, pingOK: c.AllowAnonymousPing}
	switch a.mode {
	case ModeAPIKey, ModeZscaler:
		a.platform = c.TrustPlatformAuth
	default:
		if c.TrustPlatformAuth {
			logger.Warn("ZSCALER_MCP_TRUST_PLATFORM_AUTH only applies to the api-key and zscaler authentication modes; ignored", "mode", string(a.mode))
		}
	}
	if a.mode != ModeJWT && len(cleanList(c.RequiredScopes)) > 0 {
		logger.Warn("ZSCALER_MCP_AUTH_REQUIRED_SCOPES only applies to jwt authentication mode; ignored", "mode", string(a.mode))
	}
	switch a.mode {
	case ModeAPIKey:
		key := strings.TrimSpace(c.APIKey)
		a.keyDigest = sha256.Sum256([]byte(key))
		a.keySubject = "api-key:" + hex.EncodeToString(a.keyDigest[:8])
		if len(key) < 16 {
			logger.Warn("the MCP client API key is short; use at least 32 random characters (zscaler-mcp --generate-auth-token)")
		}
	case ModeZscaler:
		a.zs = newZscalerValidator(c.ValidateZscaler, o)
	case ModeJWT:
		jv, err := newJWTVerifier(ctx, c, logger, o)
		if err != nil {
			return nil, err
		}
		a.jv = jv
	}
	return a, nil
}

// Describe is one start-up log line's worth of what is enforced; it holds no secret.
func (a *Authenticator) Describe() string {
	trust := "off"
	if a.platform {
		trust = "on (a request without credentials is served on the platform's authentication)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "MCP client authentication: mode=%s", a.mode)
	switch a.mode {
	case ModeNone:
		b.WriteString(" (DISABLED: every request is served)")
	case ModeAPIKey:
		fmt.Fprintf(&b, " (Authorization: Bearer or X-Api-Key), platform_trust=%s", trust)
	case ModeZscaler:
		fmt.Fprintf(&b, " (OneAPI client credentials validated with ZIdentity, cached %s), platform_trust=%s", zscalerSuccessTTL, trust)
	case ModeJWT:
		v := a.jv
		fmt.Fprintf(&b, " issuer=%s audiences=%d algorithms=%s required_scopes=%d leeway=%s jwks=%s",
			v.issuer, len(v.audience), strings.Join(v.algorithms, ","), len(v.requiredScopes), v.leeway, v.jwksURI)
	}
	if a.pingOK {
		b.WriteString(", anonymous ping allowed")
	}
	return b.String()
}

// failure is a refused request.
type failure struct {
	status    int    // 401 unless set
	rpcCode   int    // -32001 unless set
	prefix    string // "Unauthorized" unless set
	reason    string // safe to show: never contains what was presented
	challenge string // WWW-Authenticate value; "" → the mode's default
}

func unauthorized(reason string) *failure { return &failure{reason: reason} }

// Middleware wraps next: an authenticated request continues with its Identity in the context;
// anything else is answered 401 (403 for a jwt lacking a required scope, 503 when ZIdentity could
// not be asked) with a JSON-RPC error body and a WWW-Authenticate challenge. Mode none passes
// everything with no Identity. OPTIONS requests (CORS preflights, which never carry credentials)
// pass without an Identity in every mode.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	if a.mode == ModeNone {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		bare := !hasAnyCredentialHeader(r)
		if bare && a.pingOK && r.Method == http.MethodPost {
			isPing, body := sniffPing(r)
			r.Body = body
			if isPing {
				next.ServeHTTP(w, r)
				return
			}
		}
		var (
			id   *Identity
			fail *failure
		)
		switch {
		case bare && a.platform:
			id = &Identity{Subject: "platform", ClientID: "platform", Platform: true}
		case a.mode == ModeAPIKey:
			id, fail = a.authAPIKey(r)
		case a.mode == ModeZscaler:
			id, fail = a.authZscaler(r)
		case a.mode == ModeJWT:
			id, fail = a.authJWT(r)
		default:
			fail = unauthorized("authentication mode not supported")
		}
		if fail != nil {
			a.refuse(w, r, fail)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	})
}

// hasAnyCredentialHeader reports whether r carries any header the modes read a credential from,
// even an empty one.
func hasAnyCredentialHeader(r *http.Request) bool {
	for _, h := range []string{headerAuthorization, headerAPIKey, headerZscalerID, headerZscalerSecret} {
		if _, ok := r.Header[http.CanonicalHeaderKey(h)]; ok {
			return true
		}
	}
	return false
}

// singleHeader returns the one value of h; ok is false when the header is absent; multi is true
// when it was sent more than once (refused: ambiguous).
func singleHeader(r *http.Request, h string) (v string, ok, multi bool) {
	vs, ok := r.Header[http.CanonicalHeaderKey(h)]
	if !ok || len(vs) == 0 {
		return "", false, false
	}
	if len(vs) > 1 {
		return "", true, true
	}
	return vs[0], true, false
}

// sniffPing reads at most a small body and reports whether it is exactly one JSON-RPC ping
// request. It returns a reader that replays what was read followed by the rest.
func sniffPing(r *http.Request) (bool, io.ReadCloser) {
	if r.Body == nil || r.Body == http.NoBody {
		return false, r.Body
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, anonymousPingMaxBody+1))
	replay := struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if err != nil || len(buf) > anonymousPingMaxBody {
		return false, replay
	}
	var msg struct {
		JSONRPC string          `json:"jsonrpc"`
		Method  string          `json:"method"`
		ID      json.RawMessage `json:"id"`
	}
	dec := json.NewDecoder(bytes.NewReader(buf))
	if dec.Decode(&msg) != nil || dec.More() {
		return false, replay
	}
	return msg.JSONRPC == "2.0" && msg.Method == "ping" && len(msg.ID) > 0 && string(msg.ID) != "null", replay
}

// refuse writes the error response and logs the reason (never the credential).
func (a *Authenticator) refuse(w http.ResponseWriter, r *http.Request, f *failure) {
	status, code, prefix := f.status, f.rpcCode, f.prefix
	if status == 0 {
		status = http.StatusUnauthorized
	}
	if code == 0 {
		code = -32001
	}
	if prefix == "" {
		prefix = "Unauthorized"
	}
	challenge := f.challenge
	if challenge == "" {
		challenge = a.defaultChallenge(r)
	}
	if challenge != "" && status != http.StatusServiceUnavailable {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	type rpcError struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		JSONRPC string   `json:"jsonrpc"`
		ID      any      `json:"id"`
		Error   rpcError `json:"error"`
	}{"2.0", nil, rpcError{code, prefix + ": " + f.reason}})
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimRight(body.Bytes(), "\n"))
	a.logger.LogAttrs(r.Context(), slog.LevelInfo, "MCP client authentication refused",
		slog.String("mode", string(a.mode)),
		slog.Int("status", status),
		slog.String("reason", f.reason),
		slog.String("remote", remoteHost(r)),
		slog.String("path", r.URL.Path),
	)
}

func (a *Authenticator) defaultChallenge(r *http.Request) string {
	switch a.mode {
	case ModeZscaler:
		return `Basic realm="` + realm + `"`
	case ModeJWT:
		return a.jv.challenge(r, "", "")
	default:
		return "Bearer"
	}
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// splitAuthorization splits "Scheme credentials"; the scheme is compared case-insensitively.
func splitAuthorization(v string) (scheme, cred string) {
	v = strings.TrimSpace(v)
	scheme, cred, _ = strings.Cut(v, " ")
	return scheme, strings.TrimSpace(cred)
}

// MetadataHandler serves RFC 9728 protected-resource metadata in jwt mode; nil in other modes.
func (a *Authenticator) MetadataHandler() http.Handler {
	if a.mode != ModeJWT {
		return nil
	}
	return http.HandlerFunc(a.jv.serveMetadata)
}

// Mode reports the enforced mode.
func (a *Authenticator) Mode() Mode { return a.mode }
