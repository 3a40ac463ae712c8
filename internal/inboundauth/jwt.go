package inboundauth

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

const (
	jwksHTTPTimeout = 10 * time.Second
	// jwksRefreshWaitMax bounds how long a request with an unknown kid waits for (and performs)
	// the on-demand JWKS refresh. When the rate limiter's next slot is further away than this,
	// the request is refused at once instead of waiting.
	jwksRefreshWaitMax = 5 * time.Second
)

// jwtVerifier verifies bearer JWTs against a JWKS.
type jwtVerifier struct {
	issuer         string
	audience       []string
	algorithms     []string
	requiredScopes []string
	leeway         time.Duration
	jwksURI        string
	resourceURL    string // configured; "" → per request

	kf     keyfunc.Keyfunc
	parser *jwt.Parser

	// verified remembers tokens that passed every check, so an agent that
	// sends the same token with every request pays the signature check once
	// a minute instead of on each call (RSA verification costs tens of µs,
	// a sizeable share of a tools/list round trip).
	mu       sync.Mutex
	verified map[[32]byte]verifiedToken
}

type verifiedToken struct {
	id    Identity
	kid   string // the key it was verified with: a withdrawn key ends the trust
	until time.Time
}

// verifiedTTL bounds how long a verified token is trusted without a new
// signature check; it never outlives the token's own expiry.
const (
	verifiedTTL = time.Minute
	verifiedMax = 4096
)

func (v *jwtVerifier) cached(ctx context.Context, key [32]byte) (*Identity, bool) {
	v.mu.Lock()
	e, ok := v.verified[key]
	v.mu.Unlock()
	if !ok {
		return nil, false
	}
	if !time.Now().Before(e.until) {
		v.forget(key)
		return nil, false
	}
	if _, err := v.kf.Storage().KeyRead(ctx, e.kid); err != nil {
		v.forget(key) // the JWKS no longer holds the key
		return nil, false
	}
	id := e.id
	id.Scopes = slices.Clone(e.id.Scopes)
	return &id, true
}

func (v *jwtVerifier) forget(key [32]byte) {
	v.mu.Lock()
	delete(v.verified, key)
	v.mu.Unlock()
}

func (v *jwtVerifier) remember(key [32]byte, kid string, id *Identity, claims jwt.MapClaims) {
	if kid == "" {
		return // without a key id the withdrawal of its key could not be noticed
	}
	until := time.Now().Add(verifiedTTL)
	if exp, err := claims.GetExpirationTime(); err == nil && exp != nil && exp.Time.Before(until) {
		until = exp.Time
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.verified == nil {
		v.verified = map[[32]byte]verifiedToken{}
	}
	if len(v.verified) >= verifiedMax {
		clear(v.verified) // rare: a flood of distinct tokens; start over
	}
	v.verified[key] = verifiedToken{id: *id, kid: kid, until: until}
}

func newJWTVerifier(ctx context.Context, c Config, logger *slog.Logger, o options) (*jwtVerifier, error) {
	v := &jwtVerifier{
		issuer:         strings.TrimSpace(c.Issuer),
		audience:       cleanList(c.Audience),
		algorithms:     cleanList(c.Algorithms),
		requiredScopes: cleanList(c.RequiredScopes),
		leeway:         c.Leeway,
		jwksURI:        strings.TrimSpace(c.JWKSURI),
		resourceURL:    strings.TrimRight(strings.TrimSpace(c.ResourceURL), "/"),
	}
	if len(v.algorithms) == 0 {
		v.algorithms = slices.Clone(DefaultAlgorithms)
	}
	if v.leeway == 0 {
		v.leeway = DefaultLeeway
	}
	if u, err := url.Parse(v.jwksURI); err == nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		logger.Warn("the JWKS is fetched over plaintext HTTP: anyone on the path can substitute signing keys; use https", "jwks_uri", v.jwksURI)
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: jwksHTTPTimeout}
	}
	override := keyfunc.Override{
		Client:            client,
		HTTPTimeout:       jwksHTTPTimeout,
		RateLimitWaitMax:  jwksRefreshWaitMax,
		RefreshInterval:   o.jwksRefreshInterval,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(o.jwksUnknownKIDInterval), 1),
		RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
			return func(ctx context.Context, err error) {
				logger.WarnContext(ctx, "could not fetch the JWKS for MCP client authentication", "jwks_uri", u, "error", err.Error())
			}
		},
	}
	base, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{v.jwksURI}, override)
	if err != nil {
		return nil, errors.New("jwt mode: cannot set up the JWKS client: " + err.Error())
	}
	// Keys marked for encryption are never used to verify signatures.
	v.kf, err = keyfunc.New(keyfunc.Options{Ctx: ctx, Storage: base.Storage(), UseWhitelist: []jwkset.USE{jwkset.UseSig, ""}})
	if err != nil {
		return nil, errors.New("jwt mode: cannot set up the JWKS client: " + err.Error())
	}
	v.parser = jwt.NewParser(
		jwt.WithValidMethods(v.algorithms),
		jwt.WithIssuer(v.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(v.leeway),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(o.now),
	)
	return v, nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func (a *Authenticator) authJWT(r *http.Request) (*Identity, *failure) {
	v := a.jv
	raw, ok, multi := singleHeader(r, headerAuthorization)
	if !ok {
		return nil, unauthorized("Bearer token required (Authorization: Bearer <token>)")
	}
	if multi {
		return nil, unauthorized("multiple Authorization headers")
	}
	scheme, tok := splitAuthorization(raw)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, unauthorized("Expected: Authorization: Bearer <token>")
	}
	invalid := func(reason string) *failure {
		return &failure{reason: reason, challenge: v.challenge(r, "invalid_token", reason)}
	}
	if len(tok) > maxCredentialLen {
		return nil, invalid("Token too large")
	}
	key := sha256.Sum256([]byte(tok))
	if id, ok := v.cached(r.Context(), key); ok {
		return id, nil
	}
	claims := jwt.MapClaims{}
	parsed, err := v.parser.ParseWithClaims(tok, claims, v.kf.KeyfuncCtx(r.Context()))
	if err != nil {
		return nil, invalid(jwtErrorReason(err))
	}
	if !v.audienceOK(claims) {
		return nil, invalid("Invalid token audience")
	}
	sub, _ := claims.GetSubject()
	clientID := firstStringClaim(claims, "client_id", "azp", "appid")
	subject := sub
	if subject == "" {
		subject = clientID
	}
	if subject == "" {
		return nil, invalid("Token has neither sub nor client_id")
	}
	scopes := tokenScopes(claims)
	var missing []string
	for _, s := range v.requiredScopes {
		if !slices.Contains(scopes, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return nil, &failure{
			status:    http.StatusForbidden,
			prefix:    "Forbidden",
			reason:    "token lacks required scope(s): " + strings.Join(missing, " "),
			challenge: v.challenge(r, "insufficient_scope", "token lacks required scope(s)"),
		}
	}
	id := &Identity{Subject: subject, ClientID: clientID, Scopes: scopes}
	kid, _ := parsed.Header["kid"].(string)
	v.remember(key, kid, id, claims)
	return id, nil
}

// jwtErrorReason maps a parse error to a fixed, safe reason.
func jwtErrorReason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "Malformed token"
	case errors.Is(err, jwkset.ErrKeyNotFound):
		return "Signing key not found in the JWKS"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		if strings.Contains(err.Error(), "signing method") {
			return "Token signing algorithm not allowed"
		}
		return "Invalid token signature"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "Token could not be verified"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "Invalid token issuer"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "Token has expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "Token is not valid yet"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "Token issued in the future"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "Token is missing a required claim (exp, iss)"
	default:
		return "Invalid token"
	}
}

// audienceOK: one aud value matches a configured audience; a token without aud passes when its
// client_id (or azp) matches (Cognito access tokens carry client_id and no aud).
func (v *jwtVerifier) audienceOK(claims jwt.MapClaims) bool {
	if _, present := claims["aud"]; present {
		aud, err := claims.GetAudience()
		if err != nil {
			return false
		}
		for _, a := range aud {
			if slices.Contains(v.audience, a) {
				return true
			}
		}
		if len(aud) > 0 {
			return false
		}
	}
	for _, name := range []string{"client_id", "azp"} {
		if s, ok := claims[name].(string); ok && s != "" && slices.Contains(v.audience, s) {
			return true
		}
	}
	return false
}

func firstStringClaim(claims jwt.MapClaims, names ...string) string {
	for _, n := range names {
		if s, ok := claims[n].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// tokenScopes reads scope (space separated) and scp (list, or space separated string).
func tokenScopes(claims jwt.MapClaims) []string {
	var out []string
	add := func(s string) {
		for _, f := range strings.Fields(s) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	for _, name := range []string{"scope", "scp"} {
		switch x := claims[name].(type) {
		case string:
			add(x)
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					add(s)
				}
			}
		}
	}
	return out
}

// resource is the protected resource's URL for r.
func (v *jwtVerifier) resource(r *http.Request) string {
	if v.resourceURL != "" {
		return v.resourceURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if p := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("X-Forwarded-Proto"), ",")[0])); p == "https" {
		scheme = "https"
	}
	host := strings.Map(func(c rune) rune {
		if c == '"' || c == '\\' || c == '/' || c < 0x21 || c > 0x7e {
			return -1
		}
		return c
	}, r.Host)
	return scheme + "://" + host + defaultResourcePath
}

// metadataURL is where the RFC 9728 document for r's resource is served: the well-known path
// inserted between the host and the resource's path.
func (v *jwtVerifier) metadataURL(r *http.Request) string {
	res := v.resource(r)
	u, err := url.Parse(res)
	if err != nil {
		return res
	}
	path := strings.TrimRight(u.Path, "/")
	return u.Scheme + "://" + u.Host + wellKnownPRM + path
}

// challenge builds the Bearer WWW-Authenticate value (RFC 6750, RFC 9728).
func (v *jwtVerifier) challenge(r *http.Request, errCode, desc string) string {
	quote := func(s string) string {
		return `"` + strings.NewReplacer(`"`, "", `\`, "").Replace(s) + `"`
	}
	var parts []string
	if errCode != "" {
		parts = append(parts, "error="+quote(errCode))
		if desc != "" {
			parts = append(parts, "error_description="+quote(desc))
		}
	}
	if len(v.requiredScopes) > 0 {
		parts = append(parts, "scope="+quote(strings.Join(v.requiredScopes, " ")))
	}
	parts = append(parts, "resource_metadata="+quote(v.metadataURL(r)))
	return "Bearer " + strings.Join(parts, ", ")
}

// protectedResourceMetadata is the RFC 9728 document.
type protectedResourceMetadata struct {
	Resource               string   `json:"resource"`
	AuthorizationServers   []string `json:"authorization_servers"`
	BearerMethodsSupported []string `json:"bearer_methods_supported"`
	ScopesSupported        []string `json:"scopes_supported,omitempty"`
}

func (v *jwtVerifier) serveMetadata(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, _ := json.Marshal(protectedResourceMetadata{
		Resource:               v.resource(r),
		AuthorizationServers:   []string{v.issuer},
		BearerMethodsSupported: []string{"header"},
		ScopesSupported:        v.requiredScopes,
	})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=300")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}
