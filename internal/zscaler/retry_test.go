package zscaler

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := newFakeClock().Now()
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{"4s", 4 * time.Second, true},
		{"13s", 13 * time.Second, true},
		{"1m30s", 90 * time.Second, true},
		{"1 seconds", time.Second, true},
		{"0 seconds", 0, true},
		{"2.5", 2500 * time.Millisecond, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
		{"-3", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestServerWaitSources(t *testing.T) {
	now := newFakeClock().Now()
	h := func(kv ...string) http.Header {
		hd := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			hd.Set(kv[i], kv[i+1])
		}
		return hd
	}
	for _, tc := range []struct {
		name   string
		resp   *Response
		want   time.Duration
		wantOK bool
	}{
		{"Retry-After wins over reset", &Response{Status: 429, Header: h("Retry-After", "1", "X-Ratelimit-Reset", "34")}, time.Second, true},
		{"zero gets the floor", &Response{Status: 429, Header: h("Retry-After", "0 seconds")}, minServerWait, true},
		{"x-ratelimit-reset relative", &Response{Status: 429, Header: h("X-Ratelimit-Reset", "34")}, 34 * time.Second, true},
		{"ZDX RateLimit-Reset epoch", &Response{Status: 429, Header: h("RateLimit-Reset", strconv.FormatInt(now.Add(7*time.Second).Unix(), 10))}, 7 * time.Second, true},
		{"ZCC download header", &Response{Status: 429, Header: h("X-Rate-Limit-Retry-After-Seconds", "120")}, 2 * time.Minute, true},
		{"ZIA body echo", &Response{Status: 429, Header: h(), Body: []byte(`{"message":"Rate Limit (2/SECOND) exceeded","Retry-After":"1 seconds"}`)}, time.Second, true},
		{"nothing", &Response{Status: 429, Header: h()}, 0, false},
		{"reset header ignored on 409", &Response{Status: 409, Header: h("X-Ratelimit-Reset", "13")}, 0, false},
		{"Retry-After honoured on 503", &Response{Status: 503, Header: h("Retry-After", "10s")}, 10 * time.Second, true},
	} {
		got, ok := serverWait(tc.resp, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: serverWait = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestTooManyRequestsHonoursRetryAfterForms(t *testing.T) {
	clock := newFakeClock()
	for _, tc := range []struct {
		name   string
		header string
		body   string
		want   time.Duration
	}{
		// Header and body as recorded from ZIA (zia__TestAdminRoles.yaml).
		{"ZIA seconds", "1", `{"message":"Rate Limit (2/SECOND) exceeded","Retry-After":"1 seconds"}`, time.Second},
		// As recorded from ZPA (zpa__TestAccessPolicyReorderRule.yaml).
		{"ZPA duration", "4s", `{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}`, 4 * time.Second},
		{"ZTW zero seconds", "0 seconds", `{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"0 seconds"}`, minServerWait},
		{"zero", "0", ``, minServerWait},
		{"Go duration", "1m30s", ``, 90 * time.Second},
		{"13s", "13s", ``, 13 * time.Second},
		{"HTTP date", clock.Now().Add(20 * time.Second).Format(http.TimeFormat), ``, 20 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					w.Header().Set("Retry-After", tc.header)
					w.Header().Set("X-Ratelimit-Reset", "34")
					writeJSON(w, http.StatusTooManyRequests, tc.body)
					return
				}
				writeJSON(w, http.StatusOK, `[]`)
			}, func(o *Options) { o.Now = clock.Now; o.MaxRetryWait = 5 * time.Minute })
			if _, err := env.client.Do(context.Background(), get("/zia/api/v1/adminRoles/lite")); err != nil {
				t.Fatal(err)
			}
			waits := env.sleeps.Waits()
			if len(waits) != 1 || waits[0] != tc.want {
				t.Errorf("waits = %v, want [%v]", waits, tc.want)
			}
			if n := env.gw.Count(); n != 2 {
				t.Errorf("gateway saw %d requests, want 2", n)
			}
		})
	}
}

func TestTooManyRequestsWithoutHeaderBacksOff(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n <= 2 {
			writeJSON(w, http.StatusTooManyRequests, ``)
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	})
	if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	waits := env.sleeps.Waits()
	if len(waits) != 2 {
		t.Fatalf("waits = %v, want 2 backoffs", waits)
	}
	if waits[0] < 750*time.Millisecond || waits[0] > 1250*time.Millisecond ||
		waits[1] < 1500*time.Millisecond || waits[1] > 2500*time.Millisecond {
		t.Errorf("waits = %v, want ~1s then ~2s", waits)
	}
}

func TestTooManyRequestsRetriedForMutations(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "4s")
			writeJSON(w, http.StatusTooManyRequests, `{"id":"invalid.toomanyrequests"}`)
			return
		}
		writeJSON(w, http.StatusCreated, `{"id":"216196257331404639"}`)
	})
	resp, err := env.client.Do(context.Background(), &Request{Service: ZPA, Method: http.MethodPost,
		Path: "/zpa/mgmtconfig/v1/admin/customers/1/policySet/2/rule", Body: map[string]string{"name": "r"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusCreated {
		t.Errorf("status = %d", resp.Status)
	}
	if n := env.gw.Count(); n != 2 {
		t.Errorf("gateway saw %d POSTs, want 2 (a 429 was not processed)", n)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, `{"message":"Rate Limit (2/SECOND) exceeded","Retry-After":"1 seconds"}`)
	}, func(o *Options) { o.MaxRetries = 3 })
	_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
	ae := mustAPIError(t, err)
	if ae.Status != 429 || ae.RetryAfter != time.Second || ae.Message != "Rate Limit (2/SECOND) exceeded" {
		t.Errorf("error = %+v", ae)
	}
	if n := env.gw.Count(); n != 4 {
		t.Errorf("gateway saw %d requests, want 4 (1 + 3 retries)", n)
	}
	if re := mustRetryError(t, err, StopRetries); re.Attempts != 4 || re.RateLimited != 4 || !strings.Contains(re.Error(), "4 attempts") {
		t.Errorf("retry error = %+v: %v", re, re)
	}
	if n := len(env.sleeps.Waits()); n != 3 {
		t.Errorf("slept %d times, want 3", n)
	}
}

func TestDefaultMaxRetries(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusServiceUnavailable, ``)
	})
	_, err := env.client.Do(context.Background(), get("/zia/api/v1/users"))
	if ae := mustAPIError(t, err); ae.Status != 503 || ae.Message != "Service Unavailable" {
		t.Errorf("error = %+v", ae)
	}
	if n := env.gw.Count(); n != 6 {
		t.Errorf("gateway saw %d requests, want 6 (1 + default 5 retries)", n)
	}
}

func TestLongServerWaitFailsFast(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Ratelimit-Limit", "100, 100;w=3600")
		w.Header().Set("X-Ratelimit-Reset", "1471")
		writeJSON(w, http.StatusTooManyRequests, ``)
	})
	_, err := env.client.Do(context.Background(), &Request{Service: ZCC, Path: "/zcc/papi/public/v1/getDevices"})
	ae := mustAPIError(t, err)
	if ae.RetryAfter != 1471*time.Second {
		t.Errorf("RetryAfter = %v, want 1471s", ae.RetryAfter)
	}
	if env.gw.Count() != 1 || len(env.sleeps.Waits()) != 0 {
		t.Errorf("requests = %d, sleeps = %v; want 1 and none", env.gw.Count(), env.sleeps.Waits())
	}
	mustRetryError(t, err, StopTooLong)
}

func TestServerWaitBeyondDeadlineFailsFast(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, http.StatusTooManyRequests, ``)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := env.client.Do(ctx, get("/zia/api/v1/users"))
	if ae := mustAPIError(t, err); ae.RetryAfter != 30*time.Second {
		t.Errorf("error = %+v, want the 429 with RetryAfter 30s", ae)
	}
	if env.gw.Count() != 1 || len(env.sleeps.Waits()) != 0 {
		t.Errorf("requests = %d waits = %v; want 1 and none", env.gw.Count(), env.sleeps.Waits())
	}
	if re := mustRetryError(t, err, StopNoRoom); re.Wait != 30*time.Second || re.Left > 5*time.Second {
		t.Errorf("retry error = %+v", re)
	}
}

func TestServerErrorsRetriedForReads(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		t.Run(method, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				switch n {
				case 1:
					writeJSON(w, http.StatusBadGateway, ``)
				case 2:
					writeJSON(w, http.StatusInternalServerError, `{"code":"UNEXPECTED_ERROR","message":"boom"}`)
				case 3:
					w.Header().Set("Retry-After", "10s")
					writeJSON(w, http.StatusServiceUnavailable, `{"id":"retryable.server.error"}`)
				default:
					writeJSON(w, http.StatusOK, `[]`)
				}
			})
			if _, err := env.client.Do(context.Background(), &Request{Service: ZPA, Method: method, Path: "/zpa/x"}); err != nil {
				t.Fatal(err)
			}
			if n := env.gw.Count(); n != 4 {
				t.Errorf("gateway saw %d requests, want 4", n)
			}
			waits := env.sleeps.Waits()
			if len(waits) != 3 || waits[2] != 10*time.Second {
				t.Errorf("waits = %v, want two backoffs then the server's 10s", waits)
			}
		})
	}
}

func TestServerErrorsNeverResendMutations(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		for _, status := range []int{500, 502, 503, 504} {
			t.Run(method+" "+strconv.Itoa(status), func(t *testing.T) {
				env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
					w.Header().Set("Retry-After", "1")
					writeJSON(w, status, `{"code":"UNEXPECTED_ERROR","message":"An unexpected error occurred"}`)
				})
				_, err := env.client.Do(context.Background(), &Request{Service: ZIA, Method: method,
					Path: "/zia/api/v1/locations", Body: map[string]string{"name": "x"}})
				ae := mustAPIError(t, err)
				if ae.Status != status || ae.Code != "UNEXPECTED_ERROR" || ae.RetryAfter != time.Second {
					t.Errorf("error = %+v", ae)
				}
				if n := env.gw.Count(); n != 1 {
					t.Errorf("server saw %d %s requests, want exactly 1", n, method)
				}
				if len(env.sleeps.Waits()) != 0 {
					t.Errorf("slept %v before giving up", env.sleeps.Waits())
				}
			})
		}
	}
}

func TestEditLockRetried(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		service    Service
	}{
		{"ZIA", `{"code":"EDIT_LOCK_NOT_AVAILABLE"}`, ZIA},
		{"ZPA", `{"id":"api.concurrent.access.error","reason":"Unable to modify the resource due to concurrent change requests. Try again"}`, ZPA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 1 {
					// The gateway's quota header must not be mistaken for a wait.
					w.Header().Set("X-Ratelimit-Reset", "13")
					writeJSON(w, http.StatusConflict, tc.body)
					return
				}
				writeJSON(w, http.StatusOK, `{"id":2535}`)
			})
			if _, err := env.client.Do(context.Background(), &Request{Service: tc.service, Method: http.MethodPut,
				Path: "/zia/api/v1/timeIntervals/2535", Body: map[string]any{"name": "x"}}); err != nil {
				t.Fatal(err)
			}
			if n := env.gw.Count(); n != 2 {
				t.Errorf("gateway saw %d requests, want 2", n)
			}
			waits := env.sleeps.Waits()
			if len(waits) != 1 || waits[0] < 1500*time.Millisecond || waits[0] > 2500*time.Millisecond {
				t.Errorf("waits = %v, want one ~2s backoff", waits)
			}
		})
	}
}

func TestOtherConflictsNotRetried(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusConflict, `{"code":"DUPLICATE_ITEM","message":"Duplicate item"}`)
	})
	_, err := env.client.Do(context.Background(), &Request{Service: ZIA, Method: http.MethodPost, Path: "/zia/api/v1/staticIP", Body: []byte(`{}`)})
	if ae := mustAPIError(t, err); ae.Code != "DUPLICATE_ITEM" {
		t.Errorf("error = %+v", ae)
	}
	if n := env.gw.Count(); n != 1 {
		t.Errorf("gateway saw %d requests, want 1", n)
	}
}

// closingGateway drops the connection for the first `drops` requests without
// answering, the way a dying proxy does.
func closingGateway(drops int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, n int) {
		if n <= drops {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	}
}

// noKeepAlive keeps net/http from transparently retrying on a reused
// connection, so the client's own policy is what the test sees.
func noKeepAlive(o *Options) {
	o.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
}

func TestTransportErrorsRetriedForReadsOnly(t *testing.T) {
	env := newTestEnv(t, closingGateway(2), noKeepAlive)
	if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
		t.Fatalf("GET after two dropped connections: %v", err)
	}
	if n := env.gw.Count(); n != 3 {
		t.Errorf("gateway saw %d GETs, want 3", n)
	}

	env = newTestEnv(t, closingGateway(1), noKeepAlive)
	_, err := env.client.Do(context.Background(), &Request{Service: ZIA, Method: http.MethodPost, Path: "/zia/api/v1/users", Body: []byte(`{}`)})
	if err == nil {
		t.Fatal("POST on a dropped connection succeeded")
	}
	var ae *APIError
	if errors.As(err, &ae) {
		t.Errorf("transport failure reported as APIError %v", ae)
	}
	if n := env.gw.Count(); n != 1 {
		t.Errorf("gateway saw %d POSTs, want exactly 1", n)
	}
}

func TestTimeoutRetriedForReads(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			<-r.Context().Done() // hold until the client gives up
			return
		}
		writeJSON(w, http.StatusOK, `[]`)
	}, func(o *Options) {
		o.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 200 * time.Millisecond}
	})
	if _, err := env.client.Do(context.Background(), get("/zia/api/v1/users")); err != nil {
		t.Fatal(err)
	}
	if n := env.gw.Count(); n != 2 {
		t.Errorf("gateway saw %d requests, want 2", n)
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusServiceUnavailable, ``)
	})
	env.sleeps.result = context.Canceled
	defer cancel()
	_, err := env.client.Do(ctx, get("/zia/api/v1/users"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := env.gw.Count(); n != 1 {
		t.Errorf("gateway saw %d requests, want 1", n)
	}
}

func TestBackoffBounds(t *testing.T) {
	for i := range 100 {
		if d := backoff(0, time.Second); d < 750*time.Millisecond || d > 1250*time.Millisecond {
			t.Fatalf("backoff(0) = %v", d)
		}
		if d := backoff(i, time.Second); d > backoffCap*5/4 || d <= 0 {
			t.Fatalf("backoff(%d) = %v exceeds the cap", i, d)
		}
	}
}
