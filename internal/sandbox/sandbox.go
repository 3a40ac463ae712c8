// Package sandbox is the embedded demo tenant, the fictional Northwind Labs:
// one http.Handler serving the ZIdentity token endpoint and every service API
// at its real gateway path, in the real envelopes, paging, statuses and error
// bodies, with consistent seed data, stateful writes and fault injection.
//
// Resources are data: rows in rows/<service>/<family>.json declare paths,
// verbs, filters, references and server-set members; records are
// seed/<service>/<name>.json, decoded on first use. One engine per service
// convention serves every row; behaviour that is not storage is a handler a
// row names. docs/sandbox.md shows how to add a resource.
package sandbox

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Credentials and identity of the demo tenant.
const (
	// ClientID and ClientSecret are the default OneAPI client credentials.
	ClientID     = "sandbox-client"
	ClientSecret = "sandbox-secret"
	// CustomerID is the default ZPA customer id (18 digits, like real ones).
	CustomerID = "734512908613287936"
	// Domain is the mail and DNS domain of every seeded user and application.
	Domain = "northwind.example.com"
	// Audience is the audience the token endpoint and client assertions use.
	Audience = "https://api.zscaler.com"
)

// DefaultEntitlements returns the product codes a token carries in its
// service-info claim when Options.Entitlements is empty.
func DefaultEntitlements() []string {
	return []string{"ZIA", "ZPA", "ZDX", "ZCC", "ZTW", "ZIDENTITY", "ZEASM", "ZINS", "ZMS", "ZCELL"}
}

// Options configures a Tenant. The zero value is a working tenant.
type Options struct {
	// ClientID and ClientSecret are the accepted client credentials
	// (defaults: the ClientID and ClientSecret constants).
	ClientID, ClientSecret string
	// AssertionKey verifies RS256 client assertions; nil refuses assertions.
	AssertionKey *rsa.PublicKey
	// CustomerID is the ZPA customer id the ZPA paths must carry (default CustomerID).
	CustomerID string
	// TokenLifetime is the access-token lifetime (default 1 h).
	TokenLifetime time.Duration
	// Entitlements are the product codes put in issued tokens; API calls to a
	// service whose code is missing are refused like a token without rights.
	// Default: DefaultEntitlements().
	Entitlements []string
	// Logger receives one debug line per request (default: discard).
	Logger *slog.Logger
}

// Tenant is one demo tenant. All methods are safe for concurrent use.
type Tenant struct {
	opts      Options
	log       *slog.Logger
	mux       *http.ServeMux
	services  []*service
	resources map[string]*Resource // by Name
	snaps     map[string]*Resource // by list path, for Snapshot
	routes    map[string]*Resource // by mux pattern, for RouteFor
	building  sync.Once            // fills mux, services, resources, snaps and routes (routed)
	signKey   []byte

	// mu guards st. Handlers hold it for the whole read-modify-write of a
	// request, which serialises writes the way ZIA's edit lock does.
	mu sync.Mutex
	st *state // built lazily, and each seed decoded on first touch, so New stays cheap

	// ctl guards the test-control state: faults, request log, issued tokens,
	// the rotated client secret and rate-limit windows. Never held together with mu.
	ctl    sync.Mutex
	secret string // the client secret after a rotation; "" = Options.ClientSecret
	faults []*pendingFault
	reqlog []*RecordedRequest
	issued map[string]time.Time // token id → expiry; absent = refused
	rates  map[string]*rateWindow
}

// New returns a tenant with the given options; the seed is built on first use.
func New(opts Options) *Tenant {
	opts.ClientID, opts.ClientSecret = cmp.Or(opts.ClientID, ClientID), cmp.Or(opts.ClientSecret, ClientSecret)
	opts.CustomerID, opts.TokenLifetime = cmp.Or(opts.CustomerID, CustomerID), either(opts.TokenLifetime > 0, opts.TokenLifetime, time.Hour)
	ents := either(len(opts.Entitlements) > 0, opts.Entitlements, DefaultEntitlements())
	opts.Entitlements = make([]string, len(ents)) // a copy: the caller's slice stays the caller's
	for i, e := range ents {
		opts.Entitlements[i] = strings.ToUpper(strings.TrimSpace(e))
	}
	lg := cmp.Or(opts.Logger, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t := &Tenant{opts: opts, log: lg, mux: http.NewServeMux(), signKey: make([]byte, 32),
		resources: map[string]*Resource{}, snaps: map[string]*Resource{}, routes: map[string]*Resource{}, issued: map[string]time.Time{}, rates: map[string]*rateWindow{}}
	_, _ = rand.Read(t.signKey) // crypto/rand.Read never fails on supported platforms
	return t
}

// routed builds the routes from the rows, once, when the first request or
// test needs them: a server that starts the tenant asks for a token first,
// which needs no route, and answers tools/list without the tenant at all.
// Whatever reads the routes or the resources calls it first.
func (t *Tenant) routed() {
	t.building.Do(func() {
		for _, svc := range services() {
			t.addService(svc)
			for _, res := range svc.resources {
				t.addResource(svc, res)
			}
		}
	})
}

// Handler returns the HTTP handler serving the token endpoint, the service
// APIs and the /__sandbox/ control endpoints.
func (t *Tenant) Handler() http.Handler { return t }

// CustomerID returns the ZPA customer id the tenant answers to.
func (t *Tenant) CustomerID() string { return t.opts.CustomerID }

// Reset restores the seed data and clears faults and the request log.
// Issued tokens stay valid.
func (t *Tenant) Reset() {
	t.mu.Lock()
	t.st = nil
	t.mu.Unlock()
	t.ctl.Lock()
	t.faults, t.reqlog = nil, nil
	t.ctl.Unlock()
}

// withState runs fn with the tenant state locked, seeding it on first use.
func (t *Tenant) withState(fn func(*state)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.st == nil {
		t.routed()
		t.st = newState(t)
	}
	fn(t.st)
}

// Serve runs a tenant on addr (for example "127.0.0.1:0"), calls ready with
// its base URL once it accepts connections, and serves until ctx is done;
// then it shuts down gracefully.
func Serve(ctx context.Context, addr string, opts Options, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: New(opts), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(baseURL(ln.Addr()))
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err = srv.Shutdown(shutdownCtx); err == nil {
		err = <-errc // Serve's own end
	}
	return either(errors.Is(err, http.ErrServerClosed), nil, err)
}

// baseURL turns a listener address into a URL a local client can dial: an
// unspecified bind address (":0", "[::]:0") is reachable on loopback.
func baseURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if ip := net.ParseIP(host); err == nil && (ip == nil || ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + either(err == nil, net.JoinHostPort(host, port), a.String())
}
