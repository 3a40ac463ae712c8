package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

const zpaCustomerPrefix = "/zpa/mgmtconfig/v1/admin/customers/"

// Snapshot returns every record of the collection behind a list path, as the
// API renders them (joins included) but unpaged and unfiltered, decoded into
// generic JSON values (objects are map[string]any, numbers float64). It
// reflects the current state, writes included, and returns nil for a path
// that has no collection.
//
// Paths are the gateway paths of the list endpoints, for example
// "/zia/api/v1/users", "/zdx/v1/devices", "/zcc/papi/public/v1/getDevices";
// ZPA paths may carry the real customer id or the literal "{customerId}":
// "/zpa/mgmtconfig/v1/admin/customers/{customerId}/application".
//
// Tests use it to pick ids and names from the seed instead of hard-coding
// values they could get wrong.
func (t *Tenant) Snapshot(path string) []any {
	res := t.snaps[snapshotKey(path)]
	if res == nil {
		return nil
	}
	return t.records(res)
}

// records renders every record of a resource as a read shows it, decoded.
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

// SnapshotPaths lists the paths Snapshot knows, sorted.
func (t *Tenant) SnapshotPaths() []string {
	out := make([]string, 0, len(t.snaps))
	for p := range t.snaps {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// snapshotKey normalises the customer-id segment of ZPA paths (a concrete
// id, the route's {cid}, or {customerId}) to "{customerId}".
func snapshotKey(path string) string {
	rest, ok := strings.CutPrefix(path, zpaCustomerPrefix)
	if !ok {
		return path
	}
	_, tail, _ := strings.Cut(rest, "/")
	return zpaCustomerPrefix + "{customerId}/" + tail
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
	r := httptest.NewRequest(method, placeholderRE.ReplaceAllString(path, "x"), nil)
	_, pattern := t.mux.Handler(r)
	res := t.routes[pattern]
	if res == nil {
		return Route{}, false
	}
	rt := Route{Resource: res.Name, IDField: res.idField()}
	for f := range res.Stamps {
		rt.Stamps = append(rt.Stamps, f)
	}
	slices.Sort(rt.Stamps)
	t.withState(func(s *state) {
		items := s.store(res.Name).items
		rt.Records = len(items)
		_, patternPath, _ := strings.Cut(pattern, " ")
		want, have := strings.Split(patternPath, "/"), strings.Split(path, "/")
		for i, seg := range want {
			name, ok := strings.CutPrefix(seg, "{")
			name = strings.TrimSuffix(name, "}")
			switch {
			case !ok || i >= len(have):
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
