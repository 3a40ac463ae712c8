package zscaler

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	newClientID = "rotated-id-456"
	newSecret   = "n3w-r0tated-client-value"
)

var (
	oldCreds = Credentials{ClientID: testClientID, ClientSecret: testSecret}
	newCreds = Credentials{ClientID: newClientID, ClientSecret: newSecret}
)

// acceptOnly makes the IdP issue tokens only for the given client ID and
// secret and refuse anything else as invalid_client, the way ZIdentity does
// once a secret has been rotated. The refusal echoes the submitted secret
// back, to check that it is redacted.
func acceptOnly(idp *fakeIdP, id, secret string) {
	idp.Set(func(i *fakeIdP) {
		i.reply = func(w http.ResponseWriter, r *http.Request, n int) {
			if r.PostForm.Get("client_id") != id || r.PostForm.Get("client_secret") != secret {
				writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(
					`{"error":"invalid_client","error_description":"Client authentication failed for %s"}`,
					r.PostForm.Get("client_secret")))
				return
			}
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"access_token":"tok-%d","expires_in":3600}`, n))
		}
	})
}

// logBuffer collects slog output from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func withLogger(logs *logBuffer) func(*Options) {
	return func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
}

// refreshFunc is a Refresh that counts its calls.
type refreshFunc struct {
	calls atomic.Int32
	fn    func() (Credentials, bool, error)
}

func (r *refreshFunc) Refresh(context.Context) (Credentials, bool, error) {
	r.calls.Add(1)
	return r.fn()
}

func withRefresh(r *refreshFunc) func(*Options) {
	return func(o *Options) { o.Refresh = r.Refresh }
}

// waitFor polls cond until it holds; it synchronises with goroutines the
// test cannot otherwise observe and asserts nothing about timing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func checkForm(t *testing.T, idp *fakeIdP, i int, id, secret string) {
	t.Helper()
	forms := idp.Forms()
	if len(forms) <= i {
		t.Fatalf("token endpoint saw %d requests, want at least %d", len(forms), i+1)
	}
	if got := forms[i].Get("client_id"); got != id {
		t.Errorf("token request %d: client_id = %q, want %q", i+1, got, id)
	}
	if got := forms[i].Get("client_secret"); got != secret {
		t.Errorf("token request %d: client_secret is not the expected one", i+1)
	}
}

func rsaPEMs(t *testing.T, bits int) (pkcs1, pkcs8 string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func TestUpdateCredentialsNextFetchUsesNewCredentials(t *testing.T) {
	logs := &logBuffer{}
	env := newTestEnv(t, okJSON(`[]`), withLogger(logs))
	acceptOnly(env.idp, testClientID, testSecret)
	ctx := context.Background()
	if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	checkForm(t, env.idp, 0, testClientID, testSecret)

	acceptOnly(env.idp, newClientID, newSecret) // the operator rotated the secret
	if err := env.client.UpdateCredentials(newCreds); err != nil {
		t.Fatalf("UpdateCredentials: %v", err)
	}
	if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
		t.Fatalf("call after rotation: %v", err)
	}
	if n := env.idp.Calls(); n != 2 {
		t.Fatalf("token endpoint called %d times, want 2 (the cached token must be dropped)", n)
	}
	checkForm(t, env.idp, 1, newClientID, newSecret)
	if seen := env.gw.Seen(); seen[1].Header.Get("Authorization") != "Bearer tok-2" {
		t.Errorf("call after rotation sent %q, want the new token", seen[1].Header.Get("Authorization"))
	}
	if out := logs.String(); !strings.Contains(out, "zscaler: credentials rotated") || !strings.Contains(out, "client_id=rota…") {
		t.Errorf("rotation not logged with the client ID hint:\n%s", out)
	}
}

func TestUpdateCredentialsToPrivateKey(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	ctx := context.Background()
	if _, err := env.client.Token(ctx); err != nil {
		t.Fatal(err)
	}
	_, pkcs8 := rsaPEMs(t, 2048)
	if err := env.client.UpdateCredentials(Credentials{ClientID: newClientID, PrivateKey: pkcs8}); err != nil {
		t.Fatal(err)
	}
	if tok, err := env.client.Token(ctx); err != nil || tok != "tok-2" {
		t.Fatalf("token after rotation = %q, %v; want a new one", tok, err)
	}
	form := env.idp.Forms()[1]
	if form.Has("client_secret") || form.Get("client_assertion") == "" || form.Get("client_id") != newClientID {
		t.Errorf("token request after rotating to a key = %v", form)
	}
}

func TestUpdateCredentialsUnchangedKeepsToken(t *testing.T) {
	pkcs1, pkcs8 := rsaPEMs(t, 2048)
	for _, tc := range []struct {
		name          string
		initial, same Credentials
	}{
		{"client secret", oldCreds, Credentials{ClientID: " " + testClientID + "\n", ClientSecret: testSecret}},
		{"same key in another PEM form", Credentials{ClientID: testClientID, PrivateKey: pkcs1},
			Credentials{ClientID: testClientID, PrivateKey: strings.ReplaceAll(pkcs8, "\n", `\n`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &logBuffer{}
			env := newTestEnv(t, okJSON(`[]`), withLogger(logs), func(o *Options) { o.Credentials = tc.initial })
			ctx := context.Background()
			if tok, err := env.client.Token(ctx); err != nil || tok != "tok-1" {
				t.Fatalf("first token = %q, %v", tok, err)
			}
			for range 3 { // a timer re-reading an unchanged secret
				if err := env.client.UpdateCredentials(tc.same); err != nil {
					t.Fatalf("UpdateCredentials: %v", err)
				}
			}
			if tok, err := env.client.Token(ctx); err != nil || tok != "tok-1" {
				t.Errorf("token after unchanged update = %q, %v; want cached tok-1", tok, err)
			}
			if n := env.idp.Calls(); n != 1 {
				t.Errorf("token endpoint called %d times, want 1", n)
			}
			if strings.Contains(logs.String(), "credentials rotated") {
				t.Errorf("unchanged credentials logged as rotated:\n%s", logs.String())
			}
		})
	}
}

func TestUpdateCredentialsRefusesInvalid(t *testing.T) {
	small, _ := rsaPEMs(t, 1024)
	garbage := "-----BEGIN PRIVATE KEY-----\nTUlJQ0lKVU5LS0VZREFUQQ==\n-----END PRIVATE KEY-----\n"
	for _, tc := range []struct {
		name  string
		creds Credentials
		want  string
	}{
		{"no client ID", Credentials{ClientID: "  ", ClientSecret: newSecret}, "client ID is required"},
		{"neither secret nor key", Credentials{ClientID: newClientID}, "a client secret or a private key is required"},
		{"bad key", Credentials{ClientID: newClientID, PrivateKey: garbage}, "malformed PKCS#8"},
		{"not PEM", Credentials{ClientID: newClientID, PrivateKey: "MIICnotakey"}, "not a PEM-encoded key"},
		{"short key", Credentials{ClientID: newClientID, PrivateKey: small}, "1024 bits; at least 2048"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &logBuffer{}
			env := newTestEnv(t, okJSON(`[]`), withLogger(logs))
			ctx := context.Background()
			if _, err := env.client.Token(ctx); err != nil {
				t.Fatal(err)
			}
			err := env.client.UpdateCredentials(tc.creds)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("UpdateCredentials error = %v, want it to mention %q", err, tc.want)
			}
			if leak := containsAny(err.Error(), newSecret, "TUlJQ0lKVU5LS0VZREFUQQ", "MIICnotakey", "BEGIN"); leak != "" {
				t.Errorf("error quotes %q: %v", leak, err)
			}
			if tok, _ := env.client.Token(ctx); tok != "tok-1" || env.idp.Calls() != 1 {
				t.Errorf("refused update dropped the cached token (got %q after %d fetches)", tok, env.idp.Calls())
			}
			// The old credentials are still the ones used for the next fetch.
			env.client.auth.invalidate("tok-1")
			if _, err := env.client.Token(ctx); err != nil {
				t.Fatal(err)
			}
			checkForm(t, env.idp, 1, testClientID, testSecret)
			if strings.Contains(logs.String(), "credentials rotated") {
				t.Errorf("refused update logged as a rotation:\n%s", logs.String())
			}
		})
	}
}

func TestAPICallInFlightDuringSwapCompletes(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			close(arrived)
			<-release
		}
		writeJSON(w, http.StatusOK, `{"n":`+fmt.Sprint(n)+`}`)
	})
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		resp, err := env.client.Do(ctx, get("/zia/api/v1/users"))
		if err == nil && string(resp.Body) != `{"n":1}` {
			err = fmt.Errorf("body %s", resp.Body)
		}
		done <- err
	}()
	<-arrived
	if err := env.client.UpdateCredentials(newCreds); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("call in flight during the swap failed: %v", err)
	}
	if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	seen := env.gw.Seen()
	if len(seen) != 2 || seen[0].Header.Get("Authorization") != "Bearer tok-1" || seen[1].Header.Get("Authorization") != "Bearer tok-2" {
		t.Fatalf("gateway saw %d requests; want tok-1 then tok-2", len(seen))
	}
	checkForm(t, env.idp, 1, newClientID, newSecret)
}

func TestTokenFetchInFlightDuringSwap(t *testing.T) {
	env := newTestEnv(t, okJSON(`[]`))
	gate := make(chan struct{})
	env.idp.Set(func(i *fakeIdP) { i.gate = gate })
	ctx := context.Background()
	type result struct {
		tok string
		err error
	}
	first := make(chan result, 1)
	go func() { tok, err := env.client.Token(ctx); first <- result{tok, err} }()
	waitFor(t, "the first token request", func() bool { return env.idp.Calls() == 1 })

	if err := env.client.UpdateCredentials(newCreds); err != nil {
		t.Fatal(err)
	}
	close(gate)
	if r := <-first; r.err != nil || r.tok != "tok-1" {
		t.Fatalf("fetch in flight during the swap = %q, %v; want tok-1", r.tok, r.err)
	}
	checkForm(t, env.idp, 0, testClientID, testSecret)

	// tok-1 was obtained with the old credentials: it must not be served
	// from the cache after the swap.
	if tok, err := env.client.Token(ctx); err != nil || tok != "tok-2" {
		t.Fatalf("token after the swap = %q, %v; want tok-2", tok, err)
	}
	checkForm(t, env.idp, 1, newClientID, newSecret)
}

func TestRefreshRotatesAfterRefusal(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusBadRequest} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			logs := &logBuffer{}
			ref := &refreshFunc{fn: func() (Credentials, bool, error) { return newCreds, true, nil }}
			env := newTestEnv(t, okJSON(`[]`), withLogger(logs), withRefresh(ref))
			env.idp.Set(func(i *fakeIdP) {
				i.reply = func(w http.ResponseWriter, r *http.Request, n int) {
					if r.PostForm.Get("client_secret") != newSecret {
						writeJSON(w, status, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
						return
					}
					writeJSON(w, http.StatusOK, fmt.Sprintf(`{"access_token":"tok-%d"}`, n))
				}
			})
			if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
				t.Fatalf("call failed although the rotated credentials are accepted: %v", err)
			}
			if n := ref.calls.Load(); n != 1 {
				t.Errorf("Refresh called %d times, want 1", n)
			}
			if n := env.idp.Calls(); n != 2 {
				t.Errorf("token endpoint called %d times, want 2 (refused, then retried once)", n)
			}
			checkForm(t, env.idp, 0, testClientID, testSecret)
			checkForm(t, env.idp, 1, newClientID, newSecret)
			if seen := env.gw.Seen(); len(seen) != 1 || seen[0].Header.Get("Authorization") != "Bearer tok-2" {
				t.Errorf("gateway saw %d requests, want one with tok-2", len(seen))
			}
			// The rotated credentials stay in use.
			env.client.auth.invalidate("tok-2")
			if _, err := env.client.Token(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkForm(t, env.idp, 2, newClientID, newSecret)
			if !strings.Contains(logs.String(), "zscaler: credentials rotated") {
				t.Errorf("rotation not logged:\n%s", logs.String())
			}
		})
	}
}

func TestRefreshUnchangedSurfacesTokenError(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func() (Credentials, bool, error)
	}{
		{"reported unchanged", func() (Credentials, bool, error) { return oldCreds, false, nil }},
		{"reported changed but identical", func() (Credentials, bool, error) { return oldCreds, true, nil }},
		{"unchanged flag wins over other values", func() (Credentials, bool, error) { return newCreds, false, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &logBuffer{}
			ref := &refreshFunc{fn: tc.fn}
			env := newTestEnv(t, okJSON(`[]`), withLogger(logs), withRefresh(ref))
			acceptOnly(env.idp, newClientID, newSecret) // nothing the client holds is accepted
			_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
			var te *TokenError
			if !errors.As(err, &te) || te.Status != http.StatusUnauthorized || te.Code != "invalid_client" {
				t.Fatalf("error = %T %v, want the invalid_client TokenError", err, err)
			}
			if n := ref.calls.Load(); n != 1 {
				t.Errorf("Refresh called %d times, want 1", n)
			}
			if n := env.idp.Calls(); n != 1 {
				t.Errorf("token endpoint called %d times, want 1 (no retry with the same credentials)", n)
			}
			if env.gw.Count() != 0 {
				t.Error("API request sent without a token")
			}
			if out := logs.String(); !strings.Contains(out, "credential refresh found nothing new") {
				t.Errorf("fruitless refresh not logged:\n%s", out)
			}
		})
	}
}

func TestRotatedCredentialsRefusedTooAreNotRetriedAgain(t *testing.T) {
	ref := &refreshFunc{fn: func() (Credentials, bool, error) { return newCreds, true, nil }}
	env := newTestEnv(t, okJSON(`[]`), withRefresh(ref))
	acceptOnly(env.idp, "someone-else", "x-x-x-x")
	_, err := env.client.Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.Code != "invalid_client" {
		t.Fatalf("error = %v, want the TokenError", err)
	}
	if n, r := env.idp.Calls(), ref.calls.Load(); n != 2 || r != 1 {
		t.Errorf("token requests = %d, Refresh calls = %d; want 2 and 1", n, r)
	}
}

func TestConcurrentRefusalsShareOneRefresh(t *testing.T) {
	const callers = 8
	ref := &refreshFunc{fn: func() (Credentials, bool, error) { return newCreds, true, nil }}
	env := newTestEnv(t, okJSON(`[]`), withRefresh(ref))
	acceptOnly(env.idp, newClientID, newSecret)
	gate := make(chan struct{})
	env.idp.Set(func(i *fakeIdP) { i.gate = gate })

	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
			errs <- err
		})
	}
	// Hold the refused token request until every caller waits on it.
	ts := env.client.auth
	waitFor(t, "all callers to wait for the token", func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return ts.inflight != nil && ts.inflight.waiters == callers
	})
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := ref.calls.Load(); n != 1 {
		t.Errorf("Refresh called %d times for %d concurrent refused callers, want 1", n, callers)
	}
	if n := env.idp.Calls(); n != 2 {
		t.Errorf("token endpoint called %d times, want 2", n)
	}
	if n := env.gw.Count(); n != callers {
		t.Errorf("gateway saw %d requests, want %d", n, callers)
	}
}

func TestConcurrentRefreshesAreShared(t *testing.T) {
	// Two fetches can overlap when UpdateCredentials detaches one; their
	// refusals must still share one Refresh.
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ref := &refreshFunc{fn: func() (Credentials, bool, error) {
		once.Do(func() { close(entered) })
		<-release
		return oldCreds, false, nil
	}}
	env := newTestEnv(t, okJSON(`[]`), withRefresh(ref))
	acceptOnly(env.idp, "nobody", "nothing-valid")
	ts := env.client.auth
	results := make(chan error, 2)
	go func() { _, err := env.client.Token(context.Background()); results <- err }()
	<-entered
	// A second fetch starts while the first one's Refresh is running.
	if err := env.client.UpdateCredentials(newCreds); err != nil {
		t.Fatal(err)
	}
	go func() { _, err := env.client.Token(context.Background()); results <- err }()
	waitFor(t, "the second fetch to join the Refresh", func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return ts.refreshing != nil && ts.refreshing.waiters == 1
	})
	close(release)
	for range 2 {
		if err := <-results; credentialRefusal(err) == nil {
			t.Errorf("error = %v, want a TokenError", err)
		}
	}
	if n := ref.calls.Load(); n != 1 {
		t.Errorf("Refresh called %d times, want 1", n)
	}
}

func TestRefreshErrorReportsBothCauses(t *testing.T) {
	errSource := errors.New("secrets manager: AccessDeniedException")
	for _, tc := range []struct {
		name, want string
		fn         func() (Credentials, bool, error)
		is         error
	}{
		{"source fails", "AccessDeniedException",
			func() (Credentials, bool, error) { return Credentials{}, false, errSource }, errSource},
		{"source returns invalid credentials", "invalid credentials: a client secret or a private key is required",
			func() (Credentials, bool, error) { return Credentials{ClientID: newClientID}, true, nil }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref := &refreshFunc{fn: tc.fn}
			env := newTestEnv(t, okJSON(`[]`), withRefresh(ref))
			acceptOnly(env.idp, newClientID, newSecret)
			_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
			if err == nil {
				t.Fatal("call succeeded")
			}
			var te *TokenError
			if !errors.As(err, &te) || te.Code != "invalid_client" {
				t.Errorf("error %v does not carry the TokenError", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap the Refresh error", err)
			}
			for _, want := range []string{"invalid_client", tc.want} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if n := env.idp.Calls(); n != 1 {
				t.Errorf("token endpoint called %d times, want 1", n)
			}
			// The old credentials are kept.
			if _, err := env.client.Token(context.Background()); err == nil {
				t.Fatal("token issued")
			}
			checkForm(t, env.idp, 1, testClientID, testSecret)
		})
	}
}

func TestRefreshNotCalledForServerOrNetworkErrors(t *testing.T) {
	t.Run("5xx", func(t *testing.T) {
		ref := &refreshFunc{fn: func() (Credentials, bool, error) { return newCreds, true, nil }}
		env := newTestEnv(t, okJSON(`[]`), withRefresh(ref))
		env.idp.Set(func(i *fakeIdP) {
			i.reply = func(w http.ResponseWriter, _ *http.Request, _ int) {
				writeJSON(w, http.StatusServiceUnavailable, `{"error":"temporarily_unavailable"}`)
			}
		})
		_, err := env.client.Token(context.Background())
		var te *TokenError
		if !errors.As(err, &te) || te.Status != http.StatusServiceUnavailable {
			t.Fatalf("error = %v, want the 503 TokenError", err)
		}
		if n := ref.calls.Load(); n != 0 {
			t.Errorf("Refresh called %d times for a 503", n)
		}
	})
	t.Run("network", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		ref := &refreshFunc{fn: func() (Credentials, bool, error) { return newCreds, true, nil }}
		env := newTestEnv(t, okJSON(`[]`), withRefresh(ref), func(o *Options) {
			o.TokenURL = "http://" + addr + "/oauth2/v1/token"
		})
		if _, err := env.client.Token(context.Background()); err == nil {
			t.Fatal("token fetched from a closed port")
		}
		if n := ref.calls.Load(); n != 0 {
			t.Errorf("Refresh called %d times for a network error", n)
		}
	})
}

func TestRotationLeaksNoSecret(t *testing.T) {
	logs := &logBuffer{}
	refreshErr := errors.New("re-read failed; the stored value was " + testSecret)
	var step atomic.Int32
	ref := &refreshFunc{fn: func() (Credentials, bool, error) {
		switch step.Add(1) {
		case 1:
			return newCreds, true, nil
		case 2:
			return newCreds, false, nil
		default:
			return Credentials{}, false, refreshErr
		}
	}}
	env := newTestEnv(t, okJSON(`[]`), withLogger(logs), withRefresh(ref))
	acceptOnly(env.idp, "nobody", "nothing-valid") // refuses everything, echoing the secret
	ctx := context.Background()
	var errs []error
	collect := func(err error) {
		if err == nil {
			t.Fatal("expected an error")
		}
		errs = append(errs, err)
	}
	// 1: old secret refused, rotated to the new one, new one refused too.
	_, err := env.client.Do(ctx, get("/zia/api/v1/users"))
	collect(err)
	// 2: new secret refused, nothing new.
	_, err = env.client.Do(ctx, get("/zia/api/v1/users"))
	collect(err)
	// 3: new secret refused, Refresh fails mentioning the old secret.
	_, err = env.client.Do(ctx, get("/zia/api/v1/users"))
	collect(err)
	if !errors.Is(err, refreshErr) {
		t.Errorf("error %v does not wrap the Refresh error", err)
	}
	collect(env.client.UpdateCredentials(Credentials{ClientID: newClientID, PrivateKey: "-----BEGIN PRIVATE KEY-----\n" + newSecret + "\n-----END PRIVATE KEY-----\n"}))
	collect(env.client.UpdateCredentials(Credentials{ClientID: "", ClientSecret: newSecret}))

	if n := env.idp.Calls(); n != 4 {
		t.Errorf("token endpoint called %d times, want 4", n)
	}
	for _, err := range errs {
		if leak := containsAny(err.Error(), testSecret, newSecret); leak != "" {
			t.Errorf("error leaks a secret: %q", err)
		}
	}
	out := logs.String()
	if !strings.Contains(out, "credentials rotated") || !strings.Contains(out, "found nothing new") {
		t.Fatalf("expected rotation logs, got:\n%s", out)
	}
	if leak := containsAny(out, testSecret, newSecret, testClientID, newClientID, "tok-"); leak != "" {
		t.Errorf("logs contain %q:\n%s", leak, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, "client_id=") && !strings.Contains(line, "client_id=clie…") && !strings.Contains(line, "client_id=rota…") {
			t.Errorf("log line shows more of the client ID than its first 4 characters: %s", line)
		}
	}
}
