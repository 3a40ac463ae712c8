package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

// fixture is a tenant behind a real loopback HTTP server plus a valid token.
type fixture struct {
	t      *testing.T
	tenant *Tenant
	url    string
	token  string
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	ten := New(opts)
	srv := httptest.NewServer(ten.Handler())
	t.Cleanup(srv.Close)
	f := &fixture{t: t, tenant: ten, url: srv.URL}
	f.token = f.fetchToken(url.Values{"client_secret": {firstNonEmpty(opts.ClientSecret, ClientSecret)}})
	return f
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// fetchToken runs the client-credentials flow with extra form fields.
func (f *fixture) fetchToken(extra url.Values) string {
	f.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {firstNonEmpty(f.tenant.opts.ClientID)}, "audience": {Audience}}
	for k, v := range extra {
		form[k] = v
	}
	resp, body := f.postForm(form)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("token: status %d, body %s", resp.StatusCode, body)
	}
	var tok tokenResponse
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		f.t.Fatalf("token body %s: %v", body, err)
	}
	return tok.AccessToken
}

func (f *fixture) postForm(form url.Values) (*http.Response, []byte) {
	f.t.Helper()
	resp, err := http.PostForm(f.url+tokenPath, form)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, readAll(f.t, resp)
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// do sends an API request with the fixture's token; a non-nil body is sent
// as JSON with Content-Type: application/json.
func (f *fixture) do(method, path string, body any) (*http.Response, []byte) {
	f.t.Helper()
	return f.doWith(method, path, body, f.token)
}

func (f *fixture) doWith(method, path string, body any, token string) (*http.Response, []byte) {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, readAll(f.t, resp)
}

// getJSON GETs path, requires status want and decodes the body into out.
func (f *fixture) getJSON(path string, want int, out any) *http.Response {
	f.t.Helper()
	resp, body := f.do(http.MethodGet, path, nil)
	if resp.StatusCode != want {
		f.t.Fatalf("GET %s: status %d, want %d; body %s", path, resp.StatusCode, want, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			f.t.Fatalf("GET %s: decode %s: %v", path, body, err)
		}
	}
	return resp
}

func zpaPath(rest string) string {
	return "/zpa/mgmtconfig/v1/admin/customers/" + CustomerID + rest
}

// object is a decoded JSON object.
type object = map[string]any

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func wantStatus(t *testing.T, resp *http.Response, body []byte, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, body)
	}
}

func wantJSONField(t *testing.T, body []byte, field, want string) {
	t.Helper()
	var m object
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body %s is not a JSON object: %v", body, err)
	}
	if got := str(m[field]); got != want {
		t.Fatalf("%s = %q, want %q (body %s)", field, got, want, body)
	}
}

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// snapshotPaths lists the paths Snapshot knows, sorted.
func snapshotPaths(t *Tenant) []string {
	t.routed()
	return slices.Sorted(maps.Keys(t.snaps))
}
