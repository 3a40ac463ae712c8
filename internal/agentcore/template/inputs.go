// Package template builds the CloudFormation template that deploys the
// Zscaler MCP Server to Amazon Bedrock AgentCore (Method 1 of the AgentCore
// guide), the equivalent AWS CLI commands (Method 2), and the AgentCore
// Gateway tool schema, all from one Inputs value.
//
// One source of truth: the template is built once from the inputs; its
// parameter defaults are the inputs; Validate checks the inputs with the
// template's own parameter constraints and Rules; PlanAWSCLI evaluates the
// template's resources with those parameter values and prints the API calls
// they stand for. The header allowlist, the JWT authorizers, the container
// environment and the IAM policies therefore exist once, in the template.
package template

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// s3URIPattern is an S3 object URI as McpToolSchema.S3.Uri takes it.
var s3URIPattern = regexp.MustCompile(`^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/\S+$`)

// Credential sources (the CredentialSource parameter).
const (
	CreateNew   = "CreateNew"   // the stack creates a KMS-encrypted secret from the given credentials
	UseExisting = "UseExisting" // the runtime reads a secret that already exists
)

// Network modes of the runtime.
const (
	NetworkPublic = "PUBLIC"
	NetworkVPC    = "VPC"
)

// Gateway modes.
const (
	GatewayNone   = "none"
	GatewayCreate = "create" // the stack creates a Gateway, its role and the target
	GatewayAttach = "attach" // the stack adds a target to a Gateway the user operates
)

// Outbound auth of the Gateway → runtime hop (GatewayOutboundAuth). The
// target is an mcpServer target, which AgentCore lets authenticate by the
// Gateway's role or by OAuth, not by forwarding the caller's token: its
// outbound authorization table has no token passthrough for MCP servers,
// and the seed's troubleshooting reports AWS refusing JWT_PASSTHROUGH there.
const (
	// OutboundIAM: the Gateway's service role signs with SigV4 for
	// bedrock-agentcore (GATEWAY_IAM_ROLE); the runtime keeps IAM inbound.
	OutboundIAM = "iam"
	// OutboundOAuth: an AgentCore Identity OAuth2 credential provider
	// (existing, or created from a client id and secret) mints the token.
	OutboundOAuth = "oauth"
)

// OutboundAuths are the outbound auth modes, the default first.
var OutboundAuths = []string{OutboundIAM, OutboundOAuth}

// outboundPassthrough is the mode the seed names as the default and AWS
// refuses on an mcpServer target; given, it is refused with the reason.
const outboundPassthrough = "jwt-passthrough"

// OutboundAuthProblem says what is wrong with an outbound auth mode, or ""
// for iam and oauth.
func OutboundAuthProblem(mode string) string {
	switch mode {
	case OutboundIAM, OutboundOAuth:
		return ""
	case outboundPassthrough:
		return "GatewayOutboundAuth (GATEWAY_OUTBOUND_AUTH) jwt-passthrough: AgentCore does not accept JWT_PASSTHROUGH on an mcpServer target, " +
			"which this target is, so the stack would fail when it creates the target: use iam (the default: the Gateway's role signs, no secret) " +
			"or oauth (an OAuth2 credential provider)"
	}
	return fmt.Sprintf("GatewayOutboundAuth (GATEWAY_OUTBOUND_AUTH): %q is not one of %s", mode, strings.Join(OutboundAuths, ", "))
}

// Defaults.
const (
	DefaultResourcePrefix = "zscaler-mcp"
	DefaultStackName      = "zscaler-mcp-agentcore"
	DefaultRegion         = "us-east-1"
	DefaultDescription    = "Zscaler MCP Server with Secrets Manager Integration"
	DefaultGrantType      = "CLIENT_CREDENTIALS"
	AWSManagedSecretKey   = "alias/aws/secretsmanager"
	// DefaultCallTimeout is the server's own default for
	// ZSCALER_MCP_CALL_TIMEOUT, in seconds.
	DefaultCallTimeout = 50
)

// DefaultMCPVersions are the MCP revisions the Gateway is told to speak,
// newest first: the server serves 2026-07-28 statelessly and the handshake
// revisions for older clients.
var DefaultMCPVersions = []string{"2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"}

// Inputs is everything the template, the plan and the tool schema are
// built from. Zero values take the documented defaults. Secret values
// (ClientSecret, APIKey, Gateway.ClientSecret, ClientID) never appear in the
// rendered template: they are NoEcho parameters without defaults, passed at
// deploy time (StackParameters) or, in the plan, read from the shell.
type Inputs struct {
	// ResourcePrefix names the other resources (AWS_RESOURCE_NAME_PREFIX,
	// default zscaler-mcp); the runtime name defaults to it without hyphens.
	ResourcePrefix string
	RuntimeName    string // AgentRuntimeName: ^[a-zA-Z][a-zA-Z0-9_]{0,47}$
	Description    string // AgentDescription
	ImageURI       string // ECRImageUri: <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]

	CredentialSource   string // CreateNew or UseExisting (default: UseExisting when ExistingSecretName is set)
	ClientID           string // CreateNew: ZSCALER_CLIENT_ID (NoEcho)
	ClientSecret       string // CreateNew: ZSCALER_CLIENT_SECRET (NoEcho)
	VanityDomain       string
	CustomerID         string
	ZCellCustomerID    string
	Cloud              string
	ExistingSecretName string // UseExisting: the secret's name (ZSCALER_SECRET_NAME)
	SecretKMSKeyARN    string // a customer-managed key the secret is (to be) encrypted with
	CreateKMSKey       bool   // CreateNew: the stack creates a customer-managed key for the secret

	WriteEnabled     bool
	WriteTools       []string // glob allowlist; both the switch and the allowlist are needed
	DisabledTools    []string
	DisabledServices []string
	CallTimeout      int // McpCallTimeout: ZSCALER_MCP_CALL_TIMEOUT seconds; 0 → DefaultCallTimeout

	AuthMode string // none, api-key, zscaler, jwt (default zscaler; jwt with a Gateway)
	APIKey   string // api-key mode, CreateNew: put in the secret; empty = generated by Secrets Manager
	JWT      JWT    // jwt mode: the runtime's customJWTAuthorizer and the container's checks

	NetworkMode    string // PUBLIC or VPC
	Subnets        []string
	SecurityGroups []string

	Gateway Gateway

	// Where: Region and Account are needed by the plan (and checked against
	// the image's registry); StackName names the stack in the plan's notes.
	Region    string
	Account   string
	StackName string
}

// JWT configures jwt mode. Empty fields are derived where the provider's
// layout allows (issuer ↔ discovery URL, JWKS URI, client-id claim).
type JWT struct {
	DiscoveryURL string
	Issuer       string
	JWKSURI      string
	Audiences    []string
	ClientIDs    []string
	Scopes       []string
	// ClientClaim overrides the detected client-id claim (client_id, azp,
	// cid, appid, ...).
	ClientClaim string
}

// Gateway configures the optional AgentCore Gateway in front of the runtime.
type Gateway struct {
	Mode       string // none, create, attach
	Name       string // create: the Gateway's name (default <prefix>-gateway)
	ExistingID string // attach: the Gateway's id
	TargetName string // the target's name (default <prefix>)

	// Inbound authorizer (create mode).
	DiscoveryURL string
	Issuer       string
	Audiences    []string
	Scopes       []string
	ClientIDs    []string // accepted OAuth clients; the first one is also the outbound client
	ClientClaim  string   // overrides the detected client-id claim

	// OutboundAuth is how the Gateway authenticates to the runtime: iam
	// or oauth. Unset, it is oauth when an OAuth provider ARN or client
	// secret is given (the guide's "an OAuth credential provider you
	// supply") or the runtime is to take bearer tokens (auth mode jwt), and
	// iam otherwise.
	OutboundAuth string

	// Outbound OAuth credential provider (Gateway → runtime), oauth only.
	ClientSecret   string // the first client id's secret (NoEcho); not needed with ProviderARN
	ProviderARN    string // an existing AgentCore Identity OAuth2 credential provider
	ProviderName   string // default <prefix>-runtime-oauth
	ProviderScopes []string
	GrantType      string // CLIENT_CREDENTIALS (default), AUTHORIZATION_CODE, TOKEN_EXCHANGE

	MCPVersions []string

	// ToolSchemaS3URI puts the target's tool schema in S3
	// (McpToolSchema.S3: s3://BUCKET/KEY, the object being exactly
	// ToolSchema's bytes) instead of inline: for a catalogue whose schema
	// would push the template past CloudFormation's limits. deploy uploads
	// it under ToolSchemaKey and sets this itself.
	ToolSchemaS3URI string
}

// Enabled reports whether a Gateway is wanted.
func (g Gateway) Enabled() bool { return g.Mode == GatewayCreate || g.Mode == GatewayAttach }

// Error lists every problem found in the inputs.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "the AgentCore deployment settings are not valid:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// Resolved returns the inputs with every default and derivation applied,
// and notes on what was derived (for the user to check).
func (in Inputs) Resolved() (Inputs, []string) {
	r := in
	var notes []string
	note := func(format string, a ...any) { notes = append(notes, fmt.Sprintf(format, a...)) }

	r.ResourcePrefix = strings.TrimSpace(r.ResourcePrefix)
	if r.ResourcePrefix == "" {
		r.ResourcePrefix = DefaultResourcePrefix
	}
	r.RuntimeName = strings.TrimSpace(r.RuntimeName)
	if r.RuntimeName == "" {
		r.RuntimeName = strings.NewReplacer("-", "", ".", "").Replace(r.ResourcePrefix)
	}
	r.Description = strings.TrimSpace(r.Description)
	if r.Description == "" {
		r.Description = DefaultDescription
	}
	r.ImageURI = strings.TrimSpace(r.ImageURI)
	for _, p := range []*string{&r.ClientID, &r.ClientSecret, &r.VanityDomain, &r.CustomerID, &r.ZCellCustomerID, &r.Cloud, &r.ExistingSecretName,
		&r.SecretKMSKeyARN, &r.APIKey, &r.Region, &r.Account, &r.StackName} {
		*p = strings.TrimSpace(*p)
	}
	r.Cloud = strings.ToLower(r.Cloud)
	if r.Region == "" {
		r.Region = DefaultRegion
		if img, ok := ParseImageURI(r.ImageURI); ok {
			r.Region = img.Region
		}
	}
	if r.StackName == "" {
		r.StackName = DefaultStackName
	}
	r.CredentialSource = canonical(r.CredentialSource, []string{CreateNew, UseExisting})
	if r.CredentialSource == "" {
		r.CredentialSource = CreateNew
		if r.ExistingSecretName != "" {
			// As the guide's deploy script: a secret name means UseExisting,
			// and the credentials come from that secret only.
			r.CredentialSource = UseExisting
			if r.ClientID != "" || r.ClientSecret != "" || r.VanityDomain != "" || r.CustomerID != "" || r.ZCellCustomerID != "" || r.Cloud != "" || r.APIKey != "" {
				note("ZSCALER_SECRET_NAME is set: the credentials (and the api key) come from the secret %s; ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET, ZSCALER_VANITY_DOMAIN, ZSCALER_CUSTOMER_ID, ZCELL_CUSTOMER_ID, ZSCALER_CLOUD and ZSCALER_MCP_AUTH_API_KEY are not used", r.ExistingSecretName)
				r.ClientID, r.ClientSecret, r.VanityDomain, r.CustomerID, r.ZCellCustomerID, r.Cloud, r.APIKey = "", "", "", "", "", "", ""
			}
		}
	}
	r.WriteTools = cleanList(r.WriteTools)
	r.DisabledTools = cleanList(r.DisabledTools)
	r.DisabledServices = cleanList(r.DisabledServices)
	if r.CallTimeout == 0 {
		r.CallTimeout = DefaultCallTimeout
	}
	r.Subnets = cleanList(r.Subnets)
	r.SecurityGroups = cleanList(r.SecurityGroups)
	r.NetworkMode = strings.ToUpper(strings.TrimSpace(r.NetworkMode))
	if r.NetworkMode == "" {
		r.NetworkMode = NetworkPublic
	}

	// The Gateway first: with a Gateway the runtime authenticates the
	// Gateway's OAuth tokens, so its JWT settings default to the Gateway's.
	g := &r.Gateway
	g.Mode = strings.ToLower(strings.TrimSpace(g.Mode))
	if g.Mode == "" {
		g.Mode = GatewayNone
	}
	for _, p := range []*string{&g.Name, &g.ExistingID, &g.TargetName, &g.DiscoveryURL, &g.Issuer, &g.ClientClaim,
		&g.ClientSecret, &g.ProviderARN, &g.ProviderName, &g.GrantType, &g.OutboundAuth, &g.ToolSchemaS3URI} {
		*p = strings.TrimSpace(*p)
	}
	g.Audiences, g.Scopes, g.ClientIDs = cleanList(g.Audiences), cleanList(g.Scopes), cleanList(g.ClientIDs)
	g.ProviderScopes, g.MCPVersions = cleanList(g.ProviderScopes), cleanList(g.MCPVersions)
	hyphenated := dnsLabel(r.ResourcePrefix)
	if g.Name == "" {
		g.Name = hyphenated + "-gateway"
	}
	if g.TargetName == "" {
		g.TargetName = hyphenated
	}
	if g.ProviderName == "" {
		g.ProviderName = truncate(r.ResourcePrefix, 50-len("-runtime-oauth")) + "-runtime-oauth"
	}
	g.GrantType = strings.ToUpper(g.GrantType)
	if g.GrantType == "" {
		g.GrantType = DefaultGrantType
	}
	if len(g.MCPVersions) == 0 {
		g.MCPVersions = slices.Clone(DefaultMCPVersions)
	}
	if g.DiscoveryURL == "" && g.Issuer != "" {
		g.DiscoveryURL = DiscoveryURL(g.Issuer)
	}
	if g.Mode == GatewayCreate && g.ClientClaim == "" && len(g.ClientIDs) > 0 {
		idp := DetectIdP(g.DiscoveryURL)
		g.ClientClaim = idp.ClientClaim
		if idp.Name != "" {
			note("Gateway: the client-id claim of %s tokens is %q (override with GATEWAY_INBOUND_CLIENT_CLAIM_NAME)", idp.Name, g.ClientClaim)
		} else if g.DiscoveryURL != "" {
			note("Gateway: the identity provider of %s is not recognised; assuming the client id is in the client_id claim (override with GATEWAY_INBOUND_CLIENT_CLAIM_NAME)", g.DiscoveryURL)
		}
	}
	g.OutboundAuth = strings.ToLower(g.OutboundAuth)
	if g.Enabled() {
		oauthGiven := g.ProviderARN != "" || g.ClientSecret != ""
		switch {
		case g.OutboundAuth == "" && oauthGiven:
			g.OutboundAuth = OutboundOAuth
			note("Gateway: outbound auth oauth, because an OAuth credential provider or client secret is given (GATEWAY_OAUTH_PROVIDER_ARN / GATEWAY_OAUTH_CLIENT_SECRET); set GATEWAY_OUTBOUND_AUTH=iam for the Gateway's role to sign instead")
		case g.OutboundAuth == "" && strings.EqualFold(strings.TrimSpace(r.AuthMode), AuthJWT):
			g.OutboundAuth = OutboundOAuth
			note("Gateway: outbound auth oauth, because the runtime takes bearer tokens (auth mode jwt), which the Gateway gets from an OAuth2 credential provider")
		case g.OutboundAuth == "":
			g.OutboundAuth = OutboundIAM
			note("Gateway: outbound auth iam (the default): the Gateway's role signs its calls to the runtime, which keeps IAM inbound; set GATEWAY_OUTBOUND_AUTH=oauth for an OAuth2 credential provider instead")
		}
		// An explicit iam with OAuth settings given is refused by the rule
		// GatewayOAuthSettingsOnlyWithOAuth.
	}
	if g.Mode == GatewayNone && (g.DiscoveryURL != "" || g.ExistingID != "" || len(g.ClientIDs) > 0 || g.ProviderARN != "" || g.ClientSecret != "") {
		note("no Gateway is deployed (gateway mode none): the GATEWAY_* settings are ignored")
	}

	r.AuthMode = strings.ToLower(strings.TrimSpace(r.AuthMode))
	if r.AuthMode == "" {
		r.AuthMode = AuthZscaler
		if g.Enabled() && g.OutboundAuth != OutboundIAM {
			// The token the OAuth2 credential provider gets for the
			// Gateway is what the runtime authenticates.
			r.AuthMode = AuthJWT
		}
	}

	j := &r.JWT
	for _, p := range []*string{&j.DiscoveryURL, &j.Issuer, &j.JWKSURI, &j.ClientClaim} {
		*p = strings.TrimSpace(*p)
	}
	j.Audiences, j.ClientIDs, j.Scopes = cleanList(j.Audiences), cleanList(j.ClientIDs), cleanList(j.Scopes)
	if r.AuthMode != AuthJWT {
		if j.DiscoveryURL != "" || j.Issuer != "" || len(j.Audiences) > 0 || len(j.ClientIDs) > 0 {
			note("auth mode %s: the JWT settings are ignored", r.AuthMode)
		}
		r.JWT = JWT{}
	} else {
		if g.Mode == GatewayCreate {
			if j.DiscoveryURL == "" && j.Issuer == "" {
				j.DiscoveryURL = g.DiscoveryURL
			}
			if len(j.Audiences) == 0 {
				j.Audiences = slices.Clone(g.Audiences)
			}
		}
		if g.Enabled() && g.OutboundAuth == OutboundOAuth && len(j.ClientIDs) == 0 && len(g.ClientIDs) > 0 {
			// The Gateway's outbound provider authenticates as the first
			// client, from the same IdP: its id is in the same claim.
			j.ClientIDs = []string{g.ClientIDs[0]}
			if j.ClientClaim == "" {
				j.ClientClaim = g.ClientClaim
			}
		}
		if j.DiscoveryURL == "" && j.Issuer != "" {
			j.DiscoveryURL = DiscoveryURL(j.Issuer)
		}
		if j.Issuer == "" && j.DiscoveryURL != "" {
			if j.Issuer = IssuerFromDiscovery(j.DiscoveryURL); j.Issuer != "" {
				note("jwt: issuer %s derived from the discovery URL (override with ZSCALER_MCP_AUTH_ISSUER)", j.Issuer)
			}
		}
		if j.JWKSURI == "" && j.Issuer != "" {
			if j.JWKSURI = JWKSURI(j.Issuer); j.JWKSURI != "" {
				note("jwt: JWKS URI %s derived from the issuer (override with ZSCALER_MCP_AUTH_JWKS_URI)", j.JWKSURI)
			}
		}
		if j.ClientClaim == "" && len(j.ClientIDs) > 0 {
			idp := DetectIdP(firstNonEmpty(j.DiscoveryURL, j.Issuer))
			j.ClientClaim = idp.ClientClaim
			if idp.Name != "" {
				note("jwt: the client-id claim of %s tokens is %q (override with ZSCALER_MCP_AUTH_JWT_CLIENT_CLAIM_NAME)", idp.Name, j.ClientClaim)
			} else {
				note("jwt: the identity provider of %s is not recognised; assuming the client id is in the client_id claim (override with ZSCALER_MCP_AUTH_JWT_CLIENT_CLAIM_NAME)", firstNonEmpty(j.DiscoveryURL, j.Issuer))
			}
		}
	}
	if r.AuthMode != AuthAPIKey && r.APIKey != "" && r.CredentialSource == CreateNew {
		note("auth mode %s: ZSCALER_MCP_AUTH_API_KEY is not used", r.AuthMode)
	}
	return r, notes
}

// Validate reports every problem of the inputs at once: the parameter
// constraints of the template, its Rules (evaluated here exactly as
// CloudFormation will), and the checks CloudFormation cannot make (the
// header allowlist, URLs, the image's region). It requires every value a
// stack needs, as the plan's commands and deploy do.
func (in Inputs) Validate() error { return in.validate(false) }

// ValidateGiven checks only the settings given, for a template whose other
// parameters are filled in at stack creation (the console's one-click
// template, or --parameter-overrides): a parameter left empty is not held
// to its constraints yet, and a Rule fails only when no values of the
// parameters left empty could satisfy it. CloudFormation checks the rest
// when the stack is created, with the same constraints and Rules.
func (in Inputs) ValidateGiven() error { return in.validate(true) }

func (in Inputs) validate(open bool) error {
	r, _ := in.Resolved()
	var problems []string
	params := StackParameters(r)
	var empty map[string]bool
	if open {
		empty = map[string]bool{}
	}
	for _, p := range templateParameters(r) {
		if open && params[p.Name] == "" {
			empty[p.Name] = true
			continue
		}
		if p.Name == pGatewayOutboundAuth && params[p.Name] == outboundPassthrough {
			problems = append(problems, OutboundAuthProblem(outboundPassthrough))
			continue
		}
		problems = append(problems, p.check(params[p.Name])...)
	}
	if m := r.Gateway.Mode; m != GatewayNone && m != GatewayCreate && m != GatewayAttach {
		problems = append(problems, fmt.Sprintf("GatewayMode (GATEWAY_MODE): %q is not one of none, create, attach", m))
	}
	for _, rl := range rules(r) {
		ok, err := satisfiable(rl, params, empty)
		if err != nil {
			problems = append(problems, "internal: rule "+rl.name+": "+err.Error())
		} else if !ok {
			problems = append(problems, rl.message)
		}
	}
	if slices.Contains(AuthModes, r.AuthMode) { // an unknown mode is reported above
		if _, err := HeaderAllowlist(r.AuthMode); err != nil {
			problems = append(problems, err.Error())
		}
	}
	problems = append(problems, r.checkURLs()...)
	if u := r.Gateway.ToolSchemaS3URI; u != "" && r.Gateway.Enabled() && !s3URIPattern.MatchString(u) {
		problems = append(problems, fmt.Sprintf("the Gateway tool schema location (--tool-schema-s3-uri, AGENTCORE_GATEWAY_TOOL_SCHEMA_S3_URI) %q is not s3://BUCKET/KEY", u))
	}
	problems = append(problems, r.checkNetwork()...)
	// An explicit region must be the image's: AgentCore pulls from ECR in
	// the runtime's own region.
	if img, ok := ParseImageURI(r.ImageURI); ok && strings.TrimSpace(in.Region) != "" && img.Region != r.Region {
		problems = append(problems, fmt.Sprintf("ECRImageUri (ZSCALER_MCP_IMAGE_URI): the image is in ECR in %s but the runtime is deployed in %s; AgentCore pulls the image from the runtime's region: push it there (zscaler-mcp agentcore image push --region %s) or deploy in %s", img.Region, r.Region, r.Region, img.Region))
	}
	if len(problems) > 0 {
		return &Error{Problems: dedupe(problems)}
	}
	return nil
}

// Warnings are the notes of Resolved plus what the inputs allow but
// probably do not mean.
func (in Inputs) Warnings() []string {
	r, notes := in.Resolved()
	if r.AuthMode == AuthJWT && len(r.JWT.ClientIDs) > 1 && r.JWT.ClientClaim != ClaimClientID {
		notes = append(notes, fmt.Sprintf("jwt: AgentCore can match the %s claim against one value only (EQUALS on a string claim; rules are AND-ed), so with %d client ids the runtime authorizer checks the audience instead of the client", r.JWT.ClientClaim, len(r.JWT.ClientIDs)))
	}
	if r.Gateway.Mode == GatewayCreate && len(r.Gateway.ClientIDs) > 1 && r.Gateway.ClientClaim != ClaimClientID {
		notes = append(notes, fmt.Sprintf("Gateway: AgentCore can match the %s claim against one value only (EQUALS on a string claim; rules are AND-ed), so with %d client ids the Gateway authorizer checks the audience instead of the client", r.Gateway.ClientClaim, len(r.Gateway.ClientIDs)))
	}
	if r.AuthMode == AuthAPIKey && r.CredentialSource == UseExisting {
		notes = append(notes, fmt.Sprintf("api-key mode: the secret %s must hold ZSCALER_MCP_AUTH_API_KEY (the key callers send as X-Api-Key)", r.ExistingSecretName))
	}
	if r.Gateway.Mode == GatewayAttach {
		switch r.Gateway.OutboundAuth {
		case OutboundOAuth:
			notes = append(notes, "Gateway attach: the existing Gateway's service role must be allowed bedrock-agentcore:GetResourceOauth2Token on the OAuth credential provider, and its authorizer is left as it is")
		case OutboundIAM:
			notes = append(notes, "Gateway attach, outbound iam: the existing Gateway's service role must be allowed bedrock-agentcore:InvokeAgentRuntime on this runtime's ARN (output AgentRuntimeArn), and its authorizer is left as it is")
		}
	}
	return notes
}

func (r Inputs) checkURLs() []string {
	var problems []string
	https := func(what, env, v string) {
		if v != "" && !strings.HasPrefix(v, "https://") {
			problems = append(problems, fmt.Sprintf("%s (%s) %q must be an https:// URL", what, env, v))
		}
	}
	if r.AuthMode == AuthJWT {
		https("JwtDiscoveryUrl", "ZSCALER_MCP_AUTH_JWT_DISCOVERY_URL", r.JWT.DiscoveryURL)
		https("JwtIssuer", "ZSCALER_MCP_AUTH_ISSUER", r.JWT.Issuer)
		https("JwtJwksUri", "ZSCALER_MCP_AUTH_JWKS_URI", r.JWT.JWKSURI)
		if r.JWT.JWKSURI == "" && r.JWT.Issuer != "" {
			problems = append(problems, fmt.Sprintf("JwtJwksUri (ZSCALER_MCP_AUTH_JWKS_URI): cannot be derived offline for the issuer %s; set it to the jwks_uri of %s", r.JWT.Issuer, DiscoveryURL(r.JWT.Issuer)))
		}
	}
	if r.Gateway.Mode == GatewayCreate {
		https("GatewayInboundDiscoveryUrl", "GATEWAY_INBOUND_DISCOVERY_URL", r.Gateway.DiscoveryURL)
	}
	return problems
}

func (r Inputs) checkNetwork() []string {
	var problems []string
	for _, s := range r.Subnets {
		if !strings.HasPrefix(s, "subnet-") {
			problems = append(problems, fmt.Sprintf("VpcSubnetIds (AGENTCORE_VPC_SUBNETS): %q is not a subnet id (subnet-...)", s))
		}
	}
	for _, s := range r.SecurityGroups {
		if !strings.HasPrefix(s, "sg-") {
			problems = append(problems, fmt.Sprintf("VpcSecurityGroupIds (AGENTCORE_VPC_SECURITY_GROUPS): %q is not a security group id (sg-...)", s))
		}
	}
	return problems
}

// Image is an ECR image URI split into its parts.
type Image struct {
	Account, Region, Repository, Reference string
}

// ParseImageURI splits <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest].
func ParseImageURI(uri string) (Image, bool) {
	host, rest, ok := strings.Cut(uri, "/")
	if !ok {
		return Image{}, false
	}
	parts := strings.Split(host, ".")
	if len(parts) != 6 || parts[1] != "dkr" || parts[2] != "ecr" || parts[4] != "amazonaws" || parts[5] != "com" || len(parts[0]) != 12 {
		return Image{}, false
	}
	repo, ref := rest, ""
	if i := strings.Index(rest, "@"); i >= 0 {
		repo, ref = rest[:i], rest[i+1:]
	} else if i := strings.LastIndex(rest, ":"); i >= 0 {
		repo, ref = rest[:i], rest[i+1:]
	}
	if repo == "" {
		return Image{}, false
	}
	return Image{Account: parts[0], Region: parts[3], Repository: repo, Reference: ref}, true
}

func canonical(v string, allowed []string) string {
	v = strings.TrimSpace(v)
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a
		}
	}
	return v
}

func cleanList(list []string) []string {
	var out []string
	for _, item := range list {
		for _, p := range strings.Split(item, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// dnsLabel turns a prefix into letters, digits and single hyphens (the
// Gateway and target name alphabet).
func dnsLabel(s string) string {
	var b strings.Builder
	prevHyphen := true
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteRune(c)
			prevHyphen = false
		default:
			if !prevHyphen {
				b.WriteByte('-')
				prevHyphen = true
			}
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		out = "zscaler-mcp"
	}
	return truncate(out, 48)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
