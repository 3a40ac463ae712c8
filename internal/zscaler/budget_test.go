package zscaler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAttemptTimeoutIsAThirdOfTheBudgetAtMost20s(t *testing.T) {
	for _, c := range []struct{ budget, want time.Duration }{
		{3 * time.Second, time.Second},
		{30 * time.Second, 10 * time.Second},
		{DefaultCallTimeout, DefaultCallTimeout / 3},
		{120 * time.Second, 20 * time.Second},
	} {
		if got := AttemptTimeout(c.budget); got != c.want {
			t.Errorf("AttemptTimeout(%v) = %v, want %v", c.budget, got, c.want)
		}
	}
}

// TestBudgetPlanAgainstAnAPIThatNeverAnswers plays the retry loop's
// arithmetic for an API where every attempt times out, with the longest
// backoff jitter allows: whatever the budget, the call makes at least two
// attempts and ends within its budget, and the default one ends under the
// 55 s bar (and the 60 s after which most MCP clients give up).
func TestBudgetPlanAgainstAnAPIThatNeverAnswers(t *testing.T) {
	for _, budget := range []time.Duration{time.Second, 3 * time.Second, 10 * time.Second, DefaultCallTimeout, 90 * time.Second, 10 * time.Minute} {
		elapsed, attempts := time.Duration(0), 0
		for retries := 0; attempts <= defaultMaxRetries; retries++ {
			elapsed += min(AttemptTimeout(budget), budget-elapsed)
			attempts++
			if elapsed >= budget {
				break
			}
			wait := min(backoffBase<<retries, backoffCap) * 5 / 4
			spare := budget - elapsed - minAttempt(budget)
			if spare < wait && spare >= minBackoff {
				wait = spare // as planWait shortens our own backoff
			}
			if wait > spare {
				break
			}
			elapsed += wait
		}
		if elapsed > budget || attempts < 2 {
			t.Errorf("budget %v: %d attempts in %v", budget, attempts, elapsed)
		}
		if budget == DefaultCallTimeout && elapsed > 55*time.Second {
			t.Errorf("the default budget ends after %v", elapsed)
		}
	}
}

// hangingGateway holds the requests hang picks until the client gives up,
// and records each one it held and whether the client closed it.
type hangingGateway struct {
	mu     sync.Mutex
	held   int
	closed int
}

func (h *hangingGateway) hold(r *http.Request) {
	h.mu.Lock()
	h.held++
	h.mu.Unlock()
	select {
	case <-r.Context().Done():
		h.mu.Lock()
		h.closed++
		h.mu.Unlock()
	case <-time.After(30 * time.Second): // bounded: a broken client must not hang the test run
	}
}

// eventually waits a little for the handler to see a connection close: it
// notices a moment after the client has moved on.
func (h *hangingGateway) eventually(held, closed int) bool {
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if h, c := h.counts(); (h == held && c == closed) || time.Now().After(deadline) {
			return h == held && c == closed
		}
	}
}

func (h *hangingGateway) counts() (held, closed int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held, h.closed
}

func budgetCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := WithBudget(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestBudgetRetriesAnAttemptThatHangs(t *testing.T) {
	hg := &hangingGateway{}
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			hg.hold(r)
			return
		}
		writeJSON(w, http.StatusOK, `[{"id":1}]`)
	})
	start := time.Now()
	if _, err := env.client.Do(budgetCtx(t, 3*time.Second), get("/zia/api/v1/ruleLabels")); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("answered after %v, beyond the 3s budget", took)
	}
	if held, closed := hg.counts(); !hg.eventually(1, 1) || env.gw.Count() != 2 {
		t.Errorf("held %d, closed %d, requests %d; want the hung attempt closed and one retry", held, closed, env.gw.Count())
	}
}

func TestBudgetEndsAnAPIThatNeverAnswers(t *testing.T) {
	hg := &hangingGateway{}
	env := newTestEnv(t, func(_ http.ResponseWriter, r *http.Request, _ int) { hg.hold(r) })
	start := time.Now()
	_, err := env.client.Do(budgetCtx(t, 3*time.Second), get("/zia/api/v1/ruleLabels"))
	took := time.Since(start)
	re := mustRetryError(t, err, StopBudget)
	if took > 4*time.Second { // the budget, and a generous second for the machinery
		t.Errorf("gave up after %v, beyond the 3s budget", took)
	}
	// 1s, a backoff of 0.75 to 1.25s, 1s and the rest of the budget for a
	// third attempt, or the budget's end in the second with a long backoff.
	n := re.Attempts
	if n < 2 || n > 3 || re.Timeouts != n || re.AttemptTimeout != time.Second || re.Written {
		t.Errorf("retry error = %+v", re)
	}
	for _, want := range []string{"zia GET /zia/api/v1/ruleLabels", fmt.Sprintf("%d attempts", n),
		fmt.Sprintf("%d timed out after 1s", n), fmt.Sprintf("3s call budget ran out during attempt %d", n)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if !hg.eventually(n, n) {
		held, closed := hg.counts()
		t.Errorf("held %d, closed %d; every attempt must be closed when it times out", held, closed)
	}
}

func TestBudgetEndsRateLimitsThatNeverLift(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"Rate Limit (1/SECOND) exceeded"}`)
	}, func(o *Options) { o.Sleep = nil; o.MaxRetries = 100 })
	start := time.Now()
	_, err := env.client.Do(budgetCtx(t, 3*time.Second), get("/zia/api/v1/ruleLabels"))
	re := mustRetryError(t, err, StopNoRoom)
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("gave up after %v, beyond the 3s budget", took)
	}
	if re.RateLimited != re.Attempts || re.Attempts < 2 || re.WaitOf != "asked by the API" || !strings.Contains(err.Error(), "HTTP 429") {
		t.Errorf("retry error = %+v: %v", re, err)
	}
	if StatusOf(err) != http.StatusTooManyRequests {
		t.Errorf("StatusOf = %d", StatusOf(err))
	}
}

func TestTimedOutWriteIsNeverResent(t *testing.T) {
	hg := &hangingGateway{}
	env := newTestEnv(t, func(_ http.ResponseWriter, r *http.Request, _ int) { hg.hold(r) })
	post := &Request{Service: ZPA, Method: http.MethodPost, Path: "/zpa/mgmtconfig/v1/admin/customers/1/segmentGroup", Body: map[string]any{"name": "x"}}
	_, err := env.client.Do(budgetCtx(t, 3*time.Second), post)
	re := mustRetryError(t, err, StopUnknownOutcome)
	if !re.Written || re.Attempts != 1 || re.Timeouts != 1 || env.gw.Count() != 1 {
		t.Errorf("retry error = %+v after %d requests", re, env.gw.Count())
	}
	if !strings.Contains(err.Error(), "outcome is unknown") {
		t.Errorf("%q does not say the outcome is unknown", err)
	}
}

func TestWriteThatNeverLeftIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now: every dial is refused
	env := newTestEnv(t, okJSON(`{}`), func(o *Options) { o.BaseURL = refused; o.MaxRetries = 2 })
	_, err = env.client.Do(context.Background(), &Request{Service: ZIA, Method: http.MethodPost, Path: "/zia/api/v1/ruleLabels", Body: []byte(`{}`)})
	re := mustRetryError(t, err, StopRetries)
	if re.Attempts != 3 || re.NetErrors != 3 || re.Written {
		t.Errorf("retry error = %+v; a write whose request never left may be sent again", re)
	}
}

func TestCancelledRequestStopsAtOnce(t *testing.T) {
	hg := &hangingGateway{}
	env := newTestEnv(t, func(_ http.ResponseWriter, r *http.Request, _ int) { hg.hold(r) })
	ctx, cancel := context.WithCancel(budgetCtx(t, time.Minute))
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := env.client.Do(ctx, get("/zia/api/v1/ruleLabels"))
	re := mustRetryError(t, err, StopCancelled)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the cancelled request ended after %v", took)
	}
	if !errors.Is(err, context.Canceled) || re.Attempts != 1 || !strings.Contains(re.During, "attempt 1") {
		t.Errorf("retry error = %+v: %v", re, err)
	}
	time.Sleep(1500 * time.Millisecond) // longer than the first backoff: a retry would show by now
	if held, closed := hg.counts(); held != 1 || closed != 1 {
		t.Errorf("held %d, closed %d; the cancelled attempt must be closed and never retried", held, closed)
	}
}

type progressRecorder struct {
	mu      sync.Mutex
	reports []string
	values  []float64
}

func (p *progressRecorder) report(v, total float64, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.values = append(p.values, v)
	p.reports = append(p.reports, fmt.Sprintf("%.2f/%g %s", v, total, msg))
}

func (p *progressRecorder) increasing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := 1; i < len(p.values); i++ {
		if p.values[i] <= p.values[i-1] {
			return false
		}
	}
	return true
}

func TestProgressReportsPagesAndWaits(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{}`)
			return
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"totalPages":"3","list":[{"id":"%s"}]}`, r.URL.Query().Get("page")))
	})
	rec := &progressRecorder{}
	ctx := WithProgress(context.Background(), rec.report)
	res, err := env.client.List(ctx, &Request{Service: ZPA, Path: "/zpa/x"}, ListOptions{Paging: PagingZPA, PageSize: 1})
	if err != nil || len(res.Records) != 3 {
		t.Fatalf("list: %v, %v", res, err)
	}
	want := []string{
		"1.00/3 zpa: read 1 of 3 pages",
		"1.50/3 zpa: waited 1s of 2s (before retrying after HTTP 429); 1 page read",
		"1.67/3 zpa: waited 2s of 2s (before retrying after HTTP 429); 1 page read",
		"2.00/3 zpa: read 2 of 3 pages",
		"3.00/3 zpa: read 3 of 3 pages",
	}
	if strings.Join(rec.reports, "\n") != strings.Join(want, "\n") {
		t.Errorf("reports:\n%s\nwant:\n%s", strings.Join(rec.reports, "\n"), strings.Join(want, "\n"))
	}

	// Outside a list, the value is the seconds waited, across waits.
	env = newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n <= 2 {
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{}`)
			return
		}
		writeJSON(w, http.StatusOK, `{}`)
	})
	rec = &progressRecorder{}
	if _, err := env.client.Do(WithProgress(context.Background(), rec.report), get("/zia/api/v1/status")); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.reports, "\n"); !strings.HasPrefix(got, "1.00/2 zia: waited 1s of 2s") || len(rec.reports) != 4 || !strings.HasPrefix(rec.reports[3], "4.00/4 ") || !rec.increasing() {
		t.Errorf("reports:\n%s", got)
	}
}

func TestListOutOfBudgetSaysHowFarItGot(t *testing.T) {
	hg := &hangingGateway{}
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Query().Get("page") != "1" {
			hg.hold(r)
			return
		}
		writeJSON(w, http.StatusOK, `{"totalPages":"4","list":[{"id":"1"},{"id":"2"}]}`)
	})
	_, err := env.client.List(budgetCtx(t, 3*time.Second), &Request{Service: ZPA, Path: "/zpa/x"}, ListOptions{Paging: PagingZPA, PageSize: 2})
	var re *RetryError
	if !errors.As(err, &re) || re.Pages != 1 || re.PagesKnown != 4 || re.Records != 2 || re.Timeouts == 0 {
		t.Fatalf("err = %v (%+v)", err, re)
	}
}

func TestRetryErrorDoesNotRepeatTheTimeout(t *testing.T) {
	for _, last := range []error{context.DeadlineExceeded, fmt.Errorf("zscaler: zia GET /x: %w", ErrBudgetExhausted)} {
		re := &RetryError{Service: ZIA, Method: "GET", Path: "/x", Attempts: 3, Timeouts: 3, Budget: DefaultCallTimeout,
			AttemptTimeout: AttemptTimeout(DefaultCallTimeout), Elapsed: DefaultCallTimeout, Stop: StopBudget, During: "attempt 3", Err: last}
		if got, want := re.Error(), "zia GET /x: 3 attempts in 50s (3 timed out after 17s): the 50s call budget ran out during attempt 3"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}
