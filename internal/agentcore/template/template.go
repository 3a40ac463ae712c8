package template

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
)

// Logical ids of the template's resources.
const (
	lidSecret      = "ZscalerCredentialsSecret"
	lidKey         = "SecretKmsKey"
	lidRole        = "ExecutionRole"
	lidRuntime     = "AgentRuntime"
	lidGatewayRole = "GatewayServiceRole"
	lidGateway     = "Gateway"
	lidProvider    = "GatewayOAuthProvider"
	lidTarget      = "GatewayTarget"
)

// Condition names.
const (
	cCreateNew          = "IsCreateNew"
	cCreateKey          = "CreateSecretKmsKey"
	cHasKeyARN          = "HasSecretKmsKeyArn"
	cCustomerKey        = "UsesCustomerManagedKey"
	cAPIKeyMode         = "IsApiKeyMode"
	cZscalerMode        = "IsZscalerMode"
	cJWTMode            = "IsJwtMode"
	cTrustPlatform      = "TrustPlatformAuth"
	cPutAPIKey          = "PutApiKeyInSecret"
	cGenerateAPIKey     = "GenerateApiKey"
	cVPC                = "IsVpc"
	cHasDisabledTools   = "HasDisabledTools"
	cHasDisabledSvcs    = "HasDisabledServices"
	cGatewayCreate      = "GatewayCreateMode"
	cGatewayAttach      = "GatewayAttachMode"
	cCreateProvider     = "CreateOAuthProvider"
	cOutboundOAuth      = "GatewayOutboundOAuth"
	cOutboundIAM        = "GatewayOutboundIam"
	cHasProviderScopes  = "HasOAuthProviderScopes"
	jwtConditionsPrefix = "Jwt"
	gwConditionsPrefix  = "GatewayInbound"
)

// SecretKeys are the keys of the secret the stack creates, in order, with
// the parameter each comes from (the api key only in api-key mode).
var secretFields = []struct{ Key, Param string }{
	{"ZSCALER_CLIENT_ID", pClientID},
	{"ZSCALER_CLIENT_SECRET", pClientSecret},
	{"ZSCALER_VANITY_DOMAIN", pVanityDomain},
	{"ZSCALER_CUSTOMER_ID", pCustomerID},
	{"ZSCALER_CLOUD", pCloud},
	{"ZCELL_CUSTOMER_ID", pZCellCustomerID},
}

const apiKeyField = "ZSCALER_MCP_AUTH_API_KEY"

// TemplateBodyLimit is CloudFormation's limit on a template passed inline
// (TemplateBody); a larger one must be passed by S3 URL.
const TemplateBodyLimit = 51200

// TemplateURLLimit is CloudFormation's limit on a template passed by S3 URL
// (TemplateURL); a tool schema that would push the template past it must
// be in S3 itself (Gateway.ToolSchemaS3URI).
const TemplateURLLimit = 1 << 20

// Render checks the settings given (ValidateGiven) and returns the
// CloudFormation template as YAML (long-form intrinsic functions, so any
// YAML parser reads it). The settings are the parameters' defaults;
// without any, it is the one-click template whose every parameter is filled
// in the console.
func Render(in Inputs) ([]byte, error) {
	t, err := buildGiven(in)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := doc.Encode(t); err != nil {
		return nil, err
	}
	compactYAML(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// compactYAML writes on one line, in flow style, what a reader takes in at
// a glance: an expression (an intrinsic function of scalars and other
// expressions), a list of scalars, a mapping of at most two scalars (a tag,
// a policy's principal). In block style their indentation alone made a Gateway template
// too big to pass inline.
func compactYAML(n *yaml.Node) {
	if isFlat(n) {
		n.Style = yaml.FlowStyle
		return
	}
	for _, c := range n.Content {
		compactYAML(c)
	}
}

func isFlat(n *yaml.Node) bool {
	scalars := func() bool {
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return false
			}
		}
		return true
	}
	switch n.Kind {
	case yaml.SequenceNode:
		return scalars()
	case yaml.MappingNode:
		if len(n.Content) <= 4 && scalars() {
			return true
		}
		return isExpression(n)
	}
	return false
}

// isExpression reports whether n is a Ref, a Condition or an Fn:: whose
// arguments hold scalars, lists and expressions only: no object such as a
// policy statement.
func isExpression(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return false
	}
	k := n.Content[0].Value
	if k != "Ref" && k != "Condition" && !strings.HasPrefix(k, "Fn::") {
		return false
	}
	var args func(n *yaml.Node) bool
	args = func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.ScalarNode:
			return true
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if !args(c) {
					return false
				}
			}
			return true
		}
		return isExpression(n)
	}
	return args(n.Content[1])
}

// RenderJSON is Render as compact JSON: the smallest form, for a
// TemplateBody (TemplateBodyLimit).
func RenderJSON(in Inputs) ([]byte, error) {
	t, err := buildGiven(in)
	if err != nil {
		return nil, err
	}
	return marshalJSON(t)
}

func buildGiven(in Inputs) (obj, error) {
	if err := in.ValidateGiven(); err != nil {
		return nil, err
	}
	return build(in)
}

// build assembles the template from inputs already validated.
func build(in Inputs) (obj, error) {
	r, _ := in.Resolved()
	schema, err := r.compactToolSchema()
	if err != nil {
		return nil, err
	}
	full, err := r.ToolSchema()
	if err != nil {
		return nil, err
	}
	schemaMeta := obj{{"Location", "inline"}}
	if r.Gateway.ToolSchemaS3URI != "" {
		schema = ""
		schemaMeta = obj{{"Location", r.Gateway.ToolSchemaS3URI}}
	}
	schemaMeta = append(schemaMeta, kv{"Sha256", strings.TrimSuffix(strings.TrimPrefix(ToolSchemaKey(full), ToolSchemaKeyPrefix), ".json")}, kv{"Bytes", len(full)})
	headers := map[string][]string{}
	for _, m := range AuthModes {
		if headers[m], err = HeaderAllowlist(m); err != nil {
			return nil, err
		}
	}
	values := StackParameters(r)

	var params obj
	tparams := templateParameters(r)
	for _, p := range tparams {
		d := obj{{"Type", p.Type}, {"Description", p.Description}}
		if p.NoEcho {
			d = append(d, kv{"NoEcho", true}, kv{"Default", ""})
		} else {
			d = append(d, kv{"Default", values[p.Name]})
		}
		if len(p.AllowedValues) > 0 {
			d = append(d, kv{"AllowedValues", p.AllowedValues})
		}
		if p.Pattern != "" {
			d = append(d, kv{"AllowedPattern", p.Pattern}, kv{"ConstraintDescription", p.Constraint})
		}
		if p.MaxLength > 0 {
			d = append(d, kv{"MaxLength", p.MaxLength})
		}
		params = append(params, kv{p.Name, d})
	}
	var groups []any
	for _, g := range parameterGroups {
		var names []string
		for _, p := range tparams {
			if p.Group == g {
				names = append(names, p.Name)
			}
		}
		if len(names) > 0 {
			groups = append(groups, obj{{"Label", obj{{"default", g}}}, {"Parameters", names}})
		}
	}

	version := buildinfo.Get().Version
	t := obj{
		{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", "Zscaler MCP Server on Amazon Bedrock AgentCore Runtime: native AgentCore resources, credentials in a KMS-encrypted Secrets Manager secret, optional AgentCore Gateway (generated by zscaler-mcp " + version + ")."},
		{"Metadata", obj{
			// No ParameterLabels: the console shows the parameters' own names,
			// the words the seed's steps use ("CredentialSource: Select CreateNew").
			{"AWS::CloudFormation::Interface", obj{{"ParameterGroups", groups}}},
			{"ZscalerMcp", obj{
				{"Generator", "zscaler-mcp agentcore template"},
				{"Version", version},
				{"GatewayToolCount", len(r.Tools())},
				{"GatewayToolSchema", schemaMeta},
			}},
		}},
		{"Parameters", params},
		{"Rules", cfnRules(r)},
		{"Conditions", conditions(r)},
		{"Resources", resources(r, headers, schema)},
		{"Outputs", outputs(r)},
	}
	return t, nil
}

func conditions(r Inputs) obj {
	c := obj{
		{cCreateNew, is(pCredentialSource, CreateNew)},
		{cCreateKey, and(condition(cCreateNew), is(pCreateKMSKey, "true"))},
		{cHasKeyARN, not(paramEmpty(pSecretKMSKeyARN))},
		{cCustomerKey, or(condition(cCreateKey), condition(cHasKeyARN))},
		{cAPIKeyMode, is(pAuthMode, AuthAPIKey)},
		{cZscalerMode, is(pAuthMode, AuthZscaler)},
		{cJWTMode, is(pAuthMode, AuthJWT)},
		{cTrustPlatform, or(condition(cAPIKeyMode), condition(cZscalerMode))},
		{cPutAPIKey, and(condition(cCreateNew), condition(cAPIKeyMode), not(paramEmpty(pAPIKey)))},
		{cGenerateAPIKey, and(condition(cCreateNew), condition(cAPIKeyMode), paramEmpty(pAPIKey))},
		{cVPC, is(pNetworkMode, NetworkVPC)},
		{cHasDisabledTools, not(paramEmpty(pDisabledTools))},
		{cHasDisabledSvcs, not(paramEmpty(pDisabledServices))},
	}
	c = append(c, authorizerConditions(runtimeAuthorizer)...)
	if r.Gateway.Enabled() {
		c = append(c, obj{
			{cGatewayCreate, is(pGatewayMode, GatewayCreate)},
			{cGatewayAttach, is(pGatewayMode, GatewayAttach)},
			{cOutboundOAuth, is(pGatewayOutboundAuth, OutboundOAuth)},
			{cOutboundIAM, is(pGatewayOutboundAuth, OutboundIAM)},
			{cCreateProvider, and(condition(cOutboundOAuth), paramEmpty(pGatewayProviderARN))},
			{cHasProviderScopes, not(listEmpty(pGatewayProviderScope))},
		}...)
		c = append(c, authorizerConditions(gatewayAuthorizer)...)
	}
	return c
}

// authorizerParams names the parameters of one customJWTAuthorizer.
type authorizerParams struct {
	prefix                                      string // of its condition names
	discovery, audience, clients, scopes, claim string
}

var (
	runtimeAuthorizer = authorizerParams{jwtConditionsPrefix, pJWTDiscoveryURL, pJWTAudience, pJWTClients, pJWTScopes, pJWTClientClaim}
	gatewayAuthorizer = authorizerParams{gwConditionsPrefix, pGatewayDiscoveryURL, pGatewayAudience, pGatewayClientIDs, pGatewayScopes, pGatewayClientClaim}
)

func (a authorizerParams) c(name string) string { return a.prefix + name }

// authorizerConditions decide how client ids are matched: with the
// client_id claim through allowedClients (any of them); with another claim
// (azp, cid, appid) through one EQUALS customClaims rule, which AgentCore
// can only write for one client (string claims have EQUALS only, and rules
// are AND-ed): with several such clients the audience restricts the tokens
// (a Rule makes it mandatory).
func authorizerConditions(a authorizerParams) obj {
	return obj{
		{a.c("HasAudience"), not(listEmpty(a.audience))},
		{a.c("HasScopes"), not(listEmpty(a.scopes))},
		{a.c("HasClients"), not(listEmpty(a.clients))},
		{a.c("ClaimIsClientId"), is(a.claim, ClaimClientID)},
		{a.c("HasOneClient"), listHasOne(a.clients)},
		{a.c("ClientsInAllowedClients"), and(condition(a.c("HasClients")), condition(a.c("ClaimIsClientId")))},
		{a.c("ClientInClaim"), and(condition(a.c("HasClients")), not(condition(a.c("ClaimIsClientId"))), condition(a.c("HasOneClient")))},
	}
}

// jwtAuthorizer is one CustomJWTAuthorizer: the runtime's and the
// Gateway's are built by this one function.
func jwtAuthorizer(a authorizerParams) obj {
	return obj{
		{"DiscoveryUrl", ref(a.discovery)},
		{"AllowedAudience", iff(a.c("HasAudience"), ref(a.audience), noValue)},
		{"AllowedClients", iff(a.c("ClientsInAllowedClients"), ref(a.clients), noValue)},
		{"AllowedScopes", iff(a.c("HasScopes"), ref(a.scopes), noValue)},
		{"CustomClaims", iff(a.c("ClientInClaim"), []any{obj{
			{"InboundTokenClaimName", ref(a.claim)},
			{"InboundTokenClaimValueType", "STRING"},
			{"AuthorizingClaimMatchValue", obj{
				{"ClaimMatchOperator", "EQUALS"},
				{"ClaimMatchValue", obj{{"MatchValueString", joinList("", ref(a.clients))}}},
			}},
		}}, noValue)},
	}
}

func statement(sid string, actions []string, resource any, extra ...kv) obj {
	var action any = actions
	if len(actions) == 1 {
		action = actions[0]
	}
	s := obj{{"Sid", sid}, {"Effect", "Allow"}, {"Action", action}, {"Resource", resource}}
	return append(s, extra...)
}

func policyDocument(statements ...any) obj {
	return obj{{"Version", "2012-10-17"}, {"Statement", statements}}
}

// trustPolicy lets AgentCore assume the role for resources of this account
// and region only (confused-deputy protection).
func trustPolicy(sourceArn string) obj {
	return policyDocument(obj{
		{"Sid", "AgentCoreAssumeRole"},
		{"Effect", "Allow"},
		{"Principal", obj{{"Service", "bedrock-agentcore.amazonaws.com"}}},
		{"Action", "sts:AssumeRole"},
		{"Condition", obj{
			{"StringEquals", obj{{"aws:SourceAccount", ref("AWS::AccountId")}}},
			{"ArnLike", obj{{"aws:SourceArn", sub(sourceArn)}}},
		}},
	})
}

// tags name what a resource is for; which stack made it CloudFormation
// tells itself (the aws:cloudformation:stack-name tag it adds, and the
// stack's own tags, which deploy sets and CloudFormation propagates).
func tags(component string) obj {
	return obj{{"Application", "zscaler-mcp"}, {"Component", component}}
}

func tagList(component string) []any {
	var out []any
	for _, t := range tags(component) {
		out = append(out, obj{{"Key", t.K}, {"Value", t.V}})
	}
	return out
}

// imageRepositoryARN is the ECR repository of ECRImageUri, parsed in the
// template (the role may pull from that repository only, in the image's
// own account and region).
func imageRepositoryARN() obj {
	uri := ref(pImageURI)
	return subVars("arn:${AWS::Partition}:ecr:${ImageRegion}:${ImageAccount}:repository/${ImageRepository}", obj{
		{"ImageAccount", selectAt(0, split(".", uri))},
		{"ImageRegion", selectAt(3, split(".", uri))},
		{"ImageRepository", selectAt(0, split("@", selectAt(0, split(":", selectAt(1, split(".amazonaws.com/", uri))))))},
	})
}

// secretName is the secret the runtime reads.
func secretName() obj {
	return iff(cCreateNew, sub("${"+pRuntimeName+"}-credentials"), ref(pExistingSecret))
}

// secretJSON is the secret's JSON with Fn::Sub; the parameters' patterns
// keep quotes, backslashes and control characters out of it.
func secretJSON(withAPIKey bool) obj {
	var parts []string
	for _, f := range secretFields {
		parts = append(parts, fmt.Sprintf(`"%s":"${%s}"`, f.Key, f.Param))
	}
	if withAPIKey {
		parts = append(parts, fmt.Sprintf(`"%s":"${%s}"`, apiKeyField, pAPIKey))
	}
	return sub("{" + strings.Join(parts, ",") + "}")
}

// runtimeURL is the runtime's MCP endpoint: the invocations URL with the
// ARN's ':' and '/' percent-encoded.
func runtimeURL() obj {
	escaped := joinList("%2F", split("/", joinList("%3A", split(":", getAtt(lidRuntime, "AgentRuntimeArn")))))
	return join("", "https://bedrock-agentcore.", ref("AWS::Region"), ".", ref("AWS::URLSuffix"), "/runtimes/", escaped, "/invocations?qualifier=DEFAULT")
}

func environment() obj {
	return obj{
		{"ZSCALER_SECRET_NAME", secretName()},
		{"AWS_REGION", ref("AWS::Region")},
		{"ZSCALER_MCP_TRANSPORT", "streamable-http"},
		{"ZSCALER_MCP_HOST", "0.0.0.0"},
		{"ZSCALER_MCP_PORT", "8000"},
		{"ZSCALER_MCP_ALLOW_HTTP", "true"},
		{"ZSCALER_MCP_DISABLE_HOST_VALIDATION", "true"},
		{"ZSCALER_MCP_LOG_TOOL_CALLS", "true"},
		{"ZSCALER_MCP_AUTH_MODE", ref(pAuthMode)},
		{"ZSCALER_MCP_TRUST_PLATFORM_AUTH", iff(cTrustPlatform, "true", noValue)},
		{"ZSCALER_MCP_AUTH_ISSUER", iff(cJWTMode, ref(pJWTIssuer), noValue)},
		{"ZSCALER_MCP_AUTH_JWKS_URI", iff(cJWTMode, ref(pJWTJWKSURI), noValue)},
		// The container accepts a token whose aud is one of these, or, for
		// tokens without aud (Cognito), whose client_id/azp is.
		{"ZSCALER_MCP_AUTH_AUDIENCE", iff(cJWTMode, iff(runtimeAuthorizer.c("HasAudience"),
			iff(runtimeAuthorizer.c("HasClients"), join(",", joinList(",", ref(pJWTAudience)), joinList(",", ref(pJWTClients))), joinList(",", ref(pJWTAudience))),
			joinList(",", ref(pJWTClients))), noValue)},
		{"ZSCALER_MCP_WRITE_ENABLED", ref(pWriteEnabled)},
		{"ZSCALER_MCP_WRITE_TOOLS", ref(pWriteTools)},
		{"ZSCALER_MCP_DISABLED_TOOLS", iff(cHasDisabledTools, ref(pDisabledTools), noValue)},
		{"ZSCALER_MCP_DISABLED_SERVICES", iff(cHasDisabledSvcs, ref(pDisabledServices), noValue)},
		{"ZSCALER_MCP_CALL_TIMEOUT", ref(pCallTimeout)},
	}
}

func headerAllowlist(h map[string][]string) obj {
	return iff(cJWTMode, h[AuthJWT], iff(cAPIKeyMode, h[AuthAPIKey], iff(cZscalerMode, h[AuthZscaler], h[AuthNone])))
}

func resources(r Inputs, headers map[string][]string, schema string) obj {
	arn := func(service, resource string) obj {
		return sub("arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource)
	}
	logGroup := "log-group:/aws/bedrock-agentcore/runtimes/${" + pRuntimeName + "}-*"

	executionPolicy := policyDocument(
		statement("ECRImagePull", []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"}, imageRepositoryARN()),
		// GetAuthorizationToken has no resource-level permissions: IAM
		// accepts only "*" for it. It grants no access to any repository.
		statement("ECRAuthorizationToken", []string{"ecr:GetAuthorizationToken"}, "*"),
		statement("ReadZscalerSecret", []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
			iff(cCreateNew, ref(lidSecret), arn("secretsmanager", "secret:${"+pExistingSecret+"}-??????"))),
		iff(cCustomerKey, statement("DecryptZscalerSecret", []string{"kms:Decrypt"},
			iff(cCreateKey, getAtt(lidKey, "Arn"), ref(pSecretKMSKeyARN)),
			kv{"Condition", obj{{"StringEquals", obj{{"kms:ViaService", sub("secretsmanager.${AWS::Region}.amazonaws.com")}}}}}), noValue),
		statement("RuntimeLogGroup", []string{"logs:CreateLogGroup", "logs:DescribeLogStreams"}, arn("logs", logGroup)),
		statement("RuntimeLogStreams", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, arn("logs", logGroup+":log-stream:*")),
		statement("DescribeLogGroups", []string{"logs:DescribeLogGroups"}, arn("logs", "log-group:*")),
	)

	providerARN := iff(cCreateProvider, getAtt(lidProvider, "CredentialProviderArn"), ref(pGatewayProviderARN))
	// The Gateway's own workload identity is created and named by AgentCore:
	// the workload identities of this account and region.
	workload := []any{
		arn("bedrock-agentcore", "workload-identity-directory/default"),
		arn("bedrock-agentcore", "workload-identity-directory/default/workload-identity/*"),
	}
	// The Gateway's service role: in oauth mode what the credential
	// provider needs; in iam mode InvokeAgentRuntime on this runtime only
	// (its ARN and its DEFAULT endpoint).
	runtimeARN := getAtt(lidRuntime, "AgentRuntimeArn")
	gatewayPolicy := policyDocument(
		iff(cOutboundOAuth, statement("GetWorkloadAccessToken", []string{"bedrock-agentcore:GetWorkloadAccessToken", "bedrock-agentcore:GetWorkloadAccessTokenForJWT", "bedrock-agentcore:GetWorkloadAccessTokenForUserId"}, workload), noValue),
		iff(cOutboundOAuth, statement("GetRuntimeOAuthToken", []string{"bedrock-agentcore:GetResourceOauth2Token"},
			append([]any{arn("bedrock-agentcore", "token-vault/default"), providerARN}, workload...)), noValue),
		iff(cOutboundOAuth, statement("ReadOAuthClientSecret", []string{"secretsmanager:GetSecretValue"},
			iff(cCreateProvider, getAtt(lidProvider, "ClientSecretArn"), arn("secretsmanager", "secret:bedrock-agentcore-identity!default/oauth2/*"))), noValue),
		iff(cOutboundIAM, statement("InvokeThisRuntime", []string{"bedrock-agentcore:InvokeAgentRuntime"},
			[]any{runtimeARN, join("", runtimeARN, "/runtime-endpoint/DEFAULT")}), noValue),
	)
	targetCredentials := iff(cOutboundOAuth, []any{obj{
		{"CredentialProviderType", "OAUTH"},
		{"CredentialProvider", obj{{"OauthCredentialProvider", obj{
			{"ProviderArn", providerARN},
			{"Scopes", iff(cHasProviderScopes, ref(pGatewayProviderScope), []any{})},
			{"GrantType", ref(pGatewayGrantType)},
		}}}},
	}}, []any{obj{
		{"CredentialProviderType", "GATEWAY_IAM_ROLE"},
		{"CredentialProvider", obj{{"IamCredentialProvider", obj{
			{"Service", "bedrock-agentcore"},
			{"Region", ref("AWS::Region")},
		}}}},
	}})

	res := obj{
		{lidKey, obj{
			{"Type", "AWS::KMS::Key"},
			{"Condition", cCreateKey},
			{"Properties", obj{
				{"Description", sub("Encrypts the Zscaler MCP credentials secret of the AgentCore runtime ${" + pRuntimeName + "}")},
				{"EnableKeyRotation", true},
				{"KeyPolicy", policyDocument(obj{
					// Key use is then granted by IAM policies (the execution role's).
					{"Sid", "AccountAdministersAndDelegatesToIAM"},
					{"Effect", "Allow"},
					{"Principal", obj{{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")}}},
					{"Action", "kms:*"},
					{"Resource", "*"},
				})},
				{"Tags", tagList("secret-key")},
			}},
		}},
		{lidSecret, obj{
			{"Type", "AWS::SecretsManager::Secret"},
			{"Condition", cCreateNew},
			{"Properties", obj{
				{"Name", sub("${" + pRuntimeName + "}-credentials")},
				{"Description", sub("Zscaler OneAPI credentials of the Zscaler MCP Server AgentCore runtime ${" + pRuntimeName + "}")},
				{"KmsKeyId", iff(cCreateKey, getAtt(lidKey, "Arn"), iff(cHasKeyARN, ref(pSecretKMSKeyARN), AWSManagedSecretKey))},
				{"SecretString", iff(cGenerateAPIKey, noValue, iff(cPutAPIKey, secretJSON(true), secretJSON(false)))},
				{"GenerateSecretString", iff(cGenerateAPIKey, obj{
					{"SecretStringTemplate", secretJSON(false)},
					{"GenerateStringKey", apiKeyField},
					{"PasswordLength", 48},
					{"ExcludePunctuation", true},
				}, noValue)},
				{"Tags", tagList("credentials")},
			}},
		}},
		{lidRole, obj{
			{"Type", "AWS::IAM::Role"},
			{"Properties", obj{
				{"Description", sub("Execution role of the Zscaler MCP Server AgentCore runtime ${" + pRuntimeName + "}")},
				{"AssumeRolePolicyDocument", trustPolicy("arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:*")},
				{"Policies", []any{obj{{"PolicyName", "zscaler-mcp-runtime"}, {"PolicyDocument", executionPolicy}}}},
				{"Tags", tagList("runtime-role")},
			}},
		}},
		{lidRuntime, obj{
			{"Type", "AWS::BedrockAgentCore::Runtime"},
			{"Properties", obj{
				{"AgentRuntimeName", ref(pRuntimeName)},
				{"Description", ref(pDescription)},
				{"AgentRuntimeArtifact", obj{{"ContainerConfiguration", obj{{"ContainerUri", ref(pImageURI)}}}}},
				{"RoleArn", getAtt(lidRole, "Arn")},
				{"NetworkConfiguration", obj{
					{"NetworkMode", ref(pNetworkMode)},
					{"NetworkModeConfig", iff(cVPC, obj{{"SecurityGroups", ref(pSecurityGroups)}, {"Subnets", ref(pSubnets)}}, noValue)},
				}},
				{"ProtocolConfiguration", "MCP"},
				{"EnvironmentVariables", environment()},
				{"RequestHeaderConfiguration", obj{{"RequestHeaderAllowlist", headerAllowlist(headers)}}},
				{"AuthorizerConfiguration", iff(cJWTMode, obj{{"CustomJWTAuthorizer", jwtAuthorizer(runtimeAuthorizer)}}, noValue)},
				{"Tags", tags("runtime")},
			}},
		}},
	}
	if !r.Gateway.Enabled() {
		return res
	}
	return append(res, obj{
		{lidGatewayRole, obj{
			{"Type", "AWS::IAM::Role"},
			{"Condition", cGatewayCreate},
			{"Properties", obj{
				{"Description", sub("Service role of the AgentCore Gateway ${" + pGatewayName + "} (Zscaler MCP Server)")},
				{"AssumeRolePolicyDocument", trustPolicy("arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:gateway/*")},
				{"Policies", []any{obj{{"PolicyName", "zscaler-mcp-gateway"}, {"PolicyDocument", gatewayPolicy}}}},
				{"Tags", tagList("gateway-role")},
			}},
		}},
		{lidProvider, obj{
			{"Type", "AWS::BedrockAgentCore::OAuth2CredentialProvider"},
			{"Condition", cCreateProvider},
			{"Properties", obj{
				{"Name", ref(pGatewayProviderName)},
				{"CredentialProviderVendor", "CustomOauth2"},
				{"Oauth2ProviderConfigInput", obj{{"CustomOauth2ProviderConfig", obj{
					// The runtime's IdP: the token must pass the runtime's authorizer.
					{"OauthDiscovery", obj{{"DiscoveryUrl", ref(pJWTDiscoveryURL)}}},
					{"ClientId", selectAt(0, ref(pGatewayClientIDs))},
					{"ClientSecret", ref(pGatewayClientSecret)},
				}}}},
				{"Tags", tagList("gateway-oauth")},
			}},
		}},
		{lidGateway, obj{
			{"Type", "AWS::BedrockAgentCore::Gateway"},
			{"Condition", cGatewayCreate},
			{"Properties", obj{
				{"Name", ref(pGatewayName)},
				{"Description", sub("MCP Gateway in front of the Zscaler MCP Server runtime ${" + pRuntimeName + "}")},
				{"RoleArn", getAtt(lidGatewayRole, "Arn")},
				{"ProtocolType", "MCP"},
				{"ProtocolConfiguration", obj{{"Mcp", obj{{"SupportedVersions", ref(pGatewayMCPVersions)}}}}},
				{"AuthorizerType", "CUSTOM_JWT"},
				{"AuthorizerConfiguration", obj{{"CustomJWTAuthorizer", jwtAuthorizer(gatewayAuthorizer)}}},
				{"Tags", tags("gateway")},
			}},
		}},
		{lidTarget, obj{
			{"Type", "AWS::BedrockAgentCore::GatewayTarget"},
			{"Properties", obj{
				{"GatewayIdentifier", iff(cGatewayCreate, getAtt(lidGateway, "GatewayIdentifier"), ref(pExistingGatewayID))},
				{"Name", ref(pGatewayTargetName)},
				{"Description", sub("Zscaler MCP Server (AgentCore runtime ${" + pRuntimeName + "})")},
				{"TargetConfiguration", obj{{"Mcp", obj{{"McpServer", obj{
					{"Endpoint", runtimeURL()},
					// The tool list, up front from the catalogue: no sync that
					// depends on the runtime answering during stack creation.
					{"McpToolSchema", toolSchemaConfig(r, schema)},
					{"ListingMode", "DEFAULT"},
				}}}}}},
				{"CredentialProviderConfigurations", targetCredentials},
			}},
		}},
	}...)
}

// toolSchemaConfig is the target's McpToolSchema: inline, or the S3 object
// (in this account: the bucket owner is checked).
func toolSchemaConfig(r Inputs, inline string) obj {
	if u := r.Gateway.ToolSchemaS3URI; u != "" {
		return obj{{"S3", obj{{"Uri", u}, {"BucketOwnerAccountId", ref("AWS::AccountId")}}}}
	}
	return obj{{"InlinePayload", inline}}
}

func outputs(r Inputs) obj {
	out := func(desc string, value any, extra ...kv) obj {
		return append(obj{{"Description", desc}, {"Value", value}}, extra...)
	}
	runtimeID := getAtt(lidRuntime, "AgentRuntimeId")
	o := obj{
		{"AgentRuntimeId", out("The AgentCore runtime id", runtimeID)},
		{"AgentRuntimeArn", out("The AgentCore runtime ARN", getAtt(lidRuntime, "AgentRuntimeArn"))},
		{"SecretName", out("The Secrets Manager secret the runtime reads (ZSCALER_SECRET_NAME)", secretName())},
		{"SecurityNote", out("Where the credentials are", subVars("The Zscaler credentials are in the KMS-encrypted Secrets Manager secret ${Secret}; the runtime's environment holds only ZSCALER_SECRET_NAME, AWS_REGION and non-secret switches, no client id or secret.",
			obj{{"Secret", secretName()}}))},
		{"VerificationCommand", out("Check the runtime's status", sub(`aws bedrock-agentcore-control list-agent-runtimes --region ${AWS::Region} --query "agentRuntimes[?agentRuntimeId=='${`+lidRuntime+`.AgentRuntimeId}']"`))},
		{"LogsCommand", out("Follow the container's log", sub("aws logs tail /aws/bedrock-agentcore/runtimes/${"+lidRuntime+".AgentRuntimeId}-DEFAULT --region ${AWS::Region} --follow"))},
		{"RuntimeMcpUrl", out("The runtime's MCP endpoint (SigV4, or a bearer token in jwt mode)", runtimeURL())},
		{"ExecutionRoleArn", out("The runtime's execution role", getAtt(lidRole, "Arn"))},
		{"AuthMode", out("The inbound authentication mode", ref(pAuthMode))},
		{"NetworkMode", out("The runtime's network mode", ref(pNetworkMode))},
		{"ApiKeyCommand", out("Read the generated or stored API key (the ZSCALER_MCP_AUTH_API_KEY field)",
			sub("aws secretsmanager get-secret-value --secret-id ${"+pRuntimeName+"}-credentials --region ${AWS::Region} --query SecretString --output text"),
			kv{"Condition", cGenerateAPIKey})},
	}
	if !r.Gateway.Enabled() {
		return o
	}
	return append(o, obj{
		{"GatewayId", out("The AgentCore Gateway id", iff(cGatewayCreate, getAtt(lidGateway, "GatewayIdentifier"), ref(pExistingGatewayID)))},
		{"GatewayMcpUrl", out("The Gateway's MCP URL for downstream agents", getAtt(lidGateway, "GatewayUrl"), kv{"Condition", cGatewayCreate})},
		{"GatewayTargetId", out("The Gateway target of this runtime", getAtt(lidTarget, "TargetId"))},
		{"GatewayOutboundAuth", out("How the Gateway authenticates to the runtime", ref(pGatewayOutboundAuth))},
		{"GatewayOAuthProviderArn", out("The OAuth2 credential provider of the Gateway → runtime hop", iff(cCreateProvider, getAtt(lidProvider, "CredentialProviderArn"), ref(pGatewayProviderARN)), kv{"Condition", cOutboundOAuth})},
		{"GatewayAttachNote", out("What the existing Gateway needs",
			iff(cOutboundOAuth, sub("Allow the service role of Gateway ${"+pExistingGatewayID+"} bedrock-agentcore:GetResourceOauth2Token on the OAuth2 credential provider (output GatewayOAuthProviderArn) and secretsmanager:GetSecretValue on its client secret."),
				sub("Allow the service role of Gateway ${"+pExistingGatewayID+"} bedrock-agentcore:InvokeAgentRuntime on ${"+lidRuntime+".AgentRuntimeArn} (and nothing else of this stack).")),
			kv{"Condition", cGatewayAttach})},
	}...)
}
