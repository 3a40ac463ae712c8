package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// IAMAPI is the part of the IAM client the permissions check uses.
type IAMAPI interface {
	SimulatePrincipalPolicy(ctx context.Context, in *iam.SimulatePrincipalPolicyInput, opts ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error)
}

const permissionsCheck = "IAM permissions"

// DeployActions are the IAM actions `agentcore deploy` (and the image push
// it relies on) calls as the deploying identity, taken from the deploy and
// image packages: the CloudFormation stack calls, the resources the stack
// creates with the caller's permissions (no CloudFormation service role),
// the AgentCore runtime and its smoke test, the ECR repository and push,
// and the logs the status and logs verbs read. kms:CreateKey is added when
// the stack creates a customer-managed key, s3:PutObject when templates are
// staged in a bucket.
func DeployActions(r template.Inputs, templateBucket string) []string {
	a := []string{
		"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks",
		"cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:DeleteStack",
		"bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:UpdateAgentRuntime", "bedrock-agentcore:GetAgentRuntime",
		"bedrock-agentcore:InvokeAgentRuntime",
		"iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole",
		"ecr:CreateRepository", "ecr:DescribeRepositories", "ecr:GetAuthorizationToken", "ecr:InitiateLayerUpload",
		"logs:FilterLogEvents",
	}
	if r.CredentialSource != template.UseExisting {
		a = append(a, "secretsmanager:CreateSecret") // the stack creates the secret
	}
	if r.CreateKMSKey {
		a = append(a, "kms:CreateKey")
	}
	if strings.TrimSpace(templateBucket) != "" {
		a = append(a, "s3:PutObject")
	}
	return a
}

// SimulationARN is the principal ARN IAM SimulatePrincipalPolicy takes for
// the caller ARN STS reports. An assumed-role session
// (arn:aws:sts::ACCT:assumed-role/ROLE/SESSION) becomes its role,
// arn:aws:iam::ACCT:role/ROLE: the session ARN carries no role path, so
// the role is assumed to have none (IAM GetRole is not called); a role
// under a path (AWS SSO roles live under /aws-reserved/sso.amazonaws.com/)
// then answers NoSuchEntity. IAM users and roles are used as they are,
// path included. ok is false, with the reason, for principals IAM cannot
// simulate: the root user and federated users.
func SimulationARN(callerARN string) (arn string, ok bool, why string) {
	parts := strings.SplitN(callerARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", false, fmt.Sprintf("%q is not an ARN", callerARN)
	}
	partition, service, account, resource := parts[1], parts[2], parts[4], parts[5]
	switch {
	case service == "iam" && resource == "root":
		return "", false, "the caller is the account's root user, which IAM cannot simulate (root is allowed everything IAM governs, but deploying as root is discouraged)"
	case service == "iam" && (strings.HasPrefix(resource, "user/") || strings.HasPrefix(resource, "role/")):
		return callerARN, true, ""
	case service == "sts" && strings.HasPrefix(resource, "assumed-role/"):
		rest := strings.TrimPrefix(resource, "assumed-role/")
		role, _, found := strings.Cut(rest, "/")
		if !found || role == "" {
			return "", false, fmt.Sprintf("cannot read the role name from %s", callerARN)
		}
		return fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, account, role), true, ""
	case service == "sts" && strings.HasPrefix(resource, "federated-user/"):
		return "", false, "the caller is a federated user (sts:GetFederationToken), which IAM cannot simulate"
	}
	return "", false, fmt.Sprintf("IAM cannot simulate the principal %s", callerARN)
}

// checkPermissions simulates the deploy actions for the caller.
func checkPermissions(ctx context.Context, api IAMAPI, callerARN string, actions []string) Check {
	c := Check{Name: permissionsCheck}
	listed := "deploy actions " + strings.Join(actions, ", ")
	principal, ok, why := SimulationARN(callerARN)
	if !ok {
		c.Status, c.Detail = Warn, "not simulated: "+why
		c.Fix = "deploy as an IAM user or role allowed " + strings.Join(actions, ", ")
		return c
	}
	decisions := map[string]iamtypes.PolicyEvaluationDecisionType{}
	in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(principal), ActionNames: actions}
	for pages := 0; ; pages++ {
		out, err := api.SimulatePrincipalPolicy(ctx, in)
		if err != nil {
			c.Status = Warn
			c.Detail = fmt.Sprintf("not simulated: iam:SimulatePrincipalPolicy for %s failed: %v", principal, err)
			c.Fix = "check by hand that the identity is allowed the " + listed
			var ae smithy.APIError
			if errors.As(err, &ae) {
				switch ae.ErrorCode() {
				case "AccessDenied", "AccessDeniedException":
					c.Detail = fmt.Sprintf("not simulated: the identity may not call iam:SimulatePrincipalPolicy on %s (%s)", principal, ae.ErrorMessage())
					c.Fix = "allow iam:SimulatePrincipalPolicy on " + principal + " for this check, or check by hand that the identity is allowed the " + listed
				case "NoSuchEntity":
					c.Detail = fmt.Sprintf("not simulated: IAM knows no %s (the session ARN carries no role path, and the role was assumed to have none)", principal)
					c.Fix = "check by hand that the role is allowed the " + listed
				}
			}
			return c
		}
		for _, r := range out.EvaluationResults {
			decisions[aws.ToString(r.EvalActionName)] = r.EvalDecision
		}
		if !out.IsTruncated || aws.ToString(out.Marker) == "" || pages > 100 {
			break
		}
		in.Marker = out.Marker
	}
	var denied []string
	for _, a := range actions {
		d, seen := decisions[a]
		switch {
		case !seen:
			denied = append(denied, a+" (no result)")
		case d == iamtypes.PolicyEvaluationDecisionTypeExplicitDeny:
			denied = append(denied, a+" (explicit deny)")
		case d != iamtypes.PolicyEvaluationDecisionTypeAllowed:
			denied = append(denied, a)
		}
	}
	if len(denied) == 0 {
		c.Status = Pass
		c.Detail = fmt.Sprintf("%s is allowed all %d deploy actions (simulated on Resource *)", principal, len(actions))
		return c
	}
	c.Status = Fail
	c.Detail = fmt.Sprintf("%s is denied %d of %d deploy actions: %s", principal, len(denied), len(actions), strings.Join(denied, ", "))
	var names []string
	for _, d := range denied {
		name, _, _ := strings.Cut(d, " ")
		names = append(names, name)
	}
	sort.Strings(names)
	stmt, _ := json.Marshal(struct {
		Effect   string
		Action   []string
		Resource string
	}{"Allow", names, "*"})
	c.Fix = "add to a policy of " + principal + " the statement " + string(stmt) +
		" (narrow Resource as you see fit); an explicit deny, from this policy, a permissions boundary or an SCP, must be lifted where it is set"
	return c
}
