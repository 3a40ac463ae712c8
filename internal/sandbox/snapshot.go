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

// Snapshot returns every record of the collection behind a list path (a
// gateway path, such as "/zia/api/v1/users"; a customer id may be the literal
// "{customerId}"), as reads show them but unpaged and unfiltered, decoded into
// generic JSON values, or nil for a path that has no collection. Tests use it
// to pick ids and names from the current state instead of hard-coding them.
func (t *Tenant) Snapshot(path string) []any {
	if res := t.snaps[snapshotKey(path)]; res != nil {
		return t.records(res)
	}
	return nil
}

func (t *Tenant) records(res *Resource) []any {
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
	if !ok {
		return path
	}
	_, tail, _ := strings.Cut(rest, "/")
	return head + "/customers/{customerId}/" + tail
}

// Serves reports whether the tenant has a route for method and path (one of
// its resources, not a service's catch-all 404).
func (t *Tenant) Serves(method, path string) bool {
	_, ok := t.RouteFor(method, path)
	return ok
}

// Route describes the resource row that serves a request, for tests that
// walk the catalogue and need ids that exist.
type Route struct {
	Resource string   // the row's Name, "zia/rule_labels"
	IDField  string   // the member holding a record's id
	Stamps   []string // members the server sets on writes
	Records  int      // how many records the resource holds now
	// Example is the path with each wildcard filled in: the customer id, and
	// the id (and parent ids) of the resource's first record. It is "" when
	// the path has an id wildcard and the resource holds no record.
	Example string
}

// RouteFor reports the resource behind method and path; a {name} segment
// of path stands for any value.
func (t *Tenant) RouteFor(method, path string) (Route, bool) {
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
			case name == "id":
				have[i] = url.PathEscape(items[0].text(res.idField()))
			case res.Scope[name] != "":
				have[i] = url.PathEscape(items[0].text(res.Scope[name]))
			}
		}
		rt.Example = strings.Join(have, "/")
	})
	return rt, true
}

var placeholderRE = regexp.MustCompile(`\{[^/}]*\}`)
