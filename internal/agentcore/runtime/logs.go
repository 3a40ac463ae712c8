package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwl "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"
)

// LogsAPI is the part of the CloudWatch Logs client Logs uses.
type LogsAPI interface {
	FilterLogEvents(ctx context.Context, in *cwl.FilterLogEventsInput, opts ...func(*cwl.Options)) (*cwl.FilterLogEventsOutput, error)
}

// Poll interval bounds of --follow.
const (
	DefaultPollInterval = 2 * time.Second
	MinPollInterval     = 500 * time.Millisecond
	MaxPollInterval     = 30 * time.Second
)

// LogGroup is the container log group of a runtime endpoint.
func LogGroup(runtimeID, qualifier string) string {
	if qualifier == "" {
		qualifier = DefaultQualifier
	}
	return "/aws/bedrock-agentcore/runtimes/" + runtimeID + "-" + qualifier
}

// ParseSince reads --since: a duration back from now (10m, 2h, 1h30m, 3d)
// or an RFC 3339 time.
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("--since is empty")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(d, "%d", &n); err == nil && n >= 0 && fmt.Sprint(n) == d {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fmt.Errorf("--since %q: use a duration such as 10m, 2h or 3d, or an RFC 3339 time such as 2026-05-01T10:00:00Z", s)
	}
	return now.Add(-d), nil
}

// LogsOptions select the events.
type LogsOptions struct {
	RuntimeID string
	Qualifier string
	Since     time.Time // zero: 10 minutes ago
	Filter    string    // a CloudWatch Logs filter pattern
	Follow    bool      // poll until ctx is done
	Interval  time.Duration
	Out       io.Writer
	Now       func() time.Time
	// Sleep waits between polls (tests); nil: a timer bound to ctx.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Logs prints the runtime's container log events, oldest first, each as
// "<time> <stream> <message>". With Follow it polls FilterLogEvents every
// Interval (bounded to [MinPollInterval, MaxPollInterval]), prints each
// event once (by event id), and returns nil when ctx is cancelled.
func Logs(ctx context.Context, api LogsAPI, o LogsOptions) error {
	if o.RuntimeID == "" {
		return errors.New("logs: the runtime id is required (--runtime-id, or --arn)")
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	if o.Since.IsZero() {
		o.Since = now().Add(-10 * time.Minute)
	}
	if o.Interval == 0 {
		o.Interval = DefaultPollInterval
	}
	o.Interval = min(max(o.Interval, MinPollInterval), MaxPollInterval)
	sleep := o.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	group := LogGroup(o.RuntimeID, o.Qualifier)
	start := o.Since.UnixMilli()
	seen := map[string]int64{} // event id → timestamp
	for {
		latest, err := fetchLogs(ctx, api, group, o.Filter, start, seen, o.Out)
		if err != nil {
			if o.Follow && ctx.Err() != nil {
				return nil
			}
			return err
		}
		if !o.Follow {
			return nil
		}
		if latest > start {
			// Events with the same millisecond may still arrive: start there
			// again and rely on the ids; forget older ids.
			start = latest
			for id, ts := range seen {
				if ts < start {
					delete(seen, id)
				}
			}
		}
		if err := sleep(ctx, o.Interval); err != nil {
			return nil
		}
	}
}

func fetchLogs(ctx context.Context, api LogsAPI, group, filter string, start int64, seen map[string]int64, out io.Writer) (int64, error) {
	in := &cwl.FilterLogEventsInput{LogGroupName: aws.String(group), StartTime: aws.Int64(start)}
	if filter != "" {
		in.FilterPattern = aws.String(filter)
	}
	latest := start
	for pages := 0; ; pages++ {
		res, err := api.FilterLogEvents(ctx, in)
		if err != nil {
			return latest, logsFailure(group, err)
		}
		for _, e := range res.Events {
			id := aws.ToString(e.EventId)
			ts := aws.ToInt64(e.Timestamp)
			if id != "" {
				if _, dup := seen[id]; dup {
					continue
				}
				seen[id] = ts
			}
			printEvent(out, e)
			latest = max(latest, ts)
		}
		tok := aws.ToString(res.NextToken)
		if tok == "" || tok == aws.ToString(in.NextToken) || pages > 10000 {
			return latest, nil
		}
		in.NextToken = aws.String(tok)
	}
}

func printEvent(w io.Writer, e types.FilteredLogEvent) {
	ts := time.UnixMilli(aws.ToInt64(e.Timestamp)).UTC().Format("2006-01-02T15:04:05.000Z")
	msg := strings.TrimRight(aws.ToString(e.Message), "\n")
	fmt.Fprintf(w, "%s %s %s\n", ts, aws.ToString(e.LogStreamName), msg)
}

func logsFailure(group string, err error) error {
	call := "logs:FilterLogEvents " + group
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ResourceNotFoundException":
			return &Error{Call: call, Err: err, Cause: "the log group does not exist: " + ae.ErrorMessage(),
				Fix: "check the runtime id and the region (`zscaler-mcp agentcore status`); the group appears once the runtime's container has started, and the execution role needs logs:CreateLogGroup/CreateLogStream/PutLogEvents on /aws/bedrock-agentcore/runtimes/*"}
		case "AccessDeniedException", "AccessDenied":
			return &Error{Call: call, Err: err, Cause: "access denied: " + ae.ErrorMessage(),
				Fix: "grant the caller logs:FilterLogEvents on " + group}
		case "InvalidParameterException":
			return &Error{Call: call, Err: err, Cause: "invalid parameter: " + ae.ErrorMessage(),
				Fix: "check the --filter pattern (CloudWatch Logs filter syntax, e.g. ERROR or \"Set environment variable\")"}
		}
	}
	return &Error{Call: call, Err: err, Cause: err.Error(), Fix: "check the AWS credentials and region (`zscaler-mcp agentcore doctor`)"}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
