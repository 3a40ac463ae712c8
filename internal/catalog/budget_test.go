package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// failingAPI fails every request with err.
type failingAPI struct{ err error }

func (f failingAPI) Do(context.Context, *zscaler.Request) (*zscaler.Response, error) {
	return nil, f.err
}
func (f failingAPI) List(context.Context, *zscaler.Request, zscaler.ListOptions) (*zscaler.ListResult, error) {
	return nil, f.err
}

var getGroup = Tool{Name: "zpa_get_thing", Service: zscaler.ZPA, Toolset: "t", Action: Read, Description: "d",
	Method: "GET", Path: "/zpa/c/{customerId}/thing/{id}", Shape: Record, Params: []Param{PathID("id", "i")}}

func timedOut(stop zscaler.Stop) *zscaler.RetryError {
	return &zscaler.RetryError{Service: zscaler.ZPA, Method: "GET", Path: "/zpa/c/1/thing", Attempts: 3, Timeouts: 3,
		AttemptTimeout: time.Second, Budget: 3 * time.Second, Elapsed: 3 * time.Second, Stop: stop, During: "attempt 3",
		Err: errors.New("zscaler: zpa GET /zpa/c/1/thing: context deadline exceeded")}
}

func TestOutOfBudgetListSaysHowFarItGotAndHowToNarrow(t *testing.T) {
	re := timedOut(zscaler.StopBudget)
	re.Pages, re.PagesKnown, re.Records = 2, 7, 1000
	e := &Executor{API: failingAPI{re}, CustomerID: cid}
	res := e.Execute(context.Background(), &listGroups, json.RawMessage(`{}`))
	for _, want := range []string{
		"zpa_list_things failed", "zpa GET /zpa/c/1/thing", "3 attempts in 3s (3 timed out after 1s)",
		"the 3s call budget ran out during attempt 3", "2 of 7 pages (1000 records)",
		"filter with search or microtenant_id", "read one page at a time with page and page_size",
	} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("%q does not say %q", res.Error, want)
		}
	}
	if strings.Contains(res.Error, "UNKNOWN") {
		t.Errorf("a read's outcome is never unknown: %s", res.Error)
	}
}

func TestTimedOutWriteNamesTheToolThatChecksIt(t *testing.T) {
	re := timedOut(zscaler.StopUnknownOutcome)
	re.Method, re.Attempts, re.Timeouts, re.Written = "PUT", 1, 1, true
	readers := []*Tool{&listGroups, &getGroup}
	e := &Executor{API: failingAPI{re}, CustomerID: cid, Readers: readers}
	// The update's merge read fails first here; what matters is the wording.
	res := e.Execute(context.Background(), &updateGroup, json.RawMessage(`{"id":"9","name":"x"}`))
	for _, want := range []string{"zpa_update_thing failed", "outcome of this update is UNKNOWN", "not sent again", "Check with zpa_get_thing"} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("%q does not say %q", res.Error, want)
		}
	}
	create := Tool{Name: "zpa_create_thing", Service: zscaler.ZPA, Toolset: "t", Action: Create, Description: "d",
		Method: "POST", Path: "/zpa/c/{customerId}/thing", Shape: Record, Params: []Param{Str("name", "n").Body("name")}}
	res = e.Execute(context.Background(), &create, json.RawMessage(`{"name":"x"}`))
	if !strings.Contains(res.Error, "Check with zpa_list_things") {
		t.Errorf("a create is checked by listing: %s", res.Error)
	}
	e.Readers = nil
	if res = e.Execute(context.Background(), &create, json.RawMessage(`{"name":"x"}`)); !strings.Contains(res.Error, "admin portal") {
		t.Errorf("without a reader tool: %s", res.Error)
	}
}

func TestRateLimitedToTheEndSaysToWait(t *testing.T) {
	re := &zscaler.RetryError{Service: zscaler.ZIA, Method: "GET", Path: "/zia/api/v1/x", Attempts: 3, RateLimited: 3,
		Stop: zscaler.StopNoRoom, Wait: time.Second, WaitOf: "asked by the API", Left: 400 * time.Millisecond, Budget: 3 * time.Second,
		Err: &zscaler.APIError{Status: 429, Message: "Rate Limit (1/SECOND) exceeded"}}
	e := &Executor{API: failingAPI{re}, CustomerID: cid}
	res := e.Execute(context.Background(), &getGroup, json.RawMessage(`{"id":"1"}`))
	for _, want := range []string{"3 answered HTTP 429", "after a 1s wait (asked by the API), does not fit in the 400ms left", "rate limiting"} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("%q does not say %q", res.Error, want)
		}
	}
}

// A call the client-side pacing would hold past its deadline (ZCC's 100 per
// hour) answers at once with when the next call can go.
func TestPacedPastTheDeadlineSaysWhenToCallAgain(t *testing.T) {
	re := &zscaler.RetryError{Service: zscaler.ZCC, Method: "GET", Path: "/zcc/papi/public/v1/getDevices",
		Stop: zscaler.StopNoRoom, Wait: 35*time.Minute + 1500*time.Millisecond, WaitOf: zscaler.WaitPacing,
		Left: 59 * time.Second, Budget: time.Minute, Err: context.DeadlineExceeded}
	list := Tool{Name: "zcc_list_things", Service: zscaler.ZCC, Toolset: "t", Action: Read, Description: "d",
		Method: "GET", Path: "/zcc/papi/public/v1/things", Paging: zscaler.PagingZCC}
	res := (&Executor{API: failingAPI{re}}).Execute(context.Background(), &list, json.RawMessage(`{}`))
	for _, want := range []string{"Nothing was sent", "next call can go in about 35m2s", "ZCC"} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("%q does not say %q", res.Error, want)
		}
	}
	if strings.Contains(res.Error, "slow or unreachable") {
		t.Errorf("pacing is not an unreachable API: %s", res.Error)
	}
}
