package catalog_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// refParam is one input of a reference server tool, as upstream-tool-params.tsv writes it.
type refParam struct {
	name     string
	typ      string // the Python type without the optional wrapper: str, int, list[str], Literal['a', 'b'], ...
	required bool
	min, max *float64
}

type refTool struct {
	params []refParam
	query  bool // the bridge adds `query` (flag Q in upstream-tools.txt)
	// toolset, action (READ, CREATE, ...), untrusted (flag U: the banner)
	// and view (flag V:<View>: an outputSchema) as upstream-tools.txt says.
	toolset, action, view string
	untrusted             bool
	json                  bool // flag J: the text is always JSON
	kwargs                bool // the bridge adds `kwargs`, the confirmation channel of gated deletes (flag C)
}

// Parameters we add on top of the reference's. Each is named here with the reason, so that anything else a tool
// declares and the reference does not is drift.
var ourAdditions = map[string]func(t *catalog.Tool) bool{
	// JMESPath over the records: every list tool takes it, as the reference's list tools do.
	"query": func(t *catalog.Tool) bool { return t.IsList() },
	// The confirmation token as a parameter of its own, beside the reference's kwargs channel, on deletes.
	"confirmation_token": func(t *catalog.Tool) bool { return t.Action == catalog.Delete },
}

var fieldRE = regexp.MustCompile(`^(\*?)([A-Za-z_][A-Za-z0-9_]*):(.+)$`)

// parseRefParam reads one field: [*]name:type[{ge=..,le=..}][=default], where type may be ?[T] (optional).
func parseRefParam(field string) (refParam, error) {
	m := fieldRE.FindStringSubmatch(field)
	if m == nil {
		return refParam{}, fmt.Errorf("field %q is not name:type", field)
	}
	p := refParam{name: m[2], required: m[1] == "*"}
	rest := m[3]
	depth, end := 0, len(rest)
scan:
	for i, c := range rest {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '{', '=':
			if depth == 0 {
				end = i
				break scan
			}
		}
	}
	p.typ, rest = rest[:end], rest[end:]
	if inner, ok := strings.CutPrefix(p.typ, "?["); ok {
		p.typ = strings.TrimSuffix(inner, "]")
	}
	if bounds, ok := strings.CutPrefix(rest, "{"); ok {
		bounds, _, _ = strings.Cut(bounds, "}")
		for _, b := range strings.Split(bounds, ",") {
			k, v, _ := strings.Cut(b, "=")
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return refParam{}, fmt.Errorf("field %q: bound %q", field, b)
			}
			switch k {
			case "ge":
				p.min = &f
			case "le":
				p.max = &f
			default:
				return refParam{}, fmt.Errorf("field %q: unknown bound %q", field, k)
			}
		}
	}
	return p, nil
}

func readTSV(t *testing.T, name string, row func(cols []string)) {
	t.Helper()
	f, err := os.Open(filepath.Join(shared.Path(t, "reference"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			row(strings.Split(line, "\t"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// referenceTools reads the reference server's tools and their inputs.
func referenceTools(t *testing.T) map[string]*refTool {
	t.Helper()
	out := map[string]*refTool{}
	readTSV(t, "upstream-tool-params.tsv", func(cols []string) {
		if len(cols) != 3 {
			t.Fatalf("upstream-tool-params.tsv: %d columns in %q", len(cols), cols)
		}
		rt := &refTool{}
		if cols[2] != "(no params)" {
			for _, field := range strings.Split(cols[2], "; ") {
				p, err := parseRefParam(field)
				if err != nil {
					t.Fatalf("upstream-tool-params.tsv, %s: %v", cols[0], err)
				}
				rt.params = append(rt.params, p)
			}
		}
		out[cols[0]] = rt
	})
	readTSV(t, "upstream-tools.txt", func(cols []string) {
		if len(cols) < 5 || out[cols[4]] == nil {
			return
		}
		flags := ""
		if len(cols) > 5 {
			flags = cols[5]
		}
		rt := out[cols[4]]
		rt.action, rt.toolset = cols[2], cols[3]
		for _, f := range strings.Split(flags, ",") {
			rt.query = rt.query || f == "Q"
			rt.kwargs = rt.kwargs || f == "C"
			rt.untrusted = rt.untrusted || f == "U"
			rt.json = rt.json || f == "J"
			if v, ok := strings.CutPrefix(f, "V:"); ok {
				rt.view = v
			}
		}
	})
	if len(out) == 0 {
		t.Fatal("no tool read from upstream-tool-params.tsv")
	}
	return out
}

// compatible reports whether our parameter type accepts what the reference's does and means the same. Ids may be
// strings where the reference says int: a JSON number loses digits past 2^53, and Zscaler ids go past it.
func compatible(p catalog.Param, ref refParam) bool {
	idLike := p.Name == "id" || strings.HasSuffix(p.Name, "_id") || strings.HasSuffix(p.Name, "_ids") ||
		p.Name == "location_groups" // ZDX: ids of location groups
	switch typ := ref.typ; {
	case typ == "Any":
		return true
	case typ == "str":
		return p.Type == catalog.String
	case typ == "int":
		return p.Type == catalog.Integer || idLike && p.Type == catalog.String
	case typ == "float":
		return p.Type == catalog.Number
	case typ == "bool":
		return p.Type == catalog.Boolean
	case typ == "list[str]":
		return p.Type == catalog.StringList
	case typ == "list[list[str]]": // the reference's port tuples
		return p.Type == catalog.ListOrText
	case typ == "list[int]":
		return idLike && p.Type == catalog.StringList
	case strings.HasPrefix(typ, "list[dict["):
		return p.Type == catalog.ObjectList
	case strings.HasPrefix(typ, "dict["):
		return p.Type == catalog.Object || p.Type == catalog.TextOrObject
	case strings.HasPrefix(typ, "Literal["):
		return p.Type == catalog.String && slices.Equal(sorted(p.Enum), sorted(literalValues(typ)))
	case typ == "KeyType" || typ == "CredentialType": // the reference's string enums
		return p.Type == catalog.String
	}
	return false
}

func literalValues(typ string) []string {
	inner := strings.TrimSuffix(strings.TrimPrefix(typ, "Literal["), "]")
	var out []string
	for _, v := range strings.Split(inner, ",") {
		out = append(out, strings.Trim(strings.TrimSpace(v), `'"`))
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func sameBound(ours, ref *float64) bool { return ref == nil || ours != nil && *ours == *ref }

// drift lists how a tool's inputs differ from the reference tool's: a missing or extra name, a different required
// set, an incompatible type, or a bound the reference has and we do not.
func drift(tool *catalog.Tool, ref *refTool) []string {
	want := map[string]refParam{}
	for _, p := range ref.params {
		want[p.name] = p
	}
	if ref.query {
		want["query"] = refParam{name: "query", typ: "str"}
	}
	if ref.kwargs {
		want["kwargs"] = refParam{name: "kwargs", typ: "Any"}
	}
	var problems []string
	ours := map[string]bool{}
	for _, p := range tool.Inputs() {
		ours[p.Name] = true
		r, ok := want[p.Name]
		switch {
		case !ok && ourAdditions[p.Name] != nil && ourAdditions[p.Name](tool):
		case !ok:
			problems = append(problems, fmt.Sprintf("%s is not a parameter of the reference tool", p.Name))
		case p.Required != r.required:
			problems = append(problems, fmt.Sprintf("%s: required=%v, the reference says %v", p.Name, p.Required, r.required))
		case !compatible(p, r):
			problems = append(problems, fmt.Sprintf("%s: type %s (enum %v), the reference says %s", p.Name, p.Type, p.Enum, r.typ))
		case !sameBound(p.Min, r.min) || !sameBound(p.Max, r.max):
			problems = append(problems, fmt.Sprintf("%s: bounds differ from the reference's", p.Name))
		}
	}
	for name := range want {
		if !ours[name] {
			problems = append(problems, fmt.Sprintf("the reference's %s is missing", name))
		}
	}
	slices.Sort(problems)
	return problems
}

// Every tool that the reference server also has takes the reference's parameters: same names, same required ones,
// compatible types and bounds. Only the additions named in ourAdditions are ours alone.
func TestToolParametersMatchTheReference(t *testing.T) {
	refs := referenceTools(t)
	compared := 0
	for _, tool := range inventory.All() {
		ref, ok := refs[tool.Name]
		if !ok {
			t.Logf("%s: not a reference tool, nothing to compare", tool.Name)
			continue
		}
		compared++
		for _, p := range drift(tool, ref) {
			t.Errorf("%s: %s", tool.Name, p)
		}
	}
	if compared == 0 {
		t.Fatal("no tool compared with the reference")
	}
}

// Every tool the reference also has sits in the reference's toolset, does
// what it does, and carries the untrusted-content banner where it does.
func TestToolFlagsMatchTheReference(t *testing.T) {
	refs := referenceTools(t)
	for _, tool := range inventory.All() {
		ref, ok := refs[tool.Name]
		if !ok {
			continue
		}
		if tool.Toolset != ref.toolset || !strings.EqualFold(string(tool.Action), ref.action) {
			t.Errorf("%s: toolset %s, action %s; the reference says %s, %s", tool.Name, tool.Toolset, tool.Action, ref.toolset, ref.action)
		}
		if tool.Untrusted != ref.untrusted {
			t.Errorf("%s: untrusted=%v, the reference says %v", tool.Name, tool.Untrusted, ref.untrusted)
		}
		if tool.JSONText != ref.json {
			t.Errorf("%s: JSONText=%v; the reference forces JSON text: %v (flag J)", tool.Name, tool.JSONText, ref.json)
		}
		// A view advertises an outputSchema, except on a delete, whose
		// answer may be a confirmation prompt instead.
		if wantsSchema := ref.view != "" && ref.action != "DELETE"; wantsSchema != (tool.Output != nil) {
			t.Errorf("%s: outputSchema declared = %v; the reference's view is %q (%s)", tool.Name, tool.Output != nil, ref.view, ref.action)
		}
	}
}

// The catalogue has every tool of the reference server, so that a user who
// switches finds each tool they used under the same name.
func TestEveryReferenceToolIsInTheCatalogue(t *testing.T) {
	have := map[string]bool{}
	for _, tool := range inventory.All() {
		have[tool.Name] = true
	}
	refs := referenceTools(t)
	var missing []string
	for name := range refs {
		if !have[name] {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	if len(refs) != 402 || len(missing) > 0 {
		t.Errorf("the reference has %d tools (402 expected); %d are not in the catalogue: %v", len(refs), len(missing), missing)
	}
}

// The comparison itself must see each kind of drift, or the test above proves nothing.
func TestDriftIsFound(t *testing.T) {
	ref := &refTool{query: true, params: []refParam{
		{name: "search", typ: "str"},
		{name: "segment_id", typ: "int", required: true},
		{name: "kind", typ: "Literal['a', 'b']"},
		{name: "page_size", typ: "int", min: ptr(1), max: ptr(500)},
	}}
	base := func() catalog.Tool {
		return catalog.Tool{Name: "zpa_list_things", Action: catalog.Read, Params: []catalog.Param{
			catalog.Str("search", "s"),
			catalog.PathID("segment_id", "i"),
			catalog.Str("kind", "k").OneOf("b", "a"),
			catalog.Int("page_size", "p").Range(1, 500),
		}}
	}
	ok := base()
	if d := drift(&ok, ref); len(d) != 0 {
		t.Fatalf("a matching tool drifts: %v", d)
	}
	for name, change := range map[string]func(t *catalog.Tool){
		"missing":        func(t *catalog.Tool) { t.Params = t.Params[1:] },
		"extra":          func(t *catalog.Tool) { t.Params = append(t.Params, catalog.Str("colour", "c")) },
		"renamed":        func(t *catalog.Tool) { t.Params[0].Name = "name" },
		"not required":   func(t *catalog.Tool) { t.Params[1].Required = false },
		"required":       func(t *catalog.Tool) { t.Params[0].Required = true },
		"type":           func(t *catalog.Tool) { t.Params[0].Type = catalog.StringList },
		"enum":           func(t *catalog.Tool) { t.Params[2].Enum = []string{"a"} },
		"bound":          func(t *catalog.Tool) { t.Params[3] = catalog.Int("page_size", "p").AtLeast(1) },
		"no query":       func(t *catalog.Tool) { t.Shape = catalog.Record },
		"token on reads": func(t *catalog.Tool) { t.Params = append(t.Params, catalog.ConfirmationTokenParam) },
	} {
		tool := base()
		change(&tool)
		if d := drift(&tool, ref); len(d) == 0 {
			t.Errorf("%s: no drift found", name)
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestReferenceFieldsParse(t *testing.T) {
	for field, want := range map[string]refParam{
		"*segment_id:str":                            {name: "segment_id", typ: "str", required: true},
		"page_size:?[int]{ge=1,le=500}=None":         {name: "page_size", typ: "int", min: ptr(1), max: ptr(500)},
		"since:?[int]{ge=1}=None":                    {name: "since", typ: "int", min: ptr(1)},
		"enabled:bool=True":                          {name: "enabled", typ: "bool"},
		"advanced:?[dict[str, Any]]=None":            {name: "advanced", typ: "dict[str, Any]"},
		"action:Literal['read', 'read_lite']='read'": {name: "action", typ: "Literal['read', 'read_lite']"},
	} {
		got, err := parseRefParam(field)
		if err != nil {
			t.Errorf("%s: %v", field, err)
			continue
		}
		if got.name != want.name || got.typ != want.typ || got.required != want.required ||
			!sameBound(got.min, want.min) || !sameBound(want.min, got.min) || !sameBound(got.max, want.max) || !sameBound(want.max, got.max) {
			t.Errorf("%s: parsed %+v, want %+v", field, got, want)
		}
	}
}
