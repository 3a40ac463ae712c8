package template

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Parameter names. The first twelve are the AgentCore guide's (Method 1).
const (
	pRuntimeName      = "AgentRuntimeName"
	pDescription      = "AgentDescription"
	pImageURI         = "ECRImageUri"
	pCredentialSource = "CredentialSource"
	pClientID         = "ZscalerClientId"
	pClientSecret     = "ZscalerClientSecret"
	pVanityDomain     = "ZscalerVanityDomain"
	pCustomerID       = "ZscalerCustomerId"
	pZCellCustomerID  = "ZCellCustomerId"
	pCloud            = "ZscalerCloud"
	pExistingSecret   = "ExistingSecretName"
	pWriteEnabled     = "EnableWriteTools"
	pWriteTools       = "WriteToolsAllowlist"

	pCallTimeout      = "McpCallTimeout"
	pDisabledTools    = "DisabledTools"
	pDisabledServices = "DisabledServices"
	pSecretKMSKeyARN  = "SecretKmsKeyArn"
	pCreateKMSKey     = "CreateKmsKey"

	pAuthMode        = "McpAuthMode"
	pAPIKey          = "McpApiKey"
	pJWTDiscoveryURL = "JwtDiscoveryUrl"
	pJWTIssuer       = "JwtIssuer"
	pJWTJWKSURI      = "JwtJwksUri"
	pJWTAudience     = "JwtAudience"
	pJWTClients      = "JwtAllowedClients"
	pJWTScopes       = "JwtAllowedScopes"
	pJWTClientClaim  = "JwtClientClaimName"

	pNetworkMode    = "NetworkMode"
	pSubnets        = "VpcSubnetIds"
	pSecurityGroups = "VpcSecurityGroupIds"

	pGatewayMode          = "GatewayMode"
	pGatewayOutboundAuth  = "GatewayOutboundAuth"
	pGatewayName          = "GatewayName"
	pExistingGatewayID    = "ExistingGatewayId"
	pGatewayTargetName    = "GatewayTargetName"
	pGatewayDiscoveryURL  = "GatewayInboundDiscoveryUrl"
	pGatewayAudience      = "GatewayInboundAllowedAudience"
	pGatewayScopes        = "GatewayInboundAllowedScopes"
	pGatewayClientClaim   = "GatewayInboundClientClaimName"
	pGatewayClientIDs     = "GatewayOAuthClientId"
	pGatewayClientSecret  = "GatewayOAuthClientSecret"
	pGatewayProviderARN   = "GatewayOAuthProviderArn"
	pGatewayProviderName  = "GatewayOAuthProviderName"
	pGatewayProviderScope = "GatewayOAuthProviderScopes"
	pGatewayGrantType     = "GatewayOAuthProviderGrantType"
	pGatewayMCPVersions   = "GatewayMcpVersions"
)

const (
	typeString = "String"
	typeList   = "CommaDelimitedList"
)

// RuntimeNamePattern is AgentCore's rule for runtime names (no hyphens).
const RuntimeNamePattern = `^[a-zA-Z][a-zA-Z0-9_]{0,47}$`

// jsonSafe keeps a value that is placed inside the secret's JSON by
// Fn::Sub from breaking it: no double quote, backslash or control character.
const jsonSafe = `^[^"\\\x00-\x1f]*$`

// param is one template parameter: its CloudFormation declaration, where
// the CLI reads it, and how its value comes from the inputs.
type param struct {
	Name, Type, Description string
	Env                     string // the environment name the CLI reads (for messages)
	NoEcho                  bool
	AllowedValues           []string
	Pattern                 string // AllowedPattern (Java and Go regexp alike)
	Constraint              string // ConstraintDescription: what to do instead
	MaxLength               int
	Group                   string
	// gateway parameters exist only in a template generated with a Gateway
	// (its tool schema is generated with the template).
	gateway bool
	value   func(r *Inputs) string
}

// where names the parameter and its environment variable for a message.
func (p param) where() string {
	if p.Env == "" {
		return p.Name
	}
	return p.Name + " (" + p.Env + ")"
}

// check applies the parameter's own constraints, as CloudFormation will.
func (p param) check(v string) []string {
	var problems []string
	if len(p.AllowedValues) > 0 && !slices.Contains(p.AllowedValues, v) {
		problems = append(problems, fmt.Sprintf("%s: %q is not one of %s", p.where(), show(p, v), strings.Join(p.AllowedValues, ", ")))
	}
	if p.Pattern != "" {
		re := regexp.MustCompile(p.Pattern)
		values := []string{v}
		if p.Type == typeList {
			values = strings.Split(v, ",")
		}
		for _, item := range values {
			if !re.MatchString(item) {
				problems = append(problems, fmt.Sprintf("%s: %q does not match %s: %s", p.where(), show(p, item), p.Pattern, p.Constraint))
			}
		}
	}
	if p.MaxLength > 0 && len(v) > p.MaxLength {
		problems = append(problems, fmt.Sprintf("%s: %d characters; at most %d", p.where(), len(v), p.MaxLength))
	}
	return problems
}

func show(p param, v string) string {
	if p.NoEcho && v != "" {
		return "********"
	}
	return v
}

func list(vs []string) string { return strings.Join(vs, ",") }

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Console groups, in order.
var parameterGroups = []string{
	"Agent Runtime Configuration",
	"Credential Management",
	"Security Configuration",
	"Inbound Authentication",
	"Network",
	"AgentCore Gateway (optional)",
}

// parameters is the template's parameter list, in console order.
func parameters() []param {
	g0, g1, g2, g3, g4, g5 := parameterGroups[0], parameterGroups[1], parameterGroups[2], parameterGroups[3], parameterGroups[4], parameterGroups[5]
	return []param{
		{Name: pRuntimeName, Type: typeString, Group: g0, Env: "AGENTCORE_RUNTIME_NAME",
			Description: "The AgentCore runtime's name.",
			Pattern:     RuntimeNamePattern, Constraint: "letters, digits and underscores only, starting with a letter, at most 48 characters: no hyphens (zscaler-mcp → zscaler_mcp or zscalermcp)",
			value: func(r *Inputs) string { return r.RuntimeName }},
		{Name: pDescription, Type: typeString, Group: g0, MaxLength: 4096,
			Description: "Description of the runtime.",
			value:       func(r *Inputs) string { return r.Description }},
		{Name: pImageURI, Type: typeString, Group: g0, Env: "ZSCALER_MCP_IMAGE_URI",
			Description: "The zscaler-mcp image in Amazon ECR in the stack's region (zscaler-mcp agentcore image push prints its URI).",
			// Empty passes the pattern so that the one-click template's empty
			// default is a valid one; the rule ImageUriNeeded requires a value.
			Pattern:    `^([0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64})?)?$`,
			Constraint: "an Amazon ECR image URI: ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG|@sha256:DIGEST]",
			value:      func(r *Inputs) string { return r.ImageURI }},

		{Name: pCredentialSource, Type: typeString, Group: g1, Env: "ZSCALER_SECRET_NAME",
			Description:   "CreateNew: the stack creates a KMS-encrypted Secrets Manager secret from the credentials below. UseExisting: the runtime reads ExistingSecretName.",
			AllowedValues: []string{CreateNew, UseExisting},
			value:         func(r *Inputs) string { return r.CredentialSource }},
		{Name: pClientID, Type: typeString, Group: g1, Env: "ZSCALER_CLIENT_ID", NoEcho: true,
			Description: "CreateNew: the OneAPI client id (ZIdentity). Stored in the secret only.",
			Pattern:     jsonSafe, Constraint: "no double quote, backslash or control character (store such a value in a secret yourself and use UseExisting)",
			value: func(r *Inputs) string { return r.ClientID }},
		{Name: pClientSecret, Type: typeString, Group: g1, Env: "ZSCALER_CLIENT_SECRET", NoEcho: true,
			Description: "CreateNew: the OneAPI client secret. Stored in the secret only.",
			Pattern:     jsonSafe, Constraint: "no double quote, backslash or control character (store such a value in a secret yourself and use UseExisting)",
			value: func(r *Inputs) string { return r.ClientSecret }},
		{Name: pVanityDomain, Type: typeString, Group: g1, Env: "ZSCALER_VANITY_DOMAIN",
			Description: "CreateNew: the ZIdentity vanity domain (e.g. acme).",
			Pattern:     `^[A-Za-z0-9.-]*$`, Constraint: "letters, digits, dots and hyphens (the vanity domain, e.g. acme)",
			value: func(r *Inputs) string { return r.VanityDomain }},
		{Name: pCustomerID, Type: typeString, Group: g1, Env: "ZSCALER_CUSTOMER_ID",
			Description: "CreateNew: the Zscaler customer (tenant) id; ZPA tools need it.",
			Pattern:     `^[A-Za-z0-9_-]*$`, Constraint: "letters, digits, underscores and hyphens",
			value: func(r *Inputs) string { return r.CustomerID }},
		{Name: pZCellCustomerID, Type: typeString, Group: g1, Env: "ZCELL_CUSTOMER_ID",
			Description: "CreateNew: the ZCell (Cellular) customer id, its own and not ZPA's; only the ZCell tools need it.",
			Pattern:     `^[A-Za-z0-9_-]*$`, Constraint: "letters, digits, underscores and hyphens",
			value: func(r *Inputs) string { return r.ZCellCustomerID }},
		{Name: pCloud, Type: typeString, Group: g1, Env: "ZSCALER_CLOUD",
			Description: "CreateNew: empty for production, or the cloud name (beta, ...).",
			Pattern:     `^[a-z0-9]*$`, Constraint: "lower-case letters and digits (empty = production)",
			value: func(r *Inputs) string { return r.Cloud }},
		{Name: pExistingSecret, Type: typeString, Group: g1, Env: "ZSCALER_SECRET_NAME", MaxLength: 512,
			Description: "UseExisting: the name (not the ARN) of a secret in this account and region holding ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET, ZSCALER_VANITY_DOMAIN, ... as a JSON object.",
			Pattern:     `^[A-Za-z0-9/_+=.@-]*$`, Constraint: "a secret name (letters, digits and /_+=.@-), not an ARN",
			value: func(r *Inputs) string { return r.ExistingSecretName }},
		{Name: pSecretKMSKeyARN, Type: typeString, Group: g1, Env: "AGENTCORE_SECRET_KMS_KEY_ARN",
			Description: "Optional customer-managed KMS key for the secret (empty: aws/secretsmanager). The runtime may decrypt with it through Secrets Manager only.",
			Pattern:     `^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+)?$`, Constraint: "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias",
			value: func(r *Inputs) string { return r.SecretKMSKeyARN }},
		{Name: pCreateKMSKey, Type: typeString, Group: g1, Env: "AGENTCORE_CREATE_KMS_KEY",
			Description:   "CreateNew: true creates a customer-managed KMS key (rotation on) for the secret.",
			AllowedValues: []string{"true", "false"},
			value:         func(r *Inputs) string { return boolString(r.CreateKMSKey) }},

		{Name: pWriteEnabled, Type: typeString, Group: g2, Env: "ZSCALER_MCP_WRITE_ENABLED",
			Description:   "false (recommended) exposes read-only tools. true also needs WriteToolsAllowlist.",
			AllowedValues: []string{"true", "false"},
			value:         func(r *Inputs) string { return boolString(r.WriteEnabled) }},
		{Name: pWriteTools, Type: typeString, Group: g2, Env: "ZSCALER_MCP_WRITE_TOOLS",
			Description: "Comma-separated globs of the write tools to expose (e.g. zpa_create_*,zia_update_*). Empty exposes no write tool.",
			Pattern:     jsonSafe, Constraint: "comma-separated globs without quotes or backslashes",
			value: func(r *Inputs) string { return list(r.WriteTools) }},
		{Name: pCallTimeout, Type: typeString, Group: g2, Env: "ZSCALER_MCP_CALL_TIMEOUT",
			Description: "Seconds a tool call may take, retries included, before it ends with an error saying why (1-300; 50 ends before most MCP clients give up at 60).",
			Pattern:     `^([1-9][0-9]?|[1-2][0-9]{2}|300)$`, Constraint: "a whole number of seconds from 1 to 300",
			value: func(r *Inputs) string { return strconv.Itoa(r.CallTimeout) }},
		{Name: pDisabledTools, Type: typeString, Group: g2, Env: "ZSCALER_MCP_DISABLED_TOOLS",
			Description: "Comma-separated globs of tools to hide; they win over everything.",
			Pattern:     jsonSafe, Constraint: "comma-separated globs without quotes or backslashes",
			value: func(r *Inputs) string { return list(r.DisabledTools) }},
		{Name: pDisabledServices, Type: typeString, Group: g2, Env: "ZSCALER_MCP_DISABLED_SERVICES",
			Description: "Comma-separated services to hide (zia, zpa, zdx, zcc, ...).",
			Pattern:     `^[a-z, ]*$`, Constraint: "comma-separated service names",
			value: func(r *Inputs) string { return list(r.DisabledServices) }},

		{Name: pAuthMode, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_MODE",
			Description:   "How callers authenticate: none (IAM only), api-key (X-Api-Key), zscaler (X-Zscaler-Client-ID/-Secret), or jwt (a bearer token, checked by an AgentCore JWT authorizer).",
			AllowedValues: AuthModes,
			value:         func(r *Inputs) string { return r.AuthMode }},
		{Name: pAPIKey, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_API_KEY", NoEcho: true,
			Description: "api-key mode with CreateNew: the key, stored in the secret. Empty: Secrets Manager generates one (again whenever the secret's other values change).",
			Pattern:     `^([A-Za-z0-9._~+/=-]{16,512})?$`, Constraint: "16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -",
			value: func(r *Inputs) string { return r.APIKey }},
		{Name: pJWTDiscoveryURL, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_JWT_DISCOVERY_URL",
			Description: "jwt: the IdP's OpenID discovery URL (…/.well-known/openid-configuration).",
			Pattern:     `^(https://[^\s"\\]+)?$`, Constraint: "an https:// URL",
			value: func(r *Inputs) string { return r.JWT.DiscoveryURL }},
		{Name: pJWTIssuer, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_ISSUER",
			Description: "jwt: the tokens' iss claim, exactly (the container checks it).",
			Pattern:     `^(https://[^\s"\\]+)?$`, Constraint: "an https:// URL",
			value: func(r *Inputs) string { return r.JWT.Issuer }},
		{Name: pJWTJWKSURI, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_JWKS_URI",
			Description: "jwt: the IdP's JSON Web Key Set URL (the container verifies signatures with it).",
			Pattern:     `^(https://[^\s"\\]+)?$`, Constraint: "an https:// URL",
			value: func(r *Inputs) string { return r.JWT.JWKSURI }},
		{Name: pJWTAudience, Type: typeList, Group: g3, Env: "ZSCALER_MCP_AUTH_AUDIENCE",
			Description: "jwt: accepted aud values (comma-separated).",
			value:       func(r *Inputs) string { return list(r.JWT.Audiences) }},
		{Name: pJWTClients, Type: typeList, Group: g3, Env: "ZSCALER_MCP_AUTH_JWT_ALLOWED_CLIENTS",
			Description: "jwt: accepted OAuth client ids (comma-separated), matched on JwtClientClaimName.",
			value:       func(r *Inputs) string { return list(r.JWT.ClientIDs) }},
		{Name: pJWTScopes, Type: typeList, Group: g3, Env: "ZSCALER_MCP_AUTH_JWT_ALLOWED_SCOPES",
			Description: "jwt: scopes a token must carry (comma-separated).",
			value:       func(r *Inputs) string { return list(r.JWT.Scopes) }},
		{Name: pJWTClientClaim, Type: typeString, Group: g3, Env: "ZSCALER_MCP_AUTH_JWT_CLIENT_CLAIM_NAME",
			Description: "jwt: the claim holding the client id: client_id (Cognito, matched by allowedClients), azp (Auth0, Entra v2, Keycloak, Google), cid (Okta), appid (Entra v1).",
			Pattern:     `^[A-Za-z0-9_.:-]*$`, Constraint: "a claim name (letters, digits and _.:-)",
			value: func(r *Inputs) string { return r.JWT.ClientClaim }},

		{Name: pNetworkMode, Type: typeString, Group: g4, Env: "AGENTCORE_NETWORK_MODE",
			Description:   "PUBLIC, or VPC to run the runtime in your subnets (they need a route to ECR, Secrets Manager, CloudWatch Logs and the Zscaler APIs).",
			AllowedValues: []string{NetworkPublic, NetworkVPC},
			value:         func(r *Inputs) string { return r.NetworkMode }},
		{Name: pSubnets, Type: typeList, Group: g4, Env: "AGENTCORE_VPC_SUBNETS",
			Description: "VPC mode: subnet ids (comma-separated), in AgentCore-supported availability zones.",
			Pattern:     `^(subnet-[0-9a-f]+)?$`, Constraint: "subnet ids (subnet-...), comma-separated",
			value: func(r *Inputs) string { return list(r.Subnets) }},
		{Name: pSecurityGroups, Type: typeList, Group: g4, Env: "AGENTCORE_VPC_SECURITY_GROUPS",
			Description: "VPC mode: security group ids (comma-separated).",
			Pattern:     `^(sg-[0-9a-f]+)?$`, Constraint: "security group ids (sg-...), comma-separated",
			value: func(r *Inputs) string { return list(r.SecurityGroups) }},

		{Name: pGatewayMode, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_MODE",
			Description:   "create: a new Gateway in front of the runtime; attach: a target on an existing Gateway.",
			AllowedValues: []string{GatewayCreate, GatewayAttach},
			value:         func(r *Inputs) string { return r.Gateway.Mode }},
		{Name: pGatewayOutboundAuth, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_OUTBOUND_AUTH",
			Description:   "How the Gateway authenticates to the runtime: iam signs with the Gateway's role (McpAuthMode none, api-key or zscaler); oauth uses an OAuth2 credential provider (McpAuthMode jwt). AgentCore forwards no caller token to an mcpServer target.",
			AllowedValues: OutboundAuths,
			value:         func(r *Inputs) string { return r.Gateway.OutboundAuth }},
		{Name: pGatewayName, Type: typeString, Group: g5, gateway: true, Env: "AGENTCORE_GATEWAY_NAME",
			Description: "create: the Gateway's name.",
			Pattern:     `^([0-9a-zA-Z][-]?){1,100}$`, Constraint: "letters, digits and single hyphens (no underscores)",
			value: func(r *Inputs) string { return r.Gateway.Name }},
		{Name: pExistingGatewayID, Type: typeString, Group: g5, gateway: true, Env: "EXISTING_GATEWAY_ID",
			Description: "attach: the id of the Gateway to add the target to.",
			Pattern:     `^[0-9a-zA-Z-]*$`, Constraint: "a Gateway id (bedrock-agentcore-control list-gateways)",
			value: func(r *Inputs) string { return r.Gateway.ExistingID }},
		{Name: pGatewayTargetName, Type: typeString, Group: g5, gateway: true, Env: "AGENTCORE_GATEWAY_TARGET_NAME",
			Description: "The Gateway target's name; tools appear as <target>___<tool>.",
			Pattern:     `^([0-9a-zA-Z][-]?){1,100}$`, Constraint: "letters, digits and single hyphens (no underscores)",
			value: func(r *Inputs) string { return r.Gateway.TargetName }},
		{Name: pGatewayDiscoveryURL, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_INBOUND_DISCOVERY_URL",
			Description: "create: the OpenID discovery URL of the IdP that issues the tokens callers present to the Gateway.",
			Pattern:     `^(https://[^\s"\\]+)?$`, Constraint: "an https:// URL",
			value: func(r *Inputs) string { return r.Gateway.DiscoveryURL }},
		{Name: pGatewayAudience, Type: typeList, Group: g5, gateway: true, Env: "GATEWAY_INBOUND_ALLOWED_AUDIENCE",
			Description: "create: accepted aud values (comma-separated).",
			value:       func(r *Inputs) string { return list(r.Gateway.Audiences) }},
		{Name: pGatewayScopes, Type: typeList, Group: g5, gateway: true, Env: "GATEWAY_INBOUND_ALLOWED_SCOPES",
			Description: "create: scopes a token must carry (comma-separated).",
			value:       func(r *Inputs) string { return list(r.Gateway.Scopes) }},
		{Name: pGatewayClientClaim, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_INBOUND_CLIENT_CLAIM_NAME",
			Description: "create: the claim holding the client id (detected from the discovery URL: client_id, azp, cid or appid).",
			Pattern:     `^[A-Za-z0-9_.:-]*$`, Constraint: "a claim name (letters, digits and _.:-)",
			value: func(r *Inputs) string { return r.Gateway.ClientClaim }},
		{Name: pGatewayClientIDs, Type: typeList, Group: g5, gateway: true, Env: "GATEWAY_OAUTH_CLIENT_ID",
			Description: "Accepted OAuth client ids (comma-separated); with GatewayOutboundAuth oauth the first one is also the client the Gateway authenticates to the runtime with.",
			value:       func(r *Inputs) string { return list(r.Gateway.ClientIDs) }},
		{Name: pGatewayClientSecret, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_OAUTH_CLIENT_SECRET", NoEcho: true,
			Description: "GatewayOutboundAuth oauth without GatewayOAuthProviderArn: the first client id's secret, for the credential provider the stack creates.",
			value:       func(r *Inputs) string { return r.Gateway.ClientSecret }},
		{Name: pGatewayProviderARN, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_OAUTH_PROVIDER_ARN",
			Description: "GatewayOutboundAuth oauth: an existing AgentCore Identity OAuth2 credential provider for the Gateway → runtime hop (empty: the stack creates one).",
			Pattern:     `^(arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:token-vault/[^\s"\\]+)?$`, Constraint: "arn:aws:bedrock-agentcore:REGION:ACCOUNT:token-vault/default/oauth2credentialprovider/NAME",
			value: func(r *Inputs) string { return r.Gateway.ProviderARN }},
		{Name: pGatewayProviderName, Type: typeString, Group: g5, gateway: true, Env: "AGENTCORE_GATEWAY_OAUTH_PROVIDER_NAME",
			Description: "The name of the OAuth2 credential provider the stack creates.",
			Pattern:     `^[a-zA-Z0-9_-]{1,50}$`, Constraint: "1 to 50 letters, digits, underscores and hyphens",
			value: func(r *Inputs) string { return r.Gateway.ProviderName }},
		{Name: pGatewayProviderScope, Type: typeList, Group: g5, gateway: true, Env: "GATEWAY_OAUTH_PROVIDER_SCOPES",
			Description: "Scopes the Gateway requests for the runtime (comma-separated; Entra: <api>/.default).",
			value:       func(r *Inputs) string { return list(r.Gateway.ProviderScopes) }},
		{Name: pGatewayGrantType, Type: typeString, Group: g5, gateway: true, Env: "GATEWAY_OAUTH_PROVIDER_GRANT_TYPE",
			Description:   "The outbound grant: CLIENT_CREDENTIALS (unattended) or AUTHORIZATION_CODE / TOKEN_EXCHANGE.",
			AllowedValues: []string{"CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "TOKEN_EXCHANGE"},
			value:         func(r *Inputs) string { return r.Gateway.GrantType }},
		{Name: pGatewayMCPVersions, Type: typeList, Group: g5, gateway: true, Env: "AGENTCORE_GATEWAY_MCP_VERSIONS",
			Description: "MCP revisions the Gateway speaks (comma-separated).",
			Pattern:     `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, Constraint: "MCP revisions such as 2026-07-28",
			value: func(r *Inputs) string { return list(r.Gateway.MCPVersions) }},
	}
}

// templateParameters are the parameters of the template for r: the
// Gateway's only when a Gateway is wanted.
func templateParameters(r Inputs) []param {
	var out []param
	for _, p := range parameters() {
		if !p.gateway || r.Gateway.Enabled() {
			out = append(out, p)
		}
	}
	return out
}

// StackParameters are the template's parameter values for the inputs (after
// Resolved), secrets included: what a deploy passes to CreateStack or
// UpdateStack, and exactly the parameters the template declares. The
// rendered template carries the same values as defaults, except the NoEcho
// ones, whose default is empty.
func StackParameters(in Inputs) map[string]string {
	r, _ := in.Resolved()
	out := map[string]string{}
	for _, p := range templateParameters(r) {
		out[p.Name] = p.value(&r)
	}
	return out
}

// NoEchoParameters names the parameters whose values are secrets.
func NoEchoParameters() []string {
	var out []string
	for _, p := range parameters() {
		if p.NoEcho {
			out = append(out, p.Name)
		}
	}
	return out
}
