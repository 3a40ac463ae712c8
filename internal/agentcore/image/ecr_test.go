package image

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

const ecrPassword = "ecr-token-password-for-tests"

// fakeECR speaks the ECR control-plane wire protocol (awsJson1.1, one POST
// per call, X-Amz-Target AmazonEC2ContainerRegistry_V20150921.<Op>) and hands
// out authorization tokens for an in-process registry that requires them.
type fakeECR struct {
	t        *testing.T
	regHost  string
	mu       sync.Mutex
	calls    []ecrCall
	repos    map[string]map[string]any
	deny     map[string]bool // operation → AccessDeniedException
	manifest int             // manifest PUTs the registry received
}

type ecrCall struct {
	op    string
	body  map[string]any
	auth  string
	ctype string
}

func newFakeECR(t *testing.T) (*fakeECR, *ecr.Client) {
	t.Helper()
	f := &fakeECR{t: t, repos: map[string]map[string]any{}, deny: map[string]bool{}}

	// The registry: Basic auth with the token's user and password, like ECR's.
	reg := quietRegistry()
	regSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "AWS" || pass != ecrPassword {
			w.Header().Set("WWW-Authenticate", `Basic realm="https://ecr.test"`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors":[{"code":"DENIED","message":"Not Authorized"}]}`)
			return
		}
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/manifests/") {
			f.mu.Lock()
			f.manifest++
			f.mu.Unlock()
		}
		reg.ServeHTTP(w, r)
	}))
	t.Cleanup(regSrv.Close)
	f.regHost = strings.TrimPrefix(regSrv.URL, "http://")

	ecrSrv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(ecrSrv.Close)

	// The real SDK client, pointed at the fake through the standard variable.
	t.Setenv("AWS_ENDPOINT_URL_ECR", ecrSrv.URL)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTESTTESTTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	cfg, err := awsconfig.LoadDefaultConfig(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return f, ecr.NewFromConfig(cfg)
}

func (f *fakeECR) serve(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, "AmazonEC2ContainerRegistry_V20150921.")
	if r.Method != http.MethodPost || !ok {
		http.Error(w, "not an ECR call: "+target, http.StatusBadRequest)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, ecrCall{op: op, body: body, auth: r.Header.Get("Authorization"), ctype: r.Header.Get("Content-Type")})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	fail := func(typ, msg string) {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
	}
	if f.deny[op] {
		fail("AccessDeniedException", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ecr:"+op+" on resource: arn:aws:ecr:us-east-1:123456789012:repository/x because no identity-based policy allows the ecr:"+op+" action")
		return
	}
	switch op {
	case "DescribeRepositories":
		names, _ := body["repositoryNames"].([]any)
		var out []any
		for _, n := range names {
			repo, ok := f.repos[n.(string)]
			if !ok {
				fail("RepositoryNotFoundException", fmt.Sprintf("The repository with name '%s' does not exist in the registry with id '123456789012'", n))
				return
			}
			out = append(out, repo)
		}
		json.NewEncoder(w).Encode(map[string]any{"repositories": out})
	case "CreateRepository":
		n, _ := body["repositoryName"].(string)
		if _, ok := f.repos[n]; ok {
			fail("RepositoryAlreadyExistsException", "The repository with name '"+n+"' already exists")
			return
		}
		repo := map[string]any{
			"repositoryName":             n,
			"repositoryArn":              "arn:aws:ecr:us-east-1:123456789012:repository/" + n,
			"registryId":                 "123456789012",
			"repositoryUri":              f.regHost + "/" + n,
			"imageTagMutability":         body["imageTagMutability"],
			"imageScanningConfiguration": body["imageScanningConfiguration"],
			"createdAt":                  float64(time.Now().Unix()),
		}
		f.repos[n] = repo
		json.NewEncoder(w).Encode(map[string]any{"repository": repo})
	case "GetAuthorizationToken":
		json.NewEncoder(w).Encode(map[string]any{"authorizationData": []any{map[string]any{
			"authorizationToken": base64.StdEncoding.EncodeToString([]byte("AWS:" + ecrPassword)),
			"expiresAt":          float64(time.Now().Add(12 * time.Hour).Unix()),
			"proxyEndpoint":      "http://" + f.regHost,
		}}})
	default:
		fail("UnknownOperationException", op)
	}
}

func (f *fakeECR) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.op)
	}
	return out
}

func (f *fakeECR) count(op string) int {
	n := 0
	for _, o := range f.ops() {
		if o == op {
			n++
		}
	}
	return n
}

func (f *fakeECR) manifests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.manifest
}

func headDigest(t *testing.T, ref string) v1.Hash {
	t.Helper()
	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	d, err := remote.Head(r, remote.WithAuth(authn.FromConfig(authn.AuthConfig{Username: "AWS", Password: ecrPassword})))
	if err != nil {
		t.Fatal(err)
	}
	return d.Digest
}

func TestPushToECR(t *testing.T) {
	f, client := newFakeECR(t)
	idx := fakeIndex(t, "first")
	want, _ := idx.Digest()

	uri, err := PushToECR(t.Context(), client, "us-east-1", "", idx, "v1.2.3", WithLog(testLog{t}))
	if err != nil {
		t.Fatal(err)
	}
	if wantURI := f.regHost + "/" + DefaultRepository + ":v1.2.3"; uri != wantURI {
		t.Errorf("image URI %q, want %q", uri, wantURI)
	}
	if got := f.ops(); strings.Join(got, ",") != "DescribeRepositories,CreateRepository,GetAuthorizationToken" {
		t.Errorf("ECR calls %v", got)
	}
	f.mu.Lock()
	for _, c := range f.calls {
		if !strings.HasPrefix(c.auth, "AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTEST/") || !strings.Contains(c.auth, "/us-east-1/ecr/aws4_request") {
			t.Errorf("%s was not SigV4-signed for ecr in us-east-1: %q", c.op, c.auth)
		}
		if c.ctype != "application/x-amz-json-1.1" {
			t.Errorf("%s Content-Type %q", c.op, c.ctype)
		}
		if c.op == "CreateRepository" {
			if c.body["repositoryName"] != DefaultRepository {
				t.Errorf("CreateRepository name %v", c.body["repositoryName"])
			}
			if c.body["imageTagMutability"] != "IMMUTABLE" {
				t.Errorf("CreateRepository imageTagMutability %v, want IMMUTABLE", c.body["imageTagMutability"])
			}
			scan, _ := c.body["imageScanningConfiguration"].(map[string]any)
			if scan["scanOnPush"] != true {
				t.Errorf("CreateRepository imageScanningConfiguration %v, want scanOnPush true", c.body["imageScanningConfiguration"])
			}
		}
	}
	f.mu.Unlock()
	if got := headDigest(t, uri); got != want {
		t.Errorf("the registry holds %s under the tag, pushed %s", got, want)
	}
	if f.manifests() != 3 {
		t.Errorf("%d manifest PUTs, want 3 (two images and the index)", f.manifests())
	}

	// The same content again: a no-op success, no mutating call, no upload.
	before := f.manifests()
	uri2, err := PushToECR(t.Context(), client, "us-east-1", DefaultRepository, fakeIndex(t, "first"), "v1.2.3")
	if err != nil {
		t.Fatalf("pushing the same image again: %v", err)
	}
	if uri2 != uri {
		t.Errorf("second push gave %q, first %q", uri2, uri)
	}
	if n := f.count("CreateRepository"); n != 1 {
		t.Errorf("CreateRepository called %d times, want once", n)
	}
	if f.manifests() != before {
		t.Errorf("the second push of the same image uploaded %d manifests", f.manifests()-before)
	}

	// A different image under the same tag is refused, and the tag keeps its image.
	other := fakeIndex(t, "second")
	_, err = PushToECR(t.Context(), client, "us-east-1", DefaultRepository, other, "v1.2.3")
	var conflict *TagConflictError
	if !errors.As(err, &conflict) {
		t.Fatalf("pushing a different image under an existing tag: %v, want a *TagConflictError", err)
	}
	otherDigest, _ := other.Digest()
	if conflict.Existing != want || conflict.New != otherDigest {
		t.Errorf("conflict %+v", conflict)
	}
	for _, s := range []string{"already exists", want.String(), otherDigest.String(), "immutable", "new version", "--tag"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the conflict message lacks %q:\n%s", s, err)
		}
	}
	if got := headDigest(t, uri); got != want {
		t.Errorf("the tag moved to %s", got)
	}

	// Under a new tag the other image goes in.
	if _, err := PushToECR(t.Context(), client, "us-east-1", DefaultRepository, other, "v1.2.4"); err != nil {
		t.Errorf("pushing under a new tag: %v", err)
	}
}

func TestPushToECRAccessDenied(t *testing.T) {
	f, client := newFakeECR(t)
	f.deny["CreateRepository"] = true
	_, err := PushToECR(t.Context(), client, "us-east-1", "team/zscaler-mcp", fakeIndex(t, "x"), "v1.2.3")
	var ae *AWSError
	if !errors.As(err, &ae) {
		t.Fatalf("err %v, want an *AWSError", err)
	}
	if ae.Call != "ecr:CreateRepository" {
		t.Errorf("call %q", ae.Call)
	}
	msg := err.Error()
	for _, s := range []string{"ecr:CreateRepository failed", "AccessDeniedException", "team/zscaler-mcp", "us-east-1", "fix:", "allow ecr:CreateRepository", "aws ecr create-repository", "--image-tag-mutability IMMUTABLE"} {
		if !strings.Contains(msg, s) {
			t.Errorf("the message lacks %q:\n%s", s, msg)
		}
	}
	if f.manifests() != 0 {
		t.Error("something was pushed after a failed CreateRepository")
	}

	f.deny["CreateRepository"] = false
	f.deny["GetAuthorizationToken"] = true
	_, err = PushToECR(t.Context(), client, "us-east-1", "team/zscaler-mcp", fakeIndex(t, "x"), "v1.2.3")
	if !errors.As(err, &ae) || ae.Call != "ecr:GetAuthorizationToken" || !strings.Contains(err.Error(), "allow ecr:GetAuthorizationToken on *") {
		t.Errorf("denied GetAuthorizationToken: %v", err)
	}
}

func TestPushToECRRegistryRefuses(t *testing.T) {
	_, client := newFakeECR(t)
	// ECR answers, but the registry refuses the token.
	_, err := PushToECR(t.Context(), badToken{client}, "us-east-1", "", fakeIndex(t, "x"), "v1.2.3")
	var ae *AWSError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "ecr:PutImage") {
		t.Errorf("push with a refused token: %v", err)
	}
}

// badToken is the ECR client with a token the registry does not accept.
type badToken struct{ *ecr.Client }

func (b badToken) GetAuthorizationToken(ctx context.Context, in *ecr.GetAuthorizationTokenInput, optFns ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error) {
	out, err := b.Client.GetAuthorizationToken(ctx, in, optFns...)
	if err != nil {
		return nil, err
	}
	out.AuthorizationData[0].AuthorizationToken = aws.String(base64.StdEncoding.EncodeToString([]byte("AWS:wrong")))
	return out, nil
}

func TestParseRepository(t *testing.T) {
	for _, c := range []struct {
		in, region string
		want       RepositorySpec
		err        string
	}{
		{"", "us-east-1", RepositorySpec{Name: DefaultRepository}, ""},
		{"team/zscaler-mcp", "", RepositorySpec{Name: "team/zscaler-mcp"}, ""},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/mcp", "", RepositorySpec{Name: "team/mcp", RegistryID: "123456789012", Region: "eu-west-1"}, ""},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/mcp", "us-east-1", RepositorySpec{}, "is in eu-west-1, but the region in use is us-east-1"},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/mcp:v1", "", RepositorySpec{}, "--tag"},
		{"ghcr.io/zscaler/mcp", "", RepositorySpec{}, "not an Amazon ECR repository"},
		{"Upper/Case", "", RepositorySpec{}, "not a valid ECR repository name"},
	} {
		got, err := ParseRepository(c.in, c.region)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseRepository(%q, %q) error %v, want %q", c.in, c.region, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseRepository(%q, %q) = %+v, %v; want %+v", c.in, c.region, got, err, c.want)
		}
	}
	// The region check names both regions and the fix.
	_, err := ParseRepository("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/mcp", "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "--region eu-west-1") || !strings.Contains(err.Error(), "AgentCore") {
		t.Errorf("cross-region repository: %v", err)
	}
}

// TestCopy copies an index, and a single image, between two in-process registries.
func TestCopy(t *testing.T) {
	src, dst := newRegistry(t), newRegistry(t)
	idx := fakeIndex(t, "copy")
	want, _ := idx.Digest()
	if err := Push(t.Context(), idx, src+"/zscaler/zscaler-mcp-server:v1.2.3", authn.Anonymous); err != nil {
		t.Fatal(err)
	}
	desc, err := Copy(t.Context(), src+"/zscaler/zscaler-mcp-server:v1.2.3", dst+"/mirror/zscaler-mcp:v1.2.3", CopyOptions{SrcAuth: authn.Anonymous, DstAuth: authn.Anonymous})
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest != want {
		t.Errorf("copied %s, want %s", desc.Digest, want)
	}
	r, _ := name.ParseReference(dst + "/mirror/zscaler-mcp:v1.2.3")
	got, err := remote.Index(r)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := got.Digest(); d != want {
		t.Errorf("destination holds %s, want %s", d, want)
	}
	im, _ := got.IndexManifest()
	for _, m := range im.Manifests {
		img, err := got.Image(m.Digest)
		if err != nil {
			t.Fatal(err)
		}
		if len(layerEntries(t, img)) != 7 {
			t.Errorf("%s: the copied layer is incomplete", m.Platform)
		}
	}

	// A single image.
	single, err := idx.Image(mustFirstDigest(t, idx))
	if err != nil {
		t.Fatal(err)
	}
	sr, _ := name.ParseReference(src + "/single:1")
	if err := remote.Write(sr, single); err != nil {
		t.Fatal(err)
	}
	desc, err = Copy(t.Context(), src+"/single:1", dst+"/single:1", CopyOptions{SrcAuth: authn.Anonymous, DstAuth: authn.Anonymous})
	if err != nil {
		t.Fatal(err)
	}
	if wantImg, _ := single.Digest(); desc.Digest != wantImg || headDigestAnon(t, dst+"/single:1") != wantImg {
		t.Errorf("single image copy: %s", desc.Digest)
	}

	// A missing source says so.
	if _, err := Copy(t.Context(), src+"/nothing:1", dst+"/nothing:1", CopyOptions{SrcAuth: authn.Anonymous, DstAuth: authn.Anonymous}); err == nil || !strings.Contains(err.Error(), "check the reference") {
		t.Errorf("copy of a missing image: %v", err)
	}
}

func headDigestAnon(t *testing.T, ref string) v1.Hash {
	t.Helper()
	r, _ := name.ParseReference(ref)
	d, err := remote.Head(r)
	if err != nil {
		t.Fatal(err)
	}
	return d.Digest
}

// TestCopyToECR: --from copies a published multi-arch image into ECR, keeping
// its tag, and refuses an image without linux/arm64.
func TestCopyToECR(t *testing.T) {
	f, client := newFakeECR(t)
	pub := newRegistry(t)
	idx := fakeIndex(t, "published")
	want, _ := idx.Digest()
	if err := Push(t.Context(), idx, pub+"/zscaler/zscaler-mcp-server:v1.2.3", authn.Anonymous); err != nil {
		t.Fatal(err)
	}
	uri, err := CopyToECR(t.Context(), client, "us-east-1", "", pub+"/zscaler/zscaler-mcp-server:v1.2.3", "", authn.Anonymous)
	if err != nil {
		t.Fatal(err)
	}
	if uri != f.regHost+"/"+DefaultRepository+":v1.2.3" {
		t.Errorf("image URI %q", uri)
	}
	if got := headDigest(t, uri); got != want {
		t.Errorf("ECR holds %s, want %s", got, want)
	}

	// By digest: the tag comes from the version label.
	uri, err = CopyToECR(t.Context(), client, "us-east-1", "", pub+"/zscaler/zscaler-mcp-server@"+want.String(), "", authn.Anonymous)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(uri, ":"+Tag("v1.2.3-published")) {
		t.Errorf("copy by digest got the tag of %q, want one from the version label", uri)
	}

	// amd64 only: refused before anything is created.
	single, _ := idx.Image(mustFirstDigest(t, idx)) // the amd64 image
	r, _ := name.ParseReference(pub + "/amd64only:1")
	if err := remote.Write(r, single); err != nil {
		t.Fatal(err)
	}
	before := len(f.ops())
	_, err = CopyToECR(t.Context(), client, "us-east-1", "", pub+"/amd64only:1", "", authn.Anonymous)
	if err == nil || !strings.Contains(err.Error(), "linux/arm64") || !strings.Contains(err.Error(), "linux/amd64") {
		t.Errorf("copy of an amd64-only image: %v", err)
	}
	if len(f.ops()) != before {
		t.Errorf("ECR was called for an image that cannot run on AgentCore: %v", f.ops()[before:])
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
