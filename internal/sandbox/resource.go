package sandbox

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
)

// Resource is one collection of a service's API, declared as data. The
// engine of its service serves it from these fields and its seed file,
// seed/<Name>.json; behaviour that is not storage is a handler in Routes.
type Resource struct {
	Name string // "zia/rule_labels": the service, then the seed file's name
	What string // "rule label": how error messages name one record

	Path  string   // the collection under the service prefix; "" = no collection
	Item  string   // one record; default Path + "/{id}"
	Also  []string // more item paths, absolute, served like Item (ZPA's v2 PUT)
	ID    string   // the id member; default "id"
	Verbs Verb     // the generic routes it serves

	// Scope maps a path wildcard of a nested collection to the member that
	// holds it ("org_id" → "_org"): a list shows, and a write files, only
	// the records of the path's parent.
	Scope map[string]string

	Key      string // the envelope member of a resource-keyed list (ZDX "devices")
	Unpaged  bool   // one answer holds every record, although the service pages
	PageSize int    // default page size; 0 = the service's
	MaxPage  int    // largest page size honoured; 0 = the service's

	Filters  []Filter
	Refs     []Ref
	Backrefs []Backref

	Stamps   map[string]Stamp // members the server sets on writes
	Required []string         // members a write must give (non-empty)
	Unique   string           // a member no two records share, ignoring case
	InUse    bool             // a record its Backrefs find cannot be deleted
	Derived  []string         // members Render computes; writes ignore them

	// Render computes members the declarations cannot express, on every read.
	Render func(c *call, rec *record)
	// Routes are handlers for behaviour beyond storage, "METHOD /path" under
	// the service prefix.
	Routes map[string]handler

	svc *service
}

// Verb is a set of the generic routes a resource serves.
type Verb int

const (
	List   Verb = 1 << iota // GET Path
	Get                     // GET Item
	Create                  // POST Path
	Update                  // PUT Item: the body replaces the record
	Patch                   // PATCH Item: the body's members are merged in
	Delete                  // DELETE Item

	ReadOnly = List | Get
	CRUD     = List | Get | Create | Update | Delete
)

// Stamp is a server-assigned member.
type Stamp int

const (
	Created  Stamp = iota // the time of the create, kept by updates
	Modified              // the time of every write
	Creator               // the admin who created it, kept by updates
	Modifier              // the admin of every write
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
type Op int

const (
	Contains Op = iota // any field contains the value
	Prefix             // any field starts with the value
	Equal              // any field is the value
	Bool               // the value is true or false, as is any field (non-zero is true)
	OnlyTrue           // true keeps records whose field is true; false keeps all
	In                 // the parameter repeats or lists values (a,b): any field is one of them
	PrefixIn           // as In, by prefix
	AtLeast            // any field is a number ≥ the value (a time window's start)
	AtMost             // any field is a number ≤ the value (its end)
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

//go:embed seed
var seedFS embed.FS

// store is one resource's records in list order. The real APIs answer
// oldest first and clients page through that order, so a stable order is
// what makes paging testable.
type store struct {
	res      *Resource
	template *record // field order and the defaults of a created record
	items    []*record
	index    map[string]int
}

type seedFile struct {
	Template json.RawMessage   `json:"template"`
	Records  []json.RawMessage `json:"records"`
}

// loadStore decodes a resource's seed file; a resource without one starts
// empty. A seed that does not decode is a build defect, hence the panic
// (TestSeedsMatchTheirRows decodes every one).
func loadStore(res *Resource) *store {
	st := &store{res: res, template: &record{vals: map[string]json.RawMessage{}}}
	data, err := seedFS.ReadFile("seed/" + res.Name + ".json")
	if errors.Is(err, fs.ErrNotExist) {
		st.reindex()
		return st
	}
	var f seedFile
	if err == nil {
		err = json.Unmarshal(data, &f)
	}
	if err == nil && f.Template != nil {
		st.template, err = parseRecord(f.Template)
	}
	order := fieldOrder{}
	for i, k := range st.template.keys {
		order[k] = i
	}
	st.template.order = order
	for i := 0; err == nil && i < len(f.Records); i++ {
		var rec *record
		if rec, err = parseRecord(f.Records[i]); err == nil {
			rec.order = order
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

func (st *store) put(rec *record) {
	if i, ok := st.index[rec.text(st.res.idField())]; ok {
		st.items[i] = rec
		return
	}
	st.items = append(st.items, rec)
	st.reindex()
}

func (st *store) remove(id string) {
	if i, ok := st.index[id]; ok {
		st.items = append(st.items[:i:i], st.items[i+1:]...)
		st.reindex()
	}
}

// fresh is a new record: the template's members that have a default.
func (st *store) fresh() *record {
	rec := &record{vals: map[string]json.RawMessage{}, order: st.template.order}
	for _, k := range st.template.keys {
		if v := st.template.raw(k); kind(v) != 'n' {
			rec.put(k, v)
		}
	}
	return rec
}

func (r *Resource) idField() string {
	if r.ID == "" {
		return "id"
	}
	return r.ID
}

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
