package sandbox

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	tokenPath   = "/oauth2/v1/token"
	adminPrefix = "/__sandbox/"
	maxBody     = 4 << 20
	// oneAPIVersion is what x-oneapi-version reports; clearly not a real build.
	oneAPIVersion = "sandbox-1.0"
)

// service describes how one Zscaler service speaks on the wire (where it
// lives, its content type, rate-limit headers and error bodies) and the
// engine of its convention: how lists page, what writes answer, what the
// server stamps. Its resources are rows the engine serves.
type service struct {
	name, prd   string // "zia", as in tool names; the entitlement product code in the token's service-info
	root        string // path prefix that selects the service
	prefix      string // route prefix; may contain {cid}, which must be the tenant's customer id if checkCID
	checkCID    bool
	contentType string
	jackson     bool              // pretty-printed like Java's Jackson (ZCC does this)
	headers     map[string]string // extra headers on every answer

	rateLimit  int
	rateWindow time.Duration
	rateHeader string // x-ratelimit-limit value

	notFound   func() reply                              // an unknown path
	fault      func(status int, retryAfter string) reply // default body of an injected fault
	retryAfter func(status int) string                   // default Retry-After of an injected fault
	fail       func(res *Resource, f failure, detail ...string) reply

	page              func(c *call, items []*record) reply // the list convention
	pageSize, maxPage int                                  // its default and largest page size
	before            func(c *call) *reply                 // checks every request of the service
	filter            func(c *call) func(*record) bool     // list filters every resource of the service takes
	render            func(c *call, rec *record)           // members every record of the service shows
	derived           []string                             // members render computes

	created, updated int                                 // statuses of a create and an update (204: no body)
	echoStored       bool                                // a create answers the record as stored, without joins
	staged           bool                                // changes wait for activation
	status           func(pending, activated bool) reply // the activation status, in the service's words
	firstID          int64
	newID            func(n int64) any
	clock            func(time.Time) any // how stamps write a time
	admin            any                 // how stamps name the admin

	resources []*Resource
}

// reply is what a route handler answers. Records in a body are views
// (copies) of the stored ones, so it is written after the state lock is
// released.
type reply struct {
	status int
	body   any    // JSON-encoded in the service's style; nil = no JSON body
	text   string // raw body when body is nil
	ctype  string // content type of text (default: the service's)
}

func jsonReply(status int, body any) reply { return reply{status: status, body: body} }

// noContent is the 204 every ZPA PUT and every DELETE answers.
func noContent() reply { return reply{status: http.StatusNoContent} }

// write encodes the reply in the style of svc (nil: the gateway's own) and sends it.
func (rep reply) write(w http.ResponseWriter, svc *service) {
	data := []byte(rep.text)
	if rep.body != nil {
		data = encodeJSON(rep.body, svc != nil && svc.jackson)
	}
	if ctype := rep.ctype; len(data) > 0 {
		if ctype == "" && svc != nil {
			ctype = svc.contentType
		}
		w.Header().Set("Content-Type", ctype)
	}
	if rep.status != http.StatusNoContent {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(data)
}

// encodeJSON marshals without HTML escaping: the real services send "<" and
// "&" verbatim, and escaped forms would look wrong in a demo.
func encodeJSON(v any, jackson bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("sandbox: encode: " + err.Error()) // only our own types get here
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if jackson {
		b = jacksonIndent(b)
	}
	return b
}

// jacksonIndent re-indents compact JSON the way Jackson's default pretty
// printer does (ZCC and some ZPA answers): `"key" : value`, objects indented
// by two spaces, arrays inline as `[ a, b ]`, empty containers as `{ }`/`[ ]`.
// Arrays do not add indentation, which is why a top-level list of objects
// reads `[ {` … `}, {` … `} ]`.
func jacksonIndent(src []byte) []byte {
	var b bytes.Buffer
	var write func(v json.RawMessage, indent string)
	write = func(v json.RawMessage, indent string) {
		var elems []json.RawMessage
		rec, err := parseRecord(v)
		switch {
		case err == nil && len(rec.keys) == 0:
			b.WriteString("{ }")
		case err == nil:
			for i, k := range rec.keys {
				b.WriteString(either(i == 0, "{", ",") + "\n" + indent + "  " + string(encodeJSON(k, false)) + " : ")
				write(rec.raw(k), indent+"  ")
			}
			b.WriteString("\n" + indent + "}")
		case kind(v) == '[' && json.Unmarshal(v, &elems) == nil:
			for i, e := range elems {
				b.WriteString(either(i == 0, "[ ", ", "))
				write(e, indent)
			}
			b.WriteString(either(len(elems) == 0, "[ ]", " ]"))
		default:
			b.Write(v)
		}
	}
	write(src, "")
	return b.Bytes()
}

// handle registers a route. pattern is "METHOD /path"; a path that does not
// already start with the service root is relative to the service prefix.
func (t *Tenant) handle(svc *service, res *Resource, pattern string, h handler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("sandbox: route pattern needs a method: " + pattern)
	}
	if !strings.HasPrefix(path, svc.root) {
		path = svc.prefix + path
	}
	t.routes[method+" "+path] = res
	t.mux.HandleFunc(method+" "+path, func(w http.ResponseWriter, r *http.Request) {
		t.dispatch(w, r, svc, res, h)
	})
}

func (t *Tenant) dispatch(w http.ResponseWriter, r *http.Request, svc *service, res *Resource, h handler) {
	if svc.checkCID && strings.Contains(r.Pattern, "{cid}") && r.PathValue("cid") != t.opts.CustomerID { // ZPA's LSS catalogues have none
		svc.fault(http.StatusUnauthorized, "").write(w, svc)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		reply{status: http.StatusBadRequest, text: "request body unreadable", ctype: "text/plain"}.write(w, svc)
		return
	}
	var out reply
	t.withState(func(s *state) {
		c := &call{r: r, query: r.URL.Query(), body: body, s: s, t: t, now: time.Now(), svc: svc, res: res}
		if svc.before != nil {
			if rep := svc.before(c); rep != nil {
				out = *rep
				return
			}
		}
		out = h(c)
	})
	out.write(w, svc)
}

// ServeHTTP implements http.Handler.
func (t *Tenant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		t.serveAdmin(w, r)
		return
	}
	start := time.Now()
	rec := t.record(r)
	sw := &statusWriter{ResponseWriter: w}
	sw.Header().Set("x-oneapi-request-id", newUUID())
	defer func() {
		t.ctl.Lock()
		rec.Status = sw.status
		t.ctl.Unlock()
		t.log.Debug("sandbox request", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "duration", time.Since(start))
	}()
	if r.URL.Path == tokenPath {
		t.serveToken(sw, r)
		return
	}
	t.serveAPI(sw, r)
}

// serveAPI is the gateway in front of every service: bearer token, then
// entitlement, then rate-limit headers, then faults, then the service.
func (t *Tenant) serveAPI(w http.ResponseWriter, r *http.Request) {
	t.routed()
	h := w.Header()
	h.Set("Server", "Zscaler")
	h.Set("x-oneapi-version", oneAPIVersion)
	svc := t.serviceFor(r.URL.Path)
	claims, ok := t.authorize(r)
	if !ok || (svc != nil && !claims.entitled(svc.prd)) {
		writeGatewayUnauthorized(w)
		return
	}
	if svc == nil {
		reply{status: http.StatusNotFound, text: "404 Not Found", ctype: "text/plain; charset=utf-8"}.write(w, nil)
		return
	}
	t.rateHeaders(h, svc)
	for k, v := range svc.headers {
		h.Set(k, v)
	}
	if t.applyFault(w, r, svc) {
		return
	}
	t.mux.ServeHTTP(w, r)
}

func (t *Tenant) serviceFor(path string) *service {
	if i := slices.IndexFunc(t.services, func(s *service) bool { return strings.HasPrefix(path, s.root) }); i >= 0 {
		return t.services[i]
	}
	return nil
}

// addService registers svc and its catch-all, so that an unknown path under
// the service answers the service's own 404. What a service leaves unset is
// the common case: JSON, 1000 calls a minute, {"code","message"} errors.
func (t *Tenant) addService(svc *service) {
	svc.prd, svc.root = cmp.Or(svc.prd, strings.ToUpper(svc.name)), cmp.Or(svc.root, "/"+svc.name+"/")
	svc.contentType = cmp.Or(svc.contentType, "application/json")
	if svc.rateLimit == 0 {
		svc.rateLimit, svc.rateWindow, svc.rateHeader = 1000, time.Minute, "1000, 1000;w=60"
	}
	if svc.notFound == nil {
		svc.notFound = plainNotFound("application/json")
	}
	if svc.fault == nil {
		svc.fault = func(status int, _ string) reply { return statusError(status) }
	}
	if svc.retryAfter == nil {
		svc.retryAfter = retryAfterOn429("1")
	}
	if svc.fail == nil {
		svc.fail = codeFail
	}
	t.services = append(t.services, svc)
	t.mux.HandleFunc(svc.root, func(w http.ResponseWriter, r *http.Request) {
		svc.notFound().write(w, svc)
	})
}

// gatewayUnauthorized is the OneAPI gateway's 401 body, byte for byte
// (one-space indentation included).
const gatewayUnauthorized = "{\n \"detail\": \"unauthorized\",\n \"type\": \"\",\n \"title\": \"\",\n \"status\": \"\"\n}"

func writeGatewayUnauthorized(w http.ResponseWriter) {
	h := w.Header()
	h.Set("x-oneapi-api-category", "public")
	reply{status: http.StatusUnauthorized, text: gatewayUnauthorized, ctype: "application/json"}.write(w, nil)
}

// rateWindow counts requests in the current window of one service.
type rateWindow struct {
	start time.Time
	count int
}

// rateHeaders sets the gateway's rate-limit headers. The sandbox never
// enforces limits (faults simulate 429s), so remaining stops at half the
// limit: clients that throttle themselves on a low remaining count would
// otherwise stall for up to an hour in a long test run.
func (t *Tenant) rateHeaders(h http.Header, svc *service) {
	now := time.Now()
	t.ctl.Lock()
	win := t.rates[svc.name]
	if win == nil || now.Sub(win.start) >= svc.rateWindow {
		win = &rateWindow{start: now}
		t.rates[svc.name] = win
	}
	win.count++
	remaining := max(svc.rateLimit-win.count, svc.rateLimit/2)
	resetAt := win.start.Add(svc.rateWindow)
	t.ctl.Unlock()
	reset := max(int(time.Until(resetAt).Seconds()), 1)
	h.Set("x-ratelimit-limit", svc.rateHeader)
	h.Set("x-ratelimit-remaining", strconv.Itoa(remaining))
	h.Set("x-ratelimit-reset", strconv.Itoa(reset))
	switch svc.name {
	case "zcc":
		h.Set("x-rate-limit-remaining", strconv.Itoa(remaining))
	case "zdx":
		// ZDX also sends the IETF headers, with the reset as an epoch time.
		h.Set("RateLimit-Limit", strconv.Itoa(svc.rateLimit))
		h.Set("RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("RateLimit-Reset", strconv.FormatInt(resetAt.Unix(), 10))
	}
}

// RecordedRequest is one token or API request as the tenant saw it. It never
// holds the Authorization header or any secret from the body or query.
type RecordedRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Status int    `json:"status"` // 0 while in flight; 499 if the client gave up during a delay
}

// Requests returns every token and API request since the last Reset, in
// arrival order.
func (t *Tenant) Requests() []RecordedRequest {
	t.ctl.Lock()
	defer t.ctl.Unlock()
	out := make([]RecordedRequest, len(t.reqlog))
	for i, r := range t.reqlog {
		out[i] = *r
	}
	return out
}

func (t *Tenant) record(r *http.Request) *RecordedRequest {
	rec := &RecordedRequest{Method: r.Method, Path: r.URL.Path, Query: redactQuery(r.URL.RawQuery)}
	t.ctl.Lock()
	t.reqlog = append(t.reqlog, rec)
	t.ctl.Unlock()
	return rec
}

var secretParams = map[string]bool{
	"client_secret": true, "client_assertion": true, "access_token": true,
	"token": true, "password": true, "api_token": true, "apikey": true,
}

// redactQuery keeps the query as sent except the values of secret-looking
// parameters, so the log can be shown in test failures.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(k); err == nil && secretParams[strings.ToLower(name)] {
			parts[i] = k + "=REDACTED"
		}
	}
	return strings.Join(parts, "&")
}

// statusWriter remembers the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// newUUID returns a random version-4 UUID, the format of x-oneapi-request-id.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
