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
