package zscaler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// TestListZIdentityFollowsNextLinkOnTheGatewayOnly serves ZIdentity's
// envelope with a next_link on a foreign host, as the real API does (it
// points at the identity admin host). The client must read the offset from
// it and ask the configured gateway for the next page; the foreign host must
// never be contacted, so the bearer token cannot reach it.
func TestListZIdentityFollowsNextLinkOnTheGatewayOnly(t *testing.T) {
	var mu sync.Mutex
	var foreign []http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		foreign = append(foreign, r.Header.Clone())
		mu.Unlock()
		writeJSON(w, http.StatusOK, `{"records":[],"results_total":0}`)
	}))
	defer other.Close()
	const total = 5
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit := intParam(t, q, "limit")
		end := min(offset+limit, total)
		body := fmt.Sprintf(`{"pageOffset":%d,"pageSize":%d,"totalRecord":%d,"records":%s`, offset, limit, total, jsonArray(records(offset, end)))
		if end < total {
			body += fmt.Sprintf(`,"results_total":%d,"next_link":%q`, total, other.URL+"/admin/api/v1/users?offset="+strconv.Itoa(end))
		}
		writeJSON(w, http.StatusOK, body+"}")
	})
	req := &Request{Service: ZID, Path: "/ziam/admin/api/v1/users", Query: url.Values{"loginname[like]": {"sam"}}}
	res, err := env.client.List(context.Background(), req, ListOptions{Paging: PagingZID, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, res, total)
	if len(foreign) != 0 {
		t.Fatalf("%d requests went to the next_link's foreign host (Authorization %q)", len(foreign), foreign[0].Get("Authorization"))
	}
	seen := env.gw.Seen()
	if len(seen) != 3 {
		t.Fatalf("%d gateway requests, want 3", len(seen))
	}
	for i, s := range seen {
		if s.Path != "/ziam/admin/api/v1/users" || s.Query.Get("loginname[like]") != "sam" || s.Query.Get("limit") != "2" {
			t.Errorf("request %d: %s?%s, want the same path, filter and limit on every page", i, s.Path, s.Query.Encode())
		}
		if want := []string{"", "2", "4"}[i]; s.Query.Get("offset") != want {
			t.Errorf("request %d: offset %q, want %q", i, s.Query.Get("offset"), want)
		}
		if s.Header.Get("Authorization") == "" {
			t.Errorf("request %d carried no token", i)
		}
	}
}

// TestListZIdentityOneOffset reads the one page an offset names and reports
// where the next one starts.
func TestListZIdentityOneOffset(t *testing.T) {
	env := newTestEnv(t, okJSON(`{"records":`+jsonArray(records(0, 2))+`,"next_link":"https://tenant-admin.zslogin.net/admin/api/v1/groups?offset=2&limit=2"}`))
	res, err := env.client.List(context.Background(), &Request{Service: ZID, Path: "/ziam/admin/api/v1/groups"},
		ListOptions{Paging: PagingZID, Offset: "0", PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, res, 2)
	if res.NextOffset != "2" || !res.Truncated || env.gw.Count() != 1 {
		t.Fatalf("next offset %q, truncated %v after %d requests; want 2, true, 1", res.NextOffset, res.Truncated, env.gw.Count())
	}
	if q := env.gw.Seen()[0].Query; q.Get("offset") != "0" || q.Get("limit") != "2" {
		t.Fatalf("query %v", q)
	}
}

// TestListEASMResults reads EASM's results envelope, sends no limit of its
// own, and continues after the records read while a next_link is sent (the
// link here says offset=1, as the real API names too small an offset).
func TestListEASMResults(t *testing.T) {
	env := newTestEnv(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Has("limit") {
			t.Errorf("EASM request carried a limit: %v", r.URL.Query())
		}
		switch r.URL.Query().Get("offset") {
		case "":
			writeJSON(w, http.StatusOK, `{"results":`+jsonArray(records(0, 2))+`,"total_results":3,"next_link":"/easm-ui/v1/organizations/o/findings?offset=1"}`)
		case "2":
			writeJSON(w, http.StatusOK, `{"results":`+jsonArray(records(2, 3))+`,"total_results":3,"next_link":"/easm-ui/v1/organizations/o/findings?offset=3"}`)
		default:
			t.Errorf("request at offset %q", r.URL.Query().Get("offset"))
			writeJSON(w, http.StatusOK, `{"results":[]}`)
		}
	})
	res, err := env.client.List(context.Background(), &Request{Service: EASM, Path: "/easm/easm-ui/v1/organizations/o/findings"},
		ListOptions{Paging: PagingEASM})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, res, 3)
	if env.gw.Count() != 2 {
		t.Fatalf("%d requests, want 2", env.gw.Count())
	}
}
