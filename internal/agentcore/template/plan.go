package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// PlanAWSCLI is Method 2 of the AgentCore guide for the same inputs as
// Render: a bash script of AWS CLI commands with their JSON (create-secret,
// create-role, put-role-policy, create-agent-runtime, and the Gateway's
// credential provider, role, gateway and target), waiting for each resource
// to be READY. Every JSON document is the template's resource evaluated with
// the inputs (the same policies, environment, header allowlist and
// authorizers), turned into the API's shape.
//
// Secret values are never printed: the script reads them from the shell
// (ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET, ZSCALER_MCP_AUTH_API_KEY,
// GATEWAY_OAUTH_CLIENT_SECRET) and jq writes them into the JSON. Values
// known only once a command has run (the account when Account is empty,
// the runtime ARN, ...) are shell variables the same way.
func PlanAWSCLI(in Inputs) (string, error) {
	// The commands run as printed: every value they need must be given.
	if err := in.Validate(); err != nil {
		return "", err
	}
	t, err := build(in)
	if err != nil {
		return "", err
	}
	r, _ := in.Resolved()
	p := &planner{r: r, t: t}
	return p.script()
}

// Shell variables the plan fills in; in evaluated JSON they appear as <NAME>.
const (
	vAccount          = "ACCOUNT_ID"
	vKMSKey           = "KMS_KEY_ARN"
	vRuntimeID        = "RUNTIME_ID"
	vRuntimeARN       = "RUNTIME_ARN"
	vRuntimeARNEsc    = "RUNTIME_ARN_ESCAPED"
	vProviderARN      = "PROVIDER_ARN"
	vProviderSecret   = "PROVIDER_SECRET_ARN"
	vGatewayID        = "GATEWAY_ID"
	vTargetID         = "TARGET_ID"
	vClientID         = "ZSCALER_CLIENT_ID"
	vClientSecret     = "ZSCALER_CLIENT_SECRET"
	vAPIKey           = "ZSCALER_MCP_AUTH_API_KEY"
	vGatewayClientSec = "GATEWAY_OAUTH_CLIENT_SECRET"
)

func sentinel(name string) string { return "<" + name + ">" }

var sentinelRE = regexp.MustCompile(`<([A-Z][A-Z0-9_]*)>`)

type planner struct {
	r Inputs
	t obj
	b strings.Builder
}

func (p *planner) line(format string, a ...any) { fmt.Fprintf(&p.b, format+"\n", a...) }

func (p *planner) account() string {
	if p.r.Account != "" {
		return p.r.Account
	}
	return sentinel(vAccount)
}

func (p *planner) executionRoleName() string {
	return truncate(p.r.ResourcePrefix, 64-len("-execution-role")) + "-execution-role"
}
func (p *planner) gatewayRoleName() string {
	return truncate(p.r.ResourcePrefix, 64-len("-gateway-role")) + "-gateway-role"
}
func (p *planner) secretName() string { return p.r.RuntimeName + "-credentials" }

// evaluator evaluates the template with the inputs' parameter values; the
// secrets become shell-variable sentinels (their emptiness is kept, so the
// conditions come out as CloudFormation's would).
func (p *planner) evaluator() *evaluator {
	params := StackParameters(p.r)
	for name, v := range map[string]string{pClientID: vClientID, pClientSecret: vClientSecret, pAPIKey: vAPIKey, pGatewayClientSecret: vGatewayClientSec} {
		if params[name] != "" {
			params[name] = sentinel(v)
		}
	}
	acct := p.account()
	e := newEvaluator(params, func(id, attr string) (any, error) {
		switch id + "." + attr {
		case lidSecret + ".":
			return "arn:aws:secretsmanager:" + p.r.Region + ":" + acct + ":secret:" + p.secretName() + "-??????", nil
		case lidKey + ".Arn":
			return sentinel(vKMSKey), nil
		case lidRole + ".Arn":
			return "arn:aws:iam::" + acct + ":role/" + p.executionRoleName(), nil
		case lidGatewayRole + ".Arn":
			return "arn:aws:iam::" + acct + ":role/" + p.gatewayRoleName(), nil
		case lidRuntime + ".AgentRuntimeArn":
			return sentinel(vRuntimeARN), nil
		case lidRuntime + ".AgentRuntimeId":
			return sentinel(vRuntimeID), nil
		case lidProvider + ".CredentialProviderArn":
			return sentinel(vProviderARN), nil
		case lidProvider + ".ClientSecretArn":
			return sentinel(vProviderSecret), nil
		case lidGateway + ".GatewayIdentifier":
			return sentinel(vGatewayID), nil
		}
		return nil, fmt.Errorf("the plan has no value for %s.%s", id, attr)
	})
	e.pseudo["AWS::Region"] = p.r.Region
	e.pseudo["AWS::AccountId"] = acct
	e.pseudo["AWS::StackName"] = p.r.StackName
	return e.withConditions(p.t.get("Conditions"))
}

// props evaluates a resource's properties; ok is false when its condition
// leaves it out.
func (p *planner) props(e *evaluator, logicalID string) (obj, bool, error) {
	res, _ := p.t.get("Resources").(obj).get(logicalID).(obj)
	if res == nil {
		return nil, false, nil
	}
	if c, ok := res.get("Condition").(string); ok {
		on, err := e.conditionValue(c)
		if err != nil || !on {
			return nil, false, err
		}
	}
	v, err := e.eval(res.get("Properties"))
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", logicalID, err)
	}
	return v.(obj), true, nil
}

func (p *planner) script() (string, error) {
	e := p.evaluator()
	r := p.r
	must := func(o obj, ok bool, err error) obj {
		if err != nil {
			panic(err)
		}
		return o
	}
	var failure error
	func() {
		defer func() {
			if x := recover(); x != nil {
				if err, ok := x.(error); ok {
					failure = err
					return
				}
				panic(x)
			}
		}()
		p.header()
		if key, ok, err := p.props(e, lidKey); err != nil {
			panic(err)
		} else if ok {
			p.kmsKey(key)
		}
		if r.CredentialSource == CreateNew {
			p.secret(must(p.props(e, lidSecret)))
		} else {
			p.existingSecret()
		}
		p.executionRole(must(p.props(e, lidRole)))
		p.runtime(must(p.props(e, lidRuntime)))
		if r.Gateway.Enabled() {
			p.gateway(e)
		}
		p.verify()
	}()
	if failure != nil {
		return "", failure
	}
	return p.b.String(), nil
}

func (p *planner) header() {
	r := p.r
	creds := "the new secret " + p.secretName()
	if r.CredentialSource == UseExisting {
		creds = "the existing secret " + r.ExistingSecretName
	}
	gw := "none"
	if r.Gateway.Mode == GatewayCreate {
		gw = "create " + r.Gateway.Name
	} else if r.Gateway.Mode == GatewayAttach {
		gw = "attach to " + r.Gateway.ExistingID
	}
	p.line("#!/usr/bin/env bash")
	p.line("# Zscaler MCP Server on Amazon Bedrock AgentCore, Method 2: the AWS CLI commands.")
	p.line("# Generated by `zscaler-mcp agentcore plan --format aws-cli`; every JSON document below is the")
	p.line("# resource of `zscaler-mcp agentcore template` for the same settings, evaluated.")
	p.line("#")
	p.line("#   runtime:     %s in %s (image %s)", r.RuntimeName, r.Region, r.ImageURI)
	p.line("#   credentials: %s", creds)
	p.line("#   auth mode:   %s", r.AuthMode)
	p.line("#   network:     %s", r.NetworkMode)
	p.line("#   gateway:     %s", gw)
	if r.Gateway.Enabled() {
		p.line("#   gateway → runtime auth: %s", r.Gateway.OutboundAuth)
	}
	p.line("#")
	p.line("# Needs: AWS CLI v2 with bedrock-agentcore-control, and jq 1.6 or later.")
	var secrets []string
	if r.CredentialSource == CreateNew {
		secrets = append(secrets, vClientID, vClientSecret)
		if r.AuthMode == AuthAPIKey && r.APIKey != "" {
			secrets = append(secrets, vAPIKey)
		}
	}
	if r.Gateway.Enabled() && r.Gateway.OutboundAuth == OutboundOAuth && r.Gateway.ProviderARN == "" {
		secrets = append(secrets, vGatewayClientSec)
	}
	if len(secrets) > 0 {
		p.line("# Secrets are read from your shell and never printed: export %s first.", strings.Join(secrets, ", "))
	}
	p.line("set -euo pipefail")
	p.line("umask 077")
	for _, s := range secrets {
		p.line(`: "${%s:?export %s first}"`, s, s)
	}
	p.line(`cd "$(mktemp -d)"`)
	if r.Account == "" {
		p.line("%s=$(aws sts get-caller-identity --query Account --output text)", vAccount)
	}
	p.line("")
}

func (p *planner) step(title string) {
	p.line("# --- %s %s", title, strings.Repeat("-", max(3, 96-len(title))))
}

func (p *planner) kmsKey(key obj) {
	p.step("Customer-managed KMS key for the secret")
	p.writeJSON("key-policy.json", key.get("KeyPolicy"), nil)
	p.capture([]string{vKMSKey}, "aws kms create-key",
		"--description "+shellWord(fmt.Sprint(key.get("Description"))),
		"--policy file://key-policy.json",
		"--region "+p.r.Region,
		"--query KeyMetadata.Arn --output text")
	p.line(`aws kms enable-key-rotation --key-id "$%s" --region %s`, vKMSKey, p.r.Region)
	p.line("")
}

func (p *planner) secret(s obj) {
	r := p.r
	p.step("Step 1: create the Secrets Manager secret (KMS-encrypted)")
	if r.AuthMode == AuthAPIKey && r.APIKey == "" {
		p.line("# api-key mode: a generated key, as the template's GenerateSecretString does")
		p.line(`%s=$(aws secretsmanager get-random-password --password-length 48 --exclude-punctuation --region %s --query RandomPassword --output text)`, vAPIKey, r.Region)
	}
	// The secret's fields, from the same list the template's SecretString uses.
	values := StackParameters(r)
	var args, fields []string
	add := func(key, value string, fromShell bool) {
		if fromShell {
			args = append(args, fmt.Sprintf(`--arg %s "$%s"`, key, key))
		} else {
			args = append(args, fmt.Sprintf(`--arg %s %s`, key, shellWord(value)))
		}
		fields = append(fields, fmt.Sprintf("%s: $%s", key, key))
	}
	for _, f := range secretFields {
		add(f.Key, values[f.Param], f.Param == pClientID || f.Param == pClientSecret)
	}
	if r.AuthMode == AuthAPIKey {
		add(apiKeyField, "", true)
	}
	p.line("jq -n \\")
	for _, a := range args {
		p.line("  %s \\", a)
	}
	p.line("  '{%s}' > secret.json", strings.Join(fields, ", "))
	kms := AWSManagedSecretKey
	switch {
	case r.CreateKMSKey:
		kms = `"$` + vKMSKey + `"`
	case r.SecretKMSKeyARN != "":
		kms = r.SecretKMSKeyARN
	}
	p.command("aws secretsmanager create-secret",
		"--name "+shellWord(p.secretName()),
		"--description "+shellWord(fmt.Sprint(s.get("Description"))),
		"--kms-key-id "+kms,
		"--secret-string file://secret.json",
		"--region "+r.Region)
	p.line("rm -f secret.json")
	p.command("aws secretsmanager describe-secret",
		"--secret-id "+shellWord(p.secretName()),
		"--region "+r.Region,
		"--query "+shellWord("{Name:Name,ARN:ARN,KmsKeyId:KmsKeyId}"))
	p.line("")
}

func (p *planner) existingSecret() {
	p.step("Step 1: the existing secret")
	p.line("# The runtime reads %s; it must hold ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET and ZSCALER_VANITY_DOMAIN%s.",
		p.r.ExistingSecretName, map[bool]string{true: " (and ZSCALER_MCP_AUTH_API_KEY)", false: ""}[p.r.AuthMode == AuthAPIKey])
	p.command("aws secretsmanager describe-secret",
		"--secret-id "+shellWord(p.r.ExistingSecretName),
		"--region "+p.r.Region,
		"--query "+shellWord("{Name:Name,ARN:ARN,KmsKeyId:KmsKeyId}"))
	p.line("")
}

func (p *planner) executionRole(role obj) {
	p.step("Step 2: create the IAM execution role (least privilege)")
	p.writeJSON("trust-policy.json", role.get("AssumeRolePolicyDocument"), nil)
	policy := role.get("Policies").([]any)[0].(obj)
	p.writeJSON("execution-policy.json", policy.get("PolicyDocument"), nil)
	p.command("aws iam create-role",
		"--role-name "+p.executionRoleName(),
		"--description "+shellWord(fmt.Sprint(role.get("Description"))),
		"--assume-role-policy-document file://trust-policy.json")
	p.command("aws iam put-role-policy",
		"--role-name "+p.executionRoleName(),
		"--policy-name "+fmt.Sprint(policy.get("PolicyName")),
		"--policy-document file://execution-policy.json")
	p.line("aws iam wait role-exists --role-name %s", p.executionRoleName())
	p.line("sleep 10 # IAM propagation: AgentCore pulls the image with the role right away")
	p.line("")
}

func (p *planner) runtime(rt obj) {
	r := p.r
	p.step("Step 3: deploy the AgentCore runtime")
	art := apiShape(rt.get("AgentRuntimeArtifact"))
	network := apiShape(rt.get("NetworkConfiguration"))
	protocol := obj{{"serverProtocol", rt.get("ProtocolConfiguration")}}
	headers := apiShape(rt.get("RequestHeaderConfiguration"))
	p.writeJSON("environment.json", rt.get("EnvironmentVariables"), nil)
	args := []string{
		"--region " + r.Region,
		"--agent-runtime-name " + shellWord(fmt.Sprint(rt.get("AgentRuntimeName"))),
		"--description " + shellWord(fmt.Sprint(rt.get("Description"))),
		"--agent-runtime-artifact " + p.jsonArg(art),
		"--role-arn " + shellWord(fmt.Sprint(rt.get("RoleArn"))),
		"--network-configuration " + p.jsonArg(network),
		"--protocol-configuration " + p.jsonArg(protocol),
		"--environment-variables file://environment.json",
		"--request-header-configuration " + p.jsonArg(headers),
	}
	if az := rt.get("AuthorizerConfiguration"); az != nil {
		p.writeJSON("authorizer.json", apiShape(az), nil)
		args = append(args, "--authorizer-configuration file://authorizer.json")
	}
	args = append(args, "--query '[agentRuntimeId,agentRuntimeArn]' --output text")
	p.capture([]string{vRuntimeID, vRuntimeARN}, "aws bedrock-agentcore-control create-agent-runtime", args...)
	p.wait("runtime", vRuntimeID, "aws bedrock-agentcore-control get-agent-runtime --agent-runtime-id \"$"+vRuntimeID+"\" --region "+r.Region, "failureReason")
	p.line("")
}

func (p *planner) gateway(e *evaluator) {
	r := p.r
	if prov, ok, err := p.props(e, lidProvider); err != nil {
		panic(err)
	} else if ok {
		p.step("Step 4: the Gateway's OAuth2 credential provider (Gateway → runtime)")
		p.writeJSON("oauth-provider.json", apiShape(prov.get("Oauth2ProviderConfigInput")), nil)
		p.capture([]string{vProviderARN, vProviderSecret}, "aws bedrock-agentcore-control create-oauth2-credential-provider",
			"--region "+r.Region,
			"--name "+shellWord(fmt.Sprint(prov.get("Name"))),
			"--credential-provider-vendor "+fmt.Sprint(prov.get("CredentialProviderVendor")),
			"--oauth2-provider-config-input file://oauth-provider.json",
			"--query '[credentialProviderArn,clientSecretArn]' --output text")
		p.line("rm -f oauth-provider.json")
		p.line("")
	} else if r.Gateway.OutboundAuth == OutboundOAuth {
		p.line("%s=%s", vProviderARN, shellWord(r.Gateway.ProviderARN))
	}
	if r.Gateway.Mode == GatewayCreate {
		role, _, err := p.props(e, lidGatewayRole)
		if err != nil {
			panic(err)
		}
		p.step("Step 5: the Gateway's service role")
		p.writeJSON("gateway-trust-policy.json", role.get("AssumeRolePolicyDocument"), nil)
		p.command("aws iam create-role",
			"--role-name "+p.gatewayRoleName(),
			"--description "+shellWord(fmt.Sprint(role.get("Description"))),
			"--assume-role-policy-document file://gateway-trust-policy.json")
		policy := role.get("Policies").([]any)[0].(obj)
		p.writeJSON("gateway-policy.json", policy.get("PolicyDocument"), nil)
		p.command("aws iam put-role-policy",
			"--role-name "+p.gatewayRoleName(),
			"--policy-name "+fmt.Sprint(policy.get("PolicyName")),
			"--policy-document file://gateway-policy.json")
		p.line("aws iam wait role-exists --role-name %s", p.gatewayRoleName())
		p.line("sleep 10 # IAM propagation")
		p.line("")

		gw, _, err := p.props(e, lidGateway)
		if err != nil {
			panic(err)
		}
		p.step("Step 6: create the Gateway")
		p.writeJSON("gateway-authorizer.json", apiShape(gw.get("AuthorizerConfiguration")), nil)
		p.capture([]string{vGatewayID}, "aws bedrock-agentcore-control create-gateway",
			"--region "+r.Region,
			"--name "+shellWord(fmt.Sprint(gw.get("Name"))),
			"--description "+shellWord(fmt.Sprint(gw.get("Description"))),
			"--role-arn "+shellWord(fmt.Sprint(gw.get("RoleArn"))),
			"--protocol-type "+fmt.Sprint(gw.get("ProtocolType")),
			"--protocol-configuration "+p.jsonArg(apiShape(gw.get("ProtocolConfiguration"))),
			"--authorizer-type "+fmt.Sprint(gw.get("AuthorizerType")),
			"--authorizer-configuration file://gateway-authorizer.json",
			"--query gatewayId --output text")
		p.wait("gateway", vGatewayID, "aws bedrock-agentcore-control get-gateway --gateway-identifier \"$"+vGatewayID+"\" --region "+r.Region, "statusReasons")
		p.line("")
	} else {
		p.line("%s=%s", vGatewayID, shellWord(r.Gateway.ExistingID))
		switch r.Gateway.OutboundAuth {
		case OutboundOAuth:
			p.line("# attach: allow the Gateway's own service role bedrock-agentcore:GetResourceOauth2Token on $%s", vProviderARN)
			p.line("# and secretsmanager:GetSecretValue on the provider's client secret.")
		case OutboundIAM:
			p.line("# attach, outbound iam: the existing Gateway's own service role must be allowed")
			p.line("# bedrock-agentcore:InvokeAgentRuntime on this runtime ($%s) and nothing more; for example:", vRuntimeARN)
			p.line(`#   GATEWAY_ROLE_ARN=$(aws bedrock-agentcore-control get-gateway --gateway-identifier "$%s" --region %s --query roleArn --output text)`, vGatewayID, r.Region)
			p.line(`#   aws iam put-role-policy --role-name "${GATEWAY_ROLE_ARN##*/}" --policy-name invoke-%s \`, r.RuntimeName)
			p.line(`#     --policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock-agentcore:InvokeAgentRuntime\",\"Resource\":[\"$%s\",\"$%s/runtime-endpoint/DEFAULT\"]}]}"`, vRuntimeARN, vRuntimeARN)
		}
		p.line("")
	}

	target, _, err := p.props(e, lidTarget)
	if err != nil {
		panic(err)
	}
	if u := r.Gateway.ToolSchemaS3URI; u != "" {
		schema, err := r.ToolSchema()
		if err != nil {
			panic(err)
		}
		p.step("Step 7a: the tool schema, in S3 (the target reads it from there)")
		p.line("cat > tool-schema.json <<'JSON'")
		p.line("%s", strings.TrimSuffix(string(schema), "\n"))
		p.line("JSON")
		sum := strings.TrimSuffix(strings.TrimPrefix(ToolSchemaKey(schema), ToolSchemaKeyPrefix), ".json")
		p.line("echo '%s  tool-schema.json' | sha256sum -c --quiet", sum)
		p.line("aws s3 cp tool-schema.json %s --region %s --sse AES256 --content-type application/json", shellWord(u), r.Region)
		p.line("")
	}
	p.step("Step 7: the Gateway target (" + r.Gateway.OutboundAuth + "), with the tool schema from the catalogue")
	p.line(`%s=$(jq -rn --arg v "$%s" '$v|@uri')`, vRuntimeARNEsc, vRuntimeARN)
	// Percent-encoding a sentinel leaves it as it is: in the target's
	// endpoint <RUNTIME_ARN> stands for the encoded ARN.
	p.writeJSON("gateway-target.json", apiShape(target.get("TargetConfiguration")), map[string]string{vRuntimeARN: vRuntimeARNEsc})
	p.writeJSON("gateway-credentials.json", apiShape(target.get("CredentialProviderConfigurations")), nil)
	p.capture([]string{vTargetID}, "aws bedrock-agentcore-control create-gateway-target",
		"--region "+r.Region,
		`--gateway-identifier "$`+vGatewayID+`"`,
		"--name "+shellWord(fmt.Sprint(target.get("Name"))),
		"--description "+shellWord(fmt.Sprint(target.get("Description"))),
		"--target-configuration file://gateway-target.json",
		"--credential-provider-configurations file://gateway-credentials.json",
		"--query targetId --output text")
	p.wait("gateway target", vTargetID, "aws bedrock-agentcore-control get-gateway-target --gateway-identifier \"$"+vGatewayID+"\" --target-id \"$"+vTargetID+"\" --region "+r.Region, "statusReasons")
	p.line("")
}

func (p *planner) verify() {
	r := p.r
	p.step("Verify")
	p.line(`aws bedrock-agentcore-control list-agent-runtimes --region %s --query "agentRuntimes[?agentRuntimeId=='$%s']"`, r.Region, vRuntimeID)
	p.line("# The environment holds no client id or secret, only the secret's name:")
	p.line("aws bedrock-agentcore-control get-agent-runtime --region %s --agent-runtime-id \"$%s\" --query 'environmentVariables'", r.Region, vRuntimeID)
	p.line(`aws logs tail "/aws/bedrock-agentcore/runtimes/${%s}-DEFAULT" --region %s --since 5m | grep -E "(config|secret|Secret)" || true`, vRuntimeID, r.Region)
	p.line(`echo "runtime: $%s"`, vRuntimeARN)
	if r.Gateway.Enabled() {
		p.line(`aws bedrock-agentcore-control get-gateway-target --gateway-identifier "$%s" --target-id "$%s" --region %s --query '{status:status,reasons:statusReasons}'`, vGatewayID, vTargetID, r.Region)
	}
}

// command prints a command with one argument per line.
func (p *planner) command(cmd string, args ...string) {
	if len(args) == 0 {
		p.line("%s", cmd)
		return
	}
	p.line("%s \\", cmd)
	for i, a := range args {
		if i == len(args)-1 {
			p.line("  %s", a)
		} else {
			p.line("  %s \\", a)
		}
	}
}

// capture runs a command whose text output fills shell variables.
func (p *planner) capture(vars []string, cmd string, args ...string) {
	p.line("out=$(%s \\", cmd)
	for i, a := range args {
		if i == len(args)-1 {
			p.line("  %s)", a)
		} else {
			p.line("  %s \\", a)
		}
	}
	p.line(`read -r %s <<<"$out"`, strings.Join(vars, " "))
}

// wait polls a status until READY, stopping on a failed one.
func (p *planner) wait(what, idVar, get, reasonField string) {
	p.line(`echo "waiting for the %s $%s to be READY"`, what, idVar)
	p.line("while :; do")
	p.line("  status=$(%s --query status --output text)", get)
	p.line(`  case "$status" in`)
	p.line("    READY) break ;;")
	p.line(`    *FAILED* | *UNSUCCESSFUL*) echo "%s $%s: $status" >&2; %s --query %s >&2; exit 1 ;;`, what, idVar, get, reasonField)
	p.line("  esac")
	p.line("  sleep 10")
	p.line("done")
}

// writeJSON writes a JSON document to a file. Sentinels (<NAME>) are filled
// in from shell variables by jq, which also JSON-escapes them; rename maps
// a sentinel to another variable for this document.
func (p *planner) writeJSON(file string, doc any, rename map[string]string) {
	b, err := indentJSON(doc)
	if err != nil {
		panic(err)
	}
	text := string(b)
	names := sentinels(text)
	if len(names) == 0 {
		p.line("cat > %s <<'JSON'", file)
	} else {
		var args, subs []string
		for _, n := range names {
			v := n
			if rn, ok := rename[n]; ok {
				v = rn
			}
			args = append(args, fmt.Sprintf(`--arg %s "$%s"`, n, v))
			subs = append(subs, fmt.Sprintf(`gsub("<%s>"; $%s)`, n, n))
		}
		p.line(`jq %s 'walk(if type == "string" then %s else . end)' > %s <<'JSON'`, strings.Join(args, " "), strings.Join(subs, " | "), file)
	}
	p.line("%s", text)
	p.line("JSON")
}

// jsonArg is a small JSON document as one shell word.
func (p *planner) jsonArg(doc any) string {
	b, err := marshalJSON(doc)
	if err != nil {
		panic(err)
	}
	if len(sentinels(string(b))) > 0 {
		panic(fmt.Errorf("internal: inline JSON with a shell variable: %s", b))
	}
	return shellQuote(string(b))
}

// sentinels lists the plan variables a text refers to, sorted.
func sentinels(text string) []string {
	known := map[string]bool{vAccount: true, vKMSKey: true, vRuntimeID: true, vRuntimeARN: true, vProviderARN: true,
		vProviderSecret: true, vGatewayID: true, vClientID: true, vClientSecret: true, vAPIKey: true, vGatewayClientSec: true}
	seen := map[string]bool{}
	var out []string
	for _, m := range sentinelRE.FindAllStringSubmatch(text, -1) {
		if known[m[1]] && !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// shellWord quotes a value as one shell word; a value holding plan
// variables becomes a double-quoted word that expands them.
func shellWord(s string) string {
	if len(sentinels(s)) == 0 {
		return shellQuote(s)
	}
	var b strings.Builder
	b.WriteByte('"')
	last := 0
	for _, m := range sentinelRE.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(dqEscape(s[last:m[0]]))
		b.WriteString("${" + s[m[2]:m[3]] + "}")
		last = m[1]
	}
	b.WriteString(dqEscape(s[last:]))
	b.WriteByte('"')
	return b.String()
}

func dqEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s)
}

// shellQuote single-quotes a value unless it is one plain word.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(c rune) bool {
		return !(unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("_./:@%+=,-", c)) || c > unicode.MaxASCII
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func indentJSON(v any) ([]byte, error) {
	b, err := marshalJSON(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// apiShape turns CloudFormation property names into the API's (lower
// camel case), leaving the keys of map-typed values (environment
// variables, tags) as they are.
func apiShape(v any) any {
	switch x := v.(type) {
	case obj:
		out := make(obj, 0, len(x))
		for _, e := range x {
			if e.K == "EnvironmentVariables" || e.K == "Tags" || e.K == "CustomParameters" {
				out = append(out, kv{lowerFirst(e.K), e.V})
				continue
			}
			out = append(out, kv{lowerFirst(e.K), apiShape(e.V)})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = apiShape(it)
		}
		return out
	}
	return v
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
