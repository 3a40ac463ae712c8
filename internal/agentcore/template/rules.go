package template

import (
	"fmt"
	"maps"
	"slices"
)

// rule is one entry of the template's Rules section: CloudFormation
// rejects the parameters before creating anything when the condition holds
// and the assertion does not. Validate evaluates the same expressions, so
// the CLI and the console refuse the same inputs with the same words.
type rule struct {
	name    string
	when    any // RuleCondition; nil = always
	assert  any
	message string // the AssertDescription: what is wrong and the fix
}

func is(param, value string) obj { return equals(ref(param), value) }
func set(param string) obj       { return not(equals(ref(param), "")) }
func unset(param string) obj     { return equals(ref(param), "") }
func listSet(param string) obj   { return not(ruleListEmpty(param)) }

// rules are the consistency checks across parameters. The tool-schema rule
// pins the tool policy the Gateway schema was generated for, so a console
// edit cannot make the Gateway's tool list disagree with the runtime's.
func rules(r Inputs) []rule {
	jwt := is(pAuthMode, AuthJWT)
	out := []rule{
		{name: "ImageUriNeeded",
			assert:  set(pImageURI),
			message: "ECRImageUri (ZSCALER_MCP_IMAGE_URI) is needed: the zscaler-mcp image in Amazon ECR in the stack's region, ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG (zscaler-mcp agentcore image push prints it)"},
		{name: "UseExistingNeedsSecretName", when: is(pCredentialSource, UseExisting),
			assert:  set(pExistingSecret),
			message: "CredentialSource UseExisting needs ExistingSecretName (ZSCALER_SECRET_NAME): the name of the secret that holds the Zscaler credentials"},
		{name: "UseExistingTakesNoCredentials", when: is(pCredentialSource, UseExisting),
			assert:  and(unset(pClientID), unset(pClientSecret), unset(pVanityDomain), unset(pCustomerID), unset(pCloud), unset(pZCellCustomerID), unset(pAPIKey), is(pCreateKMSKey, "false")),
			message: "CredentialSource UseExisting reads every credential from ExistingSecretName (an api key as its ZSCALER_MCP_AUTH_API_KEY): leave ZscalerClientId, ZscalerClientSecret, ZscalerVanityDomain, ZscalerCustomerId, ZscalerCloud, ZCellCustomerId, McpApiKey empty and CreateKmsKey false, or use CreateNew"},
		{name: "CreateNewNeedsCredentials", when: is(pCredentialSource, CreateNew),
			assert:  and(set(pClientID), set(pClientSecret), set(pVanityDomain)),
			message: "CredentialSource CreateNew needs ZscalerClientId, ZscalerClientSecret and ZscalerVanityDomain (ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET, ZSCALER_VANITY_DOMAIN), or use UseExisting with ExistingSecretName (ZSCALER_SECRET_NAME)"},
		{name: "CreateNewTakesNoExistingSecret", when: is(pCredentialSource, CreateNew),
			assert:  unset(pExistingSecret),
			message: "CredentialSource CreateNew creates its own secret: leave ExistingSecretName (ZSCALER_SECRET_NAME) empty, or use UseExisting"},
		{name: "OneKmsKeyChoice", when: is(pCreateKMSKey, "true"),
			assert:  unset(pSecretKMSKeyARN),
			message: "CreateKmsKey true creates the secret's key: leave SecretKmsKeyArn empty, or set CreateKmsKey false to use that key"},
		{name: "ApiKeyOnlyInApiKeyMode", when: set(pAPIKey),
			assert:  is(pAuthMode, AuthAPIKey),
			message: "McpApiKey (ZSCALER_MCP_AUTH_API_KEY) is used in McpAuthMode api-key only: set McpAuthMode api-key or leave McpApiKey empty"},
		{name: "JwtNeedsAuthorizerSettings", when: jwt,
			assert:  and(set(pJWTDiscoveryURL), set(pJWTIssuer), set(pJWTJWKSURI), or(listSet(pJWTAudience), listSet(pJWTClients))),
			message: "McpAuthMode jwt needs JwtDiscoveryUrl, JwtIssuer and JwtJwksUri (ZSCALER_MCP_AUTH_ISSUER: the CLI derives the other two from it), and JwtAudience or JwtAllowedClients (ZSCALER_MCP_AUTH_AUDIENCE, ZSCALER_MCP_AUTH_JWT_ALLOWED_CLIENTS)"},
		{name: "JwtClientsNeedClaimName", when: and(jwt, listSet(pJWTClients)),
			assert:  set(pJWTClientClaim),
			message: "JwtAllowedClients needs JwtClientClaimName (ZSCALER_MCP_AUTH_JWT_CLIENT_CLAIM_NAME): client_id (Cognito), azp (Auth0, Entra v2, Keycloak, Google), cid (Okta) or appid (Entra v1)"},
		{name: "JwtClientClaimNeedsAudience", when: and(jwt, listSet(pJWTClients), not(is(pJWTClientClaim, ClaimClientID))),
			assert:  listSet(pJWTAudience),
			message: "JwtAllowedClients matched on a claim other than client_id needs JwtAudience (ZSCALER_MCP_AUTH_AUDIENCE): AgentCore matches such a claim against one client only, so the audience must restrict the tokens"},
		{name: "VpcNeedsSubnetsAndSecurityGroups", when: is(pNetworkMode, NetworkVPC),
			assert:  and(listSet(pSubnets), listSet(pSecurityGroups)),
			message: "NetworkMode VPC needs VpcSubnetIds and VpcSecurityGroupIds (AGENTCORE_VPC_SUBNETS, AGENTCORE_VPC_SECURITY_GROUPS)"},
		{name: "PublicTakesNoVpcSettings", when: is(pNetworkMode, NetworkPublic),
			assert:  and(ruleListEmpty(pSubnets), ruleListEmpty(pSecurityGroups)),
			message: "NetworkMode PUBLIC does not use VpcSubnetIds or VpcSecurityGroupIds: clear them, or set NetworkMode VPC (AGENTCORE_NETWORK_MODE)"},
		{name: "WriteToolsNeedAllowlist", when: is(pWriteEnabled, "true"),
			assert:  set(pWriteTools),
			message: "EnableWriteTools true exposes only the write tools WriteToolsAllowlist (ZSCALER_MCP_WRITE_TOOLS) matches, and it is empty: set it (e.g. zpa_create_*,zia_update_*) or set EnableWriteTools false"},
		{name: "WriteAllowlistNeedsSwitch", when: is(pWriteEnabled, "false"),
			assert:  unset(pWriteTools),
			message: "WriteToolsAllowlist (ZSCALER_MCP_WRITE_TOOLS) has no effect while EnableWriteTools (ZSCALER_MCP_WRITE_ENABLED) is false: set EnableWriteTools true or clear the allowlist"},
	}
	if !r.Gateway.Enabled() {
		return out
	}
	return append(out, []rule{
		{name: "GatewayIamNeedsIamInbound", when: is(pGatewayOutboundAuth, OutboundIAM),
			assert:  not(jwt),
			message: "GatewayOutboundAuth iam (GATEWAY_OUTBOUND_AUTH) signs with SigV4, which a runtime in McpAuthMode jwt refuses (it takes bearer tokens only): set McpAuthMode none, api-key or zscaler (ZSCALER_MCP_AUTH_MODE), or GatewayOutboundAuth oauth"},
		{name: "GatewayOAuthNeedsJwt", when: is(pGatewayOutboundAuth, OutboundOAuth),
			assert:  jwt,
			message: "GatewayOutboundAuth oauth (GATEWAY_OUTBOUND_AUTH) reaches the runtime with OAuth tokens, so McpAuthMode (ZSCALER_MCP_AUTH_MODE) must be jwt, or GatewayOutboundAuth iam"},
		{name: "GatewayOAuthSettingsOnlyWithOAuth", when: not(is(pGatewayOutboundAuth, OutboundOAuth)),
			assert:  and(unset(pGatewayProviderARN), unset(pGatewayClientSecret)),
			message: "GatewayOAuthProviderArn and GatewayOAuthClientSecret (GATEWAY_OAUTH_PROVIDER_ARN, GATEWAY_OAUTH_CLIENT_SECRET) are used with GatewayOutboundAuth oauth only: clear them, or set GatewayOutboundAuth oauth (GATEWAY_OUTBOUND_AUTH)"},
		{name: "GatewayCreateNeedsInboundAuthorizer", when: is(pGatewayMode, GatewayCreate),
			assert:  and(set(pGatewayDiscoveryURL), or(listSet(pGatewayAudience), listSet(pGatewayClientIDs))),
			message: "GatewayMode create needs GatewayInboundDiscoveryUrl (GATEWAY_INBOUND_DISCOVERY_URL or GATEWAY_INBOUND_ISSUER) and GatewayInboundAllowedAudience or GatewayOAuthClientId (GATEWAY_INBOUND_ALLOWED_AUDIENCE, GATEWAY_OAUTH_CLIENT_ID)"},
		{name: "GatewayClientsNeedClaimName", when: and(is(pGatewayMode, GatewayCreate), listSet(pGatewayClientIDs)),
			assert:  set(pGatewayClientClaim),
			message: "GatewayOAuthClientId needs GatewayInboundClientClaimName (GATEWAY_INBOUND_CLIENT_CLAIM_NAME): client_id (Cognito), azp (Auth0, Entra v2, Keycloak, Google), cid (Okta) or appid (Entra v1)"},
		{name: "GatewayClientClaimNeedsAudience", when: and(is(pGatewayMode, GatewayCreate), listSet(pGatewayClientIDs), not(is(pGatewayClientClaim, ClaimClientID))),
			assert:  listSet(pGatewayAudience),
			message: "GatewayOAuthClientId matched on a claim other than client_id needs GatewayInboundAllowedAudience (GATEWAY_INBOUND_ALLOWED_AUDIENCE): AgentCore matches such a claim against one client only, so the audience must restrict the tokens"},
		{name: "GatewayAttachNeedsGatewayId", when: is(pGatewayMode, GatewayAttach),
			assert:  set(pExistingGatewayID),
			message: "GatewayMode attach needs ExistingGatewayId (EXISTING_GATEWAY_ID)"},
		{name: "GatewayNeedsOutboundCredentials", when: is(pGatewayOutboundAuth, OutboundOAuth),
			assert:  or(set(pGatewayProviderARN), and(set(pGatewayClientSecret), listSet(pGatewayClientIDs))),
			message: "GatewayOutboundAuth oauth needs an OAuth2 credential provider: GatewayOAuthProviderArn (GATEWAY_OAUTH_PROVIDER_ARN), or GatewayOAuthClientId and GatewayOAuthClientSecret (GATEWAY_OAUTH_CLIENT_ID, GATEWAY_OAUTH_CLIENT_SECRET) for a new one; GatewayOutboundAuth iam (GATEWAY_OUTBOUND_AUTH), with McpAuthMode none, api-key or zscaler, needs no client secret"},
		{name: "ToolSchemaMatchesToolPolicy",
			assert: and(is(pWriteEnabled, boolString(r.WriteEnabled)), is(pWriteTools, list(r.WriteTools)),
				is(pDisabledTools, list(r.DisabledTools)), is(pDisabledServices, list(r.DisabledServices))),
			message: fmt.Sprintf("the Gateway tool schema in this template was generated for EnableWriteTools=%s, WriteToolsAllowlist=%q, DisabledTools=%q, DisabledServices=%q: to change them, generate the template again (zscaler-mcp agentcore template) with the new settings",
				boolString(r.WriteEnabled), list(r.WriteTools), list(r.DisabledTools), list(r.DisabledServices))},
	}...)
}

// cfnRules renders the rules for the template.
func cfnRules(r Inputs) obj {
	var out obj
	for _, rl := range rules(r) {
		var body obj
		if rl.when != nil {
			body = append(body, kv{"RuleCondition", rl.when})
		}
		body = append(body, kv{"Assertions", []any{obj{{"Assert", rl.assert}, {"AssertDescription", rl.message}}}})
		out = append(out, kv{rl.name, body})
	}
	return out
}

// satisfiable reports whether the rule holds for some values of the
// parameters named in open (those left empty, to be filled in at stack
// creation), the others keeping theirs. Each open parameter the rule names
// is tried empty, with an arbitrary value, and with each string the rule
// compares it with: all that a rule can tell apart.
func satisfiable(rl rule, params map[string]string, open map[string]bool) (bool, error) {
	candidates := map[string][]string{}
	var names []string
	walkRule([]any{rl.when, rl.assert}, func(name, compared string) {
		if !open[name] {
			return
		}
		if _, seen := candidates[name]; !seen {
			names = append(names, name)
			candidates[name] = []string{"", "value-given-at-stack-creation"}
		}
		if !slices.Contains(candidates[name], compared) {
			candidates[name] = append(candidates[name], compared)
		}
	})
	trial := maps.Clone(params)
	var try func(i int) (bool, error)
	try = func(i int) (bool, error) {
		if i == len(names) {
			return evalRule(rl, trial)
		}
		for _, c := range candidates[names[i]] {
			trial[names[i]] = c
			if ok, err := try(i + 1); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	}
	return try(0)
}

// walkRule calls f for every parameter a rule expression refers to, with
// the string it is compared with ("" when it is not compared with one).
func walkRule(v any, f func(name, compared string)) {
	refName := func(v any) (string, bool) {
		if o, ok := v.(obj); ok && len(o) == 1 && o[0].K == "Ref" {
			name, ok := o[0].V.(string)
			return name, ok
		}
		return "", false
	}
	switch x := v.(type) {
	case obj:
		if name, ok := refName(x); ok {
			f(name, "")
			return
		}
		if len(x) == 1 && (x[0].K == "Fn::Equals" || x[0].K == "Fn::EachMemberEquals") {
			if args, ok := x[0].V.([]any); ok && len(args) == 2 {
				name, isRef := refName(args[0])
				lit, isLit := args[1].(string)
				if isRef && isLit {
					f(name, lit)
					return
				}
			}
		}
		for _, e := range x {
			walkRule(e.V, f)
		}
	case []any:
		for _, e := range x {
			walkRule(e, f)
		}
	}
}

// evalRule evaluates a rule with parameter values, as CloudFormation does.
func evalRule(rl rule, params map[string]string) (bool, error) {
	e := newEvaluator(params, nil)
	if rl.when != nil {
		applies, err := e.condition(rl.when)
		if err != nil || !applies {
			return true, err
		}
	}
	return e.condition(rl.assert)
}
