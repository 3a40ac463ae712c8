package config

import (
	"strings"
	"testing"
)

// imageEnv is the container image's environment (internal/agentcore/image.Env;
// this package cannot import it).
var imageEnv = map[string]string{
	"ZSCALER_MCP_TRANSPORT": "streamable-http", "ZSCALER_MCP_HOST": "0.0.0.0", "ZSCALER_MCP_PORT": "8000",
	"ZSCALER_MCP_ALLOW_HTTP": "true", "ZSCALER_MCP_DISABLE_HOST_VALIDATION": "true", "ZSCALER_MCP_LOG_TOOL_CALLS": "true",
	"ZSCALER_MCP_PLATFORM": "agentcore",
}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func TestAuthModeOnAgentCore(t *testing.T) {
	for _, tc := range []struct {
		name      string
		env       map[string]string
		mode      string // "" = none chosen
		trust     bool
		refused   string // CheckHTTP's message, when the bind is refused
		reasonHas string
	}{
		{name: "vanity domain: zscaler with the fallback", env: with(imageEnv, "ZSCALER_VANITY_DOMAIN", "acme"),
			mode: "zscaler", trust: true, reasonHas: "AWS IAM (InvokeAgentRuntime) being the boundary"},
		{name: "fallback turned off explicitly", env: with(imageEnv, "ZSCALER_VANITY_DOMAIN", "acme", "ZSCALER_MCP_TRUST_PLATFORM_AUTH", "false"),
			mode: "zscaler", trust: false, reasonHas: "keeps requests without any out"},
		{name: "an explicit mode wins", env: with(imageEnv, "ZSCALER_VANITY_DOMAIN", "acme", "ZSCALER_MCP_AUTH_MODE", "api-key", "ZSCALER_MCP_AUTH_API_KEY", "k"),
			mode: ""},
		{name: "no vanity domain: still refused", env: imageEnv,
			refused: "on AgentCore, zscaler is chosen when ZSCALER_VANITY_DOMAIN is configured"},
		{name: "outside the image: still refused", env: with(imageEnv, "ZSCALER_MCP_PLATFORM", "", "ZSCALER_VANITY_DOMAIN", "acme"),
			refused: "ZSCALER_MCP_AUTH_MODE must be set when binding a non-loopback address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(nil, env(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			before := c.AuthMode
			reason := c.ChooseAuthMode()
			if tc.mode == "" && (reason != "" || c.AuthMode != before) {
				t.Errorf("chose %q (%s)", c.AuthMode, reason)
			}
			if tc.mode != "" && (c.AuthMode != tc.mode || c.TrustPlatformAuth != tc.trust || !strings.Contains(reason, tc.reasonHas)) {
				t.Errorf("mode %q trust %t, reason %q", c.AuthMode, c.TrustPlatformAuth, reason)
			}
			err = c.CheckHTTP()
			switch {
			case tc.refused == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.refused != "" && (err == nil || !strings.Contains(err.Error(), tc.refused)):
				t.Errorf("CheckHTTP = %v, want %q", err, tc.refused)
			}
		})
	}
	if _, err := Load(nil, env(with(imageEnv, "ZSCALER_MCP_PLATFORM", "ecs"))); err == nil || !strings.Contains(err.Error(), "ZSCALER_MCP_PLATFORM") {
		t.Errorf("an unknown platform: %v", err)
	}
}
