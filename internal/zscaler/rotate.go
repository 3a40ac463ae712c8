package zscaler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// credState is one validated set of credentials. It is never modified: a
// rotation replaces the pointer, so a token fetch that took a snapshot
// finishes with what it started with, and pointer identity tells whether a
// token was obtained with the current credentials.
type credState struct {
	clientID string
	secret   string // kept in private-key mode too, so it is still redacted
	signer   *assertionSigner
}

// newCredState validates creds. The problems it reports name what is wrong,
// never a value.
func newCredState(creds Credentials) (*credState, []string) {
	var problems []string
	st := &credState{clientID: strings.TrimSpace(creds.ClientID), secret: creds.ClientSecret}
	if st.clientID == "" {
		problems = append(problems, "client ID is required")
	}
	switch {
	case creds.PrivateKey != "":
		key, err := parsePrivateKey(creds.PrivateKey)
		if err != nil {
			problems = append(problems, "private key: "+err.Error())
		} else {
			st.signer = &assertionSigner{key: key}
		}
	case creds.ClientSecret == "":
		problems = append(problems, "a client secret or a private key is required")
	}
	return st, problems
}

// same reports whether a and b authenticate identically: same client ID and
// the same key (however its PEM was formatted) or, without a key, the same
// secret.
func (a *credState) same(b *credState) bool {
	if a == b {
		return true
	}
	if a.clientID != b.clientID || (a.signer == nil) != (b.signer == nil) {
		return false
	}
	if a.signer != nil {
		return a.signer.key.Equal(b.signer.key)
	}
	return a.secret == b.secret
}

// clientIDHint is what logs may say about a client ID: its first four
// characters.
func clientIDHint(id string) string {
	r := []rune(id)
	return string(r[:min(4, len(r))]) + "…"
}

// UpdateCredentials swaps the client's credentials atomically. Calls already
// in flight finish with what they had; the next token fetch uses the new
// credentials. The cached token is dropped only if the credentials actually
// changed, so re-reading an unchanged secret on a timer costs nothing.
// Invalid credentials are refused with an error naming the problem (never a
// value) and the old credentials stay in use.
func (c *Client) UpdateCredentials(creds Credentials) error {
	_, err := c.auth.swap(creds, nil)
	return err
}

// swap installs creds if they are valid and differ from the current ones,
// dropping the cached token and detaching any in-flight fetch except keep
// (the fetch doing the swap, which retries with the new credentials itself).
func (ts *tokenSource) swap(creds Credentials, keep *tokenCall) (bool, error) {
	st, problems := newCredState(creds)
	if len(problems) > 0 {
		return false, fmt.Errorf("zscaler: invalid credentials: %s", strings.Join(problems, "; "))
	}
	ts.mu.Lock()
	if ts.cur.same(st) {
		ts.mu.Unlock()
		return false, nil
	}
	if ts.cur.secret != "" {
		ts.prevSecret = ts.cur.secret
	}
	ts.cur = st
	ts.token = ""
	if ts.inflight != keep {
		ts.inflight = nil // its callers still get its result; nobody new joins it
	}
	ts.mu.Unlock()
	mode := "client secret"
	if st.signer != nil {
		mode = "private key"
	}
	ts.client.log.Info("zscaler: credentials rotated", "client_id", clientIDHint(st.clientID), "auth", mode)
	return true, nil
}

// credentialRefusal returns the TokenError in err if the token endpoint
// refused the credentials themselves (400 or 401), as opposed to failing.
func credentialRefusal(err error) *TokenError {
	var te *TokenError
	if errors.As(err, &te) && (te.Status == http.StatusBadRequest || te.Status == http.StatusUnauthorized) {
		return te
	}
	return nil
}

// refreshAfterRefusal re-reads the credential source after the token
// endpoint refused used. It returns the credentials to retry with, or nil and
// the error to report.
func (ts *tokenSource) refreshAfterRefusal(base context.Context, call *tokenCall, used *credState, te *TokenError) (*credState, error) {
	log := ts.client.log
	log.Info("zscaler: token endpoint refused the credentials, re-reading them",
		"status", te.Status, "code", te.Code, "client_id", clientIDHint(used.clientID))
	creds, changed, err := ts.runRefresh(base)
	if err != nil {
		return nil, ts.newRefreshError(te, err)
	}
	if changed {
		if _, err := ts.swap(creds, call); err != nil {
			return nil, ts.newRefreshError(te, err)
		}
	}
	ts.mu.Lock()
	cur := ts.cur
	ts.mu.Unlock()
	if cur.same(used) {
		log.Info("zscaler: credential refresh found nothing new", "client_id", clientIDHint(used.clientID))
		return nil, te
	}
	return cur, nil
}

type refreshCall struct {
	done    chan struct{}
	waiters int // callers that joined rather than started it (read by tests)
	creds   Credentials
	changed bool
	err     error
}

// runRefresh calls Refresh, or waits for the call already running, so that
// concurrent refusals cost one re-read of the credential source.
func (ts *tokenSource) runRefresh(base context.Context) (Credentials, bool, error) {
	ts.mu.Lock()
	rc := ts.refreshing
	if rc != nil {
		rc.waiters++
		ts.mu.Unlock()
		<-rc.done
		return rc.creds, rc.changed, rc.err
	}
	rc = &refreshCall{done: make(chan struct{})}
	ts.refreshing = rc
	ts.mu.Unlock()

	func() {
		ctx, cancel := context.WithTimeout(base, tokenFetchTimeout)
		defer cancel()
		defer func() {
			// A panic here would otherwise take the whole server down from a
			// background goroutine.
			if r := recover(); r != nil {
				rc.creds, rc.changed, rc.err = Credentials{}, false, fmt.Errorf("credential refresh panicked: %v", r)
			}
		}()
		rc.creds, rc.changed, rc.err = ts.refresh(ctx)
	}()

	ts.mu.Lock()
	ts.refreshing = nil
	ts.mu.Unlock()
	close(rc.done)
	return rc.creds, rc.changed, rc.err
}

// refreshError is a token refusal followed by a failed attempt to re-read
// the credentials. Both causes stay reachable through errors.As/errors.Is;
// the message is redacted once, when the error is built.
type refreshError struct {
	msg  string
	errs []error
}

func (e *refreshError) Error() string   { return e.msg }
func (e *refreshError) Unwrap() []error { return e.errs }

func (ts *tokenSource) newRefreshError(te *TokenError, err error) error {
	msg := fmt.Sprintf("%s; re-reading the credentials failed: %s", te.Error(), err.Error())
	return &refreshError{msg: ts.redact(msg), errs: []error{te, err}}
}
