package runtime

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol/types"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// GatewayAPI is the part of the AgentCore control client doctor uses to
// read the Gateway a deployment attaches to.
type GatewayAPI interface {
	GetGateway(ctx context.Context, in *bedrockagentcorecontrol.GetGatewayInput, optFns ...func(*bedrockagentcorecontrol.Options)) (*bedrockagentcorecontrol.GetGatewayOutput, error)
}

// existingGateway reads the inbound authorizer of the Gateway id, so that
// a sample token is checked against the rules that Gateway applies and not
// against settings this deployment does not change. The check says what
// was read; the rules are nil when there are none to apply to a token.
func existingGateway(ctx context.Context, api GatewayAPI, id string) (Check, *template.JWT) {
	c := Check{Name: "Existing Gateway " + id}
	out, err := api.GetGateway(ctx, &bedrockagentcorecontrol.GetGatewayInput{GatewayIdentifier: aws.String(id)})
	if err != nil {
		c.Status, c.Detail = Fail, "bedrock-agentcore:GetGateway failed: "+err.Error()
		c.Fix = "check EXISTING_GATEWAY_ID (aws bedrock-agentcore-control list-gateways) and that this identity may call bedrock-agentcore:GetGateway in the region"
		return c, nil
	}
	state := fmt.Sprintf("%s, status %s, inbound authorizer %s", aws.ToString(out.Name), out.Status, out.AuthorizerType)
	custom, ok := out.AuthorizerConfiguration.(*types.AuthorizerConfigurationMemberCustomJWTAuthorizer)
	if out.AuthorizerType != types.AuthorizerTypeCustomJwt || !ok {
		c.Status, c.Detail = Warn, state+": callers do not present a bearer token to it, so a sample token is not what it checks"
		c.Fix = "attach to a Gateway with a CUSTOM_JWT authorizer, or check the callers' IAM permissions (bedrock-agentcore:InvokeGateway)"
		return c, nil
	}
	j, skipped := authorizerRules(custom.Value)
	c.Status, c.Detail = Pass, state+": discovery "+j.DiscoveryURL
	if len(skipped) > 0 {
		c.Status = Warn
		c.Detail += "; not evaluated here: " + strings.Join(skipped, ", ")
		c.Fix = "check those claims of the token by hand (aws bedrock-agentcore-control get-gateway --gateway-identifier " + id + " --query authorizerConfiguration)"
	}
	return c, &j
}

// authorizerRules are a CUSTOM_JWT authorizer's rules in the form the
// token check applies: allowed clients on client_id, or one custom claim
// that EQUALS a string, as the templates write them. Other custom claim
// rules are named in skipped.
func authorizerRules(a types.CustomJWTAuthorizerConfiguration) (j template.JWT, skipped []string) {
	j = template.JWT{DiscoveryURL: aws.ToString(a.DiscoveryUrl), Audiences: a.AllowedAudience, Scopes: a.AllowedScopes}
	j.Issuer = template.IssuerFromDiscovery(j.DiscoveryURL)
	if len(a.AllowedClients) > 0 {
		j.ClientClaim, j.ClientIDs = template.ClaimClientID, a.AllowedClients
	}
	for _, cc := range a.CustomClaims {
		name := aws.ToString(cc.InboundTokenClaimName)
		var op types.ClaimMatchOperatorType
		var value string
		isString := false
		if m := cc.AuthorizingClaimMatchValue; m != nil {
			op = m.ClaimMatchOperator
			if v, ok := m.ClaimMatchValue.(*types.ClaimMatchValueTypeMemberMatchValueString); ok {
				value, isString = v.Value, true
			}
		}
		if op == types.ClaimMatchOperatorTypeEquals && isString && len(j.ClientIDs) == 0 {
			j.ClientClaim, j.ClientIDs = name, []string{value}
			continue
		}
		skipped = append(skipped, fmt.Sprintf("claim %s %s", name, op))
	}
	return j, skipped
}
