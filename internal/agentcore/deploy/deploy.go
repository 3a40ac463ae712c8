package deploy

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	actypes "github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// SmokeTester is the hook for the smoke test after a deploy (tools/list
// through InvokeAgentRuntime, owned by the invoke verb). outputs are the
// stack's outputs (AgentRuntimeArn, RuntimeMcpUrl, AuthMode, ...). When
// DeployOptions.Smoke is nil the smoke test is skipped, and deploy says so.
type SmokeTester interface {
	SmokeTest(ctx context.Context, outputs map[string]string, w io.Writer) error
}

// ImageBuilder builds the image and pushes it to ECR in region, returning
// its URI (image.BuildAndPushToECR in the CLI).
type ImageBuilder func(ctx context.Context, region string) (uri string, err error)

// DeployOptions are the inputs of `agentcore deploy`.
type DeployOptions struct {
	Inputs         template.Inputs
	DryRun         bool
	NonInteractive bool
	Timeout        time.Duration // the stack and the runtime waits; 0 = DefaultTimeout
	PollInterval   time.Duration // 0 = DefaultPollInterval

	afterVersion string // set by an update of the runtime: wait for a newer version

	// TemplateBucket is the S3 bucket (in the stack's region) a template
	// over CloudFormation's inline limit is uploaded to, then passed by
	// TemplateURL (--template-bucket, AWS_ASSET_BUCKET). Empty: such a
	// template is refused, with the fix.
	TemplateBucket string

	Clients    *Clients
	BuildImage ImageBuilder // used when Inputs.ImageURI is empty
	Smoke      SmokeTester  // nil: the smoke test is skipped
	Prompt     Prompter     // nil: never prompt

	Out io.Writer // the outputs
	Log io.Writer // progress and events
}

// placeholderImage stands for the image deploy will build, for validation
// and the dry run.
func placeholderImage(region string) string {
	return fmt.Sprintf("000000000000.dkr.ecr.%s.amazonaws.com/%s:to-be-built", region, image.DefaultRepository)
}

func (o *DeployOptions) needsBuild() bool { return strings.TrimSpace(o.Inputs.ImageURI) == "" }

// Ask prompts for the missing non-secret settings (secrets come from the
// environment only). Only with a Prompter and without NonInteractive.
func (o *DeployOptions) Ask() error {
	if o.Prompt == nil || o.NonInteractive {
		return nil
	}
	r, _ := o.Inputs.Resolved()
	if r.CredentialSource != template.CreateNew {
		return nil
	}
	ask := func(dst *string, q string) error {
		if strings.TrimSpace(*dst) != "" {
			return nil
		}
		v, err := o.Prompt.Ask(q, "")
		if err != nil {
			return err
		}
		*dst = strings.TrimSpace(v)
		return nil
	}
	if err := ask(&o.Inputs.VanityDomain, "Zscaler vanity domain (--vanity-domain, ZSCALER_VANITY_DOMAIN)"); err != nil {
		return err
	}
	return ask(&o.Inputs.CustomerID, "Zscaler customer id (--customer-id, ZSCALER_CUSTOMER_ID)")
}

// Validate lists every problem of the inputs at once (template.Validate:
// the parameter constraints, the Rules, the header allowlist, the image's
// region, a runtime name with a hyphen, ...).
func (o *DeployOptions) Validate() error {
	in := o.Inputs
	var problems []string
	if o.needsBuild() {
		if o.BuildImage == nil && !o.DryRun {
			problems = append(problems, "no image URI (--image-uri, ZSCALER_MCP_IMAGE_URI) and no way to build one here")
		}
		r, _ := in.Resolved()
		in.ImageURI = placeholderImage(r.Region)
	}
	if err := in.Validate(); err != nil {
		var te *template.Error
		if !errors.As(err, &te) {
			return err
		}
		problems = append(problems, te.Problems...)
	}
	if len(problems) > 0 {
		if o.NonInteractive {
			problems = append(problems, "(--non-interactive: nothing is prompted; set these with flags, the environment or the .env file)")
		}
		return &template.Error{Problems: problems}
	}
	return nil
}

// plan is what deploy is about to do.
type plan struct {
	stackName string
	stack     *cfntypes.Stack // nil: create
	body      []byte
	params    map[string]string
	digestTag string
	// Differences with the deployed stack.
	templateChanged bool
	resources       []string // "+ X", "- X", "~ X"
	sections        []string // other template sections that changed
	paramChanges    []string // names
	secretsChanged  bool
}

func (p *plan) noChange() bool {
	return p.stack != nil && !p.templateChanged && len(p.paramChanges) == 0 && !p.secretsChanged
}

// Execute deploys. See the package documentation.
func (o *DeployOptions) Execute(ctx context.Context) error {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	c := o.Clients
	r, _ := o.Inputs.Resolved()
	account := ""
	if c.STS != nil {
		id, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return awsError("sts:GetCallerIdentity", err)
		}
		account = aws.ToString(id.Account)
		fmt.Fprintf(o.Log, "AWS account %s as %s, region %s\n", aws.ToString(id.Account), aws.ToString(id.Arn), c.Region)
	}

	in := o.Inputs
	if o.needsBuild() {
		if o.DryRun {
			in.ImageURI = placeholderImage(r.Region)
			fmt.Fprintf(o.Log, "would build the image from source and push it to ECR (%s) in %s; shown below as %s\n", image.DefaultRepository, r.Region, in.ImageURI)
		} else {
			fmt.Fprintln(o.Log, "no image URI given: building the image and pushing it to ECR")
			uri, err := o.BuildImage(ctx, r.Region)
			if err != nil {
				return err
			}
			in.ImageURI = uri
			fmt.Fprintf(o.Log, "image %s\n", uri)
		}
	}

	if err := o.placeToolSchema(ctx, &in, account); err != nil {
		return err
	}
	p, err := o.makePlan(ctx, in, r.StackName)
	if err != nil {
		return err
	}
	if o.DryRun {
		o.printPlan(p)
		return nil
	}
	if p.noChange() {
		fmt.Fprintf(o.Log, "stack %s is up to date (%s): nothing to do\n", p.stackName, p.stack.StackStatus)
		return o.finish(ctx, p.stack)
	}
	templateURL := ""
	if len(p.body) > templateBodyLimit {
		if strings.TrimSpace(o.TemplateBucket) == "" {
			return tooBig(len(p.body), p.stackName)
		}
		if templateURL, err = o.stageTemplate(ctx, p, account); err != nil {
			return err
		}
	}
	body := func() *string {
		if templateURL != "" {
			return nil
		}
		return aws.String(string(p.body))
	}
	url := func() *string {
		if templateURL == "" {
			return nil
		}
		return aws.String(templateURL)
	}

	params := make([]cfntypes.Parameter, 0, len(p.params))
	for _, k := range sortedKeys(p.params) {
		params = append(params, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(p.params[k])})
	}
	tags := []cfntypes.Tag{
		{Key: aws.String(TagManagedBy), Value: aws.String(TagManagedByValue)},
		{Key: aws.String(TagSecretsDigest), Value: aws.String(p.digestTag)},
	}
	caps := []cfntypes.Capability{cfntypes.CapabilityCapabilityIam, cfntypes.CapabilityCapabilityNamedIam}

	var stackID, prevID, prevVersion string
	var want cfntypes.StackStatus
	es, err := newEventStream(ctx, c.CloudFormation, p.stackName, o.Log, p.stack != nil)
	if err != nil {
		return err
	}
	if p.stack == nil {
		fmt.Fprintf(o.Log, "creating stack %s\n", p.stackName)
		out, err := c.CloudFormation.CreateStack(ctx, &cloudformation.CreateStackInput{
			StackName:    aws.String(p.stackName),
			TemplateBody: body(),
			TemplateURL:  url(),
			Parameters:   params,
			Capabilities: caps,
			Tags:         tags,
			// ROLLBACK keeps the failed stack and its events (the evidence)
			// instead of deleting everything.
			OnFailure: cfntypes.OnFailureRollback,
		})
		if err != nil {
			return awsError("cloudformation:CreateStack", err)
		}
		stackID, want = aws.ToString(out.StackId), cfntypes.StackStatusCreateComplete
	} else {
		fmt.Fprintf(o.Log, "updating stack %s\n", p.stackName)
		printDiff(o.Log, p)
		// The runtime's version before the update: after it, READY alone
		// may still be the old version (UPDATING comes late), so the wait
		// is for a newer one.
		prevID, prevVersion = o.runtimeVersion(ctx, p.stack)
		_, err := c.CloudFormation.UpdateStack(ctx, &cloudformation.UpdateStackInput{
			StackName:    aws.String(p.stackName),
			TemplateBody: body(),
			TemplateURL:  url(),
			Parameters:   params,
			Capabilities: caps,
			Tags:         tags,
		})
		if isNoUpdates(err) {
			fmt.Fprintf(o.Log, "stack %s: no updates are to be performed\n", p.stackName)
			return o.finish(ctx, p.stack)
		}
		if err != nil {
			return awsError("cloudformation:UpdateStack", err)
		}
		stackID, want = aws.ToString(p.stack.StackId), cfntypes.StackStatusUpdateComplete
	}
	if stackID == "" {
		stackID = p.stackName
	}
	es.stack = stackID
	st, err := waitStack(ctx, c.CloudFormation, es, stackID, p.stackName, want, o.Timeout, o.PollInterval)
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Log, "stack %s is %s\n", p.stackName, st.StackStatus)
	if prevVersion != "" && es.runtimeUpdated && stackOutputs(st)["AgentRuntimeId"] == prevID {
		o.afterVersion = prevVersion
	}
	return o.finish(ctx, st)
}

// runtimeVersion is the stack's runtime id and its current version ("" when
// unknown: then only READY is waited for).
func (o *DeployOptions) runtimeVersion(ctx context.Context, st *cfntypes.Stack) (id, version string) {
	id = stackOutputs(st)["AgentRuntimeId"]
	if id == "" || o.Clients.AgentCore == nil {
		return id, ""
	}
	rt, err := o.Clients.AgentCore.GetAgentRuntime(ctx, &bedrockagentcorecontrol.GetAgentRuntimeInput{AgentRuntimeId: aws.String(id)})
	if err != nil {
		fmt.Fprintf(o.Log, "note: the runtime's version before the update is unknown (%v): waiting for READY only\n", awsError("bedrock-agentcore:GetAgentRuntime", err))
		return id, ""
	}
	return id, aws.ToString(rt.AgentRuntimeVersion)
}

// finish waits for the runtime, runs the smoke test hook and prints the outputs.
func (o *DeployOptions) finish(ctx context.Context, st *cfntypes.Stack) error {
	outs := stackOutputs(st)
	if id := outs["AgentRuntimeId"]; id != "" && o.Clients.AgentCore != nil {
		rt, err := waitRuntime(ctx, o.Clients.AgentCore, id, o.afterVersion, o.Timeout, o.PollInterval, o.Log)
		if err != nil {
			return err
		}
		fmt.Fprintf(o.Log, "runtime %s is %s (version %s)\n", id, rt.Status, aws.ToString(rt.AgentRuntimeVersion))
	}
	if o.Smoke != nil {
		if err := o.Smoke.SmokeTest(ctx, outs, o.Log); err != nil {
			return fmt.Errorf("smoke test (tools/list through InvokeAgentRuntime): %w", err)
		}
	} else {
		fmt.Fprintln(o.Log, "smoke test skipped (tools/list through InvokeAgentRuntime is not available in this build; try `zscaler-mcp agentcore invoke --list-tools`)")
	}
	printOutputs(o.Out, outs)
	return nil
}

// waitRuntime polls GetAgentRuntime until READY (there is no SDK waiter)
// and, when after is not empty, at a version newer than after: right after
// an UpdateStack the runtime can still report READY at the old version.
func waitRuntime(ctx context.Context, ac AgentCoreAPI, id, after string, timeout, every time.Duration, log io.Writer) (*bedrockagentcorecontrol.GetAgentRuntimeOutput, error) {
	deadline := time.Now().Add(timeout)
	last := actypes.AgentRuntimeStatus("")
	oldNoted := false
	for {
		rt, err := ac.GetAgentRuntime(ctx, &bedrockagentcorecontrol.GetAgentRuntimeInput{AgentRuntimeId: aws.String(id)})
		if err != nil {
			return nil, awsError("bedrock-agentcore:GetAgentRuntime", err)
		}
		switch rt.Status {
		case actypes.AgentRuntimeStatusReady:
			if after == "" || newerVersion(aws.ToString(rt.AgentRuntimeVersion), after) {
				return rt, nil
			}
			if !oldNoted {
				fmt.Fprintf(log, "runtime %s is READY at version %s, the one before the update: waiting for the new version\n", id, aws.ToString(rt.AgentRuntimeVersion))
				oldNoted = true
			}
		case actypes.AgentRuntimeStatusCreateFailed, actypes.AgentRuntimeStatusUpdateFailed, actypes.AgentRuntimeStatusDeleteFailed, actypes.AgentRuntimeStatusDeleting:
			return rt, fmt.Errorf("runtime %s is %s: %s\n  fix: read the container log with `zscaler-mcp agentcore logs` and the reason above; the image must be linux/arm64 and in ECR in the runtime's region", id, rt.Status, aws.ToString(rt.FailureReason))
		}
		if rt.Status != last {
			fmt.Fprintf(log, "runtime %s is %s\n", id, rt.Status)
			last = rt.Status
		}
		if time.Now().After(deadline) {
			if rt.Status == actypes.AgentRuntimeStatusReady {
				return rt, fmt.Errorf("runtime %s is READY but still at version %s, the one before the update, after %s (raise --timeout, or follow it with `zscaler-mcp agentcore status`)", id, aws.ToString(rt.AgentRuntimeVersion), timeout)
			}
			return rt, fmt.Errorf("runtime %s is still %s after %s (raise --timeout, or follow it with `zscaler-mcp agentcore status`)", id, rt.Status, timeout)
		}
		select {
		case <-ctx.Done():
			return rt, ctx.Err()
		case <-time.After(every):
		}
	}
}

// makePlan compares the rendered template and parameters with the stack.
// Read-only calls: DescribeStacks, GetTemplate.
func (o *DeployOptions) makePlan(ctx context.Context, in template.Inputs, stackName string) (*plan, error) {
	body, err := template.RenderJSON(in)
	if err != nil {
		return nil, err
	}
	p := &plan{stackName: stackName, body: body, params: template.StackParameters(in)}
	st, err := describeStack(ctx, o.Clients.CloudFormation, stackName)
	if err != nil {
		return nil, err
	}
	if st == nil {
		p.digestTag = secretsDigest(p.params, newSalt())
		return p, nil
	}
	if !ownedByUs(st) {
		return nil, fmt.Errorf("stack %s exists but was not created by zscaler-mcp (it has no %s=%q tag): this tool does not take over other stacks\n  fix: choose another --stack-name (AWS_STACK_NAME)", stackName, TagManagedBy, TagManagedByValue)
	}
	switch s := st.StackStatus; {
	case inProgress(s):
		return nil, fmt.Errorf("stack %s is %s: another operation is running\n  fix: wait for it to finish (`zscaler-mcp agentcore status`) and deploy again", stackName, s)
	case s == cfntypes.StackStatusRollbackComplete || s == cfntypes.StackStatusRollbackFailed || s == cfntypes.StackStatusCreateFailed || s == cfntypes.StackStatusDeleteFailed:
		return nil, fmt.Errorf("stack %s is %s (%s) and cannot be updated\n  fix: read why with `zscaler-mcp agentcore status`, run `zscaler-mcp agentcore destroy`, then deploy again", stackName, s, aws.ToString(st.StackStatusReason))
	case s == cfntypes.StackStatusUpdateRollbackFailed:
		return nil, fmt.Errorf("stack %s is UPDATE_ROLLBACK_FAILED\n  fix: `aws cloudformation continue-update-rollback --stack-name %s`, then deploy again", stackName, stackName)
	}
	p.stack = st
	tpl, err := o.Clients.CloudFormation.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(stackName)})
	if err != nil {
		return nil, awsError("cloudformation:GetTemplate", err)
	}
	p.templateChanged, p.resources, p.sections = diffTemplates([]byte(aws.ToString(tpl.TemplateBody)), body)
	noEcho := template.NoEchoParameters()
	cur := stackParams(st)
	for _, k := range sortedKeys(union(cur, p.params)) {
		if slices.Contains(noEcho, k) {
			continue
		}
		if v, ok := cur[k]; !ok || v != p.params[k] {
			p.paramChanges = append(p.paramChanges, k)
		}
	}
	tag, _ := stackTag(st, TagSecretsDigest)
	salt, _, _ := strings.Cut(tag, ":")
	if tag == "" || secretsDigest(p.params, salt) != tag {
		p.secretsChanged = true
		p.digestTag = secretsDigest(p.params, newSalt())
	} else {
		p.digestTag = tag
	}
	return p, nil
}

func tooBig(n int, stack string) error {
	return fmt.Errorf("the template is %d bytes, over CloudFormation's %d-byte TemplateBody limit (a Gateway's tool schema makes it bigger), so it must be passed by S3 URL\n  fix: pass --template-bucket BUCKET (or AWS_ASSET_BUCKET), an S3 bucket of yours in the stack's region, and deploy uploads it there (and the Gateway's tool schema, which the target then reads from S3); or `zscaler-mcp agentcore template --format json -o template.json` with the same settings, then `aws cloudformation deploy --template-file template.json --s3-bucket BUCKET --stack-name %s --capabilities CAPABILITY_NAMED_IAM --tags %s=%q --parameter-overrides ZscalerClientId=... ZscalerClientSecret=...`",
		n, templateBodyLimit, stack, TagManagedBy, TagManagedByValue)
}

// secretsDigest is "<salt>:<sha256(salt, NoEcho name=value...)>".
func secretsDigest(params map[string]string, salt string) string {
	h := sha256.New()
	h.Write([]byte(salt))
	for _, k := range template.NoEchoParameters() {
		if v, ok := params[k]; ok {
			fmt.Fprintf(h, "\x00%s=%s", k, v)
		}
	}
	return salt + ":" + hex.EncodeToString(h.Sum(nil))
}

func newSalt() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// diffTemplates compares two JSON templates by value.
func diffTemplates(old, cur []byte) (changed bool, resources, sections []string) {
	var a, b map[string]any
	if json.Unmarshal(old, &a) != nil || json.Unmarshal(cur, &b) != nil {
		return !bytes.Equal(bytes.TrimSpace(old), bytes.TrimSpace(cur)), []string{"(the deployed template is not JSON: compared as text)"}, nil
	}
	ra, _ := a["Resources"].(map[string]any)
	rb, _ := b["Resources"].(map[string]any)
	for _, k := range sortedKeys(union(ra, rb)) {
		va, ina := ra[k]
		vb, inb := rb[k]
		switch {
		case !ina:
			resources = append(resources, "+ "+k)
		case !inb:
			resources = append(resources, "- "+k)
		case !reflect.DeepEqual(va, vb):
			resources = append(resources, "~ "+k)
		}
	}
	for _, k := range sortedKeys(union(a, b)) {
		if k != "Resources" && !reflect.DeepEqual(a[k], b[k]) {
			sections = append(sections, k)
		}
	}
	return len(resources) > 0 || len(sections) > 0, resources, sections
}

func printDiff(w io.Writer, p *plan) {
	for _, r := range p.resources {
		fmt.Fprintf(w, "  resource %s\n", r)
	}
	if len(p.sections) > 0 {
		fmt.Fprintf(w, "  template sections changed: %s\n", strings.Join(p.sections, ", "))
	}
	if len(p.paramChanges) > 0 {
		fmt.Fprintf(w, "  parameters changed: %s\n", strings.Join(p.paramChanges, ", "))
	}
	if p.secretsChanged {
		fmt.Fprintln(w, "  secret parameters (NoEcho) changed or not recorded")
	}
}

// printPlan is the dry run's report.
func (o *DeployOptions) printPlan(p *plan) {
	w := o.Out
	switch {
	case p.stack == nil:
		fmt.Fprintf(w, "dry run: would create stack %s (CreateStack, %d-byte template, %d resources)\n", p.stackName, len(p.body), countResources(p.body))
	case p.noChange():
		fmt.Fprintf(w, "dry run: stack %s is up to date (%s): nothing would be done\n", p.stackName, p.stack.StackStatus)
	default:
		fmt.Fprintf(w, "dry run: would update stack %s (UpdateStack)\n", p.stackName)
		printDiff(w, p)
	}
	if len(p.body) > templateBodyLimit && !p.noChange() {
		if b := strings.TrimSpace(o.TemplateBucket); b != "" {
			fmt.Fprintf(w, "the %d-byte template is over the %d-byte inline limit: would be uploaded to s3://%s/%s (unless already there) and passed by TemplateURL\n", len(p.body), template.TemplateBodyLimit, b, templateKey(p.stackName, p.body))
		} else {
			fmt.Fprintf(w, "note: %v\n", tooBig(len(p.body), p.stackName))
		}
	}
	noEcho := template.NoEchoParameters()
	fmt.Fprintln(w, "parameters:")
	for _, k := range sortedKeys(p.params) {
		v := p.params[k]
		if slices.Contains(noEcho, k) && v != "" {
			v = "****"
		}
		fmt.Fprintf(w, "  %-32s %s\n", k, v)
	}
}

func countResources(body []byte) int {
	var t struct{ Resources map[string]any }
	_ = json.Unmarshal(body, &t)
	return len(t.Resources)
}

func union[V any](a, b map[string]V) map[string]V {
	out := map[string]V{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
