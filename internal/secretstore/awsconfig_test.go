package secretstore

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Each way of giving the server AWS credentials, through the real SDK client
// against the local Secrets Manager endpoint: the request must be signed with
// the access key that source hands out.

const chainSecret = `{"ZSCALER_CLIENT_ID":"cid","ZSCALER_CLIENT_SECRET":"csec"}`

// chainEnv is awsEnv without the environment's static keys, so that the
// source under test is the one that answers.
func chainEnv(t *testing.T, f *fakeSM) (config, creds string) {
	t.Helper()
	awsEnv(t, f.srv.URL, "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	dir := t.TempDir()
	config, creds = filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	t.Setenv("AWS_CONFIG_FILE", config)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	return config, creds
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// signedWith loads the secret and reports the access key of the one request.
func signedWith(t *testing.T, f *fakeSM) string {
	t.Helper()
	if _, err := Load(context.Background(), Options{SecretID: seedName}); err != nil {
		t.Fatal(err)
	}
	c := f.recorded()
	if len(c) != 1 {
		t.Fatalf("calls = %+v", c)
	}
	return c[0].accessKey + "@" + c[0].region
}

func TestCredentialsFromTheSharedProfile(t *testing.T) {
	f := newFakeSM(t)
	f.put(seedName, "eu-west-3", chainSecret)
	config, creds := chainEnv(t, f)
	t.Setenv("AWS_REGION", "")
	write(t, config, "# comment\n[default]\nregion = us-east-2\n\n[profile dev]\nregion = eu-west-3\ns3 =\n  max_concurrent_requests = 4\n")
	write(t, creds, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n; other\n[dev]\naws_access_key_id=AKIDDEVPROFILE\naws_secret_access_key=s2\naws_session_token=tok\n")
	t.Setenv("AWS_PROFILE", "dev")
	if got := signedWith(t, f); got != "AKIDDEVPROFILE@eu-west-3" {
		t.Errorf("signed with %s, want the dev profile's key in its region", got)
	}
	// The environment's keys come before the profile's, as in the SDK.
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "e")
	f.mu.Lock()
	f.calls = nil
	f.mu.Unlock()
	if got := signedWith(t, f); got != "AKIDFROMENV@eu-west-3" {
		t.Errorf("signed with %s, want the environment's key", got)
	}
}

func TestCredentialsFromCredentialProcess(t *testing.T) {
	f := newFakeSM(t)
	f.put(seedName, "us-east-1", chainSecret)
	config, _ := chainEnv(t, f)
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	script := filepath.Join(t.TempDir(), "creds.sh")
	write(t, script, "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIDFROMPROCESS\",\"SecretAccessKey\":\"p\",\"SessionToken\":\"t\",\"Expiration\":\""+exp+"\"}'\n")
	if err := os.Chmod(script, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, config, "[profile tool]\ncredential_process = "+script+"\n")
	t.Setenv("AWS_PROFILE", "tool")
	if got := signedWith(t, f); got != "AKIDFROMPROCESS@us-east-1" {
		t.Errorf("signed with %s", got)
	}
}

// fakeCredentialServer hands out role credentials the way the container
// endpoint (ECS, EKS Pod Identity) and IMDSv2 (EC2, AgentCore's microVM
// metadata service) do.
type fakeCredentialServer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	auth []string
}

func newFakeCredentialServer(t *testing.T, key string) *fakeCredentialServer {
	c := &fakeCredentialServer{}
	creds := func(w http.ResponseWriter) {
		_ = json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": key, "SecretAccessKey": "r",
			"Token": "session", "Expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
	}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			w.Header().Set("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", r.Header.Get("X-Aws-Ec2-Metadata-Token-Ttl-Seconds"))
			_, _ = w.Write([]byte("imds-token"))
		case strings.HasPrefix(r.URL.Path, "/latest/meta-data/iam/security-credentials"):
			if r.Header.Get("X-Aws-Ec2-Metadata-Token") != "imds-token" {
				http.Error(w, "no token", http.StatusUnauthorized)
				return
			}
			if strings.TrimSuffix(r.URL.Path, "/") == "/latest/meta-data/iam/security-credentials" {
				_, _ = w.Write([]byte("zmcp-execution-role"))
				return
			}
			creds(w)
		case r.URL.Path == "/v2/credentials/task":
			c.mu.Lock()
			c.auth = append(c.auth, r.Header.Get("Authorization"))
			c.mu.Unlock()
			creds(w)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func TestCredentialsFromTheContainerEndpoint(t *testing.T) {
	f := newFakeSM(t)
	f.put(seedName, "us-east-1", chainSecret)
	chainEnv(t, f)
	c := newFakeCredentialServer(t, "AKIDFROMCONTAINER")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", c.srv.URL+"/v2/credentials/task")
	t.Setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-identity-token")
	if got := signedWith(t, f); got != "AKIDFROMCONTAINER@us-east-1" {
		t.Errorf("signed with %s", got)
	}
	if len(c.auth) != 1 || c.auth[0] != "pod-identity-token" {
		t.Errorf("the endpoint saw Authorization %q", c.auth)
	}

	// Over plain HTTP only loopback and the ECS/EKS addresses are trusted.
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds")
	_, err := Load(context.Background(), Options{SecretID: seedName})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindConfig || !strings.Contains(err.Error(), "only loopback") {
		t.Errorf("err = %v", err)
	}
}

func TestCredentialsFromInstanceMetadata(t *testing.T) {
	f := newFakeSM(t)
	f.put(seedName, "us-west-2", chainSecret)
	chainEnv(t, f)
	t.Setenv("AWS_REGION", "us-west-2")
	c := newFakeCredentialServer(t, "AKIDFROMIMDS")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", c.srv.URL)
	if got := signedWith(t, f); got != "AKIDFROMIMDS@us-west-2" {
		t.Errorf("signed with %s", got)
	}
}

func TestCredentialSourcesThatNeedSTSOrSSO(t *testing.T) {
	for _, tc := range []struct {
		name, config, env string
		want              []string
	}{
		{name: "sso", config: "[profile work]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n",
			want: []string{`profile "work"`, "IAM Identity Center", "aws configure export-credentials --profile work --format env", "credential_process"}},
		{name: "assume role", config: "[profile work]\nrole_arn = arn:aws:iam::111122223333:role/Reader\nsource_profile = base\n[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n",
			want: []string{`profile "work"`, "arn:aws:iam::111122223333:role/Reader", "STS", "aws configure export-credentials --profile work"}},
		{name: "login", config: "[profile work]\nlogin_session = arn:aws:iam::111122223333:user/me\n",
			want: []string{"aws login", "export-credentials"}},
		{name: "web identity", env: "AWS_WEB_IDENTITY_TOKEN_FILE",
			want: []string{"AWS_WEB_IDENTITY_TOKEN_FILE", "STS", "EKS Pod Identity"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSM(t)
			f.put(seedName, "us-east-1", chainSecret)
			config, _ := chainEnv(t, f)
			write(t, config, tc.config)
			if tc.env != "" {
				t.Setenv(tc.env, "/var/run/secrets/token")
			} else {
				t.Setenv("AWS_PROFILE", "work")
			}
			log, lines := newSeedLog()
			got, err := Load(context.Background(), Options{SecretID: seedName, Logger: log})
			checkFailure(t, failCase{kind: KindCredentials, want: tc.want}, got, err, lines())
			if len(f.recorded()) != 0 {
				t.Error("a request was sent")
			}
		})
	}
}

func TestProfileThatDoesNotExist(t *testing.T) {
	f := newFakeSM(t)
	chainEnv(t, f)
	t.Setenv("AWS_PROFILE", "nowhere")
	_, err := Load(context.Background(), Options{SecretID: seedName})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindConfig || !strings.Contains(err.Error(), `"nowhere"`) {
		t.Errorf("err = %v", err)
	}
}
