package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestZDXApps(t *testing.T) {
	f := newFixture(t, Options{})
	var apps []object
	resp := f.getJSON("/zdx/v1/apps?from=1767218400&to=1767225600", http.StatusOK, &apps)
	if resp.Header.Get("RateLimit-Reset") == "" || resp.Header.Get("x-ratelimit-limit") == "" {
		t.Errorf("ZDX rate-limit headers missing: %v", resp.Header)
	}
	if len(apps) != 8 {
		t.Fatalf("%d apps, want 8", len(apps))
	}
	for _, a := range apps {
		region, ok := a["most_impacted_region"].(object)
		if !ok || str(region["geo_type"]) == "" || a["score"] == nil || a["total_users"] == nil {
			t.Errorf("app %v lacks snake_case fields: %v", a["name"], a)
		}
	}
	if num(apps[0]["total_users"]) != 60 {
		t.Errorf("portal users %v, want all 60", apps[0]["total_users"])
	}
	// Narrowing by department counts only that department's users.
	var engineering int
	for _, d := range f.tenant.Snapshot("/zia/api/v1/departments") {
		if d.(object)["name"] == "Engineering" {
			engineering = num(d.(object)["id"])
		}
	}
	var narrowed []object
	f.getJSON(fmt.Sprintf("/zdx/v1/apps?dept=%d", engineering), http.StatusOK, &narrowed)
	var devices struct{ Devices []object }
	f.getJSON(fmt.Sprintf("/zdx/v1/devices?dept=%d&limit=1000", engineering), http.StatusOK, &devices)
	if n := num(narrowed[0]["total_users"]); n != len(devices.Devices) || n == 0 || n >= 60 {
		t.Errorf("dept filter: portal users %d, engineering devices %d", n, len(devices.Devices))
	}
	for _, bad := range []string{"from=abc", "from=200&to=100", "loc=Seattle"} {
		r, body := f.do(http.MethodGet, "/zdx/v1/apps?"+bad, nil)
		wantStatus(t, r, body, http.StatusBadRequest)
	}
}

func TestZDXDevicesCursor(t *testing.T) {
	f := newFixture(t, Options{})
	type page struct {
		Devices    []object `json:"devices"`
		NextOffset *string  `json:"next_offset"`
	}
	var first page
	f.getJSON("/zdx/v1/devices", http.StatusOK, &first)
	if len(first.Devices) != 50 || first.NextOffset == nil {
		t.Fatalf("first page: %d devices, next_offset %v", len(first.Devices), first.NextOffset)
	}
	var second page
	f.getJSON("/zdx/v1/devices?offset="+url.QueryEscape(*first.NextOffset), http.StatusOK, &second)
	if len(second.Devices) != 10 || second.NextOffset != nil {
		t.Fatalf("second page: %d devices, next_offset %v", len(second.Devices), second.NextOffset)
	}
	seen := map[int]bool{}
	for _, d := range append(first.Devices, second.Devices...) {
		if seen[num(d["id"])] {
			t.Fatalf("device %v twice", d["id"])
		}
		seen[num(d["id"])] = true
		if str(d["email"]) == "" || num(d["userid"]) == 0 || str(d["name"]) == "" {
			t.Errorf("device %v", d)
		}
	}

	// Walking with a small limit visits the same 60 devices.
	walked, cursor := 0, ""
	for range 20 {
		var p page
		f.getJSON("/zdx/v1/devices?limit=7&offset="+url.QueryEscape(cursor), http.StatusOK, &p)
		walked += len(p.Devices)
		if p.NextOffset == nil {
			break
		}
		cursor = *p.NextOffset
	}
	if walked != 60 {
		t.Errorf("walked %d devices with limit=7, want 60", walked)
	}

	email := str(first.Devices[3]["email"])
	var byEmail page
	f.getJSON("/zdx/v1/devices?emails="+url.QueryEscape(email), http.StatusOK, &byEmail)
	if len(byEmail.Devices) != 1 || byEmail.Devices[0]["email"] != email {
		t.Errorf("emails filter: %v", byEmail.Devices)
	}
	var byUser page
	f.getJSON(fmt.Sprintf("/zdx/v1/devices?userids=%d&userids=%d", num(first.Devices[0]["userid"]), num(first.Devices[1]["userid"])), http.StatusOK, &byUser)
	if len(byUser.Devices) != 2 {
		t.Errorf("userids filter: %d devices", len(byUser.Devices))
	}
	var byGeo page
	f.getJSON("/zdx/v1/devices?geo=US&limit=1000", http.StatusOK, &byGeo)
	if len(byGeo.Devices) == 0 || len(byGeo.Devices) == 60 {
		t.Errorf("geo=US kept %d of 60 devices", len(byGeo.Devices))
	}
	for _, bad := range []string{"offset=garbage", "limit=0", "limit=x"} {
		r, body := f.do(http.MethodGet, "/zdx/v1/devices?"+bad, nil)
		wantStatus(t, r, body, http.StatusBadRequest)
	}

	var detail object
	f.getJSON(fmt.Sprintf("/zdx/v1/devices/%d", num(first.Devices[0]["id"])), http.StatusOK, &detail)
	if _, ok := detail["hardware"].(object); !ok || detail["name"] != first.Devices[0]["name"] {
		t.Errorf("device detail %v", detail)
	}
	r, body := f.do(http.MethodGet, "/zdx/v1/devices/1", nil)
	wantStatus(t, r, body, http.StatusNotFound)
}

func TestZCCDevices(t *testing.T) {
	f := newFixture(t, Options{})
	resp, body := f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("content type %q", ct)
	}
	if !bytes.HasPrefix(body, []byte("[ {\n  \"companyName\" : ")) || !bytes.HasSuffix(body, []byte("} ]")) {
		t.Errorf("not Jackson-style pretty JSON: %.80q", body)
	}
	if resp.Header.Get("x-ratelimit-limit") != "100, 100;w=3600, 100;w=3600" || resp.Header.Get("x-rate-limit-remaining") == "" {
		t.Errorf("ZCC quota headers: %v", resp.Header)
	}
	var all []object
	if err := json.Unmarshal(body, &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 40 {
		t.Fatalf("%d devices with the default page size 50, want all 40", len(all))
	}
	for _, d := range all {
		for _, k := range []string{"udid", "last_seen_time", "registration_time", "osVersion", "registrationState", "machineHostname"} {
			if _, ok := d[k]; !ok {
				t.Errorf("device %v lacks %s", d["udid"], k)
			}
		}
		if _, ok := d["last_seen_time"].(string); !ok {
			t.Errorf("last_seen_time is not a string: %v", d["last_seen_time"])
		}
	}

	total := 0
	for page := 1; ; page++ {
		var p []object
		f.getJSON(fmt.Sprintf("/zcc/papi/public/v1/getDevices?page=%d&pageSize=15", page), http.StatusOK, &p)
		total += len(p)
		if len(p) < 15 {
			break
		}
	}
	if total != 40 {
		t.Errorf("paged through %d devices, want 40", total)
	}

	var windows []object
	f.getJSON("/zcc/papi/public/v1/getDevices?osType=3", http.StatusOK, &windows)
	want := 0
	for _, d := range all {
		if num(d["type"]) == 3 {
			want++
		}
	}
	if len(windows) != want || want == 0 {
		t.Errorf("osType=3: %d, want %d", len(windows), want)
	}
	user := str(all[0]["user"])
	var mine []object
	f.getJSON("/zcc/papi/public/v1/getDevices?username="+url.QueryEscape(user), http.StatusOK, &mine)
	if len(mine) != 2 { // the first users have a laptop and a phone
		t.Errorf("username filter: %d devices, want 2", len(mine))
	}
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices?osType=9", nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
	if len(body) != 0 {
		t.Errorf("ZCC 400 has body %q", body)
	}
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/getDevices?osType=1&page=9", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if string(body) != "[ ]" {
		t.Errorf("empty ZCC page %q, want \"[ ]\"", body)
	}
	resp, body = f.do(http.MethodGet, "/zcc/papi/public/v1/nothingHere", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	if string(body) != "404 Not Found" {
		t.Errorf("ZCC 404 body %q", body)
	}
}

// TestCrossServiceConsistency checks that the same people appear in ZIA,
// ZDX and ZCC.
func TestCrossServiceConsistency(t *testing.T) {
	ten := New(Options{})
	users := map[int]string{}
	for _, u := range ten.Snapshot("/zia/api/v1/users") {
		users[num(u.(object)["id"])] = str(u.(object)["email"])
	}
	hosts := map[string]string{}
	for _, d := range ten.Snapshot("/zdx/v1/devices") {
		d := d.(object)
		if users[num(d["userid"])] != str(d["email"]) {
			t.Errorf("ZDX device %v: userid %v is not %v in ZIA", d["name"], d["userid"], d["email"])
		}
		hosts[str(d["name"])] = str(d["email"])
	}
	emails := map[string]bool{}
	for _, e := range users {
		emails[e] = true
	}
	for _, d := range ten.Snapshot("/zcc/papi/public/v1/getDevices") {
		d := d.(object)
		if !emails[str(d["user"])] {
			t.Errorf("ZCC device %v belongs to unknown user %v", d["udid"], d["user"])
		}
		if owner, ok := hosts[str(d["machineHostname"])]; ok && owner != str(d["user"]) {
			t.Errorf("host %v is %v's in ZDX but %v's in ZCC", d["machineHostname"], owner, d["user"])
		}
		if !strings.HasSuffix(str(d["user"]), "@"+Domain) {
			t.Errorf("ZCC user %v outside %s", d["user"], Domain)
		}
	}
}

func TestZDXAlerts(t *testing.T) {
	f := newFixture(t, Options{})
	var ongoing, historical struct{ Alerts []object }
	f.getJSON("/zdx/v1/alerts/ongoing", http.StatusOK, &ongoing)
	f.getJSON("/zdx/v1/alerts/historical", http.StatusOK, &historical)
	if len(ongoing.Alerts) == 0 || len(historical.Alerts) == 0 {
		t.Fatalf("%d ongoing, %d historical alerts", len(ongoing.Alerts), len(historical.Alerts))
	}
	for _, a := range append(ongoing.Alerts, historical.Alerts...) {
		// Every alert's device count is what its affected-devices list holds, and only its own.
		var devs struct{ Devices []object }
		f.getJSON(fmt.Sprintf("/zdx/v1/alerts/%d/affected_devices?limit=1000", num(a["id"])), http.StatusOK, &devs)
		if n := num(a["num_devices"]); n == 0 || len(devs.Devices) != n {
			t.Errorf("alert %v: num_devices %d, %d affected devices", a["id"], n, len(devs.Devices))
		}
		for _, d := range devs.Devices {
			if d["_alert"] != nil || str(d["userEmail"]) == "" {
				t.Errorf("alert %v: affected device %v", a["id"], d)
			}
		}
	}
	for _, a := range ongoing.Alerts {
		var got object
		f.getJSON(fmt.Sprintf("/zdx/v1/alerts/%d", num(a["id"])), http.StatusOK, &got)
		if num(a["ended_on"]) != 0 || got["rule_name"] != a["rule_name"] {
			t.Errorf("ongoing alert %v: %v", a["id"], got)
		}
	}
	for _, a := range historical.Alerts {
		if num(a["ended_on"]) == 0 {
			t.Errorf("historical alert %v has not ended", a["id"])
		}
	}
	r, body := f.do(http.MethodGet, "/zdx/v1/alerts/1", nil)
	wantStatus(t, r, body, http.StatusNotFound)
	r, body = f.do(http.MethodGet, "/zdx/v1/alerts/ongoing?loc=Seattle", nil)
	wantStatus(t, r, body, http.StatusBadRequest)
}

// An application's users are those its user count counts, and the score
// bands split them.
func TestZDXApplicationUsers(t *testing.T) {
	f := newFixture(t, Options{})
	var apps []object
	f.getJSON("/zdx/v1/apps", http.StatusOK, &apps)
	for _, a := range apps {
		var app object
		f.getJSON(fmt.Sprintf("/zdx/v1/apps/%d", num(a["id"])), http.StatusOK, &app)
		if app["name"] != a["name"] || num(app["total_users"]) != num(a["total_users"]) {
			t.Errorf("app %v: got %v", a["id"], app)
		}
		var all struct{ Users []object }
		f.getJSON(fmt.Sprintf("/zdx/v1/apps/%d/users?limit=1000", num(a["id"])), http.StatusOK, &all)
		if len(all.Users) != num(a["total_users"]) || len(all.Users) == 0 {
			t.Errorf("app %v: %d users listed, total_users %v", a["id"], len(all.Users), a["total_users"])
		}
		banded := 0
		for _, band := range []string{"poor", "okay", "good"} {
			var some struct{ Users []object }
			f.getJSON(fmt.Sprintf("/zdx/v1/apps/%d/users?limit=1000&score_bucket=%s", num(a["id"]), band), http.StatusOK, &some)
			banded += len(some.Users)
		}
		if banded != len(all.Users) {
			t.Errorf("app %v: the bands hold %d of %d users", a["id"], banded, len(all.Users))
		}
		var score object
		f.getJSON(fmt.Sprintf("/zdx/v1/apps/%d/score", num(a["id"])), http.StatusOK, &score)
		var pft []object
		f.getJSON(fmt.Sprintf("/zdx/v1/apps/%d/metrics", num(a["id"])), http.StatusOK, &pft)
		if score["metric"] != "score" || len(pft) != 1 || pft[0]["metric"] != "pft" {
			t.Errorf("app %v: score %v, default metric %v", a["id"], score, pft)
		}
	}
	r, body := f.do(http.MethodGet, "/zdx/v1/apps/1/users?score_bucket=great", nil)
	wantStatus(t, r, body, http.StatusBadRequest)
	r, body = f.do(http.MethodGet, "/zdx/v1/apps/99/score", nil)
	wantStatus(t, r, body, http.StatusNotFound)
}

// A product's device count is its installs, and the filters narrow both alike.
func TestZDXSoftwareInventory(t *testing.T) {
	f := newFixture(t, Options{})
	var all struct{ Software []object }
	f.getJSON("/zdx/v1/inventory/software?limit=1000", http.StatusOK, &all)
	if len(all.Software) == 0 {
		t.Fatal("no software")
	}
	for _, sw := range all.Software {
		var installs struct{ Software []object }
		f.getJSON("/zdx/v1/inventory/software/"+str(sw["software_key"])+"?limit=1000", http.StatusOK, &installs)
		if len(installs.Software) != num(sw["device_total"]) || len(installs.Software) == 0 {
			t.Errorf("%v: device_total %v, %d installs", sw["software_key"], sw["device_total"], len(installs.Software))
		}
		for _, in := range installs.Software {
			if in["software_key"] != sw["software_key"] || in["_loc"] != nil || str(in["software_version"]) == "" {
				t.Errorf("%v: install %v", sw["software_key"], in)
			}
		}
		// One of its devices: the product is listed for it, and that device's install is the one shown.
		device := num(installs.Software[0]["device_id"])
		var mine, one struct{ Software []object }
		f.getJSON(fmt.Sprintf("/zdx/v1/inventory/software?deviceids=%d", device), http.StatusOK, &mine)
		f.getJSON(fmt.Sprintf("/zdx/v1/inventory/software/%s?deviceids=%d", str(sw["software_key"]), device), http.StatusOK, &one)
		found := false
		for _, m := range mine.Software {
			found = found || m["software_key"] == sw["software_key"]
		}
		if !found || len(one.Software) != 1 {
			t.Errorf("%v on device %d: listed %v, %d installs", sw["software_key"], device, found, len(one.Software))
		}
	}
}
