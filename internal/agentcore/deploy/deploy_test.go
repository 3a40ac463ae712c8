package deploy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

const testSecret = "s3cr3t-Client-Value"

func testInputs() template.Inputs {
	return template.Inputs{
		ImageURI:     "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler/zscaler-mcp-server:1.2.3",
		ClientID:     "client-id-1",
		ClientSecret: testSecret,
		VanityDomain: "acme",
		CustomerID:   "1234",
		Region:       "us-east-1",
		StackName:    "zmcp-test",
	}
}

type run struct {
	out, log bytes.Buffer
}

func (r *run) all() string { return r.out.String() + r.log.String() }

func deployOpts(c *Clients, in template.Inputs, r *run) *DeployOptions {
	return &DeployOptions{Inputs: in, Clients: c, Out: &r.out, Log: &r.log, PollInterval: time.Millisecond, Timeout: 5 * time.Second, NonInteractive: true}
}

func mustDeploy(t *testing.T, o *DeployOptions) {
	t.Helper()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := o.Execute(context.Background()); err != nil {
		t.Fatalf("deploy: %v\nlog:\n%s", err, o.Log)
	}
}

func TestDeployCreatesStack(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	var r run
	in := testInputs()
	mustDeploy(t, deployOpts(c, in, &r))

	creates := f.find("CreateStack")
	if len(creates) != 1 {
		t.Fatalf("CreateStack calls = %d, want 1 (actions %v)", len(creates), f.actions())
	}
	form := creates[0].Form
	want, err := template.RenderJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("TemplateBody") != string(want) {
		t.Errorf("TemplateBody is not the rendered template (%d vs %d bytes)", len(form.Get("TemplateBody")), len(want))
	}
	got := members(form, "Parameters", "ParameterKey", "ParameterValue")
	if !mapsEqual(got, template.StackParameters(in)) {
		t.Errorf("Parameters = %v\nwant %v", got, template.StackParameters(in))
	}
	if got["ZscalerClientSecret"] != testSecret {
		t.Errorf("the NoEcho secret was not sent: %q", got["ZscalerClientSecret"])
	}
	tags := members(form, "Tags", "Key", "Value")
	if tags[TagManagedBy] != TagManagedByValue {
		t.Errorf("tags = %v, want %s", tags, TagManagedBy)
	}
	if strings.Contains(tags[TagSecretsDigest], testSecret) || tags[TagSecretsDigest] == "" {
		t.Errorf("digest tag %q", tags[TagSecretsDigest])
	}
	if form.Get("OnFailure") != "ROLLBACK" {
		t.Errorf("OnFailure = %q, want ROLLBACK (keep the evidence)", form.Get("OnFailure"))
	}
	if form.Get("Capabilities.member.2") != "CAPABILITY_NAMED_IAM" && form.Get("Capabilities.member.1") != "CAPABILITY_NAMED_IAM" {
		t.Errorf("no CAPABILITY_NAMED_IAM: %v", form)
	}
	if strings.Contains(r.all(), testSecret) {
		t.Errorf("the secret was printed:\n%s", r.all())
	}
	// Events in order, each once.
	order := []string{"CREATE_IN_PROGRESS +zmcp-test", "CREATE_IN_PROGRESS +ExecutionRole", "CREATE_COMPLETE +ExecutionRole",
		"CREATE_IN_PROGRESS +AgentRuntime", "CREATE_COMPLETE +AgentRuntime", "CREATE_COMPLETE +zmcp-test "}
	log := r.log.String() + "\n"
	pos := 0
	for _, o := range order {
		re := regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(o), `\+`, `\s+`))
		loc := re.FindStringIndex(log[pos:])
		if loc == nil {
			t.Fatalf("event %q not found in order in:\n%s", o, log)
		}
		pos += loc[1]
	}
	if n := len(regexp.MustCompile(`CREATE_COMPLETE\s+AgentRuntime\s`).FindAllString(log, -1)); n != 1 {
		t.Errorf("AgentRuntime CREATE_COMPLETE printed %d times:\n%s", n, log)
	}
	// Runtime waited for READY; outputs printed.
	if n := len(f.find("GET /runtimes/zscalermcp-AbCdEf1234/")); n < 2 {
		t.Errorf("GetAgentRuntime polled %d times, want until READY (>= 2)", n)
	}
	if !strings.Contains(r.out.String(), "AgentRuntimeId") || !strings.Contains(r.out.String(), "zscalermcp-AbCdEf1234") {
		t.Errorf("outputs not printed:\n%s", r.out.String())
	}
	if !strings.Contains(r.log.String(), "smoke test skipped") {
		t.Errorf("the skipped smoke test is not reported")
	}
}

func TestDeployTwiceMakesNoMutatingCall(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.reset()
	var r run
	mustDeploy(t, deployOpts(c, testInputs(), &r))
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Fatalf("second deploy made mutating calls %v (all: %v)", m, f.actions())
	}
	if !slices.Contains(f.actions(), "GetTemplate") {
		t.Errorf("the template was not compared: %v", f.actions())
	}
	if !strings.Contains(r.log.String(), "up to date") {
		t.Errorf("log:\n%s", r.log.String())
	}
	if !strings.Contains(r.out.String(), "AgentRuntimeArn") {
		t.Errorf("outputs not printed on a no-op deploy:\n%s", r.out.String())
	}
}

func TestDeployUpdatesOnChange(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))

	for _, tc := range []struct {
		name   string
		change func(*template.Inputs)
		param  string
		value  string
	}{
		{"parameter", func(in *template.Inputs) { in.Description = "changed description" }, "AgentDescription", "changed description"},
		{"noecho only", func(in *template.Inputs) { in.ClientSecret = "rotated-secret" }, "ZscalerClientSecret", "rotated-secret"},
		{"template", func(in *template.Inputs) { in.ClientSecret = "rotated-secret"; in.DisabledServices = []string{"zpa"} }, "DisabledServices", "zpa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.reset()
			in := testInputs()
			in.Description = "changed description"
			tc.change(&in)
			var r run
			mustDeploy(t, deployOpts(c, in, &r))
			if m := f.mutatingCalls(); !slices.Equal(m, []string{"UpdateStack"}) {
				t.Fatalf("mutating calls %v, want [UpdateStack]", m)
			}
			form := f.find("UpdateStack")[0].Form
			got := members(form, "Parameters", "ParameterKey", "ParameterValue")
			if got[tc.param] != tc.value {
				t.Errorf("UpdateStack %s = %q, want %q", tc.param, got[tc.param], tc.value)
			}
			if !strings.Contains(r.log.String(), "UPDATE_COMPLETE") || strings.Contains(r.all(), "rotated-secret") {
				t.Errorf("log:\n%s", r.all())
			}
			// A rerun is a no-op again.
			f.reset()
			mustDeploy(t, deployOpts(c, in, &run{}))
			if m := f.mutatingCalls(); len(m) != 0 {
				t.Errorf("rerun made mutating calls %v", m)
			}
		})
	}
}

func TestDeployNoUpdatesIsSuccess(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	// The recorded digest does not match (e.g. a tag edited by hand), so
	// deploy must call UpdateStack; CloudFormation answers "No updates are
	// to be performed", which is success.
	f.mu.Lock()
	f.stacks["zmcp-test"].tags[TagSecretsDigest] = "bad:salt"
	f.noUpdates = true
	f.mu.Unlock()
	f.reset()
	var r run
	mustDeploy(t, deployOpts(c, testInputs(), &r))
	if m := f.mutatingCalls(); !slices.Equal(m, []string{"UpdateStack"}) {
		t.Fatalf("mutating calls %v", m)
	}
	if !strings.Contains(r.log.String(), "no updates are to be performed") || !strings.Contains(r.out.String(), "AgentRuntimeId") {
		t.Errorf("out:\n%s", r.all())
	}
}

func TestDeployRollbackNamesFailedResource(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	f.failResource = "AgentRuntime"
	f.failReason = "Resource handler returned message: \"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock-agentcore:CreateAgentRuntime on resource: *\" (HandlerErrorCode: AccessDenied)"
	var r run
	o := deployOpts(c, testInputs(), &r)
	err := o.Execute(context.Background())
	var fe *StackFailedError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want StackFailedError\nlog:\n%s", err, r.log.String())
	}
	if fe.Status != "ROLLBACK_COMPLETE" || fe.Resource != "AgentRuntime" || !strings.Contains(fe.Reason, "CreateAgentRuntime") {
		t.Errorf("failure = %+v", fe)
	}
	if !strings.Contains(err.Error(), "allow bedrock-agentcore:CreateAgentRuntime") || !strings.Contains(err.Error(), "destroy") {
		t.Errorf("the error does not name the fix:\n%v", err)
	}
	if slices.Contains(f.actions(), "GET /runtimes/zscalermcp-AbCdEf1234/") {
		t.Errorf("waited for a runtime of a failed stack")
	}
	// A second deploy refuses the ROLLBACK_COMPLETE stack without mutating.
	f.reset()
	err = deployOpts(c, testInputs(), &run{}).Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ROLLBACK_COMPLETE") || len(f.mutatingCalls()) != 0 {
		t.Errorf("redeploy over ROLLBACK_COMPLETE: %v, calls %v", err, f.actions())
	}
}

func TestDeployAccessDeniedNamesAction(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	f.denyAction = "CreateStack"
	err := deployOpts(c, testInputs(), &run{}).Execute(context.Background())
	var ae *image.AWSError
	if !errors.As(err, &ae) || ae.Call != "cloudformation:CreateStack" || !strings.Contains(ae.Fix, "cloudformation:CreateStack") {
		t.Fatalf("err = %#v", err)
	}
}

func TestDeployRefusesForeignStack(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	f.seed("zmcp-test", map[string]string{"owner": "someone"})
	err := deployOpts(c, testInputs(), &run{}).Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not created by zscaler-mcp") {
		t.Fatalf("err = %v", err)
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("mutating calls %v", m)
	}
}

func TestDryRun(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	var r run
	o := deployOpts(c, testInputs(), &r)
	o.DryRun = true
	mustDeploy(t, o)
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Fatalf("dry run made mutating calls %v", m)
	}
	out := r.out.String()
	if !strings.Contains(out, "would create stack zmcp-test") || !strings.Contains(out, "ZscalerClientSecret") {
		t.Errorf("dry run output:\n%s", out)
	}
	if strings.Contains(r.all(), testSecret) || strings.Contains(r.all(), "client-id-1") {
		t.Errorf("a NoEcho value was printed:\n%s", r.all())
	}
	if !regexp.MustCompile(`ZscalerClientSecret\s+\*\*\*\*`).MatchString(out) || !regexp.MustCompile(`ZscalerVanityDomain\s+acme`).MatchString(out) {
		t.Errorf("parameters not listed with NoEcho masked:\n%s", out)
	}

	// Against a deployed stack: a change is summarised, nothing is mutated.
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.reset()
	in := testInputs()
	in.DisabledServices = []string{"zpa"}
	var r2 run
	o = deployOpts(c, in, &r2)
	o.DryRun = true
	mustDeploy(t, o)
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Fatalf("dry run made mutating calls %v", m)
	}
	if !strings.Contains(r2.out.String(), "would update stack") || !strings.Contains(r2.out.String(), "DisabledServices") {
		t.Errorf("dry run diff:\n%s", r2.out.String())
	}
}

func TestDryRunWithoutImageBuildsNothing(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := testInputs()
	in.ImageURI = ""
	var r run
	o := deployOpts(c, in, &r)
	o.DryRun = true
	built := false
	o.BuildImage = func(context.Context, string) (string, error) { built = true; return "", nil }
	mustDeploy(t, o)
	if built || len(f.mutatingCalls()) != 0 {
		t.Fatalf("dry run built the image (%v) or mutated (%v)", built, f.mutatingCalls())
	}
	if !strings.Contains(r.log.String(), "would build the image") {
		t.Errorf("log:\n%s", r.log.String())
	}
}

func TestDeployBuildsImageWhenNoURI(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := testInputs()
	in.ImageURI = ""
	o := deployOpts(c, in, &run{})
	const uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/zscaler/zscaler-mcp-server:9.9.9"
	var region string
	o.BuildImage = func(_ context.Context, r string) (string, error) { region = r; return uri, nil }
	mustDeploy(t, o)
	if region != "us-east-1" {
		t.Errorf("built for region %q", region)
	}
	got := members(f.find("CreateStack")[0].Form, "Parameters", "ParameterKey", "ParameterValue")
	if got["ECRImageUri"] != uri {
		t.Errorf("ECRImageUri = %q, want the built image", got["ECRImageUri"])
	}
}

func TestValidateListsEverythingMissing(t *testing.T) {
	o := &DeployOptions{Inputs: template.Inputs{RuntimeName: "zscaler-mcp"}, NonInteractive: true}
	err := o.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"no image URI", "ZSCALER_CLIENT_ID", "AgentRuntimeName", "--non-interactive"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

type scriptedPrompt struct {
	answers []string
	asked   []string
	confirm bool
}

func (p *scriptedPrompt) Ask(q, _ string) (string, error) {
	p.asked = append(p.asked, q)
	if len(p.answers) == 0 {
		return "", io.EOF
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func (p *scriptedPrompt) Confirm(q string) (bool, error) {
	p.asked = append(p.asked, q)
	return p.confirm, nil
}

func TestAskOnlyInteractive(t *testing.T) {
	in := testInputs()
	in.VanityDomain, in.CustomerID = "", ""
	p := &scriptedPrompt{answers: []string{"acme", "42"}}
	o := &DeployOptions{Inputs: in, Prompt: p, NonInteractive: true}
	if err := o.Ask(); err != nil || len(p.asked) != 0 {
		t.Fatalf("--non-interactive prompted: %v %v", err, p.asked)
	}
	o.NonInteractive = false
	if err := o.Ask(); err != nil {
		t.Fatal(err)
	}
	if o.Inputs.VanityDomain != "acme" || o.Inputs.CustomerID != "42" || len(p.asked) != 2 {
		t.Errorf("asked %v, inputs %+v", p.asked, o.Inputs)
	}
	for _, q := range p.asked {
		if !strings.Contains(q, "--") {
			t.Errorf("prompt %q names no flag", q)
		}
	}
}

func TestTemplateTooBigIsRefusedPrecisely(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := testInputs()
	in.Gateway = template.Gateway{Mode: template.GatewayCreate, DiscoveryURL: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration", ClientIDs: []string{"abc"}, ClientSecret: "gw-secret"}
	body, err := template.RenderJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) <= template.TemplateBodyLimit {
		t.Skipf("the gateway template is %d bytes, within the limit", len(body))
	}
	err = deployOpts(c, in, &run{}).Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "51200-byte TemplateBody limit") || !strings.Contains(err.Error(), "--s3-bucket") {
		t.Fatalf("err = %v", err)
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("mutating calls %v", m)
	}
}

func TestStatus(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.stacks["zmcp-test"].outputs["GatewayId"] = "gw-123"
	f.stacks["zmcp-test"].outputs["GatewayTargetId"] = "tg-456"
	f.mu.Unlock()
	f.reset()
	var out bytes.Buffer
	o := &StatusOptions{StackName: "zmcp-test", Clients: c, Out: &out}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := o.Execute(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CREATE_COMPLETE", "Runtime   zscalermcp-AbCdEf1234  READY  version 1", "Endpoint  DEFAULT  READY",
		"Gateway   gw-123  READY", "Target    tg-456  SYNCHRONIZE_UNSUCCESSFUL  reason: tools/list returned 401", "AgentRuntimeArn"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("status mutated: %v", m)
	}
	err := (&StatusOptions{StackName: "nope", Clients: c, Out: io.Discard}).Execute(context.Background())
	if !errors.Is(err, ErrNoStack) {
		t.Errorf("missing stack: %v", err)
	}
}

func TestDestroyRefusesForeignStack(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	f.seed("zmcp-test", map[string]string{"Application": "zscaler-mcp"})
	o := &DestroyOptions{StackName: "zmcp-test", Yes: true, Clients: c, Out: io.Discard, Log: io.Discard, PollInterval: time.Millisecond}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	err := o.Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "refusing to delete") {
		t.Fatalf("err = %v", err)
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("mutating calls %v", m)
	}
}

func TestDestroyDeletesOwnStack(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := testInputs()
	in.CredentialSource, in.ExistingSecretName = template.UseExisting, "my/own/secret"
	in.ClientID, in.ClientSecret, in.VanityDomain, in.CustomerID = "", "", "", ""
	mustDeploy(t, deployOpts(c, in, &run{}))
	f.reset()

	// Without --yes and not on a terminal: refused before any call.
	o := &DestroyOptions{StackName: "zmcp-test", Clients: c, NonInteractive: true}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("validate without --yes: %v", err)
	}
	// Declined at the prompt: nothing deleted.
	p := &scriptedPrompt{confirm: false}
	o = &DestroyOptions{StackName: "zmcp-test", Clients: c, Prompt: p, Out: io.Discard, Log: io.Discard, PollInterval: time.Millisecond}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := o.Execute(context.Background()); !errors.Is(err, ErrAborted) || len(f.mutatingCalls()) != 0 {
		t.Fatalf("declined: %v %v", err, f.mutatingCalls())
	}
	if len(p.asked) != 1 || !strings.Contains(p.asked[0], "my/own/secret") {
		t.Errorf("the prompt does not say the existing secret is kept: %v", p.asked)
	}

	var out, log bytes.Buffer
	o = &DestroyOptions{StackName: "zmcp-test", Yes: true, Clients: c, Out: &out, Log: &log, PollInterval: time.Millisecond, Timeout: 5 * time.Second}
	if err := o.Execute(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if m := f.mutatingCalls(); !slices.Equal(m, []string{"DeleteStack"}) {
		t.Fatalf("mutating calls %v", m)
	}
	if got := f.find("DeleteStack")[0].Form.Get("StackName"); !strings.HasPrefix(got, "arn:aws:cloudformation:") {
		t.Errorf("DeleteStack by %q, want the stack id", got)
	}
	if !strings.Contains(log.String(), "DELETE_COMPLETE") || !strings.Contains(out.String(), "kept (not created by this stack): the existing secret my/own/secret") {
		t.Errorf("out:\n%s\nlog:\n%s", out.String(), log.String())
	}
	// Gone: a second destroy has nothing to do.
	f.reset()
	out.Reset()
	if err := o.Execute(context.Background()); err != nil || !strings.Contains(out.String(), "nothing to delete") || len(f.mutatingCalls()) != 0 {
		t.Errorf("second destroy: %v %q %v", err, out.String(), f.mutatingCalls())
	}
}

func BenchmarkDryRun(b *testing.B) {
	f := newFakeAWS(b)
	c := f.clients(b)
	for b.Loop() {
		o := &DeployOptions{Inputs: testInputs(), Clients: c, Out: io.Discard, Log: io.Discard, DryRun: true, NonInteractive: true}
		if err := o.Validate(); err != nil {
			b.Fatal(err)
		}
		if err := o.Execute(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	if m := f.mutatingCalls(); len(m) != 0 {
		b.Fatalf("mutating calls %v", m)
	}
}
