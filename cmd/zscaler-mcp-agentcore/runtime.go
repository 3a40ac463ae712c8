package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/deploy"
	acruntime "github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/runtime"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

// newAgentcoreRuntimeCommands are the verbs that talk to a deployed
// runtime: invoke, logs and doctor.
func newAgentcoreRuntimeCommands() []*cobra.Command {
	return []*cobra.Command{newAgentcoreInvokeCommand(), newAgentcoreLogsCommand(), newAgentcoreDoctorCommand()}
}

// envOr is the flag's value when set, else the first non-empty variable.
func envOr(fs *pflag.FlagSet, flag string, cur string, envs ...string) string {
	if f := fs.Lookup(flag); f != nil && f.Changed {
		return cur
	}
	for _, e := range envs {
		if v := strings.TrimSpace(os.Getenv(e)); usable(v) {
			return v
		}
	}
	return cur
}

// ---- invoke ----

type agentcoreInvokeOptions struct {
	arn, region, profile, qualifier, sessionID string
	stackName                                  string
	bearer, protocol                           string
	headers                                    []string
	listTools                                  bool
	call, args, payload                        string
	jsonOut                                    bool
	timeout                                    time.Duration
}

func newAgentcoreInvokeCommand() *cobra.Command {
	o := &agentcoreInvokeOptions{}
	cmd := &cobra.Command{
		Use:   "invoke [PAYLOAD]",
		Short: "Send a JSON-RPC request to the deployed runtime (--list-tools, --call NAME --args JSON, or a raw payload)",
		Long: "Invoke the MCP server on AgentCore Runtime. With AWS credentials the request goes through\n" +
			"bedrock-agentcore:InvokeAgentRuntime (SigV4); with --bearer-token (or -H \"Authorization: Bearer ...\")\n" +
			"it is an HTTPS POST to the runtime's invocation URL, as runtimes with a JWT authorizer require.\n" +
			"A runtime session id of at least 33 characters is generated unless --session-id is given.\n" +
			"Responses are parsed as JSON or as an SSE stream (the response to the request wins).",
		Example: "  zscaler-mcp agentcore invoke --arn $AGENTCORE_RUNTIME_ARN --list-tools\n" +
			"  zscaler-mcp agentcore invoke --call zia_list_locations --args '{}' -H \"X-Api-Key: sk-...\"\n" +
			"  zscaler-mcp agentcore invoke '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}'",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if o.payload != "" {
					return &config.Error{Problems: []string{"give the payload either as the argument or with --payload"}}
				}
				o.payload = args[0]
			}
			o.fromEnv(cmd.Flags())
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.arn, "arn", "", "the runtime ARN (env AGENTCORE_RUNTIME_ARN; default: the output AgentRuntimeArn of --stack-name)")
	f.StringVar(&o.stackName, "stack-name", "", "without --arn: the stack whose AgentRuntimeArn output is used (env AWS_STACK_NAME; default "+template.DefaultStackName+")")
	f.StringVar(&o.region, "region", "", "AWS region (default: the ARN's)")
	f.StringVar(&o.profile, "profile", "", "AWS shared-config profile (env AWS_PROFILE)")
	f.StringVar(&o.qualifier, "qualifier", acruntime.DefaultQualifier, "runtime endpoint")
	f.StringVar(&o.sessionID, "session-id", "", "runtime session id, 33 to 256 characters (default: generated)")
	f.StringVar(&o.bearer, "bearer-token", "", "a JWT for runtimes with a JWT authorizer (env AGENTCORE_BEARER_TOKEN)")
	f.StringVar(&o.protocol, "protocol-version", acruntime.DefaultProtocolVersion, "MCP revision of the requests")
	f.StringArrayVarP(&o.headers, "header", "H", nil, "extra header \"Name: value\" (X-Api-Key, X-Zscaler-Client-ID, X-Zscaler-Client-Secret, Authorization: Bearer ...); repeatable")
	f.BoolVar(&o.listTools, "list-tools", false, "list the tools (tools/list, every page)")
	f.StringVar(&o.call, "call", "", "call this tool (tools/call)")
	f.StringVar(&o.args, "args", "{}", "the tool's arguments as a JSON object")
	f.StringVar(&o.payload, "payload", "", "a raw JSON-RPC payload ('-' reads stdin)")
	f.BoolVar(&o.jsonOut, "json", false, "print JSON: the tool list, the structured content of a call, or the whole response")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

func (o *agentcoreInvokeOptions) fromEnv(fs *pflag.FlagSet) {
	o.arn = envOr(fs, "arn", o.arn, "AGENTCORE_RUNTIME_ARN")
	o.bearer = envOr(fs, "bearer-token", o.bearer, "AGENTCORE_BEARER_TOKEN")
	o.stackName = envOr(fs, "stack-name", o.stackName, "AWS_STACK_NAME")
}

func (o *agentcoreInvokeOptions) Validate() error {
	var problems []string
	if o.arn != "" {
		if _, err := acruntime.ParseARN(o.arn); err != nil {
			problems = append(problems, err.Error())
		}
	}
	n := 0
	for _, set := range []bool{o.listTools, o.call != "", o.payload != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		problems = append(problems, "pass exactly one of --list-tools, --call NAME, or a payload")
	}
	if o.call != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(o.args), &m); err != nil || m == nil {
			problems = append(problems, fmt.Sprintf("--args must be a JSON object, e.g. '{\"search\":\"x\"}': %q", o.args))
		}
	}
	for _, h := range o.headers {
		if _, _, err := acruntime.ParseHeader(h); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return &config.Error{Problems: problems}
	}
	return nil
}

func (o *agentcoreInvokeOptions) Execute(ctx context.Context, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if o.arn == "" {
		arn, _, err := runtimeFromStack(ctx, o.stackName, o.region, "--arn (or AGENTCORE_RUNTIME_ARN)")
		if err != nil {
			return err
		}
		o.arn = arn
		fmt.Fprintf(stderr, "runtime ARN from stack %s\n", orDefault(o.stackName, template.DefaultStackName))
	}
	hdr := http.Header{}
	for _, h := range o.headers {
		name, value, _ := acruntime.ParseHeader(h)
		hdr.Add(name, value)
	}
	c, err := acruntime.NewClient(ctx, acruntime.Target{
		ARN: o.arn, Region: o.region, Profile: o.profile, Qualifier: o.qualifier, SessionID: o.sessionID,
		BearerToken: o.bearer, Headers: hdr, ProtocolVersion: o.protocol,
	})
	if err != nil {
		return err
	}
	mode := "SigV4"
	if c.Bearer() {
		mode = "bearer token"
	}
	fmt.Fprintf(stderr, "runtime %s (%s, session %s)\n", o.arn, mode, c.SessionID())
	switch {
	case o.listTools:
		tools, err := c.ListTools(ctx)
		if err != nil {
			return err
		}
		if o.jsonOut {
			return writeJSON(stdout, tools)
		}
		fmt.Fprintf(stdout, "%d tools\n", len(tools))
		for _, t := range tools {
			fmt.Fprintf(stdout, "  - %s\n", t.Name)
		}
		return nil
	case o.call != "":
		res, err := c.CallTool(ctx, o.call, json.RawMessage(o.args))
		if err != nil {
			return err
		}
		if o.jsonOut {
			if len(res.StructuredContent) > 0 {
				return writeJSON(stdout, res.StructuredContent)
			}
			return writeJSON(stdout, res.Raw)
		}
		fmt.Fprintln(stdout, res.Text())
		if res.IsError {
			return fmt.Errorf("tool %s returned an error", o.call)
		}
		return nil
	}
	payload := []byte(o.payload)
	if o.payload == "-" {
		if payload, err = io.ReadAll(os.Stdin); err != nil {
			return err
		}
	}
	resp, err := c.Send(ctx, payload)
	if err != nil {
		return err
	}
	final, ok := resp.Final(nil)
	if o.jsonOut || !ok {
		if !ok {
			_, err := stdout.Write(resp.Body)
			return err
		}
		return writeJSON(stdout, resp.Messages)
	}
	if final.Error != nil {
		return fmt.Errorf("ERROR %d: %s", final.Error.Code, final.Error.Message)
	}
	return writeJSON(stdout, final)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ---- logs ----

type agentcoreLogsOptions struct {
	arn, runtimeID, region, profile, qualifier string
	stackName                                  string
	since, filter                              string
	follow                                     bool
	interval                                   time.Duration
	sinceTime                                  time.Time
}

func newAgentcoreLogsCommand() *cobra.Command {
	o := &agentcoreLogsOptions{}
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Print the runtime container's log (/aws/bedrock-agentcore/runtimes/<id>-DEFAULT)",
		Long: "Print the container log events of the runtime, oldest first. --follow keeps polling\n" +
			"(CloudWatch Logs FilterLogEvents) until interrupted; --filter takes a CloudWatch Logs filter\n" +
			"pattern, e.g. '\"Set environment variable\"' or ERROR.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.arn = envOr(cmd.Flags(), "arn", o.arn, "AGENTCORE_RUNTIME_ARN")
			o.runtimeID = envOr(cmd.Flags(), "runtime-id", o.runtimeID, "AGENTCORE_RUNTIME_ID", "RUNTIME_ID")
			o.region = envOr(cmd.Flags(), "region", o.region, "AWS_REGION", "AWS_DEFAULT_REGION")
			o.stackName = envOr(cmd.Flags(), "stack-name", o.stackName, "AWS_STACK_NAME")
			if o.arn == "" && o.runtimeID == "" {
				ctx := cmd.Context()
				if ctx == nil {
					ctx = context.Background()
				}
				arn, id, err := runtimeFromStack(ctx, o.stackName, o.region, "--runtime-id (AGENTCORE_RUNTIME_ID) or --arn (AGENTCORE_RUNTIME_ARN)")
				if err != nil {
					return err
				}
				o.arn, o.runtimeID = arn, id
				fmt.Fprintf(cmd.ErrOrStderr(), "runtime %s from stack %s\n", id, orDefault(o.stackName, template.DefaultStackName))
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(cmd.Context(), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.arn, "arn", "", "the runtime ARN (env AGENTCORE_RUNTIME_ARN)")
	f.StringVar(&o.runtimeID, "runtime-id", "", "the runtime id (env AGENTCORE_RUNTIME_ID; default: the output AgentRuntimeId of --stack-name)")
	f.StringVar(&o.stackName, "stack-name", "", "without --runtime-id/--arn: the stack whose outputs name the runtime (env AWS_STACK_NAME; default "+template.DefaultStackName+")")
	f.StringVar(&o.region, "region", "", "AWS region (default: the ARN's, else AWS_REGION)")
	f.StringVar(&o.profile, "profile", "", "AWS shared-config profile")
	f.StringVar(&o.qualifier, "qualifier", acruntime.DefaultQualifier, "runtime endpoint")
	f.StringVar(&o.since, "since", "10m", "start this long ago (10m, 2h, 1d) or at an RFC 3339 time")
	f.StringVar(&o.filter, "filter", "", "CloudWatch Logs filter pattern")
	f.BoolVarP(&o.follow, "follow", "f", false, "keep printing new events until interrupted")
	f.DurationVar(&o.interval, "interval", acruntime.DefaultPollInterval, fmt.Sprintf("--follow poll interval (%v to %v)", acruntime.MinPollInterval, acruntime.MaxPollInterval))
	return cmd
}

func (o *agentcoreLogsOptions) Validate() error {
	var problems []string
	if o.arn != "" {
		p, err := acruntime.ParseARN(o.arn)
		switch {
		case err != nil:
			problems = append(problems, err.Error())
		case o.runtimeID != "" && o.runtimeID != p.RuntimeID:
			problems = append(problems, fmt.Sprintf("--runtime-id %s and the ARN's runtime %s differ", o.runtimeID, p.RuntimeID))
		default:
			o.runtimeID = p.RuntimeID
			if o.region == "" {
				o.region = p.Region
			}
		}
	}
	if o.runtimeID == "" && len(problems) == 0 {
		problems = append(problems, "the runtime is required: --runtime-id (AGENTCORE_RUNTIME_ID) or --arn (AGENTCORE_RUNTIME_ARN)")
	}
	t, err := acruntime.ParseSince(o.since, time.Now())
	if err != nil {
		problems = append(problems, err.Error())
	}
	o.sinceTime = t
	if o.interval < acruntime.MinPollInterval || o.interval > acruntime.MaxPollInterval {
		problems = append(problems, fmt.Sprintf("--interval %v: use %v to %v", o.interval, acruntime.MinPollInterval, acruntime.MaxPollInterval))
	}
	if len(problems) > 0 {
		return &config.Error{Problems: problems}
	}
	return nil
}

func (o *agentcoreLogsOptions) Execute(ctx context.Context, stdout io.Writer) error {
	cfg, err := acruntime.LoadAWS(ctx, o.region, o.profile)
	if err != nil {
		return err
	}
	if cfg.Region == "" {
		return &config.Error{Problems: []string{"no AWS region: pass --region, --arn, or set AWS_REGION"}}
	}
	return acruntime.Logs(ctx, cwl.NewFromConfig(cfg), acruntime.LogsOptions{
		RuntimeID: o.runtimeID, Qualifier: o.qualifier, Since: o.sinceTime, Filter: o.filter,
		Follow: o.follow, Interval: o.interval, Out: stdout,
	})
}

// runtimeFromStack reads the runtime from the stack's outputs
// (CloudFormation DescribeStacks) when no ARN or id is given; flag is what
// the errors tell the user to pass instead.
func runtimeFromStack(ctx context.Context, stack, region, flag string) (arn, id string, err error) {
	stack = orDefault(stack, template.DefaultStackName)
	clients, err := deploy.LoadClients(ctx, region)
	if err != nil {
		return "", "", &config.Error{Problems: []string{err.Error() + "; or pass " + flag}}
	}
	return deploy.RuntimeFromStack(ctx, clients, stack, flag)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// ---- doctor ----

type agentcoreDoctorOptions struct {
	inputs         agentcoreInputOptions
	profile, jwt   string
	templateBucket string
	extraHeaders   []string
}

func newAgentcoreDoctorCommand() *cobra.Command {
	o := &agentcoreDoctorOptions{}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Preflight checks: AWS identity, region and IAM permissions, Zscaler credentials, header allowlist, a sample JWT",
		Long: "Check what a deployment needs before deploying: the AWS identity and region (sts:GetCallerIdentity),\n" +
			"the Zscaler OneAPI credentials (one token request), the runtime's header allowlist for the auth mode,\n" +
			"and, with --jwt, whether the runtime's JWT authorizer would accept that token and why not\n" +
			"(claims only; the signature is not verified), and whether the identity is allowed the actions deploy\n" +
			"calls (iam:SimulatePrincipalPolicy; an assumed-role session is simulated as its role, assumed to\n" +
			"have no path). Settings as for deploy: flags, environment, .env.\n" +
			"Exits non-zero when a check fails.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(cmd.Context(), cmd.Flags(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.inputs.bind(cmd.Flags(), true)
	cmd.Flags().StringVar(&o.profile, "profile", "", "AWS shared-config profile")
	cmd.Flags().StringVar(&o.jwt, "jwt", "", "a sample access token to check against the JWT authorizer (env AGENTCORE_BEARER_TOKEN)")
	cmd.Flags().StringVar(&o.templateBucket, "template-bucket", "", "the S3 bucket deploy would stage templates in (env AWS_ASSET_BUCKET); adds s3:PutObject to the permissions check")
	cmd.Flags().StringSliceVar(&o.extraHeaders, "extra-header", nil, "further header names the allowlist would hold")
	return cmd
}

func (o *agentcoreDoctorOptions) Validate() error { return nil }

func (o *agentcoreDoctorOptions) Execute(ctx context.Context, fs *pflag.FlagSet, stdout, stderr io.Writer) error {
	in, err := o.inputs.resolve(fs, stderr)
	if err != nil {
		return err
	}
	token := envOr(fs, "jwt", o.jwt, "AGENTCORE_BEARER_TOKEN")
	z := acruntime.ZscalerSettings{
		ClientID: in.ClientID, ClientSecret: in.ClientSecret, VanityDomain: in.VanityDomain, Cloud: in.Cloud,
		SecretName: in.ExistingSecretName,
		PrivateKey: os.Getenv("ZSCALER_PRIVATE_KEY"), TokenURL: os.Getenv("ZSCALER_TOKEN_URL"), BaseURL: os.Getenv("ZSCALER_API_BASE_URL"),
	}
	if in.ExistingSecretName != "" && z.ClientID == "" {
		z = acruntime.ZscalerSettings{SecretName: in.ExistingSecretName}
	}
	checks := acruntime.Doctor(ctx, acruntime.DoctorOptions{
		Region: in.Region, Profile: o.profile, Zscaler: z, Inputs: in, ExtraHeaders: o.extraHeaders, JWT: token,
		TemplateBucket: bucketOf(fs, o.templateBucket, &o.inputs),
	})
	acruntime.PrintChecks(stdout, checks)
	if acruntime.Failed(checks) {
		return errors.New("doctor: at least one check failed (see the fixes above)")
	}
	return nil
}
