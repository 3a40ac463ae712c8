package template

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const testImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler/zscaler-mcp-server:v1.2.3"

// Distinctive secret values: none may appear in a template or an environment.
const (
	testClientID     = "CLIENTID-7f3a91"
	testClientSecret = "CLIENTSECRET-9b2e44"
	testAPIKey       = "APIKEY-d41d8cd98f00b204e980"
	testGWSecret     = "GWSECRET-55aa17"
)

var testSecrets = []string{testClientID, testClientSecret, testAPIKey, testGWSecret}

// combo is one point of credential source × auth mode × network × gateway.
type combo struct{ cred, auth, net, gw string }

func (c combo) String() string {
	return fmt.Sprintf("%s/%s/%s/gateway-%s", c.cred, c.auth, c.net, c.gw)
}

// consistent: a Gateway needs jwt.
func (c combo) consistent() bool { return c.gw == GatewayNone || c.auth == AuthJWT }

func allCombos() []combo {
	var out []combo
	for _, cred := range []string{CreateNew, UseExisting} {
		for _, auth := range AuthModes {
			for _, net := range []string{NetworkPublic, NetworkVPC} {
				for _, gw := range []string{GatewayNone, GatewayCreate, GatewayAttach} {
					out = append(out, combo{cred, auth, net, gw})
				}
			}
		}
	}
	return out
}

// comboInputs are complete inputs for a combination.
func comboInputs(c combo) Inputs {
	in := Inputs{ImageURI: testImage, Region: "us-east-1", Account: "123456789012", CredentialSource: c.cred, AuthMode: c.auth, NetworkMode: c.net}
	if c.cred == CreateNew {
		in.ClientID, in.ClientSecret, in.VanityDomain, in.CustomerID, in.ZCellCustomerID = testClientID, testClientSecret, "acme", "2041234", "zc-7788"
		if c.auth == AuthAPIKey && c.net == NetworkVPC {
			in.APIKey = testAPIKey // the other api-key combinations let Secrets Manager generate it
		}
	} else {
		in.ExistingSecretName = "zscaler/mcp/credentials"
	}
	if c.net == NetworkVPC {
		in.Subnets = []string{"subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"}
		in.SecurityGroups = []string{"sg-0123456789abcdef0"}
	}
	switch c.gw {
	case GatewayCreate:
		in.Gateway = Gateway{Mode: GatewayCreate, DiscoveryURL: "https://acme.us.auth0.com/.well-known/openid-configuration",
			ClientIDs: []string{"gwClient1"}, Audiences: []string{"urn:zscaler-mcp:gateway"}, ClientSecret: testGWSecret}
	case GatewayAttach:
		in.Gateway = Gateway{Mode: GatewayAttach, ExistingID: "shared-gateway-abcdefghij", ClientIDs: []string{"gwClient1"}, ClientSecret: testGWSecret}
		in.JWT = JWT{Issuer: "https://acme.us.auth0.com/", Audiences: []string{"urn:zscaler-mcp:runtime"}}
	default:
		if c.auth == AuthJWT {
			in.JWT = JWT{Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123", ClientIDs: []string{"cognitoClientA", "cognitoClientB"}}
		}
	}
	return in
}

// validCombos are the consistent combinations with their inputs.
func validCombos(t *testing.T) map[combo]Inputs {
	t.Helper()
	out := map[combo]Inputs{}
	for _, c := range allCombos() {
		if c.consistent() {
			in := comboInputs(c)
			if err := in.Validate(); err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			out[c] = in
		}
	}
	return out
}

// parsed renders the template and reads it back as a YAML parser does.
func parsed(t *testing.T, in Inputs) (map[string]any, []byte) {
	t.Helper()
	body, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(body, &m); err != nil {
		t.Fatalf("the rendered template is not YAML: %v", err)
	}
	return m, body
}

// evalWith evaluates a parsed template's conditions for parameter values;
// resources resolve to placeholders.
func evalWith(tmpl map[string]any, params map[string]string) *evaluator {
	e := newEvaluator(params, func(id, attr string) (any, error) {
		if attr == "" {
			return "{" + id + "}", nil
		}
		return "{" + id + "." + attr + "}", nil
	})
	return e.withConditions(tmpl["Conditions"])
}

// conditionValues evaluates every condition.
func conditionValues(t *testing.T, tmpl map[string]any, params map[string]string) map[string]bool {
	t.Helper()
	e := evalWith(tmpl, params)
	out := map[string]bool{}
	for _, name := range conditionNames(tmpl["Conditions"]) {
		v, err := e.conditionValue(name)
		if err != nil {
			t.Fatalf("condition %s: %v", name, err)
		}
		out[name] = v
	}
	return out
}

// resourceProps evaluates a resource's properties (nil when its condition
// leaves it out).
func resourceProps(t *testing.T, tmpl map[string]any, params map[string]string, id string) map[string]any {
	t.Helper()
	e := evalWith(tmpl, params)
	r := asMap(asMap(tmpl["Resources"])[id])
	if r == nil {
		return nil
	}
	if cond, ok := r["Condition"].(string); ok {
		on, err := e.conditionValue(cond)
		if err != nil {
			t.Fatal(err)
		}
		if !on {
			return nil
		}
	}
	v, err := e.eval(r["Properties"])
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return asMap(v)
}

// failedRules evaluates the template's Rules for parameter values and
// returns the names of those that reject them.
func failedRules(t *testing.T, tmpl map[string]any, params map[string]string) []string {
	t.Helper()
	var out []string
	for name, r := range asMap(tmpl["Rules"]) {
		rm := asMap(r)
		e := evalWith(tmpl, params)
		if rc, ok := rm["RuleCondition"]; ok {
			on, err := e.condition(rc)
			if err != nil {
				t.Fatalf("rule %s: %v", name, err)
			}
			if !on {
				continue
			}
		}
		for _, a := range asList(rm["Assertions"]) {
			ok, err := e.condition(asMap(a)["Assert"])
			if err != nil {
				t.Fatalf("rule %s: %v", name, err)
			}
			if !ok {
				out = append(out, name)
			}
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range asList(v) {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

func containsAny(s string, subs []string) string {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return sub
		}
	}
	return ""
}
