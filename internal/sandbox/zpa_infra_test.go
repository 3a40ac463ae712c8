package sandbox

import (
	"net/http"
	"reflect"
	"testing"
)

// A segment written with either port form reads back in both.
func TestZPASegmentPortForms(t *testing.T) {
	f := newFixture(t, Options{})
	for _, c := range []struct {
		name string
		body object
	}{
		{"Objects", object{"tcpPortRange": []any{object{"from": "443", "to": "443"}, object{"from": "8000", "to": "8080"}}, "tcpPortRanges": []any{}}},
		{"Flat", object{"tcpPortRanges": []any{"443", "443", "8000", "8080"}}},
	} {
		body := object{"name": "Ports " + c.name, "segmentGroupId": "734512908613300401", "domainNames": []any{"p.northwind.example"}}
		for k, v := range c.body {
			body[k] = v
		}
		resp, raw := f.do(http.MethodPost, zpaPath("/application"), body)
		wantStatus(t, resp, raw, http.StatusCreated)
		var got object
		f.getJSON(zpaPath("/application/"+str(mustObject(t, raw)["id"])), http.StatusOK, &got)
		if want := []any{"443", "443", "8000", "8080"}; !reflect.DeepEqual(got["tcpPortRanges"], want) {
			t.Errorf("%s: tcpPortRanges %v, want %v", c.name, got["tcpPortRanges"], want)
		}
		if want := []any{object{"from": "443", "to": "443"}, object{"from": "8000", "to": "8080"}}; !reflect.DeepEqual(got["tcpPortRange"], want) {
			t.Errorf("%s: tcpPortRange %v, want %v", c.name, got["tcpPortRange"], want)
		}
		if _, ok := got["udpPortRanges"]; ok {
			t.Errorf("%s: udpPortRanges shown though none were written", c.name)
		}
	}
	resp, raw := f.do(http.MethodPost, zpaPath("/application"), object{"name": "Ports Flat", "segmentGroupId": "734512908613300401"})
	wantStatus(t, resp, raw, http.StatusBadRequest)
	wantJSONField(t, raw, "id", "resource.already.exist")
}

func TestZPAAppsByType(t *testing.T) {
	f := newFixture(t, Options{})
	for typ, want := range map[string]int{"SECURE_REMOTE_ACCESS": 2, "BROWSER_ACCESS": 1, "INSPECT": 1} {
		env, _ := f.zpaList("/application/getAppsByType?applicationType=" + typ + "&expandAll=false")
		if len(env.List) != want {
			t.Errorf("%s: %d apps, want %d", typ, len(env.List), want)
		}
		for _, a := range env.List {
			if _, private := a["_applicationType"]; private || a["appId"] == nil {
				t.Errorf("%s: app as served %v", typ, a)
			}
		}
	}
	resp, body := f.do(http.MethodGet, zpaPath("/application/getAppsByType?applicationType=WEB"), nil)
	wantStatus(t, resp, body, http.StatusBadRequest)
}

// The bulk delete removes every id given, or none when one is unknown.
func TestZPAConnectorsBulkDelete(t *testing.T) {
	f := newFixture(t, Options{})
	resp, raw := f.do(http.MethodPost, zpaPath("/connector/bulkDelete"), object{"ids": []any{"734512908613302201", "734512908613309999"}})
	wantStatus(t, resp, raw, http.StatusBadRequest)
	wantJSONField(t, raw, "id", "resource.not.found")
	if env, _ := f.zpaList("/connector"); len(env.List) != 4 {
		t.Fatalf("a refused bulk delete removed connectors: %d left", len(env.List))
	}
	resp, raw = f.do(http.MethodPost, zpaPath("/connector/bulkDelete"), object{"ids": []any{}})
	wantStatus(t, resp, raw, http.StatusBadRequest)
	resp, raw = f.do(http.MethodPost, zpaPath("/connector/bulkDelete"), object{"ids": []any{"734512908613302201", "734512908613302202"}})
	wantStatus(t, resp, raw, http.StatusNoContent)
	env, _ := f.zpaList("/connector")
	if len(env.List) != 2 || env.List[0]["id"] != "734512908613302203" || env.List[0]["appConnectorGroupName"] != "Portland Lab Connectors" {
		t.Errorf("after the bulk delete: %v", env.List)
	}
}

// Keys are kept per association type: a key of one type is neither listed
// nor found under the other, and a new key is filed under its path's type.
func TestZPAProvisioningKeysByType(t *testing.T) {
	f := newFixture(t, Options{})
	for typ, want := range map[string]int{"CONNECTOR_GRP": 2, "SERVICE_EDGE_GRP": 1} {
		if env, _ := f.zpaList("/associationType/" + typ + "/provisioningKey"); len(env.List) != want {
			t.Errorf("%s: %d keys, want %d", typ, len(env.List), want)
		}
	}
	resp, raw := f.do(http.MethodGet, zpaPath("/associationType/SERVICE_EDGE_GRP/provisioningKey/41001"), nil)
	wantStatus(t, resp, raw, http.StatusBadRequest)
	resp, raw = f.do(http.MethodPost, zpaPath("/associationType/SERVICE_EDGE_GRP/provisioningKey"), object{"name": "Edge Key 2",
		"maxUsage": 3, "zcomponentId": "734512908613301201", "componentId": "734512908613301201", "enrollmentCertId": "734512908613300704"})
	wantStatus(t, resp, raw, http.StatusCreated)
	var got object
	f.getJSON(zpaPath("/associationType/SERVICE_EDGE_GRP/provisioningKey/"+str(mustObject(t, raw)["id"])), http.StatusOK, &got)
	if _, private := got["_type"]; private || got["componentId"] != nil || got["enrollmentCertName"] != "Service Edge" || got["provisioningKey"] == "" {
		t.Errorf("created key as read: %v", got)
	}
}

// SCIM groups are listed per IdP and got by id alone; SAML attributes are
// listed all together or per IdP.
func TestZPAIdentityScopes(t *testing.T) {
	f := newFixture(t, Options{})
	userconfig := "/zpa/userconfig/v1/customers/" + CustomerID
	var env zpaEnvelope
	f.getJSON(userconfig+"/scimgroup/idpId/734512908613302302", http.StatusOK, &env)
	if len(env.List) != 2 {
		t.Errorf("the Azure AD IdP's groups: %v", env.List)
	}
	var group object
	f.getJSON(userconfig+"/scimgroup/5100001", http.StatusOK, &group)
	if group["name"] != "Engineering" {
		t.Errorf("group by id: %v", group)
	}
	v2 := "/zpa/mgmtconfig/v2/admin/customers/" + CustomerID
	f.getJSON(v2+"/samlAttribute", http.StatusOK, &env)
	all := len(env.List)
	f.getJSON(v2+"/samlAttribute/idp/734512908613302302", http.StatusOK, &env)
	if all != 5 || len(env.List) != 2 || env.List[0]["idpName"] != "Northwind Azure AD" {
		t.Errorf("SAML attributes: %d in all, of Azure AD %v", all, env.List)
	}
}
