package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFault429PerService(t *testing.T) {
	f := newFixture(t, Options{})

	f.tenant.InjectFault(Fault{Status: 429, PathPrefix: "/zia/"})
	resp, body := f.do(http.MethodGet, "/zia/api/v1/users", nil)
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	if resp.Header.Get("Retry-After") != "1" {
		t.Errorf("ZIA Retry-After %q", resp.Header.Get("Retry-After"))
	}
	if string(body) != `{"message":"Rate Limit (2/SECOND) exceeded","Retry-After":"1 seconds"}` {
		t.Errorf("ZIA 429 body %s", body)
	}
	resp, body = f.do(http.MethodGet, "/zia/api/v1/users", nil)
	wantStatus(t, resp, body, http.StatusOK) // used up

	f.tenant.InjectFault(Fault{Status: 429, PathPrefix: "/zpa/"})
	resp, body = f.do(http.MethodGet, zpaPath("/application"), nil)
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	if resp.Header.Get("Retry-After") != "1s" {
		t.Errorf("ZPA Retry-After %q", resp.Header.Get("Retry-After"))
	}
	wantBody := "{\n  \"exception\" : \"invalid.toomanyrequests\",\n  \"id\" : \"invalid.toomanyrequests\",\n  \"reason\" : \"Exceeded the number of requests allowed.\"\n}"
	if string(body) != wantBody {
		t.Errorf("ZPA 429 body %q", body)
	}

	f.tenant.InjectFault(Fault{Status: 429, RetryAfter: "4 seconds"})
	resp, _ = f.do(http.MethodGet, "/zdx/v1/apps", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "4 seconds" {
		t.Errorf("custom Retry-After: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	f.tenant.InjectFault(Fault{Status: 429, RetryAfter: "-"})
	resp, _ = f.do(http.MethodGet, "/zia/api/v1/status", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "" {
		t.Errorf("suppressed Retry-After: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	f.tenant.InjectFault(Fault{Status: 429, RetryAfter: "3"})
	_, body = f.do(http.MethodGet, "/zia/api/v1/status", nil)
	if !strings.Contains(string(body), `"Retry-After":"3 seconds"`) {
		t.Errorf("ZIA 429 body does not follow Retry-After 3: %s", body)
	}
}

func TestFault5xxAndCustomBody(t *testing.T) {
	f := newFixture(t, Options{})
	f.tenant.InjectFault(Fault{Status: 500, Method: "GET", PathPrefix: "/zia/api/v1/locations"})
	resp, body := f.do(http.MethodGet, "/zia/api/v1/users", nil) // other path: untouched
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = f.do(http.MethodGet, "/zia/api/v1/locations", nil)
	wantStatus(t, resp, body, http.StatusInternalServerError)
	wantJSONField(t, body, "code", "UNEXPECTED_ERROR")

	f.tenant.InjectFault(Fault{Status: 503, PathPrefix: "/zpa/"})
	resp, body = f.do(http.MethodGet, zpaPath("/segmentGroup"), nil)
	wantStatus(t, resp, body, http.StatusServiceUnavailable)
	wantJSONField(t, body, "id", "retryable.server.error")
	if resp.Header.Get("Retry-After") == "" {
		t.Error("ZPA 503 without Retry-After")
	}

	f.tenant.InjectFault(Fault{Status: 409, Method: "PUT"})
	resp, body = f.do(http.MethodGet, "/zia/api/v1/ruleLabels", nil) // GET does not match a PUT fault
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = f.do(http.MethodPut, "/zia/api/v1/ruleLabels/2210001", object{"name": "x"})
	wantStatus(t, resp, body, http.StatusConflict)
	wantJSONField(t, body, "code", "EDIT_LOCK_NOT_AVAILABLE")
	var label object
	f.getJSON("/zia/api/v1/ruleLabels/2210001", http.StatusOK, &label)
	if label["name"] == "x" {
		t.Error("a faulted PUT changed the label")
	}

	f.tenant.InjectFault(Fault{Status: 418, Body: `{"teapot":true}`, PathPrefix: "/zcc/"})
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices", nil)
	wantStatus(t, resp, body, 418)
	if string(body) != `{"teapot":true}` {
		t.Errorf("custom body %q", body)
	}

	f.tenant.InjectFault(Fault{Status: 401})
	resp, body = f.do(http.MethodGet, "/zia/api/v1/status", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	if string(body) != gatewayUnauthorized {
		t.Errorf("injected 401 body %q is not the gateway's", body)
	}
}

func TestFaultCountAndOrder(t *testing.T) {
	f := newFixture(t, Options{})
	f.tenant.InjectFault(Fault{Status: 503, Count: 2, PathPrefix: "/zpa/"})
	f.tenant.InjectFault(Fault{Status: 500, PathPrefix: "/zpa/"})
	want := []int{503, 503, 500, 200, 200}
	for i, w := range want {
		resp, body := f.do(http.MethodGet, zpaPath("/serverGroup"), nil)
		if resp.StatusCode != w {
			t.Fatalf("request %d: %d, want %d (%s)", i, resp.StatusCode, w, body)
		}
	}
	if n := len(f.tenant.pendingFaults()); n != 0 {
		t.Errorf("%d faults left", n)
	}
}

func TestFaultDelay(t *testing.T) {
	f := newFixture(t, Options{})
	f.tenant.InjectFault(Fault{Delay: 150 * time.Millisecond, PathPrefix: "/zdx/"})
	start := time.Now()
	resp, body := f.do(http.MethodGet, "/zdx/v1/apps", nil)
	wantStatus(t, resp, body, http.StatusOK) // a delay-only fault still answers normally
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want >= 150ms", d)
	}

	// A client that gives up during the delay gets nothing, and the log says so.
	f.tenant.InjectFault(Fault{DelayMS: 5000, Status: 500, PathPrefix: "/zdx/"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.url+"/zdx/v1/apps", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	start = time.Now()
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a client timeout, got %v", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		reqs := f.tenant.Requests()
		if last := reqs[len(reqs)-1]; last.Status == statusClientClosed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned request never finished: %+v", f.tenant.Requests())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if time.Since(start) > 3*time.Second {
		t.Error("the delay did not honour the request context")
	}
}

func TestFaultOnTokenEndpointOnlyWhenAsked(t *testing.T) {
	f := newFixture(t, Options{})
	f.tenant.InjectFault(Fault{Status: 500})
	resp, body := f.postForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}})
	wantStatus(t, resp, body, http.StatusOK) // "" prefix never covers the token endpoint
	resp, body = f.do(http.MethodGet, "/zia/api/v1/status", nil)
	wantStatus(t, resp, body, http.StatusInternalServerError)

	f.tenant.InjectFault(Fault{Status: 503, PathPrefix: "/oauth2/"})
	resp, body = f.postForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}})
	wantStatus(t, resp, body, http.StatusServiceUnavailable)
	wantJSONField(t, body, "error", "server_error")
}

func TestFaultsAreRecorded(t *testing.T) {
	f := newFixture(t, Options{})
	f.tenant.Reset()
	f.tenant.InjectFault(Fault{Status: 429, PathPrefix: "/zia/"})
	f.do(http.MethodGet, "/zia/api/v1/users?page=1&pageSize=5", nil)
	f.do(http.MethodGet, "/zia/api/v1/users?page=1&pageSize=5", nil)
	f.postForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {"leaky-secret"}})
	got := f.tenant.Requests()
	want := []RecordedRequest{
		{Method: "GET", Path: "/zia/api/v1/users", Query: "page=1&pageSize=5", Status: 429},
		{Method: "GET", Path: "/zia/api/v1/users", Query: "page=1&pageSize=5", Status: 200},
		{Method: "POST", Path: tokenPath, Status: 401},
	}
	if len(got) != len(want) {
		t.Fatalf("log %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	b, _ := json.Marshal(got)
	if bytes.Contains(b, []byte("leaky-secret")) || bytes.Contains(b, []byte(f.token)) {
		t.Error("the request log leaks a secret")
	}
	if redactQuery("client_secret=abc&x=1") != "client_secret=REDACTED&x=1" {
		t.Errorf("redactQuery: %s", redactQuery("client_secret=abc&x=1"))
	}
}

func TestInvalidFaultsAreRejected(t *testing.T) {
	ten := New(Options{})
	for _, f := range []Fault{{}, {Status: 42}, {Status: 500, Count: -1}, {DelayMS: -5}} {
		if err := ten.injectFault(f); err == nil {
			t.Errorf("fault %+v accepted", f)
		}
	}
	if len(ten.pendingFaults()) != 0 {
		t.Error("an invalid fault was queued")
	}
}

func TestReset(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodPost, zpaPath("/segmentGroup"), object{"name": "Temporary"})
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = f.do(http.MethodDelete, "/zia/api/v1/ruleLabels/2210001", nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	f.tenant.InjectFault(Fault{Status: 500, Count: 5})

	f.tenant.Reset()
	if n := len(f.tenant.Requests()); n != 0 {
		t.Errorf("%d requests logged after Reset", n)
	}
	env, _ := f.zpaList("/segmentGroup") // would be a 500 if the fault survived
	if len(env.List) != 6 {
		t.Errorf("%d segment groups after Reset, want the seeded 6", len(env.List))
	}
	var status object
	f.getJSON("/zia/api/v1/status", http.StatusOK, &status)
	if status["status"] != "ACTIVE" {
		t.Errorf("status after Reset %v", status)
	}
	f.getJSON("/zia/api/v1/ruleLabels/2210001", http.StatusOK, nil)
}

func TestAdminEndpoints(t *testing.T) {
	f := newFixture(t, Options{})
	post := func(path, body string) *http.Response {
		t.Helper()
		resp, err := http.Post(f.url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post("/__sandbox/faults", `{"status":429,"path_prefix":"/zia/","retry_after":"2","count":1}`); r.StatusCode != http.StatusNoContent {
		t.Fatalf("POST faults: %d", r.StatusCode)
	}
	if r := post("/__sandbox/faults", `{"status":429,"pathPrefix":"/zia/"}`); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a misspelt fault field was accepted: %d", r.StatusCode)
	}
	resp, body := f.do(http.MethodGet, "/zia/api/v1/status", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("fault via HTTP: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if r := post("/__sandbox/faults", `{"delay_ms":120,"path_prefix":"/zcc/"}`); r.StatusCode != http.StatusNoContent {
		t.Fatalf("POST delay fault: %d", r.StatusCode)
	}
	start := time.Now()
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if time.Since(start) < 120*time.Millisecond {
		t.Error("delay_ms ignored")
	}

	r, err := http.Get(f.url + "/__sandbox/requests")
	if err != nil {
		t.Fatal(err)
	}
	var logged []RecordedRequest
	if err := json.NewDecoder(r.Body).Decode(&logged); err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if len(logged) < 3 || logged[len(logged)-2].Status != 429 {
		t.Errorf("GET requests: %+v", logged)
	}
	for _, e := range logged {
		if strings.HasPrefix(e.Path, adminPrefix) {
			t.Errorf("control request logged: %+v", e)
		}
	}
	req, _ := http.NewRequest(http.MethodDelete, f.url+"/__sandbox/requests", nil)
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE requests: %v %v", r, err)
	}
	if n := len(f.tenant.Requests()); n != 0 {
		t.Errorf("%d requests after DELETE", n)
	}

	if r := post("/__sandbox/expire-tokens", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("expire-tokens: %d", r.StatusCode)
	}
	resp, body = f.do(http.MethodGet, "/zia/api/v1/status", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	f.token = f.fetchToken(url.Values{"client_secret": {ClientSecret}})

	f.do(http.MethodPost, zpaPath("/segmentGroup"), object{"name": "to be reset"})
	if r := post("/__sandbox/reset", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	env, _ := f.zpaList("/segmentGroup")
	if len(env.List) != 6 {
		t.Errorf("reset over HTTP left %d segment groups", len(env.List))
	}
	if r := post("/__sandbox/nothing", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown control: %d", r.StatusCode)
	}
}

func TestAdminRefusesRemoteClients(t *testing.T) {
	ten := New(Options{})
	for _, remote := range []string{"192.0.2.7:5555", "[2001:db8::1]:443"} {
		req := httptest.NewRequest(http.MethodPost, "/__sandbox/reset", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		ten.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", remote, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/__sandbox/faults", nil)
	req.RemoteAddr = "[::1]:5555"
	rec := httptest.NewRecorder()
	ten.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("loopback IPv6: %d %q", rec.Code, rec.Body.String())
	}
}

// TestConcurrentUse hammers one tenant from many goroutines while faults are
// injected and consumed; run with -race.
func TestConcurrentUse(t *testing.T) {
	f := newFixture(t, Options{})
	const workers, perWorker = 8, 24
	f.tenant.InjectFault(Fault{Status: 503, Count: 20, PathPrefix: "/zpa/"})
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	created := 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				var resp *http.Response
				kind := (w + i) % 4
				switch kind {
				case 0:
					resp, _ = f.do(http.MethodGet, zpaPath("/application?pagesize=5"), nil)
				case 1:
					resp, _ = f.do(http.MethodPost, "/zia/api/v1/ruleLabels", object{"name": fmt.Sprintf("worker %d label %d", w, i)})
				case 2:
					resp, _ = f.do(http.MethodGet, "/zia/api/v1/users?pageSize=10", nil)
				default:
					f.tenant.InjectFault(Fault{Delay: time.Millisecond, PathPrefix: "/zdx/"})
					resp, _ = f.do(http.MethodGet, "/zdx/v1/devices?limit=5", nil)
				}
				mu.Lock()
				statuses[resp.StatusCode]++
				if kind == 1 && resp.StatusCode == http.StatusOK {
					created++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if statuses[503] != 20 {
		t.Errorf("%d injected 503s answered, want exactly 20 (%v)", statuses[503], statuses)
	}
	if statuses[200]+statuses[503] != workers*perWorker {
		t.Errorf("unexpected statuses %v", statuses)
	}
	if n := len(f.tenant.Requests()); n != workers*perWorker+1 { // +1: the fixture's token request
		t.Errorf("%d requests logged, want %d", n, workers*perWorker+1)
	}
	if got := len(f.tenant.Snapshot("/zia/api/v1/ruleLabels")); got != 6+created || created != workers*perWorker/4 {
		t.Errorf("%d labels stored after %d creates", got, created)
	}
}
