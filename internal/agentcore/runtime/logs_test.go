package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

type logEvent struct {
	ID, Stream, Message string
	TS                  int64
}

// fakeLogs speaks CloudWatch Logs' awsJson1.1 FilterLogEvents: startTime,
// a substring filter, pages of two events with nextToken.
type fakeLogs struct {
	mu     sync.Mutex
	group  string
	events []logEvent
	calls  []map[string]any
	onCall func(n int, f *fakeLogs) // runs with mu held, before answering
}

func (f *fakeLogs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if r.Header.Get("X-Amz-Target") != "Logs_20140328.FilterLogEvents" || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"__type":"UnknownOperationException","message":"unexpected request"}`)
		return
	}
	var in map[string]any
	_ = json.Unmarshal(body, &in)
	f.calls = append(f.calls, in)
	if f.onCall != nil && in["nextToken"] == nil {
		f.onCall(len(f.calls), f)
	}
	if in["logGroupName"] != f.group {
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"__type":"ResourceNotFoundException","message":"The specified log group does not exist: %v"}`, in["logGroupName"])
		return
	}
	start, _ := in["startTime"].(float64)
	pattern, _ := in["filterPattern"].(string)
	var match []map[string]any
	for _, e := range f.events {
		if e.TS >= int64(start) && (pattern == "" || strings.Contains(e.Message, strings.Trim(pattern, `"`))) {
			match = append(match, map[string]any{"eventId": e.ID, "logStreamName": e.Stream, "message": e.Message, "timestamp": e.TS, "ingestionTime": e.TS})
		}
	}
	offset := 0
	if tok, ok := in["nextToken"].(string); ok {
		fmt.Sscanf(tok, "page-%d", &offset)
	}
	end := min(offset+2, len(match))
	out := map[string]any{"events": match[min(offset, len(match)):end]}
	if end < len(match) {
		out["nextToken"] = fmt.Sprintf("page-%d", end)
	}
	json.NewEncoder(w).Encode(out)
}

func startLogs(t *testing.T, f *fakeLogs) *cwl.Client {
	t.Helper()
	isolateAWS(t)
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", ts.URL)
	cfg, err := LoadAWS(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return cwl.NewFromConfig(cfg)
}

var t0 = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

func ms(d time.Duration) int64 { return t0.Add(d).UnixMilli() }

func TestLogsSinceAndFilter(t *testing.T) {
	f := &fakeLogs{group: "/aws/bedrock-agentcore/runtimes/zscalermcp-AbCdEf1234-DEFAULT", events: []logEvent{
		{"1", "s1", "old line", ms(-30 * time.Minute)},
		{"2", "s1", "INFO:zscaler_mcp.config:Attempting to fetch secret: x from region: us-east-1", ms(-5 * time.Minute)},
		{"3", "s1", "INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_ID", ms(-4 * time.Minute)},
		{"4", "s2", "INFO:zscaler_mcp.config:Set environment variable: ZSCALER_CLIENT_SECRET", ms(-3 * time.Minute)},
		{"5", "s2", "listening", ms(-2 * time.Minute)},
	}}
	api := startLogs(t, f)
	parts, _ := ParseARN(testARN)
	since, err := ParseSince("10m", t0)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Logs(ctxT(t), api, LogsOptions{RuntimeID: parts.RuntimeID, Since: since, Out: &out}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || strings.Contains(out.String(), "old line") || !strings.HasPrefix(lines[0], "2026-05-01T09:55:00.000Z s1 INFO") {
		t.Fatalf("since 10m (3 pages followed):\n%s", out.String())
	}
	out.Reset()
	if err := Logs(ctxT(t), api, LogsOptions{RuntimeID: parts.RuntimeID, Since: since, Filter: `"Set environment variable"`, Out: &out}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 || f.calls[len(f.calls)-1]["filterPattern"] != `"Set environment variable"` {
		t.Fatalf("filter: %d lines\n%s", n, out.String())
	}
}

func TestLogsMissingGroup(t *testing.T) {
	api := startLogs(t, &fakeLogs{group: "/aws/bedrock-agentcore/runtimes/other-DEFAULT"})
	err := Logs(ctxT(t), api, LogsOptions{RuntimeID: "zscalermcp-AbCdEf1234", Since: t0, Out: io.Discard})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Error(), "log group does not exist") || !strings.Contains(e.Call, "/aws/bedrock-agentcore/runtimes/zscalermcp-AbCdEf1234-DEFAULT") {
		t.Fatalf("error %v", err)
	}
}

func TestLogsFollow(t *testing.T) {
	f := &fakeLogs{group: LogGroup("rt-1", ""), events: []logEvent{
		{"a", "s", "first", ms(0)},
	}}
	f.onCall = func(n int, f *fakeLogs) {
		switch n {
		case 2: // same millisecond as the last one, and a later one
			f.events = append(f.events, logEvent{"b", "s", "second", ms(0)}, logEvent{"c", "s", "third", ms(time.Second)})
		case 4:
			f.events = append(f.events, logEvent{"d", "s", "fourth", ms(2 * time.Second)})
		}
	}
	api := startLogs(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	polls := 0
	var out bytes.Buffer
	err := Logs(ctx, api, LogsOptions{RuntimeID: "rt-1", Since: t0.Add(-time.Minute), Follow: true, Interval: time.Hour, Out: &out,
		Sleep: func(ctx context.Context, d time.Duration) error {
			if d != MaxPollInterval {
				t.Errorf("the poll interval is not bounded: %v", d)
			}
			if polls++; polls == 5 {
				cancel()
				return ctx.Err()
			}
			return nil
		}})
	if err != nil {
		t.Fatalf("follow ends quietly when interrupted: %v", err)
	}
	got := strings.Count(out.String(), "\n")
	for _, w := range []string{"first", "second", "third", "fourth"} {
		if strings.Count(out.String(), " "+w+"\n") != 1 {
			t.Errorf("%q printed %d times", w, strings.Count(out.String(), " "+w+"\n"))
		}
	}
	if got != 4 {
		t.Errorf("%d lines:\n%s", got, out.String())
	}
	// Later polls start at the newest timestamp seen, not at --since again.
	if last := f.calls[len(f.calls)-1]["startTime"].(float64); int64(last) != ms(2*time.Second) {
		t.Errorf("last startTime %v", int64(last))
	}
}

func TestParseSince(t *testing.T) {
	now := t0
	for in, want := range map[string]time.Time{
		"10m":                  now.Add(-10 * time.Minute),
		"1h30m":                now.Add(-90 * time.Minute),
		"2d":                   now.Add(-48 * time.Hour),
		"2026-04-30T08:00:00Z": time.Date(2026, 4, 30, 8, 0, 0, 0, time.UTC),
	} {
		got, err := ParseSince(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "-5m", "1.5d"} {
		if _, err := ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q) accepted", bad)
		}
	}
}
