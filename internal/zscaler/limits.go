package zscaler

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is "Requests per Per". The zero value means unlimited.
type RateLimit struct {
	Requests int
	Per      time.Duration
}

func (r RateLimit) unlimited() bool { return r.Requests <= 0 || r.Per <= 0 }

// ServiceLimits holds the client-side limits for one service. Read covers
// GET and HEAD, Write every other method.
type ServiceLimits struct {
	Read, Write RateLimit
	// Shared makes reads and writes draw from one bucket (the Read limit),
	// for services whose quota counts every call alike (ZCC's 100 per hour,
	// ZDX's 5 per second, the gateway's per-minute quota).
	Shared bool
}

// DocumentedLimits returns the per-service limits Zscaler documents
// (zscaler-api.md §4.1, §4.4). Each is a token bucket whose burst is the
// window's count, so a quiet client may spend a whole window at once and is
// then paced at the average rate.
func DocumentedLimits() map[Service]ServiceLimits {
	perTen := ServiceLimits{
		Read:  RateLimit{Requests: 20, Per: 10 * time.Second},
		Write: RateLimit{Requests: 10, Per: 10 * time.Second},
	}
	// Services without a documented limit of their own are bounded only by
	// the gateway's quota (x-ratelimit-limit: 5000, 5000;w=60).
	gateway := ServiceLimits{Read: RateLimit{Requests: 5000, Per: time.Minute}, Shared: true}
	return map[Service]ServiceLimits{
		ZIA:   perTen,
		ZTW:   perTen,
		ZPA:   perTen,
		ZCC:   {Read: RateLimit{Requests: 100, Per: time.Hour}, Shared: true},
		ZDX:   {Read: RateLimit{Requests: 5, Per: time.Second}, Shared: true},
		ZID:   gateway,
		EASM:  gateway,
		ZINS:  gateway,
		ZMS:   gateway,
		ZCELL: gateway,
	}
}

// Unlimited disables client-side limiting for every service; useful against
// a local simulator. It is non-nil so that Options.Limits does not fall back
// to DocumentedLimits.
func Unlimited() map[Service]ServiceLimits {
	m := make(map[Service]ServiceLimits, len(allServices))
	for _, s := range allServices {
		m[s] = ServiceLimits{}
	}
	return m
}

func validateLimits(limits map[Service]ServiceLimits) []string {
	var problems []string
	for svc, l := range limits {
		for _, rl := range []struct {
			kind string
			l    RateLimit
		}{{"read", l.Read}, {"write", l.Write}} {
			if rl.l.Requests < 0 || rl.l.Per < 0 {
				problems = append(problems, fmt.Sprintf("limit for %s %s must not be negative", svc, rl.kind))
			}
		}
	}
	return problems
}

// limiters holds the token buckets, built once in New; a nil bucket means
// unlimited.
type limiters struct {
	read, write map[Service]*rate.Limiter
}

func newLimiters(limits map[Service]ServiceLimits) *limiters {
	ls := &limiters{read: map[Service]*rate.Limiter{}, write: map[Service]*rate.Limiter{}}
	for svc, l := range limits {
		ls.read[svc] = bucket(l.Read)
		if l.Shared {
			ls.write[svc] = ls.read[svc]
		} else {
			ls.write[svc] = bucket(l.Write)
		}
	}
	return ls
}

func bucket(r RateLimit) *rate.Limiter {
	if r.unlimited() {
		return nil
	}
	return rate.NewLimiter(rate.Every(r.Per/time.Duration(r.Requests)), r.Requests)
}

func (ls *limiters) forRequest(svc Service, method string) *rate.Limiter {
	if isRead(method) {
		return ls.read[svc]
	}
	return ls.write[svc]
}

func isRead(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// WaitPacing is the WaitOf of a request held back by the client-side rate
// limit: no attempt was made, and the wait is until the next slot.
const WaitPacing = "client-side rate limit"

// waitTurn blocks until the service's bucket grants a slot. It reserves with
// the client's clock and sleeps through the client's Sleep so that tests can
// observe queueing without real waiting. Reservations are taken in call
// order, so parallel callers queue behind each other instead of all failing
// at the server. A wait that the request's budget cannot hold is refused at
// once and its slot given back.
func (c *Client) waitTurn(ctx context.Context, req *Request, method string, t *tries) error {
	lim := c.limits.forRequest(req.Service, method)
	if lim == nil {
		return nil
	}
	now := c.now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("zscaler: %s %s %s: client-side rate limit cannot grant a request", req.Service, method, req.Path)
	}
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	if _, left, ok := planWait(ctx, delay, false); !ok {
		r.CancelAt(now)
		return t.noRoom(fmt.Errorf("zscaler: %s %s %s: client-side rate limit needs a %v wait, beyond the request deadline: %w",
			req.Service, method, req.Path, delay.Round(time.Millisecond), context.DeadlineExceeded), delay, left, WaitPacing)
	}
	c.log.Debug("zscaler: queued by client-side rate limit",
		"service", req.Service, "method", method, "path", req.Path, "wait", delay)
	if err := c.pause(ctx, req.Service, delay, WaitPacing); err != nil {
		r.CancelAt(c.now())
		return t.ended(ctx, fmt.Errorf("zscaler: %s %s %s: waiting for the client-side rate limit: %w", req.Service, method, req.Path, err),
			"the client-side rate-limit wait")
	}
	return nil
}
