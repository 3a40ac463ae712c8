package template

import (
	"strings"
	"testing"
)

// CatalogueTarget is the number of tools the full catalogue will have
// (the reference server's 402).
const catalogueTarget = 402

// TestToolSchemaAtFullSize measures what the inline tool schema costs the
// template per tool, scales it to the full catalogue, and checks that with
// the schema in S3 the template no longer depends on the catalogue's size.
func TestToolSchemaAtFullSize(t *testing.T) {
	spec := loadSpec(t)
	in := outboundInputs(OutboundIAM, GatewayCreate, idpShapes[1])
	in.WriteEnabled, in.WriteTools = true, []string{"*"} // every tool of the catalogue
	n := len(in.Tools())
	inline, err := RenderJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := in.ToolSchema()
	if err != nil {
		t.Fatal(err)
	}
	s3In := in
	s3In.Gateway.ToolSchemaS3URI = "s3://zscaler-mcp-assets-123456789012/" + ToolSchemaKey(schema)
	withS3, err := RenderJSON(s3In)
	if err != nil {
		t.Fatal(err)
	}
	perTool := float64(len(inline)-len(withS3)) / float64(n)
	estimate := len(withS3) + int(perTool*catalogueTarget)
	t.Logf("%d tools: schema %d bytes (%.0f per tool); template %d bytes inline, %d with the schema in S3; at %d tools ≈ %d bytes inline (limits: %d TemplateBody, %d TemplateURL), schema ≈ %d bytes",
		n, len(schema), float64(len(schema))/float64(n), len(inline), len(withS3), catalogueTarget, estimate, TemplateBodyLimit, TemplateURLLimit, len(schema)*catalogueTarget/n)
	if perTool <= 0 {
		t.Fatalf("the inline schema costs %.0f bytes per tool", perTool)
	}
	if estimate <= TemplateBodyLimit {
		t.Errorf("at %d tools the inline template would be %d bytes: expected past the %d-byte inline limit", catalogueTarget, estimate, TemplateBodyLimit)
	}
	// With the schema in S3 the Gateway template is about the inline limit's
	// size whatever the catalogue: far from the TemplateURL limit.
	if len(withS3) > TemplateURLLimit/10 {
		t.Errorf("with the schema in S3 the template is %d bytes", len(withS3))
	}
	// With the schema in S3 the template's size does not grow with the catalogue.
	one := s3In
	one.WriteEnabled, one.WriteTools, one.DisabledServices = false, nil, []string{"zpa", "zdx", "zcc", "ztw", "zid", "zeasm", "zins", "zms", "zcell"}
	small, err := RenderJSON(one)
	if err != nil {
		t.Fatal(err)
	}
	if d := len(withS3) - len(small); d < -300 || d > 300 {
		t.Errorf("with the schema in S3 the template still grows with the tools: %d bytes for %d tools, %d for %d", len(withS3), n, len(small), len(one.Tools()))
	}

	tmpl, body := parsed(t, s3In)
	if strings.Contains(string(body), "inputSchema") {
		t.Error("the S3 template still carries the schema")
	}
	params := StackParameters(s3In)
	for _, e := range checkTemplate(spec, tmpl, nil) {
		t.Error(e)
	}
	for _, e := range checkTemplate(spec, tmpl, conditionValues(t, tmpl, params)) {
		t.Errorf("as deployed: %s", e)
	}
	mcp := asMap(asMap(asMap(asMap(resourceProps(t, tmpl, params, lidTarget)["TargetConfiguration"])["Mcp"])["McpServer"])["McpToolSchema"])
	s3 := asMap(mcp["S3"])
	if mcp["InlinePayload"] != nil || s3["Uri"] != s3In.Gateway.ToolSchemaS3URI || s3["BucketOwnerAccountId"] != "123456789012" {
		t.Errorf("McpToolSchema = %v", mcp)
	}
	meta := asMap(asMap(tmpl["Metadata"])["ZscalerMcp"])
	if loc := asMap(meta["GatewayToolSchema"])["Location"]; loc != s3In.Gateway.ToolSchemaS3URI {
		t.Errorf("metadata location %v", loc)
	}
	bad := s3In
	bad.Gateway.ToolSchemaS3URI = "https://bucket.s3.amazonaws.com/key"
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "is not s3://BUCKET/KEY") {
		t.Errorf("a non-s3 URI: %v", err)
	}
	if !strings.HasPrefix(ToolSchemaKey(schema), ToolSchemaKeyPrefix) || ToolSchemaKey(schema) == ToolSchemaKey(append(schema, ' ')) {
		t.Error("the key is not content-addressed")
	}
}

// TestGatewayTemplateFitsInlineWithSchemaInS3: with its tool schema in S3,
// a Gateway template of every outbound mode, gateway mode and IdP shape
// passes as a TemplateBody (aws cloudformation deploy without --s3-bucket)
// in YAML and in JSON; with long real-world values, in JSON (the form
// deploy sends; the template command says so when the YAML is over).
func TestGatewayTemplateFitsInlineWithSchemaInS3(t *testing.T) {
	check := func(name string, in Inputs, formats ...string) {
		t.Helper()
		schema, err := in.ToolSchema()
		if err != nil {
			t.Fatal(err)
		}
		in.Gateway.ToolSchemaS3URI = "s3://zscaler-mcp-assets-123456789012-us-east-1/" + ToolSchemaKey(schema)
		for _, format := range formats {
			render := Render
			if format == "json" {
				render = RenderJSON
			}
			body, err := render(in)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			t.Logf("%s as %s: %d bytes", name, format, len(body))
			if len(body) > TemplateBodyLimit {
				t.Errorf("%s as %s: %d bytes, over the %d-byte TemplateBody limit", name, format, len(body), TemplateBodyLimit)
			}
		}
	}
	for _, outbound := range OutboundAuths {
		for _, mode := range []string{GatewayCreate, GatewayAttach} {
			for _, idp := range idpShapes {
				check(outbound+"/"+mode+"/"+idp.name, outboundInputs(outbound, mode, idp), "yaml", "json")
			}
		}
	}
	tenant, client := "72f988bf-86f1-41af-91ab-2d7cd011db47", "0d3b5c7e-4f21-4a9b-8c6d-1e2f3a4b5c6d"
	long := Inputs{
		ImageURI: "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/platform/security/zscaler-mcp-server@sha256:" + strings.Repeat("ab", 32),
		Region:   "ap-southeast-2", Account: "123456789012",
		RuntimeName:      "zscaler_mcp_production_security_platform",
		Description:      "Zscaler MCP Server for the security platform team's audit agents (production tenant)",
		CredentialSource: UseExisting, ExistingSecretName: "platform/security/zscaler/oneapi/production-credentials",
		SecretKMSKeyARN: "arn:aws:kms:ap-southeast-2:123456789012:key/" + client,
		AuthMode:        AuthJWT,
		NetworkMode:     NetworkVPC,
		Subnets:         []string{"subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788", "subnet-0123456789abcdef0"},
		SecurityGroups:  []string{"sg-0123456789abcdef0", "sg-0fedcba9876543210"},
		WriteEnabled:    true, WriteTools: []string{"zia_create_*", "zia_update_*", "zpa_create_application_segment", "zpa_update_application_segment"},
		DisabledServices: []string{"zcell", "zms", "zins"},
		Gateway: Gateway{Mode: GatewayCreate, OutboundAuth: OutboundOAuth,
			Name: "zscaler-mcp-production-gateway", TargetName: "zscaler-mcp-production",
			DiscoveryURL:   "https://login.microsoftonline.com/" + tenant + "/v2.0/.well-known/openid-configuration",
			ClientIDs:      []string{client, "1e4c6d8f-5a32-4bac-9d7e-2f3a4b5c6d7e", "2f5d7e9a-6b43-4cbd-ae8f-3a4b5c6d7e8f"},
			Audiences:      []string{"api://" + client, "api://zscaler-mcp-production-gateway"},
			Scopes:         []string{"api://" + client + "/mcp.invoke"},
			ProviderARN:    "arn:aws:bedrock-agentcore:ap-southeast-2:123456789012:token-vault/default/oauth2credentialprovider/zscaler-mcp-production-runtime",
			ProviderScopes: []string{"api://" + client + "/.default"}},
		JWT: JWT{DiscoveryURL: "https://login.microsoftonline.com/" + tenant + "/v2.0/.well-known/openid-configuration",
			Audiences: []string{"api://" + client}},
	}
	if err := long.ValidateGiven(); err != nil {
		t.Fatalf("the long inputs are not valid: %v", err)
	}
	check("long values", long, "json")
}
