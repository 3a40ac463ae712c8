package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/dotenv"
)

// newAgentcoreTemplateCommands are the offline verbs of `zscaler-mcp
// agentcore`: template, plan and export-tool-schema. None of them calls AWS.
func newAgentcoreTemplateCommands() []*cobra.Command {
	return []*cobra.Command{newAgentcoreTemplateCommand(), newAgentcorePlanCommand(), newAgentcoreExportToolSchemaCommand()}
}

// offlineCommand is an options struct of the verbs that make no AWS call.
type offlineCommand interface {
	Validate() error
	Execute(fs *pflag.FlagSet, stdout, stderr io.Writer) error
}

func runOffline(o offlineCommand) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		if err := o.Validate(); err != nil {
			return err
		}
		return o.Execute(cmd.Flags(), cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
}

func newAgentcoreTemplateCommand() *cobra.Command {
	o := &agentcoreTemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Write the CloudFormation template (Method 1: the console or aws cloudformation deploy)",
		Long: "Write one CloudFormation template that deploys the server to Amazon Bedrock AgentCore with native\n" +
			"resources (AWS::BedrockAgentCore::Runtime, and with --gateway-mode the Gateway, its target and\n" +
			"OAuth credential provider), a KMS-encrypted secret or an existing one, and a least-privilege role.\n" +
			"The settings given become the parameters' defaults (secrets excepted: pass them at deploy time)\n" +
			"and are checked now; with none it is the one-click template, every parameter left for the\n" +
			"console. Its parameter constraints and Rules reject what is missing or inconsistent before\n" +
			"anything is created. No AWS call is made.",
		Args: cobra.NoArgs,
		RunE: runOffline(o),
	}
	o.inputs.bind(cmd.Flags(), true)
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the template to this file instead of stdout")
	cmd.Flags().StringVar(&o.format, "format", "yaml", "yaml, or json (compact: the smallest TemplateBody)")
	return cmd
}

func newAgentcorePlanCommand() *cobra.Command {
	o := &agentcorePlanOptions{}
	cmd := &cobra.Command{
		Use:   "plan --format aws-cli",
		Short: "Print the equivalent AWS CLI commands with their JSON (Method 2)",
		Long: "Print a bash script of the AWS CLI commands (create-secret, create-role, put-role-policy,\n" +
			"create-agent-runtime, and the Gateway's) that the template's resources stand for, with the\n" +
			"same settings. Secrets are read from the shell when the script runs, never printed.\n" +
			"No AWS call is made.",
		Args: cobra.NoArgs,
		RunE: runOffline(o),
	}
	o.inputs.bind(cmd.Flags(), true)
	cmd.Flags().StringVar(&o.format, "format", "aws-cli", "the plan's format: aws-cli")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the script to this file (mode 0755) instead of stdout")
	return cmd
}

func newAgentcoreExportToolSchemaCommand() *cobra.Command {
	o := &agentcoreExportToolSchemaOptions{}
	cmd := &cobra.Command{
		Use:   "export-tool-schema",
		Short: "Write the AgentCore Gateway tool schema from this binary's catalogue",
		Long: "Write the JSON array of tool definitions (name, description, inputSchema, annotations) that the\n" +
			"runtime's tools/list returns with the same tool policy (write switch and allowlist, disabled\n" +
			"tools and services). It comes from the catalogue compiled into this binary: no network, no\n" +
			"deployed runtime needed. The template embeds the same schema in its Gateway target.",
		Args: cobra.NoArgs,
		RunE: runOffline(o),
	}
	o.inputs.bind(cmd.Flags(), false)
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the schema to this file instead of stdout")
	return cmd
}

// agentcoreTemplateOptions are the options of `agentcore template`.
type agentcoreTemplateOptions struct {
	inputs agentcoreInputOptions
	output string
	format string
}

func (o *agentcoreTemplateOptions) Validate() error {
	switch o.format {
	case "yaml", "json":
		return nil
	}
	return &config.Error{Problems: []string{fmt.Sprintf("--format %q: use yaml or json", o.format)}}
}

func (o *agentcoreTemplateOptions) Execute(fs *pflag.FlagSet, stdout, stderr io.Writer) error {
	in, err := o.inputs.resolve(fs, stderr)
	if err != nil {
		return err
	}
	render := template.Render
	if o.format == "json" {
		render = template.RenderJSON
	}
	body, err := render(in)
	if err != nil {
		return asConfigError(err)
	}
	warn(stderr, in.Warnings())
	var left *template.Error
	if errors.As(in.Validate(), &left) {
		fmt.Fprintln(stderr, "note: left for stack creation (the console, or --parameter-overrides), where CloudFormation checks them:")
		for _, p := range left.Problems {
			fmt.Fprintln(stderr, "  -", p)
		}
	}
	r, _ := in.Resolved()
	schemaFix := ""
	if r.Gateway.Enabled() && r.Gateway.ToolSchemaS3URI == "" {
		if schema, err := in.ToolSchema(); err == nil {
			key := template.ToolSchemaKey(schema)
			schemaFix = fmt.Sprintf("put the Gateway's %d-byte tool schema in S3 instead: `zscaler-mcp agentcore export-tool-schema -o tool-schema.json` with the same tool settings, `aws s3 cp tool-schema.json s3://BUCKET/%s`, then this command again with --tool-schema-s3-uri s3://BUCKET/%s", len(schema), key, key)
		}
	}
	compact, compactErr := template.RenderJSON(in)
	if compactErr == nil && len(compact) > template.TemplateURLLimit {
		msg := fmt.Sprintf("the template is %d bytes even as JSON, over CloudFormation's %d-byte limit for a template in S3", len(compact), template.TemplateURLLimit)
		if schemaFix != "" {
			msg += ": " + schemaFix
		}
		return &config.Error{Problems: []string{msg}}
	}
	if len(body) > template.TemplateBodyLimit {
		fmt.Fprintf(stderr, "note: the template is %d bytes, over CloudFormation's %d-byte inline limit: deploy it with `aws cloudformation deploy --s3-bucket BUCKET` or upload it in the console", len(body), template.TemplateBodyLimit)
		if compactErr == nil && len(compact) <= template.TemplateBodyLimit {
			fmt.Fprintf(stderr, "; or write it with --format json (%d bytes, within the limit)", len(compact))
		}
		if schemaFix != "" {
			fmt.Fprintf(stderr, "; or %s", schemaFix)
		}
		fmt.Fprintln(stderr)
	}
	return writeOutput(o.output, body, 0o644, stdout, stderr, "template")
}

// agentcorePlanOptions are the options of `agentcore plan`.
type agentcorePlanOptions struct {
	inputs agentcoreInputOptions
	format string
	output string
}

func (o *agentcorePlanOptions) Validate() error {
	if o.format != "aws-cli" {
		return &config.Error{Problems: []string{fmt.Sprintf("--format %q: the plan is available as aws-cli", o.format)}}
	}
	return nil
}

func (o *agentcorePlanOptions) Execute(fs *pflag.FlagSet, stdout, stderr io.Writer) error {
	in, err := o.inputs.resolve(fs, stderr)
	if err != nil {
		return err
	}
	script, err := template.PlanAWSCLI(in)
	if err != nil {
		return asConfigError(err)
	}
	warn(stderr, in.Warnings())
	return writeOutput(o.output, []byte(script), 0o755, stdout, stderr, "plan")
}

// agentcoreExportToolSchemaOptions are the options of `agentcore export-tool-schema`.
type agentcoreExportToolSchemaOptions struct {
	inputs agentcoreInputOptions
	output string
}

func (o *agentcoreExportToolSchemaOptions) Validate() error { return nil }

func (o *agentcoreExportToolSchemaOptions) Execute(fs *pflag.FlagSet, stdout, stderr io.Writer) error {
	in, err := o.inputs.resolve(fs, stderr)
	if err != nil {
		return err
	}
	for _, w := range policyWarnings(in) {
		fmt.Fprintln(stderr, "warning:", w)
	}
	schema, err := in.ToolSchema()
	if err != nil {
		return asConfigError(err)
	}
	if err := writeOutput(o.output, schema, 0o644, stdout, stderr, "tool schema"); err != nil {
		return err
	}
	if o.output != "" && o.output != "-" {
		fmt.Fprintf(stderr, "%d tool definitions\n", len(in.Tools()))
	}
	return nil
}

func policyWarnings(in template.Inputs) []string {
	var out []string
	cfg := in.PolicyConfig()
	if cfg.WriteEnabled && len(cfg.WriteTools) == 0 {
		out = append(out, "ZSCALER_MCP_WRITE_ENABLED is on but ZSCALER_MCP_WRITE_TOOLS is empty: no write tool is exported")
	}
	if !cfg.WriteEnabled && len(cfg.WriteTools) > 0 {
		out = append(out, "ZSCALER_MCP_WRITE_TOOLS is set but ZSCALER_MCP_WRITE_ENABLED is off: no write tool is exported")
	}
	return out
}

func warn(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintln(w, "note:", n)
	}
}

// asConfigError turns the template's list of problems into the CLI's
// configuration error (exit status 2, one message with every problem).
func asConfigError(err error) error {
	var te *template.Error
	if errors.As(err, &te) {
		return &config.Error{Problems: te.Problems}
	}
	return err
}

// writeOutput writes to stdout ("" or "-") or atomically to a file.
func writeOutput(path string, body []byte, mode os.FileMode, stdout, stderr io.Writer, what string) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(body)
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("--output %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("--output %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	fmt.Fprintf(stderr, "wrote the %s to %s (%d bytes)\n", what, path, len(body))
	return nil
}

// agentcoreInputOptions reads the deployment settings from flags, the
// environment and a .env / env.properties file (in that order of
// precedence), with the AgentCore guide's variable names.
type agentcoreInputOptions struct {
	envFile string
	full    bool // all settings, or only the tool policy (export-tool-schema)
}

// agentcoreSetting is one setting: its flag, its environment name(s) and
// where it goes in template.Inputs.
type agentcoreSetting struct {
	flag, env, usage string
	alias            []string // older environment names, read after env
	kind             settingKind
	full             bool // only for the deployment verbs (not export-tool-schema)
	apply            func(in *template.Inputs, v string) error
}

type settingKind int

const (
	settingText settingKind = iota
	settingList
	settingBool
	settingSecret // environment only: never a flag (shell history)
)

func listOf(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseBoolSetting(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean; use true/false, 1/0 or yes/no", v)
}

func text(f func(in *template.Inputs, v string)) func(*template.Inputs, string) error {
	return func(in *template.Inputs, v string) error { f(in, v); return nil }
}

// agentcoreSettings lists every setting of the offline verbs.
var agentcoreSettings = []agentcoreSetting{
	{flag: "resource-prefix", env: "AWS_RESOURCE_NAME_PREFIX", full: true, usage: "prefix of the resource names (default zscaler-mcp; the runtime name is it without hyphens)",
		apply: text(func(in *template.Inputs, v string) { in.ResourcePrefix = v })},
	{flag: "runtime-name", env: "AGENTCORE_RUNTIME_NAME", full: true, usage: "AgentCore runtime name, ^[a-zA-Z][a-zA-Z0-9_]{0,47}$ (no hyphens)",
		apply: text(func(in *template.Inputs, v string) { in.RuntimeName = v })},
	{flag: "description", env: "AGENTCORE_DESCRIPTION", full: true, usage: "runtime description",
		apply: text(func(in *template.Inputs, v string) { in.Description = v })},
	{flag: "image-uri", env: "ZSCALER_MCP_IMAGE_URI", full: true, usage: "the image in ECR: ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG",
		apply: text(func(in *template.Inputs, v string) { in.ImageURI = v })},
	{flag: "region", env: "AWS_REGION", alias: []string{"AWS_DEFAULT_REGION"}, full: true, usage: "AWS region (default: the image's region, else us-east-1)",
		apply: text(func(in *template.Inputs, v string) { in.Region = v })},
	{flag: "account", env: "AWS_ACCOUNT_ID", full: true, usage: "AWS account id for the plan (default: looked up by the script with sts get-caller-identity)",
		apply: text(func(in *template.Inputs, v string) { in.Account = v })},
	{flag: "stack-name", env: "AWS_STACK_NAME", full: true, usage: "CloudFormation stack name (default zscaler-mcp-agentcore)",
		apply: text(func(in *template.Inputs, v string) { in.StackName = v })},

	{flag: "credential-source", env: "AGENTCORE_CREDENTIAL_SOURCE", full: true, usage: "CreateNew or UseExisting (default: UseExisting when ZSCALER_SECRET_NAME is set)",
		apply: text(func(in *template.Inputs, v string) { in.CredentialSource = v })},
	{flag: "secret-name", env: "ZSCALER_SECRET_NAME", full: true, usage: "UseExisting: the Secrets Manager secret holding the credentials",
		apply: text(func(in *template.Inputs, v string) { in.ExistingSecretName = v })},
	{env: "ZSCALER_CLIENT_ID", kind: settingSecret, full: true,
		apply: text(func(in *template.Inputs, v string) { in.ClientID = v })},
	{env: "ZSCALER_CLIENT_SECRET", kind: settingSecret, full: true,
		apply: text(func(in *template.Inputs, v string) { in.ClientSecret = v })},
	{flag: "vanity-domain", env: "ZSCALER_VANITY_DOMAIN", full: true, usage: "CreateNew: the ZIdentity vanity domain",
		apply: text(func(in *template.Inputs, v string) { in.VanityDomain = v })},
	{flag: "customer-id", env: "ZSCALER_CUSTOMER_ID", full: true, usage: "CreateNew: the Zscaler customer id",
		apply: text(func(in *template.Inputs, v string) { in.CustomerID = v })},
	{flag: "zcell-customer-id", env: "ZCELL_CUSTOMER_ID", full: true, usage: "CreateNew: the ZCell (Cellular) customer id, for the ZCell tools",
		apply: text(func(in *template.Inputs, v string) { in.ZCellCustomerID = v })},
	{flag: "cloud", env: "ZSCALER_CLOUD", full: true, usage: "CreateNew: the Zscaler cloud (empty = production)",
		apply: text(func(in *template.Inputs, v string) {
			if !strings.EqualFold(v, "production") {
				in.Cloud = v
			}
		})},
	{flag: "secret-kms-key-arn", env: "AGENTCORE_SECRET_KMS_KEY_ARN", full: true, usage: "customer-managed KMS key ARN of the secret",
		apply: text(func(in *template.Inputs, v string) { in.SecretKMSKeyARN = v })},
	{flag: "create-kms-key", env: "AGENTCORE_CREATE_KMS_KEY", kind: settingBool, full: true, usage: "CreateNew: create a customer-managed KMS key for the secret",
		apply: func(in *template.Inputs, v string) (err error) { in.CreateKMSKey, err = parseBoolSetting(v); return }},

	{flag: "enable-write-tools", env: "ZSCALER_MCP_WRITE_ENABLED", kind: settingBool, usage: "write master switch",
		apply: func(in *template.Inputs, v string) (err error) { in.WriteEnabled, err = parseBoolSetting(v); return }},
	{flag: "write-tools", env: "ZSCALER_MCP_WRITE_TOOLS", kind: settingList, usage: "glob allowlist of write tools",
		apply: text(func(in *template.Inputs, v string) { in.WriteTools = listOf(v) })},
	{flag: "disabled-tools", env: "ZSCALER_MCP_DISABLED_TOOLS", kind: settingList, usage: "globs of tools to hide",
		apply: text(func(in *template.Inputs, v string) { in.DisabledTools = listOf(v) })},
	{flag: "disabled-services", env: "ZSCALER_MCP_DISABLED_SERVICES", kind: settingList, usage: "services to hide",
		apply: text(func(in *template.Inputs, v string) { in.DisabledServices = listOf(strings.ToLower(v)) })},

	{flag: "auth-mode", env: "ZSCALER_MCP_AUTH_MODE", alias: []string{"MCP_AUTH_MODE"}, full: true, usage: "inbound auth: none, api-key, zscaler or jwt (default zscaler; jwt with a Gateway whose outbound auth is oauth)",
		apply: text(func(in *template.Inputs, v string) { in.AuthMode = v })},
	{env: "ZSCALER_MCP_AUTH_API_KEY", kind: settingSecret, full: true,
		apply: text(func(in *template.Inputs, v string) { in.APIKey = v })},
	{flag: "jwt-discovery-url", env: "ZSCALER_MCP_AUTH_JWT_DISCOVERY_URL", full: true, usage: "jwt: the IdP's OpenID discovery URL (default: from the issuer)",
		apply: text(func(in *template.Inputs, v string) { in.JWT.DiscoveryURL = v })},
	{flag: "jwt-issuer", env: "ZSCALER_MCP_AUTH_ISSUER", full: true, usage: "jwt: the tokens' issuer",
		apply: text(func(in *template.Inputs, v string) { in.JWT.Issuer = v })},
	{flag: "jwt-jwks-uri", env: "ZSCALER_MCP_AUTH_JWKS_URI", full: true, usage: "jwt: the IdP's JWKS URL (derived for known IdPs)",
		apply: text(func(in *template.Inputs, v string) { in.JWT.JWKSURI = v })},
	{flag: "jwt-audience", env: "ZSCALER_MCP_AUTH_AUDIENCE", kind: settingList, full: true, usage: "jwt: accepted audiences",
		apply: text(func(in *template.Inputs, v string) { in.JWT.Audiences = listOf(v) })},
	{flag: "jwt-allowed-clients", env: "ZSCALER_MCP_AUTH_JWT_ALLOWED_CLIENTS", kind: settingList, full: true, usage: "jwt: accepted OAuth client ids",
		apply: text(func(in *template.Inputs, v string) { in.JWT.ClientIDs = listOf(v) })},
	{flag: "jwt-scopes", env: "ZSCALER_MCP_AUTH_JWT_ALLOWED_SCOPES", kind: settingList, full: true, usage: "jwt: required scopes",
		apply: text(func(in *template.Inputs, v string) { in.JWT.Scopes = listOf(v) })},
	{flag: "jwt-client-claim", env: "ZSCALER_MCP_AUTH_JWT_CLIENT_CLAIM_NAME", full: true, usage: "jwt: the client-id claim (detected: client_id, azp, cid, appid)",
		apply: text(func(in *template.Inputs, v string) { in.JWT.ClientClaim = v })},

	{flag: "network-mode", env: "AGENTCORE_NETWORK_MODE", full: true, usage: "PUBLIC or VPC",
		apply: text(func(in *template.Inputs, v string) { in.NetworkMode = v })},
	{flag: "vpc-subnets", env: "AGENTCORE_VPC_SUBNETS", kind: settingList, full: true, usage: "VPC: subnet ids",
		apply: text(func(in *template.Inputs, v string) { in.Subnets = listOf(v) })},
	{flag: "vpc-security-groups", env: "AGENTCORE_VPC_SECURITY_GROUPS", kind: settingList, full: true, usage: "VPC: security group ids",
		apply: text(func(in *template.Inputs, v string) { in.SecurityGroups = listOf(v) })},

	{flag: "gateway-mode", env: "GATEWAY_MODE", full: true, usage: "none, create or attach (the environment needs ENABLE_AGENTCORE_GATEWAY=true too)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.Mode = v })},
	{flag: "gateway-outbound-auth", env: "GATEWAY_OUTBOUND_AUTH", full: true, usage: "how the Gateway authenticates to the runtime: iam (the default: the Gateway's role signs; runtime auth none, api-key or zscaler) or oauth (an OAuth2 credential provider; the default when GATEWAY_OAUTH_PROVIDER_ARN or GATEWAY_OAUTH_CLIENT_SECRET is set, or the auth mode is jwt). AgentCore refuses jwt-passthrough on this target",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.OutboundAuth = v })},
	{flag: "tool-schema-s3-uri", env: "AGENTCORE_GATEWAY_TOOL_SCHEMA_S3_URI", full: true, usage: "the Gateway target reads its tool schema from this S3 object (s3://BUCKET/KEY, export-tool-schema's output) instead of inline; deploy sets it itself when the schema would push the template past the inline limit",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ToolSchemaS3URI = v })},
	{flag: "gateway-name", env: "AGENTCORE_GATEWAY_NAME", full: true, usage: "create: the Gateway's name (default <prefix>-gateway)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.Name = v })},
	{flag: "gateway-id", env: "EXISTING_GATEWAY_ID", full: true, usage: "attach: the existing Gateway's id",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ExistingID = v })},
	{flag: "gateway-target-name", env: "AGENTCORE_GATEWAY_TARGET_NAME", full: true, usage: "the Gateway target's name (default <prefix>)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.TargetName = v })},
	{flag: "gateway-discovery-url", env: "GATEWAY_INBOUND_DISCOVERY_URL", full: true, usage: "create: the inbound IdP's OpenID discovery URL",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.DiscoveryURL = v })},
	{flag: "gateway-issuer", env: "GATEWAY_INBOUND_ISSUER", full: true, usage: "create: the inbound IdP's issuer (instead of the discovery URL)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.Issuer = v })},
	{flag: "gateway-audience", env: "GATEWAY_INBOUND_ALLOWED_AUDIENCE", kind: settingList, full: true, usage: "create: accepted audiences",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.Audiences = listOf(v) })},
	{flag: "gateway-scopes", env: "GATEWAY_INBOUND_ALLOWED_SCOPES", kind: settingList, full: true, usage: "create: required scopes",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.Scopes = listOf(v) })},
	{flag: "gateway-client-ids", env: "GATEWAY_OAUTH_CLIENT_ID", kind: settingList, full: true, usage: "accepted OAuth client ids (oauth outbound auth: the first is the Gateway's outbound client)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ClientIDs = listOf(v) })},
	{flag: "gateway-client-claim", env: "GATEWAY_INBOUND_CLIENT_CLAIM_NAME", full: true, usage: "create: the client-id claim (detected from the IdP)",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ClientClaim = v })},
	{env: "GATEWAY_OAUTH_CLIENT_SECRET", kind: settingSecret, full: true,
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ClientSecret = v })},
	{flag: "gateway-oauth-provider-arn", env: "GATEWAY_OAUTH_PROVIDER_ARN", full: true, usage: "an existing OAuth2 credential provider for the Gateway → runtime hop",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ProviderARN = v })},
	{flag: "gateway-oauth-provider-name", env: "AGENTCORE_GATEWAY_OAUTH_PROVIDER_NAME", full: true, usage: "the name of the OAuth2 credential provider to create",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ProviderName = v })},
	{flag: "gateway-oauth-scopes", env: "GATEWAY_OAUTH_PROVIDER_SCOPES", kind: settingList, full: true, usage: "scopes the Gateway requests for the runtime",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.ProviderScopes = listOf(v) })},
	{flag: "gateway-oauth-grant-type", env: "GATEWAY_OAUTH_PROVIDER_GRANT_TYPE", full: true, usage: "CLIENT_CREDENTIALS (default), AUTHORIZATION_CODE or TOKEN_EXCHANGE",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.GrantType = v })},
	{flag: "gateway-mcp-versions", env: "AGENTCORE_GATEWAY_MCP_VERSIONS", kind: settingList, full: true, usage: "MCP revisions the Gateway speaks",
		apply: text(func(in *template.Inputs, v string) { in.Gateway.MCPVersions = listOf(v) })},
}

// bind declares the flags; full = false binds the tool-policy flags only.
func (o *agentcoreInputOptions) bind(fs *pflag.FlagSet, full bool) {
	o.full = full
	fs.StringVar(&o.envFile, "env-file", "", "read settings from this .env / env.properties file (default: ./.env, else ./env.properties, when present)")
	for _, s := range agentcoreSettings {
		if s.flag == "" || (s.full && !full) {
			continue
		}
		usage := s.usage + " (env " + s.env + ")"
		if s.kind == settingBool {
			fs.String(s.flag, "", usage)
			fs.Lookup(s.flag).NoOptDefVal = "true"
		} else {
			fs.String(s.flag, "", usage)
		}
	}
}

// resolve reads the settings: a flag that was set, else the environment,
// else the file. Every problem is reported at once.
func (o *agentcoreInputOptions) resolve(fs *pflag.FlagSet, stderr io.Writer) (template.Inputs, error) {
	file, err := o.readEnvFile()
	if err != nil {
		return template.Inputs{}, err
	}
	lookup := func(name string) (string, string, bool) {
		if v, ok := os.LookupEnv(name); ok && usable(v) {
			return strings.TrimSpace(v), "environment", true
		}
		if v, ok := file[name]; ok && usable(v) {
			return strings.TrimSpace(v), o.envFile, true
		}
		return "", "", false
	}
	var in template.Inputs
	var problems []string
	for _, s := range agentcoreSettings {
		if s.full && !o.full {
			continue
		}
		v, where, ok := "", "", false
		if s.flag != "" {
			if f := fs.Lookup(s.flag); f != nil && f.Changed {
				v, where, ok = f.Value.String(), "--"+s.flag, true
			}
		}
		for _, name := range append([]string{s.env}, s.alias...) {
			if ok {
				break
			}
			v, where, ok = lookup(name)
			if ok && where != "environment" {
				where = s.env + " in " + where
			} else if ok {
				where = name
			}
		}
		if !ok {
			continue
		}
		if err := s.apply(&in, v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", where, err))
		}
	}
	if o.full {
		o.applyGatewaySwitch(fs, &in, lookup, &problems)
		for _, name := range []string{"GATEWAY_TOOL_SCHEMA_FILE", "GATEWAY_OAUTH_TOKEN_ENDPOINT_QUERY"} {
			if _, _, set := lookup(name); set {
				fmt.Fprintf(stderr, "note: %s is not used: %s\n", name, ignoredReason[name])
			}
		}
	}
	if len(problems) > 0 {
		return template.Inputs{}, &config.Error{Problems: problems}
	}
	return in, nil
}

var ignoredReason = map[string]string{
	"GATEWAY_TOOL_SCHEMA_FILE":           "the Gateway tool schema comes from this binary's catalogue (see export-tool-schema)",
	"GATEWAY_OAUTH_TOKEN_ENDPOINT_QUERY": "AgentCore Identity drops query strings from the token endpoint; for Auth0 set the tenant's Default Audience",
}

// applyGatewaySwitch follows the guide: in the environment a Gateway is
// wanted only with ENABLE_AGENTCORE_GATEWAY=true (GATEWAY_MODE then picks
// create, the default, or attach); --gateway-mode decides alone.
func (o *agentcoreInputOptions) applyGatewaySwitch(fs *pflag.FlagSet, in *template.Inputs, lookup func(string) (string, string, bool), problems *[]string) {
	if f := fs.Lookup("gateway-mode"); f != nil && f.Changed {
		return
	}
	v, where, ok := lookup("ENABLE_AGENTCORE_GATEWAY")
	enabled := false
	if ok {
		var err error
		if enabled, err = parseBoolSetting(v); err != nil {
			*problems = append(*problems, fmt.Sprintf("ENABLE_AGENTCORE_GATEWAY (%s): %v", where, err))
			return
		}
	}
	switch {
	case !enabled:
		in.Gateway.Mode = template.GatewayNone
	case in.Gateway.Mode == "":
		in.Gateway.Mode = template.GatewayCreate
	}
}

func usable(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && v != "NOT_SET"
}

// readEnvFile reads --env-file, or ./.env, or ./env.properties.
func (o *agentcoreInputOptions) readEnvFile() (map[string]string, error) {
	path, explicit := o.envFile, o.envFile != ""
	if !explicit {
		for _, p := range []string{".env", "env.properties"} {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		return nil, nil
	}
	m, err := dotenv.Read(path)
	if err != nil {
		var pe *dotenv.ParseError
		if errors.As(err, &pe) || !explicit {
			return nil, &config.Error{Problems: []string{err.Error()}}
		}
		return nil, &config.Error{Problems: []string{fmt.Sprintf("--env-file: %s cannot be read (%v)", path, errors.Unwrap(err))}}
	}
	o.envFile = path
	return m, nil
}

// setting reads one value the way the inputs are read: the environment, then
// the .env / env.properties file ("" when neither has it).
func (o *agentcoreInputOptions) setting(name string) string {
	if v, ok := os.LookupEnv(name); ok && usable(v) {
		return strings.TrimSpace(v)
	}
	if file, err := o.readEnvFile(); err == nil && usable(file[name]) {
		return strings.TrimSpace(file[name])
	}
	return ""
}
