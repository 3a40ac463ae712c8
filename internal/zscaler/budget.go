package zscaler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultCallTimeout is a tool call's budget when none is configured: it
// ends before the 60 s after which the TypeScript MCP SDK, which most MCP
// clients use, gives up on a request and tells the user nothing.
const DefaultCallTimeout = 50 * time.Second

// maxAttemptTimeout caps one HTTP exchange. A gateway that has not answered
// in 20 s rarely answers at all; the rest of the budget buys more as a retry.
const maxAttemptTimeout = 20 * time.Second

// ErrBudgetExhausted is the cause of a call's context ending because its
// time budget ran out (context.Cause tells it from a caller who went away).
var ErrBudgetExhausted = errors.New("the call's time budget ran out")

// AttemptTimeout is how long one attempt may take within a call budget: a
// third of it, so that an attempt that hangs leaves room for a retry, and at
// most 20 s.
func AttemptTimeout(budget time.Duration) time.Duration {
	return min(budget/3, maxAttemptTimeout)
}

// minAttempt is the least time worth starting an attempt with: less than
// half an attempt timeout would end most retries in a timeout of their own.
func minAttempt(budget time.Duration) time.Duration { return AttemptTimeout(budget) / 2 }

type budget struct {
	start time.Time
	total time.Duration
}

type budgetKey struct{}

// WithBudget gives ctx a deadline total from now that every request made
// with it shares: attempts, retry waits (Retry-After included), client-side
// rate-limit waits and the pages of a list. Requests made with it time each
// attempt out after AttemptTimeout(total), and stop at once, with a
// *RetryError, when what is left cannot hold the next wait and an attempt.
// total <= 0 means no budget.
func WithBudget(ctx context.Context, total time.Duration) (context.Context, context.CancelFunc) {
	if total <= 0 {
		return context.WithCancel(ctx)
	}
	b := &budget{start: time.Now(), total: total}
	ctx = context.WithValue(ctx, budgetKey{}, b)
	return context.WithDeadlineCause(ctx, b.start.Add(total), ErrBudgetExhausted)
}

func budgetOf(ctx context.Context) *budget {
	b, _ := ctx.Value(budgetKey{}).(*budget)
	return b
}

// attemptContext bounds one attempt: the budget's attempt timeout, or what
// is left of the budget if that is less. Without a budget the HTTP client's
// own timeout applies, as it always did.
func attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	b := budgetOf(ctx)
	if b == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, AttemptTimeout(b.total))
}

// minBackoff is the shortest our own backoff gets when a budget is short.
const minBackoff = 100 * time.Millisecond

// planWait decides a wait of d before the next attempt: it must leave, after
// it, time for an attempt worth making. A backoff of our own choosing
// (shrink) is shortened to what the budget can spare, since a short budget
// would rather have the retry than the full spacing; a wait the server asked
// for never is. It returns the wait, what is left of the deadline, and
// whether the wait fits. Without a budget only the wait has to fit in the
// deadline, if any.
func planWait(ctx context.Context, d time.Duration, shrink bool) (wait, left time.Duration, ok bool) {
	dl, has := ctx.Deadline()
	if !has {
		return d, 0, true
	}
	left = time.Until(dl)
	b := budgetOf(ctx)
	if b == nil {
		return d, left, left >= d
	}
	spare := left - minAttempt(b.total)
	if shrink && spare < d && spare >= minBackoff {
		d = spare
	}
	return d, left, d <= spare
}

// Stop says why a request made no further attempt.
type Stop int

const (
	StopRetries        Stop = iota // the retry limit was reached
	StopNoRoom                     // the next wait and an attempt do not fit in what is left of the budget
	StopBudget                     // the budget ran out during an attempt or a wait
	StopCancelled                  // the caller went away
	StopUnknownOutcome             // a write that may have reached the API is never sent again
	StopTooLong                    // the server asked for a wait longer than MaxRetryWait
	StopFinal                      // the last answer is not one to retry
)

// RetryError is a request that did not succeed in the attempts that the
// retry limit, the call's time budget and the caller allowed. It says what
// happened to each attempt and why there was no other; Err is the last
// failure (an *APIError or a transport error), which errors.As finds.
type RetryError struct {
	Service Service
	Method  string
	Path    string

	Attempts     int // requests sent or started
	Timeouts     int // attempts that got no answer in time
	RateLimited  int // 429 answers
	ServerErrors int // 408 and 5xx answers
	EditLocks    int // edit-lock conflicts
	NetErrors    int // other transport failures

	AttemptTimeout time.Duration // per-attempt timeout; 0 without a budget
	Budget         time.Duration // the call's budget; 0 without one
	Elapsed        time.Duration // since the call (or, without a budget, the request) began

	Stop   Stop
	During string        // what was under way when the budget ran out or the caller left
	Wait   time.Duration // StopNoRoom, StopTooLong: the wait that was needed
	WaitOf string        // what the wait was for ("Retry-After", "backoff", "client-side rate limit")
	Left   time.Duration // StopNoRoom: what was left of the budget

	// Written marks a write whose request may have reached the API: its
	// outcome is unknown and it was not sent again.
	Written bool

	// Pages, PagesKnown and Records are set when the call ran out part-way
	// through a list: pages and records read, and the pages the API said it
	// has (0 when it does not say).
	Pages, PagesKnown, Records int

	Err error
}

func (e *RetryError) Unwrap() error { return e.Err }

func (e *RetryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s: ", e.Service, e.Method, e.Path)
	b.WriteString(e.Summary())
	// A timeout is already told by the summary; "context deadline exceeded"
	// would only repeat it less clearly.
	if e.Err != nil && !errors.Is(e.Err, context.DeadlineExceeded) && !errors.Is(e.Err, ErrBudgetExhausted) {
		b.WriteString("; last error: ")
		b.WriteString(strings.TrimPrefix(e.Err.Error(), fmt.Sprintf("zscaler: %s %s %s: ", e.Service, e.Method, e.Path)))
	}
	return b.String()
}

// Summary is what happened and why it stopped, without the last error.
func (e *RetryError) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", plural(e.Attempts, "attempt"), roundWait(e.Elapsed))
	var what []string
	add := func(n int, s string) {
		if n > 0 {
			what = append(what, fmt.Sprintf("%d %s", n, s))
		}
	}
	timedOut := "timed out"
	if e.AttemptTimeout > 0 {
		timedOut += " after " + roundWait(e.AttemptTimeout)
	}
	add(e.Timeouts, timedOut)
	add(e.RateLimited, "answered HTTP 429 (rate limited)")
	add(e.ServerErrors, "answered a server error")
	add(e.EditLocks, "found the configuration edit lock taken")
	add(e.NetErrors, "failed to connect or lost the connection")
	if len(what) > 0 {
		b.WriteString(" (" + strings.Join(what, ", ") + ")")
	}
	b.WriteString(": ")
	budget := "the call budget"
	if e.Budget > 0 {
		budget = "the " + roundWait(e.Budget) + " call budget"
	}
	switch e.Stop {
	case StopRetries:
		b.WriteString("the retry limit was reached")
	case StopNoRoom:
		fmt.Fprintf(&b, "the next attempt, after a %s wait (%s), does not fit in the %s left of %s", roundWait(e.Wait), e.WaitOf, roundWait(e.Left), budget)
	case StopBudget:
		fmt.Fprintf(&b, "%s ran out during %s", budget, e.During)
	case StopCancelled:
		fmt.Fprintf(&b, "the caller cancelled the call during %s", e.During)
	case StopUnknownOutcome:
		b.WriteString("the request was sent and no answer came back, so its outcome is unknown")
	case StopTooLong:
		fmt.Fprintf(&b, "the API asked to wait %s before a retry, longer than a call waits", roundWait(e.Wait))
	case StopFinal:
		b.WriteString("the last answer is not one to retry")
	}
	return b.String()
}

func plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return fmt.Sprintf("%d %ss", n, s)
}

// roundWait renders a duration the way a person reads it: 350ms, 2.5s, 48s.
func roundWait(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// tries counts one request's attempts for its *RetryError.
type tries struct {
	p       *prepared
	start   time.Time
	budget  *budget
	retries int // waits before a new attempt; 0 means the first answer stands alone
	err     RetryError
}

func newTries(ctx context.Context, p *prepared) *tries {
	t := &tries{p: p, start: time.Now(), budget: budgetOf(ctx)}
	t.err = RetryError{Service: p.Service, Method: p.method, Path: p.Path}
	if t.budget != nil {
		t.start = t.budget.start
		t.err.Budget = t.budget.total
		t.err.AttemptTimeout = AttemptTimeout(t.budget.total)
	}
	return t
}

func (t *tries) answered(status int, resp *Response) {
	switch {
	case status == 429:
		t.err.RateLimited++
	case isEditLock(resp):
		t.err.EditLocks++
	case isRetryableServerStatus(status):
		t.err.ServerErrors++
	}
}

func (t *tries) failed(timedOut bool) {
	if timedOut {
		t.err.Timeouts++
	} else {
		t.err.NetErrors++
	}
}

func (t *tries) stop(s Stop, last error) *RetryError {
	e := t.err
	e.Stop, e.Err, e.Elapsed = s, last, time.Since(t.start)
	return &e
}

// final is the error for an answer that is not retried: the API's own error
// when it was the only answer, the whole story when retries came before it.
func (t *tries) final(last error) error {
	if t.retries == 0 {
		return last
	}
	return t.stop(StopFinal, last)
}

// noRoom ends a request whose next wait does not fit in the budget.
func (t *tries) noRoom(last error, wait, left time.Duration, of string) *RetryError {
	e := t.stop(StopNoRoom, last)
	e.Wait, e.WaitOf, e.Left = wait, of, max(left, 0)
	return e
}

// ended is the error for a request whose context ended: the budget ran out
// or the caller went away.
func (t *tries) ended(ctx context.Context, last error, during string) *RetryError {
	s := StopCancelled
	if errors.Is(context.Cause(ctx), ErrBudgetExhausted) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		s = StopBudget
	}
	e := t.stop(s, last)
	e.During = during
	return e
}

// listed records, on a request error, how far the list it belonged to got.
func listed(err error, res *ListResult, known int) error {
	var re *RetryError
	if res.Pages > 0 && errors.As(err, &re) {
		re.Pages, re.PagesKnown, re.Records = res.Pages, known, len(res.Records)
	}
	return err
}
