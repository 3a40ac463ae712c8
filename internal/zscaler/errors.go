package zscaler

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is a non-2xx answer from the gateway or a service behind it, after
// any retries. Code and Message come from the service's own error body,
// whatever its shape.
type APIError struct {
	Service    Service
	Method     string
	Path       string
	Status     int
	Code       string        // ZIA "code", ZPA "id", ZCC "title"/"errorCode", gateway "detail"
	Message    string        // the service's text; the trimmed raw body; or the HTTP status text
	RetryAfter time.Duration // set when the server asked for a wait
}

// Error is short and safe to show to an agent: no headers, no token.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" && e.Message != e.Code {
		b.WriteString(": " + e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %v)", e.RetryAfter.Round(time.Second))
	}
	return b.String()
}

// StatusOf returns the HTTP status of an *APIError anywhere in err's chain,
// or 0.
func StatusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

const maxMessageLength = 500

func (c *Client) newAPIError(p *prepared, resp *Response, token string) *APIError {
	code, msg := parseErrorBody(resp.Status, resp.Body)
	return &APIError{
		Service: p.Service,
		Method:  p.method,
		Path:    p.Path,
		Status:  resp.Status,
		Code:    c.auth.redact(code, token),
		Message: c.auth.redact(msg, token),
	}
}

// parseErrorBody finds a code and a message in any of the error shapes the
// services use (zscaler-api.md §4.3).
func parseErrorBody(status int, body []byte) (code, msg string) {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return "", http.StatusText(status)
	}
	var fields map[string]any
	if json.Unmarshal(body, &fields) == nil && fields != nil {
		code = firstNonEmpty(
			scalarString(fields["code"]),      // ZIA, ZTW
			scalarString(fields["id"]),        // ZPA
			scalarString(fields["errorCode"]), // ZCC
			scalarString(fields["title"]),     // ZCC, RFC 7807
			scalarString(fields["detail"]),    // gateway 401: {"detail":"unauthorized",...}
		)
		msg = firstNonEmpty(
			scalarString(fields["message"]),      // ZIA, ZTW
			scalarString(fields["reason"]),       // ZPA
			scalarString(fields["errorMsg"]),     // ZCC
			scalarString(fields["errorMessage"]), // ZCC
			scalarString(fields["detail"]),       // gateway
			graphQLMessage(fields["errors"]),
		)
		if code != "" || msg != "" {
			return code, trimMessage(msg, maxMessageLength)
		}
	}
	if strings.Contains(trimmed, "only through Zscaler OneAPI") {
		code = "ONLY_ONEAPI_SUPPORTED"
	}
	return code, trimMessage(trimmed, maxMessageLength)
}

func graphQLMessage(v any) string {
	errs, ok := v.([]any)
	if !ok || len(errs) == 0 {
		return ""
	}
	first, _ := errs[0].(map[string]any)
	return scalarString(first["message"])
}

// scalarString renders a JSON string or number; ZCC sends "errorCode": null
// and some services send numeric codes.
func scalarString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case json.Number:
		return t.String()
	}
	return ""
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// trimMessage collapses whitespace (ZCC pretty-prints, HTML pages wrap) and
// cuts at n bytes on a rune boundary.
func trimMessage(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
