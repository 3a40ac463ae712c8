package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// fakeAWS speaks CloudFormation and STS (awsQuery: form body, XML
// responses) and the AgentCore control plane (REST-JSON) with a small
// in-memory stack state machine: every DescribeStacks releases the next
// pending event of the running operation.
type fakeAWS struct {
	mu       sync.Mutex
	stacks   map[string]*fakeStack // by name
	byID     map[string]*fakeStack
	requests []fakeRequest
	nextID   int

	failResource, failReason string         // the next create fails on this resource
	denyAction               string         // respond AccessDenied to this action
	noUpdates                bool           // UpdateStack always answers "No updates are to be performed"
	runtimePolls             map[string]int // GetAgentRuntime calls per runtime

	// S3 (REST-XML, path-style): objects by "bucket/key".
	objects map[string][]byte
	// runtimeVersion is each runtime's version; an UpdateStack of the
	// runtime bumps it, but GetAgentRuntime keeps answering READY at the
	// old version staleReady more times (AgentCore's lag).
	runtimeVersion map[string]int
	staleReady     int
	staleLeft      map[string]int
	// tools is the tools/list answer of InvokeAgentRuntime; invokeError,
	// when set, is its failure (HTTP 500 with this message).
	tools       []string
	invokeError string
	// targetSchema is the Gateway target's McpToolSchema as GetGatewayTarget
	// returns it (nil: none).
	targetSchema map[string]any
}

type fakeRequest struct {
	Action string // CloudFormation/STS action, or "GET /path" for AgentCore and S3
	Form   url.Values
	Header http.Header
	Body   []byte
}

type fakeStack struct {
	name, id, status, reason string
	template                 string
	params                   map[string]string
	tags                     map[string]string
	outputs                  map[string]string
	events                   []fakeEvent // oldest first
	pending                  []fakeEvent
}

type fakeEvent struct {
	id, logical, typ, status, reason string
	at                               time.Time
}

func newFakeAWS(t testing.TB) *fakeAWS {
	t.Helper()
	f := &fakeAWS{stacks: map[string]*fakeStack{}, byID: map[string]*fakeStack{}, runtimePolls: map[string]int{},
		objects: map[string][]byte{}, runtimeVersion: map[string]int{}, staleLeft: map[string]int{}}
	// One request per connection: with the SDK's single attempt
	// (AWS_MAX_ATTEMPTS=1), a kept-alive connection that the transport
	// retires while a response is read fails a test under load with "use of
	// closed network connection" (aws/aws-sdk-go-v2#2737), which is not what
	// the tests are about.
	srv := httptest.NewUnstartedServer(f)
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	t.Cleanup(srv.Close)
	for _, k := range []string{"AWS_ENDPOINT_URL_CLOUDFORMATION", "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_S3"} {
		t.Setenv(k, srv.URL)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-test")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_PROFILE", "")
	// The data plane (InvokeAgentRuntime) of runtime.SmokeTest.
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", srv.URL)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return f
}

func (f *fakeAWS) clients(t testing.TB) *Clients {
	t.Helper()
	c, err := LoadClients(context.Background(), "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// actions are the recorded actions, in order.
func (f *fakeAWS) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.Action)
	}
	return out
}

func (f *fakeAWS) find(action string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeAWS) reset() {
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
}

var mutating = []string{"CreateStack", "UpdateStack", "DeleteStack"}

// requestsWith are the requests whose action starts with prefix.
func (f *fakeAWS) requestsWith(prefix string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.requests {
		if strings.HasPrefix(r.Action, prefix) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeAWS) mutatingCalls() []string {
	var out []string
	for _, a := range f.actions() {
		if slices.Contains(mutating, a) {
			out = append(out, a)
		}
	}
	return out
}

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method == http.MethodPost && r.URL.Path == "/" {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		action := r.PostForm.Get("Action")
		f.requests = append(f.requests, fakeRequest{Action: action, Form: r.PostForm})
		if action == f.denyAction {
			queryError(w, 403, "AccessDenied", fmt.Sprintf("User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudformation:%s on resource: stack", action))
			return
		}
		f.query(w, action, r.PostForm)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.requests = append(f.requests, fakeRequest{Action: r.Method + " " + r.URL.Path, Header: r.Header.Clone(), Body: body})
	switch {
	case r.Method == http.MethodHead || r.Method == http.MethodPut,
		r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/runtimes/") && !strings.HasPrefix(r.URL.Path, "/gateways/"):
		f.s3(w, r, body)
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/runtimes/") && strings.HasSuffix(r.URL.Path, "/invocations"):
		f.invoke(w, r, body)
	default:
		f.rest(w, r)
	}
}

func queryError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req</RequestId></ErrorResponse>`, code, html.EscapeString(msg))
}

func queryOK(w http.ResponseWriter, action, result string) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><%sResult>%s</%sResult><ResponseMetadata><RequestId>req</RequestId></ResponseMetadata></%sResponse>`, action, action, result, action, action)
}

func x(s string) string { return html.EscapeString(s) }

// members reads Prefix.member.N.K / .V pairs.
func members(form url.Values, prefix, k, v string) map[string]string {
	out := map[string]string{}
	for i := 1; ; i++ {
		key := form.Get(fmt.Sprintf("%s.member.%d.%s", prefix, i, k))
		if key == "" {
			return out
		}
		out[key] = form.Get(fmt.Sprintf("%s.member.%d.%s", prefix, i, v))
	}
}

func (f *fakeAWS) lookup(nameOrID string) *fakeStack {
	if s := f.byID[nameOrID]; s != nil {
		return s
	}
	return f.stacks[nameOrID]
}

func (f *fakeAWS) event(s *fakeStack, logical, typ, status, reason string) fakeEvent {
	f.nextID++
	return fakeEvent{id: fmt.Sprintf("ev-%04d", f.nextID), logical: logical, typ: typ, status: status, reason: reason,
		at: time.Date(2026, 1, 1, 0, 0, f.nextID, 0, time.UTC)}
}

func (f *fakeAWS) advance(s *fakeStack) {
	if len(s.pending) == 0 {
		return
	}
	e := s.pending[0]
	s.pending = s.pending[1:]
	s.events = append(s.events, e)
	if e.typ == "AWS::CloudFormation::Stack" {
		s.status, s.reason = e.status, e.reason
		if s.status == "DELETE_COMPLETE" {
			delete(f.stacks, s.name)
		}
	}
}

const stackType = "AWS::CloudFormation::Stack"

func (f *fakeAWS) operation(s *fakeStack, verb string) {
	ev := func(l, t, st, r string) fakeEvent { return f.event(s, l, t, st, r) }
	s.pending = nil
	switch verb {
	case "CREATE":
		s.pending = append(s.pending, ev(s.name, stackType, "CREATE_IN_PROGRESS", "User Initiated"),
			ev("ExecutionRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS", ""),
			ev("ExecutionRole", "AWS::IAM::Role", "CREATE_COMPLETE", ""),
			ev("AgentRuntime", "AWS::BedrockAgentCore::Runtime", "CREATE_IN_PROGRESS", ""))
		if f.failResource != "" {
			s.pending = append(s.pending, ev(f.failResource, "AWS::BedrockAgentCore::Runtime", "CREATE_FAILED", f.failReason),
				ev(s.name, stackType, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: ["+f.failResource+"]. Rollback requested by user."),
				ev("ExecutionRole", "AWS::IAM::Role", "DELETE_COMPLETE", ""),
				ev(s.name, stackType, "ROLLBACK_COMPLETE", ""))
			f.failResource = ""
			return
		}
		s.pending = append(s.pending, ev("AgentRuntime", "AWS::BedrockAgentCore::Runtime", "CREATE_COMPLETE", ""),
			ev(s.name, stackType, "CREATE_COMPLETE", ""))
	case "UPDATE":
		s.pending = append(s.pending, ev(s.name, stackType, "UPDATE_IN_PROGRESS", "User Initiated"),
			ev("AgentRuntime", "AWS::BedrockAgentCore::Runtime", "UPDATE_IN_PROGRESS", ""),
			ev("AgentRuntime", "AWS::BedrockAgentCore::Runtime", "UPDATE_COMPLETE", ""),
			ev(s.name, stackType, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", ""),
			ev(s.name, stackType, "UPDATE_COMPLETE", ""))
	case "DELETE":
		s.pending = append(s.pending, ev(s.name, stackType, "DELETE_IN_PROGRESS", "User Initiated"),
			ev("AgentRuntime", "AWS::BedrockAgentCore::Runtime", "DELETE_COMPLETE", ""),
			ev(s.name, stackType, "DELETE_COMPLETE", ""))
	}
	f.advance(s) // the operation's first event is immediate
}

// seed adds a finished stack (for foreign-stack tests).
func (f *fakeAWS) seed(name string, tags map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &fakeStack{name: name, id: "arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/seeded", status: "CREATE_COMPLETE",
		template: "{}", params: map[string]string{}, tags: tags, outputs: map[string]string{}}
	f.stacks[name], f.byID[s.id] = s, s
}

func (f *fakeAWS) query(w http.ResponseWriter, action string, form url.Values) {
	name := form.Get("StackName")
	switch action {
	case "GetCallerIdentity":
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
	case "CreateStack":
		if f.stacks[name] != nil {
			queryError(w, 400, "AlreadyExistsException", "Stack ["+name+"] already exists")
			return
		}
		s := &fakeStack{name: name, id: fmt.Sprintf("arn:aws:cloudformation:us-east-1:123456789012:stack/%s/%d", name, len(f.byID)+1),
			template: f.templateOf(form), params: members(form, "Parameters", "ParameterKey", "ParameterValue"),
			tags: members(form, "Tags", "Key", "Value"),
			outputs: map[string]string{"AgentRuntimeId": "zscalermcp-AbCdEf1234", "AgentRuntimeArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/zscalermcp-AbCdEf1234",
				"SecretName": "zscalermcp-credentials"}}
		f.stacks[name], f.byID[s.id] = s, s
		f.operation(s, "CREATE")
		queryOK(w, action, "<StackId>"+x(s.id)+"</StackId>")
	case "UpdateStack":
		s := f.lookup(name)
		if s == nil {
			queryError(w, 400, "ValidationError", "Stack ["+name+"] does not exist")
			return
		}
		params, tags := members(form, "Parameters", "ParameterKey", "ParameterValue"), members(form, "Tags", "Key", "Value")
		tpl := f.templateOf(form)
		if f.noUpdates || tpl == s.template && mapsEqual(params, s.params) && mapsEqual(tags, s.tags) {
			queryError(w, 400, "ValidationError", "No updates are to be performed.")
			return
		}
		s.template, s.params, s.tags = tpl, params, tags
		f.operation(s, "UPDATE")
		if id := s.outputs["AgentRuntimeId"]; id != "" {
			f.runtimeVersion[id]++
			f.staleLeft[id] = f.staleReady
		}
		queryOK(w, action, "<StackId>"+x(s.id)+"</StackId>")
	case "DeleteStack":
		if s := f.lookup(name); s != nil {
			f.operation(s, "DELETE")
		}
		queryOK(w, action, "")
	case "DescribeStacks":
		s := f.lookup(name)
		if s == nil {
			queryError(w, 400, "ValidationError", "Stack with id "+name+" does not exist")
			return
		}
		f.advance(s)
		var b strings.Builder
		fmt.Fprintf(&b, "<Stacks><member><StackName>%s</StackName><StackId>%s</StackId><StackStatus>%s</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime>", x(s.name), x(s.id), s.status)
		if s.reason != "" {
			fmt.Fprintf(&b, "<StackStatusReason>%s</StackStatusReason>", x(s.reason))
		}
		b.WriteString("<Parameters>")
		noEcho := template.NoEchoParameters()
		for _, k := range sortedKeys(s.params) {
			v := s.params[k]
			if slices.Contains(noEcho, k) {
				v = "****"
			}
			fmt.Fprintf(&b, "<member><ParameterKey>%s</ParameterKey><ParameterValue>%s</ParameterValue></member>", x(k), x(v))
		}
		b.WriteString("</Parameters><Tags>")
		for _, k := range sortedKeys(s.tags) {
			fmt.Fprintf(&b, "<member><Key>%s</Key><Value>%s</Value></member>", x(k), x(s.tags[k]))
		}
		b.WriteString("</Tags>")
		if strings.HasSuffix(s.status, "_COMPLETE") && !strings.Contains(s.status, "ROLLBACK") && s.status != "DELETE_COMPLETE" {
			b.WriteString("<Outputs>")
			for _, k := range sortedKeys(s.outputs) {
				fmt.Fprintf(&b, "<member><OutputKey>%s</OutputKey><OutputValue>%s</OutputValue></member>", x(k), x(s.outputs[k]))
			}
			b.WriteString("</Outputs>")
		}
		b.WriteString("</member></Stacks>")
		queryOK(w, action, b.String())
	case "DescribeStackEvents":
		s := f.lookup(name)
		if s == nil {
			queryError(w, 400, "ValidationError", "Stack ["+name+"] does not exist")
			return
		}
		var b strings.Builder
		b.WriteString("<StackEvents>")
		for i := len(s.events) - 1; i >= 0; i-- { // newest first
			e := s.events[i]
			fmt.Fprintf(&b, "<member><EventId>%s</EventId><StackName>%s</StackName><StackId>%s</StackId><LogicalResourceId>%s</LogicalResourceId><ResourceType>%s</ResourceType><ResourceStatus>%s</ResourceStatus><Timestamp>%s</Timestamp>",
				e.id, x(s.name), x(s.id), x(e.logical), x(e.typ), e.status, e.at.Format(time.RFC3339))
			if e.reason != "" {
				fmt.Fprintf(&b, "<ResourceStatusReason>%s</ResourceStatusReason>", x(e.reason))
			}
			b.WriteString("</member>")
		}
		b.WriteString("</StackEvents>")
		queryOK(w, action, b.String())
	case "GetTemplate":
		s := f.lookup(name)
		if s == nil {
			queryError(w, 400, "ValidationError", "Stack with id "+name+" does not exist")
			return
		}
		queryOK(w, action, "<TemplateBody>"+x(s.template)+"</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>")
	default:
		queryError(w, 400, "InvalidAction", "unknown action "+action)
	}
}

func (f *fakeAWS) rest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	send := func(v any) { _ = json.NewEncoder(w).Encode(v) }
	switch {
	case len(parts) == 2 && parts[0] == "runtimes":
		f.runtimePolls[parts[1]]++
		status := "READY"
		if f.runtimePolls[parts[1]] == 1 {
			status = "CREATING"
		}
		version := f.runtimeVersion[parts[1]] + 1
		if f.staleLeft[parts[1]] > 0 {
			f.staleLeft[parts[1]]--
			version--
		}
		send(map[string]any{"agentRuntimeId": parts[1], "agentRuntimeArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/" + parts[1],
			"agentRuntimeName": "zscalermcp", "agentRuntimeVersion": fmt.Sprint(version), "status": status, "createdAt": "2026-01-01T00:00:00Z", "lastUpdatedAt": "2026-01-01T00:00:00Z"})
	case len(parts) == 4 && parts[0] == "runtimes" && parts[2] == "runtime-endpoints":
		send(map[string]any{"name": parts[3], "status": "READY", "liveVersion": "1", "agentRuntimeEndpointArn": "arn:ep", "agentRuntimeArn": "arn:rt", "id": "ep"})
	case len(parts) == 2 && parts[0] == "gateways":
		send(map[string]any{"gatewayId": parts[1], "status": "READY", "name": "gw"})
	case len(parts) == 4 && parts[0] == "gateways" && parts[2] == "targets":
		t := map[string]any{"targetId": parts[3], "status": "SYNCHRONIZE_UNSUCCESSFUL", "statusReasons": []string{"tools/list returned 401"}}
		if f.targetSchema != nil {
			t["status"], t["statusReasons"] = "READY", []string{}
			t["lastSynchronizedAt"] = "2026-01-02T03:04:05Z"
			t["targetConfiguration"] = map[string]any{"mcp": map[string]any{"mcpServer": map[string]any{"endpoint": "https://rt", "mcpToolSchema": f.targetSchema}}}
		}
		send(t)
	default:
		w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
		w.WriteHeader(404)
		send(map[string]any{"message": "not found: " + r.URL.Path})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// templateOf is the template of a CreateStack/UpdateStack: TemplateBody, or
// the S3 object TemplateURL names (https://BUCKET.s3.REGION.amazonaws.com/KEY).
func (f *fakeAWS) templateOf(form url.Values) string {
	if u := form.Get("TemplateURL"); u != "" {
		pu, err := url.Parse(u)
		if err != nil {
			return "bad TemplateURL " + u
		}
		bucket, _, _ := strings.Cut(pu.Host, ".s3.")
		if obj, ok := f.objects[bucket+pu.Path]; ok {
			return string(obj)
		}
		return "missing object " + u
	}
	return form.Get("TemplateBody")
}

// s3 is path-style S3: HEAD and PUT /BUCKET/KEY.
func (f *fakeAWS) s3(w http.ResponseWriter, r *http.Request, body []byte) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	switch r.Method {
	case http.MethodGet:
		obj, ok := f.objects[name]
		if !ok {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(404)
			fmt.Fprint(w, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
			return
		}
		_, _ = w.Write(obj)
	case http.MethodHead:
		obj, ok := f.objects[name]
		if !ok {
			w.WriteHeader(404)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(obj)))
		w.Header().Set("ETag", `"etag"`)
	case http.MethodPut:
		if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
			http.Error(w, "aws-chunked bodies are not supported by the fake", 400)
			return
		}
		f.objects[name] = body
		w.Header().Set("ETag", `"etag"`)
		w.Header().Set("x-amz-server-side-encryption", r.Header.Get("x-amz-server-side-encryption"))
	}
}

// invoke answers tools/list as InvokeAgentRuntime (JSON).
func (f *fakeAWS) invoke(w http.ResponseWriter, _ *http.Request, body []byte) {
	var req struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	_ = json.Unmarshal(body, &req)
	if f.invokeError != "" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", "RuntimeClientError")
		w.WriteHeader(424)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": f.invokeError})
		return
	}
	tools := []map[string]any{}
	for _, n := range f.tools {
		tools = append(tools, map[string]any{"name": n, "inputSchema": map[string]any{"type": "object"}})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": req.ID, "result": map[string]any{"tools": tools}})
}
