package zia

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// categoriesAPI answers every list with the same categories and keeps the requests.
type categoriesAPI struct {
	body     string
	requests []*zscaler.Request
}

func (f *categoriesAPI) Do(context.Context, *zscaler.Request) (*zscaler.Response, error) {
	panic("the category list is read with List")
}

func (f *categoriesAPI) List(_ context.Context, req *zscaler.Request, _ zscaler.ListOptions) (*zscaler.ListResult, error) {
	f.requests = append(f.requests, req)
	var recs []json.RawMessage
	if err := json.Unmarshal([]byte(f.body), &recs); err != nil {
		return nil, err
	}
	return &zscaler.ListResult{Records: recs, Pages: 1}, nil
}

// Each category is written as ZIA writes it; the one with the OneDrive entry keeps the "&amp;" its tenant stored.
var categoryRecords = []string{
	`{"id":"CUSTOM_01","configuredName":"Box, all of it","urls":[".box.com"],"dbCategorizedUrls":[]}`,
	`{"id":"CUSTOM_02","configuredName":"One Box folder","urls":["app.box.com/folder/123"]}`,
	`{"id":"CUSTOM_03","configuredName":"Lookalike","urls":["notbox.com",".notbox.com"]}`,
	`{"id":"CUSTOM_04","configuredName":"Box apex only","urls":[],"dbCategorizedUrls":["box.com"]}`,
	`{"id":"CUSTOM_05","configuredName":"Shared files","urls":[".onedrive.live.com/?authkey=%21AHA8xq&amp;cid=0309B8E2"]}`,
	`{"id":"FILE_HOST","configuredName":"","urls":null}`,
}

func urlCategoriesTool(t *testing.T) *catalog.Tool {
	t.Helper()
	for _, tool := range Tools() {
		if tool.Name == "zia_list_url_categories" {
			return &tool
		}
	}
	t.Fatal("no zia_list_url_categories")
	return nil
}

func TestContainsURLKeepsTheCategoriesWhoseEntriesCoverIt(t *testing.T) {
	for _, tc := range []struct {
		args string
		want []string
	}{
		{`{}`, []string{"CUSTOM_01", "CUSTOM_02", "CUSTOM_03", "CUSTOM_04", "CUSTOM_05", "FILE_HOST"}},
		{`{"contains_url":"app.box.com"}`, []string{"CUSTOM_01", "CUSTOM_02"}},
		{`{"contains_url":"HTTPS://user@App.Box.com:443/folder/9?x=1#top"}`, []string{"CUSTOM_01", "CUSTOM_02"}},
		{`{"contains_url":"box.com"}`, []string{"CUSTOM_01", "CUSTOM_04"}},
		{`{"contains_url":"box.com."}`, []string{"CUSTOM_01", "CUSTOM_04"}},
		{`{"contains_url":".app.box.com"}`, []string{"CUSTOM_01", "CUSTOM_02"}},
		{`{"contains_url":"www.notbox.com"}`, []string{"CUSTOM_03"}},
		{`{"contains_url":"x.onedrive.live.com/"}`, []string{"CUSTOM_05"}},
		{`{"contains_url":"example.org"}`, []string{}},
		{`{"contains_url":"box.com","search":"apex"}`, []string{"CUSTOM_04"}},
		{`{"contains_url":"box.com","query":"[].id"}`, []string{"CUSTOM_01", "CUSTOM_04"}},
	} {
		t.Run(tc.args, func(t *testing.T) {
			api := &categoriesAPI{body: "[" + strings.Join(categoryRecords, ",") + "]"}
			res := (&catalog.Executor{API: api}).Execute(context.Background(), urlCategoriesTool(t), json.RawMessage(tc.args))
			if res.Error != "" {
				t.Fatal(res.Error)
			}
			got := []string{}
			for _, r := range res.Records {
				var id string
				if json.Unmarshal(r, &id) != nil { // a query projected the ids
					var cat struct{ ID string }
					_ = json.Unmarshal(r, &cat)
					id = cat.ID
				}
				got = append(got, id)
				if strings.Contains(tc.args, "query") {
					continue
				}
				if i := slices.IndexFunc(categoryRecords, func(c string) bool { return strings.Contains(c, `"`+id+`"`) }); i < 0 || string(r) != categoryRecords[i] {
					t.Errorf("record %s is not the category as the API sent it: %s", id, r)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("categories %v, want %v", got, tc.want)
			}
			if len(api.requests) != 1 || api.requests[0].Query.Has("contains_url") || api.requests[0].Query.Has("containsUrl") {
				t.Errorf("contains_url is applied to the records read, never sent: %+v", api.requests)
			}
		})
	}
}

func TestContainsURLWithoutAHostIsRefusedBeforeAnyRequest(t *testing.T) {
	for _, bad := range []string{"https://", " / ", "?x=1"} {
		api := &categoriesAPI{body: "[]"}
		args, _ := json.Marshal(map[string]string{"contains_url": bad})
		res := (&catalog.Executor{API: api}).Execute(context.Background(), urlCategoriesTool(t), args)
		if res.Error == "" || !strings.Contains(res.Error, "contains_url") {
			t.Errorf("contains_url %q: want an error naming the parameter, got %+v", bad, res)
		}
		if len(api.requests) != 0 {
			t.Errorf("contains_url %q: %d requests sent", bad, len(api.requests))
		}
	}
}
