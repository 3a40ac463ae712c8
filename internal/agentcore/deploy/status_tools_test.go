package deploy

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func statusOut(t *testing.T, c *Clients) string {
	t.Helper()
	var out bytes.Buffer
	if err := (&StatusOptions{StackName: "zmcp-test", Clients: c, Out: &out}).Execute(context.Background()); err != nil {
		t.Fatalf("status: %v\n%s", err, out.String())
	}
	return out.String()
}

func TestStatusCountsLiveTools(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.tools = []string{"zia_list_locations", "zpa_list_segments", "zdx_list_devices"}
	f.mu.Unlock()
	f.reset()
	out := statusOut(t, c)
	if !strings.Contains(out, "Tools     3 (tools/list through InvokeAgentRuntime)") {
		t.Errorf("status:\n%s", out)
	}
	inv := f.requestsWith("POST /runtimes/")
	if len(inv) != 1 || !strings.Contains(inv[0].Action, "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234/invocations") {
		t.Fatalf("invocations %v", actionsOf(inv))
	}
	if !strings.Contains(string(inv[0].Body), `"tools/list"`) || !strings.HasPrefix(inv[0].Header.Get("Authorization"), "AWS4-HMAC-SHA256") {
		t.Errorf("invocation body %s, Authorization %q", inv[0].Body, inv[0].Header.Get("Authorization"))
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("status mutated: %v", m)
	}
}

func TestStatusShowsFailingSmokeTestAsALine(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.invokeError = "Received error (500) from runtime. Please check your CloudWatch logs"
	f.mu.Unlock()
	out := statusOut(t, c)
	if !strings.Contains(out, "Tools     unavailable: ") || !strings.Contains(out, "CloudWatch logs") {
		t.Errorf("status:\n%s", out)
	}
	if !strings.Contains(out, "AgentRuntimeArn") {
		t.Errorf("the outputs are missing after the failed smoke test:\n%s", out)
	}
}

func TestStatusJWTSaysHowToListTools(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.stacks["zmcp-test"].outputs["AuthMode"] = "jwt"
	f.mu.Unlock()
	f.reset()
	out := statusOut(t, c)
	if !strings.Contains(out, `--arn arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234 -H "Authorization: Bearer $TOKEN" --list-tools`) {
		t.Errorf("status:\n%s", out)
	}
	if inv := f.requestsWith("POST /runtimes/"); len(inv) != 0 {
		t.Errorf("SigV4 invocation of a JWT runtime: %v", actionsOf(inv))
	}
}

func TestRuntimeFromStack(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.reset()
	arn, id, err := RuntimeFromStack(context.Background(), c, "zmcp-test", "--arn")
	if err != nil {
		t.Fatal(err)
	}
	if arn != "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234" || id != "zscalermcp-AbCdEf1234" {
		t.Errorf("arn %q id %q", arn, id)
	}
	d := f.find("DescribeStacks")
	if len(d) != 1 || d[0].Form.Get("StackName") != "zmcp-test" {
		t.Errorf("DescribeStacks %v", d)
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("mutated: %v", m)
	}

	_, _, err = RuntimeFromStack(context.Background(), c, "nope", "--runtime-id (or --arn)")
	if err == nil || !strings.Contains(err.Error(), "stack nope does not exist") || !strings.Contains(err.Error(), "pass --runtime-id (or --arn)") {
		t.Errorf("missing stack: %v", err)
	}
	f.seed("bare", map[string]string{TagManagedBy: TagManagedByValue})
	_, _, err = RuntimeFromStack(context.Background(), c, "bare", "--arn")
	if err == nil || !strings.Contains(err.Error(), "no AgentRuntimeArn / AgentRuntimeId output") || !strings.Contains(err.Error(), "pass --arn") {
		t.Errorf("stack without outputs: %v", err)
	}
	f.reset()
	if _, _, err := RuntimeFromStack(context.Background(), c, "", "--arn"); err == nil || f.find("DescribeStacks")[0].Form.Get("StackName") != "zscaler-mcp-agentcore" {
		t.Errorf("default stack name: %v %v", err, f.find("DescribeStacks"))
	}
}

// status shows the target's sync state and how many tools the Gateway
// lists: its schema, inline or in S3, against the runtime's live count.
func TestStatusCountsGatewayTools(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.reset()
	f.mu.Lock()
	f.stacks["zmcp-test"].outputs["GatewayId"] = "gw-123"
	f.stacks["zmcp-test"].outputs["GatewayTargetId"] = "tg-456"
	f.tools = []string{"zia_list_locations", "zpa_list_segments", "zdx_list_devices"}
	f.targetSchema = map[string]any{"inlinePayload": `[{"name":"zia_list_locations"},{"name":"zpa_list_segments"},{"name":"zdx_list_devices"}]`}
	f.mu.Unlock()
	out := statusOut(t, c)
	for _, want := range []string{"Target    tg-456  READY  last synchronized 2026-01-02T03:04:05Z", "Gateway tools  3 (the target's schema, inline), as many as the runtime lists"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	// In S3, with fewer tools than the runtime's.
	f.mu.Lock()
	f.objects["assets/zscaler-mcp/tool-schema/abc.json"] = []byte(`[{"name":"zia_list_locations"},{"name":"zpa_list_segments"}]`)
	f.targetSchema = map[string]any{"s3": map[string]any{"uri": "s3://assets/zscaler-mcp/tool-schema/abc.json", "bucketOwnerAccountId": "123456789012"}}
	f.mu.Unlock()
	out = statusOut(t, c)
	if !strings.Contains(out, "Gateway tools  2 (the target's schema, s3://assets/zscaler-mcp/tool-schema/abc.json); the runtime lists 3: the schema and the runtime's tool policy disagree") {
		t.Errorf("status:\n%s", out)
	}
	f.mu.Lock()
	f.targetSchema = map[string]any{"s3": map[string]any{"uri": "s3://assets/zscaler-mcp/tool-schema/gone.json"}}
	f.mu.Unlock()
	if out = statusOut(t, c); !strings.Contains(out, "Gateway tools  not counted") || !strings.Contains(out, "s3:GetObject") {
		t.Errorf("status with a missing schema object:\n%s", out)
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("status mutated: %v", m)
	}
}
