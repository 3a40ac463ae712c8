package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// The LSS catalogues: the formats of the log type the query names (a
// missing or unknown one is refused in ZPA's words), and the status codes,
// outside the customer's path; none of them, nor the CBI profiles (a bare
// list), carries a microtenant.
func TestZPALSSCataloguesAndCBIProfiles(t *testing.T) {
	f := newFixture(t, Options{})
	v2 := "/zpa/mgmtconfig/v2/admin/customers/" + CustomerID + "/lssConfig/logType/formats"
	var formats object
	f.getJSON(v2+"?logType=zpn_auth_log", http.StatusOK, &formats)
	if len(formats) != 3 || !strings.Contains(str(formats["csv"]), "SessionStatus") {
		t.Errorf("zpn_auth_log formats: %v", formats)
	}
	for query, id := range map[string]string{"": "logType.not.null", "?logType=zpn_dns_log": "resource.not.found"} {
		resp, body := f.do(http.MethodGet, v2+query, nil)
		wantStatus(t, resp, body, http.StatusBadRequest)
		wantJSONField(t, body, "id", id)
	}
	var codes object
	f.getJSON("/zpa/mgmtconfig/v2/admin/lssConfig/statusCodes", http.StatusOK, &codes)
	if _, ok := codes["zpn_trans_log"].(object); !ok || len(codes) != 4 {
		t.Errorf("status codes: %v", codes)
	}
	var profiles []object
	f.getJSON("/zpa/cbiconfig/cbi/api/customers/"+CustomerID+"/profiles", http.StatusOK, &profiles)
	if len(profiles) != 3 {
		t.Errorf("%d CBI profiles, want the 3 seeded in one bare list", len(profiles))
	}
	for _, rec := range append(profiles, formats, codes) {
		if _, ok := rec["microtenantName"]; ok {
			t.Errorf("a record outside the microtenants shows one: %v", rec)
		}
	}
	resp, body := f.do(http.MethodGet, "/zpa/mgmtconfig/v2/admin/lssConfig/customers/1/clientTypes", nil)
	wantStatus(t, resp, body, http.StatusUnauthorized) // another customer's path is still refused
}
