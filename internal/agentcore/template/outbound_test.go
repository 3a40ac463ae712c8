package template

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// idpShape is one row of the guide's IdP table (plus the override): the
// discovery URL, the claim override, and the claim the authorizers match.
type idpShape struct {
	name, discovery, override, claim string
	jwks                             string // for an IdP whose JWKS URI cannot be derived
}

var idpShapes = []idpShape{
	{name: "Cognito", discovery: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration", claim: ClaimClientID},
	{name: "Auth0", discovery: "https://acme.us.auth0.com/.well-known/openid-configuration", claim: ClaimAZP},
	{name: "Okta", discovery: "https://acme.okta.com/oauth2/default/.well-known/openid-configuration", claim: ClaimCID},
	{name: "EntraV1", discovery: "https://login.microsoftonline.com/tid/.well-known/openid-configuration", claim: ClaimAppID},
	{name: "EntraV2", discovery: "https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration", claim: ClaimAZP},
	{name: "Keycloak", discovery: "https://kc.example.com/realms/zs/.well-known/openid-configuration", claim: ClaimAZP},
	{name: "Google", discovery: "https://accounts.google.com/.well-known/openid-configuration", claim: ClaimAZP},
	{name: "Override", discovery: "https://login.example.com/.well-known/openid-configuration", override: "client_app", claim: "client_app", jwks: "https://login.example.com/keys"},
}

// outboundInputs are inputs for one outbound mode × gateway mode × IdP
// shape, with nothing more than that mode needs: no OAuth secret outside
// oauth.
func outboundInputs(outbound, mode string, idp idpShape) Inputs {
	in := Inputs{ImageURI: testImage, Region: "us-east-1", Account: "123456789012", ExistingSecretName: "zscaler/mcp/credentials"}
	g := Gateway{Mode: mode, OutboundAuth: outbound, ClientIDs: []string{"gwClient1"}}
	if mode == GatewayAttach {
		g.ExistingID = "shared-gateway-abcdefghij"
	}
	// The IdP: the Gateway's inbound authorizer in create mode.
	if mode == GatewayCreate {
		g.DiscoveryURL, g.ClientClaim, g.Audiences = idp.discovery, idp.override, []string{"urn:zscaler-mcp:gateway"}
	}
	switch outbound {
	case OutboundOAuth:
		g.ClientSecret = testGWSecret
		if mode == GatewayAttach {
			in.JWT = JWT{DiscoveryURL: idp.discovery, Audiences: []string{"urn:zscaler-mcp:runtime"}, ClientClaim: idp.override}
		}
	case OutboundIAM:
		in.AuthMode = AuthZscaler
	}
	if idp.jwks != "" && outbound != OutboundIAM {
		in.JWT.JWKSURI = idp.jwks
	}
	in.Gateway = g
	return in
}

func authorizerOf(t *testing.T, tmpl map[string]any, params map[string]string, id string) map[string]any {
	t.Helper()
	return asMap(asMap(resourceProps(t, tmpl, params, id)["AuthorizerConfiguration"])["CustomJWTAuthorizer"])
}

// TestOutboundAuthMatrix: each outbound mode × gateway mode × IdP shape
// gives a template the CloudFormation specification accepts, whose Rules
// accept its own parameters, whose target carries the credential provider
// configuration of the mode, and which needs no OAuth secret outside oauth.
func TestOutboundAuthMatrix(t *testing.T) {
	spec := loadSpec(t)
	for _, outbound := range OutboundAuths {
		for _, mode := range []string{GatewayCreate, GatewayAttach} {
			for _, idp := range idpShapes {
				t.Run(fmt.Sprintf("%s/%s/%s", outbound, mode, idp.name), func(t *testing.T) {
					in := outboundInputs(outbound, mode, idp)
					if err := in.Validate(); err != nil {
						t.Fatal(err)
					}
					r, _ := in.Resolved()
					if r.Gateway.OutboundAuth != outbound {
						t.Fatalf("outbound auth resolved to %s", r.Gateway.OutboundAuth)
					}
					tmpl, _ := parsed(t, in)
					params := StackParameters(in)
					if params[pGatewayOutboundAuth] != outbound {
						t.Errorf("GatewayOutboundAuth = %q", params[pGatewayOutboundAuth])
					}
					if failed := failedRules(t, tmpl, params); len(failed) > 0 {
						t.Fatalf("the Rules reject the template's own parameters: %v", failed)
					}
					for _, e := range checkTemplate(spec, tmpl, nil) {
						t.Error(e)
					}
					for _, e := range checkTemplate(spec, tmpl, conditionValues(t, tmpl, params)) {
						t.Errorf("as deployed: %s", e)
					}
					if outbound != OutboundOAuth {
						if params[pGatewayClientSecret] != "" || params[pGatewayProviderARN] != "" {
							t.Errorf("OAuth settings outside oauth: %v", params)
						}
						if resourceProps(t, tmpl, params, lidProvider) != nil {
							t.Error("an OAuth2 credential provider is created outside oauth mode")
						}
					}

					creds := asList(resourceProps(t, tmpl, params, lidTarget)["CredentialProviderConfigurations"])
					if len(creds) != 1 {
						t.Fatalf("CredentialProviderConfigurations = %v", creds)
					}
					cred := asMap(creds[0])
					provider := asMap(cred["CredentialProvider"])
					switch outbound {
					case OutboundIAM:
						iam := asMap(provider["IamCredentialProvider"])
						if cred["CredentialProviderType"] != "GATEWAY_IAM_ROLE" || iam["Service"] != "bedrock-agentcore" || iam["Region"] != "us-east-1" {
							t.Errorf("iam credentials = %v", cred)
						}
					case OutboundOAuth:
						oauth := asMap(provider["OauthCredentialProvider"])
						if cred["CredentialProviderType"] != "OAUTH" || oauth["ProviderArn"] != "{"+lidProvider+".CredentialProviderArn}" || oauth["GrantType"] != DefaultGrantType {
							t.Errorf("oauth credentials = %v", cred)
						}
					}

					// The runtime's inbound side agrees with what reaches it.
					rt := resourceProps(t, tmpl, params, lidRuntime)
					env := asMap(rt["EnvironmentVariables"])
					switch outbound {
					case OutboundIAM:
						if rt["AuthorizerConfiguration"] != nil || env["ZSCALER_MCP_TRUST_PLATFORM_AUTH"] != "true" {
							t.Errorf("iam: the runtime must keep IAM inbound with the platform-trust fallback: %v / %v", rt["AuthorizerConfiguration"], env)
						}
					default:
						rtAuth := authorizerOf(t, tmpl, params, lidRuntime)
						if rtAuth["DiscoveryUrl"] != idp.discovery {
							t.Errorf("runtime discovery = %v, want %s", rtAuth["DiscoveryUrl"], idp.discovery)
						}
						if env["ZSCALER_MCP_AUTH_ISSUER"] != IssuerFromDiscovery(idp.discovery) {
							t.Errorf("container issuer = %v, want %s", env["ZSCALER_MCP_AUTH_ISSUER"], IssuerFromDiscovery(idp.discovery))
						}
						checkClaimMatcher(t, "runtime", rtAuth, idp.claim, "gwClient1")
					}

					if mode == GatewayCreate {
						gwAuth := authorizerOf(t, tmpl, params, lidGateway)
						checkClaimMatcher(t, "gateway", gwAuth, idp.claim, "gwClient1")
						checkGatewayRole(t, outbound, resourceProps(t, tmpl, params, lidGatewayRole))
					}
				})
			}
		}
	}
}

func checkClaimMatcher(t *testing.T, side string, auth map[string]any, claim, client string) {
	t.Helper()
	if claim == ClaimClientID {
		if got := strs(auth["AllowedClients"]); !slices.Equal(got, []string{client}) || auth["CustomClaims"] != nil {
			t.Errorf("%s: allowedClients = %v, customClaims = %v; want allowedClients [%s]", side, got, auth["CustomClaims"], client)
		}
		return
	}
	claims := asList(auth["CustomClaims"])
	if len(claims) != 1 || auth["AllowedClients"] != nil {
		t.Fatalf("%s: customClaims = %v, allowedClients = %v", side, claims, auth["AllowedClients"])
	}
	c := asMap(claims[0])
	match := asMap(c["AuthorizingClaimMatchValue"])
	if c["InboundTokenClaimName"] != claim || match["ClaimMatchOperator"] != "EQUALS" || asMap(match["ClaimMatchValue"])["MatchValueString"] != client {
		t.Errorf("%s: customClaims %v, want %s EQUALS %s", side, c, claim, client)
	}
}

// checkGatewayRole: oauth may use the credential provider; iam may invoke
// this runtime and nothing else.
func checkGatewayRole(t *testing.T, outbound string, role map[string]any) {
	t.Helper()
	policies := asList(role["Policies"])
	if len(policies) != 1 {
		t.Fatalf("Gateway role policies = %v", policies)
	}
	statements := asList(asMap(asMap(policies[0])["PolicyDocument"])["Statement"])
	var actions []string
	for _, s := range statements {
		sm := asMap(s)
		actions = append(actions, strs(sm["Action"])...)
		if a, ok := sm["Action"].(string); ok {
			actions = append(actions, a)
		}
		if outbound == OutboundIAM {
			for _, res := range strs(sm["Resource"]) {
				if !strings.HasPrefix(res, "{"+lidRuntime+".AgentRuntimeArn}") {
					t.Errorf("iam: the Gateway role reaches %s, not only this runtime", res)
				}
			}
		}
	}
	switch outbound {
	case OutboundIAM:
		if !slices.Equal(actions, []string{"bedrock-agentcore:InvokeAgentRuntime"}) {
			t.Errorf("iam: the Gateway role may %v", actions)
		}
	case OutboundOAuth:
		if !slices.Contains(actions, "bedrock-agentcore:GetResourceOauth2Token") || slices.Contains(actions, "bedrock-agentcore:InvokeAgentRuntime") {
			t.Errorf("oauth: the Gateway role may %v", actions)
		}
	}
}

// The guide's Mode 1 settings, as written (discovery URL, client id,
// audience, no secret), give an iam template: no OAuth secret is demanded,
// and the runtime keeps IAM inbound. The guide's default, jwt-passthrough,
// is refused with the reason: AgentCore does not accept it on an mcpServer
// target.
func TestGuideMode1NeedsNoOAuthSecret(t *testing.T) {
	in := Inputs{ImageURI: testImage, ExistingSecretName: "zscaler/mcp/credentials",
		Gateway: Gateway{Mode: GatewayCreate, DiscoveryURL: "https://my-tenant.us.auth0.com/.well-known/openid-configuration",
			ClientIDs: []string{"quick-suite-client"}, Audiences: []string{"urn:zscaler-mcp:gateway"}}}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	r, _ := in.Resolved()
	if r.Gateway.OutboundAuth != OutboundIAM || r.AuthMode != AuthZscaler {
		t.Errorf("outbound %s, auth mode %s", r.Gateway.OutboundAuth, r.AuthMode)
	}
	passthrough := in
	passthrough.Gateway.OutboundAuth = "JWT-Passthrough"
	if err := passthrough.Validate(); err == nil || !strings.Contains(err.Error(), "does not accept JWT_PASSTHROUGH on an mcpServer target") ||
		!strings.Contains(err.Error(), "use iam") || strings.Contains(err.Error(), "is not one of") {
		t.Errorf("jwt-passthrough: %v", err)
	}
	// A runtime that takes bearer tokens gets them from an OAuth2 provider,
	// which needs its settings.
	bearer := in
	bearer.AuthMode = AuthJWT
	if r, _ := bearer.Resolved(); r.Gateway.OutboundAuth != OutboundOAuth {
		t.Errorf("auth mode jwt: outbound %s", r.Gateway.OutboundAuth)
	}
	if err := bearer.Validate(); err == nil || !strings.Contains(err.Error(), "GatewayOutboundAuth oauth needs an OAuth2 credential provider") {
		t.Errorf("auth mode jwt without OAuth settings: %v", err)
	}
	// A supplied OAuth provider means oauth, as the guide's "an OAuth
	// credential provider you supply".
	in.Gateway.ProviderARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/MyOrgAuth0Provider"
	if r, notes := in.Resolved(); r.Gateway.OutboundAuth != OutboundOAuth || !strings.Contains(strings.Join(notes, "\n"), "outbound auth oauth") {
		t.Errorf("with a provider ARN: outbound %s, notes %v", r.Gateway.OutboundAuth, notes)
	}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	// iam with the default auth mode keeps IAM inbound.
	in.Gateway.ProviderARN, in.Gateway.OutboundAuth = "", OutboundIAM
	if r, _ := in.Resolved(); r.AuthMode != AuthZscaler {
		t.Errorf("iam: auth mode %s", r.AuthMode)
	}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	in.Gateway.OutboundAuth = "sigv4"
	if err := in.Validate(); err == nil || !strings.Contains(err.Error(), `GatewayOutboundAuth (GATEWAY_OUTBOUND_AUTH): "sigv4" is not one of iam, oauth`) {
		t.Errorf("unknown outbound auth: %v", err)
	}
}

// The evaluated authorizers, as the local emulation applies them: per IdP
// shape, the client's id in the shape's claim passes, another id or the id
// in another claim is forbidden, a foreign audience is unauthorized.
func TestEvaluatedAuthorizers(t *testing.T) {
	for _, idp := range idpShapes {
		for _, mode := range []string{GatewayCreate, GatewayAttach} {
			in := outboundInputs(OutboundOAuth, mode, idp)
			if mode == GatewayAttach { // the GATEWAY_INBOUND_* settings describe the existing Gateway
				in.Gateway.DiscoveryURL, in.Gateway.ClientClaim, in.Gateway.Audiences = idp.discovery, idp.override, []string{"urn:zscaler-mcp:gateway"}
			}
			gw, err := in.GatewayAuthorizer()
			if err != nil {
				t.Fatal(err)
			}
			rt, err := in.RuntimeAuthorizer()
			if err != nil || rt == nil {
				t.Fatalf("runtime authorizer %v, %v", rt, err)
			}
			// In create mode the runtime trusts the Gateway's IdP, the
			// outbound client (the first of the Gateway's) in the same claim.
			if gw.DiscoveryURL != idp.discovery || mode == GatewayCreate && !reflect.DeepEqual(gw, rt) {
				t.Errorf("%s/%s: gateway %+v, runtime %+v", idp.name, mode, gw, rt)
			}
			good := map[string]any{"aud": "urn:zscaler-mcp:gateway", idp.claim: "gwClient1"}
			if u, f := gw.Check(good); len(u)+len(f) > 0 {
				t.Errorf("%s/%s: the right token is refused: %v %v", idp.name, mode, u, f)
			}
			if _, f := gw.Check(map[string]any{"aud": "urn:zscaler-mcp:gateway", idp.claim: "intruder"}); len(f) == 0 {
				t.Errorf("%s/%s: a wrong client passes", idp.name, mode)
			}
			other := ClaimAZP
			if idp.claim == ClaimAZP {
				other = ClaimCID
			}
			if _, f := gw.Check(map[string]any{"aud": "urn:zscaler-mcp:gateway", other: "gwClient1"}); len(f) == 0 {
				t.Errorf("%s/%s: the client id in %s instead of %s passes", idp.name, mode, other, idp.claim)
			}
			if u, _ := gw.Check(map[string]any{"aud": "urn:elsewhere", idp.claim: "gwClient1"}); len(u) == 0 {
				t.Errorf("%s/%s: a foreign audience passes", idp.name, mode)
			}
		}
	}
	for outbound, want := range map[string]string{OutboundIAM: "GATEWAY_IAM_ROLE", OutboundOAuth: "OAUTH"} {
		if got, err := outboundInputs(outbound, GatewayCreate, idpShapes[0]).GatewayCredentialType(); err != nil || got != want {
			t.Errorf("%s: credential type %q, %v", outbound, got, err)
		}
	}
}
