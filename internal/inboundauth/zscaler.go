package inboundauth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

const (
	// zscalerSuccessTTL is how long a successful validation is reused: a little less than the
	// one hour ZIdentity tokens live.
	zscalerSuccessTTL = 55 * time.Minute
	// zscalerValidateTimeout bounds one token request.
	zscalerValidateTimeout = 20 * time.Second
	// zscalerMaxConcurrent bounds the token requests under way at once, so this server cannot be
	// used to flood ZIdentity.
	zscalerMaxConcurrent = 8
	// zscalerMaxEntries bounds the cache.
	zscalerMaxEntries = 4096
)

var errRefused = errors.New("refused")

type zscalerEntry struct {
	ok      bool
	expires time.Time
}

type zscalerCall struct {
	done chan struct{}
	err  error
}

// zscalerValidator caches the outcome of ValidateZscaler per (client id, secret) and collapses
// concurrent validations of the same pair into one.
type zscalerValidator struct {
	validate   func(ctx context.Context, clientID, clientSecret string) error
	failureTTL time.Duration
	now        func() time.Time
	sem        chan struct{}

	mu       sync.Mutex
	cache    map[[sha256.Size]byte]zscalerEntry
	inflight map[[sha256.Size]byte]*zscalerCall
}

func newZscalerValidator(f func(ctx context.Context, clientID, clientSecret string) error, o options) *zscalerValidator {
	return &zscalerValidator{
		validate:   f,
		failureTTL: o.zscalerFailureTTL,
		now:        o.now,
		sem:        make(chan struct{}, zscalerMaxConcurrent),
		cache:      make(map[[sha256.Size]byte]zscalerEntry),
		inflight:   make(map[[sha256.Size]byte]*zscalerCall),
	}
}

// credentialKey is an unambiguous digest of the pair (the id is length-prefixed).
func credentialKey(id, secret string) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(id)))
	h.Write(n[:])
	h.Write([]byte(id))
	h.Write([]byte(secret))
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// check returns nil (valid), errRefused, or an error wrapping ErrUnavailable.
func (v *zscalerValidator) check(ctx context.Context, id, secret string) error {
	key := credentialKey(id, secret)
	v.mu.Lock()
	if e, ok := v.cache[key]; ok {
		if v.now().Before(e.expires) {
			v.mu.Unlock()
			if e.ok {
				return nil
			}
			return errRefused
		}
		delete(v.cache, key)
	}
	if c, ok := v.inflight[key]; ok {
		v.mu.Unlock()
		select {
		case <-c.done:
			return c.err
		case <-ctx.Done():
			return errors.Join(ErrUnavailable, ctx.Err())
		}
	}
	c := &zscalerCall{done: make(chan struct{})}
	v.inflight[key] = c
	v.mu.Unlock()

	// The validation outlives this request's cancellation: others may be waiting on it.
	vctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), zscalerValidateTimeout)
	c.err = v.run(vctx, id, secret)
	cancel()

	v.mu.Lock()
	delete(v.inflight, key)
	switch {
	case c.err == nil:
		v.store(key, zscalerEntry{ok: true, expires: v.now().Add(zscalerSuccessTTL)})
	case errors.Is(c.err, errRefused) && v.failureTTL > 0:
		v.store(key, zscalerEntry{ok: false, expires: v.now().Add(v.failureTTL)})
	}
	v.mu.Unlock()
	close(c.done)
	return c.err
}

func (v *zscalerValidator) run(ctx context.Context, id, secret string) (err error) {
	select {
	case v.sem <- struct{}{}:
	case <-ctx.Done():
		return errors.Join(ErrUnavailable, ctx.Err())
	}
	defer func() { <-v.sem }()
	defer func() {
		if p := recover(); p != nil {
			err = ErrUnavailable
		}
	}()
	err = v.validate(ctx, id, secret)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrUnavailable), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &unavailableError{cause: redact(err.Error(), id, secret)}
	default:
		return errRefused
	}
}

// store inserts e, evicting expired entries (then arbitrary ones) when the cache is full.
// v.mu is held.
func (v *zscalerValidator) store(key [sha256.Size]byte, e zscalerEntry) {
	if len(v.cache) >= zscalerMaxEntries {
		now := v.now()
		for k, old := range v.cache {
			if !now.Before(old.expires) {
				delete(v.cache, k)
			}
		}
		for k := range v.cache {
			if len(v.cache) < zscalerMaxEntries {
				break
			}
			delete(v.cache, k)
		}
	}
	v.cache[key] = e
}

// unavailableError carries a cause from which the presented credentials were removed.
type unavailableError struct{ cause string }

func (e *unavailableError) Error() string { return "credential validation unavailable: " + e.cause }
func (e *unavailableError) Unwrap() error { return ErrUnavailable }

// redact removes the presented credentials (raw and URL-encoded) from s.
func redact(s string, creds ...string) string {
	for _, c := range creds {
		if c == "" {
			continue
		}
		for _, form := range []string{c, url.QueryEscape(c), url.PathEscape(c)} {
			s = strings.ReplaceAll(s, form, "[redacted]")
		}
	}
	return s
}

const zscalerCredentialsHelp = "X-Zscaler-Client-ID and X-Zscaler-Client-Secret headers, or Authorization: Basic base64(client_id:client_secret)"

// zscalerCredentials extracts the presented pair: the X-Zscaler-Client-* headers first, then
// HTTP Basic.
func zscalerCredentials(r *http.Request) (id, secret string, f *failure) {
	idV, idOK, idMulti := singleHeader(r, headerZscalerID)
	secV, secOK, secMulti := singleHeader(r, headerZscalerSecret)
	if idOK || secOK {
		if idMulti || secMulti {
			return "", "", unauthorized("multiple X-Zscaler-Client-ID or X-Zscaler-Client-Secret headers")
		}
		id, secret = strings.TrimSpace(idV), strings.TrimSpace(secV)
		if id == "" || secret == "" {
			return "", "", unauthorized("requires both X-Zscaler-Client-ID and X-Zscaler-Client-Secret")
		}
		return id, secret, nil
	}
	v, ok, multi := singleHeader(r, headerAuthorization)
	if !ok {
		return "", "", unauthorized("Zscaler authentication requires credentials (" + zscalerCredentialsHelp + ")")
	}
	if multi {
		return "", "", unauthorized("multiple Authorization headers")
	}
	scheme, cred := splitAuthorization(v)
	if !strings.EqualFold(scheme, "Basic") || cred == "" {
		return "", "", unauthorized("Expected: " + zscalerCredentialsHelp)
	}
	if len(cred) > maxCredentialLen {
		return "", "", unauthorized("Invalid OneAPI credentials")
	}
	raw, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(cred); err != nil {
			return "", "", unauthorized("Invalid Base64 encoding in Basic auth header")
		}
	}
	id, secret, found := strings.Cut(string(raw), ":")
	if !found || strings.TrimSpace(id) == "" || secret == "" {
		return "", "", unauthorized("Malformed Basic auth credentials (expected client_id:client_secret)")
	}
	return strings.TrimSpace(id), secret, nil
}

func (a *Authenticator) authZscaler(r *http.Request) (*Identity, *failure) {
	id, secret, f := zscalerCredentials(r)
	if f != nil {
		return nil, f
	}
	if len(id) > maxCredentialLen || len(secret) > maxCredentialLen {
		return nil, unauthorized("Invalid OneAPI credentials")
	}
	switch err := a.zs.check(r.Context(), id, secret); {
	case err == nil:
		return &Identity{
			Subject:             "zscaler:" + id,
			ClientID:            id,
			ZscalerClientID:     id,
			ZscalerClientSecret: secret,
		}, nil
	case errors.Is(err, ErrUnavailable):
		a.logger.WarnContext(r.Context(), "could not validate OneAPI client credentials with ZIdentity", "error", err.Error())
		return nil, &failure{
			status:  http.StatusServiceUnavailable,
			rpcCode: -32603,
			prefix:  "Service Unavailable",
			reason:  "could not validate the OneAPI credentials with ZIdentity; retry later",
		}
	default:
		return nil, unauthorized("Invalid OneAPI credentials")
	}
}
