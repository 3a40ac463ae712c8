package e2e

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// The seed's Method 2 followed literally: the image's environment plus
// exactly what its create-agent-runtime commands pass, no
// ZSCALER_MCP_AUTH_MODE; a client that sends no credentials lists the tools.
// Only the test's plumbing is added: the local tenant's URLs (the vanity
// domain would name zslogin.net), the local Secrets Manager endpoint and
// static AWS credentials, and a loopback bind instead of the image's 0.0.0.0
// (the mode does not depend on the address).
func TestSeedMethod2InTheImage(t *testing.T) {
	tn := newTenantWith(t, sandbox.Options{ClientSecret: distinctiveSecret})
	sm, endpoint := newSecretsManager(t)
	// The seed's create-secret, with this tenant's values.
	sm.put("zscaler/mcp/credentials", `{"ZSCALER_CLIENT_ID":"`+sandbox.ClientID+`","ZSCALER_CLIENT_SECRET":"`+distinctiveSecret+
		`","ZSCALER_VANITY_DOMAIN":"acme","ZSCALER_CUSTOMER_ID":"`+tn.CustomerID()+`","ZSCALER_CLOUD":"","ZSCALER_MCP_WRITE_ENABLED":"false","ZSCALER_MCP_WRITE_TOOLS":""}`)
	approaches := map[string][]string{
		"A secrets manager": append([]string{"ZSCALER_SECRET_NAME=zscaler/mcp/credentials", "AWS_REGION=us-east-1",
			"ZSCALER_MCP_WRITE_ENABLED=false", "ZSCALER_MCP_WRITE_TOOLS="}, awsEnv(endpoint)...),
		"B environment": {"ZSCALER_CLIENT_ID=" + sandbox.ClientID, "ZSCALER_CLIENT_SECRET=" + distinctiveSecret,
			"ZSCALER_VANITY_DOMAIN=acme", "ZSCALER_CUSTOMER_ID=" + tn.CustomerID(), "ZSCALER_CLOUD=",
			"ZSCALER_MCP_WRITE_ENABLED=false", "ZSCALER_MCP_WRITE_TOOLS="},
	}
	for name, vars := range approaches {
		t.Run(name, func(t *testing.T) {
			env := append(append(image.Env(), tenantEnvWithoutCredentials(tn)...), vars...)
			s := start(t, http_, env, "--host", "127.0.0.1")
			tools := listTools(t, s)
			for _, want := range firstReadTools {
				if _, ok := tools[want]; !ok {
					t.Errorf("%s is not listed", want)
				}
			}
			if len(rows(t, ok(t, s, "zpa_list_segment_groups", nil))) == 0 {
				t.Error("no records through the container's own credentials")
			}
			logs := s.logs.String()
			for _, want := range []string{
				`msg="Initializing Zscaler MCP Server" logger=zscaler_mcp.server`,
				`msg="inbound authentication mode chosen" logger=zscaler_mcp.server mode=zscaler`,
				"ZSCALER_VANITY_DOMAIN is configured",
			} {
				if !strings.Contains(logs, want) {
					t.Errorf("the log lacks %q:\n%s", want, logs)
				}
			}
			// zscaler mode, not none: credentials that are presented are checked.
			code, _, body := status(t, s.url, map[string]string{"X-Zscaler-Client-ID": "someone", "X-Zscaler-Client-Secret": "wrong-secret"})
			if code != 401 {
				t.Errorf("wrong OneAPI credentials: %d %s", code, body)
			}
		})
	}
}

// Without a mode, a non-loopback bind is still refused: outside the image
// whatever the settings, in the image when no vanity domain says which mode.
// Both stop before listening.
func TestNonLoopbackWithoutAModeIsRefused(t *testing.T) {
	for name, env := range map[string][]string{
		"outside the image": {"ZSCALER_MCP_TRANSPORT=streamable-http", "ZSCALER_MCP_HOST=0.0.0.0", "ZSCALER_MCP_ALLOW_HTTP=true",
			"ZSCALER_MCP_DISABLE_HOST_VALIDATION=true", "ZSCALER_MCP_SANDBOX=true", "ZSCALER_VANITY_DOMAIN=acme"},
		"in the image without a vanity domain": append(image.Env(), "ZSCALER_MCP_SANDBOX=true"),
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(binary, "serve")
			cmd.Env = append(baseEnv(), env...)
			out, err := combined(cmd)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "ZSCALER_MCP_AUTH_MODE must be set when binding a non-loopback address") {
				t.Errorf("%v\n%s", err, out)
			}
			if strings.Contains(string(out), "msg=listening") {
				t.Error("it listened")
			}
		})
	}
}
