package sandbox

import (
	"encoding/json"
	"maps"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Snapshot returns every record of the collection behind a gateway list path ("/zia/api/v1/users"; a customer id
// may be "{customerId}") as reads show them, unpaged and unfiltered, as generic JSON, or nil for no collection.
// Tests pick ids and names from it instead of hard-coding them.
func (t *Tenant) Snapshot(path string) []any {
	t.routed()
	res := t.snaps[snapshotKey(path)]
	if res == nil {
		return nil
	}
	out := []any{}
	t.withState(func(s *state) {
		c := &call{s: s, t: t, svc: res.svc, res: res, now: time.Now()}
		for _, rec := range s.store(res.Name).items {
			var generic any
			_ = json.Unmarshal(encodeJSON(public(c.view(res, rec, false)), false), &generic)
			out = append(out, generic)
		}
	})
	return out
}

// snapshotKey normalises a customer-id segment (a concrete id, the route's
// {cid}, or {customerId}) to "{customerId}".
func snapshotKey(path string) string {
	head, rest, ok := strings.Cut(path, "/customers/")
	_, tail, _ := strings.Cut(rest, "/")
	return either(ok, head+"/customers/{customerId}/"+tail, path)
}

// Route describes the resource row that serves a request, for tests that
// walk the catalogue and need ids that exist.
type Route struct {
	Resource string   // the row's Name, "zia/rule_labels"
	IDField  string   // the member holding a record's id
	Stamps   []string // members the server sets on writes
	Records  int      // how many records the resource holds now
	Example  string   // the path, its wildcards filled (customer id, first record's ids); "" if an id has no record
}

// RouteFor reports the resource (not a service's catch-all 404) behind method and path; a {name} segment of path
// stands for any value.
func (t *Tenant) RouteFor(method, path string) (Route, bool) {
	t.routed()
	_, pattern := t.mux.Handler(httptest.NewRequest(method, placeholderRE.ReplaceAllString(path, "x"), nil))
	res := t.routes[pattern]
	if res == nil {
		return Route{}, false
	}
	rt := Route{Resource: res.Name, IDField: res.idField(), Stamps: slices.Sorted(maps.Keys(res.Stamps))}
	t.withState(func(s *state) {
		items := s.store(res.Name).items
		rt.Records = len(items)
		_, patternPath, _ := strings.Cut(pattern, " ")
		have := strings.Split(path, "/")
		for i, seg := range strings.Split(patternPath, "/") {
			name := strings.Trim(seg, "{}")
			switch {
			case name == seg || i >= len(have):
			case name == "cid":
				have[i] = t.opts.CustomerID
			case len(items) == 0:
				return
			case name == "id" || res.Scope[name] != "": // the record's id, or the parent's its scope holds
				have[i] = url.PathEscape(items[0].text(either(name == "id", res.idField(), res.Scope[name])))
			}
		}
		rt.Example = strings.Join(have, "/")
	})
	return rt, true
}

var placeholderRE = regexp.MustCompile(`\{[^/}]*\}`)
