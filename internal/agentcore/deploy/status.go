package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	actypes "github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	acruntime "github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/runtime"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// StatusOptions are the inputs of `agentcore status`.
type StatusOptions struct {
	StackName string
	Clients   *Clients
	Out       io.Writer
	// NoTools skips the live tool count (tools/list through
	// InvokeAgentRuntime).
	NoTools bool
}

func (o *StatusOptions) Validate() error {
	if strings.TrimSpace(o.StackName) == "" {
		o.StackName = template.DefaultStackName
	}
	return nil
}

// Ask has nothing to ask: every setting has a default.
func (o *StatusOptions) Ask() error { return nil }

// ErrNoStack is returned when the stack does not exist.
var ErrNoStack = errors.New("stack not found")

// Execute prints the stack, runtime, endpoint, gateway and target status
// and the outputs. Only read calls.
func (o *StatusOptions) Execute(ctx context.Context) error {
	c, w := o.Clients, o.Out
	st, err := describeStack(ctx, c.CloudFormation, o.StackName)
	if err != nil {
		return err
	}
	if st == nil {
		return fmt.Errorf("%w: %s does not exist in %s (deploy it with `zscaler-mcp agentcore deploy`)", ErrNoStack, o.StackName, c.Region)
	}
	fmt.Fprintf(w, "Stack     %s  %s", o.StackName, st.StackStatus)
	if r := aws.ToString(st.StackStatusReason); r != "" {
		fmt.Fprintf(w, "  (%s)", r)
	}
	fmt.Fprintln(w)
	if !ownedByUs(st) {
		fmt.Fprintf(w, "          note: not created by this tool (no %s tag)\n", TagManagedBy)
	}
	if strings.Contains(string(st.StackStatus), "FAILED") || strings.Contains(string(st.StackStatus), "ROLLBACK") {
		if err := printFailures(ctx, c.CloudFormation, o.StackName, w); err != nil {
			return err
		}
	}
	outs := stackOutputs(st)
	if id := outs["AgentRuntimeId"]; id != "" {
		rt, err := c.AgentCore.GetAgentRuntime(ctx, &bedrockagentcorecontrol.GetAgentRuntimeInput{AgentRuntimeId: aws.String(id)})
		if err != nil {
			return awsError("bedrock-agentcore:GetAgentRuntime", err)
		}
		fmt.Fprintf(w, "Runtime   %s  %s  version %s%s\n", id, rt.Status, aws.ToString(rt.AgentRuntimeVersion), reasonSuffix(aws.ToString(rt.FailureReason)))
		ep, err := c.AgentCore.GetAgentRuntimeEndpoint(ctx, &bedrockagentcorecontrol.GetAgentRuntimeEndpointInput{AgentRuntimeId: aws.String(id), EndpointName: aws.String("DEFAULT")})
		if err != nil {
			return awsError("bedrock-agentcore:GetAgentRuntimeEndpoint", err)
		}
		fmt.Fprintf(w, "Endpoint  DEFAULT  %s  live version %s%s\n", ep.Status, aws.ToString(ep.LiveVersion), reasonSuffix(aws.ToString(ep.FailureReason)))
	}
	runtimeTools := -1
	if arn := outs["AgentRuntimeArn"]; arn != "" && !o.NoTools {
		runtimeTools = o.printTools(ctx, st, arn)
	}
	if gw := outs["GatewayId"]; gw != "" {
		g, err := c.AgentCore.GetGateway(ctx, &bedrockagentcorecontrol.GetGatewayInput{GatewayIdentifier: aws.String(gw)})
		if err != nil {
			return awsError("bedrock-agentcore:GetGateway", err)
		}
		fmt.Fprintf(w, "Gateway   %s  %s%s\n", gw, g.Status, reasonSuffix(strings.Join(g.StatusReasons, "; ")))
		if tid := outs["GatewayTargetId"]; tid != "" {
			t, err := c.AgentCore.GetGatewayTarget(ctx, &bedrockagentcorecontrol.GetGatewayTargetInput{GatewayIdentifier: aws.String(gw), TargetId: aws.String(tid)})
			if err != nil {
				return awsError("bedrock-agentcore:GetGatewayTarget", err)
			}
			line := fmt.Sprintf("Target    %s  %s", tid, t.Status)
			if t.LastSynchronizedAt != nil {
				line += "  last synchronized " + t.LastSynchronizedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintln(w, line+reasonSuffix(strings.Join(t.StatusReasons, "; ")))
			o.printGatewayTools(ctx, t.TargetConfiguration, runtimeTools)
		}
	}
	printOutputs(w, outs)
	return nil
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return "  reason: " + r
}

// printFailures prints the failed events with their reasons, oldest first.
func printFailures(ctx context.Context, cfn CloudFormationAPI, stack string, w io.Writer) error {
	out, err := cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		return awsError("cloudformation:DescribeStackEvents", err)
	}
	var failed []cfntypes.StackEvent
	for _, e := range out.StackEvents {
		if strings.HasSuffix(string(e.ResourceStatus), "_FAILED") && aws.ToString(e.ResourceStatusReason) != "" {
			failed = append(failed, e)
		}
	}
	for i := len(failed) - 1; i >= 0; i-- {
		e := failed[i]
		fmt.Fprintf(w, "          %s %s: %s\n", e.ResourceStatus, aws.ToString(e.LogicalResourceId), aws.ToString(e.ResourceStatusReason))
	}
	return nil
}

// printTools is the live tool count: tools/list through InvokeAgentRuntime
// (SigV4). A runtime behind a JWT authorizer rejects SigV4, so for it the
// line says how to list the tools with a token. A failure is a line of
// the status, not an error of the command.
func (o *StatusOptions) printTools(ctx context.Context, st *cfntypes.Stack, arn string) int {
	w := o.Out
	mode := stackOutputs(st)["AuthMode"]
	if mode == "" {
		mode = stackParams(st)["McpAuthMode"]
	}
	if mode == template.AuthJWT {
		fmt.Fprintf(w, "Tools     not counted: the runtime accepts JWTs only; list them with\n          zscaler-mcp agentcore invoke --arn %s -H \"Authorization: Bearer $TOKEN\" --list-tools\n", arn)
		return -1
	}
	t := acruntime.Target{ARN: arn}
	if o.Clients.Config.Credentials != nil {
		cfg := o.Clients.Config.Copy()
		t.AWS = &cfg
	}
	n, err := acruntime.SmokeTest(ctx, t)
	if err != nil {
		msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "\n          ")
		fmt.Fprintf(w, "Tools     unavailable: %s\n", msg)
		return -1
	}
	fmt.Fprintf(w, "Tools     %d (tools/list through InvokeAgentRuntime)\n", n)
	return n
}

// printGatewayTools is the number of tools the Gateway lists: with the
// schema uploaded up front (SchemaUpfront) it is the target's schema,
// inline or in S3, compared with the runtime's live count when known.
func (o *StatusOptions) printGatewayTools(ctx context.Context, cfg actypes.TargetConfiguration, runtimeTools int) {
	w := o.Out
	mcp, _ := cfg.(*actypes.TargetConfigurationMemberMcp)
	if mcp == nil {
		return
	}
	server, _ := mcp.Value.(*actypes.McpTargetConfigurationMemberMcpServer)
	if server == nil {
		return
	}
	var schema []byte
	where := "inline"
	switch s := server.Value.McpToolSchema.(type) {
	case *actypes.McpToolSchemaConfigurationMemberInlinePayload:
		schema = []byte(s.Value)
	case *actypes.McpToolSchemaConfigurationMemberS3:
		where = aws.ToString(s.Value.Uri)
		bucket, key, ok := strings.Cut(strings.TrimPrefix(where, "s3://"), "/")
		if o.Clients.S3 == nil || !ok {
			fmt.Fprintf(w, "Gateway tools  not counted: the schema is in %s\n", where)
			return
		}
		obj, err := o.Clients.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ExpectedBucketOwner: s.Value.BucketOwnerAccountId})
		if err != nil {
			fmt.Fprintf(w, "Gateway tools  not counted: %v\n", s3Error("s3:GetObject", bucket, err))
			return
		}
		defer obj.Body.Close()
		if schema, err = io.ReadAll(io.LimitReader(obj.Body, 64<<20)); err != nil {
			fmt.Fprintf(w, "Gateway tools  not counted: reading %s: %v\n", where, err)
			return
		}
	default:
		fmt.Fprintln(w, "Gateway tools  listed by synchronizing with the runtime (no schema uploaded)")
		return
	}
	var tools []json.RawMessage
	if err := json.Unmarshal(schema, &tools); err != nil {
		fmt.Fprintf(w, "Gateway tools  the schema in %s is not a JSON array of tools: %v\n", where, err)
		return
	}
	line := fmt.Sprintf("Gateway tools  %d (the target's schema, %s)", len(tools), where)
	switch {
	case runtimeTools < 0:
	case runtimeTools == len(tools):
		line += ", as many as the runtime lists"
	default:
		line += fmt.Sprintf("; the runtime lists %d: the schema and the runtime's tool policy disagree (deploy again to regenerate the schema)", runtimeTools)
	}
	fmt.Fprintln(w, line)
}

// RuntimeFromStack reads the runtime's ARN and id from the stack's outputs
// (AgentRuntimeArn, AgentRuntimeId), for the verbs given neither. flag is
// what to pass instead (e.g. "--arn"), named by the errors.
func RuntimeFromStack(ctx context.Context, c *Clients, stack, flag string) (arn, id string, err error) {
	if strings.TrimSpace(stack) == "" {
		stack = template.DefaultStackName
	}
	st, err := describeStack(ctx, c.CloudFormation, stack)
	if err != nil {
		return "", "", fmt.Errorf("reading the runtime from stack %s: %w\n  or pass %s", stack, err, flag)
	}
	if st == nil {
		return "", "", fmt.Errorf("no %s given and stack %s does not exist in %s\n  fix: pass %s, or --stack-name (AWS_STACK_NAME) / --region of the deployed stack", flag, stack, c.Region, flag)
	}
	outs := stackOutputs(st)
	arn, id = outs["AgentRuntimeArn"], outs["AgentRuntimeId"]
	if arn == "" && id == "" {
		return "", "", fmt.Errorf("no %s given and stack %s (%s) has no AgentRuntimeArn / AgentRuntimeId output\n  fix: pass %s, or wait for the stack to finish (`zscaler-mcp agentcore status`)", flag, stack, st.StackStatus, flag)
	}
	if id == "" {
		if p, perr := acruntime.ParseARN(arn); perr == nil {
			id = p.RuntimeID
		}
	}
	return arn, id, nil
}
