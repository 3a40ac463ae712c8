package template

import (
	"bytes"
	"encoding/json"

	"go.yaml.in/yaml/v3"
)

// kv is one entry of an ordered mapping.
type kv struct {
	K string
	V any
}

// obj is a mapping that keeps its keys in the order they were written, so the
// template reads top-down (Parameters before Resources, Type before
// Properties) in YAML and JSON alike.
type obj []kv

// get returns the value of key k, or nil.
func (o obj) get(k string) any {
	for _, e := range o {
		if e.K == k {
			return e.V
		}
	}
	return nil
}

// MarshalYAML renders the mapping in its own order.
func (o obj) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, e := range o {
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.K}
		v := &yaml.Node{}
		if err := v.Encode(e.V); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, k, v)
	}
	return n, nil
}

// MarshalJSON renders the mapping in its own order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.K)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalJSON(e.V)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalJSON is json.Marshal without HTML escaping (policies hold "&" and
// "<" rarely, but a template should read as written).
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Intrinsic functions, in the long form so that any YAML or JSON parser
// reads the template.

func ref(name string) obj            { return obj{{"Ref", name}} }
func getAtt(res, attr string) obj    { return obj{{"Fn::GetAtt", []any{res, attr}}} }
func sub(s string) obj               { return obj{{"Fn::Sub", s}} }
func subVars(s string, vars obj) obj { return obj{{"Fn::Sub", []any{s, vars}}} }
func join(sep string, parts ...any) obj {
	return obj{{"Fn::Join", []any{sep, parts}}}
}
func joinList(sep string, list any) obj { return obj{{"Fn::Join", []any{sep, list}}} }
func split(sep string, s any) obj       { return obj{{"Fn::Split", []any{sep, s}}} }
func selectAt(i int, list any) obj      { return obj{{"Fn::Select", []any{i, list}}} }
func iff(cond string, yes, no any) obj  { return obj{{"Fn::If", []any{cond, yes, no}}} }
func equals(a, b any) obj               { return obj{{"Fn::Equals", []any{a, b}}} }
func not(c any) obj                     { return obj{{"Fn::Not", []any{c}}} }
func and(cs ...any) obj                 { return obj{{"Fn::And", cs}} }
func or(cs ...any) obj                  { return obj{{"Fn::Or", cs}} }
func condition(name string) obj         { return obj{{"Condition", name}} }
func eachMemberEquals(list any, s string) obj {
	return obj{{"Fn::EachMemberEquals", []any{list, s}}}
}

// noValue removes the property (or list element) it stands in.
var noValue = ref("AWS::NoValue")

// paramEmpty is true when a String parameter is empty.
func paramEmpty(name string) obj { return equals(ref(name), "") }

// listEmpty is true when a CommaDelimitedList parameter holds no value
// (CloudFormation passes "" as [""]). Conditions may use Fn::Join.
func listEmpty(name string) obj { return equals(joinList("", ref(name)), "") }

// listHasOne is true when a CommaDelimitedList parameter holds at most one
// value: joined with "," and with "" it reads the same.
func listHasOne(name string) obj {
	return equals(joinList(",", ref(name)), joinList("", ref(name)))
}

// ruleListEmpty is listEmpty for Rules, which have no Fn::Join.
func ruleListEmpty(name string) obj { return eachMemberEquals(ref(name), "") }
