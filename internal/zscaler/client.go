// Package zscaler is the OneAPI client used by the MCP tools: ZIdentity
// OAuth2 tokens, per-service client-side rate limits, retries that never
// re-send a mutation the server may have applied, paging per service and
// typed errors. It knows the wire conventions, not the individual endpoints.
package zscaler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Service names a Zscaler API behind the OneAPI gateway. The value is the
// lower-case product key used in configuration and logs.
type Service string

const (
	ZIA   Service = "zia"
	ZPA   Service = "zpa"
	ZDX   Service = "zdx"
	ZCC   Service = "zcc"
	ZTW   Service = "ztw"
	ZID   Service = "zid"
	EASM  Service = "zeasm"
	ZINS  Service = "zins"
	ZMS   Service = "zms"
	ZCELL Service = "zcell"
)

var allServices = []Service{ZIA, ZPA, ZDX, ZCC, ZTW, ZID, EASM, ZINS, ZMS, ZCELL}

// Options configures a Client. Only Credentials and either VanityDomain or
// TokenURL are required.
type Options struct {
	Cloud        string // "", "production", "beta", "gov", "govus", or any other cloud name
	VanityDomain string
	BaseURL      string // overrides the gateway base URL (ZSCALER_API_BASE_URL)
	TokenURL     string // overrides the full token endpoint URL (ZSCALER_TOKEN_URL)
	Credentials  Credentials
	HTTPClient   *http.Client              // nil → a client with a 60 s per-attempt timeout
	UserAgent    string                    // e.g. "zscaler-mcp/0.1.0"
	Limits       map[Service]ServiceLimits // nil → DocumentedLimits(); a service absent from the map is unlimited
	MaxRetries   int                       // retries per request for 429, 5xx, timeouts and edit locks; 0 → 5
	MaxRetryWait time.Duration             // a longer server-requested wait fails fast; 0 → 60 s
	Sleep        func(ctx context.Context, d time.Duration) error
	Now          func() time.Time
	Logger       *slog.Logger

	// Refresh, if set, is called when the token endpoint refuses the
	// credentials (a *TokenError with status 400 or 401, e.g.
	// invalid_client): it re-reads the credential source and returns the
	// current credentials and whether they differ from the ones the client
	// had. If they changed, the client swaps them (as UpdateCredentials) and
	// retries the token request once. Concurrent refusals share one Refresh.
	// A Refresh error is returned together with the original TokenError
	// (errors.As and errors.Is find both). It is never called for network
	// errors or 5xx answers from the token endpoint.
	Refresh func(ctx context.Context) (Credentials, bool, error)
}

const (
	defaultMaxRetries   = 5
	defaultMaxRetryWait = 60 * time.Second
	defaultTimeout      = 60 * time.Second
	defaultUserAgent    = "zscaler-mcp"
	// maxBodyBytes bounds what one response may hold in memory; the largest
	// legitimate pages (5000 ZCC devices) are a few MiB.
	maxBodyBytes = 64 << 20
)

// Client talks to the OneAPI gateway. It is safe for concurrent use.
type Client struct {
	baseURL      string
	userAgent    string
	http         *http.Client
	auth         *tokenSource
	limits       *limiters
	maxRetries   int
	maxRetryWait time.Duration
	sleep        func(ctx context.Context, d time.Duration) error
	now          func() time.Time
	log          *slog.Logger
}

// New validates opts and builds a Client. All problems are reported together
// so a misconfigured server can be fixed in one go; no error carries a
// secret.
func New(opts Options) (*Client, error) {
	creds, problems := newCredState(opts.Credentials)

	cloud := strings.TrimSpace(opts.Cloud)
	if cloud != "" && !validHostLabel(cloud) {
		problems = append(problems, fmt.Sprintf("cloud %q is not a valid cloud name", cloud))
	}

	baseURL := GatewayURL(cloud)
	if opts.BaseURL != "" {
		u, err := parseServiceURL(opts.BaseURL)
		if err != nil {
			problems = append(problems, "base URL: "+err.Error())
		} else {
			baseURL = strings.TrimRight(u.String(), "/")
		}
	}

	var tokenURL string
	switch {
	case opts.TokenURL != "":
		u, err := parseServiceURL(opts.TokenURL)
		if err != nil {
			problems = append(problems, "token URL: "+err.Error())
		} else {
			tokenURL = u.String()
		}
	case strings.TrimSpace(opts.VanityDomain) == "":
		problems = append(problems, "vanity domain is required (or a token URL)")
	case !validHostLabel(strings.TrimSpace(opts.VanityDomain)):
		problems = append(problems, fmt.Sprintf("vanity domain %q is not a valid host name label", opts.VanityDomain))
	default:
		tokenURL = TokenEndpoint(cloud, opts.VanityDomain)
	}

	if opts.MaxRetries < 0 {
		problems = append(problems, "max retries must not be negative")
	}
	if opts.MaxRetryWait < 0 {
		problems = append(problems, "max retry wait must not be negative")
	}
	problems = append(problems, validateLimits(opts.Limits)...)
	if len(problems) > 0 {
		return nil, fmt.Errorf("zscaler: invalid options: %s", strings.Join(problems, "; "))
	}

	c := &Client{
		baseURL:      baseURL,
		userAgent:    opts.UserAgent,
		http:         opts.HTTPClient,
		maxRetries:   opts.MaxRetries,
		maxRetryWait: opts.MaxRetryWait,
		sleep:        opts.Sleep,
		now:          opts.Now,
		log:          opts.Logger,
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: defaultTimeout}
	}
	if c.maxRetries == 0 {
		c.maxRetries = defaultMaxRetries
	}
	if c.maxRetryWait == 0 {
		c.maxRetryWait = defaultMaxRetryWait
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	limits := opts.Limits
	if limits == nil {
		limits = DocumentedLimits()
	}
	c.limits = newLimiters(limits)
	c.auth = &tokenSource{
		client:   c,
		tokenURL: tokenURL,
		refresh:  opts.Refresh,
		cur:      creds,
	}
	return c, nil
}

// parseServiceURL accepts only absolute http(s) URLs: the bearer token and
// the client secret are sent there.
func parseServiceURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("not a valid URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%q must start with https:// or http://", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a query or fragment", u.Redacted())
	}
	return u, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// BaseURL returns the gateway base URL requests are sent to, without a
// trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Token returns a valid access token, fetching or refreshing it as needed.
func (c *Client) Token(ctx context.Context) (string, error) { return c.auth.get(ctx) }

// Request is one call to the gateway.
type Request struct {
	Service Service
	Method  string     // GET, HEAD, POST, PUT, PATCH, DELETE; "" → GET
	Path    string     // absolute path on the gateway, e.g. "/zia/api/v1/users"
	Query   url.Values // may be nil
	Body    any        // nil → no body; []byte or json.RawMessage sent as-is; anything else JSON-encoded
}

// Response is a successful (2xx) reply.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// prepared is a Request checked and encoded once, so retries resend the
// exact same bytes.
type prepared struct {
	*Request
	method  string
	url     string
	body    []byte
	hasBody bool
}

func (c *Client) prepare(req *Request) (*prepared, error) {
	if req == nil {
		return nil, errors.New("zscaler: nil request")
	}
	if req.Service == "" {
		return nil, errors.New("zscaler: request has no service")
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = http.MethodGet
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, fmt.Errorf("zscaler: unsupported method %q", req.Method)
	}
	// A path such as "//evil.example/x" or "https://..." would send the
	// bearer token to another host.
	if !strings.HasPrefix(req.Path, "/") || strings.HasPrefix(req.Path, "//") || strings.ContainsAny(req.Path, "?#") {
		return nil, fmt.Errorf("zscaler: path %q must be an absolute gateway path without query or fragment", req.Path)
	}
	p := &prepared{Request: req, method: method, url: c.baseURL + req.Path}
	if len(req.Query) > 0 {
		p.url += "?" + req.Query.Encode()
	}
	switch b := req.Body.(type) {
	case nil:
	case []byte:
		p.body, p.hasBody = b, true
	case json.RawMessage:
		p.body, p.hasBody = b, true
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("zscaler: %s %s: encoding body: %w", method, req.Path, err)
		}
		p.body, p.hasBody = enc, true
	}
	return p, nil
}

// attempt performs one HTTP exchange and reads the whole body. reached
// reports that the whole request was written to the connection, so the API
// may have acted on it even when no answer came back.
func (c *Client) attempt(ctx context.Context, p *prepared, token string) (resp *Response, reached bool, err error) {
	var body io.Reader
	if p.hasBody {
		body = bytes.NewReader(p.body)
	}
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { wrote.Store(i.Err == nil) },
	})
	defer func() { reached = reached || wrote.Load() }()
	hreq, err := http.NewRequestWithContext(ctx, p.method, p.url, body)
	if err != nil {
		return nil, false, err
	}
	hreq.Header.Set("Authorization", "Bearer "+token)
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.userAgent)
	if p.hasBody {
		hreq.Header.Set("Content-Type", "application/json")
	}
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, false, err
	}
	defer hresp.Body.Close()
	data, err := readBody(hresp.Body)
	if err != nil {
		return nil, true, err
	}
	return &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: data}, true, nil
}

func readBody(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBodyBytes {
		return nil, fmt.Errorf("response body larger than %d MiB", maxBodyBytes>>20)
	}
	return data, nil
}

// transportError strips the URL that net/http puts in its errors: the query
// may carry values the caller would rather not see echoed, and the path is
// already named.
func transportError(p *prepared, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("zscaler: %s %s %s: %w", p.Service, p.method, p.Path, err)
}

// isTimeout reports whether a transport error is a timeout rather than a
// refusal; both are retried for reads, but the distinction tells the agent
// whether the API is slow or unreachable.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
