package zpa

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// lists answers each list by the end of its path, a PUT with nothing (as
// ZPA does), and every other request with {"id":"1"}; it keeps what was sent.
type lists struct {
	records map[string]string // path suffix → JSON array
	sent    []*zscaler.Request
}

func (l *lists) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	l.sent = append(l.sent, req)
	if req.Method == "PUT" {
		return &zscaler.Response{Status: 204}, nil
	}
	return &zscaler.Response{Status: 200, Body: []byte(`{"id":"1"}`)}, nil
}

func (l *lists) List(_ context.Context, req *zscaler.Request, _ zscaler.ListOptions) (*zscaler.ListResult, error) {
	l.sent = append(l.sent, req)
	var recs []json.RawMessage
	for suffix, body := range l.records {
		if strings.HasSuffix(req.Path, suffix) {
			_ = json.Unmarshal([]byte(body), &recs)
		}
	}
	return &zscaler.ListResult{Records: recs, Pages: 1}, nil
}

func runWith(t *testing.T, api *lists, name, args string) *catalog.Result {
	t.Helper()
	ex := &catalog.Executor{API: api, CustomerID: "216196257331281920"}
	return ex.Execute(context.Background(), find(t, name), json.RawMessage(args))
}

func paths(sent []*zscaler.Request) []string {
	var out []string
	for _, r := range sent {
		out = append(out, r.Method+" "+strings.TrimPrefix(r.Path, "/zpa/mgmtconfig/v1/admin/customers/216196257331281920"))
	}
	return out
}

func TestInfrastructureBadInputSendsNothing(t *testing.T) {
	for _, c := range []struct{ tool, args, want string }{
		{"zpa_list_provisioning_keys", `{"key_type":"edge"}`, "key_type: must be one of connector, service_edge, CONNECTOR_GRP, SERVICE_EDGE_GRP"},
		{"zpa_get_provisioning_key", `{"key_type":"connector","key_id":"k1"}`, "key_id: must be a ZPA id"},
		{"zpa_create_provisioning_key", `{"key_type":"connector","name":"k","max_usage":0,"component_id":"1"}`, "max_usage"},
		{"zpa_create_provisioning_key", `{"key_type":"connector","name":"k","max_usage":1,"component_id":"g1"}`, "component_id: must be a ZPA id"},
		{"zpa_create_application_server", `{"name":"s","address":"a","app_server_group_ids":["1","x"]}`, "app_server_group_ids: element 1 must be a ZPA id"},
		{"zpa_bulk_delete_app_connectors", `{"connector_ids":[],"confirmation_token":"t"}`, "connector_ids: must list at least one id"},
		{"zpa_bulk_delete_app_connectors", `{"connector_ids":"[\"1\",","confirmation_token":"t"}`, "connector_ids: must be a list of strings"},
		{"get_zpa_enrollment_certificate", `{"certificate_id":"Connector"}`, "certificate_id: must be a ZPA id"},
		{"get_zpa_scim_attribute", `{}`, "idp_name is required"},
		{"get_zpa_scim_attribute", `{"idp_name":"Okta","attribute_id":"a"}`, "attribute_id: must be a ZPA id"},
		{"get_zpa_scim_group", `{}`, "give scim_group_id (one group) or idp_name"},
	} {
		api := &lists{}
		res := runWith(t, api, c.tool, c.args)
		if !strings.Contains(res.Error, c.want) {
			t.Errorf("%s(%s): error %q, want it to say %q", c.tool, c.args, res.Error, c.want)
		}
		if len(api.sent) != 0 {
			t.Errorf("%s(%s): sent %v on bad input", c.tool, c.args, paths(api.sent))
		}
	}
}

// key_type goes into the path as the API's association type, whichever form
// was given, in the write and in the reads around it.
func TestKeyTypeIsTheAssociationType(t *testing.T) {
	for given, want := range map[string]string{"connector": "CONNECTOR_GRP", "service_edge": "SERVICE_EDGE_GRP", "SERVICE_EDGE_GRP": "SERVICE_EDGE_GRP"} {
		api := &lists{}
		res := runWith(t, api, "zpa_update_provisioning_key", `{"key_type":"`+given+`","key_id":"7","max_usage":3}`)
		item := "/associationType/" + want + "/provisioningKey/7"
		if got := strings.Join(paths(api.sent), ", "); res.Error != "" || got != "GET "+item+", PUT "+item+", GET "+item {
			t.Errorf("%s: error %q, sent %s", given, res.Error, got)
		}
	}
}

// A key made without a certificate gets the tenant's default for its type,
// looked up by exact name; with one, nothing is looked up; a missing default
// stops the create before it is sent.
func TestProvisioningKeyCertificate(t *testing.T) {
	certs := `[{"id":"11","name":"Connector Old"},{"id":"12","name":"connector"},{"id":"13","name":"Service Edge"}]`
	for _, c := range []struct{ args, cert, lookup string }{
		{`{"key_type":"connector","name":"k","max_usage":2,"component_id":"5"}`, "12", "name+EQ+Connector"},
		{`{"key_type":"service_edge","name":"k","max_usage":2,"component_id":"5"}`, "13", "name+EQ+Service Edge"},
		{`{"key_type":"connector","name":"k","max_usage":2,"component_id":"5","enrollment_cert_id":"99"}`, "99", ""},
	} {
		api := &lists{records: map[string]string{"/enrollmentCert": certs}}
		if res := runWith(t, api, "zpa_create_provisioning_key", c.args); res.Error != "" {
			t.Fatalf("%s: %s", c.args, res.Error)
		}
		post := api.sent[len(api.sent)-1]
		body := post.Body.(map[string]any)
		if body["enrollmentCertId"] != c.cert || body["zcomponentId"] != "5" || body["componentId"] != "5" || body["maxUsage"] != int64(2) {
			t.Errorf("%s: body %v", c.args, body)
		}
		if c.lookup == "" && len(api.sent) != 1 || c.lookup != "" && api.sent[0].Query.Get("search") != c.lookup {
			t.Errorf("%s: sent %v", c.args, paths(api.sent))
		}
	}
	api := &lists{}
	res := runWith(t, api, "zpa_create_provisioning_key", `{"key_type":"connector","name":"k","max_usage":2,"component_id":"5"}`)
	if !strings.Contains(res.Error, `no enrollment certificate named "Connector"`) || len(api.sent) != 1 {
		t.Errorf("no default certificate: %q, sent %v", res.Error, paths(api.sent))
	}
}

// The enrollment certificate read is a list in each of its forms.
func TestEnrollmentCertificateForms(t *testing.T) {
	certs := `[{"id":"11","name":"Root"},{"id":"12","name":"Connector"}]`
	for _, c := range []struct{ args, want, sent string }{
		{`{"name":"connector"}`, `{"result":[{"id":"12","name":"Connector"}]}`, "GET /zpa/mgmtconfig/v2/admin/customers/216196257331281920/enrollmentCert"},
		{`{"certificate_id":"12"}`, `{"result":[{"id":"1"}]}`, "GET /enrollmentCert/12"},
		{`{"search":"o"}`, `{"result":[{"id":"11","name":"Root"},{"id":"12","name":"Connector"}]}`, "GET /zpa/mgmtconfig/v2/admin/customers/216196257331281920/enrollmentCert"},
	} {
		api := &lists{records: map[string]string{"/enrollmentCert": certs}}
		res := runWith(t, api, "get_zpa_enrollment_certificate", c.args)
		if res.Error != "" || string(res.Structured()) != c.want || strings.Join(paths(api.sent), ", ") != c.sent {
			t.Errorf("%s: error %q, result %s, sent %v", c.args, res.Error, res.Structured(), paths(api.sent))
		}
	}
	res := runWith(t, &lists{records: map[string]string{"/enrollmentCert": certs}}, "get_zpa_enrollment_certificate", `{"name":"Client"}`)
	if res.Error != "" || string(res.Structured()) != `{"result":[]}` || !strings.Contains(res.Text(), `no enrollment certificate is named "Client"`) {
		t.Errorf("unknown name: error %q, result %s, text %q", res.Error, res.Structured(), res.Text())
	}
}

// The IdP reads resolve idp_name to its id by exact name, and refuse a name
// no IdP has before reading anything else.
func TestIdPNameResolution(t *testing.T) {
	idps := `[{"id":"31","name":"Okta Staging"},{"id":"32","name":"Okta"}]`
	v2 := "/zpa/mgmtconfig/v2/admin/customers/216196257331281920"
	for _, c := range []struct{ tool, args, sent string }{
		{"get_zpa_saml_attribute", `{}`, "GET " + v2 + "/samlAttribute"},
		{"get_zpa_saml_attribute", `{"idp_name":"Okta"}`, "GET " + v2 + "/idp, GET " + v2 + "/samlAttribute/idp/32"},
		{"get_zpa_scim_attribute", `{"idp_name":"Okta"}`, "GET " + v2 + "/idp, GET /idp/32/scimattribute"},
		{"get_zpa_scim_attribute", `{"idp_name":"Okta","attribute_id":"8"}`, "GET " + v2 + "/idp, GET /idp/32/scimattribute/8"},
		{"get_zpa_scim_group", `{"idp_name":"Okta"}`, "GET " + v2 + "/idp, GET /zpa/userconfig/v1/customers/216196257331281920/scimgroup/idpId/32"},
		{"get_zpa_scim_group", `{"scim_group_id":"9","idp_name":"Okta"}`, "GET /zpa/userconfig/v1/customers/216196257331281920/scimgroup/9"},
	} {
		api := &lists{records: map[string]string{"/idp": idps}}
		res := runWith(t, api, c.tool, c.args)
		if got := strings.Join(paths(api.sent), ", "); res.Error != "" || got != c.sent || res.Records == nil {
			t.Errorf("%s(%s): error %q, sent %s, want %s", c.tool, c.args, res.Error, got, c.sent)
		}
	}
	api := &lists{records: map[string]string{"/idp": idps}}
	res := runWith(t, api, "get_zpa_scim_group", `{"idp_name":"okta"}`)
	if !strings.Contains(res.Error, `idp_name: the tenant has no identity provider named "okta"`) || len(api.sent) != 1 ||
		api.sent[0].Query.Get("search") != "name+EQ+okta" {
		t.Errorf("unknown IdP: %q, sent %v", res.Error, paths(api.sent))
	}
}

// The bulk delete sends the ids as the body's ids and answers which it deleted.
func TestBulkDeleteOfConnectors(t *testing.T) {
	api := &lists{}
	tl := find(t, "zpa_bulk_delete_app_connectors")
	ex := &catalog.Executor{API: api, CustomerID: "216196257331281920"}
	res, err := tl.Handler(context.Background(), &catalog.Call{Tool: tl, Exec: ex,
		Args: catalog.Args{"connector_ids": []string{"1", "2"}, "microtenant_id": "5"}})
	if err != nil || len(api.sent) != 1 {
		t.Fatalf("error %v, sent %v", err, paths(api.sent))
	}
	sent := api.sent[0]
	if b, _ := json.Marshal(sent.Body); sent.Method != "POST" || string(b) != `{"ids":["1","2"]}` || sent.Query.Get("microtenantId") != "5" {
		t.Errorf("sent %s %s?%s %s", sent.Method, sent.Path, sent.Query.Encode(), b)
	}
	if got := string(res.Structured()); got != `{"connector_ids":["1","2"],"deleted":true}` {
		t.Errorf("result %s", got)
	}
}
