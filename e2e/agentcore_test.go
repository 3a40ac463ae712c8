package e2e

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.yaml.in/yaml/v3"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/companion"
)

// run runs a command to its end in an empty folder (no .env to pick up) and
// returns its stdout, stderr and exit status; the output joins the leak check.
func run(t *testing.T, env []string, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = t.TempDir(), env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	keepLog(&logBuffer{}).Write(append(stdout.Bytes(), stderr.Bytes()...))
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return stdout.String(), stderr.String(), ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return stdout.String(), stderr.String(), 0
}

func TestServerLinksNoDeployModule(t *testing.T) {
	bi, err := buildinfo.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if linked := companion.DeployModulesIn(bi); len(linked) > 0 {
		t.Errorf("zscaler-mcp links deploy-only modules: %s", strings.Join(linked, ", "))
	}
	// The same reading of the deploy tool finds them, so the check above
	// looks where they would be.
	dbi, err := buildinfo.ReadFile(deployTool)
	if err != nil {
		t.Fatal(err)
	}
	if linked := companion.DeployModulesIn(dbi); !slices.Contains(linked, "github.com/aws/aws-sdk-go-v2/service/cloudformation") ||
		!slices.Contains(linked, "github.com/google/go-containerregistry") {
		t.Errorf("zscaler-mcp-agentcore's build information lists %v: the check reads the wrong thing", linked)
	}
}

func TestAgentcoreRunsTheDeployTool(t *testing.T) {
	direct, _, code := run(t, baseEnv(), deployTool, "export-tool-schema", "--enable-write-tools", "--write-tools", "zpa_*")
	if code != 0 || !strings.Contains(direct, `"zpa_create_segment_group"`) {
		t.Fatalf("zscaler-mcp-agentcore export-tool-schema: status %d\n%s", code, direct)
	}
	through, stderr, code := run(t, baseEnv(), binary, "agentcore", "export-tool-schema", "--enable-write-tools", "--write-tools", "zpa_*")
	if code != 0 || through != direct {
		t.Errorf("zscaler-mcp agentcore export-tool-schema: status %d, stderr %s\nstdout differs from the deploy tool's: %t", code, stderr, through != direct)
	}

	// The exit status and the streams are the deploy tool's, and its
	// messages name the command the user typed.
	_, stderr, code = run(t, baseEnv(), binary, "agentcore", "template", "--format", "xml")
	if code != 2 || !strings.Contains(stderr, `zscaler-mcp agentcore: `) || !strings.Contains(stderr, `--format "xml"`) {
		t.Errorf("agentcore template --format xml: status %d, stderr:\n%s", code, stderr)
	}
	help, _, code := run(t, baseEnv(), binary, "agentcore", "--help")
	for _, verb := range []string{"image", "template", "plan", "export-tool-schema", "doctor", "dev", "deploy", "status", "invoke", "logs", "destroy"} {
		if !regexp.MustCompile(`(?m)^  ` + verb + ` `).MatchString(help) {
			t.Errorf("agentcore --help lacks the verb %s", verb)
		}
	}
	if code != 0 || !strings.Contains(help, "zscaler-mcp agentcore [command]") {
		t.Errorf("agentcore --help: status %d\n%s", code, help)
	}
}

func TestAgentcoreWhenTheDeployToolIsMissing(t *testing.T) {
	alone := filepath.Join(t.TempDir(), "zscaler-mcp")
	copyFile(t, binary, alone)
	emptyPath := t.TempDir()
	env := append(baseEnv(), "PATH="+emptyPath)
	_, stderr, code := run(t, env, alone, "agentcore", "status")
	if code != 127 || !strings.Contains(stderr, "zscaler-mcp-agentcore is not installed") ||
		!strings.Contains(stderr, "install it with: ") || !strings.Contains(stderr, "/cmd/zscaler-mcp-agentcore") {
		t.Errorf("without zscaler-mcp-agentcore: status %d, stderr:\n%s", code, stderr)
	}
	// On the PATH it is found too.
	copyFile(t, deployTool, filepath.Join(emptyPath, "zscaler-mcp-agentcore"))
	out, stderr, code := run(t, env, alone, "agentcore", "export-tool-schema")
	if code != 0 || !strings.Contains(out, `"zia_list_locations"`) {
		t.Errorf("zscaler-mcp-agentcore on the PATH: status %d, stderr:\n%s", code, stderr)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

var invokeURLRE = regexp.MustCompile(`^invoke URL: (http://\S+)`)

// TestAgentcoreDevThroughTheServer runs `zscaler-mcp agentcore dev`, which
// runs the server binary beside it behind the emulated ingress, and lists
// the tools through the ingress with the go-sdk client.
func TestAgentcoreDevThroughTheServer(t *testing.T) {
	cmd := exec.Command(binary, "agentcore", "dev", "--auth-mode", "none", "--port", "0",
		"--enable-write-tools", "--write-tools", "zia_*", "--disabled-services", "zcc")
	cmd.Dir, cmd.Env = t.TempDir(), baseEnv()
	logs := keepLog(&logBuffer{})
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	found := make(chan string, 1)
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := invokeURLRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
	}()
	var url string
	select {
	case url = <-found:
	case <-exited:
		t.Fatalf("agentcore dev exited before it was ready:\n%s", logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("agentcore dev printed no invoke URL:\n%s", logs.String())
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "1"}, nil)
	session, err := client.Connect(ctxFor(t), &mcp.StreamableClientTransport{Endpoint: url}, nil)
	if err != nil {
		t.Fatalf("connect through the dev ingress: %v\n%s", err, logs.String())
	}
	defer session.Close()
	tools := listTools(t, &server{session: session, logs: logs})
	// The deployment's tool policy, given as the deploy tool's flags.
	for _, name := range []string{"zia_list_locations", "zia_create_rule_label", "zpa_list_segment_groups"} {
		if _, ok := tools[name]; !ok {
			t.Errorf("%s is missing from the tools listed through agentcore dev", name)
		}
	}
	for _, name := range []string{"zpa_create_segment_group", "zcc_list_devices"} {
		if _, ok := tools[name]; ok {
			t.Errorf("%s is listed through agentcore dev, though only zia_* write tools and no zcc tool were asked for", name)
		}
	}
}

// The seed's Method 1: the one-click template, written with no settings or
// with only an auth mode, through `zscaler-mcp agentcore` as a user runs it.
func TestAgentcoreTemplateWithoutSettings(t *testing.T) {
	for _, args := range [][]string{{}, {"--auth-mode", "none"}, {"--auth-mode", "api-key"}, {"--auth-mode", "zscaler"}, {"--auth-mode", "jwt"}} {
		out, stderr, code := run(t, baseEnv(), binary, append([]string{"agentcore", "template"}, args...)...)
		var tmpl struct {
			Parameters map[string]struct {
				Default any `yaml:"Default"`
			} `yaml:"Parameters"`
			Resources map[string]struct {
				Type string `yaml:"Type"`
			} `yaml:"Resources"`
		}
		if err := yaml.Unmarshal([]byte(out), &tmpl); code != 0 || err != nil {
			t.Errorf("agentcore template %v: status %d, %v\n%s", args, code, err, stderr)
			continue
		}
		if p, ok := tmpl.Parameters["ECRImageUri"]; !ok || p.Default != "" || tmpl.Resources["AgentRuntime"].Type != "AWS::BedrockAgentCore::Runtime" {
			t.Errorf("agentcore template %v: ECRImageUri %+v, resources %v", args, p, tmpl.Resources)
		}
		if !strings.Contains(stderr, "left for stack creation") || !strings.Contains(stderr, "ECRImageUri (ZSCALER_MCP_IMAGE_URI) is needed") {
			t.Errorf("agentcore template %v does not say what is left for the console:\n%s", args, stderr)
		}
	}
	// A setting given is still checked, and the plan still needs everything.
	if _, stderr, code := run(t, baseEnv(), binary, "agentcore", "template", "--image-uri", "zscaler/zscaler-mcp-server:latest"); code != 2 || !strings.Contains(stderr, "ECRImageUri") {
		t.Errorf("template with a bad image: status %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, baseEnv(), binary, "agentcore", "plan", "--format", "aws-cli"); code != 2 || !strings.Contains(stderr, "CredentialSource CreateNew needs") {
		t.Errorf("plan without settings: status %d\n%s", code, stderr)
	}
}

// TestAgentcoreInvokeThroughTheServer runs `zscaler-mcp agentcore invoke
// --list-tools` as a user does, the real aws-sdk-go-v2 client in the deploy
// tool reaching a local InvokeAgentRuntime endpoint that checks the SigV4
// signature's scope and the session id, and forwards the payload to a real
// `zscaler-mcp serve` with the image's environment, as the runtime does.
func TestAgentcoreInvokeThroughTheServer(t *testing.T) {
	const arn = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234"
	mcpURL := startHTTP(t, append(image.Env(), "ZSCALER_MCP_SANDBOX=true", "ZSCALER_MCP_AUTH_MODE=none"), keepLog(&logBuffer{}), "--host", "127.0.0.1")
	var calls atomic.Int32
	dataPlane := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		auth := r.Header.Get("Authorization")
		if r.URL.Path != "/runtimes/"+arn+"/invocations" || !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") ||
			!strings.Contains(auth, "/us-east-1/bedrock-agentcore/aws4_request") || len(r.Header.Get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")) < 33 {
			w.Header().Set("X-Amzn-ErrorType", "ValidationException")
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"message":"unexpected request %s %q"}`, r.URL.Path, auth)
			return
		}
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, mcpURL, bytes.NewReader(body))
		for _, h := range []string{"Content-Type", "Accept", "Mcp-Protocol-Version", "Mcp-Method", "Mcp-Name"} { // the routing headers
			if v := r.Header.Get(h); v != "" {
				req.Header.Set(h, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			w.WriteHeader(502)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(dataPlane.Close)
	env := append(baseEnv(), "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE="+dataPlane.URL, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=example-only", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, stderr, code := run(t, env, binary, "agentcore", "invoke", "--arn", arn, "--list-tools")
	if code != 0 || calls.Load() == 0 {
		t.Fatalf("agentcore invoke --list-tools: status %d, %d calls\n%s%s", code, calls.Load(), out, stderr)
	}
	for _, name := range firstReadTools {
		if !strings.Contains(out, "  - "+name+"\n") {
			t.Errorf("%s is not listed:\n%s", name, out)
		}
	}
	// The deploy tool's failure, and its status, reach the user as they are.
	_, stderr, code = run(t, env, binary, "agentcore", "invoke", "--arn", strings.Replace(arn, "AbCdEf1234", "Missing0000", 1), "--list-tools")
	if code != 1 || !strings.Contains(stderr, "zscaler-mcp agentcore: ") {
		t.Errorf("invoke of an unknown runtime: status %d\n%s", code, stderr)
	}
}

// TestAgentcoreTemplateFitsInlineWithTheSchemaInS3 follows the Gateway
// template's note as a user would: inline, the schema makes the template
// too big and the note gives the S3 key; with that key the template passes
// as a TemplateBody; with values long enough to push the YAML over, the
// note offers the JSON, which fits.
func TestAgentcoreTemplateFitsInlineWithTheSchemaInS3(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "template.yaml")
	args := []string{"agentcore", "template", "--image-uri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler-mcp:1.0.0",
		"--secret-name", "zscaler/mcp/credentials", "--gateway-mode", "create",
		"--gateway-discovery-url", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123/.well-known/openid-configuration",
		"--gateway-client-ids", "gwClient1", "-o", out}
	_, stderr, code := run(t, baseEnv(), binary, args...)
	key := regexp.MustCompile(`--tool-schema-s3-uri s3://BUCKET/(zscaler-mcp/tool-schema/[0-9a-f]{64}\.json)`).FindStringSubmatch(stderr)
	if code != 0 || key == nil || !strings.Contains(stderr, "over CloudFormation's 51200-byte inline limit") {
		t.Fatalf("inline schema: status %d, stderr:\n%s", code, stderr)
	}
	schemaArgs := append(args, "--tool-schema-s3-uri", "s3://zscaler-mcp-assets-123456789012/"+key[1])
	_, stderr, code = run(t, baseEnv(), binary, schemaArgs...)
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || strings.Contains(stderr, "inline limit") || len(body) > 51200 || !strings.Contains(string(body), key[1]) {
		t.Fatalf("schema in S3: status %d, %d bytes, stderr:\n%s", code, len(body), stderr)
	}

	long := append(schemaArgs, "--description", strings.Repeat("Zscaler MCP Server for the platform team ", 70))
	_, stderr, code = run(t, baseEnv(), binary, long...)
	if code != 0 || !strings.Contains(stderr, "or write it with --format json (") {
		t.Fatalf("long values: status %d, stderr:\n%s", code, stderr)
	}
	_, stderr, code = run(t, baseEnv(), binary, append(long, "--format", "json")...)
	body, _ = os.ReadFile(out)
	if code != 0 || strings.Contains(stderr, "inline limit") || len(body) > 51200 {
		t.Errorf("long values as JSON: status %d, %d bytes, stderr:\n%s", code, len(body), stderr)
	}
}
