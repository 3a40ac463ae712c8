package zia_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zia"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

type env struct {
	tn   *sandbox.Tenant
	exec *catalog.Executor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	tn := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(tn.Handler())
	t.Cleanup(srv.Close)
	client, err := zscaler.New(zscaler.Options{BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/v1/token",
		Credentials: zscaler.Credentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret}, Limits: zscaler.Unlimited()})
	if err != nil {
		t.Fatal(err)
	}
	return &env{tn, &catalog.Executor{API: client}}
}

func (e *env) run(t *testing.T, name, args string) *catalog.Result {
	t.Helper()
	for _, tool := range zia.Tools() {
		if tool.Name == name {
			return e.exec.Execute(context.Background(), &tool, json.RawMessage(args))
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// sent is the ZIA requests the tenant saw, as "METHOD path?query".
func (e *env) sent() []string {
	var out []string
	for _, r := range e.tn.Requests() {
		if strings.HasPrefix(r.Path, "/zia/") {
			out = append(out, strings.TrimSuffix(r.Method+" "+r.Path+"?"+r.Query, "?"))
		}
	}
	return out
}

func category(t *testing.T, res *catalog.Result) (c struct {
	ID             any      `json:"id"`
	ConfiguredName string   `json:"configuredName"`
	Description    string   `json:"description"`
	URLs           []string `json:"urls"`
	DBURLs         []string `json:"dbCategorizedUrls"`
	Custom         bool     `json:"customCategory"`
}) {
	t.Helper()
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if err := json.Unmarshal(res.Record, &c); err != nil {
		t.Fatalf("%v: %s", err, res.Record)
	}
	return c
}

func TestPredefinedCategoriesAreFoundByIdOrDisplayName(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"FINANCE", "finance", "Finance", "Web Search", "web-search"} {
		got := category(t, e.run(t, "zia_get_url_category_predefined", `{"name":"`+name+`"}`))
		if want := map[bool]string{true: "FINANCE", false: "WEB_SEARCH"}[strings.EqualFold(name, "finance")]; got.ID != want {
			t.Errorf("%q found %v, want %s", name, got.ID, want)
		}
	}
	for name, want := range map[string]string{
		"CUSTOM_01":        "CUSTOM_01 is a custom URL category",
		"Northwind Gaming": "no predefined URL category has the id or name",
	} {
		if res := e.run(t, "zia_get_url_category_predefined", `{"name":"`+name+`"}`); !strings.Contains(res.Error, want) {
			t.Errorf("%s: %q, want it to say %q", name, res.Error, want)
		}
	}
	// The update finds the category the same way and keeps what it was not given.
	before := category(t, e.run(t, "zia_get_url_category", `{"category_id":"FINANCE"}`))
	after := category(t, e.run(t, "zia_update_url_category_predefined", `{"name":"Finance","description":"Banks we use"}`))
	if after.ID != "FINANCE" || after.Description != "Banks we use" || !slices.Equal(after.URLs, before.URLs) {
		t.Errorf("updated %+v, was %+v", after, before)
	}
}

func TestCustomCategoryWritesRefusePredefinedOnes(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ tool, args, want string }{
		{"zia_update_url_category", `{"category_id":"FINANCE","configured_name":"Finance","urls":["x.example.com"]}`, "FINANCE is a predefined URL category"},
		{"zia_delete_url_category", `{"category_id":"FINANCE"}`, "predefined categories cannot be deleted"},
	} {
		if res := e.run(t, c.tool, c.args); !strings.Contains(res.Error, c.want) {
			t.Errorf("%s: %q, want %q", c.tool, res.Error, c.want)
		}
	}
	for _, s := range e.sent() {
		if !strings.HasPrefix(s, "GET ") {
			t.Errorf("a refused write sent %s", s)
		}
	}
}

func TestCategoryURLsChangeIncrementally(t *testing.T) {
	e := newEnv(t)
	created := category(t, e.run(t, "zia_create_url_category", `{"configured_name":"Partners","super_category":"USER_DEFINED",`+
		`"urls":["a.northwind.example.com"],"advanced":{"db_categorized_urls":"[\".portal.example.net\"]"}}`))
	if !created.Custom || !slices.Equal(created.DBURLs, []string{".portal.example.net"}) {
		t.Fatalf("created %+v", created)
	}
	id, _ := json.Marshal(created.ID)
	idText := strings.Trim(string(id), `"`)
	added := category(t, e.run(t, "zia_add_urls_to_category", `{"category_id":"`+idText+`","configured_name":"Partners","urls":["b.northwind.example.com","c.northwind.example.com"]}`))
	if !slices.Equal(added.URLs, []string{"a.northwind.example.com", "b.northwind.example.com", "c.northwind.example.com"}) {
		t.Errorf("after the add: %v", added.URLs)
	}
	removed := category(t, e.run(t, "zia_remove_urls_from_category", `{"category_id":"`+idText+`","configured_name":"Partners","urls":["a.northwind.example.com"]}`))
	if !slices.Equal(removed.URLs, []string{"b.northwind.example.com", "c.northwind.example.com"}) || removed.DBURLs == nil {
		t.Errorf("after the removal: %+v", removed)
	}
	var edits []string
	for _, s := range e.sent() {
		if strings.HasPrefix(s, "PUT ") {
			edits = append(edits, s)
		}
	}
	if want := []string{"PUT /zia/api/v1/urlCategories/" + idText + "?action=ADD_TO_LIST", "PUT /zia/api/v1/urlCategories/" + idText + "?action=REMOVE_FROM_LIST"}; !slices.Equal(edits, want) {
		t.Errorf("sent %v, want the incremental actions %v", edits, want)
	}
}

func TestSettingsAndBulkUpdateRefuseEmptyChanges(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ tool, args, want string }{
		{"zia_update_advanced_settings", `{"settings":{}}`, "settings is empty"},
		{"zia_update_mobile_advanced_settings", `{"settings":"not json"}`, "settings: must be a JSON object"},
		{"zia_bulk_update_shadow_it_apps", `{"sanction_state":"sanctioned"}`, "application_ids is required"},
		{"zia_bulk_update_shadow_it_apps", `{"sanction_state":"blessed","application_ids":["1"]}`, "sanction_state: must be one of sanctioned, unsanctioned, any"},
		{"zia_bulk_update_shadow_it_apps", `{"sanction_state":"any","application_ids":["Gmail"]}`, "application_ids: element 0 (Gmail) is not an id"},
		{"zia_add_auth_exempt_urls", `{"exempt_urls":[]}`, "exempt_urls: give at least one URL"},
	} {
		if res := e.run(t, c.tool, c.args); !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): %q, want %q", c.tool, c.args, res.Error, c.want)
		}
	}
	if s := e.sent(); len(s) != 0 {
		t.Errorf("bad input reached the API: %v", s)
	}
	res := e.run(t, "zia_bulk_update_shadow_it_apps", `{"sanction_state":"unsanctioned","application_ids":["2424869"],"custom_tag_ids":["2"]}`)
	if res.Error != "" || string(res.Structured()) != `{"message":"1 application(s) set to UN_SANCTIONED, tagged 2.","success":true}` {
		t.Errorf("bulk update: %+v %s", res, res.Structured())
	}
	var bulk catalog.Tool
	for _, tool := range zia.Tools() {
		if tool.Name == "zia_bulk_update_shadow_it_apps" {
			bulk = tool
		}
	}
	args, err := bulk.ParseArgs(json.RawMessage(`{"sanction_state":"unsanctioned","application_ids":["2424869"],"custom_tag_ids":"[\"2\"]"}`))
	if err != nil {
		t.Fatal(err)
	}
	req, err := e.exec.Request(&bulk, args)
	if got, _ := json.Marshal(req.Body); err != nil || string(got) != `{"applicationIds":[2424869],"customTags":[{"id":2}],"sanctionedState":"UN_SANCTIONED"}` {
		t.Errorf("bulk update body %s (%v)", got, err)
	}
}
