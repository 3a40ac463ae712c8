package sandbox

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestSeedsMatchTheirRows holds every seed file to its resource row: it
// decodes, its ids are there and unique, its records give the required
// members in the types of the template, store no member the engine computes,
// and every reference points at a record that exists.
func TestSeedsMatchTheirRows(t *testing.T) {
	ten := New(Options{})
	ten.routed()
	s := newState(ten)
	for _, res := range ten.resources {
		for _, p := range seedProblems(s, res) {
			t.Error(p)
		}
	}
	// Every seed file belongs to a row.
	_ = fs.WalkDir(dataFS, "seed", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if name := strings.TrimSuffix(strings.TrimPrefix(path, "seed/"), ".json"); ten.resources[name] == nil {
				t.Errorf("%s belongs to no resource row", path)
			}
		}
		return nil
	})
}

func seedProblems(s *state, res *Resource) []string {
	var out []string
	st := s.store(res.Name)
	if slices.ContainsFunc(res.Verbs, func(v string) bool { return v == "create" || v == "update" || v == "patch" }) && len(st.template.keys) == 0 {
		out = append(out, res.Name+": a writable resource needs a template in its seed file (its field order and defaults)")
	}
	seen := map[string]bool{}
	for i, rec := range st.items {
		id := rec.text(res.idField())
		where := res.Name + " record " + itoa(i) + " (" + id + ")"
		if id == "" || seen[id] {
			out = append(out, where+": the id is empty or repeated")
		}
		seen[id] = true
		for _, f := range append(res.Required, scopeFields(res)...) {
			if strings.TrimSpace(rec.text(f)) == "" && kind(rec.raw(f)) != '[' {
				out = append(out, where+": required member "+f+" is missing")
			}
		}
		for _, k := range rec.keys {
			if res.computed(k) {
				out = append(out, where+": "+k+" is computed on every read; leave it out of the seed")
			}
			tk, inTemplate := st.template.vals[k]
			if len(st.template.keys) > 0 && !inTemplate && !isPrivate(k) {
				out = append(out, where+": "+k+" is not in the template (a typo, or add it there in its place)")
			}
			if inTemplate && kind(tk) != 'n' && kind(rec.raw(k)) != 'n' && kind(tk) != kind(rec.raw(k)) {
				out = append(out, where+": "+k+" is "+string(rec.raw(k))+", of another type than the template's "+string(tk))
			}
		}
		for _, ref := range res.Refs {
			for _, target := range refTargets(rec.raw(ref.Field)) {
				if (&call{s: s, t: s.t}).target(ref, target) == nil {
					out = append(out, where+": "+ref.Field+" refers to "+ref.To+" "+target+", which does not exist")
				}
			}
		}
	}
	return out
}

func scopeFields(res *Resource) []string {
	var out []string
	for _, f := range res.Scope {
		out = append(out, f)
	}
	return out
}

// refTargets are the ids a reference member holds: a bare id, an object
// with an id, or a list of either.
func refTargets(raw json.RawMessage) []string {
	switch kind(raw) {
	case 'n':
		return nil
	case '[':
		var elems []json.RawMessage
		_ = json.Unmarshal(raw, &elems)
		var out []string
		for _, e := range elems {
			out = append(out, refTargets(e)...)
		}
		return out
	}
	return []string{refID(raw)}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestSeedCheckFindsDefects makes sure the check above can fail: each kind
// of defect planted in a seed is reported.
func TestSeedCheckFindsDefects(t *testing.T) {
	ten := New(Options{})
	ten.routed()
	s := newState(ten)
	res := ten.resources["zia/rule_labels"]
	if p := seedProblems(s, res); len(p) != 0 {
		t.Fatalf("the label seed is not clean to begin with: %v", p)
	}
	st := s.store(res.Name)
	bad := st.items[0].clone()
	bad.set("referencedRuleCount", 3)
	bad.set("colour", "red")
	bad.set("name", 7)
	bad.del("name")
	bad.set("name", true)
	st.items = append(st.items, bad)
	rules := s.store("zia/firewall_rules")
	broken := rules.items[1].clone()
	broken.set("id", 1)
	broken.set("labels", []map[string]any{{"id": 1, "name": "gone"}})
	rules.items = append(rules.items, broken)
	got := strings.Join(append(seedProblems(s, res), seedProblems(s, ten.resources["zia/firewall_rules"])...), "\n")
	for _, want := range []string{"id is empty or repeated", "referencedRuleCount is computed", "colour is not in the template",
		"name is true, of another type", "labels refers to zia/rule_labels 1, which does not exist"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check missed %q; it said:\n%s", want, got)
		}
	}
}

// TestRowsNameWhatExists holds every row to names the engine knows: its
// verbs, filter ops, stamps, handlers and renderer, and resources it refers to.
func TestRowsNameWhatExists(t *testing.T) {
	ten := New(Options{})
	ten.routed()
	ops := []Op{Contains, Prefix, Equal, Bool, OnlyTrue, In, PrefixIn, AtLeast, AtMost}
	verbs := []string{"list", "get", "create", "update", "patch", "delete"}
	for name, res := range ten.resources {
		var bad []string
		if res.Render != "" && renderers[res.Render] == nil {
			bad = append(bad, "renderer "+res.Render)
		}
		for pattern, h := range res.Routes {
			if handlers[h] == nil || !strings.Contains(pattern, " /") {
				bad = append(bad, "route "+pattern+" → "+h)
			}
		}
		for _, v := range res.Verbs {
			if !slices.Contains(verbs, v) {
				bad = append(bad, "verb "+v)
			}
		}
		for _, f := range res.Filters {
			if !slices.Contains(ops, f.Op) {
				bad = append(bad, "op "+string(f.Op))
			}
		}
		for _, s := range res.Stamps {
			if !slices.Contains([]Stamp{Created, Modified, Creator, Modifier}, s) {
				bad = append(bad, "stamp "+string(s))
			}
		}
		for _, ref := range res.Refs {
			if ten.resources[ref.To] == nil {
				bad = append(bad, "resource "+ref.To)
			}
		}
		for _, b := range res.Backrefs {
			if ten.resources[b.From] == nil {
				bad = append(bad, "resource "+b.From)
			}
		}
		if !strings.HasPrefix(name, res.svc.name+"/") {
			bad = append(bad, "service: the name must start with "+res.svc.name+"/")
		}
		if len(bad) > 0 {
			t.Errorf("%s names no such %s", name, strings.Join(bad, ", "))
		}
	}
}
