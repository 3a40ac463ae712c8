package template

import (
	"fmt"
	"strings"
)

// Inbound authentication modes of the container (ZSCALER_MCP_AUTH_MODE).
const (
	AuthNone    = "none"
	AuthAPIKey  = "api-key"
	AuthZscaler = "zscaler"
	AuthJWT     = "jwt"
)

// AuthModes lists the modes in the order the docs present them.
var AuthModes = []string{AuthNone, AuthAPIKey, AuthZscaler, AuthJWT}

// RoutingHeaders are the MCP headers a 2026-07-28 request is routed by.
// InvokeAgentRuntime drops every header that is not on the runtime's
// allowlist, so they are on it in every mode.
var RoutingHeaders = []string{"MCP-Protocol-Version", "Mcp-Method", "Mcp-Name", "Mcp-Session-Id"}

// MaxAllowlist is AgentCore's limit on requestHeaderAllowlist entries.
const MaxAllowlist = 20

// modeHeaders are the credential headers each mode reads.
var modeHeaders = map[string][]string{
	AuthNone:    nil,
	AuthAPIKey:  {"X-Api-Key"},
	AuthZscaler: {"X-Zscaler-Client-ID", "X-Zscaler-Client-Secret"},
	AuthJWT:     {"Authorization"},
}

// HeaderAllowlist is the runtime's requestHeaderAllowlist for an auth mode:
// the routing headers, then the mode's credential headers. It is checked
// with CheckHeaderAllowlist before it is returned.
func HeaderAllowlist(mode string) ([]string, error) {
	extra, ok := modeHeaders[mode]
	if !ok {
		return nil, fmt.Errorf("auth mode %q is not one of %s", mode, strings.Join(AuthModes, ", "))
	}
	list := append(append([]string{}, RoutingHeaders...), extra...)
	if err := CheckHeaderAllowlist(list, mode == AuthJWT); err != nil {
		return nil, err
	}
	return list, nil
}

// CheckHeaderAllowlist applies AgentCore's rules to an allowlist before any
// AWS call: 1 to 20 entries of 1 to 256 characters, no duplicates, none
// starting with x-amz- or x-amzn- (reserved), and Authorization only when
// the runtime has a JWT authorizer.
func CheckHeaderAllowlist(list []string, jwtAuthorizer bool) error {
	var problems []string
	if len(list) == 0 {
		problems = append(problems, "the header allowlist is empty")
	}
	if len(list) > MaxAllowlist {
		problems = append(problems, fmt.Sprintf("the header allowlist has %d entries; AgentCore allows at most %d", len(list), MaxAllowlist))
	}
	seen := map[string]bool{}
	for _, h := range list {
		l := strings.ToLower(h)
		switch {
		case h == "" || len(h) > 256:
			problems = append(problems, fmt.Sprintf("header %q must be 1 to 256 characters", h))
		case strings.HasPrefix(l, "x-amz-") || strings.HasPrefix(l, "x-amzn-"):
			problems = append(problems, fmt.Sprintf("header %q starts with a reserved x-amz-/x-amzn- prefix", h))
		case l == "authorization" && !jwtAuthorizer:
			problems = append(problems, "Authorization can be allowlisted only with a JWT authorizer (auth mode jwt)")
		}
		if seen[l] {
			problems = append(problems, fmt.Sprintf("header %q is listed twice", h))
		}
		seen[l] = true
	}
	if len(problems) > 0 {
		return fmt.Errorf("request header allowlist: %s", strings.Join(problems, "; "))
	}
	return nil
}
