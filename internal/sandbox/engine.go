package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// state is everything a tenant serves. Reset drops it; each resource's seed
// is decoded on the first request that touches it.
type state struct {
	t       *Tenant
	stores  map[string]*store
	nextID  map[string]int64 // per service: the last id handed out
	pending map[string]bool  // per service: a change waits for activation
}

func newState(t *Tenant) *state {
	return &state{t: t, stores: map[string]*store{}, nextID: map[string]int64{}, pending: map[string]bool{}}
}

// store is a resource's records, decoded on first use. A name no row has is
// a build defect (TestRowsNameWhatExists), and panics in loadStore.
func (s *state) store(name string) *store {
	if s.stores[name] == nil {
		s.stores[name] = loadStore(s.t.resources[name])
	}
	return s.stores[name]
}

// handler is a route: it runs with the state locked and answers a reply.
type handler func(c *call) reply

// call is one API request as a handler sees it.
type call struct {
	r     *http.Request
	query url.Values
	body  []byte
	s     *state
	t     *Tenant
	now   time.Time
	svc   *service
	res   *Resource // the row whose route this is
}

func (c *call) q(name string) string { return strings.TrimSpace(c.query.Get(name)) }
func (c *call) id() string           { return cmp.Or(c.r.PathValue("id"), path.Base(c.r.URL.Path)) } // or a singleton's last segment

func (c *call) fail(f failure, detail ...string) reply { return c.svc.fail(c.res, f, detail...) }

// failure is a refusal every service answers in its own words.
type failure int

const (
	notFound  failure = iota // detail: the id
	badBody                  // the body is not the JSON object expected
	badParam                 // detail: parameter, value
	missing                  // detail: the member
	duplicate                // detail: member, value
	inUse                    // detail: its name, then the names of the records that use it
)

// addResource registers a row's generic routes and handlers.
func (t *Tenant) addResource(svc *service, res *Resource) {
	res.svc = svc
	t.resources[res.Name] = res
	if res.Path != "" {
		t.snaps[snapshotKey(either(strings.HasPrefix(res.Path, svc.root), "", svc.prefix)+res.Path)] = res // absolute as is
	}
	routes := map[string]handler{}
	for pattern, name := range res.Routes {
		routes[pattern] = handlers[name]
	}
	add := func(verb, pattern string, h handler) {
		if slices.Contains(res.Verbs, verb) {
			routes[pattern] = h
		}
	}
	add("list", "GET "+res.Path, listRecords)
	add("create", "POST "+res.Path, writeRecord)
	for _, item := range append([]string{res.itemPath()}, res.Also...) {
		add("get", "GET "+item, getRecord)
		add("update", "PUT "+item, writeRecord)
		add("patch", "PATCH "+item, writeRecord)
		add("delete", "DELETE "+item, deleteRecord)
	}
	for pattern, h := range routes {
		t.handle(svc, res, pattern, h)
	}
}

// find is the record the item path names, within its scope.
func (c *call) find() *record {
	if rec := c.s.store(c.res.Name).get(c.id()); rec != nil && c.inScope(c.res, rec) {
		return rec
	}
	return nil
}

func (c *call) inScope(res *Resource, rec *record) bool {
	for param, field := range res.Scope { // a path without the wildcard spans every parent (ZPA's SCIM group by id)
		if v := c.r.PathValue(param); v != "" && rec.text(field) != v {
			return false
		}
	}
	return true
}

// view is a record as a read shows it: references and back-references
// joined, computed members filled. Private members (named _x: relations the
// API does not show) are still there for filters; public drops them.
func (c *call) view(res *Resource, rec *record, nested bool) *record {
	v := rec.clone()
	for _, ref := range res.Refs {
		c.join(v, ref)
	}
	for _, b := range res.Backrefs {
		found := c.referrers(res, v, b)
		switch {
		case b.Count: // summed over the backrefs of one Field (seeds and writes never hold it)
			n, _ := strconv.Atoi(v.text(b.Field))
			v.set(b.Field, n+len(found))
		case b.Keep == nil && nested: // a whole record inside a whole record would never end
		default:
			out := make([]*record, len(found))
			for i, r := range found {
				out[i] = project(r, b.Keep)
				if b.Keep == nil {
					out[i] = public(c.view(c.t.resources[b.From], r, true))
				}
			}
			setList(v, b.Field, out)
		}
	}
	for _, render := range []func(*call, *record){res.svc.render, res.render} {
		if render != nil {
			render(c, v)
		}
	}
	return v
}

// setList stores a joined list; an empty one is left out, as the APIs do.
func setList[T any](v *record, field string, items []T) {
	if len(items) == 0 {
		v.del(field)
	} else {
		v.set(field, items)
	}
}

// join shows a reference as its target is now; one to a missing record is dropped.
func (c *call) join(v *record, ref Ref) {
	raw := v.raw(ref.Field)
	switch {
	case raw == nil || (ref.Keep == nil && ref.Name == ""):
	case ref.Name != "": // a bare id, named beside it
		if t := c.target(ref, scalarText(raw)); t != nil {
			v.set(ref.Name, t.raw("name"))
		} else {
			v.del(ref.Name)
		}
	default:
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			elems = []json.RawMessage{raw} // one object
		}
		out := []*record{}
		for _, e := range elems {
			if t := c.target(ref, refID(e)); t != nil {
				out = append(out, project(t, ref.Keep))
			}
		}
		if kind(raw) == '[' || len(out) == 0 {
			setList(v, ref.Field, out)
		} else {
			v.set(ref.Field, out[0])
		}
	}
}

func refID(e json.RawMessage) string {
	if o, err := parseRecord(e); err == nil {
		return o.text("id")
	}
	return scalarText(e)
}

// target is the record a reference points at, or nil.
func (c *call) target(ref Ref, id string) *record {
	st := c.s.store(ref.To)
	if ref.By == "" {
		return st.get(id)
	}
	i := slices.IndexFunc(st.items, func(rec *record) bool { return slices.Contains(rec.values(ref.By), id) })
	if i < 0 {
		return nil
	}
	return st.items[i]
}

// referrers are the records of b.From whose b.Via refers to v.
func (c *call) referrers(res *Resource, v *record, b Backref) []*record {
	id := v.text(res.idField())
	var out []*record
	for _, rec := range c.s.store(b.From).items {
		if slices.Contains(append(rec.values(b.Via), rec.values(b.Via+".id")...), id) {
			out = append(out, rec)
		}
	}
	return out
}

// project is a reference as the API shows it: the target's Keep members.
func project(t *record, keep []string) *record {
	p := obj()
	for _, k := range keep {
		name, def, hasDef := strings.Cut(k, "=")
		if v := t.raw(name); v != nil {
			p.put(name, v)
		} else if hasDef {
			p.put(name, json.RawMessage(def))
		}
	}
	return p
}

func isPrivate(k string) bool { return strings.HasPrefix(k, "_") }

// public is a record as it goes on the wire, without private members.
func public(v *record) *record {
	if !slices.ContainsFunc(v.keys, isPrivate) {
		return v
	}
	p := v.clone()
	p.keys = slices.DeleteFunc(p.keys, isPrivate)
	return p
}

func publicAll(items []*record) []*record {
	out := make([]*record, len(items))
	for i, v := range items {
		out[i] = public(v)
	}
	return out
}

// list is a resource's records in scope that pass the request's filters, as read.
func (c *call) list(res *Resource) ([]*record, *reply) {
	for _, p := range res.Needs {
		if c.q(p) == "" {
			rep := c.fail(missing, p)
			return nil, &rep
		}
	}
	var tests []func(*record) bool
	for _, f := range res.Filters {
		test, bad := f.compile(c)
		if bad != nil {
			return nil, bad
		}
		if test != nil {
			tests = append(tests, test)
		}
	}
	if res.svc.filter != nil {
		tests = append(tests, res.svc.filter(c))
	}
	var out []*record
	for _, rec := range c.s.store(res.Name).items {
		if !c.inScope(res, rec) {
			continue
		}
		v := c.view(res, rec, false)
		if !slices.ContainsFunc(tests, func(test func(*record) bool) bool { return !test(v) }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// compile reads the filter's parameter; nil means it does not apply.
func (f Filter) compile(c *call) (func(*record) bool, *reply) {
	vals := multi(c, f.Param)
	if f.Op != In && f.Op != PrefixIn && c.q(f.Param) != "" {
		vals = []string{c.q(f.Param)}
	}
	if len(vals) == 0 && f.Default != "" {
		vals = []string{f.Default}
	}
	if len(vals) == 0 || (f.All != "" && strings.EqualFold(vals[0], f.All)) {
		return nil, nil
	}
	for _, v := range vals {
		_, numErr := strconv.ParseFloat(v, 64)
		_, intErr := strconv.Atoi(v)
		if (f.Enum != nil && !slices.ContainsFunc(f.Enum, func(e string) bool { return strings.EqualFold(e, v) })) ||
			(f.Int && intErr != nil) || ((f.Op == AtLeast || f.Op == AtMost) && numErr != nil) {
			rep := c.fail(badParam, f.Param, v)
			return nil, &rep
		}
	}
	want := vals[0]
	yes := strings.EqualFold(want, "true") || want == "1"
	if f.Op == OnlyTrue && !yes {
		return nil, nil
	}
	w, _ := strconv.ParseFloat(want, 64)
	match := func(have string) bool {
		h, err := strconv.ParseFloat(have, 64)
		switch f.Op {
		case Contains:
			return containsFold(have, want)
		case Prefix:
			return prefixFold(have, want)
		case Equal:
			return strings.EqualFold(have, want)
		case In, PrefixIn:
			return slices.ContainsFunc(vals, func(w string) bool {
				return strings.EqualFold(have, w) || (f.Op == PrefixIn && prefixFold(have, w))
			})
		case AtLeast, AtMost:
			return err == nil && ((f.Op == AtLeast && h >= w) || (f.Op == AtMost && h <= w))
		}
		return (err == nil && h != 0) || have == "true" // Bool, OnlyTrue: true, or a number other than zero
	}
	return func(o *record) bool {
		found := false
		for _, field := range f.Fields {
			found = found || slices.ContainsFunc(o.values(field), match)
		}
		return found == (yes || f.Op != Bool)
	}, nil
}

// multi reads a parameter that may repeat or be comma-separated.
func multi(c *call, name string) []string {
	var out []string
	for _, v := range c.query[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// either is yes if cond holds, else no.
func either[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
func prefixFold(s, p string) bool { return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p)) }

// ---- the generic routes ----

func listRecords(c *call) reply {
	items, bad := c.list(c.res)
	if bad != nil {
		return *bad
	}
	return c.svc.page(c, items)
}

func getRecord(c *call) reply {
	if rec := c.find(); rec != nil {
		return jsonReply(http.StatusOK, public(c.view(c.res, rec, false)))
	}
	return c.fail(notFound, c.id())
}

// getByQuery answers the one record whose id the query names (ZCC's /getOtp?udid=; a private id, ZPA's LSS formats' _logType, without its _).
func getByQuery(c *call) reply {
	key := strings.TrimPrefix(c.res.idField(), "_")
	if rec := c.s.store(c.res.Name).get(c.q(key)); rec != nil {
		return jsonReply(http.StatusOK, public(c.view(c.res, rec, false)))
	}
	return c.fail(either(c.q(key) == "", missing, notFound), cmp.Or(c.q(key), key)) // ZCC's refusals carry no detail
}

func deleteRecord(c *call) reply {
	rec := c.find()
	if rec == nil {
		return c.fail(notFound, c.id())
	}
	names := []string{rec.text("name")}
	for _, b := range c.res.Backrefs {
		for _, r := range c.referrers(c.res, rec, b) {
			names = append(names, r.text("name"))
		}
	}
	if c.res.InUse && len(names) > 1 {
		return c.fail(inUse, names...)
	}
	c.s.store(c.res.Name).remove(c.id())
	c.changed()
	return noContent()
}

// writeRecord serves POST (create), PUT (replace) and PATCH (merge). The
// body's members become the record, in the resource's field order, over the
// template's defaults (or, for PATCH, the stored record); members the server
// owns (ids, stamps, joins) are its own whatever the body says.
func writeRecord(c *call) reply {
	res, st := c.res, c.s.store(c.res.Name)
	old := c.find()
	if old == nil && c.r.Method != http.MethodPost {
		return c.fail(notFound, c.id())
	}
	body, err := parseRecord(c.body)
	if err != nil {
		return c.fail(badBody)
	}
	rec := st.fresh()
	if c.r.Method == http.MethodPatch {
		rec = old.clone()
	}
	for _, k := range body.keys {
		if t, v := kind(st.template.raw(k)), body.raw(k); res.serverOwned(k) {
			continue
		} else if t != 'n' && kind(v) != 'n' && kind(v) != t {
			return c.fail(badBody) // a boolean is not a number
		} else {
			rec.put(k, v)
		}
	}
	for _, f := range res.Required {
		text := strings.TrimSpace(rec.text(f))
		if text == "" {
			return c.fail(missing, f)
		} else if kind(rec.raw(f)) == '"' {
			rec.set(f, text)
		}
	}
	for _, other := range st.items {
		if u := res.Unique; u != "" && other != old && strings.EqualFold(other.text(u), rec.text(u)) {
			return c.fail(duplicate, u, rec.text(u))
		}
	}
	c.stamp(rec, old)
	st.put(rec)
	c.changed()
	switch {
	case old == nil && c.svc.echoStored:
		return jsonReply(c.svc.created, public(rec))
	case old == nil:
		return jsonReply(c.svc.created, public(c.view(res, rec, false)))
	case c.svc.updated == http.StatusNoContent:
		return noContent()
	}
	return jsonReply(c.svc.updated, public(c.view(res, rec, false)))
}

// nextFormattedID is the resource's NewID for one more than the highest
// id of its store that the format writes.
func (c *call) nextFormattedID() string {
	high := int64(0)
	for _, rec := range c.s.store(c.res.Name).items {
		var n int64
		id := rec.text(c.res.idField())
		if _, err := fmt.Sscanf(id, c.res.NewID, &n); err == nil && fmt.Sprintf(c.res.NewID, n) == id {
			high = max(high, n)
		}
	}
	return fmt.Sprintf(c.res.NewID, high+1)
}

// stamp sets what the server owns: the id, the scope, the private members
// and creation stamps an update keeps, and the stamps of this write.
func (c *call) stamp(rec, old *record) {
	switch {
	case old == nil && c.res.NewID != "":
		rec.set(c.res.idField(), c.nextFormattedID())
	case old == nil:
		c.s.nextID[c.svc.name]++
		rec.set(c.res.idField(), c.svc.newID(c.svc.firstID+c.s.nextID[c.svc.name]))
	}
	for param, field := range c.res.Scope { // every write is filed where its path says
		rec.set(field, c.r.PathValue(param))
	}
	for i := 0; old != nil && i < len(old.keys); i++ {
		k := old.keys[i]
		if s, stamped := c.res.Stamps[k]; k == c.res.idField() || isPrivate(k) || (stamped && (s == Created || s == Creator)) {
			rec.put(k, old.raw(k))
		}
	}
	for f, s := range c.res.Stamps {
		switch {
		case old != nil && (s == Created || s == Creator): // kept above
		case s == Created || s == Modified:
			rec.set(f, c.svc.clock(c.now))
		default:
			rec.set(f, c.svc.admin)
		}
	}
}

// changed notes a write: services that stage changes wait for activation.
func (c *call) changed() {
	if c.svc.staged {
		c.s.pending[c.svc.name] = true
	}
}

// pageOf returns the 1-based page of size items, or nil past the end.
func pageOf[T any](items []T, page, size int) []T {
	start := (page - 1) * size
	if page < 1 || size < 1 || start >= len(items) {
		return nil
	}
	return items[start:min(start+size, len(items))]
}

// pageArgs reads a page number and size: absent, the first page of the
// default size; a size past the largest is the largest, as the APIs do.
func (c *call) pageArgs(pageParam, sizeParam string, first int) (page, size int, bad *reply) {
	page, size = first, cmp.Or(c.res.PageSize, c.svc.pageSize)
	for name, dst := range map[string]*int{pageParam: &page, sizeParam: &size} {
		if raw := c.q(name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				rep := c.fail(badParam, name, raw)
				return 0, 0, &rep
			}
			*dst = n
		}
	}
	return max(page, first), min(max(size, 1), cmp.Or(c.res.MaxPage, c.svc.maxPage)), nil
}

// pageBare is the page/pageSize convention of ZIA, ZTW and ZCC: bare arrays.
func pageBare(c *call, items []*record) reply {
	if c.res.Unpaged {
		return jsonReply(http.StatusOK, publicAll(items))
	}
	page, size, bad := c.pageArgs("page", "pageSize", 1)
	if bad != nil {
		return *bad
	}
	return jsonReply(http.StatusOK, publicAll(pageOf(items, page, size)))
}
