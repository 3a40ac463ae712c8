package sandbox

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// tokenIssuer names the fictional ZIdentity vanity host that signs tokens.
	tokenIssuer = "https://northwind.zslogin.example.net"
)

// serviceInfo is one entry of the token's service-info claim, the part the
// MCP server reads to decide which services the client is entitled to.
type serviceInfo struct {
	Prd string `json:"prd"`
	Rid string `json:"rid"`
	Rnm string `json:"rnm"`
}

type accessClaims struct {
	jwt.RegisteredClaims
	ClientID    string        `json:"client_id"`
	ServiceInfo []serviceInfo `json:"service-info"`
}

func (c *accessClaims) entitled(prd string) bool {
	return slices.ContainsFunc(c.ServiceInfo, func(s serviceInfo) bool { return strings.EqualFold(s.Prd, prd) })
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"` // a JSON number, as ZIdentity sends it
}

type tokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// serveToken is ZIdentity's client-credentials token endpoint.
func (t *Tenant) serveToken(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "ingress-gateway")
	h.Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
	h.Set("x-ratelimit-limit", "500, 500;w=1, 100000;w=60")
	h.Set("x-ratelimit-remaining", "499")
	h.Set("x-ratelimit-reset", "1")
	if t.applyFault(w, r, nil) {
		return
	}
	fail := func(status int, code, desc string) { writeToken(w, status, tokenError{Error: code, Description: desc}) }
	if r.Method != http.MethodPost {
		h.Set("Allow", http.MethodPost)
		fail(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint only accepts POST.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		fail(http.StatusBadRequest, "invalid_request", "The request body is not a valid form.")
		return
	}
	form := r.PostForm // never the query: credentials belong in the body
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		fail(http.StatusBadRequest, either(gt == "", "invalid_request", "unsupported_grant_type"),
			either(gt == "", "Missing grant_type.", "Unsupported grant_type: "+gt))
		return
	}
	clientID := form.Get("client_id")
	if clientID == "" {
		fail(http.StatusUnauthorized, "invalid_client", "Missing client_id.")
		return
	}
	if assertion := form.Get("client_assertion"); assertion != "" {
		if form.Get("client_assertion_type") != assertionType {
			fail(http.StatusBadRequest, "invalid_request", "client_assertion_type must be "+assertionType)
			return
		}
		if !t.validAssertion(clientID, assertion) {
			fail(http.StatusUnauthorized, "invalid_client", "Client assertion is invalid.")
			return
		}
	} else if !equalSecret(clientID, t.opts.ClientID) || !equalSecret(form.Get("client_secret"), t.clientSecret()) {
		fail(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
		return
	}
	token, err := t.issueToken(clientID)
	if err != nil {
		fail(http.StatusInternalServerError, "server_error", "Could not sign the token.")
		return
	}
	writeToken(w, http.StatusOK, tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int64(t.opts.TokenLifetime / time.Second)})
}

func writeToken(w http.ResponseWriter, status int, body any) {
	reply{status: status, body: body, ctype: "application/json;charset=UTF-8"}.write(w, nil)
}

func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// validAssertion checks a private-key JWT client assertion the way ZIdentity
// expects the SDKs to build it: RS256, iss = sub = client id, aud = the API
// audience, not expired.
func (t *Tenant) validAssertion(clientID, assertion string) bool {
	if t.opts.AssertionKey == nil || clientID != t.opts.ClientID {
		return false
	}
	_, err := jwt.Parse(assertion, func(*jwt.Token) (any, error) { return t.opts.AssertionKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithAudience(Audience), jwt.WithIssuer(clientID), jwt.WithSubject(clientID),
		jwt.WithExpirationRequired(), jwt.WithLeeway(30*time.Second))
	return err == nil
}

// issueToken signs a real JWT (HS256 with the tenant's random key) and
// remembers its id so that ExpireTokens can revoke it.
func (t *Tenant) issueToken(clientID string) (string, error) {
	now := time.Now()
	exp := now.Add(t.opts.TokenLifetime)
	var raw [16]byte
	_, _ = rand.Read(raw[:])
	jti := hex.EncodeToString(raw[:])
	info := make([]serviceInfo, len(t.opts.Entitlements))
	for i, prd := range t.opts.Entitlements {
		info[i] = serviceInfo{Prd: prd, Rid: strconv.Itoa(1000 + i), Rnm: "Super Admin"}
	}
	claims := accessClaims{ClientID: clientID, ServiceInfo: info, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: tokenIssuer, Subject: clientID, Audience: jwt.ClaimStrings{Audience}, ID: jti,
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
	}}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.signKey)
	if err != nil {
		return "", err
	}
	t.ctl.Lock()
	for id, until := range t.issued { // forget expired tokens so the map stays small
		if now.After(until) {
			delete(t.issued, id)
		}
	}
	t.issued[jti] = exp
	t.ctl.Unlock()
	return signed, nil
}

// authorize checks the bearer token of an API request: signed by this
// tenant, not expired, not revoked.
func (t *Tenant) authorize(r *http.Request) (*accessClaims, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, false
	}
	claims := &accessClaims{}
	_, err := jwt.ParseWithClaims(strings.TrimSpace(token), claims, func(*jwt.Token) (any, error) { return t.signKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuer(tokenIssuer))
	if err != nil {
		return nil, false
	}
	t.ctl.Lock()
	_, live := t.issued[claims.ID]
	t.ctl.Unlock()
	return claims, live
}

// RotateClientSecret makes the token endpoint accept only secret from now
// on, as ZIdentity does when an operator rotates an API client's secret.
// Tokens already issued keep working until they expire or are revoked.
func (t *Tenant) RotateClientSecret(secret string) {
	t.ctl.Lock()
	t.secret = secret
	t.ctl.Unlock()
}

func (t *Tenant) clientSecret() string {
	t.ctl.Lock()
	defer t.ctl.Unlock()
	return either(t.secret != "", t.secret, t.opts.ClientSecret)
}

// ExpireTokens revokes every token issued so far: they are refused with the
// gateway's 401 from now on, while newly issued tokens work.
func (t *Tenant) ExpireTokens() {
	t.ctl.Lock()
	clear(t.issued)
	t.ctl.Unlock()
}
