package deploy

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

func gatewayInputs() template.Inputs {
	in := testInputs()
	in.Gateway = template.Gateway{Mode: template.GatewayCreate, DiscoveryURL: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration", ClientIDs: []string{"abc"}, ClientSecret: "gw-secret"}
	return in
}

// withSchemaIn is in with its tool schema at its content-addressed key in
// bucket, and that schema.
func withSchemaIn(t *testing.T, in template.Inputs, bucket string) (template.Inputs, []byte, string) {
	t.Helper()
	schema, err := in.ToolSchema()
	if err != nil {
		t.Fatal(err)
	}
	key := template.ToolSchemaKey(schema)
	in.Gateway.ToolSchemaS3URI = "s3://" + bucket + "/" + key
	return in, schema, key
}

// A Gateway template over the inline limit: the tool schema goes to S3
// (content-addressed), the target reads it from there, and the template,
// when still over the limit, is uploaded too; unchanged objects are not
// uploaded again.
func TestDeployUploadsBigTemplateToS3(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := gatewayInputs()
	inline, err := template.RenderJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(inline) <= template.TemplateBodyLimit {
		t.Fatalf("the gateway template is %d bytes, within the limit: this test needs one over it", len(inline))
	}
	// The template as deployed: the schema in S3. Lower the inline limit
	// below it, so that the template itself is uploaded too.
	s3In, schema, schemaKey := withSchemaIn(t, in, "tmpl-bucket")
	body, err := template.RenderJSON(s3In)
	if err != nil {
		t.Fatal(err)
	}
	old := templateBodyLimit
	templateBodyLimit = len(body) - 1
	t.Cleanup(func() { templateBodyLimit = old })
	key := templateKey("zmcp-test", body)
	if !strings.HasPrefix(key, TemplateKeyPrefix+"zmcp-test/") || !strings.HasSuffix(key, ".template.json") {
		t.Fatalf("key %q", key)
	}
	deployBucket := func(in template.Inputs) *run {
		var r run
		o := deployOpts(c, in, &r)
		o.TemplateBucket = "tmpl-bucket"
		mustDeploy(t, o)
		return &r
	}
	deployBucket(in)

	heads := actionsOf(f.requestsWith("HEAD "))
	puts := f.requestsWith("PUT ")
	wantHeads := []string{"HEAD /tmpl-bucket/" + schemaKey, "HEAD /tmpl-bucket/" + key}
	if strings.Join(heads, " ") != strings.Join(wantHeads, " ") {
		t.Fatalf("HEAD requests %v, want %v (path-style)", heads, wantHeads)
	}
	if len(puts) != 2 || puts[0].Action != "PUT /tmpl-bucket/"+schemaKey || puts[1].Action != "PUT /tmpl-bucket/"+key {
		t.Fatalf("PUT requests %v", actionsOf(puts))
	}
	if !bytes.Equal(puts[0].Body, schema) {
		t.Errorf("the schema object is not the tool schema (%d vs %d bytes)", len(puts[0].Body), len(schema))
	}
	for _, put := range puts {
		if got := put.Header.Get("X-Amz-Server-Side-Encryption"); got != "AES256" {
			t.Errorf("%s: SSE header = %q, want AES256", put.Action, got)
		}
		if got := put.Header.Get("X-Amz-Expected-Bucket-Owner"); got != "123456789012" {
			t.Errorf("%s: expected bucket owner = %q", put.Action, got)
		}
	}
	if !bytes.Equal(puts[1].Body, body) {
		t.Errorf("PutObject body is not the rendered template (%d vs %d bytes)", len(puts[1].Body), len(body))
	}
	if bytes.Contains(body, []byte("inputSchema")) || !bytes.Contains(body, []byte(`"Uri":"s3://tmpl-bucket/`+schemaKey+`"`)) {
		t.Error("the deployed template does not point the target at the schema object")
	}
	form := f.find("CreateStack")[0].Form
	wantURL := "https://tmpl-bucket.s3.us-east-1.amazonaws.com/" + key
	if form.Get("TemplateURL") != wantURL || form.Has("TemplateBody") {
		t.Errorf("CreateStack TemplateURL = %q (TemplateBody present: %v), want %q", form.Get("TemplateURL"), form.Has("TemplateBody"), wantURL)
	}
	if f.stacks["zmcp-test"].template != string(body) {
		t.Errorf("the stack's template is %.80q", f.stacks["zmcp-test"].template)
	}

	// Unchanged: GetTemplate gives the body back, nothing is uploaded or changed.
	f.reset()
	deployBucket(in)
	if m := f.mutatingCalls(); len(m) != 0 {
		t.Errorf("no-change deploy made mutating calls %v", m)
	}
	if p := f.requestsWith("PUT "); len(p) != 0 {
		t.Errorf("no-change deploy uploaded: %v", actionsOf(p))
	}

	// A parameter change: neither object is uploaded again.
	f.reset()
	in.ClientSecret = "rotated-secret"
	deployBucket(in)
	if p := f.requestsWith("PUT "); len(p) != 0 {
		t.Errorf("an unchanged template was uploaded again: %v", actionsOf(p))
	}
	if h := f.requestsWith("HEAD "); len(h) != 2 {
		t.Errorf("HEAD requests %v, want 2", actionsOf(h))
	}
	if u := f.find("UpdateStack"); len(u) != 1 || u[0].Form.Get("TemplateURL") != wantURL {
		t.Fatalf("UpdateStack calls %d / TemplateURL %v", len(u), u)
	}

	// A tool policy change: a new schema and a new template, under new keys.
	f.reset()
	in.DisabledServices = []string{"zpa"}
	deployBucket(in)
	s3In2, _, schemaKey2 := withSchemaIn(t, in, "tmpl-bucket")
	body2, _ := template.RenderJSON(s3In2)
	key2 := templateKey("zmcp-test", body2)
	if key2 == key || schemaKey2 == schemaKey {
		t.Fatal("the keys do not depend on the content")
	}
	if p := actionsOf(f.requestsWith("PUT ")); strings.Join(p, " ") != "PUT /tmpl-bucket/"+schemaKey2+" PUT /tmpl-bucket/"+key2 {
		t.Errorf("PUT requests %v, want the new keys %s, %s", p, schemaKey2, key2)
	}
	if u := f.find("UpdateStack"); len(u) != 1 || !strings.HasSuffix(u[0].Form.Get("TemplateURL"), key2) {
		t.Errorf("UpdateStack TemplateURL %v", u)
	}
}

// With the schema in S3 a template within the inline limit is passed as
// TemplateBody: only the schema is uploaded.
func TestDeployToolSchemaInS3TemplateInline(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := gatewayInputs()
	s3In, schema, schemaKey := withSchemaIn(t, in, "assets")
	body, err := template.RenderJSON(s3In)
	if err != nil {
		t.Fatal(err)
	}
	inline, _ := template.RenderJSON(in)
	old := templateBodyLimit
	templateBodyLimit = len(body) // the schema's template fits, the inline one does not
	t.Cleanup(func() { templateBodyLimit = old })
	if len(inline) <= templateBodyLimit {
		t.Fatalf("inline %d, with S3 %d", len(inline), len(body))
	}
	var r run
	o := deployOpts(c, in, &r)
	o.TemplateBucket = "assets"
	mustDeploy(t, o)
	puts := f.requestsWith("PUT ")
	if len(puts) != 1 || puts[0].Action != "PUT /assets/"+schemaKey || !bytes.Equal(puts[0].Body, schema) {
		t.Fatalf("PUT requests %v", actionsOf(puts))
	}
	form := f.find("CreateStack")[0].Form
	if form.Has("TemplateURL") || form.Get("TemplateBody") != string(body) {
		t.Errorf("CreateStack: TemplateURL %q, TemplateBody %.80q", form.Get("TemplateURL"), form.Get("TemplateBody"))
	}
	if !strings.Contains(r.log.String(), "reads its tool schema") {
		t.Errorf("log:\n%s", r.log.String())
	}
}

func TestDryRunNamesTheUpload(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	var r run
	o := deployOpts(c, gatewayInputs(), &r)
	o.DryRun, o.TemplateBucket = true, "tmpl-bucket"
	mustDeploy(t, o)
	if !strings.Contains(r.out.String(), "would be uploaded to s3://tmpl-bucket/"+template.ToolSchemaKeyPrefix) {
		t.Errorf("dry run:\n%s", r.out.String())
	}
	if s3 := append(f.requestsWith("PUT "), f.requestsWith("HEAD ")...); len(s3) != 0 {
		t.Errorf("dry run touched S3: %v", actionsOf(s3))
	}
}

func TestTemplateTooBigNamesTemplateBucket(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	err := deployOpts(c, gatewayInputs(), &run{}).Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "--template-bucket BUCKET") || !strings.Contains(err.Error(), "AWS_ASSET_BUCKET") {
		t.Fatalf("err = %v", err)
	}
	if s3 := append(f.requestsWith("PUT "), f.requestsWith("HEAD ")...); len(s3) != 0 {
		t.Errorf("touched S3 without a bucket: %v", actionsOf(s3))
	}
}

func TestDeployWaitsForTheNewRuntimeVersion(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.staleReady = 3 // READY at the old version three more times after the update
	f.mu.Unlock()
	f.reset()
	in := testInputs()
	in.Description = "changed description"
	var r run
	mustDeploy(t, deployOpts(c, in, &r))
	log := r.log.String()
	if !strings.Contains(log, "is READY at version 1, the one before the update: waiting for the new version") {
		t.Errorf("deploy did not wait for the new version:\n%s", log)
	}
	if !strings.Contains(log, "runtime zscalermcp-AbCdEf1234 is READY (version 2)") {
		t.Errorf("deploy did not end at version 2:\n%s", log)
	}
	// One GetAgentRuntime before the update, then three stale answers and the new one.
	if n := len(f.requestsWith("GET /runtimes/zscalermcp-AbCdEf1234")); n != 5 {
		t.Errorf("GetAgentRuntime calls = %d, want 5 (actions %v)", n, f.actions())
	}
}

func TestDeployNewVersionTimeout(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	mustDeploy(t, deployOpts(c, testInputs(), &run{}))
	f.mu.Lock()
	f.staleReady = 1 << 30
	f.mu.Unlock()
	in := testInputs()
	in.Description = "changed description"
	o := deployOpts(c, in, &run{})
	o.Timeout = 50 * 1e6 // 50ms
	err := o.Execute(context.Background())
	if err == nil || !strings.Contains(err.Error(), "READY but still at version 1") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewerVersion(t *testing.T) {
	for _, tc := range []struct {
		v, old string
		want   bool
	}{{"2", "1", true}, {"10", "9", true}, {"1", "1", false}, {"1", "2", false}, {"b", "a", true}, {"", "a", false}} {
		if got := newerVersion(tc.v, tc.old); got != tc.want {
			t.Errorf("newerVersion(%q, %q) = %v", tc.v, tc.old, got)
		}
	}
}

func actionsOf(rs []fakeRequest) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Action)
	}
	return out
}
