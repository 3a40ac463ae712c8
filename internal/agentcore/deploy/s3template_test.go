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

func TestDeployUploadsBigTemplateToS3(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	in := gatewayInputs()
	body, err := template.RenderJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) <= template.TemplateBodyLimit {
		t.Fatalf("the gateway template is %d bytes, within the limit: this test needs one over it", len(body))
	}
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

	heads := f.requestsWith("HEAD ")
	puts := f.requestsWith("PUT ")
	if len(heads) != 1 || heads[0].Action != "HEAD /tmpl-bucket/"+key {
		t.Fatalf("HEAD requests %v, want one HEAD /tmpl-bucket/%s (path-style)", actionsOf(heads), key)
	}
	if len(puts) != 1 || puts[0].Action != "PUT /tmpl-bucket/"+key {
		t.Fatalf("PUT requests %v", actionsOf(puts))
	}
	put := puts[0]
	if got := put.Header.Get("X-Amz-Server-Side-Encryption"); got != "AES256" {
		t.Errorf("PutObject SSE header = %q, want AES256", got)
	}
	if got := put.Header.Get("X-Amz-Expected-Bucket-Owner"); got != "123456789012" {
		t.Errorf("PutObject expected bucket owner = %q", got)
	}
	if !bytes.Equal(put.Body, body) {
		t.Errorf("PutObject body is not the rendered template (%d vs %d bytes)", len(put.Body), len(body))
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

	// A parameter change: the same template is not uploaded again.
	f.reset()
	in.ClientSecret = "rotated-secret"
	deployBucket(in)
	if p := f.requestsWith("PUT "); len(p) != 0 {
		t.Errorf("an unchanged template was uploaded again: %v", actionsOf(p))
	}
	if h := f.requestsWith("HEAD "); len(h) != 1 {
		t.Errorf("HEAD requests %v, want 1", actionsOf(h))
	}
	if u := f.find("UpdateStack"); len(u) != 1 || u[0].Form.Get("TemplateURL") != wantURL {
		t.Fatalf("UpdateStack calls %d / TemplateURL %v", len(u), u)
	}

	// A template change: a new object under a new key.
	f.reset()
	in.DisabledServices = []string{"zpa"}
	deployBucket(in)
	body2, _ := template.RenderJSON(in)
	key2 := templateKey("zmcp-test", body2)
	if key2 == key {
		t.Fatal("the key does not depend on the template")
	}
	if p := f.requestsWith("PUT "); len(p) != 1 || p[0].Action != "PUT /tmpl-bucket/"+key2 {
		t.Errorf("PUT requests %v, want the new key %s", actionsOf(p), key2)
	}
	if u := f.find("UpdateStack"); len(u) != 1 || !strings.HasSuffix(u[0].Form.Get("TemplateURL"), key2) {
		t.Errorf("UpdateStack TemplateURL %v", u)
	}
}

func TestDryRunNamesTheUpload(t *testing.T) {
	f := newFakeAWS(t)
	c := f.clients(t)
	var r run
	o := deployOpts(c, gatewayInputs(), &r)
	o.DryRun, o.TemplateBucket = true, "tmpl-bucket"
	mustDeploy(t, o)
	if !strings.Contains(r.out.String(), "would be uploaded to s3://tmpl-bucket/"+TemplateKeyPrefix+"zmcp-test/") {
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
