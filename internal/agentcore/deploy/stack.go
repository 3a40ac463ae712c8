package deploy

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Ownership tags: every stack this tool creates carries TagManagedBy, and
// destroy and deploy refuse a stack without it (never adopt or delete what
// the tool did not create). TagSecretsDigest is a salted SHA-256 of the
// NoEcho parameter values, so a re-run can tell whether they changed
// (CloudFormation returns them masked).
const (
	TagManagedBy      = "zscaler-mcp:managed-by"
	TagManagedByValue = "zscaler-mcp agentcore deploy"
	TagSecretsDigest  = "zscaler-mcp:noecho-digest"
)

// Defaults of the waits.
const (
	DefaultTimeout      = 30 * time.Minute
	DefaultPollInterval = 5 * time.Second
)

// Prompter asks the user; nil means "not a terminal" (or --non-interactive).
type Prompter interface {
	Ask(question, def string) (string, error)
	Confirm(question string) (bool, error)
}

// describeStack returns the stack, or nil when it does not exist.
func describeStack(ctx context.Context, cfn CloudFormationAPI, name string) (*cfntypes.Stack, error) {
	out, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		if isStackMissing(err) {
			return nil, nil
		}
		return nil, awsError("cloudformation:DescribeStacks", err)
	}
	if len(out.Stacks) == 0 {
		return nil, nil
	}
	return &out.Stacks[0], nil
}

func stackTag(s *cfntypes.Stack, key string) (string, bool) {
	for _, t := range s.Tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value), true
		}
	}
	return "", false
}

func ownedByUs(s *cfntypes.Stack) bool {
	v, ok := stackTag(s, TagManagedBy)
	return ok && v == TagManagedByValue
}

func stackOutputs(s *cfntypes.Stack) map[string]string {
	out := map[string]string{}
	for _, o := range s.Outputs {
		out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return out
}

func stackParams(s *cfntypes.Stack) map[string]string {
	out := map[string]string{}
	for _, p := range s.Parameters {
		out[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	return out
}

func printOutputs(w io.Writer, outs map[string]string) {
	if len(outs) == 0 {
		return
	}
	keys := make([]string, 0, len(outs))
	for k := range outs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "Outputs:")
	for _, k := range keys {
		fmt.Fprintf(w, "  %-24s %s\n", k, outs[k])
	}
}

const runtimeResourceType = "AWS::BedrockAgentCore::Runtime"

// eventStream prints a stack's new events once each, oldest first.
type eventStream struct {
	cfn   CloudFormationAPI
	stack string // name or id
	w     io.Writer
	seen  map[string]bool
	// failures are the failed events of this operation, oldest first.
	failures []cfntypes.StackEvent
	// runtimeUpdated: a runtime resource reached UPDATE_COMPLETE in this
	// operation (so its version must move).
	runtimeUpdated bool
}

// newEventStream marks the events that exist now as seen, so only the
// events of the coming operation are printed.
func newEventStream(ctx context.Context, cfn CloudFormationAPI, stack string, w io.Writer, existing bool) (*eventStream, error) {
	es := &eventStream{cfn: cfn, stack: stack, w: w, seen: map[string]bool{}}
	if !existing {
		return es, nil
	}
	out, err := cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		return nil, awsError("cloudformation:DescribeStackEvents", err)
	}
	for _, e := range out.StackEvents {
		es.seen[aws.ToString(e.EventId)] = true
	}
	return es, nil
}

// poll prints the events not printed yet. Events come newest first; the
// pages are read until an already seen event.
func (es *eventStream) poll(ctx context.Context) error {
	var fresh []cfntypes.StackEvent
	var token *string
	for {
		out, err := es.cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(es.stack), NextToken: token})
		if err != nil {
			if isStackMissing(err) {
				return nil
			}
			return awsError("cloudformation:DescribeStackEvents", err)
		}
		stop := false
		for _, e := range out.StackEvents {
			if es.seen[aws.ToString(e.EventId)] {
				stop = true
				break
			}
			fresh = append(fresh, e)
		}
		if stop || out.NextToken == nil {
			break
		}
		token = out.NextToken
	}
	slices.Reverse(fresh)
	for _, e := range fresh {
		es.seen[aws.ToString(e.EventId)] = true
		ts := ""
		if e.Timestamp != nil {
			ts = e.Timestamp.UTC().Format("15:04:05")
		}
		line := fmt.Sprintf("  %s  %-28s %-40s %s", ts, e.ResourceStatus, aws.ToString(e.LogicalResourceId), aws.ToString(e.ResourceType))
		if r := aws.ToString(e.ResourceStatusReason); r != "" {
			line += "  " + r
		}
		fmt.Fprintln(es.w, line)
		if strings.HasSuffix(string(e.ResourceStatus), "_FAILED") && aws.ToString(e.ResourceStatusReason) != "" {
			es.failures = append(es.failures, e)
		}
		if aws.ToString(e.ResourceType) == runtimeResourceType && e.ResourceStatus == cfntypes.ResourceStatusUpdateComplete {
			es.runtimeUpdated = true
		}
	}
	return nil
}

// firstFailure is the first failed resource of the operation (not the
// stack itself, whose reason only says that resources failed).
func (es *eventStream) firstFailure(stackName string) (logicalID, reason string) {
	for _, e := range es.failures {
		if aws.ToString(e.ResourceType) != "AWS::CloudFormation::Stack" && aws.ToString(e.LogicalResourceId) != stackName {
			return aws.ToString(e.LogicalResourceId), aws.ToString(e.ResourceStatusReason)
		}
	}
	if len(es.failures) > 0 {
		e := es.failures[0]
		return aws.ToString(e.LogicalResourceId), aws.ToString(e.ResourceStatusReason)
	}
	return "", ""
}

// StackFailedError is a stack operation that ended in a failure or rollback.
type StackFailedError struct {
	Stack, Status, StatusReason string
	Resource, Reason            string // the first failed resource and why
	Fix                         string
}

func (e *StackFailedError) Error() string {
	s := fmt.Sprintf("stack %s ended in %s", e.Stack, e.Status)
	if e.Resource != "" {
		s += fmt.Sprintf(": resource %s failed: %s", e.Resource, e.Reason)
	} else if e.StatusReason != "" {
		s += ": " + e.StatusReason
	}
	if e.Fix != "" {
		s += "\n  fix: " + e.Fix
	}
	return s
}

func inProgress(s cfntypes.StackStatus) bool { return strings.HasSuffix(string(s), "_IN_PROGRESS") }

// waitStack polls the stack until it leaves *_IN_PROGRESS, printing new
// events, bounded by timeout. want is the success status.
func waitStack(ctx context.Context, cfn CloudFormationAPI, es *eventStream, stackID, stackName string, want cfntypes.StackStatus, timeout, every time.Duration) (*cfntypes.Stack, error) {
	deadline := time.Now().Add(timeout)
	for {
		if err := es.poll(ctx); err != nil {
			return nil, err
		}
		st, err := describeStack(ctx, cfn, stackID)
		if err != nil {
			return nil, err
		}
		if st == nil {
			if want == cfntypes.StackStatusDeleteComplete {
				return nil, nil
			}
			return nil, &StackFailedError{Stack: stackName, Status: "DELETED (the stack no longer exists)"}
		}
		if !inProgress(st.StackStatus) {
			if err := es.poll(ctx); err != nil { // the last events
				return nil, err
			}
			if st.StackStatus == want {
				return st, nil
			}
			res, reason := es.firstFailure(stackName)
			fe := &StackFailedError{Stack: stackName, Status: string(st.StackStatus), StatusReason: aws.ToString(st.StackStatusReason), Resource: res, Reason: reason}
			fe.Fix = reasonFix(reason)
			switch st.StackStatus {
			case cfntypes.StackStatusRollbackComplete, cfntypes.StackStatusRollbackFailed, cfntypes.StackStatusCreateFailed:
				fe.Fix = strings.TrimPrefix(fe.Fix+"; then ", "; then ") + "a stack whose creation failed cannot be updated: fix the cause, run `zscaler-mcp agentcore destroy`, then deploy again"
			}
			return st, fe
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("stack %s is still %s after %s: it keeps going in CloudFormation; follow it with `zscaler-mcp agentcore status` (or raise --timeout)", stackName, st.StackStatus, timeout)
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(every):
		}
	}
}
