package ztw_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/ztw"
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
	for _, tool := range ztw.Tools() {
		if tool.Name == name {
			return e.exec.Execute(context.Background(), &tool, json.RawMessage(args))
		}
	}
	t.Fatalf("no tool %s", name)
	return nil
}

// writes sent to the tenant, after the token call.
func (e *env) writes() []string {
	var out []string
	for _, r := range e.tn.Requests() {
		if r.Method != "GET" && strings.HasPrefix(r.Path, "/ztw/") {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func TestWritesSayTheChangeIsStaged(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "ztw_create_ip_group", `{"name":"Staged","ip_addresses":"[\"192.0.2.7\"]"}`)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	var created struct {
		ID          json.Number `json:"id"`
		IPAddresses []string    `json:"ipAddresses"`
	}
	_ = json.Unmarshal(res.Record, &created)
	if len(created.IPAddresses) != 1 || created.IPAddresses[0] != "192.0.2.7" {
		t.Errorf("created %s", res.Record)
	}
	if !strings.Contains(res.Text(), "stages this change") || strings.Contains(string(res.Structured()), "stages") {
		t.Errorf("the staged note belongs in the text only:\n%s", res.Text())
	}
	res = e.run(t, "ztw_delete_ip_group", `{"group_id":"`+created.ID.String()+`"}`)
	if res.Error != "" || !strings.Contains(res.Text(), "stages this change") {
		t.Errorf("delete: %+v", res)
	}
	res = e.run(t, "ztw_delete_ip_source_group", `{"group_id":"Branch Kiosks"}`)
	if !strings.Contains(res.Error, "group_id: a ZTW group id is a number") {
		t.Errorf("a name for an id: %q", res.Error)
	}
	if w := e.writes(); len(w) != 2 {
		t.Errorf("writes %v, want the create and the one delete", w)
	}
	res = e.run(t, "ztw_list_ip_groups", `{}`)
	if strings.Contains(res.Text(), "stages") {
		t.Error("a read says it staged a change")
	}
}

func TestDestinationGroupsRefuseWhatTheTypeCannotHold(t *testing.T) {
	for args, want := range map[string]string{
		`{"name":"x","type":"DSTN_OTHER"}`:                                 "countries: a DSTN_OTHER group needs",
		`{"name":"x","type":"DSTN_IP","countries":["US"]}`:                 "countries: only a DSTN_OTHER group",
		`{"name":"x","type":"DSTN_FQDN"}`:                                  "addresses: a DSTN_FQDN group needs",
		`{"name":"x","type":"DSTN_OTHER","countries":["Canada"]}`:          `countries: "Canada" is not a two-letter`,
		`{"name":"x","type":"DSTN_WHATEVER","addresses":["a"]}`:            "type",
		`{"name":"x","type":"DSTN_IP","addresses":"[\"192.0.2.1\", oops"}`: "addresses",
	} {
		e := newEnv(t)
		res := e.run(t, "ztw_create_ip_destination_group", args)
		if !strings.Contains(res.Error, want) {
			t.Errorf("%s: error %q, want it to name %q", args, res.Error, want)
		}
		if w := e.writes(); len(w) != 0 {
			t.Errorf("%s: sent %v although the input was refused", args, w)
		}
	}
	e := newEnv(t)
	res := e.run(t, "ztw_create_ip_destination_group", `{"name":"No-go","type":"DSTN_OTHER","countries":["cu","COUNTRY_SY"]}`)
	var got struct{ Countries []string }
	if _ = json.Unmarshal(res.Record, &got); res.Error != "" || strings.Join(got.Countries, ",") != "COUNTRY_CU,COUNTRY_SY" {
		t.Errorf("countries sent as %v (%s)", got.Countries, res.Error)
	}
}

func TestDiscoverySettingsView(t *testing.T) {
	res := newEnv(t).run(t, "ztw_get_discovery_settings", `{}`)
	var v map[string]any
	if err := json.Unmarshal(res.Structured(), &v); err != nil || res.Error != "" {
		t.Fatalf("%s %v", res.Error, err)
	}
	settings, _ := v["settings"].(map[string]any)
	if v["trusted_account_id"] != "999988887777" || v["discovery_role"] != nil || settings["trustedRoleName"] != "ZscalerTagDiscoveryRole" {
		t.Errorf("view %v", v)
	}
}

func TestRolesSearchIsClientSideAndIDsRepeat(t *testing.T) {
	e := newEnv(t)
	res := e.run(t, "ztw_list_roles", `{"search":"admin","role_ids":["8810001","8810002","8810003"]}`)
	if res.Error != "" || len(res.Records) != 2 {
		t.Fatalf("%d roles: %s %s", len(res.Records), res.Error, res.Text())
	}
	for _, r := range e.tn.Requests() {
		if r.Path == "/ztw/api/v1/adminRoles" && (strings.Contains(r.Query, "search") || strings.Count(r.Query, "id=") != 3) {
			t.Errorf("query %s: search must stay local, the ids repeat", r.Query)
		}
	}
}
