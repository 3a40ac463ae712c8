package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// DestroyOptions are the inputs of `agentcore destroy`.
type DestroyOptions struct {
	StackName      string
	Yes            bool
	NonInteractive bool
	Timeout        time.Duration
	PollInterval   time.Duration

	Clients *Clients
	Prompt  Prompter
	Out     io.Writer
	Log     io.Writer
}

func (o *DestroyOptions) Validate() error {
	if strings.TrimSpace(o.StackName) == "" {
		o.StackName = template.DefaultStackName
	}
	if !o.Yes && (o.Prompt == nil || o.NonInteractive) {
		return &template.Error{Problems: []string{"destroy deletes the stack and asks for confirmation: pass --yes when not on a terminal or with --non-interactive"}}
	}
	return nil
}

// ErrAborted is returned when the user does not confirm.
var ErrAborted = errors.New("aborted: nothing was deleted")

// Ask confirms the deletion, naming what is kept.
func (o *DestroyOptions) ask(st *cfntypes.Stack, kept []string) error {
	if o.Yes {
		return nil
	}
	q := fmt.Sprintf("Delete stack %s (%s) and the resources it created (runtime, role, secret it created, gateway it created)?", o.StackName, st.StackStatus)
	if len(kept) > 0 {
		q += " Kept: " + strings.Join(kept, "; ") + "."
	}
	ok, err := o.Prompt.Confirm(q)
	if err != nil {
		return err
	}
	if !ok {
		return ErrAborted
	}
	return nil
}

// Execute deletes the stack this tool created and waits. Only stack
// resources are deleted: an existing secret (UseExisting) or an attached
// Gateway is not part of the stack, and a stack without this tool's tag is
// refused.
func (o *DestroyOptions) Execute(ctx context.Context) error {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	cfn := o.Clients.CloudFormation
	st, err := describeStack(ctx, cfn, o.StackName)
	if err != nil {
		return err
	}
	if st == nil {
		fmt.Fprintf(o.Out, "stack %s does not exist in %s: nothing to delete\n", o.StackName, o.Clients.Region)
		return nil
	}
	if !ownedByUs(st) {
		return fmt.Errorf("stack %s was not created by zscaler-mcp (it has no %s=%q tag): refusing to delete it\n  fix: delete it yourself if it is yours (`aws cloudformation delete-stack --stack-name %s`)", o.StackName, TagManagedBy, TagManagedByValue, o.StackName)
	}
	if inProgress(st.StackStatus) && st.StackStatus != cfntypes.StackStatusDeleteInProgress {
		return fmt.Errorf("stack %s is %s\n  fix: wait for the operation to finish (`zscaler-mcp agentcore status`), then destroy", o.StackName, st.StackStatus)
	}
	params := stackParams(st)
	var kept []string
	if params["CredentialSource"] == template.UseExisting && params["ExistingSecretName"] != "" {
		kept = append(kept, "the existing secret "+params["ExistingSecretName"])
	}
	if params["GatewayMode"] == template.GatewayAttach && params["ExistingGatewayId"] != "" {
		kept = append(kept, "the attached gateway "+params["ExistingGatewayId"]+" (only this stack's target is removed)")
	}
	if err := o.ask(st, kept); err != nil {
		return err
	}
	stackID := aws.ToString(st.StackId)
	if stackID == "" {
		stackID = o.StackName
	}
	es, err := newEventStream(ctx, cfn, stackID, o.Log, true)
	if err != nil {
		return err
	}
	if st.StackStatus != cfntypes.StackStatusDeleteInProgress {
		fmt.Fprintf(o.Log, "deleting stack %s\n", o.StackName)
		if _, err := cfn.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(stackID)}); err != nil {
			return awsError("cloudformation:DeleteStack", err)
		}
	}
	if _, err := waitStack(ctx, cfn, es, stackID, o.StackName, cfntypes.StackStatusDeleteComplete, o.Timeout, o.PollInterval); err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "stack %s deleted\n", o.StackName)
	for _, k := range kept {
		fmt.Fprintf(o.Out, "kept (not created by this stack): %s\n", k)
	}
	return nil
}
