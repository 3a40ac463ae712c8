package template

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

// AC-32: the runtime's requestHeaderAllowlist and authorizer per auth mode,
// as the template deploys them (evaluated with each mode's parameters).
func TestHeaderAllowlistPerMode(t *testing.T) {
	extra := map[string][]string{
		AuthNone:    nil,
		AuthAPIKey:  {"X-Api-Key"},
		AuthZscaler: {"X-Zscaler-Client-ID", "X-Zscaler-Client-Secret"},
		AuthJWT:     {"Authorization"},
	}
	for _, mode := range AuthModes {
		t.Run(mode, func(t *testing.T) {
			in := comboInputs(combo{CreateNew, mode, NetworkPublic, GatewayNone})
			tmpl, _ := parsed(t, in)
			rt := resourceProps(t, tmpl, StackParameters(in), lidRuntime)
			list := strs(asMap(rt["RequestHeaderConfiguration"])["RequestHeaderAllowlist"])
			want := append(slices.Clone(RoutingHeaders), extra[mode]...)
			if !slices.Equal(list, want) {
				t.Errorf("allowlist = %v, want %v", list, want)
			}
			for _, h := range RoutingHeaders {
				if !slices.Contains(list, h) {
					t.Errorf("routing header %s missing", h)
				}
			}
			if len(list) > MaxAllowlist {
				t.Errorf("%d entries", len(list))
			}
			for _, h := range list {
				if l := strings.ToLower(h); strings.HasPrefix(l, "x-amz-") || strings.HasPrefix(l, "x-amzn-") {
					t.Errorf("reserved header %s", h)
				}
			}
			az, hasAuthorizer := rt["AuthorizerConfiguration"]
			if hasAuth := slices.Contains(list, "Authorization"); hasAuth != hasAuthorizer || hasAuthorizer != (mode == AuthJWT) {
				t.Fatalf("Authorization allowlisted: %v, authorizer: %v (mode %s)", hasAuth, hasAuthorizer, mode)
			}
			if mode == AuthJWT {
				jwt := asMap(asMap(az)["CustomJWTAuthorizer"])
				if got := jwt["DiscoveryUrl"]; got != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration" {
					t.Errorf("discoveryUrl = %v", got)
				}
				if got := strs(jwt["AllowedClients"]); !slices.Equal(got, []string{"cognitoClientA", "cognitoClientB"}) {
					t.Errorf("allowedClients = %v", got)
				}
			}
			env := asMap(rt["EnvironmentVariables"])
			trust, _ := env["ZSCALER_MCP_TRUST_PLATFORM_AUTH"].(string)
			if (trust == "true") != (mode == AuthAPIKey || mode == AuthZscaler) {
				t.Errorf("ZSCALER_MCP_TRUST_PLATFORM_AUTH = %q in mode %s", trust, mode)
			}
			if env["ZSCALER_MCP_AUTH_MODE"] != mode {
				t.Errorf("ZSCALER_MCP_AUTH_MODE = %v", env["ZSCALER_MCP_AUTH_MODE"])
			}
		})
	}
}

// AC-32 on the reference's own example: the discovery URL derived from an
// Auth0 issuer, the audience, and Authorization with the authorizer.
func TestJWTAuthorizerFromIssuer(t *testing.T) {
	in := Inputs{ImageURI: testImage, ExistingSecretName: "s", AuthMode: AuthJWT,
		JWT: JWT{Issuer: "https://tenant.us.auth0.com/", Audiences: []string{"zscaler-mcp-server"}}}
	tmpl, _ := parsed(t, in)
	rt := resourceProps(t, tmpl, StackParameters(in), lidRuntime)
	jwt := asMap(asMap(rt["AuthorizerConfiguration"])["CustomJWTAuthorizer"])
	if jwt["DiscoveryUrl"] != "https://tenant.us.auth0.com/.well-known/openid-configuration" {
		t.Errorf("discoveryUrl = %v", jwt["DiscoveryUrl"])
	}
	if got := strs(jwt["AllowedAudience"]); !slices.Equal(got, []string{"zscaler-mcp-server"}) {
		t.Errorf("allowedAudience = %v", got)
	}
	if _, ok := jwt["AllowedClients"]; ok {
		t.Error("allowedClients without client ids")
	}
	env := asMap(rt["EnvironmentVariables"])
	if env["ZSCALER_MCP_AUTH_ISSUER"] != "https://tenant.us.auth0.com/" || env["ZSCALER_MCP_AUTH_JWKS_URI"] != "https://tenant.us.auth0.com/.well-known/jwks.json" {
		t.Errorf("container jwt settings: %v", env)
	}
}

func TestCheckHeaderAllowlist(t *testing.T) {
	many := slices.Clone(RoutingHeaders)
	for i := 0; len(many) <= MaxAllowlist; i++ {
		many = append(many, "X-Custom-"+string(rune('A'+i)))
	}
	for _, tc := range []struct {
		list []string
		jwt  bool
		want string
	}{
		{many, false, "at most 20"},
		{append(slices.Clone(RoutingHeaders), "X-Amzn-Bedrock-AgentCore-Runtime-User-Id"), false, "reserved"},
		{append(slices.Clone(RoutingHeaders), "x-amz-date"), false, "reserved"},
		{append(slices.Clone(RoutingHeaders), "Authorization"), false, "only with a JWT authorizer"},
		{append(slices.Clone(RoutingHeaders), "mcp-method"), false, "listed twice"},
		{nil, false, "empty"},
	} {
		err := CheckHeaderAllowlist(tc.list, tc.jwt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.list, err, tc.want)
		}
	}
	if err := CheckHeaderAllowlist(append(slices.Clone(RoutingHeaders), "Authorization"), true); err != nil {
		t.Errorf("jwt allowlist refused: %v", err)
	}
	if _, err := HeaderAllowlist("oauth"); err == nil {
		t.Error("an unknown mode has an allowlist")
	}
}

func TestDetectIdP(t *testing.T) {
	for _, tc := range []struct{ url, idp, claim string }{
		{"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration", "Amazon Cognito", ClaimClientID},
		{"https://my-domain.auth.us-east-1.amazoncognito.com", "Amazon Cognito", ClaimClientID},
		{"https://acme.us.auth0.com/.well-known/openid-configuration", "Auth0", ClaimAZP},
		{"https://acme.eu.auth0.com/", "Auth0", ClaimAZP},
		{"https://acme.okta.com/oauth2/default/.well-known/openid-configuration", "Okta", ClaimCID},
		{"https://acme.oktapreview.com", "Okta", ClaimCID},
		{"https://login.microsoftonline.com/0000-tenant/v2.0/.well-known/openid-configuration", "Microsoft Entra ID (v2 tokens)", ClaimAZP},
		{"https://login.microsoftonline.com/0000-tenant/.well-known/openid-configuration", "Microsoft Entra ID (v1 tokens)", ClaimAppID},
		{"https://sts.windows.net/0000-tenant/", "Microsoft Entra ID (v1 tokens)", ClaimAppID},
		{"https://kc.example.com/realms/zscaler/.well-known/openid-configuration", "Keycloak", ClaimAZP},
		{"https://accounts.google.com", "Google", ClaimAZP},
		{"https://idp.example.com", "", ClaimClientID},
	} {
		got := DetectIdP(tc.url)
		if got.Name != tc.idp || got.ClientClaim != tc.claim {
			t.Errorf("%s: %+v, want %s/%s", tc.url, got, tc.idp, tc.claim)
		}
	}
}

func TestIssuerAndJWKSDerivation(t *testing.T) {
	for _, tc := range []struct{ discovery, issuer, jwks string }{
		{"https://acme.us.auth0.com/.well-known/openid-configuration", "https://acme.us.auth0.com/", "https://acme.us.auth0.com/.well-known/jwks.json"},
		{"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/jwks.json"},
		{"https://acme.okta.com/oauth2/default/.well-known/openid-configuration", "https://acme.okta.com/oauth2/default", "https://acme.okta.com/oauth2/default/v1/keys"},
		{"https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration", "https://login.microsoftonline.com/tid/v2.0", "https://login.microsoftonline.com/tid/discovery/v2.0/keys"},
		{"https://login.microsoftonline.com/tid/.well-known/openid-configuration", "https://sts.windows.net/tid/", "https://login.microsoftonline.com/tid/discovery/keys"},
		{"https://kc.example.com/realms/z/.well-known/openid-configuration", "https://kc.example.com/realms/z", "https://kc.example.com/realms/z/protocol/openid-connect/certs"},
		{"https://accounts.google.com/.well-known/openid-configuration", "https://accounts.google.com", "https://www.googleapis.com/oauth2/v3/certs"},
		{"https://idp.example.com/.well-known/openid-configuration", "https://idp.example.com", ""},
	} {
		iss := IssuerFromDiscovery(tc.discovery)
		if iss != tc.issuer {
			t.Errorf("issuer of %s = %s, want %s", tc.discovery, iss, tc.issuer)
		}
		if got := JWKSURI(iss); got != tc.jwks {
			t.Errorf("JWKS of %s = %s, want %s", iss, got, tc.jwks)
		}
		if got := DiscoveryURL(iss); tc.issuer != "https://sts.windows.net/tid/" && got != tc.discovery {
			t.Errorf("discovery of %s = %s", iss, got)
		}
	}
}

// The client-id claim per IdP decides the authorizer's shape, for the
// runtime and the Gateway alike; an override wins; several client ids stay
// acceptable (any of them with allowedClients; through the audience with
// another claim).
func TestClientClaimAuthorizerShape(t *testing.T) {
	type want struct {
		allowedClients []string
		claim          string // customClaims claim name, "" = none
		value          string
	}
	for _, tc := range []struct {
		name      string
		discovery string
		override  string
		clients   []string
		want      want
	}{
		{"Cognito, several clients", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/.well-known/openid-configuration", "", []string{"c1", "c2", "c3"}, want{allowedClients: []string{"c1", "c2", "c3"}}},
		{"Auth0", "https://acme.us.auth0.com/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "azp", value: "c1"}},
		{"Okta", "https://acme.okta.com/oauth2/default/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "cid", value: "c1"}},
		{"Entra v1", "https://login.microsoftonline.com/tid/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "appid", value: "c1"}},
		{"Entra v2", "https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "azp", value: "c1"}},
		{"Keycloak", "https://kc.example.com/realms/z/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "azp", value: "c1"}},
		{"Google", "https://accounts.google.com/.well-known/openid-configuration", "", []string{"c1"}, want{claim: "azp", value: "c1"}},
		{"override", "https://acme.us.auth0.com/.well-known/openid-configuration", "client_id", []string{"c1", "c2"}, want{allowedClients: []string{"c1", "c2"}}},
		{"Auth0, several clients", "https://acme.us.auth0.com/.well-known/openid-configuration", "", []string{"c1", "c2"}, want{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aud := []string{"urn:api"}
			runtimeIn := Inputs{ImageURI: testImage, ExistingSecretName: "s", AuthMode: AuthJWT,
				JWT: JWT{DiscoveryURL: tc.discovery, JWKSURI: "https://keys.example.com/jwks", Issuer: "https://issuer.example.com", ClientIDs: tc.clients, Audiences: aud, ClientClaim: tc.override}}
			gatewayIn := Inputs{ImageURI: testImage, ExistingSecretName: "s", AuthMode: AuthJWT,
				JWT:     JWT{Issuer: "https://acme.us.auth0.com/", Audiences: aud},
				Gateway: Gateway{Mode: GatewayCreate, DiscoveryURL: tc.discovery, ClientIDs: tc.clients, Audiences: aud, ClientClaim: tc.override, ClientSecret: testGWSecret}}
			for _, side := range []struct {
				in       Inputs
				resource string
				path     func(map[string]any) map[string]any
			}{
				{runtimeIn, lidRuntime, func(p map[string]any) map[string]any { return asMap(p["AuthorizerConfiguration"]) }},
				{gatewayIn, lidGateway, func(p map[string]any) map[string]any { return asMap(p["AuthorizerConfiguration"]) }},
			} {
				tmpl, _ := parsed(t, side.in)
				jwt := asMap(side.path(resourceProps(t, tmpl, StackParameters(side.in), side.resource))["CustomJWTAuthorizer"])
				if got := strs(jwt["AllowedClients"]); !slices.Equal(got, tc.want.allowedClients) {
					t.Errorf("%s: allowedClients = %v, want %v", side.resource, got, tc.want.allowedClients)
				}
				claims := asList(jwt["CustomClaims"])
				if tc.want.claim == "" {
					if len(claims) != 0 {
						t.Errorf("%s: customClaims %v", side.resource, claims)
					}
				} else {
					if len(claims) != 1 {
						t.Fatalf("%s: customClaims %v", side.resource, claims)
					}
					c := asMap(claims[0])
					match := asMap(c["AuthorizingClaimMatchValue"])
					if c["InboundTokenClaimName"] != tc.want.claim || c["InboundTokenClaimValueType"] != "STRING" || match["ClaimMatchOperator"] != "EQUALS" ||
						asMap(match["ClaimMatchValue"])["MatchValueString"] != tc.want.value {
						t.Errorf("%s: customClaims %v", side.resource, claims)
					}
				}
				if got := strs(jwt["AllowedAudience"]); !slices.Equal(got, aud) {
					t.Errorf("%s: allowedAudience = %v", side.resource, got)
				}
			}
		})
	}
	// Several clients on a non-client_id claim without an audience: refused
	// (the authorizer could not restrict the tokens), with the fix.
	in := Inputs{ImageURI: testImage, ExistingSecretName: "s", AuthMode: AuthJWT,
		JWT: JWT{Issuer: "https://acme.us.auth0.com/", ClientIDs: []string{"c1", "c2"}}}
	if err := in.Validate(); err == nil || !strings.Contains(err.Error(), "needs JwtAudience") {
		t.Errorf("err = %v", err)
	}
	if w := strings.Join(in.Warnings(), "\n"); !strings.Contains(w, "with 2 client ids the runtime authorizer checks the audience") {
		t.Errorf("warnings = %s", w)
	}
}

// Each inconsistent combination is rejected by Validate with the rule's
// words, and by the rendered template's Rules with the same parameters.
func TestRulesRejectInconsistentInputs(t *testing.T) {
	base := comboInputs(combo{CreateNew, AuthZscaler, NetworkPublic, GatewayNone})
	gw := comboInputs(combo{CreateNew, AuthJWT, NetworkPublic, GatewayCreate}) // oauth: a client secret is given
	iam := gw
	iam.Gateway.ClientSecret, iam.JWT, iam.AuthMode = "", JWT{}, "" // iam, the default
	for _, in := range []Inputs{gw, iam} {
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		rule   string
		from   Inputs
		change func(*Inputs)
	}{
		{"ImageUriNeeded", base, func(in *Inputs) { in.ImageURI = "" }},
		{"UseExistingNeedsSecretName", base, func(in *Inputs) {
			in.CredentialSource, in.ClientID, in.ClientSecret, in.VanityDomain, in.CustomerID = UseExisting, "", "", "", ""
		}},
		{"UseExistingTakesNoCredentials", base, func(in *Inputs) { in.CredentialSource, in.ExistingSecretName = UseExisting, "zscaler/mcp/credentials" }},
		{"CreateNewNeedsCredentials", base, func(in *Inputs) { in.ClientSecret = "" }},
		{"CreateNewTakesNoExistingSecret", base, func(in *Inputs) { in.CredentialSource, in.ExistingSecretName = CreateNew, "other" }},
		{"OneKmsKeyChoice", base, func(in *Inputs) {
			in.CreateKMSKey, in.SecretKMSKeyARN = true, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		}},
		{"ApiKeyOnlyInApiKeyMode", base, func(in *Inputs) { in.APIKey = testAPIKey }},
		{"JwtNeedsAuthorizerSettings", base, func(in *Inputs) { in.AuthMode = AuthJWT }},
		{"JwtClientClaimNeedsAudience", base, func(in *Inputs) {
			in.AuthMode, in.JWT = AuthJWT, JWT{Issuer: "https://acme.okta.com/oauth2/default", ClientIDs: []string{"c1"}}
		}},
		{"VpcNeedsSubnetsAndSecurityGroups", base, func(in *Inputs) { in.NetworkMode, in.Subnets = NetworkVPC, []string{"subnet-0a1b"} }},
		{"PublicTakesNoVpcSettings", base, func(in *Inputs) { in.SecurityGroups = []string{"sg-0a1b"} }},
		{"WriteToolsNeedAllowlist", base, func(in *Inputs) { in.WriteEnabled = true }},
		{"WriteAllowlistNeedsSwitch", base, func(in *Inputs) { in.WriteTools = []string{"zpa_create_*"} }},
		{"GatewayOAuthNeedsJwt", gw, func(in *Inputs) { in.AuthMode, in.JWT = AuthAPIKey, JWT{} }},
		{"GatewayIamNeedsIamInbound", iam, func(in *Inputs) { in.Gateway.OutboundAuth, in.AuthMode = OutboundIAM, AuthJWT }},
		{"GatewayOAuthSettingsOnlyWithOAuth", iam, func(in *Inputs) {
			in.Gateway.OutboundAuth, in.Gateway.ClientSecret = OutboundIAM, testGWSecret
		}},
		{"GatewayCreateNeedsInboundAuthorizer", gw, func(in *Inputs) { in.Gateway.DiscoveryURL = "" }},
		{"GatewayClientClaimNeedsAudience", gw, func(in *Inputs) { in.Gateway.Audiences = nil }},
		{"GatewayAttachNeedsGatewayId", gw, func(in *Inputs) { in.Gateway.Mode = GatewayAttach }},
		{"GatewayNeedsOutboundCredentials", gw, func(in *Inputs) { in.Gateway.OutboundAuth, in.Gateway.ClientSecret = OutboundOAuth, "" }},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			seen[tc.rule] = true
			var message string
			r, _ := tc.from.Resolved()
			for _, rl := range rules(r) {
				if rl.name == tc.rule {
					message = rl.message
				}
			}
			if message == "" {
				t.Fatalf("no rule %s", tc.rule)
			}
			bad := tc.from
			tc.change(&bad)
			err := bad.Validate()
			if err == nil || !strings.Contains(err.Error(), message) {
				t.Fatalf("Validate() = %v\nwant the message %q", err, message)
			}
			// The template rendered for consistent inputs rejects the same
			// parameter values at deploy time.
			tmpl, _ := parsed(t, tc.from)
			if _, ok := asMap(tmpl["Rules"])[tc.rule]; !ok {
				t.Fatalf("the template has no rule %s", tc.rule)
			}
			params := StackParameters(bad)
			for name := range StackParameters(tc.from) {
				if _, ok := params[name]; !ok {
					params[name] = StackParameters(tc.from)[name]
				}
			}
			if failed := failedRules(t, tmpl, params); !slices.Contains(failed, tc.rule) {
				t.Errorf("the template's Rules let the parameters through (failed: %v)", failed)
			}
		})
	}
	// Every rule of the template is exercised above, except the tool-schema
	// pin, which is tested on its own.
	r, _ := gw.Resolved()
	for _, rl := range rules(r) {
		if !seen[rl.name] && rl.name != "ToolSchemaMatchesToolPolicy" && rl.name != "JwtClientsNeedClaimName" && rl.name != "GatewayClientsNeedClaimName" {
			t.Errorf("rule %s has no test", rl.name)
		}
	}
}

// A console edit of the tool policy cannot leave the Gateway's schema
// behind; the claim-name rules hold when the claim is cleared by hand.
func TestRulesPinToolSchemaAndClaimNames(t *testing.T) {
	in := comboInputs(combo{CreateNew, AuthJWT, NetworkPublic, GatewayCreate})
	tmpl, _ := parsed(t, in)
	for _, tc := range []struct {
		param, value, rule string
	}{
		{pWriteEnabled, "true", "ToolSchemaMatchesToolPolicy"},
		{pDisabledServices, "zia", "ToolSchemaMatchesToolPolicy"},
		{pGatewayClientClaim, "", "GatewayClientsNeedClaimName"},
		{pJWTClientClaim, "", "JwtClientsNeedClaimName"},
	} {
		params := StackParameters(in)
		params[tc.param] = tc.value
		if failed := failedRules(t, tmpl, params); !slices.Contains(failed, tc.rule) {
			t.Errorf("%s=%q: rules failed %v, want %s", tc.param, tc.value, failed, tc.rule)
		}
	}
	if failed := failedRules(t, tmpl, StackParameters(in)); len(failed) > 0 {
		t.Errorf("the inputs' own parameters fail %v", failed)
	}
}

// Validate names the runtime-name pattern and the fix, and lists every
// problem at once.
func TestValidateRuntimeName(t *testing.T) {
	in := comboInputs(combo{CreateNew, AuthNone, NetworkPublic, GatewayNone})
	in.RuntimeName = "zscaler-mcp"
	in.ImageURI = "zscaler/zscaler-mcp-server:latest"
	err := in.Validate()
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{RuntimeNamePattern, "zscaler_mcp or zscalermcp", "ECRImageUri (ZSCALER_MCP_IMAGE_URI)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v\nlacks %q", err, want)
		}
	}
	if _, err := Render(in); err == nil {
		t.Error("Render accepted invalid inputs")
	}
	if _, err := PlanAWSCLI(in); err == nil {
		t.Error("PlanAWSCLI accepted invalid inputs")
	}
	in.Region = "eu-west-1"
	in.RuntimeName, in.ImageURI = "", testImage
	if err := in.Validate(); err == nil || !strings.Contains(err.Error(), "the image is in ECR in us-east-1 but the runtime is deployed in eu-west-1") {
		t.Errorf("cross-region image: %v", err)
	}
	if r, _ := (Inputs{}).Resolved(); r.RuntimeName != "zscalermcp" {
		t.Errorf("default runtime name %q", r.RuntimeName)
	}
}

// With Secrets Manager the runtime's environment holds no credential: only
// the secret's name, the region and switches the server reads.
func TestEnvironmentHoldsNoCredentials(t *testing.T) {
	cfg, err := config.LoadFrom(nil)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"AWS_REGION": true}
	for _, o := range cfg.Origins {
		known[o.Env] = !o.Secret
	}
	forbidden := []string{"ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY", "ZSCALER_MCP_AUTH_API_KEY", "ZSCALER_MCP_CONFIRMATION_KEYS"}
	for c, in := range validCombos(t) {
		tmpl, body := parsed(t, in)
		if s := containsAny(string(body), testSecrets); s != "" {
			t.Errorf("%s: the template holds the secret value %s", c, s)
		}
		rt := resourceProps(t, tmpl, StackParameters(in), lidRuntime)
		env := asMap(rt["EnvironmentVariables"])
		for k, v := range env {
			if slices.Contains(forbidden, k) {
				t.Errorf("%s: the environment holds %s", c, k)
			}
			if !known[k] {
				t.Errorf("%s: %s is not a non-secret setting the server reads", c, k)
			}
			if s := containsAny(v.(string), testSecrets); s != "" {
				t.Errorf("%s: %s holds the secret value %s", c, k, s)
			}
		}
		wantName := "zscalermcp-credentials"
		if c.cred == UseExisting {
			wantName = "zscaler/mcp/credentials"
		}
		if env["ZSCALER_SECRET_NAME"] != wantName || env["AWS_REGION"] != "us-east-1" {
			t.Errorf("%s: ZSCALER_SECRET_NAME=%v AWS_REGION=%v", c, env["ZSCALER_SECRET_NAME"], env["AWS_REGION"])
		}
		if env["ZSCALER_MCP_DISABLE_HOST_VALIDATION"] != "true" || env["ZSCALER_MCP_TRANSPORT"] != "streamable-http" || env["ZSCALER_MCP_HOST"] != "0.0.0.0" {
			t.Errorf("%s: container switches %v", c, env)
		}
		// The secret the stack creates carries the credentials (and the api
		// key in api-key mode), encrypted with KMS.
		if c.cred == CreateNew {
			sec := resourceProps(t, tmpl, StackParameters(in), lidSecret)
			if sec["KmsKeyId"] != AWSManagedSecretKey {
				t.Errorf("%s: KmsKeyId = %v", c, sec["KmsKeyId"])
			}
			text, _ := sec["SecretString"].(string)
			if gen := asMap(sec["GenerateSecretString"]); gen != nil {
				text, _ = gen["SecretStringTemplate"].(string)
				if gen["GenerateStringKey"] != apiKeyField || c.auth != AuthAPIKey {
					t.Errorf("%s: GenerateSecretString %v", c, gen)
				}
			}
			var fields map[string]string
			if err := json.Unmarshal([]byte(text), &fields); err != nil {
				t.Fatalf("%s: the secret is not JSON: %v", c, err)
			}
			// Evaluated with the deploy-time parameters: the values themselves.
			if fields["ZSCALER_CLIENT_ID"] != testClientID || fields["ZSCALER_CLIENT_SECRET"] != testClientSecret || fields["ZSCALER_VANITY_DOMAIN"] != "acme" ||
				fields["ZSCALER_CUSTOMER_ID"] != "2041234" || fields["ZCELL_CUSTOMER_ID"] != "zc-7788" {
				t.Errorf("%s: the secret holds %v", c, fields)
			}
			if _, hasKey := fields[apiKeyField]; hasKey != (c.auth == AuthAPIKey && in.APIKey != "") {
				t.Errorf("%s: api key in the secret: %v", c, hasKey)
			}
		}
	}
}

// Least privilege: the runtime role pulls the image's own repository, reads
// the one secret (and decrypts only through Secrets Manager), writes its
// own log group; AgentCore may assume it for this account only.
func TestExecutionRoleLeastPrivilege(t *testing.T) {
	for c, in := range validCombos(t) {
		tmpl, _ := parsed(t, in)
		params := StackParameters(in)
		role := resourceProps(t, tmpl, params, lidRole)
		statements := asList(asMap(asMap(asList(role["Policies"])[0])["PolicyDocument"])["Statement"])
		checkStatements(t, c.String()+" execution role", statements)
		var secretRes, ecrRes []string
		for _, s := range statements {
			sm := asMap(s)
			acts := actions(sm)
			if slices.ContainsFunc(acts, func(a string) bool { return strings.HasPrefix(a, "secretsmanager:") }) {
				secretRes = append(secretRes, stmtResources(sm)...)
			}
			if slices.Contains(acts, "ecr:BatchGetImage") {
				ecrRes = append(ecrRes, stmtResources(sm)...)
			}
			for _, a := range acts {
				if strings.HasPrefix(a, "bedrock:") || a == "*" || strings.HasSuffix(a, ":*") {
					t.Errorf("%s: the role grants %s", c, a)
				}
			}
		}
		if want := "arn:aws:ecr:us-east-1:123456789012:repository/zscaler/zscaler-mcp-server"; !slices.Equal(ecrRes, []string{want}) {
			t.Errorf("%s: ECR resources %v, want %s", c, ecrRes, want)
		}
		wantSecret := "{" + lidSecret + "}"
		if c.cred == UseExisting {
			wantSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:zscaler/mcp/credentials-??????"
		}
		if !slices.Equal(secretRes, []string{wantSecret}) {
			t.Errorf("%s: secret resources %v, want %s", c, secretRes, wantSecret)
		}
		trust := asList(asMap(role["AssumeRolePolicyDocument"])["Statement"])
		cond := asMap(asMap(trust[0])["Condition"])
		if asMap(cond["StringEquals"])["aws:SourceAccount"] != "123456789012" || asMap(cond["ArnLike"])["aws:SourceArn"] != "arn:aws:bedrock-agentcore:us-east-1:123456789012:*" {
			t.Errorf("%s: trust policy conditions %v", c, cond)
		}
		if c.gw == GatewayCreate {
			gwRole := resourceProps(t, tmpl, params, lidGatewayRole)
			checkStatements(t, c.String()+" gateway role", asList(asMap(asMap(asList(gwRole["Policies"])[0])["PolicyDocument"])["Statement"]))
		}
	}
	// A customer-managed key: decrypt on that key, through Secrets Manager only.
	for _, in := range []Inputs{
		func() Inputs {
			in := comboInputs(combo{CreateNew, AuthNone, NetworkPublic, GatewayNone})
			in.CreateKMSKey = true
			return in
		}(),
		func() Inputs {
			in := comboInputs(combo{UseExisting, AuthNone, NetworkPublic, GatewayNone})
			in.SecretKMSKeyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			return in
		}(),
	} {
		tmpl, _ := parsed(t, in)
		role := resourceProps(t, tmpl, StackParameters(in), lidRole)
		var kms map[string]any
		for _, s := range asList(asMap(asMap(asList(role["Policies"])[0])["PolicyDocument"])["Statement"]) {
			if slices.Contains(actions(asMap(s)), "kms:Decrypt") {
				kms = asMap(s)
			}
		}
		want := "{" + lidKey + ".Arn}"
		if !in.CreateKMSKey {
			want = in.SecretKMSKeyARN
		}
		if kms == nil || !slices.Equal(stmtResources(kms), []string{want}) ||
			asMap(asMap(kms["Condition"])["StringEquals"])["kms:ViaService"] != "secretsmanager.us-east-1.amazonaws.com" {
			t.Errorf("kms statement %v, want decrypt on %s via Secrets Manager", kms, want)
		}
	}
}

// checkStatements: no secret or ECR action on "*" (ecr:GetAuthorizationToken
// excepted: IAM accepts only "*" for it, alone in its statement).
func checkStatements(t *testing.T, what string, statements []any) {
	t.Helper()
	for _, s := range statements {
		sm := asMap(s)
		res := stmtResources(sm)
		acts := actions(sm)
		if !slices.Contains(res, "*") {
			continue
		}
		if !slices.Equal(acts, []string{"ecr:GetAuthorizationToken"}) && !slices.Equal(acts, []string{"logs:DescribeLogGroups"}) {
			t.Errorf("%s: %v on *", what, acts)
		}
	}
	for _, s := range statements {
		for _, r := range stmtResources(asMap(s)) {
			if strings.HasSuffix(r, ":secret:*") || strings.HasSuffix(r, ":repository/*") {
				t.Errorf("%s: resource %s", what, r)
			}
		}
	}
}

func actions(s map[string]any) []string {
	if a, ok := s["Action"].(string); ok {
		return []string{a}
	}
	return strs(s["Action"])
}

func stmtResources(s map[string]any) []string {
	if r, ok := s["Resource"].(string); ok {
		return []string{r}
	}
	return strs(s["Resource"])
}

// The ECR repository ARN is parsed from the image URI by the template
// itself, for tags, digests and nested repository names.
func TestImageRepositoryParsing(t *testing.T) {
	for uri, repo := range map[string]string{
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/zscaler/zscaler-mcp-server:0.1.0":         "arn:aws:ecr:eu-west-1:123456789012:repository/zscaler/zscaler-mcp-server",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp":                                      "arn:aws:ecr:eu-west-1:123456789012:repository/mcp",
		"709825985650.dkr.ecr.us-east-1.amazonaws.com/a/b/c@sha256:" + strings.Repeat("ab", 32): "arn:aws:ecr:us-east-1:709825985650:repository/a/b/c",
	} {
		e := newEvaluator(map[string]string{pImageURI: uri}, nil)
		got, err := e.eval(imageRepositoryARN())
		if err != nil || got != repo {
			t.Errorf("%s: %v %v, want %s", uri, got, err, repo)
		}
		img, ok := ParseImageURI(uri)
		if !ok || "arn:aws:ecr:"+img.Region+":"+img.Account+":repository/"+img.Repository != repo {
			t.Errorf("ParseImageURI(%s) = %+v", uri, img)
		}
	}
}

// The outputs of the guide, and the Gateway's, are there.
func TestOutputs(t *testing.T) {
	in := comboInputs(combo{CreateNew, AuthJWT, NetworkPublic, GatewayCreate})
	tmpl, _ := parsed(t, in)
	outs := asMap(tmpl["Outputs"])
	for _, name := range []string{"AgentRuntimeId", "AgentRuntimeArn", "SecretName", "SecurityNote", "VerificationCommand", "LogsCommand", "RuntimeMcpUrl", "GatewayId", "GatewayMcpUrl", "GatewayTargetId"} {
		if _, ok := outs[name]; !ok {
			t.Errorf("no output %s", name)
		}
	}
	e := evalWith(tmpl, StackParameters(in))
	logs, err := e.eval(asMap(outs["LogsCommand"])["Value"])
	if err != nil || logs != "aws logs tail /aws/bedrock-agentcore/runtimes/{AgentRuntime.AgentRuntimeId}-DEFAULT --region us-east-1 --follow" {
		t.Errorf("LogsCommand = %v %v", logs, err)
	}
	secret, _ := e.eval(asMap(outs["SecretName"])["Value"])
	if secret != "zscalermcp-credentials" {
		t.Errorf("SecretName = %v", secret)
	}
	// The target's endpoint is the runtime's invocation URL with the ARN encoded.
	e = newEvaluator(StackParameters(in), func(id, attr string) (any, error) {
		return "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234", nil
	})
	url, err := e.eval(runtimeURL())
	if err != nil || url != "https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fzscalermcp-AbCdEf1234/invocations?qualifier=DEFAULT" {
		t.Errorf("runtime URL = %v %v", url, err)
	}
}

// The Gateway target carries the catalogue's schema, for the same policy.
func TestGatewayTargetSchema(t *testing.T) {
	in := comboInputs(combo{UseExisting, AuthJWT, NetworkPublic, GatewayAttach})
	in.WriteEnabled, in.WriteTools = true, []string{"zpa_create_*"}
	tmpl, _ := parsed(t, in)
	target := resourceProps(t, tmpl, StackParameters(in), lidTarget)
	server := asMap(asMap(asMap(target["TargetConfiguration"])["Mcp"])["McpServer"])
	payload, _ := asMap(server["McpToolSchema"])["InlinePayload"].(string)
	want, err := in.ToolSchema()
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if json.Unmarshal([]byte(payload), &a) != nil || json.Unmarshal(want, &b) != nil {
		t.Fatal("schema is not JSON")
	}
	if !jsonEqual(a, b) {
		t.Error("the target's schema differs from export-tool-schema")
	}
	if target["GatewayIdentifier"] != "shared-gateway-abcdefghij" {
		t.Errorf("GatewayIdentifier = %v", target["GatewayIdentifier"])
	}
	if strings.Count(payload, `"name":"zpa_create_`) == 0 {
		t.Error("the allowlisted write tools are missing from the schema")
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestYAMLAndJSONAreOneTemplate: the YAML, written partly in flow style to
// stay small, reads back as exactly the JSON, for templates with and
// without a Gateway.
func TestYAMLAndJSONAreOneTemplate(t *testing.T) {
	for c, in := range validCombos(t) {
		y, err := Render(in)
		if err != nil {
			t.Fatal(err)
		}
		j, err := RenderJSON(in)
		if err != nil {
			t.Fatal(err)
		}
		var fromYAML any
		if err := yaml.Unmarshal(y, &fromYAML); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		normalized, err := json.Marshal(fromYAML)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(normalized, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(j, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the YAML and the JSON templates differ", c)
		}
		if c.gw == GatewayNone && !bytes.Contains(y, []byte("IsCreateNew: {'Fn::Equals': [{Ref: CredentialSource}, CreateNew]}")) {
			t.Errorf("%s: the conditions are not written on one line", c)
		}
	}
}
