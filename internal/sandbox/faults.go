package sandbox

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

// Fault makes the next matching requests fail or slow down. Faults are
// matched in the order they were injected; each matching request consumes
// one use of the first fault that matches it.
type Fault struct {
	// Method restricts the fault to one HTTP method; "" matches any.
	Method string `json:"method,omitempty"`
	// PathPrefix restricts the fault to paths with this prefix. "" matches
	// every API path but never the token endpoint; use "/oauth2/" for that.
	PathPrefix string `json:"path_prefix,omitempty"`
	// Status is the status to answer; 0 only delays the request.
	Status int `json:"status,omitempty"`
	// RetryAfter is the Retry-After header value, verbatim ("1", "4s",
	// "1 seconds", an HTTP date). Empty means the service's usual value on a
	// 429 or ZPA 503 ("1" for ZIA, "1s" for ZPA); "-" means no header.
	RetryAfter string `json:"retry_after,omitempty"`
	// Body replaces the service's real error body for Status.
	Body string `json:"body,omitempty"`
	// Delay (or DelayMS over HTTP) holds the answer back; a client that
	// gives up meanwhile gets nothing. Delay wins when both are set.
	Delay   time.Duration `json:"-"`
	DelayMS int           `json:"delay_ms,omitempty"`
	// Count is how many matching requests the fault applies to; 0 means 1.
	Count int `json:"count,omitempty"`
}

func (f Fault) delay() time.Duration {
	if f.Delay > 0 {
		return f.Delay
	}
	return time.Duration(f.DelayMS) * time.Millisecond
}

func (f Fault) validate() error {
	switch {
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return errors.New("status must be 0 or an HTTP status code")
	case f.Count < 0:
		return errors.New("count must not be negative")
	case f.DelayMS < 0 || f.Delay < 0:
		return errors.New("delay must not be negative")
	case f.Status == 0 && f.delay() == 0:
		return errors.New("a fault needs a status, a delay or both")
	}
	return nil
}

type pendingFault struct {
	Fault
	left int
}

// InjectFault queues f. An invalid fault (status outside 100–599, negative
// count or delay, neither status nor delay) is ignored; the HTTP control
// endpoint reports the reason instead.
func (t *Tenant) InjectFault(f Fault) {
	_ = t.injectFault(f)
}

func (t *Tenant) injectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	t.ctl.Lock()
	t.faults = append(t.faults, &pendingFault{Fault: f, left: max(f.Count, 1)})
	t.ctl.Unlock()
	return nil
}

// pendingFaults lists the faults not yet used up, for the control endpoint.
func (t *Tenant) pendingFaults() []Fault {
	t.ctl.Lock()
	defer t.ctl.Unlock()
	out := make([]Fault, 0, len(t.faults))
	for _, p := range t.faults {
		f := p.Fault
		f.Count = p.left
		out = append(out, f)
	}
	return out
}

// takeFault consumes one use of the first fault matching the request.
func (t *Tenant) takeFault(r *http.Request) (Fault, bool) {
	isToken := r.URL.Path == tokenPath
	t.ctl.Lock()
	defer t.ctl.Unlock()
	for i, p := range t.faults {
		if (p.Method != "" && !strings.EqualFold(p.Method, r.Method)) || (p.PathPrefix == "" && isToken) ||
			!strings.HasPrefix(r.URL.Path, p.PathPrefix) {
			continue
		}
		p.left--
		if p.left <= 0 {
			t.faults = append(t.faults[:i:i], t.faults[i+1:]...)
		}
		return p.Fault, true
	}
	return Fault{}, false
}

// statusClientClosed is what the request log shows when the client gave up
// during an injected delay (nginx's convention; nothing was sent).
const statusClientClosed = 499

// applyFault delays and/or answers the request if a fault matches it and
// reports whether the request has been dealt with. svc is nil for the token
// endpoint.
func (t *Tenant) applyFault(w http.ResponseWriter, r *http.Request, svc *service) bool {
	f, ok := t.takeFault(r)
	if !ok {
		return false
	}
	if d := f.delay(); d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-r.Context().Done():
			if sw, ok := w.(*statusWriter); ok {
				sw.status = statusClientClosed
			}
			return true
		case <-timer.C:
		}
	}
	if f.Status == 0 {
		return false
	}
	retryAfter := f.RetryAfter
	if retryAfter == "" && svc != nil {
		retryAfter = svc.retryAfter(f.Status)
	} else if retryAfter == "" {
		retryAfter = retryAfterOn429("1")(f.Status)
	}
	if retryAfter != "" && retryAfter != "-" {
		w.Header().Set("Retry-After", retryAfter)
	}
	if f.Status == http.StatusUnauthorized && svc != nil {
		writeGatewayUnauthorized(w)
		return true
	}
	var rep reply
	switch {
	case f.Body != "":
		rep = reply{status: f.Status, text: f.Body}
		if svc == nil {
			rep.ctype = "application/json;charset=UTF-8"
		}
	case svc != nil && svc.fault != nil:
		rep = svc.fault(f.Status, retryAfter)
	default:
		rep = reply{status: f.Status, body: tokenError{Error: oauthErrorCode(f.Status), Description: http.StatusText(f.Status)},
			ctype: "application/json;charset=UTF-8"}
	}
	rep.status = f.Status
	rep.write(w, svc)
	return true
}

func oauthErrorCode(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "slow_down"
	case status >= 500:
		return "server_error"
	}
	return either(status == http.StatusUnauthorized, "invalid_client", "invalid_request")
}
