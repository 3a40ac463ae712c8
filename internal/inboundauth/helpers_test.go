package inboundauth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer is a concurrency-safe sink for a text slog handler.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// fakeClock is a settable clock for the cache TTLs.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// probe is a downstream handler that records what reached it.
type probe struct {
	mu       sync.Mutex
	calls    int
	identity *Identity
	hasID    bool
	body     string
}

func (p *probe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, ok := FromContext(r.Context())
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	p.mu.Lock()
	p.calls++
	p.identity, p.hasID, p.body = id, ok, string(body)
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":1,"result":{}}`))
}

func (p *probe) last() (*Identity, bool, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.identity, p.hasID, p.calls
}

func (p *probe) lastBody() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.body
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

const pingBody = `{"jsonrpc":"2.0","id":1,"method":"ping"}`

// post sends a POST /mcp with the given headers (each "Name: value"; a name may repeat).
func post(h http.Handler, body string, headers ...string) *httptest.ResponseRecorder {
	if body == "" {
		body = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	}
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8000/mcp", strings.NewReader(body))
	req.RemoteAddr = "127.0.0.1:50000"
	req.Header.Set("Content-Type", "application/json")
	for _, hv := range headers {
		name, value, _ := strings.Cut(hv, ":")
		req.Header.Add(name, strings.TrimPrefix(value, " "))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// rpcErrorBody is the shape of a refusal.
type rpcErrorBody struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// checkRefused asserts status, the exact JSON-RPC error shape, a message containing reason, and
// a WWW-Authenticate value starting with challengePrefix ("" → no header expected).
func checkRefused(t *testing.T, rec *httptest.ResponseRecorder, status int, reason, challengePrefix string) rpcErrorBody {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d (body %s)", rec.Code, status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, rec.Body.String())
	}
	for _, k := range []string{"jsonrpc", "id", "error"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("body lacks %q: %s", k, rec.Body.String())
		}
	}
	if len(raw) != 3 {
		t.Errorf("body has %d members, want 3: %s", len(raw), rec.Body.String())
	}
	var b rpcErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if b.JSONRPC != "2.0" {
		t.Errorf("jsonrpc = %q", b.JSONRPC)
	}
	if string(raw["id"]) != "null" {
		t.Errorf("id is not null: %s", rec.Body.String())
	}
	wantCode, wantPrefix := -32001, "Unauthorized: "
	switch status {
	case http.StatusForbidden:
		wantPrefix = "Forbidden: "
	case http.StatusServiceUnavailable:
		wantCode, wantPrefix = -32603, "Service Unavailable: "
	}
	if b.Error.Code != wantCode {
		t.Errorf("error.code = %d, want %d", b.Error.Code, wantCode)
	}
	if !strings.HasPrefix(b.Error.Message, wantPrefix) {
		t.Errorf("error.message = %q, want prefix %q", b.Error.Message, wantPrefix)
	}
	if !strings.Contains(b.Error.Message, reason) {
		t.Errorf("error.message = %q, want it to contain %q", b.Error.Message, reason)
	}
	got := rec.Header().Get("WWW-Authenticate")
	if challengePrefix == "" {
		if got != "" {
			t.Errorf("WWW-Authenticate = %q, want none", got)
		}
	} else if !strings.HasPrefix(got, challengePrefix) {
		t.Errorf("WWW-Authenticate = %q, want prefix %q", got, challengePrefix)
	}
	return b
}

// checkNoLeak fails when any secret appears in any of the texts.
func checkNoLeak(t *testing.T, secrets []string, texts map[string]string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for name, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("%s contains a presented credential %q:\n%s", name, s, text)
			}
		}
	}
}

func keySubject(key string) string {
	d := sha256.Sum256([]byte(key))
	return "api-key:" + hex.EncodeToString(d[:])[:16]
}
