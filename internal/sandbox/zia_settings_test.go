package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// A singleton at a fixed path is read and replaced whole; the list edits add
// and remove values and keep the rest, and any other action is refused.
func TestZIASingletonsAndListEdits(t *testing.T) {
	f := newFixture(t, Options{})
	const settings, exempt = "/zia/api/v1/mobileAdvanceThreatSettings", "/zia/api/v1/authSettings/exemptedUrls"
	var before map[string]any
	f.getJSON(settings, http.StatusOK, &before)
	before["blockAppsSendingLocationInfo"] = true
	resp, body := f.do(http.MethodPut, settings, before)
	wantStatus(t, resp, body, http.StatusOK)
	var after map[string]any
	f.getJSON(settings, http.StatusOK, &after)
	if after["blockAppsSendingLocationInfo"] != true || len(after) != len(before) {
		t.Errorf("after the PUT: %v", after)
	}
	resp, body = f.do(http.MethodPut, settings, map[string]any{"blockAppsSendingLocationInfo": "yes"})
	wantStatus(t, resp, body, http.StatusBadRequest) // a string is not a boolean

	urls := func() []string {
		var got struct{ URLs []string }
		f.getJSON(exempt, http.StatusOK, &got)
		return got.URLs
	}
	seed := urls()
	resp, body = f.do(http.MethodPost, exempt+"?action=ADD_TO_LIST", map[string]any{"urls": []string{"kiosk.example.com", seed[0]}})
	wantStatus(t, resp, body, http.StatusOK)
	if got := urls(); len(got) != len(seed)+1 || !slices.Contains(got, "kiosk.example.com") {
		t.Errorf("after the add (one new, one already there): %v", got)
	}
	if string(body) != `{"urls":["kiosk.example.com","`+seed[0]+`"]}` {
		t.Errorf("the add answered %s; ZIA answers the URLs given", body)
	}
	resp, body = f.do(http.MethodPost, exempt+"?action=REMOVE_FROM_LIST", map[string]any{"urls": []string{seed[0]}})
	wantStatus(t, resp, body, http.StatusOK)
	if got := urls(); slices.Contains(got, seed[0]) || len(got) != len(seed) {
		t.Errorf("after the removal: %v", got)
	}
	for _, bad := range []string{"?action=REPLACE", ""} {
		resp, body = f.do(http.MethodPost, exempt+bad, map[string]any{"urls": []string{"x.example.com"}})
		wantStatus(t, resp, body, http.StatusBadRequest)
	}
	// A URL category: the incremental PUT keeps the other members, a PUT without an action replaces.
	const cat = "/zia/api/v1/urlCategories/CUSTOM_01"
	var c map[string]any
	f.getJSON(cat, http.StatusOK, &c)
	resp, body = f.do(http.MethodPut, cat+"?action=ADD_TO_LIST", map[string]any{"configuredName": c["configuredName"], "urls": []string{"new.example.com"}})
	wantStatus(t, resp, body, http.StatusOK)
	var edited map[string]any
	_ = json.Unmarshal(body, &edited)
	if edited["superCategory"] != c["superCategory"] || !slices.Contains(edited["urls"].([]any), any("new.example.com")) {
		t.Errorf("after the incremental add: %v", edited)
	}
	resp, body = f.do(http.MethodPut, "/zia/api/v1/urlCategories/NO_SUCH?action=ADD_TO_LIST", map[string]any{"urls": []string{"x.example.com"}})
	wantStatus(t, resp, body, http.StatusNotFound)
}
