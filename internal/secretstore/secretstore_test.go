package secretstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

const seedName = "zscaler/mcp/credentials"

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The deployment guide's "Verify Secrets Manager Integration" step: the grep
// output must be exactly the expected log entries it shows.
func TestLoadSeedLogLinesAndGreps(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "us-east-1", mustJSON(t, map[string]string{
		"ZSCALER_CLIENT_ID":     "cid-Q7xv19Lm",
		"ZSCALER_CLIENT_SECRET": "csec-Zt4Wq8Np2Rr",
	}))
	log, lines := newSeedLog()

	got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := map[string]string{"ZSCALER_CLIENT_ID": "cid-Q7xv19Lm", "ZSCALER_CLIENT_SECRET": "csec-Zt4Wq8Np2Rr"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("values = %v, want %v", got, want)
	}

	seedExpected := []string{
		"INFO:zscaler_mcp.config:Attempting to fetch secret: zscaler/mcp/credentials from region: us-east-1",
		"INFO:zscaler_mcp.config:Successfully retrieved and parsed secret from Secrets Manager",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_ID",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_SECRET",
		"INFO:zscaler_mcp.config:Zscaler credentials injected into environment variables",
	}
	all := lines()
	if !slices.Equal(all, seedExpected) {
		t.Fatalf("log =\n%s\nwant\n%s", strings.Join(all, "\n"), strings.Join(seedExpected, "\n"))
	}
	// aws logs tail ... | grep -E "(config|secret|Secret)"
	if g := grepE(all, `(config|secret|Secret)`); !slices.Equal(g, seedExpected) {
		t.Errorf(`grep -E "(config|secret|Secret)" =\n%s`, strings.Join(g, "\n"))
	}
	// aws logs tail ... | grep "Set environment variable"  ("all credential variables being set")
	if g := grepF(all, "Set environment variable"); !slices.Equal(g, seedExpected[2:4]) {
		t.Errorf(`grep "Set environment variable" =\n%s`, strings.Join(g, "\n"))
	}

	// The request went through the real client's wire format, signed with the
	// environment's credentials for the environment's region.
	calls := f.recorded()
	if len(calls) != 1 {
		t.Fatalf("calls = %+v", calls)
	}
	c := calls[0]
	if c.op != "GetSecretValue" || c.secretID != seedName || c.region != "us-east-1" || c.service != "secretsmanager" ||
		c.accessKey != testAccessKey || c.contentType != "application/x-amz-json-1.1" {
		t.Errorf("call = %+v", c)
	}
}

// A logger that carries the name as an attribute (slog's text format) is
// found by the same greps.
func TestSeedGrepsWithTextHandler(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"id-Hx81","ZSCALER_PRIVATE_KEY":"-----BEGIN PRIVATE KEY-----\nMIIpk9\n-----END PRIVATE KEY-----","ZSCALER_CLOUD":"beta"}`)
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})).With("logger", LoggerName)
	if _, err := Load(context.Background(), Options{SecretID: seedName, Logger: log}); err != nil {
		t.Fatal(err)
	}
	all := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(all) != 6 {
		t.Fatalf("log:\n%s", buf.String())
	}
	if g := grepE(all, `(config|secret|Secret)`); len(g) != len(all) {
		t.Errorf("grep -E found %d of %d lines:\n%s", len(g), len(all), buf.String())
	}
	set := grepF(all, "Set environment variable")
	if len(set) != 3 || !strings.Contains(set[0], "ZSCALER_CLIENT_ID") || !strings.Contains(set[1], "ZSCALER_PRIVATE_KEY") ||
		!strings.Contains(set[2], "ZSCALER_CLOUD") {
		t.Errorf("grep Set environment variable:\n%s", strings.Join(set, "\n"))
	}
	for _, v := range []string{"id-Hx81", "MIIpk9", "BEGIN PRIVATE", "beta"} {
		if strings.Contains(buf.String(), v) {
			t.Errorf("log contains value %q", v)
		}
	}
}

func TestLoadTypesOrderAndUnknownKeys(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	// Keys deliberately out of order; the Set lines must follow Keys.
	f.put(seedName, "us-east-1", `{
		"ZSCALER_MCP_WRITE_TOOLS": "zpa_create_*,zia_update_*",
		"PATH": "/evil/bin-Vv93",
		"ZSCALER_CUSTOMER_ID": 216196257331281920,
		"ZSCALER_MCP_WRITE_ENABLED": true,
		"ZSCALER_MCP_AUTH_AUDIENCE": null,
		"ZSCALER_CLOUD": "",
		"ZSCALER_CLIENT_SECRET": "sec-Kq2m5Vn7",
		"ZSCALER_MCP_AUTH_ISSUER": false,
		"ZSCALER_VANITY_DOMAIN": 1.5e3,
		"ZSCALER_MCP_AUTH_JWKS_URI": 0.25,
		"other_setting": {"nested": "nst-Pq71"},
		"ZSCALER_CLIENT_ID": "cid-Lm34"
	}`)
	log, lines := newSeedLog()
	got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ZSCALER_CLIENT_ID":         "cid-Lm34",
		"ZSCALER_CLIENT_SECRET":     "sec-Kq2m5Vn7",
		"ZSCALER_VANITY_DOMAIN":     "1500",
		"ZSCALER_CUSTOMER_ID":       "216196257331281920", // exact: beyond float64 precision
		"ZSCALER_CLOUD":             "",
		"ZSCALER_MCP_AUTH_JWKS_URI": "0.25",
		"ZSCALER_MCP_AUTH_ISSUER":   "false",
		"ZSCALER_MCP_WRITE_ENABLED": "true",
		"ZSCALER_MCP_WRITE_TOOLS":   "zpa_create_*,zia_update_*",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("values =\n%v\nwant\n%v", got, want)
	}
	if _, ok := got["PATH"]; ok {
		t.Error("unknown key PATH was returned")
	}
	wantLog := []string{
		"INFO:zscaler_mcp.config:Attempting to fetch secret: zscaler/mcp/credentials from region: us-east-1",
		"INFO:zscaler_mcp.config:Successfully retrieved and parsed secret from Secrets Manager",
		"WARN:zscaler_mcp.config:Ignoring 2 unrecognised key(s) in secret zscaler/mcp/credentials: PATH, other_setting. Only these are used: " + strings.Join(Keys, ", "),
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_ID",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_SECRET",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_VANITY_DOMAIN",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CUSTOMER_ID",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLOUD",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_MCP_AUTH_JWKS_URI",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_MCP_AUTH_ISSUER",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_MCP_WRITE_ENABLED",
		"INFO:zscaler_mcp.config:Set environment variable: ZSCALER_MCP_WRITE_TOOLS",
		"INFO:zscaler_mcp.config:Zscaler credentials injected into environment variables",
	}
	if all := lines(); !slices.Equal(all, wantLog) {
		t.Fatalf("log =\n%s\nwant\n%s", strings.Join(all, "\n"), strings.Join(wantLog, "\n"))
	}
	for _, v := range []string{"/evil/bin-Vv93", "nst-Pq71", "sec-Kq2m5Vn7", "cid-Lm34", "216196257331281920", "zpa_create_"} {
		if strings.Contains(strings.Join(lines(), "\n"), v) {
			t.Errorf("log contains value %q", v)
		}
	}
}

func TestDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"42":                   "42",
		"-7":                   "-7",
		"216196257331281920":   "216196257331281920",
		"0.25":                 "0.25",
		"1e3":                  "1000",
		"1E+3":                 "1000",
		"1.5e3":                "1500",
		"2.5E-1":               "0.25",
		"1.50e1":               "15",
		"-3.125e2":             "-312.5",
		"12345678901234567e10": "123456789012345670000000000",
	} {
		if got := decimal(json.Number(in)); got != want {
			t.Errorf("decimal(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestPrivateKeyInsteadOfClientSecret(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"c1","ZSCALER_PRIVATE_KEY":"pk"}`)
	got, err := Load(context.Background(), Options{SecretID: seedName})
	if err != nil {
		t.Fatal(err)
	}
	if got["ZSCALER_PRIVATE_KEY"] != "pk" || got["ZSCALER_CLIENT_ID"] != "c1" || len(got) != 2 {
		t.Fatalf("values = %v", got)
	}
}

func TestSecretKeys(t *testing.T) {
	for k := range SecretKeys {
		if !slices.Contains(Keys, k) {
			t.Errorf("SecretKeys has %s, which is not in Keys", k)
		}
	}
	for _, k := range []string{"ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY", "ZSCALER_MCP_AUTH_API_KEY", "ZSCALER_MCP_CONFIRMATION_KEYS"} {
		if !SecretKeys[k] {
			t.Errorf("%s is not a secret key", k)
		}
	}
	for _, k := range []string{"ZSCALER_CLIENT_ID", "ZSCALER_CLOUD", "ZSCALER_MCP_WRITE_TOOLS", "ZSCALER_VANITY_DOMAIN"} {
		if SecretKeys[k] {
			t.Errorf("%s should not be masked", k)
		}
	}
	if len(Keys) != 14 || !slices.Contains(Keys, "ZCELL_CUSTOMER_ID") {
		t.Errorf("len(Keys) = %d", len(Keys))
	}
}

func TestNotConfigured(t *testing.T) {
	if got := NotConfiguredMessage(); got != "ZSCALER_SECRET_NAME not set - using credentials from environment variables directly" {
		t.Errorf("NotConfiguredMessage() = %q", got)
	}
	// The guide's check: grep "ZSCALER_SECRET_NAME" finds the line.
	if g := grepF([]string{"INFO:" + LoggerName + ":" + NotConfiguredMessage()}, "ZSCALER_SECRET_NAME"); len(g) != 1 {
		t.Error("grep ZSCALER_SECRET_NAME does not find the not-configured line")
	}
	_, err := Load(context.Background(), Options{SecretID: "  \t"})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNotConfigured {
		t.Fatalf("err = %v", err)
	}
}

type failCase struct {
	name    string
	setup   func(f *fakeSM)
	kind    Kind
	want    []string // substrings of the message
	notWant []string // substrings that must not appear (values, unrelated hints)
	parsed  bool     // "Successfully retrieved and parsed" is logged before the failure
}

func TestLoadFailures(t *testing.T) {
	const region = "us-east-1"
	putJSON := func(s string) func(*fakeSM) {
		return func(f *fakeSM) { f.put(seedName, region, s) }
	}
	failGet := func(status int, typ, msg string) func(*fakeSM) {
		return func(f *fakeSM) {
			f.put(seedName, region, `{"ZSCALER_CLIENT_ID":"x","ZSCALER_CLIENT_SECRET":"y"}`)
			f.fail("GetSecretValue", fakeErr{status, typ, msg})
		}
	}
	cases := []failCase{
		{name: "not found", setup: func(f *fakeSM) { f.put("some/other/secret", region, `{}`) }, kind: KindNotFound,
			want: []string{"Failed to retrieve secret zscaler/mcp/credentials from region us-east-1", "Secret not found",
				"ResourceNotFoundException", "ZSCALER_SECRET_NAME", "AWS_REGION"}},
		{name: "access denied", kind: KindAccessDenied,
			setup:   failGet(400, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/zmcp-role/sess is not authorized to perform: secretsmanager:GetSecretValue on resource: zscaler/mcp/credentials because no identity-based policy allows the secretsmanager:GetSecretValue action"),
			want:    []string{"Failed to retrieve secret", "AccessDenied", "zmcp-role", "Fix: grant secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:<account-id>:secret:zscaler/mcp/credentials-*"},
			notWant: []string{"kms:Decrypt"}},
		{name: "access denied to the KMS key", kind: KindDecryption,
			setup:   failGet(400, "AccessDeniedException", "Access to KMS is not allowed"),
			want:    []string{"AccessDenied", "KMS", "Fix: grant kms:Decrypt"},
			notWant: []string{"secretsmanager:GetSecretValue on"}},
		{name: "kms decryption failure", kind: KindDecryption,
			setup: failGet(400, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key."),
			want:  []string{"DecryptionFailure", "could not decrypt", "Fix: grant kms:Decrypt on the secret's KMS key"}},
		{name: "marked for deletion", kind: KindInvalidState,
			setup: failGet(400, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion."),
			want:  []string{"cannot be read in its current state", "marked for deletion", "restore-secret --secret-id zscaler/mcp/credentials"}},
		{name: "invalid parameter", kind: KindInvalidParameter,
			setup: failGet(400, "InvalidParameterException", "Invalid name. Must be a valid name containing alphanumeric characters."),
			want:  []string{"InvalidParameterException", "valid secret name or full secret ARN"}},
		{name: "credentials rejected", kind: KindCredentials,
			setup: failGet(400, "UnrecognizedClientException", "The security token included in the request is invalid."),
			want:  []string{"UnrecognizedClientException", "credentials", "AWS_ACCESS_KEY_ID"}},
		{name: "other api error", kind: KindOther,
			setup: failGet(400, "ThrottlingException", "Rate exceeded"),
			want:  []string{"ThrottlingException: Rate exceeded", "Fix:"}},
		{name: "binary", kind: KindBinary,
			setup: func(f *fakeSM) { f.putBinary(seedName, region, []byte("bin-Xy83Secret")) },
			want:  []string{"binary data (SecretBinary)", "--secret-string"}, notWant: []string{"bin-Xy83Secret", "Ymlu"}},
		{name: "not JSON", kind: KindNotJSON, setup: putJSON("ZSCALER_CLIENT_SECRET=plain-Wq71"),
			want: []string{"is not valid JSON (syntax error at byte 1)", "Fix: store the settings as one JSON object"}, notWant: []string{"plain-Wq71", "'Z'", "invalid character"}},
		{name: "empty string", kind: KindNotJSON, setup: putJSON(""), want: []string{"not valid JSON", "empty"}},
		{name: "truncated JSON", kind: KindNotJSON, setup: putJSON(`{"ZSCALER_CLIENT_ID":"trunc-Ab12`),
			want: []string{"not valid JSON", "unexpected end of input"}, notWant: []string{"trunc-Ab12"}},
		{name: "trailing data", kind: KindNotJSON, setup: putJSON(`{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"} tail-Zz91`),
			want: []string{"not valid JSON", "after the JSON value"}, notWant: []string{"tail-Zz91"}},
		{name: "JSON array", kind: KindNotObject, setup: putJSON(`["arr-Mn45"]`),
			want: []string{"is a JSON array, not an object"}, notWant: []string{"arr-Mn45"}},
		{name: "JSON string", kind: KindNotObject, setup: putJSON(`"str-Gh56"`),
			want: []string{"is a JSON string, not an object"}, notWant: []string{"str-Gh56"}},
		{name: "JSON number", kind: KindNotObject, setup: putJSON(`4242`), want: []string{"is a JSON number, not an object"}},
		{name: "JSON null", kind: KindNotObject, setup: putJSON(`null`), want: []string{"is a JSON null, not an object"}},
		{name: "array value", kind: KindBadValue, setup: putJSON(`{"ZSCALER_CLIENT_ID":["av-Rt67"],"ZSCALER_CLIENT_SECRET":"s"}`),
			want: []string{"ZSCALER_CLIENT_ID is a JSON array; expected a string, number or boolean"}, notWant: []string{"av-Rt67"}},
		{name: "missing client id", kind: KindMissingKey, parsed: true,
			setup:   putJSON(`{"ZSCALER_CLIENT_SECRET":"ms-Yu78","ZSCALER_VANITY_DOMAIN":"acme"}`),
			want:    []string{"is missing ZSCALER_CLIENT_ID", "Fix: add ZSCALER_CLIENT_ID to the secret"},
			notWant: []string{"ms-Yu78", "acme", "ZSCALER_CLIENT_SECRET (or"}},
		{name: "empty client id", kind: KindMissingKey, parsed: true,
			setup: putJSON(`{"ZSCALER_CLIENT_ID":" ","ZSCALER_CLIENT_SECRET":"ms-Yu78"}`),
			want:  []string{"is missing ZSCALER_CLIENT_ID"}, notWant: []string{"ms-Yu78"}},
		{name: "missing client secret and private key", kind: KindMissingKey, parsed: true,
			setup:   putJSON(`{"ZSCALER_CLIENT_ID":"mc-Io89","ZSCALER_CLOUD":null}`),
			want:    []string{"is missing ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY)"},
			notWant: []string{"mc-Io89", "missing ZSCALER_CLIENT_ID"}},
		{name: "missing both", kind: KindMissingKey, parsed: true, setup: putJSON(`{}`),
			want: []string{"is missing ZSCALER_CLIENT_ID and ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY)"}},
		{name: "wrongly cased key", kind: KindMissingKey, parsed: true,
			setup: putJSON(`{"zscaler_client_id":"lc-Op90","ZSCALER_CLIENT_SECRET":"s-Qw12"}`),
			want:  []string{"is missing ZSCALER_CLIENT_ID", "rename zscaler_client_id → ZSCALER_CLIENT_ID"}, notWant: []string{"lc-Op90", "s-Qw12"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSM(t)
			awsEnv(t, f.srv.URL, region)
			t.Setenv("AWS_MAX_ATTEMPTS", "1")
			tc.setup(f)
			log, lines := newSeedLog()
			got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
			checkFailure(t, tc, got, err, lines())
		})
	}
}

func checkFailure(t *testing.T, tc failCase, got map[string]string, err error, logLines []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Load succeeded: %v", got)
	}
	if got != nil {
		t.Errorf("values returned with an error: %v", got)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err is %T, not *Error: %v", err, err)
	}
	if e.Kind != tc.kind {
		t.Errorf("kind = %s, want %s (%v)", e.Kind, tc.kind, err)
	}
	msg := err.Error()
	if e.Cause == "" || e.Fix == "" || !strings.Contains(msg, e.Cause) || !strings.Contains(msg, "Fix: "+e.Fix) {
		t.Errorf("message %q does not name cause and fix", msg)
	}
	for _, w := range tc.want {
		if !strings.Contains(msg, w) {
			t.Errorf("message lacks %q:\n%s", w, msg)
		}
	}
	all := strings.Join(logLines, "\n")
	for _, w := range tc.notWant {
		if strings.Contains(msg, w) {
			t.Errorf("message contains %q:\n%s", w, msg)
		}
		if strings.Contains(all, w) {
			t.Errorf("log contains %q:\n%s", w, all)
		}
	}
	// The failure is in the log, where the guide's grep finds it.
	if errs := grepF(logLines, "ERROR:"+LoggerName+":"+msg); len(errs) != 1 {
		t.Errorf("failure not logged once at ERROR:\n%s", all)
	}
	if g := grepE(logLines, `(config|secret|Secret)`); len(g) != len(logLines) {
		t.Errorf("grep -E misses lines:\n%s", all)
	}
	if len(grepF(logLines, "Set environment variable")) != 0 || len(grepF(logLines, "injected")) != 0 {
		t.Errorf("a failed load claims to have set variables:\n%s", all)
	}
	if p := len(grepF(logLines, "Successfully retrieved and parsed")) == 1; p != tc.parsed {
		t.Errorf("parsed line present = %v, want %v:\n%s", p, tc.parsed, all)
	}
}

func TestNetworkUnreachable(t *testing.T) {
	// A port on 127.0.0.1 with nothing listening: connection refused, as
	// from a VPC subnet without a route to the endpoint.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	awsEnv(t, "http://"+addr, "us-east-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	log, lines := newSeedLog()
	got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
	checkFailure(t, failCase{kind: KindNetwork, want: []string{
		"Failed to retrieve secret zscaler/mcp/credentials from region us-east-1",
		"could not reach the Secrets Manager endpoint", "connection refused",
		"VPC endpoint com.amazonaws.us-east-1.secretsmanager", "NAT gateway", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
	}}, got, err, lines())
}

func TestNetworkTimeout(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "eu-central-1")
	f.hangRequests() // packets dropped: nothing ever answers
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	log, lines := newSeedLog()
	got, err := Load(ctx, Options{SecretID: seedName, Logger: log})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Load took %v", d)
	}
	checkFailure(t, failCase{kind: KindNetwork, want: []string{
		"could not reach the Secrets Manager endpoint", "deadline exceeded", "com.amazonaws.eu-central-1.secretsmanager",
	}}, got, err, lines())
}

func TestNoRegion(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}`)
	log, lines := newSeedLog()
	got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNoRegion {
		t.Fatalf("err = %v, values %v", err, got)
	}
	for _, w := range []string{"no AWS region", "Fix: set AWS_REGION", "full ARN"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q: %v", w, err)
		}
	}
	if len(f.recorded()) != 0 {
		t.Error("a request was sent without a region")
	}
	if len(grepF(lines(), "ERROR:")) != 1 {
		t.Errorf("log: %v", lines())
	}

	// AWS_DEFAULT_REGION is part of the chain.
	t.Setenv("AWS_DEFAULT_REGION", "ca-central-1")
	if _, err := Load(context.Background(), Options{SecretID: seedName}); err != nil {
		t.Fatal(err)
	}
	if c := f.recorded(); len(c) != 1 || c[0].region != "ca-central-1" {
		t.Errorf("calls = %+v", c)
	}
}

func TestNoCredentials(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}`)
	log, lines := newSeedLog()
	got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
	checkFailure(t, failCase{kind: KindCredentials, want: []string{"no usable AWS credentials", "Fix: run with an IAM execution role"}}, got, err, lines())
	if len(f.recorded()) != 0 {
		t.Error("an unsigned request was sent")
	}
}

func TestARNSelectsRegion(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "eu-west-1") // the environment names another region
	sec := f.put(seedName, "us-west-2", `{"ZSCALER_CLIENT_ID":"arn-id","ZSCALER_CLIENT_SECRET":"arn-sec"}`)
	if regionFromARN(sec.arn) != "us-west-2" {
		t.Fatalf("regionFromARN(%s) = %q", sec.arn, regionFromARN(sec.arn))
	}

	log, lines := newSeedLog()
	got, err := Load(context.Background(), Options{SecretID: sec.arn, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if got["ZSCALER_CLIENT_ID"] != "arn-id" {
		t.Errorf("values = %v", got)
	}
	if want := "INFO:zscaler_mcp.config:Attempting to fetch secret: " + sec.arn + " from region: us-west-2"; lines()[0] != want {
		t.Errorf("first line = %q, want %q", lines()[0], want)
	}
	c := f.recorded()
	if len(c) != 1 || c[0].region != "us-west-2" || c[0].secretID != sec.arn {
		t.Errorf("calls = %+v", c)
	}

	// An explicit, conflicting Region is overridden by the ARN, with a warning.
	log, lines = newSeedLog()
	if _, err := Load(context.Background(), Options{SecretID: sec.arn, Region: "ap-south-1", Logger: log}); err != nil {
		t.Fatal(err)
	}
	if w := grepF(lines(), "WARN:"); len(w) != 1 || !strings.Contains(w[0], "us-west-2") || !strings.Contains(w[0], "ap-south-1") {
		t.Errorf("warnings = %v", w)
	}
	if c := f.recorded(); c[1].region != "us-west-2" {
		t.Errorf("signed for %s", c[1].region)
	}

	// The access-denied fix names the ARN itself.
	f.fail("GetSecretValue", fakeErr{400, "AccessDeniedException", "denied"})
	_, err = Load(context.Background(), Options{SecretID: sec.arn})
	if err == nil || !strings.Contains(err.Error(), "grant secretsmanager:GetSecretValue on "+sec.arn+" ") {
		t.Errorf("err = %v", err)
	}

	for _, id := range []string{seedName, "arn:aws:s3:::bucket", "arn:aws:secretsmanager:us-east-1", "arn:aws-cn:secretsmanager:cn-north-1:1:secret:x"} {
		want := ""
		if strings.HasPrefix(id, "arn:aws-cn") {
			want = "cn-north-1"
		}
		if got := regionFromARN(id); got != want {
			t.Errorf("regionFromARN(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestExplicitRegion(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "ap-southeast-2", `{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}`)
	log, lines := newSeedLog()
	if _, err := Load(context.Background(), Options{SecretID: seedName, Region: "ap-southeast-2", Logger: log}); err != nil {
		t.Fatal(err)
	}
	if c := f.recorded(); len(c) != 1 || c[0].region != "ap-southeast-2" {
		t.Errorf("calls = %+v", c)
	}
	if !strings.HasSuffix(lines()[0], "from region: ap-southeast-2") {
		t.Errorf("log = %v", lines())
	}
}

func TestRotation(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"id-v1","ZSCALER_CLIENT_SECRET":"sec-v1"}`)
	log, lines := newSeedLog()
	ctx := context.Background()

	s, err := New(ctx, Options{SecretID: seedName, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if s.Region() != "us-east-1" || s.SecretID() != seedName || s.LoadedVersion() != "" {
		t.Fatalf("store: %q %q %q", s.Region(), s.SecretID(), s.LoadedVersion())
	}
	v1vals, err := s.Load(ctx)
	if err != nil || v1vals["ZSCALER_CLIENT_SECRET"] != "sec-v1" {
		t.Fatalf("Load = %v, %v", v1vals, err)
	}
	v1 := s.LoadedVersion()
	if v1 == "" {
		t.Fatal("no version recorded")
	}
	if v, err := s.Version(ctx); err != nil || v != v1 {
		t.Fatalf("Version = %q, %v; want %q", v, err, v1)
	}
	if f.count("DescribeSecret") != 1 {
		t.Errorf("Version did not use DescribeSecret: %+v", f.recorded())
	}
	n := len(lines())
	vals, changed, err := s.Refresh(ctx)
	if err != nil || changed || vals != nil {
		t.Fatalf("Refresh without rotation = %v, %v, %v", vals, changed, err)
	}
	if len(lines()) != n {
		t.Errorf("an unchanged refresh logged: %v", lines()[n:])
	}
	gets := f.count("GetSecretValue")

	// Rotate.
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"id-v2","ZSCALER_CLIENT_SECRET":"sec-v2"}`)
	v2, err := s.Version(ctx)
	if err != nil || v2 == v1 || v2 == "" {
		t.Fatalf("Version after rotation = %q, %v (v1 %q)", v2, err, v1)
	}
	if f.count("GetSecretValue") != gets {
		t.Error("Version fetched the secret value although DescribeSecret is allowed")
	}
	vals, changed, err = s.Refresh(ctx)
	if err != nil || !changed {
		t.Fatalf("Refresh after rotation = %v, %v", changed, err)
	}
	if vals["ZSCALER_CLIENT_ID"] != "id-v2" || vals["ZSCALER_CLIENT_SECRET"] != "sec-v2" || s.LoadedVersion() != v2 {
		t.Errorf("after refresh: %v, version %q want %q", vals, s.LoadedVersion(), v2)
	}
	if got := grepF(lines()[n:], "Set environment variable"); len(got) != 2 {
		t.Errorf("reload log: %v", lines()[n:])
	}
	for _, l := range lines() {
		for _, v := range []string{"id-v1", "sec-v1", "id-v2", "sec-v2"} {
			if strings.Contains(l, v) {
				t.Errorf("log line contains %q: %s", v, l)
			}
		}
	}

	// The package-level functions see the rotation too.
	if v, err := Version(ctx, Options{SecretID: seedName}); err != nil || v != v2 {
		t.Errorf("Version() = %q, %v", v, err)
	}
	if got, err := Load(ctx, Options{SecretID: seedName}); err != nil || got["ZSCALER_CLIENT_SECRET"] != "sec-v2" {
		t.Errorf("Load() = %v, %v", got, err)
	}

	// Concurrent refreshes after another rotation (a timer and a 401 at
	// once) reload exactly once.
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"id-v3","ZSCALER_CLIENT_SECRET":"sec-v3"}`)
	var wg sync.WaitGroup
	var mu sync.Mutex
	reloads := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals, changed, err := s.Refresh(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			if changed {
				if vals["ZSCALER_CLIENT_SECRET"] != "sec-v3" {
					t.Errorf("values %v", vals)
				}
				mu.Lock()
				reloads++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if reloads != 1 {
		t.Errorf("reloads = %d, want 1", reloads)
	}
}

func TestVersionWithoutDescribePermission(t *testing.T) {
	f := newFakeSM(t)
	awsEnv(t, f.srv.URL, "us-east-1")
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}`)
	f.fail("DescribeSecret", fakeErr{400, "AccessDeniedException", "not authorized to perform: secretsmanager:DescribeSecret"})
	ctx := context.Background()
	s, err := New(ctx, Options{SecretID: seedName})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx); err != nil {
		t.Fatal(err)
	}
	v1 := s.LoadedVersion()
	if v, err := s.Version(ctx); err != nil || v != v1 {
		t.Fatalf("Version = %q, %v", v, err)
	}
	f.put(seedName, "us-east-1", `{"ZSCALER_CLIENT_ID":"a2","ZSCALER_CLIENT_SECRET":"b2"}`)
	vals, changed, err := s.Refresh(ctx)
	if err != nil || !changed || vals["ZSCALER_CLIENT_ID"] != "a2" {
		t.Fatalf("Refresh = %v, %v, %v", vals, changed, err)
	}
	if n := f.count("DescribeSecret"); n != 1 {
		t.Errorf("DescribeSecret called %d times; a denied call should not be repeated", n)
	}

	// Other DescribeSecret failures are reported, classified.
	f.fail("DescribeSecret", fakeErr{400, "ResourceNotFoundException", "gone"})
	s2, _ := New(ctx, Options{SecretID: seedName})
	_, err = s2.Version(ctx)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNotFound {
		t.Errorf("err = %v", err)
	}
}

// stubClient is a GetSecretValueAPI without HTTP, for the injected-client path.
type stubClient struct {
	out *secretsmanager.GetSecretValueOutput
}

func (c stubClient) GetSecretValue(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	return c.out, nil
}

func TestInjectedClient(t *testing.T) {
	log, lines := newSeedLog()
	c := stubClient{&secretsmanager.GetSecretValueOutput{SecretString: aws.String(`{"ZSCALER_CLIENT_ID":"a","ZSCALER_CLIENT_SECRET":"b"}`), VersionId: aws.String("v9")}}
	s, err := New(context.Background(), Options{SecretID: "x", Client: c, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if lines()[0] != "INFO:zscaler_mcp.config:Attempting to fetch secret: x from region: (client default)" || s.LoadedVersion() != "v9" {
		t.Errorf("log %v version %q", lines(), s.LoadedVersion())
	}
	if v, err := s.Version(context.Background()); err != nil || v != "v9" {
		t.Errorf("Version = %q, %v", v, err)
	}
	// A real client passed in reports its region.
	real := secretsmanager.New(secretsmanager.Options{Region: "sa-east-1"})
	s, err = New(context.Background(), Options{SecretID: "x", Client: real})
	if err != nil || s.Region() != "sa-east-1" {
		t.Errorf("region %q, %v", s.Region(), err)
	}
}
