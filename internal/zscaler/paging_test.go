package zscaler

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// records renders records [from, to) as JSON objects whose ids are int64s
// beyond float64 precision, so a lossy decode would show.
func records(from, to int) []string {
	out := []string{}
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf(`{"id":%d,"n":%d}`, 216196257331404600+i, i))
	}
	return out
}

func jsonArray(items []string) string { return "[" + strings.Join(items, ",") + "]" }

// pageOf serves `total` records by page number and size, 1-based.
func pageOf(total, page, size int) []string {
	from := min((page-1)*size, total)
	return records(from, min(from+size, total))
}

func intParam(t *testing.T, q url.Values, key string) int {
	t.Helper()
	n, err := strconv.Atoi(q.Get(key))
	if err != nil {
		t.Errorf("query %s = %q, want a number (query %v)", key, q.Get(key), q)
	}
	return n
}

func checkRecords(t *testing.T, res *ListResult, want int) {
	t.Helper()
	if len(res.Records) != want {
		t.Fatalf("got %d records, want %d", len(res.Records), want)
	}
	for i, r := range res.Records {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("record %d is not an object: %s", i, r)
		}
		id, ok := m["id"].(json.Number)
		if !ok || id.String() != strconv.Itoa(216196257331404600+i) {
			t.Fatalf("record %d id = %#v, want exact json.Number %d", i, m["id"], 216196257331404600+i)
		}
	}
}

func TestListZIAAndZCCPageUntilShortPage(t *testing.T) {
	for _, tc := range []struct {
		paging      Paging
		total, size int
		wantPages   int
		defaultSize string
	}{
		{PagingZIA, 25, 10, 3, ""},
		{PagingZIA, 20, 10, 3, ""}, // exact multiple: the third page is empty
		{PagingZIA, 7, 0, 1, "1000"},
		{PagingZCC, 25, 10, 3, ""},
		{PagingZCC, 7, 0, 1, "5000"},
	} {
		t.Run(fmt.Sprintf("%v/%d/%d", tc.paging, tc.total, tc.size), func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				q := r.URL.Query()
				writeJSON(w, 200, jsonArray(pageOf(tc.total, intParam(t, q, "page"), intParam(t, q, "pageSize"))))
			})
			req := &Request{Service: ZIA, Path: "/zia/api/v1/users", Query: url.Values{"search": {"bob"}}}
			res, err := env.client.List(context.Background(), req, ListOptions{Paging: tc.paging, PageSize: tc.size})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, res, tc.total)
			if res.Pages != tc.wantPages || res.Truncated {
				t.Errorf("pages = %d truncated = %v, want %d false", res.Pages, res.Truncated, tc.wantPages)
			}
			for i, s := range env.gw.Seen() {
				if s.Query.Get("page") != strconv.Itoa(i+1) || s.Query.Get("search") != "bob" {
					t.Errorf("request %d query = %v", i, s.Query)
				}
				if tc.defaultSize != "" && s.Query.Get("pageSize") != tc.defaultSize {
					t.Errorf("default pageSize = %q, want %s", s.Query.Get("pageSize"), tc.defaultSize)
				}
			}
			if len(req.Query) != 1 {
				t.Errorf("caller's query was modified: %v", req.Query)
			}
		})
	}
}

func zpaEnvelope(totalPages, totalCount any, list []string) string {
	b, _ := json.Marshal(map[string]any{"totalPages": totalPages, "totalCount": totalCount})
	if list == nil {
		return string(b)
	}
	return strings.TrimSuffix(string(b), "}") + `,"list":` + jsonArray(list) + "}"
}

func TestListZPA(t *testing.T) {
	for _, tc := range []struct {
		name        string
		total, size int
		totalPages  func(pages int) any
	}{
		{"string totals", 5, 2, func(p int) any { return strconv.Itoa(p) }},
		{"numeric totals", 5, 2, func(p int) any { return p }},
		// A full last page: only totalPages says there is nothing after it.
		{"full last page", 6, 2, func(p int) any { return strconv.Itoa(p) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages := (tc.total + tc.size - 1) / tc.size
			env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				q := r.URL.Query()
				if q.Has("pageSize") {
					t.Errorf("ZPA request used pageSize: %v", q)
				}
				// totalCount lies, as getAppsByType was seen to do.
				writeJSON(w, 200, zpaEnvelope(tc.totalPages(pages), "0",
					pageOf(tc.total, intParam(t, q, "page"), intParam(t, q, "pagesize"))))
			})
			res, err := env.client.List(context.Background(), &Request{Service: ZPA, Path: "/zpa/mgmtconfig/v1/admin/customers/1/application"},
				ListOptions{Paging: PagingZPA, PageSize: tc.size})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, res, tc.total)
			if res.Pages != pages {
				t.Errorf("pages = %d, want %d", res.Pages, pages)
			}
		})
	}
}

func TestListZPAEdgeShapes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		pages     []string
		want      int
		wantPages int
	}{
		{"missing list", []string{`{"totalPages":0}`}, 0, 1},
		{"totalPages zero string", []string{`{"totalPages":"0","totalCount":"0","list":[]}`}, 0, 1},
		{"empty page before totalPages", []string{zpaEnvelope("5", "9", records(0, 2)), zpaEnvelope("5", "9", []string{})}, 2, 2},
		{"bare array", []string{`["PASS","BLOCK","REDIRECT","ALLOW"]`}, 4, 1},
		{"no totals, short page", []string{`{"list":[{"id":1}]}`}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n > len(tc.pages) {
					t.Errorf("fetched page %d of %d", n, len(tc.pages))
					writeJSON(w, 200, `{}`)
					return
				}
				writeJSON(w, 200, tc.pages[n-1])
			})
			res, err := env.client.List(context.Background(), &Request{Service: ZPA, Path: "/zpa/x"},
				ListOptions{Paging: PagingZPA, PageSize: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) != tc.want || res.Pages != tc.wantPages {
				t.Errorf("records = %d pages = %d, want %d %d", len(res.Records), res.Pages, tc.want, tc.wantPages)
			}
		})
	}
}

func TestListZDXCursor(t *testing.T) {
	// Cursors as string, then number, then null: all three forms end or
	// continue the walk correctly.
	pages := map[string]string{
		"":              `{"devices":` + jsonArray(records(0, 2)) + `,"next_offset":"abc"}`,
		"abc":           `{"devices":` + jsonArray(records(2, 4)) + `,"next_offset":1700000000123}`,
		"1700000000123": `{"devices":` + jsonArray(records(4, 5)) + `,"next_offset":null}`,
	}
	handler := func(w http.ResponseWriter, r *http.Request, _ int) {
		q := r.URL.Query()
		if q.Get("limit") != "2" || q.Has("page") {
			t.Errorf("query = %v", q)
		}
		body, ok := pages[q.Get("offset")]
		if !ok {
			t.Errorf("unexpected offset %q", q.Get("offset"))
			body = `{"devices":[]}`
		}
		writeJSON(w, 200, body)
	}
	for _, key := range []string{"devices", ""} { // "" → the one array member is found
		t.Run("key="+key, func(t *testing.T) {
			env := newTestEnv(t, handler)
			res, err := env.client.List(context.Background(), &Request{Service: ZDX, Path: "/zdx/v1/devices"},
				ListOptions{Paging: PagingZDX, PageSize: 2, RecordsKey: key})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, res, 5)
			if res.Pages != 3 || res.NextOffset != "" || res.Truncated {
				t.Errorf("result = pages %d next %q truncated %v", res.Pages, res.NextOffset, res.Truncated)
			}
		})
	}

	t.Run("single page from an offset", func(t *testing.T) {
		env := newTestEnv(t, handler)
		res, err := env.client.List(context.Background(), &Request{Service: ZDX, Path: "/zdx/v1/devices"},
			ListOptions{Paging: PagingZDX, PageSize: 2, RecordsKey: "devices", Offset: "abc"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != 2 || res.Pages != 1 || res.NextOffset != "1700000000123" || !res.Truncated {
			t.Errorf("result = %d records, pages %d, next %q, truncated %v", len(res.Records), res.Pages, res.NextOffset, res.Truncated)
		}
	})
}

func TestListGuardAgainstEndpointsIgnoringPaging(t *testing.T) {
	for _, tc := range []struct {
		paging Paging
		body   string
	}{
		{PagingZIA, jsonArray(records(0, 3))},
		{PagingZCC, jsonArray(records(0, 3))},
		{PagingZPA, `{"list":` + jsonArray(records(0, 3)) + `}`},
		{PagingZDX, `{"items":` + jsonArray(records(0, 3)) + `,"next_offset":"same-every-time-` + "x" + `"}`},
	} {
		t.Run(tc.paging.String(), func(t *testing.T) {
			env := newTestEnv(t, okJSON(tc.body))
			res, err := env.client.List(context.Background(), &Request{Service: ZIA, Path: "/zia/api/v1/x"},
				ListOptions{Paging: tc.paging, PageSize: 3, RecordsKey: map[Paging]string{PagingZDX: "items"}[tc.paging]})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, res, 3) // no duplicates appended
			if env.gw.Count() != 2 || res.Truncated {
				t.Errorf("requests = %d truncated = %v, want 2 and false", env.gw.Count(), res.Truncated)
			}
		})
	}
}

func TestListZDXCursorThatDoesNotAdvance(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		// Different records every time, same cursor: only the cursor check
		// can stop this.
		writeJSON(w, 200, fmt.Sprintf(`{"alerts":[{"id":%d}],"next_offset":"stuck"}`, n))
	})
	res, err := env.client.List(context.Background(), &Request{Service: ZDX, Path: "/zdx/v1/alerts/ongoing"},
		ListOptions{Paging: PagingZDX, RecordsKey: "alerts"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 2 || len(res.Records) != 2 || res.Truncated {
		t.Errorf("pages = %d records = %d truncated = %v, want 2 2 false", res.Pages, len(res.Records), res.Truncated)
	}
}

func TestListMaxPagesTruncates(t *testing.T) {
	// An endless list: every page is full and distinct.
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		q := r.URL.Query()
		writeJSON(w, 200, jsonArray(pageOf(1<<30, intParam(t, q, "page"), intParam(t, q, "pageSize"))))
	})
	res, err := env.client.List(context.Background(), get("/zia/api/v1/users"), ListOptions{Paging: PagingZIA, PageSize: 5, MaxPages: 4})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, res, 20)
	if res.Pages != 4 || !res.Truncated || env.gw.Count() != 4 {
		t.Errorf("pages = %d truncated = %v requests = %d", res.Pages, res.Truncated, env.gw.Count())
	}

	zdx := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		writeJSON(w, 200, fmt.Sprintf(`{"users":[{"id":%d}],"next_offset":"c%d"}`, n, n))
	})
	res, err = zdx.client.List(context.Background(), &Request{Service: ZDX, Path: "/zdx/v1/users"},
		ListOptions{Paging: PagingZDX, RecordsKey: "users", MaxPages: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 3 || !res.Truncated || res.NextOffset != "c3" || len(res.Records) != 3 {
		t.Errorf("ZDX result = pages %d truncated %v next %q records %d", res.Pages, res.Truncated, res.NextOffset, len(res.Records))
	}
}

func TestListDefaultMaxPages(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		q := r.URL.Query()
		writeJSON(w, 200, jsonArray(pageOf(1<<30, intParam(t, q, "page"), intParam(t, q, "pageSize"))))
	})
	res, err := env.client.List(context.Background(), get("/zia/api/v1/users"), ListOptions{Paging: PagingZIA, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 100 || !res.Truncated {
		t.Errorf("pages = %d truncated = %v, want 100 true", res.Pages, res.Truncated)
	}
}

func TestListExplicitPage(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		q := r.URL.Query()
		writeJSON(w, 200, jsonArray(pageOf(25, intParam(t, q, "page"), intParam(t, q, "pageSize"))))
	})
	res, err := env.client.List(context.Background(), get("/zia/api/v1/users"), ListOptions{Paging: PagingZIA, Page: 2, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 10 || res.Pages != 1 || !res.Truncated {
		t.Errorf("page 2: %d records, %d pages, truncated %v", len(res.Records), res.Pages, res.Truncated)
	}
	if got := env.gw.Seen()[0].Query.Get("page"); got != "2" {
		t.Errorf("page param = %q", got)
	}
	res, err = env.client.List(context.Background(), get("/zia/api/v1/users"), ListOptions{Paging: PagingZIA, Page: 3, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 5 || res.Truncated {
		t.Errorf("last page: %d records, truncated %v", len(res.Records), res.Truncated)
	}
}

func TestListNoPagingShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body, key string
		want            int
		errHas          string
	}{
		{"bare array", `[{"id":1},{"id":2}]`, "", 2, ""},
		{"envelope", `{"totalCount":9,"policies":[{"id":1}]}`, "policies", 1, ""},
		{"null member", `{"policies":null}`, "policies", 0, ""},
		{"empty body", ``, "", 0, ""},
		{"lone object", `{"id":1,"name":"x"}`, "", 0, "got an object with keys [id, name]"},
		{"wrong key", `{"groupList":[]}`, "policies", 0, `expected an array under "policies", got an object with keys [groupList]`},
		{"member not array", `{"policies":{"a":1}}`, "policies", 0, `member "policies" is an object`},
		{"scalar", `36`, "", 0, "got a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				if tc.body == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writeJSON(w, 200, tc.body)
			})
			res, err := env.client.List(context.Background(), &Request{Service: ZCC, Path: "/zcc/papi/public/v1/application-profiles"},
				ListOptions{RecordsKey: tc.key})
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) != tc.want || res.Pages != 1 {
				t.Errorf("records = %d pages = %d", len(res.Records), res.Pages)
			}
			if q := env.gw.Seen()[0].Query; len(q) != 0 {
				t.Errorf("PagingNone added query %v", q)
			}
		})
	}
}

func TestListPropagatesAPIErrors(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 2 {
			writeJSON(w, 403, `{"code":"NOT_SUBSCRIBED","message":"not subscribed"}`)
			return
		}
		writeJSON(w, 200, jsonArray(records(0, 2)))
	})
	_, err := env.client.List(context.Background(), get("/zia/api/v1/users"), ListOptions{Paging: PagingZIA, PageSize: 2})
	if ae := mustAPIError(t, err); ae.Code != "NOT_SUBSCRIBED" {
		t.Errorf("error = %v", ae)
	}
}
