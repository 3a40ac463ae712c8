package runtime

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// fakeSTS speaks STS's awsQuery: Action=GetCallerIdentity, XML answers.
func fakeSTS(t *testing.T, ok bool) {
	t.Helper()
	fakeSTSAs(t, ok, "arn:aws:iam::123456789012:user/dev")
}

// fakeSTSAs is fakeSTS answering with the caller ARN arn.
func fakeSTSAs(t *testing.T, ok bool, arn string) {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml")
		if form.Get("Action") != "GetCallerIdentity" || !strings.Contains(r.Header.Get("Authorization"), "/sts/aws4_request") {
			w.WriteHeader(400)
			fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bad request</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
			return
		}
		if !ok {
			w.WriteHeader(403)
			fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
			return
		}
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDA1</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, arn)
	}))
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL_STS", ts.URL)
}

func find(t *testing.T, checks []Check, name string) Check {
	t.Helper()
	for _, c := range checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %q check in %+v", name, checks)
	return Check{}
}

func expect(t *testing.T, c Check, status string, contains ...string) {
	t.Helper()
	if c.Status != status {
		t.Errorf("%s: %s, want %s: %s (fix: %s)", c.Name, c.Status, status, c.Detail, c.Fix)
	}
	for _, s := range contains {
		if !strings.Contains(c.Detail+" "+c.Fix, s) {
			t.Errorf("%s lacks %q: %s (fix: %s)", c.Name, s, c.Detail, c.Fix)
		}
	}
}

func TestDoctorAWS(t *testing.T) {
	t.Run("pass", func(t *testing.T) {
		isolateAWS(t)
		fakeSTS(t, true)
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "none"}})
		expect(t, find(t, checks, "AWS region"), Pass, "us-east-1")
		expect(t, find(t, checks, "AWS identity"), Pass, "account 123456789012", "user/dev")
	})
	t.Run("bad credentials", func(t *testing.T) {
		isolateAWS(t)
		fakeSTS(t, false)
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "none"}})
		expect(t, find(t, checks, "AWS identity"), Fail, "InvalidClientTokenId", "AWS_ACCESS_KEY_ID")
		if !Failed(checks) {
			t.Error("Failed() is false")
		}
	})
	t.Run("no region", func(t *testing.T) {
		isolateAWS(t)
		fakeSTS(t, true)
		os.Unsetenv("AWS_REGION")
		os.Unsetenv("AWS_DEFAULT_REGION")
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "none"}})
		expect(t, find(t, checks, "AWS region"), Fail, "AWS_REGION")
	})
	t.Run("image in another region", func(t *testing.T) {
		isolateAWS(t)
		fakeSTS(t, true)
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "none", ImageURI: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/zscaler-mcp:1.0.0"}})
		expect(t, find(t, checks, "AWS region"), Fail, "eu-west-1", "image push --region us-east-1")
	})
}

func TestDoctorZscalerToken(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	tenant := sandboxTenant(t)
	creds := func(secret string) ZscalerSettings {
		return ZscalerSettings{ClientID: sandbox.ClientID, ClientSecret: secret, TokenURL: tenant.URL + "/oauth2/v1/token", BaseURL: tenant.URL}
	}
	checks := Doctor(ctxT(t), DoctorOptions{Zscaler: creds(sandbox.ClientSecret), Inputs: template.Inputs{AuthMode: "zscaler"}})
	expect(t, find(t, checks, "Zscaler credentials"), Pass, "token issued by "+tenant.URL)

	checks = Doctor(ctxT(t), DoctorOptions{Zscaler: creds("wrong"), Inputs: template.Inputs{AuthMode: "zscaler"}})
	expect(t, find(t, checks, "Zscaler credentials"), Fail, "ZSCALER_CLIENT_SECRET")
	if strings.Contains(find(t, checks, "Zscaler credentials").Detail, "wrong") {
		t.Error("the secret leaked into the report")
	}

	checks = Doctor(ctxT(t), DoctorOptions{Zscaler: ZscalerSettings{ClientID: "x"}, Inputs: template.Inputs{AuthMode: "zscaler"}})
	expect(t, find(t, checks, "Zscaler credentials"), Fail, "ZSCALER_CLIENT_SECRET", "ZSCALER_VANITY_DOMAIN")

	checks = Doctor(ctxT(t), DoctorOptions{Zscaler: ZscalerSettings{SecretName: "zscaler/mcp/credentials"}, Inputs: template.Inputs{AuthMode: "zscaler"}})
	expect(t, find(t, checks, "Zscaler credentials"), Warn, "zscaler/mcp/credentials")
}

func TestDoctorAllowlist(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	checks := Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "api-key"}})
	expect(t, find(t, checks, "header allowlist"), Pass, "X-Api-Key", "Mcp-Session-Id", "(5 of 20)")

	checks = Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "zscaler"}, ExtraHeaders: []string{"X-Amzn-Trace-Id"}})
	expect(t, find(t, checks, "header allowlist"), Fail, "reserved")

	checks = Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "api-key"}, ExtraHeaders: []string{"Authorization"}})
	expect(t, find(t, checks, "header allowlist"), Fail, "only with a JWT authorizer")

	checks = Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "basic"}})
	expect(t, find(t, checks, "header allowlist"), Fail, "not one of")
}

func TestDoctorJWT(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	var issuer string
	idp := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, issuer, issuer+"/jwks")
	}))
	defer idp.Close()
	issuer = idp.URL
	now := time.Now()
	inputs := template.Inputs{AuthMode: "jwt", JWT: template.JWT{
		DiscoveryURL: idp.URL + "/.well-known/openid-configuration",
		Audiences:    []string{"zscaler-mcp"}, ClientIDs: []string{"client-1"}, Scopes: []string{"mcp/invoke"},
	}}
	sign := func(edit func(jwt.MapClaims)) string {
		c := jwt.MapClaims{"iss": issuer, "aud": "zscaler-mcp", "client_id": "client-1", "scope": "openid mcp/invoke",
			"exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
		if edit != nil {
			edit(c)
		}
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	run := func(in template.Inputs, tok string) Check {
		return find(t, Doctor(ctxT(t), DoctorOptions{Inputs: in, JWT: tok, HTTPClient: idp.Client(), Now: func() time.Time { return now }}), "JWT authorizer")
	}
	expect(t, run(inputs, sign(nil)), Pass, "would accept")
	expect(t, run(inputs, "Bearer "+sign(nil)), Pass)

	cases := map[string]struct {
		edit func(jwt.MapClaims)
		want string
	}{
		"expired":        {func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Minute).Unix() }, "expired at"},
		"wrong issuer":   {func(c jwt.MapClaims) { c["iss"] = issuer + "/" }, "differ only by the trailing slash"},
		"wrong audience": {func(c jwt.MapClaims) { c["aud"] = "other" }, "not one of the allowed audiences"},
		"no audience":    {func(c jwt.MapClaims) { delete(c, "aud") }, "no aud claim"},
		"wrong client":   {func(c jwt.MapClaims) { c["client_id"] = "client-2" }, "not one of the allowed clients"},
		"client in azp":  {func(c jwt.MapClaims) { delete(c, "client_id"); c["azp"] = "client-1" }, "--jwt-client-claim azp"},
		"missing scope":  {func(c jwt.MapClaims) { c["scope"] = "openid" }, "none of the allowed scopes"},
		"no exp":         {func(c jwt.MapClaims) { delete(c, "exp") }, "no valid exp"},
		"not yet valid":  {func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Hour).Unix() }, "not valid before"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			expect(t, run(inputs, sign(tc.edit)), Fail, tc.want)
		})
	}
	t.Run("not a JWT", func(t *testing.T) { expect(t, run(inputs, "opaque-token"), Fail, "not a JWT") })
	t.Run("SigV4 runtime", func(t *testing.T) {
		expect(t, run(template.Inputs{AuthMode: "zscaler"}, sign(nil)), Fail, "Authorization method mismatch", "--auth-mode jwt")
	})
	t.Run("discovery names another issuer", func(t *testing.T) {
		in := inputs
		in.JWT.Issuer = "https://other.example.com"
		expect(t, run(in, sign(nil)), Fail, "discovery document names issuer")
	})
	t.Run("azp claim configured", func(t *testing.T) {
		in := inputs
		in.JWT.ClientClaim = "azp"
		expect(t, run(in, sign(func(c jwt.MapClaims) { delete(c, "client_id"); c["azp"] = "client-1" })), Pass)
	})
}

func TestPrintChecks(t *testing.T) {
	var b bytes.Buffer
	PrintChecks(&b, []Check{{Name: "a", Status: Pass, Detail: "ok"}, {Name: "b", Status: Fail, Detail: "bad", Fix: "do x"}})
	if !strings.Contains(b.String(), "PASS  a") || !strings.Contains(b.String(), "fix: do x") {
		t.Error(b.String())
	}
}

// doctor explains a sample token through the Gateway: its authorizer
// first, then what the runtime sees with each outbound auth.
func TestDoctorGatewayChain(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	var issuer string
	idp := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, issuer, issuer+"/jwks")
	}))
	defer idp.Close()
	issuer = idp.URL
	now := time.Now()
	sign := func(claims jwt.MapClaims) string {
		claims["iss"], claims["exp"] = issuer, now.Add(time.Hour).Unix()
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := template.Inputs{ExistingSecretName: "s", Gateway: template.Gateway{Mode: template.GatewayCreate,
		DiscoveryURL: idp.URL + "/.well-known/openid-configuration", ClientIDs: []string{"qs"}, ClientClaim: "azp", Audiences: []string{"urn:gw"}}}
	run := func(in template.Inputs, tok string) []Check {
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: in, JWT: tok, HTTPClient: idp.Client(), Now: func() time.Time { return now }})
		var out []Check
		for _, c := range checks {
			if strings.HasPrefix(c.Name, "Gateway authorizer") || strings.HasPrefix(c.Name, "Runtime behind the Gateway") {
				out = append(out, c)
			}
		}
		if len(out) != 2 {
			t.Fatalf("checks %+v", checks)
		}
		return out
	}
	good := sign(jwt.MapClaims{"aud": "urn:gw", "azp": "qs"})
	wrongClient := sign(jwt.MapClaims{"aud": "urn:gw", "azp": "other"})

	// iam (the default): the token stops at the Gateway; the runtime accepts SigV4.
	c := run(base, good)
	expect(t, c[0], Pass, "would accept")
	expect(t, c[1], Pass, "SigV4", "stops at the Gateway")
	if !strings.Contains(c[1].Name, "iam") {
		t.Errorf("runtime check %q", c[1].Name)
	}
	c = run(base, wrongClient)
	expect(t, c[0], Fail, `claim azp is "other"`, "403")
	in := base
	in.Gateway.OutboundAuth, in.AuthMode = template.OutboundIAM, template.AuthJWT
	expect(t, run(in, good)[1], Fail, "every call would be refused")
	// The guide's jwt-passthrough: AgentCore refuses it on this target.
	in = base
	in.Gateway.OutboundAuth = "jwt-passthrough"
	expect(t, run(in, good)[1], Fail, "does not accept JWT_PASSTHROUGH", "--gateway-outbound-auth iam")

	// oauth: the runtime sees the provider's token, not this one.
	in = base
	in.Gateway.ClientSecret = "s3cr3t-value"
	c = run(in, good)
	expect(t, c[1], Warn, "OAuth2 credential provider")
	for _, ch := range c {
		if strings.Contains(ch.Detail+ch.Fix, "s3cr3t-value") {
			t.Errorf("the client secret reached a check: %+v", ch)
		}
	}
}

// In attach mode doctor reads the existing Gateway's authorizer through the
// AgentCore control API and checks the token against its rules.
func TestDoctorReadsTheAttachedGateway(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	var issuer string
	idp := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, issuer, issuer+"/jwks")
	}))
	defer idp.Close()
	issuer = idp.URL
	claim := func(name, op, value string) string {
		return fmt.Sprintf(`{"inboundTokenClaimName":%q,"inboundTokenClaimValueType":"STRING","authorizingClaimMatchValue":{"claimMatchOperator":%q,"claimMatchValue":{"matchValueString":%q}}}`, name, op, value)
	}
	gateways := map[string]string{
		"gw-claims": `{"gatewayId":"gw-claims","name":"existing","status":"READY","authorizerType":"CUSTOM_JWT","authorizerConfiguration":{"customJWTAuthorizer":{` +
			`"discoveryUrl":"` + idp.URL + `/.well-known/openid-configuration","allowedAudience":["urn:theirs"],"customClaims":[` + claim("azp", "EQUALS", "their-app") + `]}}}`,
		"gw-contains": `{"gatewayId":"gw-contains","name":"existing","status":"READY","authorizerType":"CUSTOM_JWT","authorizerConfiguration":{"customJWTAuthorizer":{` +
			`"discoveryUrl":"` + idp.URL + `/.well-known/openid-configuration","customClaims":[` + claim("groups", "CONTAINS", "admins") + `]}}}`,
		"gw-iam": `{"gatewayId":"gw-iam","name":"existing","status":"READY","authorizerType":"AWS_IAM"}`,
	}
	var asked []string
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.Trim(strings.TrimPrefix(r.URL.Path, "/gateways/"), "/")
		asked = append(asked, r.Method+" "+r.URL.Path)
		body, ok := gateways[id]
		if r.Method != http.MethodGet || !ok || !strings.Contains(r.Header.Get("Authorization"), "/bedrock-agentcore/aws4_request") {
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			w.WriteHeader(404)
			fmt.Fprintf(w, `{"message":"Gateway %s not found"}`, id)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	defer control.Close()
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", control.URL)

	now := time.Now()
	sign := func(claims jwt.MapClaims) string {
		claims["iss"], claims["exp"] = issuer, now.Add(time.Hour).Unix()
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	run := func(id, token string) (existing, gateway Check) {
		in := template.Inputs{ExistingSecretName: "s", AuthMode: template.AuthZscaler, Gateway: template.Gateway{Mode: template.GatewayAttach,
			ExistingID: id, OutboundAuth: template.OutboundIAM, ClientIDs: []string{"ours"}, Audiences: []string{"urn:ours"}}}
		for _, c := range Doctor(ctxT(t), DoctorOptions{Inputs: in, JWT: token, HTTPClient: idp.Client(), Now: func() time.Time { return now }}) {
			switch {
			case strings.HasPrefix(c.Name, "Existing Gateway"):
				existing = c
			case strings.HasPrefix(c.Name, "Gateway authorizer"):
				gateway = c
			}
		}
		return existing, gateway
	}

	// Their rules, not this deployment's settings, decide.
	theirs := sign(jwt.MapClaims{"aud": "urn:theirs", "azp": "their-app"})
	ours := sign(jwt.MapClaims{"aud": "urn:ours", "azp": "ours"})
	e, g := run("gw-claims", theirs)
	expect(t, e, Pass, "CUSTOM_JWT", "READY")
	expect(t, g, Pass, "would accept")
	if !strings.Contains(g.Name, "gw-claims") {
		t.Errorf("check name %q", g.Name)
	}
	_, g = run("gw-claims", ours)
	expect(t, g, Fail, `claim azp is "ours"`, "urn:theirs", "403")

	// A rule the check cannot evaluate is named, not passed over in silence.
	e, _ = run("gw-contains", sign(jwt.MapClaims{"groups": []string{"admins"}}))
	expect(t, e, Warn, "groups CONTAINS")

	// An IAM Gateway checks no bearer token.
	e, _ = run("gw-iam", theirs)
	expect(t, e, Warn, "AWS_IAM")

	// A Gateway that is not there: the read fails with a fix, and the authorizer check says it is unknown.
	e, g = run("gw-missing", theirs)
	expect(t, e, Fail, "GetGateway failed", "not found")
	expect(t, g, Warn, "could not be read")
	if len(asked) != 5 || asked[0] != "GET /gateways/gw-claims/" {
		t.Errorf("control plane requests %v", asked)
	}
}

// With CreateNew the secret holds the customer ids given now: doctor warns
// when an exposed service needs one that is missing, and names the fix.
func TestDoctorCustomerIDs(t *testing.T) {
	isolateAWS(t)
	fakeSTS(t, true)
	base := template.Inputs{AuthMode: "zscaler", CredentialSource: template.CreateNew}
	checks := Doctor(ctxT(t), DoctorOptions{Inputs: base})
	expect(t, find(t, checks, "customer ids"), Warn, "ZSCALER_CUSTOMER_ID", "ZCELL_CUSTOMER_ID", "ZSCALER_MCP_DISABLED_SERVICES=zpa,zms,zcell")

	withZPA := base
	withZPA.CustomerID = "216196257331281920"
	checks = Doctor(ctxT(t), DoctorOptions{Inputs: withZPA})
	c := find(t, checks, "customer ids")
	expect(t, c, Warn, "ZCELL_CUSTOMER_ID", "ZSCALER_MCP_DISABLED_SERVICES=zcell")
	if strings.Contains(c.Detail, "ZSCALER_CUSTOMER_ID") {
		t.Errorf("the ZPA id is set, yet: %s", c.Detail)
	}

	noZCell := withZPA
	noZCell.DisabledServices = []string{"zcell"}
	expect(t, find(t, Doctor(ctxT(t), DoctorOptions{Inputs: noZCell}), "customer ids"), Pass, "has it")

	both := withZPA
	both.ZCellCustomerID = "zc-7788"
	expect(t, find(t, Doctor(ctxT(t), DoctorOptions{Inputs: both}), "customer ids"), Pass, "has it")

	// UseExisting: the ids are in the secret, which doctor does not read.
	existing := template.Inputs{AuthMode: "zscaler", CredentialSource: template.UseExisting, ExistingSecretName: "zscaler/mcp/credentials"}
	for _, c := range Doctor(ctxT(t), DoctorOptions{Inputs: existing}) {
		if c.Name == "customer ids" {
			t.Errorf("UseExisting: %+v", c)
		}
	}
}
