package zscaler

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	fastjson "github.com/segmentio/encoding/json"
)

// Paging selects a service's list convention (zscaler-api.md §3).
type Paging int

const (
	PagingNone Paging = iota // one request; bare array or RecordsKey envelope
	PagingZIA                // page (1-based) + pageSize; bare arrays; also ZTW
	PagingZPA                // page + pagesize; {"totalPages":"N","list":[...]}
	PagingZDX                // limit + offset cursor; {"<key>":[...],"next_offset":...}
	PagingZCC                // page + pageSize; bare arrays
	PagingZID                // offset + limit; {"records":[...],"next_link":...}, the link followed by its offset
	PagingEASM               // {"results":[...],"total_results":N}; a next_link, when sent, followed by its offset
)

func (p Paging) String() string {
	switch p {
	case PagingNone:
		return "none"
	case PagingZIA:
		return "zia"
	case PagingZPA:
		return "zpa"
	case PagingZDX:
		return "zdx"
	case PagingZCC:
		return "zcc"
	case PagingZID:
		return "zid"
	case PagingEASM:
		return "easm"
	}
	return "Paging(" + strconv.Itoa(int(p)) + ")"
}

// ListOptions controls List.
type ListOptions struct {
	Paging     Paging
	Page       int    // > 0: fetch exactly that page and do not auto-page (ZDX: ignored, use Offset)
	PageSize   int    // 0 → the service's largest page
	Offset     string // ZDX cursor, ZIdentity offset; when set, fetch exactly that page
	RecordsKey string // envelope member holding the records; ZPA defaults to "list"
	MaxPages   int    // auto-paging cap; 0 → 100
}

// ListResult holds the records of one or more pages.
type ListResult struct {
	Records []json.RawMessage // the records exactly as the API sent them (numbers, key order and all)
	Pages   int               // pages fetched
	// Truncated reports that the API has more records than were returned:
	// MaxPages was reached, or a single page was asked for and it was not
	// the last.
	Truncated  bool
	NextOffset string // ZDX, ZIdentity, EASM: where the next page starts when not read to the end
}

const (
	defaultMaxPages = 100
	pageSizeZIA     = 1000 // the GO SDK's default; most ZIA lists cap there
	pageSizeZPA     = 500  // documented maximum
	pageSizeZCC     = 5000 // documented maximum; worth it under a 100-calls-per-hour quota
	pageSizeZDX     = 500
	pageSizeZID     = 1000 // documented maximum
)

// List fetches records from a list endpoint, following the service's paging
// convention until the last page, MaxPages, or an endpoint that turns out to
// ignore paging.
func (c *Client) List(ctx context.Context, req *Request, opts ListOptions) (*ListResult, error) {
	if req == nil {
		return nil, errors.New("zscaler: nil request")
	}
	if opts.Page < 0 || opts.PageSize < 0 || opts.MaxPages < 0 {
		return nil, errors.New("zscaler: list page, page size and max pages must not be negative")
	}
	if opts.MaxPages == 0 {
		opts.MaxPages = defaultMaxPages
	}
	if opts.Page == 0 && opts.Offset == "" {
		progressOf(ctx).startList()
	}
	switch opts.Paging {
	case PagingNone:
		return c.listOnce(ctx, req, opts)
	case PagingZIA:
		return c.listPaged(ctx, req, opts, "pageSize", pageSizeZIA)
	case PagingZCC:
		return c.listPaged(ctx, req, opts, "pageSize", pageSizeZCC)
	case PagingZPA:
		if opts.RecordsKey == "" {
			opts.RecordsKey = "list"
		}
		return c.listPaged(ctx, req, opts, "pagesize", pageSizeZPA)
	case PagingZDX:
		return c.listCursor(ctx, req, opts, zdxNext, pageSizeZDX)
	case PagingZID:
		opts.RecordsKey = cmp.Or(opts.RecordsKey, "records")
		return c.listCursor(ctx, req, opts, zidNext, pageSizeZID)
	case PagingEASM:
		opts.RecordsKey = cmp.Or(opts.RecordsKey, "results")
		return c.listCursor(ctx, req, opts, easmNext, 0)
	}
	return nil, fmt.Errorf("zscaler: unknown paging style %v", opts.Paging)
}

func (c *Client) listOnce(ctx context.Context, req *Request, opts ListOptions) (*ListResult, error) {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	pg, err := decodePage(resp.Body, opts.RecordsKey, false)
	if err != nil {
		return nil, listShapeError(req, err)
	}
	return &ListResult{Records: pg.records, Pages: 1}, nil
}

// listPaged handles the page-number conventions of ZIA, ZCC and ZPA.
func (c *Client) listPaged(ctx context.Context, req *Request, opts ListOptions, sizeParam string, defaultSize int) (*ListResult, error) {
	size := opts.PageSize
	if size == 0 {
		size = defaultSize
	}
	single := opts.Page > 0
	page := max(opts.Page, 1)
	res := &ListResult{}
	known := 0 // pages the API says it has; only ZPA says
	var prev []byte
	for ; ; page++ {
		if res.Pages >= opts.MaxPages {
			res.Truncated = true
			c.log.Info("zscaler: list truncated at max pages", "service", req.Service, "path", req.Path, "pages", res.Pages)
			break
		}
		q := cloneQuery(req.Query)
		q.Set("page", strconv.Itoa(page))
		q.Set(sizeParam, strconv.Itoa(size))
		resp, err := c.Do(ctx, withQuery(req, q))
		if err != nil {
			return nil, listed(err, res, known)
		}
		res.Pages++
		if c.repeatsPrevious(req, prev, resp.Body) {
			break
		}
		prev = resp.Body
		pg, err := decodePage(resp.Body, opts.RecordsKey, opts.Paging == PagingZPA)
		if err != nil {
			return nil, listShapeError(req, err)
		}
		res.Records = append(res.Records, pg.records...)

		more := len(pg.records) >= size
		if opts.Paging == PagingZPA {
			more = zpaHasMore(pg, page, size)
			if total, ok := intMember(pg.envelope, "totalPages"); ok {
				known = total
			}
		}
		if !single {
			progressOf(ctx).page(req.Service, res.Pages, known)
		}
		if single {
			res.Truncated = more
			break
		}
		if !more {
			break
		}
	}
	return res, nil
}

// zpaHasMore trusts totalPages (string or number) and never totalCount,
// which has been seen at "0" beside a non-empty list.
func zpaHasMore(pg page, n, size int) bool {
	if pg.envelope == nil || len(pg.records) == 0 {
		return false // a bare array is never paged; an empty page is the end
	}
	if total, ok := intMember(pg.envelope, "totalPages"); ok {
		return n < total
	}
	return len(pg.records) >= size
}

// listCursor handles the offset conventions; next says where the page after
// pg starts ("" at the end), given how many records precede it. A zero size
// sends no limit (EASM).
func (c *Client) listCursor(ctx context.Context, req *Request, opts ListOptions, next func(pg page, read int) string, size int) (*ListResult, error) {
	limit := cmp.Or(opts.PageSize, size)
	single := opts.Offset != ""
	offset := opts.Offset
	res := &ListResult{}
	var prev []byte
	for {
		if res.Pages >= opts.MaxPages {
			res.Truncated, res.NextOffset = true, offset
			c.log.Info("zscaler: list truncated at max pages", "service", req.Service, "path", req.Path, "pages", res.Pages)
			break
		}
		q := cloneQuery(req.Query)
		if limit > 0 {
			q.Set("limit", strconv.Itoa(limit))
		}
		if offset != "" {
			q.Set("offset", offset)
		}
		resp, err := c.Do(ctx, withQuery(req, q))
		if err != nil {
			return nil, listed(err, res, 0)
		}
		res.Pages++
		if c.repeatsPrevious(req, prev, resp.Body) {
			break
		}
		prev = resp.Body
		pg, err := decodeCursorPage(resp.Body, opts.RecordsKey)
		if err != nil {
			return nil, listShapeError(req, err)
		}
		res.Records = append(res.Records, pg.records...)
		start, _ := strconv.Atoi(opts.Offset)
		next := next(pg, start+len(res.Records))
		if !single {
			progressOf(ctx).page(req.Service, res.Pages, 0)
		}
		if single {
			res.NextOffset, res.Truncated = next, next != ""
			break
		}
		// A cursor that does not move would fetch the same page forever.
		if next == "" || next == offset {
			break
		}
		offset = next
	}
	return res, nil
}

// zdxNext is ZDX's opaque cursor.
func zdxNext(pg page, _ int) string { return cursorMember(pg.envelope, "next_offset") }

// zidNext is the offset of ZIdentity's next_link.
func zidNext(pg page, _ int) string { return linkOffset(cursorMember(pg.envelope, "next_link")) }

// easmNext continues after the records read while EASM sends a next_link
// and total_results is not reached. The link's own offset is not trusted:
// a recorded first page of 100 findings links to offset=20, which would
// read most of that page again.
func easmNext(pg page, read int) string {
	if cursorMember(pg.envelope, "next_link") == "" || len(pg.records) == 0 {
		return ""
	}
	if total, ok := intMember(pg.envelope, "total_results"); ok && read >= total {
		return ""
	}
	return strconv.Itoa(read)
}

// linkOffset is the offset a next_link names, and nothing else of it. The
// link's scheme, host and path are never used: ZIdentity's points at the
// tenant's identity admin host, not the gateway, and a request there would
// carry the gateway's bearer token to a host the operator did not configure.
// The next page is the same request, on the configured gateway, at that
// offset. A link without an offset ends the list.
func linkOffset(link string) string {
	u, err := url.Parse(link)
	if link == "" || err != nil {
		return ""
	}
	return u.Query().Get("offset")
}

// repeatsPrevious is the guard against endpoints that ignore paging
// parameters and return the same full list for every page: without it a
// list of exactly pageSize records would be fetched MaxPages times over.
func (c *Client) repeatsPrevious(req *Request, prev, body []byte) bool {
	if prev == nil || !bytes.Equal(prev, body) {
		return false
	}
	c.log.Info("zscaler: page identical to the previous one; endpoint ignores paging",
		"service", req.Service, "path", req.Path)
	return true
}

func cloneQuery(q url.Values) url.Values {
	out := make(url.Values, len(q)+2)
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func withQuery(req *Request, q url.Values) *Request {
	r := *req
	r.Query = q
	return &r
}

// page is one decoded list response.
type page struct {
	records  []json.RawMessage
	envelope map[string]json.RawMessage // nil for a bare array
}

// decodePage reads a bare array, or the array under key in an object.
// missingOK lets the key be absent (ZPA omits "list" when there is nothing
// to list).
func decodePage(body []byte, key string, missingOK bool) (page, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return page{}, nil
	}
	if trimmed[0] == '[' {
		recs, err := decodeRecords(trimmed)
		return page{records: recs}, err
	}
	env, err := decodeEnvelope(trimmed)
	if err != nil {
		return page{}, err
	}
	if key == "" {
		return page{}, fmt.Errorf("expected a JSON array, got %s", describeObject(env))
	}
	raw, ok := env[key]
	if !ok {
		if missingOK {
			return page{envelope: env}, nil
		}
		return page{}, fmt.Errorf("expected an array under %q, got %s", key, describeObject(env))
	}
	recs, err := decodeMember(raw, key)
	return page{records: recs, envelope: env}, err
}

// decodeCursorPage is decodePage for ZDX, whose envelopes are keyed by
// resource ("devices", "users", "software"...). Without a key, the one array
// member is taken; an object with only a cursor is an empty page.
func decodeCursorPage(body []byte, key string) (page, error) {
	trimmed := bytes.TrimSpace(body)
	if key != "" || len(trimmed) == 0 || trimmed[0] != '{' {
		return decodePage(body, key, true)
	}
	env, err := decodeEnvelope(trimmed)
	if err != nil {
		return page{}, err
	}
	var arrays []string
	for k, v := range env {
		if v = bytes.TrimSpace(v); len(v) > 0 && v[0] == '[' {
			arrays = append(arrays, k)
		}
	}
	switch {
	case len(arrays) == 1:
		recs, err := decodeMember(env[arrays[0]], arrays[0])
		return page{records: recs, envelope: env}, err
	case len(arrays) == 0:
		if _, ok := env["next_offset"]; ok {
			return page{envelope: env}, nil
		}
	}
	return page{}, fmt.Errorf("cannot tell which member holds the records (set RecordsKey); got %s", describeObject(env))
}

func decodeEnvelope(b []byte) (map[string]json.RawMessage, error) {
	var env map[string]json.RawMessage
	if err := fastjson.Unmarshal(b, &env); err != nil || env == nil {
		return nil, fmt.Errorf("expected a JSON array or object, got %s", describeJSON(b))
	}
	return env, nil
}

func decodeMember(raw json.RawMessage, key string) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '[' {
		return nil, fmt.Errorf("member %q is %s, not an array", key, describeJSON(raw))
	}
	return decodeRecords(raw)
}

// decodeRecords splits an array into its elements without decoding them:
// records are passed on verbatim, and ZPA's int64 ids never meet a float64.
//
// The split uses segmentio's decoder (the MCP SDK's own dependency), which does
// it several times faster than encoding/json on the large pages lists return.
func decodeRecords(b []byte) ([]json.RawMessage, error) {
	var recs []json.RawMessage
	if err := fastjson.Unmarshal(b, &recs); err != nil {
		return nil, fmt.Errorf("malformed JSON array: %w", err)
	}
	return recs, nil
}

// intMember reads an integer sent either as a number or a numeric string.
func intMember(env map[string]json.RawMessage, key string) (int, bool) {
	raw, ok := env[key]
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(string(raw)), `"`))
	return n, err == nil
}

// cursorMember reads an opaque cursor that may be a string, a number or
// null; numbers keep their exact text.
func cursorMember(env map[string]json.RawMessage, key string) string {
	raw := bytes.TrimSpace(env[key])
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	return string(raw)
}

func describeObject(env map[string]json.RawMessage) string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) > 12 {
		keys = append(keys[:12], "…")
	}
	return "an object with keys [" + strings.Join(keys, ", ") + "]"
}

func describeJSON(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "an empty body"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	if (b[0] >= '0' && b[0] <= '9') || b[0] == '-' {
		return "a number"
	}
	return "non-JSON text"
}

func listShapeError(req *Request, err error) error {
	return fmt.Errorf("zscaler: %s %s: unexpected list response: %w", req.Service, req.Path, err)
}
