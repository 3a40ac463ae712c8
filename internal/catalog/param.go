package catalog

import (
	"errors"
	"fmt"
	"net/url"
)

// Type is a parameter's JSON type as the agent sees it.
type Type string

const (
	String     Type = "string"
	Integer    Type = "integer"
	Number     Type = "number"
	Boolean    Type = "boolean"
	StringList Type = "string[]"
	Object     Type = "object"
	// ObjectList is a list of objects, which agents may also send as JSON text.
	ObjectList Type = "object[]"
	// TextOrObject is an object that agents may also send as JSON text, as the
	// reference server's kwargs is sent.
	TextOrObject Type = "text|object"
	// ListOrText is a JSON array that agents may also send as JSON text
	// (the reference's free-form lists: policy conditions).
	ListOrText Type = "list|text"
)

// Location says where a parameter's value goes in the HTTP request.
type Location int

const (
	InQuery    Location = iota // a query parameter named Wire
	InPath                     // substituted for {Name} in the path
	InBody                     // a field named Wire of the JSON body object
	InBodyRoot                 // the value is the whole JSON body
	InBodyMore                 // an object whose fields are laid over the body (the reference's `advanced`)
	InPage                     // the page number: fetch that page only
	InPageSize                 // the page size
	InOffset                   // where the one page to fetch starts: a ZDX cursor, a ZIdentity offset
	InFilter                   // a case-insensitive substring matched against each record's name, client-side
	InHandler                  // read by the tool's own handler, never sent as is
)

// Param is one input of a tool. Builders below keep the tables short.
type Param struct {
	Name        string
	Type        Type
	Description string
	Required    bool
	Min, Max    *float64
	Enum        []string
	Default     any

	In   Location
	Wire string // name on the wire; defaults to Name
	// Values maps an agent-facing enum value to the value sent (ZCC "windows" → "3").
	Values map[string]string
	// Encode replaces the default query encoding (ZDX "since" hours → from/to).
	Encode func(v any) url.Values
	// Build, for a body parameter, turns the agent's value into the body
	// members it stands for (ids → the API's reference objects, "8000-8080"
	// → a port range). Its error is bad input, reported before anything is sent.
	Build func(v any) (map[string]any, error)
}

func newParam(name string, t Type, desc string) Param {
	return Param{Name: name, Type: t, Description: desc, Wire: name}
}

// Str declares a string query parameter.
func Str(name, desc string) Param { return newParam(name, String, desc) }

// Int declares an integer query parameter.
func Int(name, desc string) Param { return newParam(name, Integer, desc) }

// Bool declares a boolean query parameter.
func Bool(name, desc string) Param { return newParam(name, Boolean, desc) }

// StrList declares a list-of-strings query parameter (sent as repeated keys).
func StrList(name, desc string) Param { return newParam(name, StringList, desc) }

// Obj declares a free-form object parameter.
func Obj(name, desc string) Param { return newParam(name, Object, desc) }

// PathID declares a required path parameter, always a string: Zscaler ids are
// int64 or opaque strings, and a JSON number would lose digits past 2^53.
func PathID(name, desc string) Param {
	p := newParam(name, String, desc)
	p.Required, p.In = true, InPath
	return p
}

// Req marks the parameter required.
func (p Param) Req() Param { p.Required = true; return p }

// Query sends the parameter as the query parameter wire.
func (p Param) Query(wire string) Param { p.In, p.Wire = InQuery, wire; return p }

// Body sends the parameter as the body field wire.
func (p Param) Body(wire string) Param { p.In, p.Wire = InBody, wire; return p }

// BodyRoot sends the parameter's value as the whole body.
func (p Param) BodyRoot() Param { p.In = InBodyRoot; return p }

// Range bounds a numeric parameter.
func (p Param) Range(lo, hi float64) Param { p.Min, p.Max = &lo, &hi; return p }

// AtLeast bounds a numeric parameter from below.
func (p Param) AtLeast(lo float64) Param { p.Min = &lo; return p }

// OneOf restricts a string parameter to the given values.
func (p Param) OneOf(values ...string) Param { p.Enum = values; return p }

// Mapped restricts a string parameter to the keys of m and sends m's values.
func (p Param) Mapped(m map[string]string, order ...string) Param {
	p.Enum, p.Values = order, m
	return p
}

// Def sets the default used when the agent omits the parameter.
func (p Param) Def(v any) Param { p.Default = v; return p }

// Converted is Builds for a body parameter whose value stays one member,
// under its wire name (set before), in the API's form f makes of it.
func (p Param) Converted(f func(v any) (any, error)) Param {
	wire := p.Wire
	return p.Builds(func(v any) (map[string]any, error) {
		x, err := f(v)
		return map[string]any{wire: x}, err
	})
}

// At sets the parameter's location.
func (p Param) At(l Location) Param { p.In = l; return p }

// Builds sends the parameter as the body members f makes of its value.
func (p Param) Builds(f func(v any) (map[string]any, error)) Param {
	p.In, p.Build = InBody, f
	return p
}

// Encoded gives the parameter its own query encoding.
func (p Param) Encoded(f func(v any) url.Values) Param { p.In, p.Encode = InQuery, f; return p }

func (p Param) check() error {
	switch p.Type {
	case String, Integer, Number, Boolean, StringList, Object, ObjectList, TextOrObject, ListOrText:
	default:
		return fmt.Errorf("unknown type %q", p.Type)
	}
	if p.Description == "" {
		return errors.New("description is empty")
	}
	if (p.Min != nil || p.Max != nil) && p.Type != Integer && p.Type != Number {
		return errors.New("bounds on a non-numeric parameter")
	}
	if p.Values != nil {
		for _, e := range p.Enum {
			if _, ok := p.Values[e]; !ok {
				return fmt.Errorf("enum value %q has no wire value", e)
			}
		}
		if len(p.Enum) != len(p.Values) {
			return errors.New("every mapped value must be listed in order")
		}
	}
	if p.In == InPage || p.In == InPageSize {
		if p.Type != Integer {
			return errors.New("paging parameters are integers")
		}
	}
	if p.In == InBodyMore && p.Type != Object {
		return errors.New("only an object can be laid over the body")
	}
	return nil
}
