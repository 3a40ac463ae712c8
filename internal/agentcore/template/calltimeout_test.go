package template

import (
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// The McpCallTimeout parameter sets the container's ZSCALER_MCP_CALL_TIMEOUT,
// defaults to the server's own default, and accepts what the server does.
func TestCallTimeoutParameterReachesTheContainer(t *testing.T) {
	if DefaultCallTimeout*time.Second != zscaler.DefaultCallTimeout {
		t.Errorf("the template's default %ds is not the server's %v", DefaultCallTimeout, zscaler.DefaultCallTimeout)
	}
	in := comboInputs(combo{CreateNew, AuthNone, NetworkPublic, GatewayNone})
	tmpl, _ := parsed(t, in)
	params := StackParameters(in)
	if params[pCallTimeout] != "50" {
		t.Errorf("%s = %q, want the default 50", pCallTimeout, params[pCallTimeout])
	}
	params[pCallTimeout] = "7"
	env := asMap(resourceProps(t, tmpl, params, lidRuntime)["EnvironmentVariables"])
	if env["ZSCALER_MCP_CALL_TIMEOUT"] != "7" {
		t.Errorf("ZSCALER_MCP_CALL_TIMEOUT = %v, want the parameter's 7", env["ZSCALER_MCP_CALL_TIMEOUT"])
	}
	in.CallTimeout = 120
	if got := StackParameters(in)[pCallTimeout]; got != "120" {
		t.Errorf("inputs' 120 became %q", got)
	}

	var p param
	for _, q := range parameters() {
		if q.Name == pCallTimeout {
			p = q
		}
	}
	for _, v := range []string{"1", "9", "10", "50", "99", "100", "299", "300", "0", "301", "999", "3600", "050", "50s", "-1", ""} {
		_, err := config.LoadFrom(nil, config.Map("test", map[string]string{"ZSCALER_MCP_CALL_TIMEOUT": v}))
		serverTakes := err == nil && v != "" && v != "050" // the server reads 050 as 50; the template asks for plain numbers
		if templateTakes := len(p.check(v)) == 0; templateTakes != serverTakes {
			t.Errorf("%q: the template accepts it: %v, the server: %v", v, templateTakes, serverTakes)
		}
	}
}
