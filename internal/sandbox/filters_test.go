package sandbox

import (
	"net/url"
	"slices"
	"testing"
)

// TestFilterOps compiles each filter op against records built here.
func TestFilterOps(t *testing.T) {
	recs := []string{
		`{"id":1,"name":"Alpha","start":100,"tags":["red","blue"],"on":true,"n":0}`,
		`{"id":2,"name":"Beta","start":200,"tags":["green"],"on":false,"n":3}`,
		`{"id":3,"name":"Alphabet","start":300,"tags":[],"on":false,"n":0}`,
	}
	svc := zdxService()
	cases := []struct {
		filter Filter
		query  string
		want   []string // ids kept; nil with bad = the parameter is refused
		bad    bool
	}{
		{Filter{Param: "q", Fields: []string{"name"}, Op: Contains}, "q=PHA", []string{"1", "3"}, false},
		{Filter{Param: "q", Fields: []string{"name"}, Op: Prefix}, "q=alphab", []string{"3"}, false},
		{Filter{Param: "q", Fields: []string{"name"}, Op: Equal}, "q=alpha", []string{"1"}, false},
		{Filter{Param: "on", Fields: []string{"on"}, Op: Bool}, "on=false", []string{"2", "3"}, false},
		{Filter{Param: "on", Fields: []string{"n"}, Op: Bool}, "on=true", []string{"2"}, false},
		{Filter{Param: "on", Fields: []string{"on"}, Op: OnlyTrue}, "on=false", []string{"1", "2", "3"}, false},
		{Filter{Param: "t", Fields: []string{"tags"}, Op: In}, "t=green&t=red", []string{"1", "2"}, false},
		{Filter{Param: "t", Fields: []string{"tags"}, Op: PrefixIn}, "t=gr,bl", []string{"1", "2"}, false},
		{Filter{Param: "from", Fields: []string{"start"}, Op: AtLeast}, "from=200", []string{"2", "3"}, false},
		{Filter{Param: "to", Fields: []string{"start"}, Op: AtMost}, "to=200", []string{"1", "2"}, false},
		{Filter{Param: "to", Fields: []string{"start"}, Op: AtMost}, "to=soon", nil, true},
		{Filter{Param: "id", Fields: []string{"id"}, Op: In, Int: true}, "id=2,x", nil, true},
		{Filter{Param: "k", Fields: []string{"name"}, Op: Equal, Enum: []string{"Beta"}}, "k=gamma", nil, true},
		{Filter{Param: "k", Fields: []string{"name"}, Op: Equal, Default: "Beta", All: "ALL"}, "", []string{"2"}, false},
		{Filter{Param: "k", Fields: []string{"name"}, Op: Equal, Default: "Beta", All: "ALL"}, "k=all", []string{"1", "2", "3"}, false},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		c := &call{query: q, svc: svc, res: &Resource{svc: svc}}
		test, bad := tc.filter.compile(c)
		if (bad != nil) != tc.bad {
			t.Errorf("%+v %s: refused = %v", tc.filter, tc.query, bad != nil)
			continue
		}
		if tc.bad {
			continue
		}
		var kept []string
		for _, raw := range recs {
			rec, _ := parseRecord([]byte(raw))
			if test == nil || test(rec) {
				kept = append(kept, rec.text("id"))
			}
		}
		if !slices.Equal(kept, tc.want) {
			t.Errorf("%+v %s: kept %v, want %v", tc.filter, tc.query, kept, tc.want)
		}
	}
}
