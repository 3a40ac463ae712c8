package secretstore

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// fakeSM is a Secrets Manager stand-in that speaks the wire protocol the real
// SDK client uses: awsJson1.1 over POST /, the operation in X-Amz-Target,
// errors as {"__type": ..., "message": ...} with a 4xx/5xx status.
type fakeSM struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	secrets map[string]*fakeSecret // by name
	errs    map[string]fakeErr     // by operation ("GetSecretValue", "DescribeSecret")
	hang    chan struct{}          // non-nil: requests block until the client gives up
	seq     int
	calls   []fakeCall
}

type fakeSecret struct {
	name, arn  string
	str        *string
	bin        []byte
	version    string
	oldVersion string
}

type fakeErr struct {
	status int
	typ    string
	msg    string
}

type fakeCall struct {
	op          string // the X-Amz-Target operation
	secretID    string
	region      string // the region in the SigV4 credential scope
	service     string // the service in the SigV4 credential scope
	accessKey   string
	contentType string
}

const (
	testAccount   = "123456789012"
	testAccessKey = "AKIDZSCALERMCPTEST"
)

func newFakeSM(t *testing.T) *fakeSM {
	f := &fakeSM{t: t, secrets: map[string]*fakeSecret{}, errs: map[string]fakeErr{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve)) // listens on 127.0.0.1
	t.Cleanup(func() {
		f.mu.Lock()
		if f.hang != nil {
			close(f.hang)
			f.hang = nil
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

// put creates the secret or stores a new version of it (a rotation).
func (f *fakeSM) put(name, region, value string) *fakeSecret {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.secrets[name]
	if s == nil {
		s = &fakeSecret{name: name, arn: fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-AbCdEf", region, testAccount, name)}
		f.secrets[name] = s
	}
	f.seq++
	s.oldVersion = s.version
	s.version = fmt.Sprintf("00000000-0000-4000-8000-%012d", f.seq)
	v := value
	s.str, s.bin = &v, nil
	return s
}

func (f *fakeSM) putBinary(name, region string, b []byte) {
	s := f.put(name, region, "")
	f.mu.Lock()
	s.str, s.bin = nil, b
	f.mu.Unlock()
}

func (f *fakeSM) fail(op string, e fakeErr) {
	f.mu.Lock()
	f.errs[op] = e
	f.mu.Unlock()
}

func (f *fakeSM) hangRequests() {
	f.mu.Lock()
	f.hang = make(chan struct{})
	f.mu.Unlock()
}

func (f *fakeSM) recorded() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

func (f *fakeSM) count(op string) int {
	n := 0
	for _, c := range f.recorded() {
		if c.op == op {
			n++
		}
	}
	return n
}

var scopeRE = regexp.MustCompile(`Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

func (f *fakeSM) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in struct{ SecretId string }
	_ = json.Unmarshal(body, &in)
	c := fakeCall{
		op:          strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager."),
		secretID:    in.SecretId,
		contentType: r.Header.Get("Content-Type"),
	}
	if m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		c.accessKey, c.region, c.service = m[1], m[2], m[3]
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	hang := f.hang
	e, failing := f.errs[c.op]
	var sec *fakeSecret
	for _, s := range f.secrets {
		if s.name == in.SecretId || s.arn == in.SecretId {
			cp := *s
			sec = &cp
		}
	}
	f.mu.Unlock()

	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
		return
	}
	if r.Method != http.MethodPost || c.contentType != "application/x-amz-json-1.1" || !strings.HasPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager.") {
		writeErr(w, fakeErr{400, "UnknownOperationException", "bad request shape"})
		return
	}
	if failing {
		writeErr(w, e)
		return
	}
	if sec == nil {
		writeErr(w, fakeErr{400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."})
		return
	}
	out := map[string]any{"ARN": sec.arn, "Name": sec.name}
	switch c.op {
	case "GetSecretValue":
		out["VersionId"] = sec.version
		out["VersionStages"] = []string{"AWSCURRENT"}
		out["CreatedDate"] = 1.7e9
		if sec.str != nil {
			out["SecretString"] = *sec.str
		}
		if sec.bin != nil {
			out["SecretBinary"] = sec.bin // []byte → base64, as the blob wire format
		}
	case "DescribeSecret":
		stages := map[string][]string{sec.version: {"AWSCURRENT"}}
		if sec.oldVersion != "" {
			stages[sec.oldVersion] = []string{"AWSPREVIOUS"}
		}
		out["VersionIdsToStages"] = stages
		out["KmsKeyId"] = "arn:aws:kms:us-east-1:" + testAccount + ":key/1234"
	default:
		writeErr(w, fakeErr{400, "UnknownOperationException", "unknown operation"})
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(out)
}

func writeErr(w http.ResponseWriter, e fakeErr) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.typ, "message": e.msg})
}

// awsEnv configures the process the way production is configured: the
// endpoint override and static credentials through the environment, and
// nothing from the host (no profile files, no IMDS, no stray endpoint).
func awsEnv(t *testing.T, endpoint, region string) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_SECRETS_MANAGER":       endpoint,
		"AWS_ACCESS_KEY_ID":                      testAccessKey,
		"AWS_SECRET_ACCESS_KEY":                  "test-secret-access-key",
		"AWS_SESSION_TOKEN":                      "",
		"AWS_REGION":                             region,
		"AWS_DEFAULT_REGION":                     "",
		"AWS_PROFILE":                            "",
		"AWS_DEFAULT_PROFILE":                    "",
		"AWS_CONFIG_FILE":                        filepath.Join(dir, "no-config"),
		"AWS_SHARED_CREDENTIALS_FILE":            filepath.Join(dir, "no-credentials"),
		"AWS_EC2_METADATA_DISABLED":              "true",
		"AWS_ENDPOINT_URL":                       "",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS":    "",
		"AWS_MAX_ATTEMPTS":                       "",
		"AWS_RETRY_MODE":                         "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     "",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE":            "",
		"AWS_ROLE_ARN":                           "",
		"AWS_USE_FIPS_ENDPOINT":                  "",
		"AWS_USE_DUALSTACK_ENDPOINT":             "",
	} {
		t.Setenv(k, v)
	}
}

// seedHandler formats records the way the deployment guide shows them:
// LEVEL:zscaler_mcp.config:message (attributes, if any, appended as k=v).
type seedHandler struct {
	mu    *sync.Mutex
	lines *[]string
}

func newSeedLog() (*slog.Logger, func() []string) {
	h := seedHandler{mu: &sync.Mutex{}, lines: &[]string{}}
	return slog.New(h), func() []string {
		h.mu.Lock()
		defer h.mu.Unlock()
		return append([]string(nil), *h.lines...)
	}
}

func (h seedHandler) Enabled(context.Context, slog.Level) bool { return true } // DEBUG too: values must not appear at any level
func (h seedHandler) Handle(_ context.Context, r slog.Record) error {
	line := r.Level.String() + ":" + LoggerName + ":" + r.Message
	r.Attrs(func(a slog.Attr) bool {
		line += " " + a.String()
		return true
	})
	h.mu.Lock()
	*h.lines = append(*h.lines, line)
	h.mu.Unlock()
	return nil
}
func (h seedHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h seedHandler) WithGroup(string) slog.Handler      { return h }

// grepE returns the lines matching the extended regular expression, like grep -E.
func grepE(lines []string, pattern string) []string {
	re := regexp.MustCompile(pattern)
	var out []string
	for _, l := range lines {
		if re.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// grepF returns the lines containing the fixed string, like grep with a pattern free of metacharacters.
func grepF(lines []string, s string) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}
