package zscaler

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCloudURLs(t *testing.T) {
	cases := []struct {
		cloud, gateway, token string
	}{
		{"", "https://api.zsapi.net", "https://acme.zslogin.net/oauth2/v1/token"},
		{"production", "https://api.zsapi.net", "https://acme.zslogin.net/oauth2/v1/token"},
		{"PRODUCTION", "https://api.zsapi.net", "https://acme.zslogin.net/oauth2/v1/token"},
		{"beta", "https://api.beta.zsapi.net", "https://acme.zsloginbeta.net/oauth2/v1/token"},
		{"gov", "https://api.zscalergov.net", "https://acme.zidentitygov.net/oauth2/v1/token"},
		{"govus", "https://api.zscalergov.us", "https://acme.zidentitygov.us/oauth2/v1/token"},
		{"Zscalerten", "https://api.zscalerten.zsapi.net", "https://acme.zsloginzscalerten.net/oauth2/v1/token"},
	}
	for _, tc := range cases {
		if got := GatewayURL(tc.cloud); got != tc.gateway {
			t.Errorf("GatewayURL(%q) = %q, want %q", tc.cloud, got, tc.gateway)
		}
		if got := TokenEndpoint(tc.cloud, "acme"); got != tc.token {
			t.Errorf("TokenEndpoint(%q) = %q, want %q", tc.cloud, got, tc.token)
		}
	}
}

func TestNewDerivesURLsFromCloud(t *testing.T) {
	c, err := New(Options{Cloud: "beta", VanityDomain: "acme",
		Credentials: Credentials{ClientID: "id", ClientSecret: "secret"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://api.beta.zsapi.net" {
		t.Errorf("BaseURL = %q", got)
	}
	if got := c.auth.tokenURL; got != "https://acme.zsloginbeta.net/oauth2/v1/token" {
		t.Errorf("token URL = %q", got)
	}
}

func TestNewOverrides(t *testing.T) {
	c, err := New(Options{
		Cloud:       "beta",
		BaseURL:     "http://127.0.0.1:8080/",
		TokenURL:    "http://127.0.0.1:8081/oauth2/v1/token",
		Credentials: Credentials{ClientID: "id", ClientSecret: "secret"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "http://127.0.0.1:8080" {
		t.Errorf("BaseURL = %q, want the override without trailing slash", got)
	}
	if got := c.auth.tokenURL; got != "http://127.0.0.1:8081/oauth2/v1/token" {
		t.Errorf("token URL = %q", got)
	}
}

func TestNewReportsAllProblemsWithoutSecrets(t *testing.T) {
	_, err := New(Options{
		Cloud:       "not a cloud",
		BaseURL:     "ftp://example.com",
		Credentials: Credentials{ClientSecret: testSecret},
		MaxRetries:  -1,
		Limits:      map[Service]ServiceLimits{ZIA: {Read: RateLimit{Requests: -1, Per: 1}}},
	})
	if err == nil {
		t.Fatal("New accepted invalid options")
	}
	msg := err.Error()
	for _, want := range []string{"client ID", "cloud", "base URL", "vanity domain", "max retries", "limit for zia read"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, testSecret) {
		t.Errorf("error leaks the secret: %q", msg)
	}

	if _, err := New(Options{VanityDomain: "acme", Credentials: Credentials{ClientID: "id"}}); err == nil ||
		!strings.Contains(err.Error(), "client secret or a private key") {
		t.Errorf("missing secret: err = %v", err)
	}
}

func TestDoSendsHeadersQueryAndBody(t *testing.T) {
	env := newTestEnv(t, okJSON(`{"ok":true}`))
	ctx := context.Background()

	resp, err := env.client.Do(ctx, &Request{Service: ZIA, Method: "get", Path: "/zia/api/v1/users",
		Query: url.Values{"search": {"a b&c"}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK || string(resp.Body) != `{"ok":true}` {
		t.Errorf("response = %d %s", resp.Status, resp.Body)
	}
	if _, err := env.client.Do(ctx, &Request{Service: ZIA, Method: http.MethodPost, Path: "/zia/api/v1/users",
		Body: map[string]any{"name": "n"}}); err != nil {
		t.Fatal(err)
	}
	raw := []byte(`{"verbatim" : 1}`)
	if _, err := env.client.Do(ctx, &Request{Service: ZIA, Method: http.MethodPut, Path: "/zia/api/v1/users/1", Body: raw}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.client.Do(ctx, &Request{Service: ZIA, Method: http.MethodPatch, Path: "/zia/api/v1/users/1",
		Body: json.RawMessage(`[1]`)}); err != nil {
		t.Fatal(err)
	}

	seen := env.gw.Seen()
	if len(seen) != 4 {
		t.Fatalf("gateway saw %d requests, want 4", len(seen))
	}
	for i, s := range seen {
		if got := s.Header.Get("Authorization"); got != "Bearer tok-1" {
			t.Errorf("request %d Authorization = %q", i, got)
		}
		if got := s.Header.Get("Accept"); got != "application/json" {
			t.Errorf("request %d Accept = %q", i, got)
		}
		if got := s.Header.Get("User-Agent"); got != "zscaler-mcp-test/1.0" {
			t.Errorf("request %d User-Agent = %q", i, got)
		}
	}
	if seen[0].Method != http.MethodGet || seen[0].Query.Get("search") != "a b&c" {
		t.Errorf("GET = %s %v", seen[0].Method, seen[0].Query)
	}
	if ct := seen[0].Header.Get("Content-Type"); ct != "" || seen[0].Body != "" {
		t.Errorf("GET carried Content-Type %q body %q", ct, seen[0].Body)
	}
	if ct := seen[1].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("POST Content-Type = %q", ct)
	}
	if seen[1].Body != `{"name":"n"}` {
		t.Errorf("POST body = %q", seen[1].Body)
	}
	if seen[2].Body != string(raw) || seen[3].Body != `[1]` {
		t.Errorf("raw bodies = %q, %q; want them verbatim", seen[2].Body, seen[3].Body)
	}
}

func TestDoRejectsPathsThatLeaveTheGateway(t *testing.T) {
	env := newTestEnv(t, okJSON(`{}`))
	for _, p := range []string{"//evil.example/x", "https://evil.example/x", "zia/api/v1/users", "/zia?x=1"} {
		if _, err := env.client.Do(context.Background(), &Request{Service: ZIA, Path: p}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
	if n := env.gw.Count() + env.idp.Calls(); n != 0 {
		t.Errorf("%d requests were sent for rejected paths", n)
	}
}
