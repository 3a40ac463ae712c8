package template

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
)

// golden compares got with testdata/<name>; UPDATE_GOLDEN=true rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("UPDATE_GOLDEN") == "true" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=true to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the output at line %d:\n got: %.200s\nwant: %.200s\n(UPDATE_GOLDEN=true rewrites the file)", path, i+1, g, w)
			}
		}
	}
}

// planCases are the goldens of `plan --format aws-cli`.
var planCases = []struct {
	file string
	in   func() Inputs
}{
	{"plan-createnew-zscaler-public.golden", func() Inputs {
		in := comboInputs(combo{CreateNew, AuthZscaler, NetworkPublic, GatewayNone})
		in.WriteEnabled, in.WriteTools = true, []string{"zpa_create_*", "zia_update_*"}
		return in
	}},
	{"plan-createnew-apikey-kms-vpc.golden", func() Inputs {
		in := comboInputs(combo{CreateNew, AuthAPIKey, NetworkVPC, GatewayNone})
		in.CreateKMSKey, in.Account = true, "" // the script looks the account up
		return in
	}},
	{"plan-existing-jwt-cognito.golden", func() Inputs {
		return comboInputs(combo{UseExisting, AuthJWT, NetworkPublic, GatewayNone})
	}},
	{"plan-existing-jwt-gateway-create.golden", func() Inputs {
		in := comboInputs(combo{UseExisting, AuthJWT, NetworkPublic, GatewayCreate})
		in.Account = ""
		return in
	}},
	{"plan-createnew-jwt-gateway-attach.golden", func() Inputs {
		in := comboInputs(combo{CreateNew, AuthJWT, NetworkVPC, GatewayAttach})
		in.Gateway.ProviderARN, in.Gateway.ClientSecret = "arn:aws:bedrock-agentcore:us-east-1:123456789012:token-vault/default/oauth2credentialprovider/shared", ""
		return in
	}},
	{"plan-existing-zscaler-gateway-attach-iam.golden", func() Inputs {
		return outboundInputs(OutboundIAM, GatewayAttach, idpShapes[0])
	}},
	{"plan-existing-zscaler-gateway-create-iam.golden", func() Inputs {
		in := outboundInputs(OutboundIAM, GatewayCreate, idpShapes[0])
		// The read-only schema is small; the S3 steps are what is shown.
		in.Gateway.ToolSchemaS3URI = "s3://zscaler-mcp-assets-123456789012/zscaler-mcp/tool-schema/from-deploy.json"
		return in
	}},
}

func TestPlanAWSCLIGolden(t *testing.T) {
	for _, tc := range planCases {
		t.Run(tc.file, func(t *testing.T) {
			in := tc.in()
			plan, err := PlanAWSCLI(in)
			if err != nil {
				t.Fatal(err)
			}
			if s := containsAny(plan, testSecrets); s != "" {
				t.Errorf("the plan prints the secret value %s", s)
			}
			// The tool schema (the catalogue's, golden-tested on its own) is
			// left out, so that a new tool changes only the schema goldens.
			if in.Gateway.Enabled() && in.Gateway.ToolSchemaS3URI != "" {
				// In S3: the script writes the schema exactly (its sha256 is
				// checked) and copies it to the URI; the target names the URI.
				schema, err := in.ToolSchema()
				if err != nil {
					t.Fatal(err)
				}
				text := strings.TrimSuffix(string(schema), "\n")
				sum := strings.TrimSuffix(strings.TrimPrefix(ToolSchemaKey(schema), ToolSchemaKeyPrefix), ".json")
				if strings.Count(plan, text) != 1 || strings.Count(plan, sum) != 1 || !strings.Contains(plan, `"uri": "`+in.Gateway.ToolSchemaS3URI+`"`) {
					t.Fatalf("the plan does not write the schema once, check its sha256 and point the target at %s", in.Gateway.ToolSchemaS3URI)
				}
				plan = strings.Replace(strings.Replace(plan, text, "<the output of export-tool-schema>", 1), sum, "<its sha256>", 1)
			} else if in.Gateway.Enabled() {
				schema, err := in.compactToolSchema()
				if err != nil {
					t.Fatal(err)
				}
				quoted, _ := marshalJSON(schema)
				if n := strings.Count(plan, string(quoted)); n != 1 {
					t.Fatalf("the plan holds the tool schema %d times, want once", n)
				}
				plan = strings.Replace(plan, string(quoted), `"<the compact output of export-tool-schema>"`, 1)
			}
			golden(t, tc.file, []byte(plan))
		})
	}
}

// The plan is a bash script bash can parse.
func TestPlanAWSCLIIsBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, tc := range planCases {
		plan, err := PlanAWSCLI(tc.in())
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(plan)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: bash -n: %v\n%s", tc.file, err, out)
		}
	}
}

// The plan's documents are the template's resources: the same header
// allowlist and environment, in the API's shape.
func TestPlanMatchesTemplate(t *testing.T) {
	for _, mode := range AuthModes {
		in := comboInputs(combo{CreateNew, mode, NetworkVPC, GatewayNone})
		plan, err := PlanAWSCLI(in)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, _ := parsed(t, in)
		rt := resourceProps(t, tmpl, StackParameters(in), lidRuntime)
		headers, _ := json.Marshal(map[string]any{"requestHeaderAllowlist": asMap(rt["RequestHeaderConfiguration"])["RequestHeaderAllowlist"]})
		if !strings.Contains(plan, "--request-header-configuration '"+string(headers)+"'") {
			t.Errorf("%s: the plan's allowlist is not the template's %s", mode, headers)
		}
		if strings.Contains(plan, "--authorizer-configuration") != (mode == AuthJWT) {
			t.Errorf("%s: authorizer in the plan: %v", mode, !(mode == AuthJWT))
		}
		for k, v := range asMap(rt["EnvironmentVariables"]) {
			if !strings.Contains(plan, `"`+k+`": "`+v.(string)+`"`) {
				t.Errorf("%s: the plan's environment lacks %s=%v", mode, k, v)
			}
		}
	}
}

func TestExportToolSchemaGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		in   Inputs
	}{
		{"tool-schema-read-only.golden", Inputs{}},
		{"tool-schema-zpa-create.golden", Inputs{WriteEnabled: true, WriteTools: []string{"zpa_create_*"}, DisabledServices: []string{"zdx"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			schema, err := tc.in.ToolSchema()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, schema)
		})
	}
}

// The schema is what the server's tools/list returns with the same policy.
func TestToolSchemaIsToolsList(t *testing.T) {
	for _, in := range []Inputs{{}, {WriteEnabled: true, WriteTools: []string{"*"}}} {
		schema, err := in.ToolSchema()
		if err != nil {
			t.Fatal(err)
		}
		var exported []map[string]any
		if err := json.Unmarshal(schema, &exported); err != nil {
			t.Fatal(err)
		}
		srv := mcpserver.New(mcpserver.Options{Version: "v-test", Tools: in.Tools()})
		st, ct := mcp.NewInMemoryTransports()
		ctx := context.Background()
		if _, err := srv.Connect(ctx, st); err != nil {
			t.Fatal(err)
		}
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]any{}
		for tool, err := range cs.Tools(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(tool)
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			listed[tool.Name] = m
		}
		_ = cs.Close()
		if len(listed) != len(exported) || len(exported) == 0 {
			t.Fatalf("tools/list has %d tools, the schema %d", len(listed), len(exported))
		}
		for _, e := range exported {
			name, _ := e["name"].(string)
			if !jsonEqual(listed[name], e) {
				b, _ := json.Marshal(listed[name])
				c, _ := json.Marshal(e)
				t.Errorf("%s:\n tools/list %s\n schema     %s", name, b, c)
			}
		}
		writes := 0
		for _, tool := range in.Tools() {
			if tool.Action.IsWrite() {
				writes++
			}
		}
		if (writes > 0) != in.WriteEnabled {
			t.Errorf("write tools in the schema: %d with WriteEnabled=%v", writes, in.WriteEnabled)
		}
	}
	if _, err := (Inputs{DisabledTools: []string{"*"}}).ToolSchema(); err == nil {
		t.Error("an empty schema was exported")
	}
}
