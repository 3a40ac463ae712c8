package inboundauth

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	noop := func(context.Context, string, string) error { return nil }
	cases := []struct {
		name string
		c    Config
		want []string // every one must appear; nil → valid
	}{
		{"none", Config{Mode: ModeNone}, nil},
		{"api-key", Config{Mode: ModeAPIKey, APIKey: "k"}, nil},
		{"zscaler", Config{Mode: ModeZscaler, ValidateZscaler: noop}, nil},
		{"jwt", Config{Mode: ModeJWT, JWKSURI: "https://idp/jwks", Issuer: "https://idp", Audience: []string{"a"}}, nil},
		{"mode case and spaces", Config{Mode: " API-Key ", APIKey: "k"}, nil},
		{"bogus mode", Config{Mode: "bogus", APIKey: "top-secret-key"}, []string{`unknown authentication mode "bogus"`, "none, api-key, zscaler, jwt"}},
		{"oidc is not a mode here", Config{Mode: "oidc"}, []string{`unknown authentication mode "oidc"`, "valid: none, api-key, zscaler, jwt"}},
		{"empty mode", Config{}, []string{"mode is empty", "none, api-key, zscaler, jwt"}},
		{"api-key without key", Config{Mode: ModeAPIKey, APIKey: "   "}, []string{"ZSCALER_MCP_AUTH_API_KEY"}},
		{"zscaler without validator", Config{Mode: ModeZscaler}, []string{"zscaler mode requires a OneAPI token endpoint"}},
		{"jwt with everything wrong", Config{
			Mode:        ModeJWT,
			Audience:    []string{" ", ""},
			Algorithms:  []string{"RS256", "none", "HS256", "HS512", "RS1"},
			Leeway:      -1,
			ResourceURL: "mcp.example.com/mcp",
		}, []string{
			"requires ZSCALER_MCP_AUTH_JWKS_URI",
			"requires ZSCALER_MCP_AUTH_ISSUER",
			"requires ZSCALER_MCP_AUTH_AUDIENCE",
			`algorithm "none" is not allowed`,
			`algorithm "HS256" is not allowed`,
			`algorithm "HS512" is not allowed`,
			`algorithm "RS1" is not allowed`,
			"leeway must not be negative",
			"resource URL must be an absolute",
		}},
		{"jwt with a relative JWKS URI", Config{Mode: ModeJWT, JWKSURI: "/jwks", Issuer: "i", Audience: []string{"a"}}, []string{"ZSCALER_MCP_AUTH_JWKS_URI must be an absolute http(s) URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) < len(tc.want)-1 {
				t.Errorf("error %T with %d problems", err, len(ce.Problems))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q\nwant it to contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "top-secret-key") {
				t.Errorf("Validate() prints the key: %v", err)
			}
			if _, nerr := New(t.Context(), tc.c); nerr == nil || nerr.Error() != err.Error() {
				t.Errorf("New() = %v, want the Validate error", nerr)
			}
		})
	}
}

func TestDescribeHasNoSecret(t *testing.T) {
	const key = "describe-me-not-0123456789"
	a, err := New(t.Context(), Config{Mode: ModeAPIKey, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	d := a.Describe()
	if !strings.Contains(d, "mode=api-key") || !strings.Contains(d, "platform_trust=off") {
		t.Errorf("Describe = %q", d)
	}
	if strings.Contains(d, key) || strings.Contains(d, a.keySubject[len("api-key:"):]) {
		t.Errorf("Describe leaks the key or its digest: %q", d)
	}
	z, err := New(t.Context(), Config{Mode: ModeZscaler, ValidateZscaler: func(context.Context, string, string) error { return nil }, TrustPlatformAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := z.Describe(); !strings.Contains(d, "mode=zscaler") || !strings.Contains(d, "platform_trust=on") {
		t.Errorf("Describe = %q", d)
	}
}

func TestIdentityNeverPrintsSecret(t *testing.T) {
	id := &Identity{Subject: "zscaler:cid", ClientID: "cid", ZscalerClientID: "cid", ZscalerClientSecret: "the-secret"}
	logger, logs := newTestLogger()
	logger.Info("served", "identity", id)
	for _, s := range []string{id.String(), logs.String()} {
		if strings.Contains(s, "the-secret") {
			t.Errorf("identity rendering leaks the secret: %s", s)
		}
	}
	if !strings.Contains(logs.String(), "zscaler:cid") {
		t.Errorf("identity not rendered: %s", logs.String())
	}
	if got, ok := FromContext(WithIdentity(context.Background(), id)); !ok || got != id {
		t.Error("WithIdentity/FromContext round trip")
	}
	if _, ok := FromContext(context.Background()); ok {
		t.Error("FromContext on an empty context")
	}
}
