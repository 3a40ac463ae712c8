package inboundauth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeZIdentity stands in for the OneAPI token endpoint: it counts validations.
type fakeZIdentity struct {
	mu          sync.Mutex
	calls       int
	valid       map[string]string // client id → secret
	unavailable bool
	gate        chan struct{} // when non-nil, every validation waits for it to close
}

func (f *fakeZIdentity) validate(ctx context.Context, id, secret string) error {
	f.mu.Lock()
	f.calls++
	gate, down := f.gate, f.unavailable
	want, known := f.valid[id]
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if down {
		// A careless validator might echo what it sent; the authenticator must redact it.
		return fmt.Errorf("%w: POST /oauth2/v1/token client_id=%s client_secret=%s: 503", ErrUnavailable, id, secret)
	}
	if !known || want != secret {
		return fmt.Errorf("invalid_client for %s/%s", id, secret)
	}
	return nil
}

func (f *fakeZIdentity) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func newZscalerAuth(t *testing.T, f *fakeZIdentity, clock *fakeClock) (*Authenticator, *logBuffer) {
	t.Helper()
	logger, logs := newTestLogger()
	o := defaultOptions()
	if clock != nil {
		o.now = clock.Now
	}
	a, err := newAuthenticator(t.Context(), Config{Mode: ModeZscaler, ValidateZscaler: f.validate, Logger: logger}, o)
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

func basic(id, secret string) string {
	return "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

func TestZscalerMode(t *testing.T) {
	const id, secret, wrong = "client-abc", "s3cr3t-VALUE-1234", "not-the-secret-999"
	f := &fakeZIdentity{valid: map[string]string{id: secret}}
	clock := newFakeClock()
	a, logs := newZscalerAuth(t, f, clock)
	p := &probe{}
	h := a.Middleware(p)
	var bodies strings.Builder

	// headers: validated once, then served from the cache
	rec := post(h, "", "X-Zscaler-Client-ID: "+id, "X-Zscaler-Client-Secret: "+secret)
	if rec.Code != http.StatusOK {
		t.Fatalf("valid headers refused: %d %s", rec.Code, rec.Body.String())
	}
	got, ok, _ := p.last()
	if !ok || got.Subject != "zscaler:"+id || got.ClientID != id || got.ZscalerClientID != id || got.ZscalerClientSecret != secret || got.Platform {
		t.Fatalf("identity = %v / %+v", ok, got)
	}
	if f.count() != 1 {
		t.Fatalf("validations = %d, want 1", f.count())
	}
	rec = post(h, "", "X-Zscaler-Client-ID: "+id, "X-Zscaler-Client-Secret: "+secret)
	if rec.Code != http.StatusOK || f.count() != 1 {
		t.Fatalf("second identical request: status %d, validations %d (want a cache hit)", rec.Code, f.count())
	}
	// Basic with the same pair hits the same cache entry
	rec = post(h, "", basic(id, secret))
	if rec.Code != http.StatusOK || f.count() != 1 {
		t.Fatalf("basic with the same pair: status %d, validations %d", rec.Code, f.count())
	}
	// the success expires after 55 minutes
	clock.Advance(54 * time.Minute)
	post(h, "", basic(id, secret))
	if f.count() != 1 {
		t.Fatalf("re-validated before 55 min: %d", f.count())
	}
	clock.Advance(2 * time.Minute)
	if rec = post(h, "", basic(id, secret)); rec.Code != http.StatusOK || f.count() != 2 {
		t.Fatalf("after 56 min: status %d, validations %d, want a new validation", rec.Code, f.count())
	}

	// wrong secret: 401, cached for a few seconds only
	rec = post(h, "", "X-Zscaler-Client-ID: "+id, "X-Zscaler-Client-Secret: "+wrong)
	bodies.WriteString(rec.Body.String())
	checkRefused(t, rec, http.StatusUnauthorized, "Invalid OneAPI credentials", `Basic realm="zscaler-mcp"`)
	if got := rec.Header().Get("WWW-Authenticate"); got != `Basic realm="zscaler-mcp"` {
		t.Errorf("WWW-Authenticate = %q", got)
	}
	if f.count() != 3 {
		t.Fatalf("validations = %d, want 3", f.count())
	}
	rec = post(h, "", basic(id, wrong))
	bodies.WriteString(rec.Body.String())
	checkRefused(t, rec, http.StatusUnauthorized, "Invalid OneAPI credentials", "Basic ")
	if f.count() != 3 {
		t.Fatalf("a refusal was re-validated at once: %d", f.count())
	}
	clock.Advance(6 * time.Second)
	rec = post(h, "", basic(id, wrong))
	bodies.WriteString(rec.Body.String())
	checkRefused(t, rec, http.StatusUnauthorized, "Invalid OneAPI credentials", "Basic ")
	if f.count() != 4 {
		t.Fatalf("a refusal was cached longer than a few seconds: %d", f.count())
	}
	// a secret that was refused and then became valid (fixed at ZIdentity) passes after the short TTL
	f.mu.Lock()
	f.valid[id] = wrong
	f.mu.Unlock()
	clock.Advance(6 * time.Second)
	if rec = post(h, "", basic(id, wrong)); rec.Code != http.StatusOK {
		t.Fatalf("a fixed secret is still locked out: %d", rec.Code)
	}
	f.mu.Lock()
	f.valid[id] = secret
	f.mu.Unlock()

	before := f.count()
	for _, tc := range []struct {
		name    string
		headers []string
		reason  string
	}{
		{"none", nil, "requires credentials"},
		{"id only", []string{"X-Zscaler-Client-ID: " + id}, "requires both X-Zscaler-Client-ID and X-Zscaler-Client-Secret"},
		{"secret only", []string{"X-Zscaler-Client-Secret: " + secret}, "requires both"},
		{"empty id", []string{"X-Zscaler-Client-ID: ", "X-Zscaler-Client-Secret: " + secret}, "requires both"},
		{"two ids", []string{"X-Zscaler-Client-ID: " + id, "X-Zscaler-Client-ID: " + id, "X-Zscaler-Client-Secret: " + secret}, "multiple"},
		{"bad base64", []string{"Authorization: Basic %%%not-base64%%%"}, "Invalid Base64 encoding in Basic auth header"},
		{"no colon", []string{"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(id+secret))}, "Malformed Basic auth credentials"},
		{"empty secret", []string{basic(id, "")}, "Malformed Basic auth credentials"},
		{"bearer", []string{"Authorization: Bearer " + secret}, "Expected: X-Zscaler-Client-ID"},
		{"x-api-key", []string{"X-Api-Key: " + secret}, "requires credentials"},
	} {
		rec := post(h, "", tc.headers...)
		bodies.WriteString(rec.Body.String())
		t.Run(tc.name, func(t *testing.T) {
			checkRefused(t, rec, http.StatusUnauthorized, tc.reason, `Basic realm="zscaler-mcp"`)
		})
	}
	if f.count() != before {
		t.Errorf("malformed requests reached ZIdentity: %d validations", f.count()-before)
	}
	checkNoLeak(t, []string{secret, wrong}, map[string]string{"response bodies": bodies.String(), "log": logs.String()})
	if !strings.Contains(logs.String(), "Invalid OneAPI credentials") {
		t.Error("refusals are not logged")
	}
}

func TestZscalerUnavailable(t *testing.T) {
	const id, secret = "client-x", "secret-while-down-777"
	f := &fakeZIdentity{valid: map[string]string{id: secret}, unavailable: true}
	a, logs := newZscalerAuth(t, f, nil)
	h := a.Middleware(&probe{})
	for i := 1; i <= 2; i++ {
		rec := post(h, "", basic(id, secret))
		checkRefused(t, rec, http.StatusServiceUnavailable, "retry later", "")
		if rec.Header().Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
		if f.count() != i {
			t.Fatalf("an unavailable outcome was cached: %d validations after %d requests", f.count(), i)
		}
	}
	f.mu.Lock()
	f.unavailable = false
	f.mu.Unlock()
	if rec := post(h, "", basic(id, secret)); rec.Code != http.StatusOK {
		t.Fatalf("after recovery: %d", rec.Code)
	}
	if !strings.Contains(logs.String(), "could not validate") || !strings.Contains(logs.String(), "[redacted]") {
		t.Errorf("the unavailable cause should be logged, redacted: %s", logs.String())
	}
	checkNoLeak(t, []string{secret}, map[string]string{"log": logs.String()})
}

func TestZscalerConcurrentValidationsCollapse(t *testing.T) {
	const id, secret = "client-c", "secret-c"
	f := &fakeZIdentity{valid: map[string]string{id: secret}, gate: make(chan struct{})}
	a, _ := newZscalerAuth(t, f, nil)
	h := a.Middleware(&probe{})
	const n = 10
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { codes <- post(h, "", basic(id, secret)).Code })
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the others queue behind the first
	close(f.gate)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Fatalf("status %d", c)
		}
	}
	if f.count() != 1 {
		t.Fatalf("%d concurrent identical requests made %d validations, want 1", n, f.count())
	}
}

func TestZscalerCacheIsBounded(t *testing.T) {
	v := newZscalerValidator(func(context.Context, string, string) error { return errors.New("no") }, defaultOptions())
	for i := range zscalerMaxEntries + 50 {
		if err := v.check(context.Background(), fmt.Sprint("id", i), "s"); !errors.Is(err, errRefused) {
			t.Fatalf("check = %v", err)
		}
	}
	if len(v.cache) > zscalerMaxEntries {
		t.Fatalf("cache holds %d entries, bound %d", len(v.cache), zscalerMaxEntries)
	}
	if credentialKey("ab", "c") == credentialKey("a", "bc") {
		t.Fatal("the cache key is ambiguous")
	}
}
