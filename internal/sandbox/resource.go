package sandbox

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
)

// Resource is one collection of a service's API, declared as data: a row
// of rows/<service>/<family>.json, decoded into this type (member names as the field
// names, in any case). The engine of its service serves it from these
// fields and its seed file, seed/<Name>.json; behaviour that is not storage
// is a handler its Routes name.
type Resource struct {
	Name string // "zia/rule_labels": the service, then the seed file's name
	What string // "rule label": how error messages name one record
	Note string // why the row is as it is; the engine ignores it

	Path string   // the collection under the service prefix; "" = no collection
	Item string   // one record; default Path + "/{id}"
	Also []string // more item paths, absolute, served like Item (ZPA's v2 PUT)
	ID   string   // the id member; default "id"
	// NewID is the format of a created record's id when the API has its
	// own (ZIA's custom URL categories are CUSTOM_01, CUSTOM_02, ...): %d
	// is one more than the highest id of the store it matches. Default: the
	// service's numbering.
	NewID string
	Verbs []string // generic routes: list, get, create, update (PUT replaces), patch (PATCH merges), delete

	// Scope maps a path wildcard of a nested collection to the member that
	// holds it ("org_id" → "_org"): a list shows, and a write files, only
	// the records of the path's parent.
	Scope map[string]string

	Key      string // where records sit: a resource-keyed envelope's member (ZDX "devices"), a GraphQL field path
	Unpaged  bool   // one answer holds every record, although the service pages
	PageSize int    // default page size; 0 = the service's
	MaxPage  int    // largest page size honoured; 0 = the service's

	Filters  []Filter
	Needs    []string // query parameters (GraphQL: variables) a list must give
	Refs     []Ref
	Backrefs []Backref

	Stamps   map[string]Stamp // members the server sets on writes
	Required []string         // members a write must give (non-empty)
	Unique   string           // a member no two records share, ignoring case
	InUse    bool             // a record its Backrefs find cannot be deleted
	Derived  []string         // members Render computes; writes ignore them

	// Render names a renderer (in renderers) that computes members the
	// declarations cannot express, on every read.
	Render string
	// Routes map "METHOD /path" (under the service prefix) to a handler's
	// name (in handlers): behaviour beyond storage.
	Routes map[string]string

	svc    *service
	render func(c *call, rec *record)
}

// Stamp is a member the server sets: the time of the create ("created") or
// of every write ("modified"); the admin who created it ("creator") or who
// wrote last ("modifier"). Updates keep what the create stamped.
type Stamp string

const (
	Created  Stamp = "created"
	Modified Stamp = "modified"
	Creator  Stamp = "creator"
	Modifier Stamp = "modifier"
)

// Filter is a list query parameter matched against record members.
type Filter struct {
	Param  string
	Fields []string // dotted paths through objects and lists ("department.name")
	Op     Op
	// Default stands in when the parameter is absent; All is the value
	// that means "no filter".
	Default, All string
	Enum         []string // the accepted values (ignoring case); others are refused
	Int          bool     // every value must be an integer
}

// Op is how a filter compares; text comparisons ignore case.
type Op string

const (
	Contains Op = "contains" // any field contains the value
	Prefix   Op = "prefix"   // any field starts with the value
	Equal    Op = "equal"    // any field is the value
	Bool     Op = "bool"     // the value is true or false, as is any field (non-zero is true)
	OnlyTrue Op = "onlyTrue" // true keeps records whose field is true; false keeps all
	In       Op = "in"       // the parameter repeats or lists values (a,b): any field is one of them
	PrefixIn Op = "prefixIn" // as In, by prefix
	AtLeast  Op = "atLeast"  // any field is a number ≥ the value (a time window's start)
	AtMost   Op = "atMost"   // any field is a number ≤ the value (its end)
)

// Ref is a member that refers to records of another resource: a list of
// objects with an id, one such object, or a bare id. Every ref is checked
// against the seed; Keep and Name make reads show the target as it is now.
type Ref struct {
	Field string
	To    string // the target resource's Name
	By    string // the target member the reference holds; default its id
	// Keep is the target's members a reference shows, in order; "k=v" shows
	// the JSON v when the target has no k. A reference to a missing record
	// is dropped.
	Keep []string
	// Name, for a bare id, is the member that shows the target's name.
	Name string
}

// Backref fills Field with the records of From whose Via refers to this one.
type Backref struct {
	Field, From, Via string
	Keep             []string // as Ref.Keep; nil = the whole record as read
	Count            bool     // Field holds how many (summed over backrefs of one Field)
}

//go:embed seed rows
var dataFS embed.FS

// loadRows decodes a service's rows: every rows/<service>/*.json file, one
// per resource family, in name order. A row that does not decode is a build
// defect, hence the panic; TestRowsNameWhatExists checks what they name.
func loadRows(svc *service) []*Resource {
	var rows []*Resource
	files, _ := fs.Glob(dataFS, "rows/"+svc.name+"/*.json")
	for _, file := range files {
		var family []*Resource
		data, err := dataFS.ReadFile(file)
		if dec := json.NewDecoder(bytes.NewReader(data)); err == nil {
			dec.DisallowUnknownFields()
			err = dec.Decode(&family)
		}
		if err != nil {
			panic("sandbox: " + file + ": " + err.Error())
		}
		for _, res := range family {
			res.render = renderers[res.Render]
		}
		rows = append(rows, family...)
	}
	return rows
}

// store is one resource's records in list order. The real APIs answer
// oldest first and clients page through that order, so a stable order is
// what makes paging testable.
type store struct {
	res      *Resource
	template *record // field order and the defaults of a created record
	items    []*record
	index    map[string]int
}

// loadStore decodes a resource's seed file; a resource without one starts
// empty. A seed that does not decode is a build defect, hence the panic
// (TestSeedsMatchTheirRows decodes every one).
func loadStore(res *Resource) *store {
	var f struct {
		Template json.RawMessage   `json:"template"`
		Records  []json.RawMessage `json:"records"`
	}
	data, err := dataFS.ReadFile("seed/" + res.Name + ".json")
	if errors.Is(err, fs.ErrNotExist) {
		data, err = []byte(`{"template":{}}`), nil
	}
	if err == nil {
		err = json.Unmarshal(data, &f)
	}
	st := &store{res: res, template: obj()}
	if err == nil && f.Template != nil {
		st.template, err = parseRecord(f.Template)
	}
	st.template.order = fieldOrder{}
	for i, k := range st.template.keys {
		st.template.order[k] = i
	}
	for i := 0; err == nil && i < len(f.Records); i++ {
		var rec *record
		if rec, err = parseRecord(f.Records[i]); err == nil {
			rec.order = st.template.order
			st.items = append(st.items, rec)
		}
	}
	if err != nil {
		panic("sandbox: seed " + res.Name + ": " + err.Error())
	}
	st.reindex()
	return st
}

func (st *store) reindex() {
	st.index = make(map[string]int, len(st.items))
	for i, rec := range st.items {
		st.index[rec.text(st.res.idField())] = i
	}
}

func (st *store) get(id string) *record {
	if i, ok := st.index[id]; ok {
		return st.items[i]
	}
	return nil
}

// put stores a new record last, or a changed one in its place.
func (st *store) put(rec *record) {
	if i, ok := st.index[rec.text(st.res.idField())]; ok {
		st.items[i] = rec
	} else {
		st.items = append(st.items, rec)
		st.reindex()
	}
}

func (st *store) remove(id string) {
	st.items = slices.DeleteFunc(st.items, func(rec *record) bool { return rec.text(st.res.idField()) == id })
	st.reindex()
}

// fresh is a new record: the template's members that have a default.
func (st *store) fresh() *record {
	rec := obj()
	rec.order = st.template.order
	for _, k := range st.template.keys {
		if v := st.template.raw(k); kind(v) != 'n' {
			rec.put(k, v)
		}
	}
	return rec
}

func (r *Resource) idField() string { return cmp.Or(r.ID, "id") }

func (r *Resource) itemPath() string {
	if r.Item == "" && r.Path != "" {
		return r.Path + "/{id}"
	}
	return r.Item
}

// serverOwned reports whether a write ignores a member: the id, private
// members, stamps and what reads compute (a client that sends back what it
// read must not store joins).
func (r *Resource) serverOwned(k string) bool {
	_, stamped := r.Stamps[k]
	return stamped || isPrivate(k) || k == r.idField() || r.computed(k)
}

// computed reports whether reads compute a member; seeds leave it out.
func (r *Resource) computed(k string) bool {
	return slices.Contains(r.Derived, k) || slices.Contains(r.svc.derived, k) ||
		slices.ContainsFunc(r.Refs, func(ref Ref) bool { return ref.Name == k }) ||
		slices.ContainsFunc(r.Backrefs, func(b Backref) bool { return b.Field == k })
}
