package zscaler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseErrorBodyShapes(t *testing.T) {
	long := "<html><body>" + strings.Repeat("Not Acceptable ", 100) + "</body></html>"
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		code     string
		msg      string
		msgStart bool // msg is a prefix only
	}{
		{"ZIA code+message", 404, `{"code":"RESOURCE_NOT_FOUND","message":"No server group is found with the id."}`, "RESOURCE_NOT_FOUND", "No server group is found with the id.", false},
		{"ZIA message only", 400, `{"message":"Request body is invalid."}`, "", "Request body is invalid.", false},
		{"ZIA code only", 409, `{"code":"EDIT_LOCK_NOT_AVAILABLE"}`, "EDIT_LOCK_NOT_AVAILABLE", "", false},
		{"ZPA id+reason", 400, `{"id":"resource.not.found","reason":"No resource exists with the given id/name :0","params":["0"]}`, "resource.not.found", "No resource exists with the given id/name :0", false},
		{"ZPA 429", 429, "{\n  \"exception\" : \"invalid.toomanyrequests\",\n  \"id\" : \"invalid.toomanyrequests\",\n  \"reason\" : \"Exceeded the number of requests allowed.\"\n}", "invalid.toomanyrequests", "Exceeded the number of requests allowed.", false},
		{"ZCC errorMsg", 400, "{\n  \"devicesRemoved\" : 0,\n  \"errorMsg\" : \"Invalid udid\"\n}", "", "Invalid udid", false},
		{"ZCC title, null errorCode", 400, `{"title":"INVALID_FIELD_VALUE","errorCode":null,"errorMessage":"osType must be 1-5"}`, "INVALID_FIELD_VALUE", "osType must be 1-5", false},
		{"ZCC plain text", 404, "404 Not Found", "", "404 Not Found", false},
		{"gateway 401", 401, "{\n \"detail\": \"unauthorized\",\n \"type\": \"\",\n \"title\": \"\",\n \"status\": \"\"\n}", "unauthorized", "unauthorized", false},
		{"empty body", 404, "", "", "Not Found", false},
		{"whitespace body", 503, " \n", "", "Service Unavailable", false},
		{"legacy tenant", 403, "This API is available only through Zscaler OneAPI.", "ONLY_ONEAPI_SUPPORTED", "This API is available only through Zscaler OneAPI.", false},
		{"long HTML", 406, long, "", "<html><body>Not Acceptable Not Acceptable", true},
		{"unknown JSON shape", 400, `{"foo":"bar"}`, "", `{"foo":"bar"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := parseErrorBody(tc.status, []byte(tc.body))
			if code != tc.code {
				t.Errorf("code = %q, want %q", code, tc.code)
			}
			if tc.msgStart {
				if !strings.HasPrefix(msg, tc.msg) || len(msg) > maxMessageLength+len("…") {
					t.Errorf("msg = %q (%d bytes), want a trimmed prefix %q", msg, len(msg), tc.msg)
				}
			} else if msg != tc.msg {
				t.Errorf("msg = %q, want %q", msg, tc.msg)
			}
		})
	}
}

func TestAPIErrorString(t *testing.T) {
	for _, tc := range []struct {
		err  APIError
		want string
	}{
		{APIError{Status: 404, Code: "RESOURCE_NOT_FOUND", Message: "User not found"}, "HTTP 404 RESOURCE_NOT_FOUND: User not found"},
		{APIError{Status: 400, Message: "Request body is invalid."}, "HTTP 400: Request body is invalid."},
		{APIError{Status: 401, Code: "unauthorized", Message: "unauthorized"}, "HTTP 401 unauthorized"},
		{APIError{Status: 429, Message: "Too Many Requests", RetryAfter: 1471 * time.Second}, "HTTP 429: Too Many Requests (retry after 24m31s)"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestDoReturnsTypedAPIError(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusNotFound, `{"code":"RESOURCE_NOT_FOUND","message":"User not found"}`)
	})
	_, err := env.client.Do(context.Background(), get("/zia/api/v1/users/42"))
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %T %v", err, err)
	}
	want := APIError{Service: ZIA, Method: "GET", Path: "/zia/api/v1/users/42", Status: 404,
		Code: "RESOURCE_NOT_FOUND", Message: "User not found"}
	if *ae != want {
		t.Errorf("APIError = %+v, want %+v", *ae, want)
	}
	if StatusOf(fmt.Errorf("wrapped: %w", err)) != 404 || StatusOf(errors.New("x")) != 0 {
		t.Error("StatusOf does not see through wrapping")
	}
}

// syncBuffer lets slog write from several goroutines under -race.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestNoSecretsInErrorsOrLogs drives every error path while the servers echo
// the secret and the token back, and checks neither ever surfaces.
func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tokenValue := "tok-1"
	echo := func(w http.ResponseWriter, r *http.Request, status int) {
		writeJSON(w, status, fmt.Sprintf(`{"code":"ECHO","message":"auth %s secret %s"}`,
			r.Header.Get("Authorization"), testSecret))
	}
	var errs []error

	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/401":
			echo(w, r, http.StatusUnauthorized)
		case "/500":
			echo(w, r, http.StatusInternalServerError)
		case "/429":
			w.Header().Set("Retry-After", "7200")
			echo(w, r, http.StatusTooManyRequests)
		case "/drop":
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		default:
			echo(w, r, http.StatusBadRequest)
		}
	}, func(o *Options) { o.Logger = logger; o.MaxRetries = 1 }, noKeepAlive)
	ctx := context.Background()
	for _, p := range []string{"/401", "/500", "/429", "/drop", "/400"} {
		_, err := env.client.Do(ctx, &Request{Service: ZIA, Method: http.MethodPost, Path: p,
			Body: map[string]string{"password": "x"}})
		_, err2 := env.client.Do(ctx, get(p))
		errs = append(errs, err, err2)
	}
	// The token endpoint refusing, echoing the secret back.
	env2 := newTestEnv(t, okJSON(`[]`), func(o *Options) { o.Logger = logger })
	env2.idp.Set(func(i *fakeIdP) {
		i.reply = func(w http.ResponseWriter, r *http.Request, _ int) {
			writeJSON(w, http.StatusBadRequest, "bad client "+r.PostForm.Get("client_secret"))
		}
	})
	_, err := env2.client.Do(ctx, get("/x"))
	errs = append(errs, err)
	// Invalid options with a secret present.
	_, err = New(Options{Credentials: Credentials{ClientSecret: testSecret}})
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		if leak := containsAny(err.Error(), testSecret, "Bearer "+tokenValue, "tok-2"); leak != "" {
			t.Errorf("case %d: error %q leaks %q", i, err, leak)
		}
	}
	if leak := containsAny(logs.String(), testSecret, tokenValue, "tok-2"); leak != "" {
		t.Errorf("logs leak %q:\n%s", leak, logs.String())
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Error("retries were not logged; the log check above proves nothing")
	}
}
