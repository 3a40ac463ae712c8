package inboundauth

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkMiddleware measures the authentication cost per request with a valid credential over
// a handler that does nothing.
func BenchmarkMiddleware(b *testing.B) {
	nop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	k := testKeys()
	f := newJWTFixture(b)

	apiKey, err := New(b.Context(), Config{Mode: ModeAPIKey, APIKey: testAPIKey, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	jwtAuth := f.auth(b, nil)
	cases := []struct {
		name   string
		h      http.Handler
		header string
	}{
		{"none", mustNone(b).Middleware(nop), ""},
		{"api-key", apiKey.Middleware(nop), "Bearer " + testAPIKey},
		{"jwt-RS256", jwtAuth.Middleware(nop), "Bearer " + sign(b, jwt.SigningMethodRS256, k.rsa1, "k-rsa-1", claims(nil))},
		{"jwt-ES256", jwtAuth.Middleware(nop), "Bearer " + sign(b, jwt.SigningMethodES256, k.ec1, "k-ec-1", claims(nil))},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8000/mcp", http.NoBody)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			w := httptest.NewRecorder()
			tc.h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body.String())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				tc.h.ServeHTTP(w, req)
			}
		})
	}
}

func mustNone(b *testing.B) *Authenticator {
	a, err := New(b.Context(), Config{Mode: ModeNone})
	if err != nil {
		b.Fatal(err)
	}
	return a
}
