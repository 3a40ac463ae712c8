package zid_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zid"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// run calls a ZIdentity tool through the real client against the sandbox
// tenant, and returns the result and the paths and queries it requested.
func run(t *testing.T, name, args string) (*catalog.Result, []string) {
	t.Helper()
	tn := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(tn.Handler())
	t.Cleanup(srv.Close)
	client, err := zscaler.New(zscaler.Options{BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret}, Limits: zscaler.Unlimited()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range zid.Tools() {
		if tool.Name == name {
			res := (&catalog.Executor{API: client}).Execute(context.Background(), &tool, json.RawMessage(args))
			var seen []string
			for _, r := range tn.Requests() {
				if strings.HasPrefix(r.Path, "/ziam/") {
					seen = append(seen, r.Path+"?"+r.Query)
				}
			}
			return res, seen
		}
	}
	t.Fatalf("no tool %s", name)
	return nil, nil
}

func field(t *testing.T, res *catalog.Result, key string) []string {
	t.Helper()
	if res.Error != "" {
		t.Fatalf("tool failed: %s", res.Error)
	}
	var out []string
	for _, r := range res.Records {
		var m map[string]any
		_ = json.Unmarshal(r, &m)
		out = append(out, m[key].(string))
	}
	return out
}

func TestSearchUsersTriesEmailThenLoginThenDisplayName(t *testing.T) {
	for _, tc := range []struct {
		name, filter string
		want         []string
	}{
		{"MEI.", "loginname", []string{"nwusr00000003", "nwusr00000008"}},
		{"okafor@northwind", "primaryemail", []string{"nwusr00000008"}},
		{"Nora Thompson", "displayname", []string{"nwusr00000007"}}, // no login name has the space
	} {
		res, seen := run(t, "zid_search_users", `{"name":"`+tc.name+`"}`)
		if got := field(t, res, "id"); !slices.Equal(got, tc.want) {
			t.Errorf("%q found %v, want %v", tc.name, got, tc.want)
		}
		if last := seen[len(seen)-1]; !strings.Contains(last, tc.filter+"%5Blike%5D=") {
			t.Errorf("%q: last request %s, want the %s[like] filter", tc.name, last, tc.filter)
		}
	}
	res, _ := run(t, "zid_search_users", `{"name":"nobody-at-all"}`)
	if res.Error != "" || len(res.Records) != 0 {
		t.Errorf("no match: %+v, want an empty list", res)
	}
}

func TestByNameToolsResolveThenListMemberships(t *testing.T) {
	res, seen := run(t, "zid_get_user_groups_by_name", `{"name":"sami","offset":0,"limit":1}`)
	if got := field(t, res, "name"); !slices.Equal(got, []string{"Service Admins"}) {
		t.Errorf("groups of sami (offset 0, limit 1): %v", got)
	}
	if last := seen[len(seen)-1]; !strings.HasPrefix(last, "/ziam/admin/api/v1/users/nwusr00000001/groups?") || !strings.Contains(last, "limit=1") {
		t.Errorf("memberships read with %s", last)
	}
	if len(res.Notes) < 2 || !strings.Contains(res.Notes[0], "nwusr00000001") || !strings.Contains(res.Notes[1], "offset=1 ") {
		t.Errorf("notes %q: want the resolved user, then where the next page starts", res.Notes)
	}

	res, _ = run(t, "zid_get_group_users_by_name", `{"name":"engineering"}`)
	if got := field(t, res, "id"); len(got) != 5 || got[0] != "nwusr00000005" {
		t.Errorf("members of the first engineering group: %v", got)
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "2 groups match") {
		t.Errorf("two groups match engineering; the note says %q", res.Notes)
	}

	res, _ = run(t, "zid_get_group_users_by_name", `{"name":"no such group"}`)
	if !strings.Contains(res.Error, `no ZIdentity group matches "no such group"`) {
		t.Errorf("unknown group: %q", res.Error)
	}
}

func TestListGroupsFilters(t *testing.T) {
	res, seen := run(t, "zid_list_groups", `{"exclude_dynamic_groups":true,"name":"engineering"}`)
	if got := field(t, res, "name"); !slices.Equal(got, []string{"Engineering"}) {
		t.Errorf("static engineering groups: %v", got)
	}
	if !strings.Contains(seen[0], "excludedynamicgroups=true") || !strings.Contains(seen[0], "name%5Blike%5D=engineering") {
		t.Errorf("request %s", seen[0])
	}
	res, _ = run(t, "zid_get_group_users", `{"group_id":""}`)
	if !strings.Contains(res.Error, "group_id") {
		t.Errorf("empty id: %q", res.Error)
	}
	res, _ = run(t, "zid_list_users", `{"limit":1001}`)
	if !strings.Contains(res.Error, "limit") {
		t.Errorf("limit beyond 1000: %q", res.Error)
	}
}

// A list reads every page: the sandbox pages by the limit asked for and
// names the next page in a next_link on the identity admin host.
func TestListUsersReadsEveryPage(t *testing.T) {
	res, seen := run(t, "zid_list_users", `{"limit":5}`)
	if got := field(t, res, "id"); len(got) != 12 || got[11] != "nwusr00000012" {
		t.Fatalf("%d users: %v", len(got), got)
	}
	if len(seen) != 3 || !strings.Contains(seen[2], "offset=10") {
		t.Errorf("requests %v", seen)
	}
}
