package sandbox

import (
	"encoding/json"
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
