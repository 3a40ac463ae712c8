package catalog

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// API is the part of the OneAPI client the executor needs.
type API interface {
	Do(ctx context.Context, req *zscaler.Request) (*zscaler.Response, error)
	List(ctx context.Context, req *zscaler.Request, opts zscaler.ListOptions) (*zscaler.ListResult, error)
}

// Executor runs catalogue rows against one tenant.
type Executor struct {
	API API
	// CustomerID fills {customerId} in ZPA paths; ZPA tools fail with a clear
	// message when it is empty, other services do not care.
	CustomerID string
	// ZCellCustomerID fills {zcellCustomerId} in ZCell paths: ZCell scopes
	// its API by a customer id of its own (ZCELL_CUSTOMER_ID), not ZPA's.
	ZCellCustomerID string
	// Readers are the tools a write whose outcome is unknown may point the
	// agent to, to check it: the exposed tools. Nil names none.
	Readers []*Tool

	mu   sync.Mutex
	kept map[string]string // looked-up path values, by lookup request
}

// Call is one validated invocation, handed to a tool's own Handler.
type Call struct {
	Tool *Tool
	Args Args
	Exec *Executor
}

// Execute validates the arguments, runs the tool and never returns a Go error:
// every failure is a Result whose message names the tool and the cause.
func (e *Executor) Execute(ctx context.Context, t *Tool, raw json.RawMessage) *Result {
	args, err := t.ParseArgs(raw)
	if err != nil {
		return failure(fmt.Sprintf("%s: %v", t.Name, err))
	}
	var res *Result
	if t.Handler != nil {
		res, err = t.Handler(ctx, &Call{Tool: t, Args: args, Exec: e})
	} else {
		res, err = e.Run(ctx, t, args)
	}
	if err != nil {
		return failure(e.describe(t, err))
	}
	if q, _ := args[queryParam.Name].(string); q != "" && res.Records != nil {
		if res.Records, err = applyQuery(q, res.Records); err != nil {
			return failure(fmt.Sprintf("%s: %v", t.Name, err))
		}
	}
	if t.Note != "" && res.Message == "" && res.Error == "" {
		res.Notes = append(res.Notes, t.Note)
	}
	return res
}

// MissingCustomerIDError says which service needs the tenant id. It is not a
// credential problem and must not read like one.
type MissingCustomerIDError struct {
	Service zscaler.Service
	Env     string // the variable that sets it; ZSCALER_CUSTOMER_ID when empty
}

func (e *MissingCustomerIDError) Error() string {
	env := cmp.Or(e.Env, "ZSCALER_CUSTOMER_ID")
	return fmt.Sprintf("%s is not set, and the %s tools need it (it is the %s tenant id shown in the admin portal); set %s and restart",
		env, e.Service, strings.ToUpper(string(e.Service)), env)
}

func (e *Executor) describe(t *Tool, err error) string {
	var retryErr *zscaler.RetryError
	var apiErr *zscaler.APIError
	var tokErr *zscaler.TokenError
	switch {
	case errors.As(err, &retryErr):
		return e.gaveUp(t, retryErr)
	case errors.As(err, &apiErr):
		return fmt.Sprintf("%s failed: %s %s answered %v", t.Name, apiErr.Method, apiErr.Path, apiErr)
	case errors.As(err, &tokErr):
		return fmt.Sprintf("%s failed: the OneAPI token request was refused (%v); check ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, and ZSCALER_VANITY_DOMAIN", t.Name, tokErr)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s was cancelled before the API answered: %v", t.Name, err)
	}
	return fmt.Sprintf("%s failed: %v", t.Name, err)
}

// gaveUp describes a request that stopped without an answer to give: what
// each attempt met and why there was no other (from the error), then what
// the agent can do about it.
func (e *Executor) gaveUp(t *Tool, re *zscaler.RetryError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: %v.", t.Name, re)
	if re.Pages > 0 {
		of := ""
		if re.PagesKnown > 0 {
			of = fmt.Sprintf(" of %d", re.PagesKnown)
		}
		fmt.Fprintf(&b, " The list stopped part-way: %d%s pages (%d records) were read before that, and none is returned.", re.Pages, of, re.Records)
		if narrow := narrowing(t); narrow != "" {
			b.WriteString(" Narrow the query so that it reads fewer pages: " + narrow + ".")
		}
	}
	if re.Written {
		check := "in the Zscaler admin portal"
		if r := e.checkWith(t); r != "" {
			check = "with " + r
		}
		fmt.Fprintf(&b, " The outcome of this %s is UNKNOWN: the API may or may not have applied it, and it was not sent again so that it cannot be applied twice. Check %s before trying again.", t.Action, check)
		return b.String()
	}
	switch re.Stop {
	case zscaler.StopNoRoom, zscaler.StopBudget:
		if re.Stop == zscaler.StopNoRoom && re.WaitOf == zscaler.WaitPacing {
			fmt.Fprintf(&b, " Nothing was sent: calls to %s are paced to keep within its published quota, and the next call can go in about %s. Call again then, and make fewer, larger calls (the largest page size) meanwhile.",
				strings.ToUpper(string(t.Service)), roundUp(re.Wait))
			break
		}
		if re.RateLimited > 0 && re.RateLimited == re.Attempts {
			b.WriteString(" The API is rate limiting these calls: wait a little before calling again.")
		} else {
			b.WriteString(" The API is slow or unreachable: try again later (the server's operator can give calls longer with ZSCALER_MCP_CALL_TIMEOUT).")
		}
	case zscaler.StopTooLong:
		b.WriteString(" Call again after that wait.")
	}
	return b.String()
}

// roundUp is a wait as the agent needs it: whole seconds, never less than it is.
func roundUp(d time.Duration) time.Duration { return d.Truncate(time.Second) + time.Second }

// narrowing names a list tool's parameters that make it read fewer pages.
func narrowing(t *Tool) string {
	var filters, paging []string
	for _, p := range t.Params {
		switch p.In {
		case InQuery:
			if p.Type == String || p.Type == StringList {
				filters = append(filters, p.Name)
			}
		case InPage, InPageSize, InOffset:
			paging = append(paging, p.Name)
		}
	}
	var out []string
	if len(filters) > 0 {
		out = append(out, "filter with "+strings.Join(filters, " or "))
	}
	if len(paging) > 0 {
		out = append(out, "read one page at a time with "+strings.Join(paging, " and "))
	}
	return strings.Join(out, ", or ")
}

// checkWith names the tool that reads what a write changes: the get tool of
// its toolset when the write names one record, its list tool otherwise (a
// create is found by the name it was given).
func (e *Executor) checkWith(t *Tool) string {
	var get, list *Tool
	for _, r := range e.Readers {
		if r.Toolset != t.Toolset || r.Action != Read || r.Method != "GET" {
			continue
		}
		if r.IsList() && list == nil {
			list = r
		} else if !r.IsList() && get == nil {
			get = r
		}
	}
	names := false
	for _, p := range t.Params {
		names = names || p.In == InPath
	}
	switch {
	case get != nil && (names || list == nil):
		return get.Name
	case list != nil:
		return list.Name
	}
	return ""
}

// Request builds the HTTP request a row describes, for the given arguments.
func (e *Executor) Request(t *Tool, args Args) (*zscaler.Request, error) {
	path, err := e.expand(t, t.Path, args)
	if err != nil {
		return nil, err
	}
	req := &zscaler.Request{Service: t.Service, Method: t.Method, Path: path}
	query := url.Values{}
	var body map[string]any
	for _, p := range t.Params {
		v, ok := args[p.Name]
		if !ok {
			continue
		}
		if p.Values != nil {
			v = p.Values[v.(string)]
		}
		switch p.In {
		case InQuery:
			if p.Encode != nil {
				for k, vs := range p.Encode(v) {
					query[k] = append(query[k], vs...)
				}
			} else {
				query[p.Wire] = append(query[p.Wire], queryValues(v)...)
			}
		case InBody:
			if body == nil {
				body = map[string]any{}
			}
			if p.Build == nil {
				body[p.Wire] = v
				break
			}
			members, err := p.Build(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.Name, err)
			}
			for k, x := range members {
				body[k] = x
			}
		case InBodyMore:
			if body == nil {
				body = map[string]any{}
			}
			for k, x := range v.(map[string]any) {
				body[k] = x
			}
		case InBodyRoot:
			req.Body = v
		}
	}
	for k, vs := range t.Fixed {
		query[k] = append(query[k], vs...)
	}
	if len(query) > 0 {
		req.Query = query
	}
	if body != nil {
		req.Body = body
	}
	return req, nil
}

func queryValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case int64:
		return []string{strconv.FormatInt(x, 10)}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []string:
		return x
	}
	return []string{fmt.Sprint(v)}
}

func (e *Executor) expand(t *Tool, tmpl string, args Args) (string, error) {
	var missing error
	var out strings.Builder
	last := 0
	placeholders(tmpl, func(start, end int, name string) {
		out.WriteString(tmpl[last:start])
		last = end
		if name == customerIDPlaceholder {
			if e.CustomerID == "" {
				missing = &MissingCustomerIDError{Service: t.Service}
			}
			out.WriteString(url.PathEscape(e.CustomerID))
			return
		}
		if name == zcellCustomerIDPlaceholder {
			if e.ZCellCustomerID == "" {
				missing = &MissingCustomerIDError{Service: t.Service, Env: "ZCELL_CUSTOMER_ID"}
			}
			out.WriteString(url.PathEscape(e.ZCellCustomerID))
			return
		}
		v, _ := args[name].(string)
		if p := t.param(name); p != nil && p.Values != nil && v != "" { // a mapped path value goes as its wire value
			v = p.Values[v]
		}
		if strings.TrimSpace(v) == "" {
			missing = fmt.Errorf("%s must not be empty", name)
		}
		out.WriteString(url.PathEscape(v))
	})
	out.WriteString(tmpl[last:])
	return out.String(), missing
}

// Run executes a row with already validated arguments. A Handler uses it to
// run the rows it is made of; arguments the row does not declare are ignored.
func (e *Executor) Run(ctx context.Context, t *Tool, args Args) (*Result, error) {
	args, err := e.lookUp(ctx, t, args)
	if err != nil {
		return nil, err
	}
	req, err := e.Request(t, args)
	if err != nil {
		return nil, err
	}
	if t.Merge != "" {
		if err := e.merge(ctx, t, args, req); err != nil {
			return nil, err
		}
	}
	if t.Complete != nil {
		body, _ := req.Body.(map[string]any)
		if body == nil {
			body = map[string]any{}
		}
		if err := t.Complete(args, body); err != nil {
			return nil, err
		}
		req.Body = body
	}
	switch t.Shape {
	case Records:
		return e.records(ctx, t, args, req)
	case Record:
		resp, err := e.API.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		body := bytes.TrimSpace(resp.Body)
		switch {
		case len(body) == 0 && t.Refetch != "":
			return e.refetch(ctx, t, args)
		case len(body) == 0:
			return ObjectResult(map[string]any{}), nil
		case !json.Valid(body):
			return nil, notJSON(body)
		}
		return RecordResult(body), nil
	default:
		if _, err := e.API.Do(ctx, req); err != nil {
			return nil, err
		}
		return e.done(t, args), nil
	}
}

// lookUp returns the arguments with each of the row's looked-up path values
// added, reading those not yet kept.
func (e *Executor) lookUp(ctx context.Context, t *Tool, args Args) (Args, error) {
	if len(t.Lookups) == 0 {
		return args, nil
	}
	out := make(Args, len(args)+len(t.Lookups))
	for k, v := range args {
		out[k] = v
	}
	for name, l := range t.Lookups {
		path, err := e.expand(t, l.Path, args)
		if err != nil {
			return nil, err
		}
		query := url.Values{}
		for _, q := range l.Query {
			if v, ok := args[q].(string); ok && v != "" {
				query.Set(t.param(q).Wire, v)
			}
		}
		key := path + "?" + query.Encode() + "#" + l.Field
		e.mu.Lock()
		v, ok := e.kept[key]
		e.mu.Unlock()
		if !ok {
			if v, err = e.fetchField(ctx, t, path, query, l.Field); err != nil {
				return nil, err
			}
			e.mu.Lock()
			if e.kept == nil {
				e.kept = map[string]string{}
			}
			e.kept[key] = v
			e.mu.Unlock()
		}
		out[name] = v
	}
	return out, nil
}

func (e *Executor) fetchField(ctx context.Context, t *Tool, path string, query url.Values, field string) (string, error) {
	req := &zscaler.Request{Service: t.Service, Method: "GET", Path: path}
	if len(query) > 0 {
		req.Query = query
	}
	resp, err := e.API.Do(ctx, req)
	if err != nil {
		return "", err
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(resp.Body, &obj) != nil {
		return "", fmt.Errorf("%s answered %s, not an object", path, kindOf(resp.Body))
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(obj[field]))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		switch x := v.(type) {
		case string:
			if x != "" {
				return x, nil
			}
		case json.Number:
			return x.String(), nil
		}
	}
	return "", fmt.Errorf("%s answered no %s", path, field)
}

func (e *Executor) records(ctx context.Context, t *Tool, args Args, req *zscaler.Request) (*Result, error) {
	if t.Method != "GET" {
		resp, err := e.API.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		recs, err := recordsOf(resp.Body, t.RecordsKey)
		if err != nil {
			return nil, err
		}
		return RecordsResult(filter(t, args, recs)), nil
	}
	opts := zscaler.ListOptions{Paging: t.Paging, RecordsKey: t.RecordsKey}
	for _, p := range t.Params {
		switch v := args[p.Name]; p.In {
		case InPage:
			if v != nil {
				opts.Page = int(v.(int64))
			}
		case InPageSize:
			if v != nil {
				opts.PageSize = int(v.(int64))
			}
		case InOffset: // a ZDX cursor (text) or a ZIdentity offset (an integer)
			if v != nil {
				opts.Offset = queryValues(v)[0]
			}
		}
	}
	lr, err := e.API.List(ctx, req, opts)
	if err != nil {
		return nil, err
	}
	res := RecordsResult(filter(t, args, lr.Records))
	switch {
	case lr.NextOffset != "":
		next := strconv.Quote(lr.NextOffset) // a ZDX cursor is text, a ZIdentity offset a number
		for _, p := range t.Params {
			if p.In == InOffset && p.Type == Integer {
				next = lr.NextOffset
			}
		}
		res.Notes = append(res.Notes, fmt.Sprintf("NOTE: more records exist; call again with offset=%s for the next page.", next))
	case lr.Truncated && opts.Page > 0:
		res.Notes = append(res.Notes, fmt.Sprintf("NOTE: more records exist; call again with page=%d for the next page.", opts.Page+1))
	case lr.Truncated:
		res.Notes = append(res.Notes, fmt.Sprintf("NOTE: only the first %d pages (%d records) were read; more exist. Narrow the search, or pass page and page_size to read further.", lr.Pages, len(lr.Records)))
	}
	return res, nil
}

// filter keeps the records whose name contains every InFilter value, for APIs
// that have no server-side search.
func filter(t *Tool, args Args, records []json.RawMessage) []json.RawMessage {
	for _, p := range t.Params {
		want, ok := args[p.Name].(string)
		if p.In != InFilter || !ok || want == "" {
			continue
		}
		want = strings.ToLower(want)
		kept := records[:0:0]
		for _, r := range records {
			var m map[string]json.RawMessage
			_ = json.Unmarshal(r, &m)
			for _, key := range []string{"name", "configuredName"} {
				var s string
				if json.Unmarshal(m[key], &s) == nil && strings.Contains(strings.ToLower(s), want) {
					kept = append(kept, r)
					break
				}
			}
		}
		records = kept
	}
	return records
}

// recordsOf finds the records in a body that is a bare array or an object
// holding them under key.
func recordsOf(body []byte, key string) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == "null" {
		return []json.RawMessage{}, nil
	}
	if body[0] == '{' && key != "" {
		var env map[string]json.RawMessage
		if err := json.Unmarshal(body, &env); err != nil {
			return nil, notJSON(body)
		}
		body = bytes.TrimSpace(env[key])
		if len(body) == 0 || string(body) == "null" {
			return []json.RawMessage{}, nil
		}
	}
	var recs []json.RawMessage
	if body[0] != '[' || json.Unmarshal(body, &recs) != nil {
		return nil, fmt.Errorf("the API answered with %s where a list was expected", kindOf(body))
	}
	return recs, nil
}

// merge reads the current record and lays the request's fields over it, so a
// PUT-replace keeps every field the agent did not mention.
func (e *Executor) merge(ctx context.Context, t *Tool, args Args, req *zscaler.Request) error {
	path, err := e.expand(t, t.Merge, args)
	if err != nil {
		return err
	}
	resp, err := e.API.Do(ctx, &zscaler.Request{Service: t.Service, Method: "GET", Path: path})
	if err != nil {
		return err
	}
	var merged map[string]any
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	dec.UseNumber() // ids and numbers go back exactly as they came
	if err := dec.Decode(&merged); err != nil || merged == nil {
		return fmt.Errorf("the current record at %s is %s, not an object", path, kindOf(resp.Body))
	}
	if fields, ok := req.Body.(map[string]any); ok {
		for k, v := range fields {
			merged[k] = v
		}
	}
	req.Body = merged
	return nil
}

func (e *Executor) refetch(ctx context.Context, t *Tool, args Args) (*Result, error) {
	path, err := e.expand(t, t.Refetch, args)
	if err != nil {
		return nil, err
	}
	resp, err := e.API.Do(ctx, &zscaler.Request{Service: t.Service, Method: "GET", Path: path})
	if err != nil {
		return nil, err
	}
	if !json.Valid(resp.Body) {
		return nil, notJSON(resp.Body)
	}
	return RecordResult(resp.Body), nil
}

// done describes a change whose answer has no record: what was done and to
// which ids.
func (e *Executor) done(t *Tool, args Args) *Result {
	out := map[string]any{}
	if t.Action == Delete {
		out["deleted"] = true
	} else {
		out["ok"] = true
	}
	for _, p := range t.Params {
		if p.In == InPath {
			out[p.Name] = args[p.Name]
		}
	}
	return ObjectResult(out)
}

func notJSON(body []byte) error {
	return fmt.Errorf("the API answered with something that is not JSON (%d bytes)", len(body))
}

// kindOf names what a JSON body is, for error messages.
func kindOf(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "nothing"
	}
	switch body[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number or non-JSON text"
}
