package zscaler

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestDocumentedLimits(t *testing.T) {
	l := DocumentedLimits()
	perTen := ServiceLimits{Read: RateLimit{20, 10 * time.Second}, Write: RateLimit{10, 10 * time.Second}}
	for _, s := range []Service{ZIA, ZTW, ZPA} {
		if l[s] != perTen {
			t.Errorf("%s limits = %+v, want %+v", s, l[s], perTen)
		}
	}
	if got := l[ZCC]; got.Read != (RateLimit{100, time.Hour}) || !got.Shared {
		t.Errorf("ZCC limits = %+v, want 100/hour shared", got)
	}
	if got := l[ZDX]; got.Read != (RateLimit{5, time.Second}) || !got.Shared {
		t.Errorf("ZDX limits = %+v, want 5/s shared", got)
	}
	for _, s := range allServices {
		if l[s].Read.unlimited() {
			t.Errorf("%s has no documented limit", s)
		}
	}
	for s, ul := range Unlimited() {
		if !ul.Read.unlimited() || !ul.Write.unlimited() {
			t.Errorf("Unlimited()[%s] = %+v", s, ul)
		}
	}
}

// limitedEnv uses a fake clock that Sleep advances, so buckets refill
// exactly as they would in real time without any real waiting.
func limitedEnv(t *testing.T, limits map[Service]ServiceLimits) (*testEnv, *fakeClock) {
	clock := newFakeClock()
	env := newTestEnv(t, okJSON(`[]`), func(o *Options) {
		o.Limits = limits
		o.Now = clock.Now
	})
	env.sleeps.clock = clock
	return env, clock
}

func TestLimiterMakesTheThirdCallWait(t *testing.T) {
	env, _ := limitedEnv(t, map[Service]ServiceLimits{ZCC: {Read: RateLimit{Requests: 2, Per: time.Hour}}})
	ctx := context.Background()
	for range 3 {
		if _, err := env.client.Do(ctx, &Request{Service: ZCC, Path: "/zcc/papi/public/v1/getDevices"}); err != nil {
			t.Fatal(err)
		}
	}
	waits := env.sleeps.Waits()
	if len(waits) != 1 || waits[0] < 30*time.Minute-time.Second || waits[0] > 30*time.Minute+time.Second {
		t.Errorf("waits = %v, want one of ~30m before the third call", waits)
	}
	if env.gw.Count() != 3 {
		t.Errorf("gateway saw %d calls", env.gw.Count())
	}
}

func TestLimiterQueuesParallelCalls(t *testing.T) {
	// The clock stands still: every caller reserves against the same
	// instant, so the queue positions show directly in the waits.
	clock := newFakeClock()
	env := newTestEnv(t, okJSON(`[]`), func(o *Options) {
		o.Limits = map[Service]ServiceLimits{ZIA: {Read: RateLimit{Requests: 2, Per: time.Hour}}}
		o.Now = clock.Now
	})
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	waits := env.sleeps.Waits()
	slices.Sort(waits)
	want := []time.Duration{30 * time.Minute, 60 * time.Minute, 90 * time.Minute}
	if len(waits) != len(want) {
		t.Fatalf("waits = %v, want %v", waits, want)
	}
	for i := range want {
		if d := waits[i] - want[i]; d < -time.Second || d > time.Second {
			t.Errorf("waits = %v, want %v", waits, want)
		}
	}
	if env.gw.Count() != 5 {
		t.Errorf("gateway saw %d calls, want all 5 to go through", env.gw.Count())
	}
}

func TestLimiterSeparatesReadsAndWrites(t *testing.T) {
	one := RateLimit{Requests: 1, Per: time.Hour}
	for _, tc := range []struct {
		name   string
		limits ServiceLimits
		waits  int
	}{
		{"separate buckets", ServiceLimits{Read: one, Write: one}, 0},
		{"shared bucket", ServiceLimits{Read: one, Shared: true}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, _ := limitedEnv(t, map[Service]ServiceLimits{ZIA: tc.limits})
			ctx := context.Background()
			if _, err := env.client.Do(ctx, get("/zia/api/v1/users")); err != nil {
				t.Fatal(err)
			}
			if _, err := env.client.Do(ctx, &Request{Service: ZIA, Method: http.MethodDelete, Path: "/zia/api/v1/users/1"}); err != nil {
				t.Fatal(err)
			}
			if n := len(env.sleeps.Waits()); n != tc.waits {
				t.Errorf("waits = %v, want %d", env.sleeps.Waits(), tc.waits)
			}
		})
	}
}

func TestLimiterIsPerService(t *testing.T) {
	env, _ := limitedEnv(t, map[Service]ServiceLimits{ZIA: {Read: RateLimit{Requests: 1, Per: time.Hour}}})
	ctx := context.Background()
	for _, s := range []Service{ZIA, ZPA, ZPA, ZDX} {
		if _, err := env.client.Do(ctx, &Request{Service: s, Path: "/x"}); err != nil {
			t.Fatal(err)
		}
	}
	if w := env.sleeps.Waits(); len(w) != 0 {
		t.Errorf("waits = %v; one ZIA call should not slow other services", w)
	}
}

func TestLimiterRespectsDeadline(t *testing.T) {
	env, _ := limitedEnv(t, map[Service]ServiceLimits{ZIA: {Read: RateLimit{Requests: 1, Per: time.Hour}}})
	if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := env.client.Do(ctx, get("/zia/api/v1/users"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if env.gw.Count() != 1 || len(env.sleeps.Waits()) != 0 {
		t.Errorf("requests = %d waits = %v; want the call refused without waiting", env.gw.Count(), env.sleeps.Waits())
	}
	// The refused call gave its slot back: the next caller waits one
	// interval, not two.
	if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	if w := env.sleeps.Waits(); len(w) != 1 || w[0] > time.Hour+time.Second {
		t.Errorf("waits = %v, want one of at most 1h", w)
	}
}

func TestDocumentedLimitsAreTheDefault(t *testing.T) {
	clock := newFakeClock()
	env := newTestEnv(t, okJSON(`[]`), func(o *Options) { o.Limits = nil; o.Now = clock.Now })
	for range 21 {
		if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
			t.Fatal(err)
		}
	}
	// ZIA allows 20 GETs per 10 s: the 21st waits half a second.
	if w := env.sleeps.Waits(); len(w) != 1 || w[0] != 500*time.Millisecond {
		t.Errorf("waits = %v, want [500ms]", w)
	}
}
