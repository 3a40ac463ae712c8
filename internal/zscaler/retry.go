package zscaler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	backoffBase = time.Second
	backoffCap  = 30 * time.Second
	// editLockBase is longer than backoffBase because ZIA only answers
	// EDIT_LOCK_NOT_AVAILABLE after holding the request ~30 s itself; hammering
	// it again at once just joins the queue for the lock.
	editLockBase = 2 * time.Second
	// minServerWait is the floor for "Retry-After: 0" and sub-second waits:
	// the window the server counts in has not necessarily rolled over yet.
	minServerWait = 500 * time.Millisecond
)

// Do sends req and returns the 2xx response. Any other status comes back as
// *APIError once retries are exhausted or not allowed; network failures come
// back as plain errors. When retries were made, or a budget or the caller
// ended the request, the error is a *RetryError that says what each attempt
// met and why there was no other, with the last failure inside.
//
// Retry rules: a 401 triggers one token refresh and one resend. 429 and edit
// lock conflicts are retried for every method because the server did not
// apply the request. 5xx and transport errors are retried only for GET and
// HEAD, or for a write whose request never left this process: a mutation
// that reached the server may have been applied, and re-sending it could
// apply it twice. A cancelled context is never retried.
//
// With a budget (WithBudget) each attempt times out after AttemptTimeout,
// and no wait starts that would leave too little of the budget for the
// attempt after it.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	p, err := c.prepare(req)
	if err != nil {
		return nil, err
	}
	t := newTries(ctx, p)
	refreshed := false
	for {
		if err := c.waitTurn(ctx, req, p.method, t); err != nil {
			return nil, err
		}
		token, err := c.auth.get(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, t.ended(ctx, err, "the OneAPI token request")
			}
			return nil, err
		}
		actx, cancel := attemptContext(ctx)
		resp, reached, err := c.attempt(actx, p, token)
		cancel()
		t.err.Attempts++
		if err != nil {
			terr := transportError(p, err)
			if ctx.Err() != nil {
				if !errors.Is(ctx.Err(), context.Canceled) {
					t.failed(true) // the budget ended it: a timeout like any other
				}
				e := t.ended(ctx, terr, "attempt "+strconv.Itoa(t.err.Attempts))
				e.Written = reached && !isRead(p.method)
				return nil, e
			}
			timedOut := isTimeout(err)
			t.failed(timedOut)
			if reached && !isRead(p.method) {
				e := t.stop(StopUnknownOutcome, terr)
				e.Written = true
				return nil, e
			}
			if t.retries >= c.maxRetries {
				return nil, t.stop(StopRetries, terr)
			}
			wait, left, ok := planWait(ctx, backoff(t.retries, backoffBase), true)
			if !ok {
				return nil, t.noRoom(terr, wait, left, "backoff")
			}
			c.log.Info("zscaler: retrying after transport error",
				"service", p.Service, "method", p.method, "path", p.Path,
				"timeout", timedOut, "wait", wait, "retry", t.retries+1)
			if err := c.pause(ctx, p.Service, wait, "before retrying after "+failureKind(timedOut)); err != nil {
				return nil, t.ended(ctx, transportError(p, err), "the wait before retry "+strconv.Itoa(t.retries+1))
			}
			t.retries++
			continue
		}
		if resp.Status >= 200 && resp.Status < 300 {
			return resp, nil
		}
		if resp.Status == http.StatusUnauthorized && !refreshed {
			// The gateway's 401 carries no reason, so any 401 may mean the
			// token was revoked early; only the token we used is dropped, in
			// case a parallel call already replaced it.
			refreshed = true
			t.err.Attempts--
			c.auth.invalidate(token)
			c.log.Info("zscaler: 401, refreshing token and retrying once",
				"service", p.Service, "method", p.method, "path", p.Path)
			continue
		}

		apiErr := c.newAPIError(p, resp, token)
		t.answered(resp.Status, resp)
		wait, serverAsked, retryable := c.retryPlan(p.method, resp, t.retries)
		waitOf := "backoff"
		if serverAsked {
			apiErr.RetryAfter = wait
			waitOf = "asked by the API"
		}
		if !retryable {
			return nil, t.final(apiErr)
		}
		if t.retries >= c.maxRetries {
			return nil, t.stop(StopRetries, apiErr)
		}
		if serverAsked && wait > c.maxRetryWait {
			// E.g. ZCC's hourly quota: better to tell the agent now than to
			// hold a tool call for most of an hour.
			c.log.Info("zscaler: server-requested wait too long, giving up",
				"service", p.Service, "method", p.method, "path", p.Path,
				"status", resp.Status, "wait", wait)
			e := t.stop(StopTooLong, apiErr)
			e.Wait, e.WaitOf = wait, waitOf
			return nil, e
		}
		wait, left, ok := planWait(ctx, wait, !serverAsked)
		if !ok {
			return nil, t.noRoom(apiErr, wait, left, waitOf)
		}
		c.log.Info("zscaler: retrying",
			"service", p.Service, "method", p.method, "path", p.Path,
			"status", resp.Status, "code", apiErr.Code, "wait", wait, "retry", t.retries+1)
		if err := c.pause(ctx, p.Service, wait, fmt.Sprintf("before retrying after HTTP %d", resp.Status)); err != nil {
			return nil, t.ended(ctx, fmt.Errorf("zscaler: %s %s %s: waiting to retry after HTTP %d: %w",
				p.Service, p.method, p.Path, resp.Status, err), "the wait before retry "+strconv.Itoa(t.retries+1))
		}
		t.retries++
	}
}

func failureKind(timedOut bool) string {
	if timedOut {
		return "a timeout"
	}
	return "a connection failure"
}

// retryPlan decides whether a failed response may be retried and how long to
// wait first. serverAsked reports that the wait came from the response
// rather than from our own backoff.
func (c *Client) retryPlan(method string, resp *Response, retries int) (wait time.Duration, serverAsked, retryable bool) {
	base := backoffBase
	switch {
	case resp.Status == http.StatusTooManyRequests:
		retryable = true
	case isEditLock(resp):
		retryable, base = true, editLockBase
	case isRetryableServerStatus(resp.Status):
		// Reported even when not retried (a failed POST), so the caller
		// learns when the server expects to be back.
		retryable = isRead(method)
	default:
		return 0, false, false
	}
	if d, ok := serverWait(resp, c.now()); ok {
		return d, true, retryable
	}
	return backoff(retries, base), false, retryable
}

func isRetryableServerStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isEditLock recognises the conflicts that mean "someone else holds the
// lock, nothing was changed": ZIA/ZTW's EDIT_LOCK_NOT_AVAILABLE and ZPA's
// api.concurrent.access.error.
func isEditLock(resp *Response) bool {
	return resp.Status == http.StatusConflict &&
		(bytes.Contains(resp.Body, []byte("EDIT_LOCK_NOT_AVAILABLE")) ||
			bytes.Contains(resp.Body, []byte("api.concurrent.access.error")))
}

// backoff is exponential with ±25 % jitter so that parallel callers who
// failed together do not retry together.
func backoff(retries int, base time.Duration) time.Duration {
	d := base << min(retries, 10)
	if d <= 0 || d > backoffCap {
		d = backoffCap
	}
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4
	return d + jitter
}

// serverWait extracts how long the server asked us to wait, in order of
// precision: Retry-After (every form seen: "1", "4s", "1m30s", "1 seconds",
// HTTP-date); then, for a 429 only, the quota reset headers and ZIA's
// Retry-After echoed in the JSON body. The gateway sends x-ratelimit-reset on
// every response, so on a 409 or 5xx it says nothing about when to retry.
func serverWait(resp *Response, now time.Time) (time.Duration, bool) {
	h, body := resp.Header, resp.Body
	if v := h.Get("Retry-After"); v != "" {
		if d, ok := parseRetryAfter(v, now); ok {
			return floorWait(d), true
		}
	}
	if resp.Status != http.StatusTooManyRequests {
		return 0, false
	}
	for _, name := range []string{"X-Rate-Limit-Retry-After-Seconds", "X-Ratelimit-Reset", "Ratelimit-Reset"} {
		if v := h.Get(name); v != "" {
			if d, ok := parseReset(v, now); ok {
				return floorWait(d), true
			}
		}
	}
	if len(body) > 0 && body[0] == '{' {
		var b struct {
			RetryAfter any `json:"Retry-After"`
		}
		if json.Unmarshal(body, &b) == nil && b.RetryAfter != nil {
			if d, ok := parseRetryAfter(fmt.Sprint(b.RetryAfter), now); ok {
				return floorWait(d), true
			}
		}
	}
	return 0, false
}

func floorWait(d time.Duration) time.Duration { return max(d, minServerWait) }

// parseRetryAfter accepts every Retry-After form the services send.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		return secondsToDuration(secs)
	}
	// "1 seconds", "0 second", "30 sec" (ZIA/ZTW legacy).
	if num, unit, ok := strings.Cut(v, " "); ok {
		if secs, err := strconv.ParseFloat(num, 64); err == nil && strings.HasPrefix(strings.ToLower(strings.TrimSpace(unit)), "sec") {
			return secondsToDuration(secs)
		}
	}
	// "4s", "13s", "1m30s", "500ms" (ZPA).
	if d, err := time.ParseDuration(v); err == nil {
		return max(d, 0), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// parseReset reads a reset header that is either relative seconds
// (x-ratelimit-reset) or a UTC epoch (ZDX's RateLimit-Reset); an epoch is
// told apart by its size, since no window lasts decades.
func parseReset(v string, now time.Time) (time.Duration, bool) {
	// The IETF draft allows a list ("34, 34;w=60"); the first item is the
	// one that matters.
	first, _, _ := strings.Cut(v, ",")
	first, _, _ = strings.Cut(first, ";")
	secs, err := strconv.ParseFloat(strings.TrimSpace(first), 64)
	if err != nil {
		return 0, false
	}
	const epochThreshold = 1e9 // 2001-09-09; also ~31 years as a relative value
	if secs >= epochThreshold {
		return max(time.Unix(int64(secs), 0).Sub(now), 0), true
	}
	return secondsToDuration(secs)
}

func secondsToDuration(secs float64) (time.Duration, bool) {
	if secs < 0 || secs > 1e6 { // negative or ~11 days: not a wait anyone meant
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}
