package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// These tests point the real binary at a OneAPI that misbehaves on purpose:
// a loopback server that speaks just enough of the token endpoint and of ZIA
// and ZPA to hang, to rate-limit forever, and to page slowly.

// fakeToken looks like a JWT, so that the run's leak check would find it in
// any log line it reached.
const fakeToken = "eyJmYWtlIjoib25lYXBpIn0.e30.ZmFrZQ"

const fakeCustomer = "216196257331281920"

// fakeOneAPI answers the token endpoint itself and every other request with
// handle; n counts those requests from 1.
type fakeOneAPI struct {
	URL    string
	handle func(f *fakeOneAPI, w http.ResponseWriter, r *http.Request, n int)

	mu     sync.Mutex
	seen   []string // "METHOD path?query" of every API request
	open   int      // requests held right now
	closed int      // held requests whose client went away
}

func newFakeOneAPI(t *testing.T, handle func(f *fakeOneAPI, w http.ResponseWriter, r *http.Request, n int)) *fakeOneAPI {
	t.Helper()
	f := &fakeOneAPI{handle: handle}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, fakeToken)
			return
		}
		f.mu.Lock()
		f.seen = append(f.seen, r.Method+" "+r.URL.RequestURI())
		n := len(f.seen)
		f.mu.Unlock()
		f.handle(f, w, r, n)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// hold keeps a request unanswered until its client gives up (bounded, so a
// server that never gives up fails the test instead of hanging it).
func (f *fakeOneAPI) hold(r *http.Request) {
	// net/http notices a client leaving only once the body has been read.
	_, _ = io.Copy(io.Discard, r.Body)
	f.mu.Lock()
	f.open++
	f.mu.Unlock()
	select {
	case <-r.Context().Done():
		f.mu.Lock()
		f.closed++
		f.mu.Unlock()
	case <-time.After(90 * time.Second):
	}
	f.mu.Lock()
	f.open--
	f.mu.Unlock()
}

func (f *fakeOneAPI) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

func (f *fakeOneAPI) counts() (seen, open, closed int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.seen), f.open, f.closed
}

func (f *fakeOneAPI) env(extra ...string) []string {
	return append([]string{
		"ZSCALER_API_BASE_URL=" + f.URL,
		"ZSCALER_TOKEN_URL=" + f.URL + "/oauth2/v1/token",
		"ZSCALER_CLIENT_ID=" + sandbox.ClientID,
		"ZSCALER_CLIENT_SECRET=" + sandbox.ClientSecret,
		"ZSCALER_CUSTOMER_ID=" + fakeCustomer,
		"ZSCALER_MCP_CLIENT_RATE_LIMITS=off",
		"ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true",
		"ZSCALER_MCP_LOG_LEVEL=debug",
	}, extra...)
}

func answer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// The transports these tests run on: HTTP twice, because the go-sdk client
// speaks 2026-07-28 by default (every call through the SDK) while clients of
// the handshake era get their plain calls answered by the server's fast path.
const http2025 transport = "http-2025-11-25"

func eachWay(t *testing.T, f func(t *testing.T, tr transport)) {
	for _, tr := range []transport{stdio, http_, http2025} {
		t.Run(string(tr), func(t *testing.T) {
			t.Parallel()
			f(t, tr)
		})
	}
}

// connect starts the binary and connects a go-sdk client with opts.
func connect(t *testing.T, tr transport, env []string, opts *mcp.ClientOptions) *server {
	t.Helper()
	ctx := ctxFor(t)
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "1"}, opts)
	logs := keepLog(&logBuffer{})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server stderr:\n%s", logs.String())
		}
	})
	var mt mcp.Transport
	var sessOpts *mcp.ClientSessionOptions
	s := &server{logs: logs}
	if tr == stdio {
		cmd := exec.Command(binary, "serve")
		cmd.Env, cmd.Stderr = append(baseEnv(), env...), logs
		mt = &mcp.CommandTransport{Command: cmd}
	} else {
		s.url = startHTTP(t, env, logs)
		mt = &mcp.StreamableClientTransport{Endpoint: s.url}
		if tr == http2025 {
			sessOpts = &mcp.ClientSessionOptions{ProtocolVersion: "2025-11-25"}
		}
	}
	session, err := client.Connect(ctx, mt, sessOpts)
	if err != nil {
		t.Fatalf("connect over %s: %v\n%s", tr, err, logs.String())
	}
	t.Cleanup(func() { _ = session.Close() })
	s.session = session
	return s
}

// timedCall runs a call and says how long it took; the bound checked on it
// is generous: it tells a call that ended from one that did not.
func timedCall(t *testing.T, s *server, name string, args map[string]any) (*mcp.CallToolResult, time.Duration) {
	t.Helper()
	start := time.Now()
	res := call(t, s, name, args)
	return res, time.Since(start)
}

const (
	smallBudget = "ZSCALER_MCP_CALL_TIMEOUT=3"
	// withinSmallBudget is the 3 s budget and room for two processes on a
	// busy machine to pass the answer along.
	withinSmallBudget = 8 * time.Second
	labels            = "/zia/api/v1/ruleLabels"
)

func TestCallThatHangsOnceIsAnsweredByTheRetry(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(f *fakeOneAPI, w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				f.hold(r)
				return
			}
			answer(w, 200, `[{"id":1,"name":"after the hang"}]`)
		})
		s := connect(t, tr, api.env(smallBudget), nil)
		res, took := timedCall(t, s, "zia_list_rule_labels", nil)
		if res.IsError || !strings.Contains(text(res), "after the hang") {
			t.Fatalf("the retry's answer did not come back: %s", text(res))
		}
		if took > withinSmallBudget {
			t.Errorf("answered after %v", took)
		}
		if seen, _, closed := api.counts(); seen != 2 || closed != 1 {
			t.Errorf("%d requests, %d closed; want the hung one closed and one retry", seen, closed)
		}
	})
}

func TestCallAgainstAnAPIThatNeverAnswersEndsWithinItsBudget(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(f *fakeOneAPI, _ http.ResponseWriter, r *http.Request, _ int) { f.hold(r) })
		s := connect(t, tr, api.env(smallBudget), nil)
		res, took := timedCall(t, s, "zia_list_rule_labels", nil)
		if took > withinSmallBudget {
			t.Errorf("the call ended after %v", took)
		}
		msg := text(res)
		if !res.IsError {
			t.Fatalf("not an error: %s", msg)
		}
		// It ends in the last attempt's timeout, or just before, when no
		// further attempt fits: either way the message says so.
		for _, want := range []string{"zia_list_rule_labels failed", "zia GET " + labels, "attempts in ", "timed out after 1s", "3s call budget", "ZSCALER_MCP_CALL_TIMEOUT"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
		if !eventually(func() bool { seen, open, closed := api.counts(); return seen >= 2 && open == 0 && closed == seen }) {
			seen, open, closed := api.counts()
			t.Errorf("%d requests, %d still open, %d closed: every attempt must be closed", seen, open, closed)
		}
	})
}

func TestRateLimitThatNeverLiftsEndsWithinTheBudget(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(_ *fakeOneAPI, w http.ResponseWriter, _ *http.Request, _ int) {
			w.Header().Set("Retry-After", "1")
			answer(w, 429, `{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}`)
		})
		s := connect(t, tr, api.env(smallBudget), nil)
		res, took := timedCall(t, s, "zia_list_rule_labels", nil)
		if took > withinSmallBudget {
			t.Errorf("the call ended after %v", took)
		}
		msg := text(res)
		for _, want := range []string{"zia GET " + labels, "answered HTTP 429", "Rate Limit (1/SECOND) exceeded", "rate limiting"} {
			if !res.IsError || !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
		if seen, _, _ := api.counts(); seen < 2 || !strings.Contains(msg, fmt.Sprintf("%d attempts", seen)) {
			t.Errorf("%d requests; the message must count them: %s", seen, msg)
		}
	})
}

func TestTimedOutWriteIsSentOnceAndSaysHowToCheck(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(f *fakeOneAPI, _ http.ResponseWriter, r *http.Request, _ int) { f.hold(r) })
		s := connect(t, tr, api.env(smallBudget, "ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"), nil)
		res, took := timedCall(t, s, "zia_create_rule_label", map[string]any{"name": "maybe"})
		if took > withinSmallBudget {
			t.Errorf("the call ended after %v", took)
		}
		msg := text(res)
		for _, want := range []string{"zia POST " + labels, "outcome of this create is UNKNOWN", "Check with zia_list_rule_labels"} {
			if !res.IsError || !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
		time.Sleep(1500 * time.Millisecond) // past the first backoff: a resend would show by now
		if got := api.requests(); len(got) != 1 || !strings.HasPrefix(got[0], "POST ") {
			t.Errorf("requests %v; a write that may have reached the API must never be sent again", got)
		}
	})
}

func segmentGroupsPage(r *http.Request, total int) string {
	page := r.URL.Query().Get("page")
	return fmt.Sprintf(`{"totalPages":"%d","totalCount":"%d","list":[{"id":"7%s","name":"group %s"}]}`, total, total, page, page)
}

func TestListOutOfBudgetPartWaySaysHowFarItGot(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(f *fakeOneAPI, w http.ResponseWriter, r *http.Request, _ int) {
			if r.URL.Query().Get("page") != "1" {
				f.hold(r)
				return
			}
			answer(w, 200, segmentGroupsPage(r, 5))
		})
		s := connect(t, tr, api.env(smallBudget), nil)
		res, took := timedCall(t, s, "zpa_list_segment_groups", map[string]any{"page_size": 1})
		if took > withinSmallBudget {
			t.Errorf("the call ended after %v", took)
		}
		msg := text(res)
		for _, want := range []string{"zpa_list_segment_groups failed", "1 of 5 pages (1 records)", "Narrow the query", "search", "page and page_size"} {
			if !res.IsError || !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
	})
}

// progressLog collects the notifications a client receives.
type progressLog struct {
	mu   sync.Mutex
	got  []*mcp.ProgressNotificationParams
	seen chan struct{}
}

func newProgressLog() *progressLog { return &progressLog{seen: make(chan struct{}, 100)} }

func (p *progressLog) handler(_ context.Context, req *mcp.ProgressNotificationClientRequest) {
	p.mu.Lock()
	p.got = append(p.got, req.Params)
	p.mu.Unlock()
	select {
	case p.seen <- struct{}{}:
	default:
	}
}

func (p *progressLog) list() []*mcp.ProgressNotificationParams {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*mcp.ProgressNotificationParams(nil), p.got...)
}

func TestProgressNotificationsWhileListingAndWaiting(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(_ *fakeOneAPI, w http.ResponseWriter, r *http.Request, n int) {
			if n == 2 { // page 2, the first time: wait 2 s
				w.Header().Set("Retry-After", "2s")
				answer(w, 429, `{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}`)
				return
			}
			answer(w, 200, segmentGroupsPage(r, 3))
		})
		progress := newProgressLog()
		s := connect(t, tr, api.env(), &mcp.ClientOptions{ProgressNotificationHandler: progress.handler})

		params := &mcp.CallToolParams{Name: "zpa_list_segment_groups", Arguments: map[string]any{"page_size": 1}}
		params.SetProgressToken("list-1")
		res, err := s.session.CallTool(ctxFor(t), params)
		if err != nil || res.IsError {
			t.Fatalf("call: %v %s", err, text(res))
		}
		if n := len(rows(t, res.StructuredContent.(map[string]any))); n != 3 {
			t.Fatalf("%d records, want 3", n)
		}
		// Notifications travel beside the answer; over stdio they may land
		// just after it.
		eventually(func() bool { return len(progress.list()) >= 5 })
		var lines []string
		last := 0.0
		for _, p := range progress.list() {
			if p.ProgressToken != "list-1" || p.Progress <= last {
				t.Errorf("notification %+v: wrong token, or progress that does not increase", p)
			}
			last = p.Progress
			lines = append(lines, fmt.Sprintf("%.2f/%g %s", p.Progress, p.Total, p.Message))
		}
		got := strings.Join(lines, "\n")
		for _, want := range []string{
			"1.00/3 zpa: read 1 of 3 pages",
			"zpa: waited 1s of 2s (before retrying after HTTP 429); 1 page read",
			"zpa: waited 2s of 2s (before retrying after HTTP 429); 1 page read",
			"3.00/3 zpa: read 3 of 3 pages",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("progress:\n%s\nlacks %q", got, want)
			}
		}

		// A call that did not ask hears nothing.
		before := len(progress.list())
		ok(t, s, "zpa_list_segment_groups", map[string]any{"page_size": 1})
		time.Sleep(200 * time.Millisecond)
		if n := len(progress.list()); n != before {
			t.Errorf("%d notifications for a call without a progress token", n-before)
		}
	})
}

// An HTTP client that accepts only JSON still gets its answer: one JSON
// body, without the notifications it could not receive.
func TestProgressTokenFromAJSONOnlyClientGetsPlainJSON(t *testing.T) {
	api := newFakeOneAPI(t, func(_ *fakeOneAPI, w http.ResponseWriter, r *http.Request, _ int) {
		answer(w, 200, segmentGroupsPage(r, 2))
	})
	url := startHTTP(t, api.env(), keepLog(&logBuffer{}))
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{"page_size":1},"_meta":{"progressToken":"p"}}}`
	for accept, wantType := range map[string]string{"application/json": "application/json", "application/json, text/event-stream": "text/event-stream"} {
		resp, out := post(t, url, body, map[string]string{"Accept": accept, "MCP-Protocol-Version": "2025-11-25"})
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, wantType) {
			t.Errorf("Accept %q: %d %s", accept, resp.StatusCode, ct)
		}
		if wantType == "application/json" {
			var msg struct {
				Result struct {
					StructuredContent struct{ Result []any } `json:"structuredContent"`
				} `json:"result"`
			}
			if err := json.Unmarshal([]byte(out), &msg); err != nil || len(msg.Result.StructuredContent.Result) != 2 {
				t.Errorf("Accept %q: %v %s", accept, err, out)
			}
		} else if !strings.Contains(out, "notifications/progress") || !strings.Contains(out, `"structuredContent"`) {
			t.Errorf("Accept %q: the stream lacks the progress or the answer:\n%s", accept, out)
		}
	}
}

func TestCancelledCallStopsItsUpstreamRequest(t *testing.T) {
	eachWay(t, func(t *testing.T, tr transport) {
		api := newFakeOneAPI(t, func(f *fakeOneAPI, _ http.ResponseWriter, r *http.Request, _ int) { f.hold(r) })
		// The default budget: only the cancellation can end this call soon.
		s := connect(t, tr, api.env(), nil)
		ctx, cancel := context.WithCancel(ctxFor(t))
		done := make(chan error, 1)
		go func() {
			_, err := s.session.CallTool(ctx, mcpCall("zia_list_rule_labels", nil))
			done <- err
		}()
		if !eventually(func() bool { _, open, _ := api.counts(); return open == 1 }) {
			t.Fatal("the call never reached the API")
		}
		cancel()
		if err := <-done; err == nil {
			t.Error("a cancelled call returned a result")
		}
		if !eventually(func() bool { _, open, closed := api.counts(); return open == 0 && closed == 1 }) {
			t.Fatal("the upstream request was still open after the call was cancelled")
		}
		time.Sleep(1500 * time.Millisecond) // past the first backoff: a retry would show by now
		if got := api.requests(); len(got) != 1 {
			t.Errorf("requests %v; a call nobody waits for must not be retried", got)
		}
	})
}
