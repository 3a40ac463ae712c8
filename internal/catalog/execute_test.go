package catalog

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// fakeAPI answers from a table keyed by "METHOD path" and records every request.
type fakeAPI struct {
	answers  map[string]string
	errs     map[string]error
	requests []*zscaler.Request
	lists    []zscaler.ListOptions
	more     *zscaler.ListResult // when set, List answers with it
}

func (f *fakeAPI) Do(_ context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	f.requests = append(f.requests, req)
	key := req.Method + " " + req.Path
	if err := f.errs[key]; err != nil {
		return nil, err
	}
	return &zscaler.Response{Status: 200, Body: []byte(f.answers[key])}, nil
}

func (f *fakeAPI) List(_ context.Context, req *zscaler.Request, opts zscaler.ListOptions) (*zscaler.ListResult, error) {
	f.requests = append(f.requests, req)
	f.lists = append(f.lists, opts)
	if f.more != nil {
		return f.more, nil
	}
	recs, err := recordsOf([]byte(f.answers[req.Method+" "+req.Path]), "")
	if err != nil {
		return nil, err
	}
	return &zscaler.ListResult{Records: recs, Pages: 1}, nil
}

const cid = "216196257331281920"

var (
	listGroups = Tool{Name: "zpa_list_things", Service: zscaler.ZPA, Toolset: "t", Action: Read, Description: "d",
		Method: "GET", Path: "/zpa/c/{customerId}/thing", Paging: zscaler.PagingZPA,
		Params: []Param{
			Str("search", "s").Query("search"), Str("microtenant_id", "m").Query("microtenantId"),
			Int("page", "p").At(InPage), Int("page_size", "ps").At(InPageSize),
			Str("name", "n").At(InFilter),
		}}
	updateGroup = Tool{Name: "zpa_update_thing", Service: zscaler.ZPA, Toolset: "t", Action: Update, Description: "d",
		Method: "PUT", Path: "/zpa/c/{customerId}/v2/thing/{id}", Shape: Record,
		Merge: "/zpa/c/{customerId}/thing/{id}", Refetch: "/zpa/c/{customerId}/thing/{id}",
		Params: []Param{PathID("id", "i"), Str("name", "n").Body("name"), Bool("enabled", "e").Body("enabled")}}
	deleteGroup = Tool{Name: "zpa_delete_thing", Service: zscaler.ZPA, Toolset: "t", Action: Delete, Description: "d",
		Method: "DELETE", Path: "/zpa/c/{customerId}/thing/{id}", Shape: Done,
		Params: []Param{PathID("id", "i")}}
)

func TestListBuildsQueryAndPaging(t *testing.T) {
	api := &fakeAPI{answers: map[string]string{"GET /zpa/c/" + cid + "/thing": `[{"id":"1","name":"Web"},{"id":"2","name":"Mail"}]`}}
	e := &Executor{API: api, CustomerID: cid}
	res := e.Execute(context.Background(), &listGroups, json.RawMessage(`{"search":"name+EQ+Web","microtenant_id":"0","page":3,"page_size":500,"name":"we"}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	req := api.requests[0]
	if got := req.Query.Encode(); got != "microtenantId=0&search=name%2BEQ%2BWeb" {
		t.Errorf("query %s", got)
	}
	if o := api.lists[0]; o.Page != 3 || o.PageSize != 500 || o.Paging != zscaler.PagingZPA {
		t.Errorf("list options %+v", o)
	}
	if len(res.Records) != 1 || string(res.Records[0]) != `{"id":"1","name":"Web"}` {
		t.Errorf("client-side name filter kept %s", res.Records)
	}
}

func TestMissingCustomerIDIsNotACredentialError(t *testing.T) {
	e := &Executor{API: &fakeAPI{}}
	res := e.Execute(context.Background(), &listGroups, nil)
	if !strings.Contains(res.Error, "ZSCALER_CUSTOMER_ID") || !strings.Contains(res.Error, "zpa") || strings.Contains(res.Error, "credential") {
		t.Fatalf("error %q", res.Error)
	}
}

func TestUpdateMergesThenRefetches(t *testing.T) {
	base := "/zpa/c/" + cid
	api := &fakeAPI{answers: map[string]string{
		"GET " + base + "/thing/7":    `{"id":"7","name":"Old","description":"keep me","enabled":true}`,
		"PUT " + base + "/v2/thing/7": ``,
	}}
	e := &Executor{API: api, CustomerID: cid}
	res := e.Execute(context.Background(), &updateGroup, json.RawMessage(`{"id":"7","name":"New"}`))
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	if len(api.requests) != 3 {
		t.Fatalf("want GET, PUT, GET; got %d requests", len(api.requests))
	}
	put := api.requests[1]
	want := map[string]any{"id": "7", "name": "New", "description": "keep me", "enabled": true}
	if !reflect.DeepEqual(put.Body, want) {
		t.Errorf("PUT body %#v, want %#v", put.Body, want)
	}
	if got := string(res.Structured()); got != `{"id":"7","name":"Old","description":"keep me","enabled":true}` {
		t.Errorf("the result is not the refetched record: %s", got)
	}
}

func TestDeleteNamesWhatWasDone(t *testing.T) {
	api := &fakeAPI{answers: map[string]string{}}
	e := &Executor{API: api, CustomerID: cid}
	res := e.Execute(context.Background(), &deleteGroup, json.RawMessage(`{"id":"7"}`))
	if got := string(res.Structured()); res.Error != "" || got != `{"deleted":true,"id":"7"}` {
		t.Fatalf("result %s %s", got, res.Error)
	}
	if api.requests[0].Method != "DELETE" || api.requests[0].Path != "/zpa/c/"+cid+"/thing/7" {
		t.Fatalf("request %+v", api.requests[0])
	}
}

func TestAPIErrorNamesToolStatusAndMessage(t *testing.T) {
	api := &fakeAPI{errs: map[string]error{"DELETE /zpa/c/" + cid + "/thing/7": &zscaler.APIError{
		Service: zscaler.ZPA, Method: "DELETE", Path: "/zpa/c/" + cid + "/thing/7", Status: 400,
		Code: "resource.not.found", Message: "No resource exists with the given id"}}}
	e := &Executor{API: api, CustomerID: cid}
	res := e.Execute(context.Background(), &deleteGroup, json.RawMessage(`{"id":"7"}`))
	for _, want := range []string{"zpa_delete_thing", "400", "No resource exists with the given id"} {
		if !strings.Contains(res.Error, want) {
			t.Errorf("error %q lacks %q", res.Error, want)
		}
	}
}

func TestPathValuesAreEscaped(t *testing.T) {
	e := &Executor{API: &fakeAPI{}, CustomerID: cid}
	req, err := e.Request(&deleteGroup, Args{"id": "../../admin"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(req.Path, "../") {
		t.Fatalf("path %q lets an id climb out of its resource", req.Path)
	}
}

func TestResultsSayWhenMoreRecordsExist(t *testing.T) {
	recs := []json.RawMessage{json.RawMessage(`{"id":"1"}`)}
	for _, c := range []struct {
		args string
		lr   zscaler.ListResult
		want string
	}{
		{`{"page":3}`, zscaler.ListResult{Records: recs, Pages: 1, Truncated: true}, "page=4"},
		{`{}`, zscaler.ListResult{Records: recs, Pages: 100, Truncated: true}, "only the first 100 pages"},
		{`{}`, zscaler.ListResult{Records: recs, Pages: 1, NextOffset: "c2"}, `offset="c2"`},
		{`{}`, zscaler.ListResult{Records: recs, Pages: 1}, ""},
	} {
		api := &fakeAPI{more: &c.lr}
		res := (&Executor{API: api, CustomerID: cid}).Execute(context.Background(), &listGroups, json.RawMessage(c.args))
		notes := strings.Join(res.Notes, " ")
		if (c.want == "") != (notes == "") || !strings.Contains(notes, c.want) {
			t.Errorf("%s %+v: notes %q, want %q", c.args, c.lr, notes, c.want)
		}
		if c.want != "" && !strings.Contains(res.Text(), c.want) {
			t.Errorf("the text content does not carry the note: %q", res.Text())
		}
	}
}

func TestQueryShapesTheRecords(t *testing.T) {
	api := &fakeAPI{answers: map[string]string{"GET /zpa/c/" + cid + "/thing": `[{"id":"1","name":"Web","enabled":true},{"id":"2","name":"Mail","enabled":false}]`}}
	e := &Executor{API: api, CustomerID: cid}
	for q, want := range map[string]string{
		`[*].{n: name}`:           `{"result":[{"n":"Web"},{"n":"Mail"}]}`,
		`length(@)`:               `{"result":[2]}`,
		`[?enabled].id`:           `{"result":["1"]}`,
		`[?name=='nobody'] | [0]`: `{"result":[]}`,
	} {
		args, _ := json.Marshal(map[string]string{"query": q})
		res := e.Execute(context.Background(), &listGroups, args)
		if res.Error != "" || string(res.Structured()) != want {
			t.Errorf("%s: %s %s, want %s", q, res.Structured(), res.Error, want)
		}
	}
	res := e.Execute(context.Background(), &listGroups, json.RawMessage(`{"query":"[?bad =="}`))
	if !strings.Contains(res.Error, "not a valid JMESPath expression") || !strings.Contains(res.Error, "zpa_list_things") {
		t.Fatalf("invalid query: %q", res.Error)
	}
	if _, err := deleteGroup.ParseArgs(json.RawMessage(`{"id":"7","query":"x"}`)); err == nil {
		t.Fatal("a tool that returns no list accepted query")
	}
}

// A mapped path parameter goes into every path as its wire value; the
// result still names the value the agent gave.
func TestMappedPathValue(t *testing.T) {
	kind := PathID("kind", "k").Mapped(map[string]string{"connector": "CONNECTOR_GRP", "edge": "SERVICE_EDGE_GRP"}, "connector", "edge")
	del := Tool{Name: "zpa_delete_key", Service: zscaler.ZPA, Toolset: "t", Action: Delete, Description: "d",
		Method: "DELETE", Path: "/zpa/c/{customerId}/type/{kind}/key/{id}", Shape: Done, Params: []Param{kind, PathID("id", "i")}}
	if err := del.Check(); err != nil {
		t.Fatal(err)
	}
	api := &fakeAPI{}
	res := (&Executor{API: api, CustomerID: cid}).Execute(context.Background(), &del, json.RawMessage(`{"kind":"edge","id":"7"}`))
	if res.Error != "" || len(api.requests) != 1 || api.requests[0].Path != "/zpa/c/"+cid+"/type/SERVICE_EDGE_GRP/key/7" {
		t.Fatalf("error %q, requests %+v", res.Error, api.requests)
	}
	if got := string(res.Structured()); got != `{"deleted":true,"id":"7","kind":"edge"}` {
		t.Errorf("result %s", got)
	}
}
