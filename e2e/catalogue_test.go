package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// TestEveryToolOfTheCatalogue is how each tool proves it works: the whole
// catalogue, through the real binary over MCP, against the sandbox. Every
// read tool answers its example arguments (declared on its row, or ids from
// the seed) without an error, with records where the seed has them; every
// write tool round-trips on its resource: create, then the record is listed
// and got; update one member, which changes while the others stay; delete,
// confirmed through the confirmation token, and the record is gone. A tool
// the test cannot call is a failure, with what to add.
func TestEveryToolOfTheCatalogue(t *testing.T) {
	tn := newTenant(t)
	s := start(t, stdio, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", writeAll))
	offered := listTools(t, s)
	families := map[string]*family{}
	var reads []*catalog.Tool
	for _, tool := range inventory.All() {
		if offered[tool.Name] == nil {
			t.Errorf("%s: the server does not offer it with writes on and every tool allowed", tool.Name)
			continue
		}
		if (offered[tool.Name].OutputSchema != nil) != (tool.Output != nil) {
			t.Errorf("%s: outputSchema advertised = %v, but the row declares one = %v", tool.Name, offered[tool.Name].OutputSchema != nil, tool.Output != nil)
		}
		if tool.Path == "" && tool.Action == catalog.Read { // a fixed catalogue the server answers itself
			reads = append(reads, tool)
			continue
		}
		rt, ok := tn.RouteFor(tool.Method, tool.Path)
		if !ok {
			t.Errorf("%s: the sandbox serves no %s %s: add a resource row for it (or a handler in a row's Routes) "+
				"in internal/sandbox/<service>.go, with its seed file; see docs/sandbox.md", tool.Name, tool.Method, tool.Path)
			continue
		}
		key := rt.Resource // a family is a resource, or the part of one its tools name
		if tool.Part != "" {
			key += " " + tool.Part
		}
		f := families[key]
		if f == nil {
			f = &family{resource: rt.Resource}
			families[key] = f
		}
		switch tool.Action {
		case catalog.Read:
			reads = append(reads, tool)
			if tool.IsList() && !hasIDPlaceholder(tool.Path) && f.list == nil {
				f.list = tool
			} else if tool.Shape == catalog.Record && hasIDPlaceholder(tool.Path) && f.get == nil {
				f.get = tool
			} else if tool.Shape == catalog.Record && !hasIDPlaceholder(tool.Path) && f.single == nil {
				f.single = tool
			}
		case catalog.Create:
			f.create = append(f.create, tool)
		case catalog.Update:
			f.update = append(f.update, tool)
		case catalog.Delete:
			f.delete = append(f.delete, tool)
		}
	}
	for _, tool := range reads {
		t.Run(tool.Name, func(t *testing.T) { checkRead(t, s, tn, tool) })
	}
	for _, name := range slices.Sorted(maps.Keys(families)) {
		if f := families[name]; len(f.create)+len(f.update)+len(f.delete) > 0 {
			t.Run(strings.ReplaceAll(name, " ", "/"), func(t *testing.T) { f.roundTrips(t, s, tn) })
		}
	}
}

// family is a resource's tools. single reads a resource that is one record
// without an id (a tenant's settings, its activation status).
type family struct {
	resource               string
	list, get, single      *catalog.Tool
	create, update, delete []*catalog.Tool
}

func checkRead(t *testing.T, s *server, tn *tenant, tool *catalog.Tool) {
	var rt sandbox.Route
	if tool.Path != "" {
		rt, _ = tn.RouteFor(tool.Method, tool.Path)
	}
	args, err := exampleArgs(tool, rt)
	if err != nil {
		t.Fatal(err)
	}
	res := call(t, s, tool.Name, args)
	if res.IsError {
		t.Fatalf("%s(%v) answered an error: %s", tool.Name, args, text(res))
	}
	sc, _ := res.StructuredContent.(map[string]any)
	if tool.IsList() {
		if recs, _ := sc["result"].([]any); len(recs) == 0 && rt.Records > 0 {
			t.Errorf("%s(%v) returned no records, though %s holds %d", tool.Name, args, rt.Resource, rt.Records)
		}
	} else if len(sc) == 0 {
		t.Errorf("%s(%v) returned an empty record", tool.Name, args)
	}
	if tool.Output != nil {
		conforms(t, tool, sc)
	}
	if banner := strings.HasPrefix(text(res), "[UNTRUSTED CONTENT]"); banner != tool.Untrusted {
		t.Errorf("%s: untrusted-content banner in the text = %v, want %v", tool.Name, banner, tool.Untrusted)
	}
}

// conforms checks a structuredContent against the tool's outputSchema.
func conforms(t *testing.T, tool *catalog.Tool, sc map[string]any) {
	t.Helper()
	var schema jsonschema.Schema
	if err := json.Unmarshal(tool.Output, &schema); err != nil {
		t.Fatalf("%s: the output schema does not decode: %v", tool.Name, err)
	}
	resolved, err := schema.Resolve(nil)
	if err != nil {
		t.Fatalf("%s: the output schema does not resolve: %v", tool.Name, err)
	}
	if err := resolved.Validate(sc); err != nil {
		t.Errorf("%s: structuredContent does not conform to the outputSchema: %v\n%v", tool.Name, err, sc)
	}
}

// exampleArgs are the row's example arguments, with the required path ids
// it leaves out taken from the first seed record of the tool's resource.
func exampleArgs(tool *catalog.Tool, rt sandbox.Route) (map[string]any, error) {
	args := maps.Clone(tool.Example)
	if args == nil {
		args = map[string]any{}
	}
	ids := pathValues(tool.Path, rt.Example)
	for _, p := range tool.Params {
		if _, given := args[p.Name]; given || !p.Required {
			continue
		}
		if v, ok := ids[p.Name]; ok {
			args[p.Name] = v
			continue
		}
		if p.In == catalog.InPath {
			return nil, fmt.Errorf("%s needs %s, and %s holds no record to take it from: add records to "+
				"internal/sandbox/seed/%s.json", tool.Name, p.Name, rt.Resource, rt.Resource)
		}
		return nil, fmt.Errorf("%s needs %s: declare Example on its row with a value the sandbox accepts", tool.Name, p.Name)
	}
	return args, nil
}

// pathValues maps a path template's placeholders to the segments of an
// example path in the same places.
func pathValues(template, example string) map[string]string {
	out := map[string]string{}
	have := strings.Split(example, "/")
	for i, seg := range strings.Split(template, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok && i < len(have) && example != "" {
			if v, err := url.PathUnescape(have[i]); err == nil {
				out[strings.TrimSuffix(name, "}")] = v
			}
		}
	}
	return out
}

func hasIDPlaceholder(path string) bool {
	return strings.Contains(strings.ReplaceAll(path, "{customerId}", ""), "{")
}

// lastPlaceholder is the path parameter naming the record itself (the
// others, before it, name its parents).
func lastPlaceholder(path string) string {
	i := strings.LastIndex(path, "{")
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(path[i+1:], "}")
}

func pick(tools []*catalog.Tool, i int) *catalog.Tool {
	if len(tools) == 0 {
		return nil
	}
	return tools[min(i, len(tools)-1)]
}

// roundTrips runs every write tool of the resource at least once.
func (f *family) roundTrips(t *testing.T, s *server, tn *tenant) {
	var edits []*catalog.Tool
	for _, w := range slices.Concat(f.create, f.update, f.delete) {
		if listAction(w) != "" {
			edits = append(edits, w)
		}
	}
	if len(edits) > 0 {
		f.listEdits(t, s, tn, edits)
		isEdit := func(w *catalog.Tool) bool { return listAction(w) != "" }
		f.create, f.update, f.delete = slices.DeleteFunc(f.create, isEdit), slices.DeleteFunc(f.update, isEdit), slices.DeleteFunc(f.delete, isEdit)
		if len(f.create)+len(f.update)+len(f.delete) == 0 {
			return
		}
	}
	if f.single == nil && f.list == nil && f.get == nil && len(f.create)+len(f.delete) == 0 {
		// A change no read tool shows (a bulk update): it must answer the view its outputSchema declares.
		for _, w := range f.update {
			if w.Output == nil {
				t.Fatalf("%s changes %s, which no read tool shows, and declares no outputSchema for what it answers", w.Name, f.resource)
			}
			rt, _ := tn.RouteFor(w.Method, w.Path)
			args, err := exampleArgs(w, rt)
			if err != nil {
				t.Fatal(err)
			}
			conforms(t, w, ok(t, s, w.Name, args))
		}
		return
	}
	if f.single != nil && f.list == nil && f.get == nil {
		for _, w := range slices.Concat(f.create, f.update, f.delete) {
			f.setOnce(t, s, tn, w)
		}
		return
	}
	if f.list == nil && f.get == nil {
		t.Fatalf("%s has write tools but no list or get tool to confirm what they did: add a read tool for it", f.resource)
	}
	for i := range max(len(f.create), len(f.update), len(f.delete)) {
		f.roundTrip(t, s, tn, pick(f.create, i), pick(f.update, i), pick(f.delete, i))
	}
}

func (f *family) roundTrip(t *testing.T, s *server, tn *tenant, create, update, del *catalog.Tool) {
	var id string
	var before map[string]any
	var idField string
	if create != nil {
		rt, _ := tn.RouteFor(create.Method, create.Path)
		idField = rt.IDField
		args, err := exampleArgs(create, rt)
		if err != nil {
			t.Fatal(err)
		}
		created := ok(t, s, create.Name, args)
		if id = jsonText(created[idField]); id == "" {
			t.Fatalf("%s answered no %s: %v", create.Name, idField, created)
		}
		before = created
		f.mustList(t, s, id, idField, true)
		if got := f.read(t, s, id, idField); got != nil {
			before = got
		}
	} else {
		w := update
		if w == nil {
			w = del
		}
		rt, _ := tn.RouteFor(w.Method, w.Path)
		idField = rt.IDField
		if id = pathValues(w.Path, rt.Example)[lastPlaceholder(w.Path)]; id == "" {
			t.Fatalf("%s has no create tool and %s holds no record for %s to work on: add records to its seed", f.resource, f.resource, w.Name)
		}
		if before = f.read(t, s, id, idField); before == nil {
			t.Fatalf("%s %s %s from the seed is not found by the read tools", f.resource, idField, id)
		}
	}
	if update != nil {
		f.checkUpdate(t, s, tn, update, id, idField, before)
	}
	if del != nil {
		rt, _ := tn.RouteFor(del.Method, del.Path)
		args, err := exampleArgs(del, rt)
		if err != nil {
			t.Fatal(err)
		}
		if hasIDPlaceholder(del.Path) {
			args[lastPlaceholder(del.Path)] = id
		} else { // a bulk delete: the id goes in its required list of ids
			for _, p := range del.Params {
				if p.Required && p.Type == catalog.StringList {
					args[p.Name] = []string{id}
				}
			}
		}
		confirmedDelete(t, s, del.Name, args)
		if f.get != nil {
			res := call(t, s, f.get.Name, f.idArgs(f.get, id))
			if said := strings.NewReplacer("_", " ", ".", " ").Replace(strings.ToLower(text(res))); !res.IsError ||
				!strings.Contains(said, "not found") && !strings.Contains(said, "404") {
				t.Errorf("%s after %s: %s %s is not reported missing: %s", f.get.Name, del.Name, idField, id, text(res))
			}
		}
		f.mustList(t, s, id, idField, false)
	}
}

// listAction is the incremental action of a write that adds values to a
// record's lists or takes them out (ZIA's ?action=ADD_TO_LIST), or "".
func listAction(w *catalog.Tool) string {
	if a := w.Fixed.Get("action"); a == "ADD_TO_LIST" || a == "REMOVE_FROM_LIST" {
		return a
	}
	return ""
}

// listEdits runs the writes that edit a record's lists, the adds first:
// afterwards the record (or the list, when the resource is one list of
// values) shows every value of the example's lists, or none of them.
func (f *family) listEdits(t *testing.T, s *server, tn *tenant, edits []*catalog.Tool) {
	slices.SortStableFunc(edits, func(a, b *catalog.Tool) int { return strings.Compare(listAction(a), listAction(b)) })
	for _, w := range edits {
		rt, _ := tn.RouteFor(w.Method, w.Path)
		args, err := exampleArgs(w, rt)
		if err != nil {
			t.Fatal(err)
		}
		if w.Action == catalog.Delete {
			confirmedDelete(t, s, w.Name, args)
		} else {
			ok(t, s, w.Name, args)
		}
		id, _ := args[lastPlaceholder(w.Path)].(string)
		adds, checked := listAction(w) == "ADD_TO_LIST", 0
		for member, v := range exampleChanges(w) {
			given, isList := v.([]string)
			if !isList {
				continue
			}
			var shown []any
			switch {
			case f.get != nil:
				shown, _ = ok(t, s, f.get.Name, f.idArgs(f.get, id))[member].([]any)
			case f.list != nil:
				shown, _ = ok(t, s, f.list.Name, f.listArgs(t))["result"].([]any)
			default:
				t.Fatalf("%s edits %s, which no read tool shows", w.Name, f.resource)
			}
			for _, g := range given {
				checked++
				if found := slices.ContainsFunc(shown, func(e any) bool { return jsonText(e) == g }); found != adds {
					t.Errorf("%s: %s shows %q = %v after the change, want %v: %v", w.Name, member, g, found, adds, shown)
				}
			}
		}
		if checked == 0 {
			t.Fatalf("%s: declare Example on its row with the list values the test should add or remove", w.Name)
		}
	}
}

// setOnce runs a write on a resource that is one record: a tool without
// parameters is an action (activation), which must answer and leave the
// record readable; any other updates the members its example gives, the
// others stay as they were, and setting the old values back restores it.
func (f *family) setOnce(t *testing.T, s *server, tn *tenant, w *catalog.Tool) {
	before := ok(t, s, f.single.Name, maps.Clone(f.single.Example))
	if len(w.Params) == 0 {
		ok(t, s, w.Name, map[string]any{})
		ok(t, s, f.single.Name, maps.Clone(f.single.Example))
		return
	}
	rt, _ := tn.RouteFor(w.Method, w.Path)
	changes := exampleChanges(w)
	if len(changes) == 0 {
		t.Fatalf("%s: declare Example on its row with the member(s) the test should change", w.Name)
	}
	for wire, v := range changes {
		if jsonText(before[wire]) == jsonText(v) {
			t.Errorf("%s: the example sets %s to %v, which it already is, so the test proves nothing", w.Name, wire, v)
		}
	}
	ok(t, s, w.Name, maps.Clone(w.Example))
	after := ok(t, s, f.single.Name, maps.Clone(f.single.Example))
	compareUpdate(t, w, rt, changes, before, after)
	// Restored: the members changed are given their old values back, and the object is as it was.
	back := map[string]any{}
	for _, p := range w.Params {
		switch v, given := w.Example[p.Name]; {
		case !given:
		case p.In == catalog.InBody:
			back[p.Name] = before[p.Wire]
		case p.In == catalog.InBodyMore:
			old := map[string]any{}
			for k := range v.(map[string]any) {
				old[k] = before[k]
			}
			back[p.Name] = old
		default:
			back[p.Name] = v
		}
	}
	ok(t, s, w.Name, back)
	compareUpdate(t, w, rt, map[string]any{}, before, ok(t, s, f.single.Name, maps.Clone(f.single.Example)))
}

// exampleChanges are the members an update's example sets: wire member → value.
func exampleChanges(update *catalog.Tool) map[string]any {
	changes := map[string]any{}
	for _, p := range update.Params {
		v, given := update.Example[p.Name]
		switch {
		case !given:
		case p.Build != nil && listAction(update) == "": // a built wire form (ids → references the read expands) is not predicted here
		case p.In == catalog.InBody:
			changes[p.Wire] = v
		case p.In == catalog.InBodyMore || p.In == catalog.InBodyRoot:
			if m, isObject := v.(map[string]any); isObject {
				maps.Copy(changes, m)
			}
		}
	}
	return changes
}

func compareUpdate(t *testing.T, update *catalog.Tool, rt sandbox.Route, changes, before, after map[string]any) {
	t.Helper()
	for wire, want := range changes {
		if jsonText(after[wire]) != jsonText(want) {
			t.Errorf("%s did not set %s: %v, want %v", update.Name, wire, after[wire], want)
		}
	}
	for k, v := range before {
		if _, changed := changes[k]; changed || slices.Contains(rt.Stamps, k) {
			continue
		}
		if !reflect.DeepEqual(after[k], v) {
			t.Errorf("%s changed %s, which it was not asked to: %v, now %v", update.Name, k, v, after[k])
		}
	}
}

func (f *family) checkUpdate(t *testing.T, s *server, tn *tenant, update *catalog.Tool, id, idField string, before map[string]any) {
	rt, _ := tn.RouteFor(update.Method, update.Path)
	args, err := exampleArgs(update, rt)
	if err != nil {
		t.Fatal(err)
	}
	idParam := lastPlaceholder(update.Path)
	args[idParam] = id
	changes := exampleChanges(update)
	if len(changes) == 0 {
		t.Fatalf("%s: declare Example on its row with the member(s) the test should change", update.Name)
	}
	after := ok(t, s, update.Name, args)
	if got := f.read(t, s, id, idField); got != nil {
		after = got
	}
	compareUpdate(t, update, rt, changes, before, after)
}

// read gets the record through the get tool, or finds it in the list; nil
// when neither shows it.
func (f *family) read(t *testing.T, s *server, id, idField string) map[string]any {
	t.Helper()
	if f.get != nil {
		got := ok(t, s, f.get.Name, f.idArgs(f.get, id))
		if jsonText(got[idField]) != id {
			t.Errorf("%s(%s) answered %s %v", f.get.Name, id, idField, got[idField])
		}
		return got
	}
	for _, r := range rows(t, ok(t, s, f.list.Name, f.listArgs(t))) {
		if jsonText(r[idField]) == id {
			return r
		}
	}
	return nil
}

func (f *family) idArgs(get *catalog.Tool, id string) map[string]any {
	args := maps.Clone(get.Example)
	if args == nil {
		args = map[string]any{}
	}
	args[lastPlaceholder(get.Path)] = id
	return args
}

func (f *family) listArgs(t *testing.T) map[string]any {
	args := maps.Clone(f.list.Example)
	for _, p := range f.list.Params {
		if p.Required && args[p.Name] == nil {
			t.Fatalf("%s needs %s to list: declare Example on its row", f.list.Name, p.Name)
		}
	}
	return args
}

// mustList checks that the list tool shows the record (or, after a delete, does not).
func (f *family) mustList(t *testing.T, s *server, id, idField string, want bool) {
	t.Helper()
	if f.list == nil {
		return
	}
	found := false
	for _, r := range rows(t, ok(t, s, f.list.Name, f.listArgs(t))) {
		found = found || jsonText(r[idField]) == id
	}
	if found != want {
		t.Errorf("%s: %s %s listed = %v, want %v", f.list.Name, idField, id, found, want)
	}
}
