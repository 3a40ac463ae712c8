package zscaler

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Credentials identify an API client registered in ZIdentity.
type Credentials struct {
	ClientID     string
	ClientSecret string
	// PrivateKey is the PEM text of an RSA private key (PKCS#1 or PKCS#8,
	// at least 2048 bits). When set it is used instead of ClientSecret, as
	// an RS256 client assertion.
	PrivateKey string
}

const (
	tokenAudience       = "https://api.zscaler.com"
	assertionType       = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	assertionLifetime   = 600 * time.Second
	defaultTokenLife    = time.Hour // when the IdP omits expires_in
	maxRefreshSkew      = 60 * time.Second
	minRSABits          = 2048
	tokenFetchTimeout   = 60 * time.Second
	maxTokenErrorLength = 300
)

// TokenError is the token endpoint refusing to issue a token. Code and
// Message are the IdP's "error" and "error_description" when it sent them.
type TokenError struct {
	Status  int
	Code    string
	Message string
}

func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zscaler: token request refused: HTTP %d", e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" && e.Message != e.Code {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// tokenSource caches one access token and makes concurrent callers share a
// single fetch.
type tokenSource struct {
	client   *Client
	tokenURL string
	refresh  func(ctx context.Context) (Credentials, bool, error)

	mu         sync.Mutex
	cur        *credState // replaced, never modified, on rotation
	prevSecret string     // the secret before the last rotation, still redacted
	token      string     // obtained with cur; dropped when cur is replaced
	refreshAt  time.Time
	inflight   *tokenCall
	refreshing *refreshCall
}

type tokenCall struct {
	done    chan struct{}
	creds   *credState // what the fetch started with
	waiters int        // callers that started or joined the fetch (read by tests)
	token   string
	err     error
}

func (ts *tokenSource) get(ctx context.Context) (string, error) {
	ts.mu.Lock()
	if ts.token != "" && ts.client.now().Before(ts.refreshAt) {
		tok := ts.token
		ts.mu.Unlock()
		return tok, nil
	}
	call := ts.inflight
	if call == nil {
		call = &tokenCall{done: make(chan struct{}), creds: ts.cur}
		ts.inflight = call
		// The fetch outlives any one caller's context: another caller may be
		// waiting on it, and a cancelled first caller must not fail them all.
		go ts.finish(call, context.WithoutCancel(ctx))
	}
	call.waiters++
	ts.mu.Unlock()

	select {
	case <-call.done:
		return call.token, call.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// finish runs one shared fetch: the token request with the credentials the
// fetch started with and, if the endpoint refuses them and a Refresh is set,
// one re-read of the credential source and at most one more token request.
func (ts *tokenSource) finish(call *tokenCall, base context.Context) {
	creds := call.creds
	tok, life, err := ts.fetchWithin(base, creds)
	if te := credentialRefusal(err); te != nil && ts.refresh != nil {
		var rotated *credState
		rotated, err = ts.refreshAfterRefusal(base, call, creds, te)
		if rotated != nil {
			creds = rotated
			tok, life, err = ts.fetchWithin(base, creds)
		}
	}
	ts.mu.Lock()
	// A token obtained with credentials that were rotated meanwhile goes to
	// the callers that were waiting for it, but is not cached: the next
	// fetch must use the new credentials.
	if err == nil && ts.cur == creds {
		ts.token = tok
		ts.refreshAt = ts.client.now().Add(life - refreshSkew(life))
	}
	if ts.inflight == call {
		ts.inflight = nil
	}
	ts.mu.Unlock()
	call.token, call.err = tok, err
	close(call.done)
}

func (ts *tokenSource) fetchWithin(base context.Context, creds *credState) (string, time.Duration, error) {
	ctx, cancel := context.WithTimeout(base, tokenFetchTimeout)
	defer cancel()
	return ts.fetch(ctx, creds)
}

// refreshSkew is how long before expiry a token is replaced: a minute, or a
// tenth of a short lifetime (ZIdentity allows lifetimes down to one minute),
// so that a request never leaves with a token that expires in flight.
func refreshSkew(life time.Duration) time.Duration {
	return min(maxRefreshSkew, life/10)
}

// invalidate drops tok if it is still the cached token, so the next get
// fetches a fresh one. A token another caller has already replaced is left
// alone.
func (ts *tokenSource) invalidate(tok string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.token == tok {
		ts.token = ""
	}
}

// redact removes the client secret (current and previous) and extra from s,
// in case a server echoed them into a message we are about to surface.
func (ts *tokenSource) redact(s string, extra ...string) string {
	ts.mu.Lock()
	secrets := append([]string{ts.cur.secret, ts.prevSecret}, extra...)
	ts.mu.Unlock()
	for _, secret := range secrets {
		if len(secret) >= 4 { // shorter strings would garble messages and are no real secret
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
		}
	}
	return s
}

func (ts *tokenSource) fetch(ctx context.Context, creds *credState) (string, time.Duration, error) {
	c := ts.client
	form := url.Values{
		"grant_type": {"client_credentials"},
		"client_id":  {creds.clientID},
		"audience":   {tokenAudience},
	}
	var assertion string
	if creds.signer != nil {
		var err error
		assertion, err = creds.signer.sign(creds.clientID, c.now())
		if err != nil {
			return "", 0, fmt.Errorf("zscaler: signing client assertion: %w", err)
		}
		form.Set("client_assertion_type", assertionType)
		form.Set("client_assertion", assertion)
	} else {
		form.Set("client_secret", creds.secret)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("zscaler: token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", 0, fmt.Errorf("zscaler: token request to %s: %w", ts.tokenHost(), err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body)
	if err != nil {
		return "", 0, fmt.Errorf("zscaler: token response: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", 0, ts.tokenError(resp.StatusCode, body, creds.secret, assertion)
	}

	var tr struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return "", 0, fmt.Errorf("zscaler: token response from %s has no access_token", ts.tokenHost())
	}
	life, ok := parseExpiresIn(tr.ExpiresIn)
	if !ok {
		life = defaultTokenLife
	}
	c.log.Debug("zscaler: fetched access token", "lifetime", life, "assertion", creds.signer != nil)
	return tr.AccessToken, life, nil
}

func (ts *tokenSource) tokenHost() string {
	if u, err := url.Parse(ts.tokenURL); err == nil {
		return u.Host
	}
	return "token endpoint"
}

func (ts *tokenSource) tokenError(status int, body []byte, secret, assertion string) *TokenError {
	e := &TokenError{Status: status}
	var eb struct {
		Error            any    `json:"error"`
		ErrorDescription string `json:"error_description"`
		Message          string `json:"message"`
		Detail           string `json:"detail"`
	}
	if json.Unmarshal(body, &eb) == nil {
		e.Code = scalarString(eb.Error)
		e.Message = firstNonEmpty(eb.ErrorDescription, eb.Message, eb.Detail)
	}
	if e.Code == "" && e.Message == "" {
		e.Message = trimMessage(string(body), maxTokenErrorLength)
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	e.Code = ts.redact(e.Code, secret, assertion)
	e.Message = ts.redact(e.Message, secret, assertion)
	return e
}

// parseExpiresIn accepts expires_in as a JSON number or a numeric string.
func parseExpiresIn(raw json.RawMessage) (time.Duration, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || secs <= 0 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// assertionSigner builds the RS256 client assertion of RFC 7523.
type assertionSigner struct {
	key *rsa.PrivateKey
}

func (s *assertionSigner) sign(clientID string, now time.Time) (string, error) {
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	claims := jwt.MapClaims{
		"iss": clientID,
		"sub": clientID,
		// A plain string, not jwt's default one-element array, which is
		// what both SDKs send.
		"aud": tokenAudience,
		"iat": now.Unix(),
		"exp": now.Add(assertionLifetime).Unix(),
		"jti": hex.EncodeToString(jti),
	}
	return jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(s.key)
}

// parsePrivateKey reads an RSA private key from PEM. Its errors never quote
// the key material.
func parsePrivateKey(text string) (*rsa.PrivateKey, error) {
	// Keys passed through an environment variable often arrive with literal
	// "\n" sequences instead of line breaks.
	if !strings.Contains(text, "\n") && strings.Contains(text, `\n`) {
		text = strings.ReplaceAll(text, `\n`, "\n")
	}
	block, _ := pem.Decode([]byte(strings.TrimSpace(text)))
	if block == nil {
		return nil, errors.New("not a PEM-encoded key")
	}
	if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") || block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, errors.New("encrypted keys are not supported; decrypt the key first")
	}
	var key *rsa.PrivateKey
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("malformed PKCS#1 RSA key")
		}
		key = k
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, errors.New("malformed PKCS#8 key")
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("a %T key is not supported; an RSA key is required", k)
		}
		key = rk
	default:
		return nil, fmt.Errorf("PEM block %q is not supported; use RSA PRIVATE KEY (PKCS#1) or PRIVATE KEY (PKCS#8)", block.Type)
	}
	if bits := key.N.BitLen(); bits < minRSABits {
		return nil, fmt.Errorf("RSA key is %d bits; at least %d are required", bits, minRSABits)
	}
	return key, nil
}
