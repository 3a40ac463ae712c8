package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// CheckJWT decides, without verifying the signature, whether the runtime's
// customJWTAuthorizer as the template configures it from r (resolved
// inputs) would accept token, and whether the container's own checks
// (ZSCALER_MCP_AUTH_ISSUER, ZSCALER_MCP_AUTH_AUDIENCE) would. Each reason
// for a refusal is listed. The discovery document is fetched when
// reachable, for the issuer AgentCore compares iss with.
func CheckJWT(ctx context.Context, r template.Inputs, token string, hc *http.Client, now time.Time) Check {
	c := Check{Name: "JWT authorizer"}
	if r.AuthMode != template.AuthJWT {
		c.Status = Fail
		c.Detail = fmt.Sprintf("auth mode %s has no JWT authorizer: the runtime accepts SigV4 only and refuses a bearer token (\"Authorization method mismatch\")", r.AuthMode)
		c.Fix = "deploy with --auth-mode jwt (ZSCALER_MCP_AUTH_MODE=jwt) and the IdP's discovery URL, or invoke with AWS credentials"
		return c
	}
	if r.JWT.DiscoveryURL == "" {
		c.Status, c.Detail = Fail, "jwt mode without a discovery URL or issuer"
		c.Fix = "set ZSCALER_MCP_AUTH_JWT_DISCOVERY_URL or ZSCALER_MCP_AUTH_ISSUER"
		return c
	}
	return checkAuthorizer(ctx, c, r.JWT, true, token, hc, now,
		"get a token for the configured audience/client/scopes from the IdP, or change the authorizer settings (--jwt-audience, --jwt-allowed-clients, --jwt-client-claim, --jwt-scopes, --jwt-issuer) and redeploy")
}

// GatewayAuthorizer is the Gateway's inbound CUSTOM_JWT authorizer as the
// template configures it (create mode), in the runtime's JWT terms.
func GatewayAuthorizer(r template.Inputs) template.JWT {
	g := r.Gateway
	return template.JWT{DiscoveryURL: g.DiscoveryURL, Issuer: template.IssuerFromDiscovery(g.DiscoveryURL),
		Audiences: g.Audiences, ClientIDs: g.ClientIDs, Scopes: g.Scopes, ClientClaim: g.ClientClaim}
}

// CheckGateway explains, for a sample token, whether the Gateway's inbound
// authorizer would accept it, and then whether the runtime would accept
// what the Gateway sends it with the chosen outbound auth: a SigV4-signed
// call (iam), or the OAuth2 credential provider's own token (oauth). r is
// resolved.
//
// In attach mode the Gateway's authorizer is the existing Gateway's own,
// attached (nil when it could not be read).
func CheckGateway(ctx context.Context, r template.Inputs, attached *template.JWT, token string, hc *http.Client, now time.Time) []Check {
	g := r.Gateway
	gw := Check{Name: "Gateway authorizer"}
	switch {
	case g.Mode == template.GatewayAttach && attached == nil:
		gw.Status, gw.Detail = Warn, "attach: the existing Gateway "+g.ExistingID+" keeps its own authorizer, which could not be read"
		gw.Fix = "check the token against that Gateway's authorizer (aws bedrock-agentcore-control get-gateway --gateway-identifier " + g.ExistingID + " --query authorizerConfiguration)"
	case g.Mode == template.GatewayAttach:
		gw.Name = "Gateway authorizer (the existing " + g.ExistingID + ")"
		gw = checkAuthorizer(ctx, gw, *attached, false, token, hc, now,
			"get a token that Gateway accepts (its authorizer is its own: this deployment does not change it)")
		if gw.Status == Fail && token != "" {
			gw.Detail += "; the Gateway answers 403 and the runtime is never reached"
		}
	case g.DiscoveryURL == "":
		gw.Status, gw.Detail = Fail, "create mode without an inbound discovery URL or issuer"
		gw.Fix = "set GATEWAY_INBOUND_DISCOVERY_URL or GATEWAY_INBOUND_ISSUER"
	default:
		gw = checkAuthorizer(ctx, gw, GatewayAuthorizer(r), false, token, hc, now,
			"get a token for the Gateway's audience/client/scopes from the IdP, or change its settings (--gateway-audience, --gateway-client-ids, --gateway-client-claim, --gateway-scopes) and redeploy")
		if gw.Status == Fail && token != "" {
			gw.Detail += "; the Gateway answers 403 and the runtime is never reached"
		}
	}
	rt := Check{Name: "Runtime behind the Gateway (" + g.OutboundAuth + ")"}
	switch g.OutboundAuth {
	case template.OutboundIAM:
		if r.AuthMode == template.AuthJWT {
			rt.Status, rt.Detail = Fail, "the Gateway signs with SigV4 but the runtime has a JWT authorizer: every call would be refused"
			rt.Fix = "use --auth-mode none, api-key or zscaler with --gateway-outbound-auth iam, or --gateway-outbound-auth oauth"
		} else {
			rt.Status = Pass
			rt.Detail = fmt.Sprintf("the Gateway signs its calls with its service role (SigV4, bedrock-agentcore) and the runtime (auth mode %s) accepts IAM; the sample token stops at the Gateway", r.AuthMode)
		}
	default:
		rt.Status, rt.Detail = Fail, template.OutboundAuthProblem(g.OutboundAuth)
		rt.Fix = "set --gateway-outbound-auth iam (or leave it unset) or oauth"
	case template.OutboundOAuth:
		rt = CheckJWT(ctx, r, "", hc, now)
		rt.Name = "Runtime behind the Gateway (oauth)"
		if rt.Status != Fail {
			rt.Status = Warn
			client := "the first GATEWAY_OAUTH_CLIENT_ID"
			if g.ProviderARN != "" {
				client = "the provider " + g.ProviderARN
			}
			rt.Detail = "the runtime receives the token the OAuth2 credential provider gets for " + client + ", not the sample token; " + rt.Detail
			rt.Fix = "mint a client_credentials token for that client and check it with `doctor --jwt TOKEN --gateway-mode none --auth-mode jwt` and the runtime's JWT settings"
		}
	}
	return []Check{gw, rt}
}

// checkAuthorizer applies a customJWTAuthorizer's claim rules (j) to the
// token; container adds the container's own check (ZSCALER_MCP_AUTH_AUDIENCE).
func checkAuthorizer(ctx context.Context, c Check, j template.JWT, container bool, token string, hc *http.Client, now time.Time, fix string) Check {
	if token == "" {
		c.Status, c.Detail = Warn, "authorizer: discovery "+j.DiscoveryURL+"; no sample token given"
		c.Fix = "pass --jwt <access token> to check a token against the authorizer"
		return c
	}
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bearer "))

	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(token, claims)
	if err != nil {
		c.Status, c.Detail = Fail, "the token is not a JWT: "+err.Error()
		c.Fix = "pass the access token (three base64url parts separated by dots), not an ID token file or an opaque token"
		return c
	}

	var reasons, notes []string
	if alg, _ := tok.Header["alg"].(string); alg == "" || strings.EqualFold(alg, "none") {
		reasons = append(reasons, fmt.Sprintf("alg %q: the token is not signed", alg))
	}

	// Issuer: AgentCore takes it from the discovery document; the container
	// compares iss with ZSCALER_MCP_AUTH_ISSUER.
	wantIss := j.Issuer
	docIss, derr := discoveryIssuer(ctx, hc, j.DiscoveryURL)
	switch {
	case derr != nil:
		notes = append(notes, "discovery document not read ("+derr.Error()+"); issuer derived offline")
		if wantIss == "" {
			wantIss = template.IssuerFromDiscovery(j.DiscoveryURL)
		}
	case wantIss != "" && docIss != wantIss:
		reasons = append(reasons, fmt.Sprintf("the discovery document names issuer %q but the container expects %q (ZSCALER_MCP_AUTH_ISSUER)", docIss, wantIss))
	default:
		wantIss = docIss
	}
	iss, _ := claims["iss"].(string)
	if wantIss != "" && iss != wantIss {
		hint := ""
		if strings.TrimRight(iss, "/") == strings.TrimRight(wantIss, "/") {
			hint = " (they differ only by the trailing slash; iss is compared exactly)"
		}
		reasons = append(reasons, fmt.Sprintf("iss is %q, the authorizer expects %q%s", iss, wantIss, hint))
	}

	// Lifetime.
	if exp, err := claims.GetExpirationTime(); err != nil || exp == nil {
		reasons = append(reasons, "no valid exp claim")
	} else if !now.Before(exp.Time) {
		reasons = append(reasons, fmt.Sprintf("expired at %s (%s ago)", exp.UTC().Format(time.RFC3339), now.Sub(exp.Time).Round(time.Second)))
	}
	if nbf, err := claims.GetNotBefore(); err == nil && nbf != nil && now.Before(nbf.Time) {
		reasons = append(reasons, fmt.Sprintf("not valid before %s", nbf.UTC().Format(time.RFC3339)))
	}

	// Audience (allowedAudience).
	aud, _ := claims.GetAudience()
	if len(j.Audiences) > 0 {
		switch {
		case len(aud) == 0:
			reasons = append(reasons, fmt.Sprintf("the token has no aud claim but the authorizer requires one of %v (Cognito access tokens have none: configure allowed clients instead)", j.Audiences))
		case !intersects(aud, j.Audiences):
			reasons = append(reasons, fmt.Sprintf("aud %v is not one of the allowed audiences %v", []string(aud), j.Audiences))
		}
	}

	// Client (allowedClients on client_id, or one customClaims EQUALS rule).
	claim := j.ClientClaim
	if claim == "" {
		claim = template.ClaimClientID
	}
	if len(j.ClientIDs) > 0 {
		got := claimString(claims[claim])
		switch {
		case claim == template.ClaimClientID:
			if !slices.Contains(j.ClientIDs, got) {
				reasons = append(reasons, fmt.Sprintf("client_id %q is not one of the allowed clients %v%s", got, j.ClientIDs, clientHint(claims, j.ClientIDs)))
			}
		case len(j.ClientIDs) == 1:
			if got != j.ClientIDs[0] {
				reasons = append(reasons, fmt.Sprintf("claim %s is %q, the authorizer requires %q%s", claim, got, j.ClientIDs[0], clientHint(claims, j.ClientIDs)))
			}
		default:
			notes = append(notes, fmt.Sprintf("with %d client ids in the %s claim the authorizer checks the audience, not the client", len(j.ClientIDs), claim))
		}
	}

	// Scopes (allowedScopes: one of them must be granted).
	if len(j.Scopes) > 0 {
		have := scopes(claims)
		if !intersects(have, j.Scopes) {
			reasons = append(reasons, fmt.Sprintf("the token's scopes %v include none of the allowed scopes %v", have, j.Scopes))
		}
	}

	// The container's own check: aud in ZSCALER_MCP_AUTH_AUDIENCE, or, for
	// tokens without aud, client_id/azp in it.
	accepted := append(slices.Clone(j.Audiences), j.ClientIDs...)
	if container && len(accepted) > 0 {
		ok := intersects(aud, accepted)
		if len(aud) == 0 {
			ok = slices.Contains(accepted, claimString(claims["client_id"])) || slices.Contains(accepted, claimString(claims["azp"]))
		}
		if !ok {
			reasons = append(reasons, fmt.Sprintf("the container (ZSCALER_MCP_AUTH_AUDIENCE=%s) refuses it: neither aud %v nor client_id/azp is listed", strings.Join(accepted, ","), []string(aud)))
		}
	}

	detail := fmt.Sprintf("discovery %s, iss %q", j.DiscoveryURL, iss)
	if len(notes) > 0 {
		detail += "; " + strings.Join(notes, "; ")
	}
	if len(reasons) > 0 {
		c.Status = Fail
		c.Detail = "the authorizer would refuse the token: " + strings.Join(reasons, "; ") + " (" + detail + ")"
		c.Fix = fix
		return c
	}
	c.Status = Pass
	c.Detail = "the authorizer would accept the token (claims only; AgentCore also verifies the signature with the IdP's keys): " + detail
	return c
}

func discoveryIssuer(ctx context.Context, hc *http.Client, discovery string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, discovery, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: HTTP %d", discovery, resp.StatusCode)
	}
	var doc struct {
		Issuer string `json:"issuer"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Issuer == "" {
		return "", fmt.Errorf("GET %s: not an OpenID discovery document", discovery)
	}
	return doc.Issuer, nil
}

func claimString(v any) string {
	s, _ := v.(string)
	return s
}

func scopes(c jwt.MapClaims) []string {
	var out []string
	for _, k := range []string{"scope", "scp"} {
		switch v := c[k].(type) {
		case string:
			out = append(out, strings.Fields(v)...)
		case []any:
			for _, s := range v {
				if s, ok := s.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// clientHint names the claim that does hold an allowed client id.
func clientHint(c jwt.MapClaims, clients []string) string {
	for _, k := range []string{template.ClaimClientID, template.ClaimAZP, template.ClaimCID, template.ClaimAppID} {
		if v := claimString(c[k]); v != "" && slices.Contains(clients, v) {
			return fmt.Sprintf(" (the client id is in the %s claim: set --jwt-client-claim %s)", k, k)
		}
	}
	return ""
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
