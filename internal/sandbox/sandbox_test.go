package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, "127.0.0.1:0", Options{}, func(u string) { urls <- u }) }()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("Serve returned early: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve never became ready")
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("ready URL %q", base)
	}
	resp, err := http.PostForm(base+tokenPath, url.Values{"grant_type": {"client_credentials"},
		"client_id": {ClientID}, "client_secret": {ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("token over Serve: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not stop")
	}
	if _, err := http.Get(base + "/zia/api/v1/status"); err == nil {
		t.Error("still serving after shutdown")
	}
}

func TestServeBadAddress(t *testing.T) {
	err := Serve(context.Background(), "127.0.0.1:notaport", Options{}, func(string) { t.Error("ready called") })
	if err == nil {
		t.Fatal("Serve accepted a bad address")
	}
}

func TestBaseURLForUnspecifiedBind(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	go func() { _ = Serve(ctx, ":0", Options{}, func(u string) { urls <- u }) }()
	select {
	case u := <-urls:
		if !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Errorf("ready URL for :0 is %q", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("not ready")
	}
}

func TestSeedIsLazyAndDeterministic(t *testing.T) {
	ten := New(Options{})
	ten.mu.Lock()
	built := ten.st != nil
	ten.mu.Unlock()
	if built {
		t.Fatal("New built the seed eagerly")
	}
	other := New(Options{})
	for _, path := range snapshotPaths(ten) {
		a, _ := json.Marshal(ten.Snapshot(path))
		b, _ := json.Marshal(other.Snapshot(path))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two tenants", path)
		}
		if len(ten.Snapshot(path)) == 0 {
			t.Errorf("%s is empty", path)
		}
	}
}

func TestSnapshot(t *testing.T) {
	f := newFixture(t, Options{})
	counts := map[string]int{
		"/zia/api/v1/users":                                                     150,
		"/zia/api/v1/groups":                                                    11,
		"/zia/api/v1/departments":                                               10,
		"/zia/api/v1/locations":                                                 10,
		"/zia/api/v1/sslInspectionRules":                                        8,
		"/zia/api/v1/firewallFilteringRules":                                    11,
		"/zia/api/v1/firewallDnsRules":                                          6,
		"/zia/api/v1/firewallIpsRules":                                          4,
		"/zia/api/v1/networkServices":                                           13,
		"/zia/api/v1/ruleLabels":                                                6,
		"/zia/api/v1/urlCategories":                                             21,
		"/zia/api/v1/urlFilteringRules":                                         3,
		"/zia/api/v1/fileTypeRules":                                             2,
		"/zia/api/v1/fileTypeCategories":                                        8,
		"/zia/api/v1/sandboxRules":                                              2,
		"/zia/api/v1/webDlpRules":                                               2,
		"/zia/api/v1/cloudApplications/policy":                                  18,
		zpaPrefixFor("{customerId}") + "/application":                           27,
		zpaPrefixFor(CustomerID) + "/segmentGroup":                              6,
		zpaPrefixFor("{customerId}") + "/serverGroup":                           5,
		zpaPrefixFor("{customerId}") + "/appConnectorGroup":                     4,
		zpaPrefixFor("{customerId}") + "/praPortal":                             1,
		"/zdx/v1/apps":                                                          8,
		"/zdx/v1/devices":                                                       60,
		"/zcc/papi/public/v1/getDevices":                                        40,
		"/zdx/v1/alerts/ongoing":                                                3,
		"/zdx/v1/analysis":                                                      1,
		"/zdx/v1/devices/{device_id}/apps/{app_id}/cloudpath-probes":            295,
		"/zdx/v1/devices/{device_id}/apps/{app_id}/web-probes":                  295,
		"/zdx/v1/devices/{device_id}/deeptraces":                                4,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/cloudpath":           12,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/cloudpath-metrics":   12,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/events":              8,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/health-metrics":      16,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/top-processes":       12,
		"/zdx/v1/devices/{device_id}/deeptraces/{trace_id}/webprobe-metrics":    16,
		"/zdx/v1/inventory/software":                                            7,
		"/zdx/v1/inventory/software/{software_key}":                             323,
		"/zdx/v1/administration/departments":                                    10,
		"/zdx/v1/administration/locations":                                      10,
		"/zdx/v1/apps/{app_id}/metrics":                                         24,
		"/zdx/v1/apps/{app_id}/users":                                           295,
		"/zdx/v1/alerts/historical":                                             4,
		"/zdx/v1/alerts/{alert_id}/affected_devices":                            36,
		"/zcc/papi/public/v1/webForwardingProfile/listByCompany":                4,
		"/zcc/papi/public/v1/webTrustedNetwork/listByCompany":                   9,
		"/ztw/api/v1/ipGroups":                                                  4,
		"/ztw/api/v1/ipSourceGroups":                                            4,
		"/ztw/api/v1/ipDestinationGroups":                                       5,
		"/ztw/api/v1/networkServices":                                           6,
		"/ztw/api/v1/networkServiceGroups":                                      3,
		"/ztw/api/v1/adminRoles":                                                4,
		"/ztw/api/v1/adminUsers":                                                4,
		"/ztw/api/v1/publicCloudAccountDetails":                                 3,
		"/ztw/api/v1/publicCloudInfo":                                           2,
		"/ziam/admin/api/v1/users":                                              12,
		"/ziam/admin/api/v1/groups":                                             7,
		"/ziam/admin/api/v1/groups/{group_id}/users":                            19,
		"/ziam/admin/api/v1/users/{user_id}/groups":                             19,
		"/easm/easm-ui/v1/organizations":                                        1,
		"/easm/easm-ui/v1/organizations/{org_id}/findings":                      32,
		"/easm/easm-ui/v1/organizations/{org_id}/lookalike-domains":             5,
		"/zcell/config/api/v1/customers/" + CustomerID + "/sim-location-groups": 3,
	}
	for path, want := range counts {
		if got := len(f.tenant.Snapshot(path)); got != want {
			t.Errorf("Snapshot(%s) has %d records, want %d", path, got, want)
		}
	}
	for path := range counts { // every resource row adds a path; these must be among them
		if !slices.Contains(snapshotPaths(f.tenant), snapshotKey(path)) {
			t.Errorf("SnapshotPaths() = %v, without %s", snapshotPaths(f.tenant), path)
		}
	}
	if f.tenant.Snapshot("/zia/api/v1/nothing") != nil {
		t.Error("unknown path has a snapshot")
	}
	// A snapshot is a copy that follows writes.
	snap := f.tenant.Snapshot("/zia/api/v1/ruleLabels")
	snap[0].(object)["name"] = "mutated"
	resp, body := f.do(http.MethodPost, "/zia/api/v1/ruleLabels", object{"name": "From test"})
	wantStatus(t, resp, body, http.StatusOK)
	again := f.tenant.Snapshot("/zia/api/v1/ruleLabels")
	if len(again) != 7 || again[0].(object)["name"] == "mutated" {
		t.Errorf("snapshot after write: %d labels, first %v", len(again), again[0].(object)["name"])
	}
	// The rendered joins are in the snapshot, as the API returns them.
	app := f.tenant.Snapshot(zpaPrefixFor("{customerId}") + "/application")[0].(object)
	if str(app["segmentGroupName"]) == "" {
		t.Errorf("snapshot lacks joined fields: %v", app)
	}
}

// TestSeedUsesOnlyReservedDomains keeps real companies' domains out of the
// seed: every DNS name and email must be under an example domain.
func TestSeedUsesOnlyReservedDomains(t *testing.T) {
	ten := New(Options{})
	domain := regexp.MustCompile(`[a-z0-9*-]+(\.[a-z0-9-]+)*\.(com|net|org|io|dev|ai)\b`)
	for _, path := range snapshotPaths(ten) {
		b, _ := json.Marshal(ten.Snapshot(path))
		for _, d := range domain.FindAllString(strings.ToLower(string(b)), -1) {
			if !regexp.MustCompile(`(^|\.)example\.(com|net|org)$`).MatchString(d) {
				t.Errorf("%s: %q is not an example domain", path, d)
			}
		}
	}
}

func TestJacksonIndent(t *testing.T) {
	in := `[{"a":1,"b":{"c":"x, {y}: \"z\"","d":[1,2]},"e":[],"f":{},"g":null},{"h":[{"i":true}]}]`
	want := `[ {
  "a" : 1,
  "b" : {
    "c" : "x, {y}: \"z\"",
    "d" : [ 1, 2 ]
  },
  "e" : [ ],
  "f" : { },
  "g" : null
}, {
  "h" : [ {
    "i" : true
  } ]
} ]`
	if got := string(jacksonIndent([]byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var check any
	if err := json.Unmarshal(jacksonIndent([]byte(in)), &check); err != nil {
		t.Errorf("output is not JSON: %v", err)
	}
}

func TestUnknownTopLevelPath(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodGet, "/elsewhere/api", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = f.doWith(http.MethodGet, "/elsewhere/api", nil, "")
	wantStatus(t, resp, body, http.StatusUnauthorized)
}

func TestLoggerGetsRequests(t *testing.T) {
	var buf bytes.Buffer
	lg := newTestLogger(&buf)
	f := newFixture(t, Options{Logger: lg})
	f.do(http.MethodGet, "/zia/api/v1/status", nil)
	if !strings.Contains(buf.String(), "/zia/api/v1/status") {
		t.Errorf("log %q lacks the request", buf.String())
	}
	if strings.Contains(buf.String(), f.token) {
		t.Error("the log leaks the token")
	}
}

// BenchmarkSeed decodes every seed file, as the first requests of a tenant
// that touches every resource do.
func BenchmarkSeed(b *testing.B) {
	ten := New(Options{})
	ten.routed()
	for b.Loop() {
		ten.Reset()
		ten.withState(func(s *state) {
			for name := range ten.resources {
				s.store(name)
			}
		})
	}
}

func TestRouteFor(t *testing.T) {
	ten := New(Options{})
	rt, ok := ten.RouteFor("PUT", "/zpa/mgmtconfig/v2/admin/customers/{customerId}/segmentGroup/{group_id}")
	first := ten.Snapshot(zpaPrefixFor(CustomerID) + "/segmentGroup")[0].(object)
	want := "/zpa/mgmtconfig/v2/admin/customers/" + CustomerID + "/segmentGroup/" + str(first["id"])
	if !ok || rt.Resource != "zpa/segment_groups" || rt.IDField != "id" || rt.Example != want || rt.Records != 6 {
		t.Errorf("RouteFor(the v2 PUT) = %+v, %v; want its example %s", rt, ok, want)
	}
	if !slices.Equal(rt.Stamps, []string{"creationTime", "modifiedBy", "modifiedTime"}) {
		t.Errorf("stamps %v", rt.Stamps)
	}
	if rt, ok := ten.RouteFor("POST", "/zia/api/v1/urlLookup"); !ok || rt.Resource != "zia/url_categories" || rt.Example != "/zia/api/v1/urlLookup" {
		t.Errorf("a handler's route: %+v, %v", rt, ok)
	}
	for _, p := range []string{"/zia/api/v1/nothing", "/zpa/mgmtconfig/v1/admin/customers/{customerId}/nothing", "/elsewhere"} {
		if rt, ok := ten.RouteFor("GET", p); ok {
			t.Errorf("RouteFor(%s) = %+v", p, rt)
		}
	}
}
