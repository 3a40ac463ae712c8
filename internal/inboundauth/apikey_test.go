package inboundauth

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

const testAPIKey = "k3y-0123456789abcdef-SECRET"

func newAPIKeyAuth(t *testing.T, trust bool) (*Authenticator, *logBuffer) {
	t.Helper()
	logger, logs := newTestLogger()
	a, err := New(t.Context(), Config{Mode: ModeAPIKey, APIKey: "  " + testAPIKey + "\n", TrustPlatformAuth: trust, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

func TestAPIKeyMode(t *testing.T) {
	a, logs := newAPIKeyAuth(t, false)
	p := &probe{}
	h := a.Middleware(p)
	wrong := "wrong-key-value-XYZ"
	cases := []struct {
		name    string
		headers []string
		reason  string // "" → accepted
	}{
		{"bearer", []string{"Authorization: Bearer " + testAPIKey}, ""},
		{"bearer lower-case scheme", []string{"Authorization: bearer " + testAPIKey}, ""},
		{"x-api-key", []string{"X-Api-Key: " + testAPIKey}, ""},
		{"bearer wins over x-api-key", []string{"Authorization: Bearer " + testAPIKey, "X-Api-Key: " + wrong}, ""},
		{"none", nil, "API key required"},
		{"wrong bearer", []string{"Authorization: Bearer " + wrong}, "Invalid API key"},
		{"wrong bearer with right x-api-key", []string{"Authorization: Bearer " + wrong, "X-Api-Key: " + testAPIKey}, "Invalid API key"},
		{"basic", []string{"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("u:"+testAPIKey))}, "Expected: Authorization: Bearer <api-key>"},
		{"raw key without scheme", []string{"Authorization: " + testAPIKey}, "Expected: Authorization: Bearer"},
		{"empty bearer", []string{"Authorization: Bearer "}, "Expected: Authorization: Bearer"},
		{"empty authorization with right x-api-key", []string{"Authorization: ", "X-Api-Key: " + testAPIKey}, "Expected: Authorization: Bearer"},
		{"wrong x-api-key", []string{"X-Api-Key: " + wrong}, "Invalid API key"},
		{"empty x-api-key", []string{"X-Api-Key: "}, "empty X-Api-Key"},
		{"two x-api-key", []string{"X-Api-Key: " + testAPIKey, "X-Api-Key: " + testAPIKey}, "multiple X-Api-Key"},
		{"two authorization", []string{"Authorization: Bearer " + testAPIKey, "Authorization: Bearer " + testAPIKey}, "multiple Authorization"},
		{"prefix of the key", []string{"Authorization: Bearer " + testAPIKey[:len(testAPIKey)-1]}, "Invalid API key"},
		{"key plus suffix", []string{"Authorization: Bearer " + testAPIKey + "x"}, "Invalid API key"},
		{"zscaler headers only", []string{"X-Zscaler-Client-ID: cid", "X-Zscaler-Client-Secret: " + wrong}, "API key required"},
	}
	var bodies strings.Builder
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, before := p.last()
			rec := post(h, "", tc.headers...)
			bodies.WriteString(rec.Body.String())
			_, _, after := p.last()
			if tc.reason != "" {
				checkRefused(t, rec, http.StatusUnauthorized, tc.reason, "Bearer")
				if got := rec.Header().Get("WWW-Authenticate"); got != "Bearer" {
					t.Errorf("WWW-Authenticate = %q, want exactly Bearer", got)
				}
				if after != before {
					t.Error("the downstream handler ran for a refused request")
				}
				return
			}
			if rec.Code != http.StatusOK || after != before+1 {
				t.Fatalf("status %d, downstream calls %d→%d: %s", rec.Code, before, after, rec.Body.String())
			}
			id, ok, _ := p.last()
			if !ok || id.Subject != keySubject(testAPIKey) || id.Platform {
				t.Fatalf("identity = %+v (present %v), want subject %s", id, ok, keySubject(testAPIKey))
			}
			if len(strings.TrimPrefix(id.Subject, "api-key:")) != 16 {
				t.Errorf("subject %q does not carry 16 hex digits", id.Subject)
			}
		})
	}
	checkNoLeak(t, []string{testAPIKey, wrong}, map[string]string{"response bodies": bodies.String(), "log": logs.String(), "Describe": a.Describe()})
	if !strings.Contains(logs.String(), "Invalid API key") {
		t.Error("refusals are not logged with their reason")
	}
}

func TestAPIKeyComparisonUsesDigest(t *testing.T) {
	// A presented value with the same sha256 prefix structure but different bytes must fail; and the
	// stored key is only kept as a digest.
	a, _ := newAPIKeyAuth(t, false)
	if strings.Contains(string(a.keyDigest[:]), testAPIKey) || a.keySubject == "" {
		t.Fatal("the authenticator should keep only a digest of the key")
	}
	id, f := a.authAPIKey(httptestRequest("X-Api-Key", testAPIKey))
	if f != nil || id == nil {
		t.Fatalf("right key refused: %+v", f)
	}
	if _, f := a.authAPIKey(httptestRequest("X-Api-Key", strings.ToUpper(testAPIKey))); f == nil {
		t.Fatal("the comparison is not case-sensitive")
	}
}

func httptestRequest(kv ...string) *http.Request {
	r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1/mcp", nil)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Add(kv[i], kv[i+1])
	}
	return r
}

func TestPlatformTrust(t *testing.T) {
	t.Run("api-key", func(t *testing.T) {
		a, logs := newAPIKeyAuth(t, true)
		p := &probe{}
		h := a.Middleware(p)

		rec := post(h, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("no credential with platform trust: status %d %s", rec.Code, rec.Body.String())
		}
		id, ok, _ := p.last()
		if !ok || !id.Platform || id.Subject != "platform" {
			t.Fatalf("identity = %+v, want the platform identity", id)
		}

		rec = post(h, "", "Authorization: Bearer wrong-one")
		checkRefused(t, rec, http.StatusUnauthorized, "Invalid API key", "Bearer")
		rec = post(h, "", "X-Api-Key: wrong-one")
		checkRefused(t, rec, http.StatusUnauthorized, "Invalid API key", "Bearer")
		rec = post(h, "", "Authorization: ")
		checkRefused(t, rec, http.StatusUnauthorized, "Expected", "Bearer")
		// A zscaler header is a credential too: no silent fallback to the container.
		rec = post(h, "", "X-Zscaler-Client-ID: someone")
		checkRefused(t, rec, http.StatusUnauthorized, "API key required", "Bearer")

		rec = post(h, "", "X-Api-Key: "+testAPIKey)
		id, _, _ = p.last()
		if rec.Code != http.StatusOK || id.Platform || id.Subject != keySubject(testAPIKey) {
			t.Fatalf("right key with platform trust: %d %+v", rec.Code, id)
		}
		if !strings.Contains(a.Describe(), "platform_trust=on") {
			t.Errorf("Describe does not show platform trust: %s", a.Describe())
		}
		checkNoLeak(t, []string{testAPIKey, "wrong-one"}, map[string]string{"log": logs.String()})
	})

	t.Run("zscaler", func(t *testing.T) {
		v := &fakeZIdentity{valid: map[string]string{"cid": "good-secret"}}
		logger, _ := newTestLogger()
		a, err := New(t.Context(), Config{Mode: ModeZscaler, ValidateZscaler: v.validate, TrustPlatformAuth: true, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		p := &probe{}
		h := a.Middleware(p)
		rec := post(h, "")
		id, ok, _ := p.last()
		if rec.Code != http.StatusOK || !ok || !id.Platform || id.ZscalerClientSecret != "" {
			t.Fatalf("no credential with platform trust: %d %+v", rec.Code, id)
		}
		if v.count() != 0 {
			t.Fatal("the platform identity should not be validated with ZIdentity")
		}
		rec = post(h, "", "X-Zscaler-Client-ID: cid", "X-Zscaler-Client-Secret: bad-secret")
		checkRefused(t, rec, http.StatusUnauthorized, "Invalid OneAPI credentials", `Basic realm="zscaler-mcp"`)
		rec = post(h, "", "Authorization: Bearer something")
		checkRefused(t, rec, http.StatusUnauthorized, "Expected", `Basic realm="zscaler-mcp"`)
	})

	t.Run("ignored in jwt mode", func(t *testing.T) {
		f := newJWTFixture(t)
		logger, logs := newTestLogger()
		a := f.auth(t, func(c *Config) { c.TrustPlatformAuth = true; c.Logger = logger })
		rec := post(a.Middleware(&probe{}), "")
		checkRefused(t, rec, http.StatusUnauthorized, "Bearer token required", "Bearer resource_metadata=")
		if !strings.Contains(logs.String(), "TRUST_PLATFORM_AUTH only applies") {
			t.Errorf("no warning that platform trust is ignored: %s", logs.String())
		}
	})
}

func TestNoneMode(t *testing.T) {
	a, err := New(t.Context(), Config{Mode: "None"})
	if err != nil {
		t.Fatal(err)
	}
	p := &probe{}
	rec := post(a.Middleware(p), "", "Authorization: Bearer anything")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if _, ok, calls := p.last(); ok || calls != 1 {
		t.Fatalf("mode none: identity present %v, calls %d", ok, calls)
	}
	if a.MetadataHandler() != nil {
		t.Error("MetadataHandler should be nil outside jwt mode")
	}
	if !strings.Contains(a.Describe(), "DISABLED") {
		t.Errorf("Describe = %q", a.Describe())
	}
}

func TestOptionsPreflightPasses(t *testing.T) {
	a, _ := newAPIKeyAuth(t, false)
	p := &probe{}
	req, _ := http.NewRequest(http.MethodOptions, "http://127.0.0.1/mcp", nil)
	rec := newRecorder()
	a.Middleware(p).ServeHTTP(rec, req)
	if _, ok, calls := p.last(); calls != 1 || ok {
		t.Fatalf("OPTIONS: calls %d, identity %v", calls, ok)
	}
	// and a GET is authenticated like a POST
	req, _ = http.NewRequest(http.MethodGet, "http://127.0.0.1/mcp", nil)
	rec = newRecorder()
	a.Middleware(p).ServeHTTP(rec, req)
	checkRefused(t, rec, http.StatusUnauthorized, "API key required", "Bearer")
}

func TestAnonymousPing(t *testing.T) {
	f := newJWTFixture(t)
	a := f.auth(t, func(c *Config) { c.AllowAnonymousPing = true })
	p := &probe{}
	h := a.Middleware(p)

	rec := post(h, pingBody)
	if rec.Code != http.StatusOK {
		t.Fatalf("anonymous ping: %d %s", rec.Code, rec.Body.String())
	}
	_, ok, _ := p.last()
	if ok || p.lastBody() != pingBody {
		t.Fatalf("ping reached downstream with identity %v and body %q", ok, p.lastBody())
	}
	if !strings.Contains(a.Describe(), "anonymous ping") {
		t.Errorf("Describe = %q", a.Describe())
	}
	for name, body := range map[string]string{
		"tools/list":     `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`,
		"batch":          `[{"jsonrpc":"2.0","id":1,"method":"ping"}]`,
		"ping then more": pingBody + `{"jsonrpc":"2.0","id":2,"method":"tools/call"}`,
		"notification":   `{"jsonrpc":"2.0","method":"ping"}`,
		"null id":        `{"jsonrpc":"2.0","id":null,"method":"ping"}`,
		"huge":           `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"` + strings.Repeat("a", 5000) + `"}}`,
	} {
		rec := post(h, body)
		checkRefused(t, rec, http.StatusUnauthorized, "Bearer token required", "Bearer ")
		_ = name
	}
	// a ping that carries a (bad) credential is authenticated normally
	rec = post(h, pingBody, "Authorization: Bearer not-a-token")
	checkRefused(t, rec, http.StatusUnauthorized, "Malformed token", "Bearer ")

	// without the option a ping is refused
	b := f.auth(t, nil)
	rec = post(b.Middleware(p), pingBody)
	checkRefused(t, rec, http.StatusUnauthorized, "Bearer token required", "Bearer ")

	// a non-ping body is replayed intact to the downstream handler when the request is then
	// authenticated (platform trust in api-key mode)
	c, err := New(t.Context(), Config{Mode: ModeAPIKey, APIKey: testAPIKey, TrustPlatformAuth: true, AllowAnonymousPing: true})
	if err != nil {
		t.Fatal(err)
	}
	long := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"x":"` + strings.Repeat("b", 9000) + `"}}`
	rec = post(c.Middleware(p), long)
	id, ok, _ := p.last()
	if rec.Code != http.StatusOK || !ok || !id.Platform || p.lastBody() != long {
		t.Fatalf("body not replayed intact: status %d, identity %+v, body length %d", rec.Code, id, len(p.lastBody()))
	}
}
