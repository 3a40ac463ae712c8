package template

import (
	"strings"
	"testing"
)

// TestTemplateMatchesSpecification renders the template for every
// consistent combination of credential source, auth mode, network mode and
// gateway mode and checks it against the CloudFormation specification: the
// raw template (every Fn::If branch), and the template as deployed with the
// parameter values of each combination of its gateway mode (conditions
// evaluated, AWS::NoValue removed: required properties, enums, references
// to resources that exist with those values).
func TestTemplateMatchesSpecification(t *testing.T) {
	spec := loadSpec(t)
	valid := validCombos(t)
	if len(valid) != 24 {
		t.Fatalf("%d consistent combinations, want 24", len(valid))
	}
	for c, in := range valid {
		t.Run(c.String(), func(t *testing.T) {
			tmpl, body := parsed(t, in)
			for _, e := range checkTemplate(spec, tmpl, nil) {
				t.Error(e)
			}
			for other, otherIn := range valid {
				if other.gw != c.gw {
					continue
				}
				params := StackParameters(otherIn)
				if failed := failedRules(t, tmpl, params); len(failed) > 0 {
					t.Errorf("with the parameters of %s the Rules reject: %v", other, failed)
					continue
				}
				conds := conditionValues(t, tmpl, params)
				for _, e := range checkTemplate(spec, tmpl, conds) {
					t.Errorf("with the parameters of %s: %s", other, e)
				}
			}
			if c.gw == GatewayNone && len(body) > TemplateBodyLimit {
				t.Errorf("the template without a Gateway is %d bytes, over the %d-byte TemplateBody limit", len(body), TemplateBodyLimit)
			}
		})
	}
}

// TestSpecificationCheckCatchesMistakes proves the check can fail: each
// deliberate mistake is reported.
func TestSpecificationCheckCatchesMistakes(t *testing.T) {
	spec := loadSpec(t)
	jwtIn := comboInputs(combo{UseExisting, AuthJWT, NetworkPublic, GatewayNone})
	gwIn := comboInputs(combo{CreateNew, AuthJWT, NetworkVPC, GatewayCreate})
	runtime := func(m map[string]any) map[string]any { return asMap(asMap(m["Resources"])[lidRuntime]) }
	props := func(m map[string]any) map[string]any { return asMap(runtime(m)["Properties"]) }
	cases := []struct {
		name     string
		in       Inputs
		resolved bool // check as deployed with the inputs' parameters
		mutate   func(m map[string]any)
		want     string
	}{
		{"unknown property", jwtIn, false, func(m map[string]any) { props(m)["BogusProp"] = "x" }, "unknown property BogusProp"},
		{"missing required property", jwtIn, false, func(m map[string]any) { delete(props(m), "RoleArn") }, "missing required property RoleArn"},
		{"bad enum", jwtIn, false, func(m map[string]any) { props(m)["ProtocolConfiguration"] = "MCPX" }, `"MCPX" is not one of`},
		{"object for a string", jwtIn, false, func(m map[string]any) {
			props(m)["ProtocolConfiguration"] = map[string]any{"ServerProtocol": "MCP"}
		}, "expected a string"},
		{"unknown resource type", jwtIn, false, func(m map[string]any) { runtime(m)["Type"] = "AWS::BedrockAgentCore::Runtimes" }, "does not exist in the CloudFormation specification"},
		{"unknown Ref", jwtIn, false, func(m map[string]any) { props(m)["Description"] = map[string]any{"Ref": "NoSuchParameter"} }, "Ref NoSuchParameter: no such parameter"},
		{"unknown GetAtt attribute", jwtIn, false, func(m map[string]any) {
			asMap(asMap(m["Outputs"])["AgentRuntimeId"])["Value"] = map[string]any{"Fn::GetAtt": []any{lidRuntime, "RuntimeIdentifier"}}
		}, "has no attribute RuntimeIdentifier"},
		{"unknown Sub variable", jwtIn, false, func(m map[string]any) { props(m)["Description"] = map[string]any{"Fn::Sub": "runtime ${NoSuchThing}"} }, "Ref NoSuchThing: no such parameter"},
		{"unknown condition", jwtIn, false, func(m map[string]any) {
			props(m)["Description"] = map[string]any{"Fn::If": []any{"NoSuchCondition", "a", "b"}}
		}, `unknown condition "NoSuchCondition"`},
		{"unknown property in an Fn::If branch", jwtIn, false, func(m map[string]any) {
			branch := asMap(asList(asMap(props(m)["AuthorizerConfiguration"])["Fn::If"])[1])
			asMap(branch["CustomJWTAuthorizer"])["DiscoveryURL"] = "https://typo.example.com"
		}, "unknown property DiscoveryURL"},
		{"list parameter for a string", jwtIn, false, func(m map[string]any) { props(m)["Description"] = map[string]any{"Ref": pJWTAudience} }, "Ref JwtAudience (CommaDelimitedList) where a string is expected"},
		{"required property removed by a condition", jwtIn, true, func(m map[string]any) {
			branch := asMap(asList(asMap(props(m)["AuthorizerConfiguration"])["Fn::If"])[1])
			asMap(branch["CustomJWTAuthorizer"])["DiscoveryUrl"] = map[string]any{"Fn::If": []any{cJWTMode, map[string]any{"Ref": "AWS::NoValue"}, "https://x"}}
		}, "missing required property DiscoveryUrl"},
		{"reference to a resource the parameters leave out", jwtIn, true, func(m map[string]any) { props(m)["Description"] = map[string]any{"Ref": lidSecret} }, "the resource is not created with these parameters"},
		{"bad enum in a nested Gateway type", gwIn, false, func(m map[string]any) {
			gw := asMap(asMap(asMap(m["Resources"])[lidGateway])["Properties"])
			gw["ProtocolConfiguration"] = map[string]any{"Mcp": map[string]any{"SearchType": "KEYWORD"}}
		}, `"KEYWORD" is not one of`},
		{"bad condition function", jwtIn, false, func(m map[string]any) {
			asMap(m["Conditions"])[cVPC] = map[string]any{"Fn::Sub": "x"}
		}, "Fn::Sub is not allowed here"},
		{"parameter default outside its pattern", jwtIn, false, func(m map[string]any) {
			asMap(asMap(m["Parameters"])[pRuntimeName])["Default"] = "zscaler-mcp"
		}, `default "zscaler-mcp" does not match its AllowedPattern`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, _ := parsed(t, tc.in)
			var conds map[string]bool
			if tc.resolved {
				conds = conditionValues(t, tmpl, StackParameters(tc.in))
			}
			if errs := checkTemplate(spec, tmpl, conds); len(errs) != 0 {
				t.Fatalf("the unmodified template already fails: %v", errs)
			}
			tc.mutate(tmpl)
			errs := checkTemplate(spec, tmpl, conds)
			if !strings.Contains(strings.Join(errs, "\n"), tc.want) {
				t.Errorf("the check did not report %q; it reported %v", tc.want, errs)
			}
		})
	}
}

// TestTemplateUsesNativeResourcesOnly: no Lambda, no custom resource, no
// nested stack, no bucket.
func TestTemplateUsesNativeResourcesOnly(t *testing.T) {
	allowed := map[string]bool{"AWS::BedrockAgentCore::Runtime": true, "AWS::BedrockAgentCore::Gateway": true, "AWS::BedrockAgentCore::GatewayTarget": true,
		"AWS::BedrockAgentCore::OAuth2CredentialProvider": true, "AWS::SecretsManager::Secret": true, "AWS::KMS::Key": true, "AWS::IAM::Role": true, "AWS::Logs::LogGroup": true}
	seen := map[string]bool{}
	for c, in := range validCombos(t) {
		tmpl, _ := parsed(t, in)
		for id, r := range asMap(tmpl["Resources"]) {
			typ, _ := asMap(r)["Type"].(string)
			seen[typ] = true
			if !allowed[typ] {
				t.Errorf("%s: %s is a %s", c, id, typ)
			}
		}
		if _, ok := tmpl["Transform"]; ok {
			t.Errorf("%s: the template needs a transform", c)
		}
	}
	for typ := range allowed {
		if typ != "AWS::Logs::LogGroup" && !seen[typ] {
			t.Errorf("no combination uses %s", typ)
		}
	}
}
