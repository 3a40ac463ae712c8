package template

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Authorizer is one customJWTAuthorizer exactly as the template configures
// it for a set of inputs: the template's resource, evaluated with the
// inputs' parameter values (what CloudFormation would send to AgentCore).
// The local emulations (agentcore dev) apply it to tokens, so what they
// accept is what the template deploys.
type Authorizer struct {
	DiscoveryURL string      `json:"DiscoveryUrl"`
	Audiences    []string    `json:"AllowedAudience"`
	Clients      []string    `json:"AllowedClients"`
	Scopes       []string    `json:"AllowedScopes"`
	Claims       []ClaimRule `json:"CustomClaims"`
}

// ClaimRule is one customClaims entry.
type ClaimRule struct {
	Name      string `json:"InboundTokenClaimName"`
	ValueType string `json:"InboundTokenClaimValueType"`
	Match     struct {
		Operator string `json:"ClaimMatchOperator"`
		Value    struct {
			String     string   `json:"MatchValueString"`
			StringList []string `json:"MatchValueStringList"`
		} `json:"ClaimMatchValue"`
	} `json:"AuthorizingClaimMatchValue"`
}

// GatewayAuthorizer is the Gateway's inbound authorizer. In attach mode the
// template creates no Gateway; the GATEWAY_INBOUND_* settings then describe
// the existing one, and its authorizer is evaluated as create mode would
// configure it.
func (in Inputs) GatewayAuthorizer() (*Authorizer, error) {
	r, _ := in.Resolved()
	if !r.Gateway.Enabled() {
		return nil, errors.New("no Gateway (gateway mode none)")
	}
	if r.Gateway.Mode == GatewayAttach {
		r.Gateway.Mode = GatewayCreate
		r, _ = r.Resolved()
	}
	if r.Gateway.DiscoveryURL == "" {
		return nil, errors.New("the Gateway's inbound authorizer needs GATEWAY_INBOUND_DISCOVERY_URL (or GATEWAY_INBOUND_ISSUER)")
	}
	return evalAuthorizer(r, lidGateway)
}

// RuntimeAuthorizer is the runtime's JWT authorizer; nil without one (the
// runtime then accepts SigV4 only).
func (in Inputs) RuntimeAuthorizer() (*Authorizer, error) {
	r, _ := in.Resolved()
	if r.AuthMode != AuthJWT {
		return nil, nil
	}
	return evalAuthorizer(r, lidRuntime)
}

// GatewayCredentialType is the target's CredentialProviderType as the
// template configures it (GATEWAY_IAM_ROLE or OAUTH).
func (in Inputs) GatewayCredentialType() (string, error) {
	r, _ := in.Resolved()
	props, err := evalResource(r, lidTarget)
	if err != nil {
		return "", err
	}
	var t struct {
		Credentials []struct {
			Type string `json:"CredentialProviderType"`
		} `json:"CredentialProviderConfigurations"`
	}
	if err := json.Unmarshal(props, &t); err != nil || len(t.Credentials) != 1 {
		return "", fmt.Errorf("the target's credential provider configuration is not one entry: %s", props)
	}
	return t.Credentials[0].Type, nil
}

func evalAuthorizer(r Inputs, id string) (*Authorizer, error) {
	props, err := evalResource(r, id)
	if err != nil {
		return nil, err
	}
	var p struct {
		Config struct {
			JWT *Authorizer `json:"CustomJWTAuthorizer"`
		} `json:"AuthorizerConfiguration"`
	}
	if err := json.Unmarshal(props, &p); err != nil {
		return nil, err
	}
	if p.Config.JWT == nil {
		return nil, fmt.Errorf("%s has no customJWTAuthorizer", id)
	}
	return p.Config.JWT, nil
}

// evalResource builds the template for resolved inputs and evaluates one
// resource's properties with their parameter values, as JSON.
func evalResource(r Inputs, id string) ([]byte, error) {
	t, err := build(r)
	if err != nil {
		return nil, err
	}
	res, _ := t.get("Resources").(obj).get(id).(obj)
	if res == nil {
		return nil, fmt.Errorf("the template has no %s", id)
	}
	e := newEvaluator(StackParameters(r), func(logicalID, attr string) (any, error) {
		return "{" + logicalID + "." + attr + "}", nil
	}).withConditions(t.get("Conditions"))
	e.pseudo["AWS::Region"] = r.Region
	v, err := e.eval(res.get("Properties"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return marshalJSON(v)
}

// Check applies the authorizer's claim rules to a token's claims (its
// signature, issuer and lifetime checked already). unauthorized are the
// reasons for a 401 (the token is not for this resource: audience);
// forbidden the reasons for a 403 insufficient_scope (the client or scope
// matchers: AgentCore answers 403 when allowedClients or a customClaims rule
// finds no match).
func (a *Authorizer) Check(claims map[string]any) (unauthorized, forbidden []string) {
	if len(a.Audiences) > 0 {
		aud := claimStrings(claims["aud"])
		if !slices.ContainsFunc(aud, func(s string) bool { return slices.Contains(a.Audiences, s) }) {
			unauthorized = append(unauthorized, fmt.Sprintf("aud %v is not one of %v", aud, a.Audiences))
		}
	}
	if len(a.Clients) > 0 {
		if got, _ := claims[ClaimClientID].(string); !slices.Contains(a.Clients, got) {
			forbidden = append(forbidden, fmt.Sprintf("client_id %q is not one of the allowed clients %v", got, a.Clients))
		}
	}
	if len(a.Scopes) > 0 {
		var have []string
		for _, k := range []string{"scope", "scp"} {
			if s, ok := claims[k].(string); ok {
				have = append(have, strings.Fields(s)...)
			} else {
				have = append(have, claimStrings(claims[k])...)
			}
		}
		if !slices.ContainsFunc(have, func(s string) bool { return slices.Contains(a.Scopes, s) }) {
			forbidden = append(forbidden, fmt.Sprintf("scopes %v include none of %v", have, a.Scopes))
		}
	}
	for _, c := range a.Claims {
		got := claims[c.Name]
		ok := false
		switch c.Match.Operator {
		case "EQUALS":
			s, isString := got.(string)
			ok = isString && s == c.Match.Value.String
		case "CONTAINS":
			ok = slices.Contains(claimStrings(got), c.Match.Value.String)
		case "CONTAINS_ANY":
			ok = slices.ContainsFunc(claimStrings(got), func(s string) bool { return slices.Contains(c.Match.Value.StringList, s) })
		}
		if !ok {
			want := c.Match.Value.String
			if want == "" {
				want = strings.Join(c.Match.Value.StringList, "|")
			}
			forbidden = append(forbidden, fmt.Sprintf("claim %s is %v, the rule wants %s %q", c.Name, got, c.Match.Operator, want))
		}
	}
	return unauthorized, forbidden
}

func claimStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
