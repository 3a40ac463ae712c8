// Package catalog declares Zscaler tools as data and executes them.
//
// A tool is a row: name, service, toolset, action, description, parameters, HTTP
// method and path template, how its service pages and how its result is shaped.
// One executor does the HTTP work for every row; a row that needs real logic
// carries its own Handler.
package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Action classifies what a tool does to the tenant. It is the single source of
// truth for annotations and for write gating.
type Action string

const (
	Read   Action = "read"
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// IsWrite reports whether the action changes the tenant.
func (a Action) IsWrite() bool { return a == Create || a == Update || a == Delete }

// Shape says how an API answer becomes a tool result.
type Shape int

const (
	// Records: the answer is a collection; the result is {"result":[...]}.
	Records Shape = iota
	// Record: the answer is one object; the result is that object.
	Record
	// Done: the answer carries no record (a delete); the result names what was done.
	Done
)

// Tool is one row of the catalogue.
type Tool struct {
	Name        string
	Service     zscaler.Service
	Toolset     string
	Action      Action
	Description string
	Params      []Param

	Method string
	// Path is the gateway path; {param} is replaced by that parameter's value
	// (URL-escaped) and {customerId} by the tenant's customer id.
	Path   string
	Paging zscaler.Paging
	// Fixed are query parameters every request of the row carries, whatever
	// the arguments (ZIA's list edits: ?action=ADD_TO_LIST).
	Fixed url.Values
	// RecordsKey names the array in an object envelope (ZDX "devices", ...).
	RecordsKey string
	Shape      Shape

	// Merge, for PUT-replace updates, is the path of the current record: it is
	// read first and the given fields are laid over it, so that an update of one
	// field does not wipe the others.
	Merge string
	// Refetch is the path that returns the record after a write whose answer
	// has no body (ZPA answers PUT with 204).
	Refetch string

	// Note is a fact every successful answer of the tool carries beside its
	// records, in the text only (ZIA: the change is staged until activated).
	Note string
	// Part names the part of a resource the tool works on when one API
	// collection holds records the tools keep apart (ZPA rules, by policy
	// type): tools of different parts never see each other's records.
	Part string
	// Lookups fill path placeholders that are no parameter: each with a
	// member of what another GET answers (a ZPA policy type's policy set
	// id). The executor reads it once and keeps it; it does not change.
	Lookups map[string]Lookup
	// Complete has the last word on a write's body, after any merge: the
	// API's own shapes for what the read record holds in another form.
	Complete func(args Args, body map[string]any) error

	// Untrusted marks tools whose records carry content authored outside the
	// tenant; it is consumed by the output policy.
	Untrusted bool
	// JSONText keeps the text content JSON even when the records are flat
	// enough for CSV, as the reference server does for the tools it forces to
	// JSON (reports whose rows an agent reads by member name).
	JSONText bool
	// Secret marks a read whose answer is a credential (ZCC's device OTPs):
	// the policy offers it only as it offers write tools.
	Secret bool

	// Output is the JSON Schema of the tool's structuredContent, advertised
	// as its outputSchema. Most tools have none: as the reference server,
	// only a result the tool composes itself declares one, never the API's
	// records, whose shape the API owns.
	Output json.RawMessage

	// Handler replaces the generic executor for a tool that needs real logic.
	Handler func(ctx context.Context, c *Call) (*Result, error)

	// Example is arguments with which the tool answers against the sandbox,
	// for the catalogue-wide test (e2e/catalogue_test.go). Path ids may be
	// left out: the test takes them from the sandbox's seed. For an update,
	// the members given are the ones the test changes.
	Example map[string]any
}

// Lookup is a value read from the API to fill a path placeholder.
type Lookup struct {
	Path  string // a GET answering one object; may name {customerId}
	Field string // the member of that object that fills the placeholder
	// Query names the tool's query parameters sent along, which also tell
	// apart the values kept (the microtenant).
	Query []string
}

// Annotations are the MCP hints, derived from the action and nothing else.
type Annotations struct {
	ReadOnly    bool
	Destructive *bool
	Idempotent  bool
	OpenWorld   bool
}

// Annotations derives the MCP hints: read → read-only; create → neither
// destructive nor idempotent; update and delete → destructive and idempotent.
// Every tool talks to one tenant's API, so openWorldHint is false.
func (t *Tool) Annotations() Annotations {
	switch t.Action {
	case Read:
		return Annotations{ReadOnly: true}
	case Create:
		return Annotations{Destructive: ptr(false)}
	default:
		return Annotations{Destructive: ptr(true), Idempotent: true}
	}
}

func ptr[T any](v T) *T { return &v }

// Gated reports whether the tool is offered only with the write switch on
// and its name on the write allowlist: a write, or a read of a secret.
func (t *Tool) Gated() bool { return t.Action.IsWrite() || t.Secret }

// IsList reports whether the tool returns a collection.
func (t *Tool) IsList() bool { return t.Shape == Records }

// snakeCase reports whether s is a tool name: a lower-case letter, then
// lower-case letters, digits and underscores.
func snakeCase(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return s != ""
}

// placeholders calls f for each {name} in a path template, with the bounds
// of the braces and the name (a letter or underscore, then letters, digits
// or underscores); braces around anything else are left alone. A scan, not
// a regexp: it runs on every call, and a package-level regexp is compiled at
// every start of the server.
func placeholders(tmpl string, f func(start, end int, name string)) {
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(tmpl) && (tmpl[j] == '_' || tmpl[j] >= 'a' && tmpl[j] <= 'z' || tmpl[j] >= 'A' && tmpl[j] <= 'Z' ||
			j > i+1 && tmpl[j] >= '0' && tmpl[j] <= '9') {
			j++
		}
		if j > i+1 && j < len(tmpl) && tmpl[j] == '}' {
			f(i, j+1, tmpl[i+1:j])
			i = j
		}
	}
}

// Check verifies that a row is well formed. The catalogue's invariant test runs
// it over every tool, so a malformed row fails the build's tests, not a user.
func (t *Tool) Check() error {
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if !snakeCase(t.Name) {
		add("name %q is not snake_case", t.Name)
	}
	if t.Service == "" || t.Toolset == "" {
		add("service and toolset are required")
	}
	switch t.Action {
	case Read, Create, Update, Delete:
	default:
		add("unknown action %q", t.Action)
	}
	if strings.TrimSpace(t.Description) == "" {
		add("description is empty")
	}
	if t.Handler == nil {
		switch t.Method {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			add("method %q is not an HTTP method", t.Method)
		}
		if !strings.HasPrefix(t.Path, "/") {
			add("path %q must start with /", t.Path)
		}
		if t.Action == Read && t.Method != "GET" && t.Method != "POST" {
			add("a read tool cannot use %s", t.Method)
		}
		if t.Action != Read && t.Method == "GET" {
			add("a %s tool cannot use GET", t.Action)
		}
	}
	if t.Output != nil {
		var s struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(t.Output, &s) != nil || s.Type != "object" {
			add("the output schema must be a JSON Schema of type object")
		}
	}
	seen := map[string]bool{}
	for _, p := range t.Params {
		if p.Name == queryParam.Name && t.IsList() {
			add("list tools get the query parameter from the catalogue; do not declare it")
		}
		if seen[p.Name] {
			add("parameter %q declared twice", p.Name)
		}
		seen[p.Name] = true
		if err := p.check(); err != nil {
			add("parameter %q: %v", p.Name, err)
		}
	}
	for name := range t.Example {
		if t.param(name) == nil {
			add("example names %q, which is not a parameter", name)
		}
	}
	for _, path := range []string{t.Path, t.Merge, t.Refetch} {
		placeholders(path, func(_, _ int, name string) {
			if name == customerIDPlaceholder || name == zcellCustomerIDPlaceholder {
				return
			}
			if _, ok := t.Lookups[name]; ok {
				return
			}
			p := t.param(name)
			if p == nil {
				add("path %q names {%s}, which is not a parameter", path, name)
			} else if !p.Required || p.In != InPath {
				add("path parameter %q must be required and located in the path", name)
			}
		})
	}
	for name, l := range t.Lookups {
		if t.param(name) != nil || !strings.HasPrefix(l.Path, "/") || l.Field == "" {
			add("lookup %q must name no parameter, and a path and a field", name)
		}
		for _, q := range l.Query {
			if p := t.param(q); p == nil || p.In != InQuery {
				add("lookup %q sends %q, which is not a query parameter", name, q)
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("tool %s: %s", t.Name, strings.Join(problems, "; "))
	}
	return nil
}

func (t *Tool) param(name string) *Param {
	for i := range t.Params {
		if t.Params[i].Name == name {
			return &t.Params[i]
		}
	}
	return nil
}

const (
	customerIDPlaceholder      = "customerId"
	zcellCustomerIDPlaceholder = "zcellCustomerId" // ZCell's own customer id (ZCELL_CUSTOMER_ID)
)

// NeedsCustomerID reports whether the tool's paths carry the tenant's customer id.
func (t *Tool) NeedsCustomerID() bool {
	paths := t.Path + t.Merge + t.Refetch
	for _, l := range t.Lookups {
		paths += l.Path
	}
	return strings.Contains(paths, "{"+customerIDPlaceholder+"}")
}

// Plain is the row without its Handler, for a handler that wants the generic
// executor to do the HTTP work of its own row.
func (t *Tool) Plain() *Tool {
	c := *t
	c.Handler = nil
	return &c
}
