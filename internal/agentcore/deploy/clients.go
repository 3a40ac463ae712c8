// Package deploy implements the stack verbs of `zscaler-mcp agentcore`:
// deploy (create or update the CloudFormation stack rendered by package
// template, stream its events, wait for the runtime to be READY), status and
// destroy. Every AWS call goes through the real aws-sdk-go-v2 clients behind
// the narrow interfaces below (only the methods used), so tests point the
// same clients at local endpoints with AWS_ENDPOINT_URL_<SERVICE>.
//
// Each verb has an options struct with Validate, Ask and Execute: Validate
// lists every problem at once, Ask prompts (only when a Prompter is given,
// i.e. on a terminal and without --non-interactive) for what is missing, and
// Execute talks to AWS.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
)

// CloudFormationAPI is the part of *cloudformation.Client the verbs use.
type CloudFormationAPI interface {
	DescribeStacks(ctx context.Context, in *cloudformation.DescribeStacksInput, optFns ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	DescribeStackEvents(ctx context.Context, in *cloudformation.DescribeStackEventsInput, optFns ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error)
	GetTemplate(ctx context.Context, in *cloudformation.GetTemplateInput, optFns ...func(*cloudformation.Options)) (*cloudformation.GetTemplateOutput, error)
	CreateStack(ctx context.Context, in *cloudformation.CreateStackInput, optFns ...func(*cloudformation.Options)) (*cloudformation.CreateStackOutput, error)
	UpdateStack(ctx context.Context, in *cloudformation.UpdateStackInput, optFns ...func(*cloudformation.Options)) (*cloudformation.UpdateStackOutput, error)
	DeleteStack(ctx context.Context, in *cloudformation.DeleteStackInput, optFns ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
}

// AgentCoreAPI is the part of *bedrockagentcorecontrol.Client the verbs use.
type AgentCoreAPI interface {
	GetAgentRuntime(ctx context.Context, in *bedrockagentcorecontrol.GetAgentRuntimeInput, optFns ...func(*bedrockagentcorecontrol.Options)) (*bedrockagentcorecontrol.GetAgentRuntimeOutput, error)
	GetAgentRuntimeEndpoint(ctx context.Context, in *bedrockagentcorecontrol.GetAgentRuntimeEndpointInput, optFns ...func(*bedrockagentcorecontrol.Options)) (*bedrockagentcorecontrol.GetAgentRuntimeEndpointOutput, error)
	GetGateway(ctx context.Context, in *bedrockagentcorecontrol.GetGatewayInput, optFns ...func(*bedrockagentcorecontrol.Options)) (*bedrockagentcorecontrol.GetGatewayOutput, error)
	GetGatewayTarget(ctx context.Context, in *bedrockagentcorecontrol.GetGatewayTargetInput, optFns ...func(*bedrockagentcorecontrol.Options)) (*bedrockagentcorecontrol.GetGatewayTargetOutput, error)
}

// S3API is the part of *s3.Client deploy uses to stage templates over
// CloudFormation's inline limit (--template-bucket).
type S3API interface {
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	// GetObject reads a Gateway tool schema kept in S3 (status).
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// STSAPI is the part of *sts.Client the verbs use.
type STSAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

var (
	_ CloudFormationAPI = (*cloudformation.Client)(nil)
	_ AgentCoreAPI      = (*bedrockagentcorecontrol.Client)(nil)
	_ STSAPI            = (*sts.Client)(nil)
	_ S3API             = (*s3.Client)(nil)
)

// Clients are the AWS clients of the verbs.
type Clients struct {
	Region         string
	CloudFormation CloudFormationAPI
	AgentCore      AgentCoreAPI
	STS            STSAPI
	S3             S3API
	Config         aws.Config // for further clients (ECR for the image)
}

// LoadClients makes the clients from the standard AWS configuration
// (AWS_PROFILE, AWS_REGION, the default credential chain and
// AWS_ENDPOINT_URL_CLOUDFORMATION / _BEDROCK_AGENTCORE_CONTROL / _STS / _S3).
// region, when not empty, wins over the configuration's.
func LoadClients(ctx context.Context, region string) (*Clients, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if region != "" {
		opts = append(opts, awsconfig.WithRegion(region))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w (check AWS_PROFILE and ~/.aws/config)", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("no AWS region: pass --region or set AWS_REGION")
	}
	return &Clients{
		Region:         cfg.Region,
		CloudFormation: cloudformation.NewFromConfig(cfg),
		AgentCore:      bedrockagentcorecontrol.NewFromConfig(cfg),
		STS:            sts.NewFromConfig(cfg),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			// Path-style addressing for S3-compatible endpoints
			// (AWS_ENDPOINT_URL_S3) and when asked (AWS_S3_USE_PATH_STYLE).
			o.UsePathStyle = strings.EqualFold(os.Getenv("AWS_S3_USE_PATH_STYLE"), "true") || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
		}),
		Config: cfg,
	}, nil
}

// iamActionRE finds the IAM action in an AccessDenied message
// ("... is not authorized to perform: bedrock-agentcore:CreateAgentRuntime on resource ...").
var iamActionRE = regexp.MustCompile(`perform:? ([a-zA-Z0-9-]+:[A-Za-z0-9*]+)`)

// awsError names the failed call, the cause and the fix. call is the IAM
// action of the API call, e.g. "cloudformation:CreateStack".
func awsError(call string, err error) error {
	if err == nil {
		return nil
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return &image.AWSError{Call: call, Cause: err.Error(), Fix: "check the network and the AWS endpoint configuration (AWS_REGION, AWS_ENDPOINT_URL_*)", Err: err}
	}
	code, msg := ae.ErrorCode(), ae.ErrorMessage()
	cause := code + ": " + msg
	fix := ""
	switch {
	case isAccessDenied(code):
		action := call
		if m := iamActionRE.FindStringSubmatch(msg); m != nil {
			action = m[1]
		}
		fix = fmt.Sprintf("allow %s to the identity running this command (see `aws sts get-caller-identity`)", action)
	case code == "ExpiredToken" || code == "ExpiredTokenException" || code == "InvalidClientTokenId" || code == "UnrecognizedClientException" || code == "SignatureDoesNotMatch":
		fix = "refresh the AWS credentials (aws sso login, or new access keys) and run again"
	case code == "Throttling" || code == "ThrottlingException":
		fix = "wait a minute and run again"
	case code == "InsufficientCapabilitiesException":
		fix = "the stack needs CAPABILITY_NAMED_IAM: this tool passes it; check for an SCP that denies it"
	}
	return &image.AWSError{Call: call, Cause: cause, Fix: fix, Err: err}
}

func isAccessDenied(code string) bool {
	switch code {
	case "AccessDenied", "AccessDeniedException", "AccessDeniedError", "UnauthorizedOperation":
		return true
	}
	return false
}

// reasonFix explains a CloudFormation resource failure reason.
func reasonFix(reason string) string {
	low := strings.ToLower(reason)
	switch {
	case strings.Contains(low, "not authorized") || strings.Contains(low, "accessdenied") || strings.Contains(low, "access denied"):
		if m := iamActionRE.FindStringSubmatch(reason); m != nil {
			return fmt.Sprintf("allow %s to the identity that deploys the stack (CloudFormation acts with its permissions unless the stack has a service role)", m[1])
		}
		return "grant the missing permission named in the reason to the identity that deploys the stack"
	case strings.Contains(low, "ecr") && (strings.Contains(low, "region") || strings.Contains(low, "not found") || strings.Contains(low, "does not exist")):
		return "the image must be in ECR in the runtime's region: push it there with `zscaler-mcp agentcore image push --region REGION` or deploy without --image-uri"
	case strings.Contains(low, "already exists"):
		return "a resource with that name exists outside this stack: choose another --resource-prefix / --runtime-name, or delete the other resource if it is yours"
	}
	return ""
}

func isNoUpdates(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "No updates are to be performed")
}

func isStackMissing(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist")
}
