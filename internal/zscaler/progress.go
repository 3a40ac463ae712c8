package zscaler

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// ProgressFunc receives a call's progress: a value that increases with
// every report, the total when it is known (0 otherwise) and a sentence for
// the user. It is the shape of an MCP progress notification.
type ProgressFunc func(progress, total float64, message string)

// progressTick is how often a long wait reports: often enough that a client
// that resets its timeout on progress never sees a silent stretch.
const progressTick = time.Second

type progressKey struct{}

// WithProgress makes the requests made with ctx report to fn: pages read of
// the pages known while a list pages, seconds waited while a rate limit or
// a Retry-After holds a request back.
func WithProgress(ctx context.Context, fn ProgressFunc) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, progressKey{}, &progress{fn: fn})
}

func progressOf(ctx context.Context) *progress {
	p, _ := ctx.Value(progressKey{}).(*progress)
	return p
}

// progress turns pages and waits into one value that only increases, as MCP
// requires. Outside a list the value is the seconds waited so far. In a list
// it is base + pages read, and a wait between pages moves it towards the next
// page without reaching it; base is where the value stood when the list
// began, for a handler that waited before it listed.
type progress struct {
	fn ProgressFunc

	mu        sync.Mutex
	last      float64
	listing   bool
	base      float64
	pages     int
	known     int
	waited    time.Duration // all waits of the call
	sincePage time.Duration // waits since the last page
}

func (p *progress) emit(v, total float64, msg string) {
	if v <= p.last {
		return
	}
	p.last = v
	p.fn(v, total, msg)
}

func (p *progress) startList() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listing, p.base, p.pages, p.known, p.sincePage = true, math.Ceil(p.last), 0, 0, 0
}

// page reports pages read of the pages known (0: the API does not say).
func (p *progress) page(svc Service, pages, known int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages, p.sincePage = pages, 0
	if known > 0 {
		p.known = known
	}
	msg := fmt.Sprintf("%s: read %s", svc, plural(pages, "page"))
	var total float64
	if p.known > 0 {
		msg = fmt.Sprintf("%s: read %d of %d pages", svc, pages, p.known)
		total = p.base + float64(p.known)
	}
	p.emit(p.base+float64(pages), total, msg)
}

// waited reports step more of a wait of total, of which done has passed.
func (p *progress) wait(svc Service, step, done, total time.Duration, why string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waited += step
	p.sincePage += step
	msg := fmt.Sprintf("%s: waited %s of %s (%s)", svc, roundWait(done), roundWait(total), why)
	if p.listing {
		s := p.sincePage.Seconds()
		var all float64
		if p.known > 0 {
			all = p.base + float64(p.known)
		}
		p.emit(p.base+float64(p.pages)+s/(s+1), all, fmt.Sprintf("%s; %s read", msg, plural(p.pages, "page")))
		return
	}
	p.emit(p.waited.Seconds(), (p.waited - done + total).Seconds(), msg)
}

// pause waits d the way a retry or a rate limit needs, reporting progress
// every tick when the call asked for it.
func (c *Client) pause(ctx context.Context, svc Service, d time.Duration, why string) error {
	p := progressOf(ctx)
	if p == nil {
		return c.sleep(ctx, d)
	}
	for done := time.Duration(0); done < d; {
		step := min(progressTick, d-done)
		if err := c.sleep(ctx, step); err != nil {
			return err
		}
		done += step
		p.wait(svc, step, done, d, why)
	}
	return ctx.Err()
}
