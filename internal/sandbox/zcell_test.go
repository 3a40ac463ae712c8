package sandbox

import (
	"encoding/json"
	"net/http"
	"testing"
)

// The ZCell searches read their body as their query: filters and paging
// apply to it; the SIM search pages inside pageDetails; /sims/details is one
// SIM by ?iccId=; a path's customer id must be the tenant's, and a path
// without one (/audit/metadata) needs none.
func TestZCellSearchesAndLookups(t *testing.T) {
	f := newFixture(t, Options{})
	cust := "/zcell/config/api/v1/customers/" + CustomerID
	resp, body := f.do(http.MethodPost, cust+"/sims/search", map[string]any{"status": "Activated", "tag": []string{"fleet"}, "page": 0, "size": 2})
	wantStatus(t, resp, body, http.StatusOK)
	var sims struct {
		PageDetails struct {
			Content                   []object
			TotalElements, TotalPages int
		}
	}
	_ = json.Unmarshal(body, &sims)
	if p := sims.PageDetails; len(p.Content) != 2 || p.TotalElements != 5 || p.TotalPages != 3 || p.Content[0]["_imeiStatus"] != nil {
		t.Fatalf("search of active fleet SIMs: %s", body)
	}
	resp, body = f.do(http.MethodPost, cust+"/sims/search", map[string]any{"page": 1, "size": 10, "filterBy": map[string]any{"x": 1}})
	wantStatus(t, resp, body, http.StatusOK)
	_ = json.Unmarshal(body, &sims)
	if len(sims.PageDetails.Content) != 2 {
		t.Errorf("page 1 of 12 SIMs by 10: %s", body)
	}

	var sim object
	f.getJSON(cust+"/sims/details?iccId=8901260882291000011", http.StatusOK, &sim)
	if sim["iccid"] != "8901260882291000011" || sim["tags"] == nil {
		t.Errorf("details %v", sim)
	}
	resp, body = f.do(http.MethodGet, cust+"/sims/details?iccId=1", nil)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = f.do(http.MethodGet, cust+"/sims/details", nil)
	wantStatus(t, resp, body, http.StatusBadRequest)

	var meta object
	f.getJSON("/zcell/config/api/v1/audit/metadata", http.StatusOK, &meta)
	if meta["operations"] == nil {
		t.Errorf("audit metadata %v", meta)
	}
	resp, body = f.do(http.MethodPost, "/zcell/config/api/v1/audit/customers/1/search", map[string]any{"startDate": 1, "endDate": 2})
	wantStatus(t, resp, body, http.StatusUnauthorized)
	resp, body = f.do(http.MethodPost, "/zcell/config/api/v1/audit/customers/"+CustomerID+"/search", map[string]any{})
	wantStatus(t, resp, body, http.StatusBadRequest) // no window
	resp, body = f.do(http.MethodPost, "/zcell/config/api/v1/network-events/"+CustomerID+"/search/startTime/1/endTime/2", nil)
	wantStatus(t, resp, body, http.StatusOK)

	var regions []object
	f.getJSON(cust+"/regions", http.StatusOK, &regions)
	if len(regions) != 4 {
		t.Errorf("regions are a bare array: %v", regions)
	}
	var customer object
	f.getJSON(cust, http.StatusOK, &customer)
	if customer["name"] != "Northwind Labs" || customer["_key"] != nil {
		t.Errorf("customer %v", customer)
	}
}
