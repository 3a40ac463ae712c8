package runtime

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// The deploy actions, spelled out (not computed from DeployActions) so a
// change to that list fails here.
var wantDeployActions = []string{
	"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks",
	"cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:DeleteStack",
	"bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:UpdateAgentRuntime", "bedrock-agentcore:GetAgentRuntime",
	"bedrock-agentcore:InvokeAgentRuntime",
	"iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole",
	"ecr:CreateRepository", "ecr:DescribeRepositories", "ecr:GetAuthorizationToken", "ecr:InitiateLayerUpload",
	"logs:FilterLogEvents",
	"secretsmanager:CreateSecret",
}

// simCall is one SimulatePrincipalPolicy request the fake IAM received.
type simCall struct {
	source  string
	actions []string
	marker  string
}

// fakeIAM speaks IAM's awsQuery: Action=SimulatePrincipalPolicy in a form
// body, XML answers, pageSize results a page (IsTruncated/Marker).
// decide gives each action's EvalDecision; errCode, when set, is returned
// as a 403 (AccessDenied) or 404 (NoSuchEntity) instead.
type fakeIAM struct {
	decide   func(action string) string
	errCode  string
	pageSize int

	mu    sync.Mutex
	calls []simCall
}

func (f *fakeIAM) start(t *testing.T) {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml")
		fail := func(status int, code, msg string) {
			w.WriteHeader(status)
			fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>1</RequestId></ErrorResponse>`, code, msg)
		}
		if r.Method != http.MethodPost || form.Get("Action") != "SimulatePrincipalPolicy" || form.Get("Version") != "2010-05-08" ||
			!strings.Contains(r.Header.Get("Authorization"), "/iam/aws4_request") {
			fail(400, "InvalidAction", "bad request")
			return
		}
		call := simCall{source: form.Get("PolicySourceArn"), marker: form.Get("Marker")}
		for i := 1; form.Has("ActionNames.member." + strconv.Itoa(i)); i++ {
			call.actions = append(call.actions, form.Get("ActionNames.member."+strconv.Itoa(i)))
		}
		f.mu.Lock()
		f.calls = append(f.calls, call)
		f.mu.Unlock()
		switch f.errCode {
		case "AccessDenied":
			fail(403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/Deployer/s is not authorized to perform: iam:SimulatePrincipalPolicy")
			return
		case "NoSuchEntity":
			fail(404, "NoSuchEntity", "The role with name Deployer cannot be found.")
			return
		}
		start := 0
		if call.marker != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(call.marker, "page-"))
			if err != nil {
				fail(400, "InvalidInput", "bad marker")
				return
			}
			start = n
		}
		end := min(start+f.pageSize, len(call.actions))
		var b strings.Builder
		for _, a := range call.actions[start:end] {
			fmt.Fprintf(&b, `<member><EvalActionName>%s</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>%s</EvalDecision></member>`, a, f.decide(a))
		}
		more := ""
		if end < len(call.actions) {
			more = fmt.Sprintf(`<IsTruncated>true</IsTruncated><Marker>page-%d</Marker>`, end)
		} else {
			more = `<IsTruncated>false</IsTruncated>`
		}
		fmt.Fprintf(w, `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult>%s<EvaluationResults>%s</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`, more, b.String())
	}))
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL_IAM", ts.URL)
}

func allow(string) string { return "allowed" }

const (
	assumedRole = "arn:aws:sts::123456789012:assumed-role/Deployer/alice@example.com"
	deployerARN = "arn:aws:iam::123456789012:role/Deployer"
)

func TestSimulationARN(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
		why      string
	}{
		{assumedRole, deployerARN, true, ""},
		{"arn:aws-cn:sts::123456789012:assumed-role/R/s", "arn:aws-cn:iam::123456789012:role/R", true, ""},
		{"arn:aws:iam::123456789012:user/team/dev", "arn:aws:iam::123456789012:user/team/dev", true, ""},
		{"arn:aws:iam::123456789012:role/svc/Deployer", "arn:aws:iam::123456789012:role/svc/Deployer", true, ""},
		{"arn:aws:iam::123456789012:root", "", false, "root user"},
		{"arn:aws:sts::123456789012:federated-user/bob", "", false, "federated user"},
		{"arn:aws:sts::123456789012:assumed-role/", "", false, "role name"},
		{"not-an-arn", "", false, "not an ARN"},
	}
	for _, tc := range cases {
		got, ok, why := SimulationARN(tc.in)
		if got != tc.want || ok != tc.ok || !strings.Contains(why, tc.why) {
			t.Errorf("SimulationARN(%q) = %q, %v, %q; want %q, %v, …%q…", tc.in, got, ok, why, tc.want, tc.ok, tc.why)
		}
	}
}

func TestDoctorPermissions(t *testing.T) {
	run := func(t *testing.T, caller string, f *fakeIAM, in template.Inputs, bucket string) ([]Check, Check) {
		t.Helper()
		isolateAWS(t)
		fakeSTSAs(t, true, caller)
		f.start(t)
		if in.AuthMode == "" {
			in.AuthMode = "none"
		}
		checks := Doctor(ctxT(t), DoctorOptions{Inputs: in, TemplateBucket: bucket, Zscaler: ZscalerSettings{SecretName: "s"}})
		return checks, find(t, checks, "IAM permissions")
	}

	t.Run("all allowed, paginated", func(t *testing.T) {
		f := &fakeIAM{decide: allow, pageSize: 7}
		checks, c := run(t, assumedRole, f, template.Inputs{}, "")
		expect(t, c, Pass, deployerARN, "all 19 deploy actions")
		if Failed(checks) {
			t.Errorf("Failed() with %+v", checks)
		}
		if len(f.calls) != 3 {
			t.Fatalf("%d simulation requests, want 3 pages of 7: %+v", len(f.calls), f.calls)
		}
		for i, call := range f.calls {
			if call.source != deployerARN {
				t.Errorf("page %d: PolicySourceArn %q, want %q", i, call.source, deployerARN)
			}
			if !reflect.DeepEqual(call.actions, wantDeployActions) {
				t.Errorf("page %d: actions\n%v\nwant\n%v", i, call.actions, wantDeployActions)
			}
		}
		if f.calls[0].marker != "" || f.calls[1].marker != "page-7" || f.calls[2].marker != "page-14" {
			t.Errorf("markers %q %q %q", f.calls[0].marker, f.calls[1].marker, f.calls[2].marker)
		}
	})

	t.Run("KMS key and template bucket add actions", func(t *testing.T) {
		f := &fakeIAM{decide: allow, pageSize: 100}
		_, c := run(t, "arn:aws:iam::123456789012:user/ops/dev", f, template.Inputs{CreateKMSKey: true}, "my-bucket")
		expect(t, c, Pass, "all 21 deploy actions")
		want := append(append([]string{}, wantDeployActions...), "kms:CreateKey", "s3:PutObject")
		if len(f.calls) != 1 || f.calls[0].source != "arn:aws:iam::123456789012:user/ops/dev" || !reflect.DeepEqual(f.calls[0].actions, want) {
			t.Errorf("calls %+v, want one for the user with %v", f.calls, want)
		}
	})

	t.Run("some denied", func(t *testing.T) {
		f := &fakeIAM{pageSize: 100, decide: func(a string) string {
			switch a {
			case "iam:PassRole":
				return "implicitDeny"
			case "ecr:InitiateLayerUpload":
				return "explicitDeny"
			}
			return "allowed"
		}}
		checks, c := run(t, assumedRole, f, template.Inputs{}, "")
		expect(t, c, Fail, "denied 2 of 19", "iam:PassRole", "ecr:InitiateLayerUpload (explicit deny)",
			`{"Effect":"Allow","Action":["ecr:InitiateLayerUpload","iam:PassRole"],"Resource":"*"}`, deployerARN)
		if strings.Contains(c.Detail+c.Fix, "logs:FilterLogEvents") {
			t.Errorf("an allowed action is reported: %s / %s", c.Detail, c.Fix)
		}
		if !Failed(checks) {
			t.Error("Failed() is false")
		}
	})

	t.Run("simulation denied", func(t *testing.T) {
		f := &fakeIAM{errCode: "AccessDenied", pageSize: 100, decide: allow}
		checks, c := run(t, assumedRole, f, template.Inputs{}, "")
		expect(t, c, Warn, "not simulated", "iam:SimulatePrincipalPolicy", deployerARN, "logs:FilterLogEvents")
		if Failed(checks) {
			t.Errorf("a refused simulation fails doctor: %+v", checks)
		}
		if len(f.calls) != 1 {
			t.Errorf("%d calls", len(f.calls))
		}
	})

	t.Run("role under a path", func(t *testing.T) {
		f := &fakeIAM{errCode: "NoSuchEntity", pageSize: 100, decide: allow}
		_, c := run(t, assumedRole, f, template.Inputs{}, "")
		expect(t, c, Warn, "not simulated", "no role path")
	})

	t.Run("root", func(t *testing.T) {
		f := &fakeIAM{decide: allow, pageSize: 100}
		_, c := run(t, "arn:aws:iam::123456789012:root", f, template.Inputs{}, "")
		expect(t, c, Warn, "root user", "cloudformation:CreateStack")
		if len(f.calls) != 0 {
			t.Errorf("root was simulated: %+v", f.calls)
		}
	})

	t.Run("no identity", func(t *testing.T) {
		isolateAWS(t)
		fakeSTS(t, false)
		f := &fakeIAM{decide: allow, pageSize: 100}
		f.start(t)
		c := find(t, Doctor(ctxT(t), DoctorOptions{Inputs: template.Inputs{AuthMode: "none"}}), "IAM permissions")
		expect(t, c, Warn, "no AWS identity")
		if len(f.calls) != 0 {
			t.Errorf("simulated without an identity: %+v", f.calls)
		}
	})
}

func TestDeployActionsFollowTheInputs(t *testing.T) {
	has := func(list []string, a string) bool {
		for _, x := range list {
			if x == a {
				return true
			}
		}
		return false
	}
	existing := DeployActions(template.Inputs{CredentialSource: template.UseExisting}, "")
	if has(existing, "secretsmanager:CreateSecret") || has(existing, "s3:PutObject") || has(existing, "kms:CreateKey") {
		t.Fatalf("UseExisting without bucket or key asks for %v", existing)
	}
	created := DeployActions(template.Inputs{CredentialSource: template.CreateNew, CreateKMSKey: true}, "bucket")
	for _, a := range []string{"secretsmanager:CreateSecret", "kms:CreateKey", "s3:PutObject", "bedrock-agentcore:UpdateAgentRuntime"} {
		if !has(created, a) {
			t.Errorf("%s missing from %v", a, created)
		}
	}
}
