package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// secretsManager is a local endpoint speaking the Secrets Manager wire
// protocol (awsJson1.1), for the real aws-sdk-go-v2 client in the binary.
type secretsManager struct {
	mu      sync.Mutex
	secrets map[string]string // name → SecretString
	version map[string]int
	calls   []string
}

func newSecretsManager(t *testing.T) (*secretsManager, string) {
	sm := &secretsManager{secrets: map[string]string{}, version: map[string]int{}}
	srv := httptest.NewServer(sm)
	t.Cleanup(srv.Close)
	return sm, srv.URL
}

func (sm *secretsManager) put(name, value string) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	sm.secrets[name] = value
	sm.version[name]++
}

func (sm *secretsManager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in struct{ SecretId string }
	_ = json.Unmarshal(body, &in)
	target := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager.")
	sm.mu.Lock()
	defer sm.mu.Unlock()
	sm.calls = append(sm.calls, target)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	value, ok := sm.secrets[in.SecretId]
	if !ok {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}`))
		return
	}
	version := "v" + strings.Repeat("0", 7) + string(rune('0'+sm.version[in.SecretId]))
	arn := "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + in.SecretId + "-AbCdEf"
	switch target {
	case "GetSecretValue":
		out, _ := json.Marshal(map[string]any{"ARN": arn, "Name": in.SecretId, "SecretString": value, "VersionId": version, "VersionStages": []string{"AWSCURRENT"}})
		_, _ = w.Write(out)
	case "DescribeSecret":
		out, _ := json.Marshal(map[string]any{"ARN": arn, "Name": in.SecretId, "VersionIdsToStages": map[string][]string{version: {"AWSCURRENT"}}})
		_, _ = w.Write(out)
	default:
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"__type":"InvalidRequestException","message":"unsupported"}`))
	}
}

// awsEnv points the binary's AWS SDK at the local endpoint.
func awsEnv(endpoint string) []string {
	return []string{
		"AWS_ENDPOINT_URL_SECRETS_MANAGER=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=example-only", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}

const distinctiveSecret = "s3cret-7f3a9c1e-never-logged"

// tenantEnvWithoutCredentials points a server at the tenant but leaves the
// credentials to the secret.
func tenantEnvWithoutCredentials(tn *tenant) []string {
	return []string{
		"ZSCALER_API_BASE_URL=" + tn.URL, "ZSCALER_TOKEN_URL=" + tn.URL + "/oauth2/v1/token",
		"ZSCALER_MCP_CLIENT_RATE_LIMITS=off",
	}
}

func TestCredentialsFromSecretsManager(t *testing.T) {
	tn := newTenantWith(t, sandbox.Options{ClientSecret: distinctiveSecret})
	sm, endpoint := newSecretsManager(t)
	sm.put("zscaler/mcp", `{"ZSCALER_CLIENT_ID":"`+sandbox.ClientID+`","ZSCALER_CLIENT_SECRET":"`+distinctiveSecret+`","ZSCALER_CUSTOMER_ID":`+tn.CustomerID()+`,"ZSCALER_CLOUD":null,"ZCELL_CUSTOMER_ID":"`+tn.CustomerID()+`","PATH":"/nope"}`)
	env := append(append(tenantEnvWithoutCredentials(tn), awsEnv(endpoint)...), "ZSCALER_SECRET_NAME=zscaler/mcp")
	for _, tr := range transports {
		t.Run(string(tr), func(t *testing.T) {
			s := start(t, tr, env)
			if len(rows(t, ok(t, s, "zpa_list_segment_groups", nil))) == 0 {
				t.Fatal("no records with credentials from the secret")
			}
			// ZCell's own customer id comes from the secret too (the
			// AgentCore runtime has no other way to get it).
			if len(rows(t, ok(t, s, "zcell_list_anomaly_policies", nil))) == 0 {
				t.Fatal("no ZCell records with ZCELL_CUSTOMER_ID from the secret")
			}
			eventually(func() bool {
				return strings.Contains(s.logs.String(), "Zscaler credentials injected into environment variables")
			})
			logs := s.logs.String()
			want := []string{
				"Attempting to fetch secret: zscaler/mcp from region: us-east-1",
				"Successfully retrieved and parsed secret from Secrets Manager",
				"Set environment variable: ZSCALER_CLIENT_ID",
				"Set environment variable: ZSCALER_CLIENT_SECRET",
				"Set environment variable: ZSCALER_CUSTOMER_ID",
				"Set environment variable: ZCELL_CUSTOMER_ID",
				"Zscaler credentials injected into environment variables",
			}
			at := 0
			for _, w := range want {
				i := strings.Index(logs[at:], w)
				if i < 0 {
					t.Fatalf("the log lacks %q (in order):\n%s", w, logs)
				}
				at += i
			}
			if !strings.Contains(logs, "PATH") || strings.Contains(logs, "/nope") {
				t.Errorf("the unknown key PATH must be named, its value never shown")
			}
			if strings.Contains(logs, distinctiveSecret) {
				t.Fatal("the client secret reached the log")
			}
			// The seed's troubleshooting greps.
			grep := func(pattern string) int {
				re := regexp.MustCompile(pattern)
				n := 0
				for _, line := range strings.Split(logs, "\n") {
					if re.MatchString(line) {
						n++
					}
				}
				return n
			}
			if grep(`(config|secret|Secret)`) < len(want) || grep(`Set environment variable`) != 4 {
				t.Errorf("the seed's greps do not find the lines:\n%s", logs)
			}
		})
	}
}

func TestSecretFailuresStopTheServer(t *testing.T) {
	sm, endpoint := newSecretsManager(t)
	sm.put("not-json", `client_id=abc`)
	sm.put("array", `["a"]`)
	sm.put("no-secret", `{"ZSCALER_CLIENT_ID":"abc"}`)
	for name, want := range map[string][]string{
		"missing":   {"missing", "ZSCALER_SECRET_NAME"},
		"not-json":  {"not valid JSON"},
		"array":     {"not an object"},
		"no-secret": {"ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(binary, "serve")
			cmd.Env = append(append(baseEnv(), awsEnv(endpoint)...), "ZSCALER_SECRET_NAME="+name)
			out, err := combined(cmd)
			if err == nil {
				t.Fatalf("the server started:\n%s", out)
			}
			for _, w := range want {
				if !strings.Contains(strings.ToLower(string(out)), strings.ToLower(w)) {
					t.Errorf("the message lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestNoSecretNameSaysSo(t *testing.T) {
	s := start(t, stdio, newTenant(t).env())
	if !eventually(func() bool {
		return strings.Contains(s.logs.String(), "ZSCALER_SECRET_NAME not set - using credentials from environment variables directly")
	}) {
		t.Fatalf("log:\n%s", s.logs.String())
	}
}

func TestDotenvFileAndConfigCommand(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/.env"
	content := "# settings\nZSCALER_CLIENT_ID=from-dotenv\nexport ZSCALER_CLIENT_SECRET=\"" + distinctiveSecret + "\"\nZSCALER_MCP_PORT=9100\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "config", "--dotenv-path", path, "--port", "9200")
	cmd.Env = append(baseEnv(), "ZSCALER_CLIENT_ID=from-environment")
	out, err := combined(cmd)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`ZSCALER_CLIENT_ID\s+from-environment\s+environment`),
		regexp.MustCompile(`ZSCALER_CLIENT_SECRET\s+\*+\s+\.env file`),
		regexp.MustCompile(`ZSCALER_MCP_PORT\s+9200\s+--port`),
		regexp.MustCompile(`readable by other users`),
	} {
		if !want.MatchString(text) {
			t.Errorf("config output lacks %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, distinctiveSecret) {
		t.Fatal("config printed a secret")
	}
	if err := os.WriteFile(path, []byte("ZSCALER_CLIENT_ID=x\nthis line is wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = combined(exec.Command(binary, "config", "--dotenv-path", path))
	if err == nil || !strings.Contains(string(out), ":2") {
		t.Fatalf("a malformed .env must fail naming the line: %v\n%s", err, out)
	}
}

// An operator rotates the API client's secret and updates the secret in
// Secrets Manager: the running server picks it up, no restart.
func TestRotatedSecretIsPickedUpWithoutRestart(t *testing.T) {
	tn := newTenantWith(t, sandbox.Options{ClientSecret: distinctiveSecret})
	sm, endpoint := newSecretsManager(t)
	secretJSON := func(secret string) string {
		return `{"ZSCALER_CLIENT_ID":"` + sandbox.ClientID + `","ZSCALER_CLIENT_SECRET":"` + secret + `","ZSCALER_CUSTOMER_ID":"` + tn.CustomerID() + `"}`
	}
	sm.put("zscaler/mcp", secretJSON(distinctiveSecret))
	env := append(append(tenantEnvWithoutCredentials(tn), awsEnv(endpoint)...), "ZSCALER_SECRET_NAME=zscaler/mcp")
	s := start(t, stdio, env)
	ok(t, s, "zia_list_rule_labels", nil)

	const rotated = distinctiveSecret + "-rotated"
	tn.RotateClientSecret(rotated)
	sm.put("zscaler/mcp", secretJSON(rotated))
	tn.ExpireTokens() // the old token is gone; only the new secret gets a new one
	ok(t, s, "zia_list_rule_labels", nil)
	// stderr reaches the test through a pipe: give the line a moment.
	if !eventually(func() bool { return strings.Contains(s.logs.String(), "credentials rotated") }) {
		t.Errorf("the rotation is not logged:\n%s", s.logs.String())
	}
	if strings.Contains(s.logs.String(), rotated) {
		t.Fatal("the rotated secret reached the log")
	}
}

func TestSecretIsReReadOnATimer(t *testing.T) {
	tn := newTenantWith(t, sandbox.Options{ClientSecret: distinctiveSecret})
	sm, endpoint := newSecretsManager(t)
	put := func(secret string) {
		sm.put("zscaler/mcp", `{"ZSCALER_CLIENT_ID":"`+sandbox.ClientID+`","ZSCALER_CLIENT_SECRET":"`+secret+`","ZSCALER_CUSTOMER_ID":"`+tn.CustomerID()+`"}`)
	}
	put(distinctiveSecret)
	env := append(append(tenantEnvWithoutCredentials(tn), awsEnv(endpoint)...), "ZSCALER_SECRET_NAME=zscaler/mcp", "ZSCALER_MCP_SECRET_REFRESH_INTERVAL=1")
	s := start(t, stdio, env)
	ok(t, s, "zia_list_rule_labels", nil)
	put(distinctiveSecret + "-next")
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.logs.String(), "credentials rotated") {
		if time.Now().After(deadline) {
			t.Fatalf("the timer never picked up the new secret:\n%s", s.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	tn.RotateClientSecret(distinctiveSecret + "-next")
	tn.ExpireTokens()
	ok(t, s, "zia_list_rule_labels", nil)
}
