package zscaler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "client-id-123"
	testSecret   = "sup3r-s3cret-client-value"
)

// fakeIdP is a ZIdentity token endpoint that hands out tok-1, tok-2, ...
type fakeIdP struct {
	srv *httptest.Server

	mu        sync.Mutex
	calls     int
	forms     []url.Values
	expiresIn any // JSON value of expires_in; nil → omitted
	// reply, when set, replaces the default success answer.
	reply func(w http.ResponseWriter, r *http.Request, n int)
	// gate, when set, is waited on before answering (to hold a fetch in flight).
	gate chan struct{}
}

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	idp := &fakeIdP{expiresIn: 3600}
	idp.srv = httptest.NewServer(http.HandlerFunc(idp.serve))
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *fakeIdP) URL() string { return idp.srv.URL + "/oauth2/v1/token" }

func (idp *fakeIdP) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/oauth2/v1/token" {
		http.Error(w, "bad token request", http.StatusBadRequest)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	idp.mu.Lock()
	idp.calls++
	n := idp.calls
	idp.forms = append(idp.forms, r.PostForm)
	reply, gate, exp := idp.reply, idp.gate, idp.expiresIn
	idp.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if reply != nil {
		reply(w, r, n)
		return
	}
	body := map[string]any{"access_token": fmt.Sprintf("tok-%d", n), "token_type": "Bearer"}
	if exp != nil {
		body["expires_in"] = exp
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(body)
}

// Set changes the IdP's behaviour under its lock (its handler runs on other
// goroutines).
func (idp *fakeIdP) Set(f func(idp *fakeIdP)) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	f(idp)
}

func (idp *fakeIdP) Forms() []url.Values {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return append([]url.Values(nil), idp.forms...)
}

func (idp *fakeIdP) Calls() int {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return idp.calls
}

// seenRequest is what the fake gateway recorded about one request.
type seenRequest struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   string
}

// fakeGateway records every request and answers with handle.
type fakeGateway struct {
	srv *httptest.Server

	mu     sync.Mutex
	seen   []seenRequest
	handle func(w http.ResponseWriter, r *http.Request, n int) // n counts requests from 1
}

func newFakeGateway(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *fakeGateway {
	t.Helper()
	gw := &fakeGateway{handle: handle}
	gw.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		gw.mu.Lock()
		gw.seen = append(gw.seen, seenRequest{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(body)})
		n := len(gw.seen)
		gw.mu.Unlock()
		gw.handle(w, r, n)
	}))
	t.Cleanup(gw.srv.Close)
	return gw
}

func (gw *fakeGateway) Seen() []seenRequest {
	gw.mu.Lock()
	defer gw.mu.Unlock()
	return append([]seenRequest(nil), gw.seen...)
}

func (gw *fakeGateway) Count() int { return len(gw.Seen()) }

// sleepRecorder replaces real sleeping; when clock is set it also advances
// the fake clock so rate-limit buckets refill as they would in real time.
type sleepRecorder struct {
	mu     sync.Mutex
	waits  []time.Duration
	clock  *fakeClock
	result error
}

func (s *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	res := s.result
	s.mu.Unlock()
	if s.clock != nil {
		s.clock.Advance(d)
	}
	if res != nil {
		return res
	}
	return ctx.Err()
}

func (s *sleepRecorder) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 13, 3, 13, 26, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testEnv wires a client to a fake IdP and gateway, with no client-side
// limits and sleeping replaced by a recorder.
type testEnv struct {
	idp    *fakeIdP
	gw     *fakeGateway
	sleeps *sleepRecorder
	client *Client
}

func newTestEnv(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int), mutate ...func(*Options)) *testEnv {
	t.Helper()
	env := &testEnv{idp: newFakeIdP(t), gw: newFakeGateway(t, handle), sleeps: &sleepRecorder{}}
	opts := Options{
		BaseURL:     env.gw.srv.URL,
		TokenURL:    env.idp.URL(),
		Credentials: Credentials{ClientID: testClientID, ClientSecret: testSecret},
		UserAgent:   "zscaler-mcp-test/1.0",
		Limits:      Unlimited(),
		Sleep:       env.sleeps.Sleep,
	}
	for _, m := range mutate {
		m(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	env.client = c
	return env
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func okJSON(body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, http.StatusOK, body) }
}

func get(path string) *Request { return &Request{Service: ZIA, Method: http.MethodGet, Path: path} }

func mustAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %T %v, want *APIError", err, err)
	}
	return ae
}

// mustRetryError is the *RetryError in err's chain, which must say why the
// request stopped.
func mustRetryError(t *testing.T, err error, stop Stop) *RetryError {
	t.Helper()
	var re *RetryError
	if !errors.As(err, &re) {
		t.Fatalf("error = %T %v, want *RetryError", err, err)
	}
	if re.Stop != stop {
		t.Fatalf("stop = %v, want %v: %v", re.Stop, stop, re)
	}
	return re
}

func containsAny(s string, needles ...string) string {
	for _, n := range needles {
		if n != "" && strings.Contains(s, n) {
			return n
		}
	}
	return ""
}
