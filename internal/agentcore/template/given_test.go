package template

import (
	"slices"
	"strings"
	"testing"
)

// Without settings (or with only an auth mode) the template is the
// one-click template of the guide's Method 1: complete, valid against the
// specification, every parameter declared with an empty or default value,
// and the Rules refusing those empty values at stack creation until the
// console fills them in.
func TestTemplateWithoutSettings(t *testing.T) {
	spec := loadSpec(t)
	for _, mode := range append([]string{""}, AuthModes...) {
		t.Run("auth-mode="+mode, func(t *testing.T) {
			in := Inputs{AuthMode: mode}
			tmpl, _ := parsed(t, in)
			for _, e := range checkTemplate(spec, tmpl, nil) {
				t.Error(e)
			}
			want := comboInputs(combo{CreateNew, AuthZscaler, NetworkPublic, GatewayNone})
			var names []string
			for name := range StackParameters(want) {
				names = append(names, name)
			}
			declared := asMap(tmpl["Parameters"])
			for _, name := range names {
				if _, ok := declared[name]; !ok {
					t.Errorf("parameter %s is missing", name)
				}
			}
			for _, name := range []string{pImageURI, pVanityDomain, pCustomerID, pExistingSecret, pClientID, pClientSecret} {
				if def := asMap(declared[name])["Default"]; def != "" {
					t.Errorf("parameter %s defaults to %q, want empty", name, def)
				}
			}
			defaults := map[string]string{}
			for name, p := range declared {
				defaults[name], _ = asMap(p)["Default"].(string)
			}
			failed := failedRules(t, tmpl, defaults)
			for _, rule := range []string{"ImageUriNeeded", "CreateNewNeedsCredentials"} {
				if !slices.Contains(failed, rule) {
					t.Errorf("with the empty defaults the Rules let %s through (failed: %v)", rule, failed)
				}
			}
			// Filled in as a user would in the console: the stack is accepted.
			for _, c := range allCombos() {
				if !c.consistent() || c.gw != GatewayNone || (mode != "" && c.auth != mode) {
					continue
				}
				params := StackParameters(comboInputs(c))
				if failed := failedRules(t, tmpl, params); len(failed) > 0 {
					t.Errorf("filled in for %s, the Rules reject: %v", c, failed)
				}
				for _, e := range checkTemplate(spec, tmpl, conditionValues(t, tmpl, params)) {
					t.Errorf("filled in for %s: %s", c, e)
				}
			}
		})
	}
}

// The settings given become defaults and are checked; the plan, whose
// commands run as printed, needs every value.
func TestTemplateChecksTheSettingsGiven(t *testing.T) {
	tmpl, _ := parsed(t, Inputs{ImageURI: testImage, VanityDomain: "acme", AuthMode: AuthAPIKey})
	params := asMap(tmpl["Parameters"])
	for name, want := range map[string]string{pImageURI: testImage, pVanityDomain: "acme", pAuthMode: AuthAPIKey} {
		if got := asMap(params[name])["Default"]; got != want {
			t.Errorf("%s defaults to %v, want %s", name, got, want)
		}
	}
	for _, tc := range []struct {
		in   Inputs
		want string
	}{
		{Inputs{ImageURI: "zscaler/zscaler-mcp-server:latest"}, "ECRImageUri (ZSCALER_MCP_IMAGE_URI): \"zscaler/zscaler-mcp-server:latest\" does not match"},
		{Inputs{RuntimeName: "zscaler-mcp"}, "zscaler_mcp or zscalermcp"},
		{Inputs{AuthMode: "bogus"}, `McpAuthMode (ZSCALER_MCP_AUTH_MODE): "bogus" is not one of`},
		{Inputs{VanityDomain: "acme corp"}, "ZscalerVanityDomain (ZSCALER_VANITY_DOMAIN)"},
		// Given together, these cannot be fixed by anything left empty.
		{Inputs{CredentialSource: UseExisting, ExistingSecretName: "zscaler/mcp/credentials", CreateKMSKey: true}, "CredentialSource UseExisting reads every credential"},
		{Inputs{CredentialSource: CreateNew, ExistingSecretName: "zscaler/mcp/credentials"}, "CredentialSource CreateNew creates its own secret"},
		{Inputs{NetworkMode: NetworkPublic, Subnets: []string{"subnet-0a1b"}}, "NetworkMode PUBLIC does not use"},
		{Inputs{AuthMode: AuthNone, APIKey: testAPIKey}, "McpApiKey (ZSCALER_MCP_AUTH_API_KEY) is used in McpAuthMode api-key only"},
		{Inputs{ImageURI: testImage, Region: "eu-west-1"}, "the image is in ECR in us-east-1 but the runtime is deployed in eu-west-1"},
	} {
		_, err := Render(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Render(%+v) = %v\nwant %q", tc.in, err, tc.want)
		}
	}
	// The auth mode has a default (zscaler), so it is not left open: an api
	// key given with it is a conflict.
	if _, err := Render(Inputs{APIKey: testAPIKey}); err == nil {
		t.Error("an api key with the default auth mode (zscaler) was accepted")
	}
	_, err := PlanAWSCLI(Inputs{AuthMode: AuthJWT})
	for _, want := range []string{"ECRImageUri (ZSCALER_MCP_IMAGE_URI) is needed", "CredentialSource CreateNew needs", "McpAuthMode jwt needs"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("PlanAWSCLI without settings: %v\nwant %q", err, want)
		}
	}
}
