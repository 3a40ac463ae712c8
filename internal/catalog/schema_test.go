package catalog_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// mapSchema is the schema as a map, what InputSchema's bytes must be the
// json.Marshal of.
func mapSchema(t *catalog.Tool) []byte {
	inputs := t.Inputs()
	props := map[string]any{}
	required := []string{}
	for _, p := range inputs {
		s := map[string]any{"description": p.Description}
		switch p.Type {
		case catalog.StringList:
			s["type"] = "array"
			s["items"] = map[string]any{"type": "string"}
		case catalog.ObjectList:
			s["type"] = "array"
			s["items"] = map[string]any{"type": "object"}
		case catalog.TextOrObject:
			s["type"] = []string{"string", "object"}
		case catalog.ListOrText:
			s["type"] = []string{"array", "string"}
		default:
			s["type"] = string(p.Type)
		}
		if len(p.Enum) > 0 {
			s["enum"] = p.Enum
		}
		if p.Min != nil {
			s["minimum"] = *p.Min
		}
		if p.Max != nil {
			s["maximum"] = *p.Max
		}
		if p.Default != nil {
			s["default"] = p.Default
		}
		props[p.Name] = s
		if p.Required {
			required = append(required, p.Name)
		}
	}
	schema := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		schema["required"] = required
	}
	b, _ := json.Marshal(schema)
	return b
}

func TestInputSchemaIsTheMarshalledMap(t *testing.T) {
	odd := "a <b> & \"c\" \\ \n\t\r\b\f\x01\x1f \u2028\u2029 é \xff end"
	tools := []*catalog.Tool{
		{Name: "no_params"},
		{Name: "everything", Params: []catalog.Param{
			catalog.Str("zeta", odd).Req(), catalog.Int("alpha", "n").Range(1, 1e21), catalog.Bool("flag", "f").Def(true),
			catalog.StrList("list", "l").OneOf("x", odd), catalog.Obj("obj", "o"), {Name: "text", Type: catalog.TextOrObject, Description: "t"},
			catalog.Str("num", "d").Def(0.000001).AtLeast(-2.5), catalog.Str("dflt", "d").Def(map[string]any{"k": []any{1, "<"}}).Req(),
		}},
	}
	for _, tool := range append(tools, inventory.All()...) {
		if got, want := tool.InputSchema(), mapSchema(tool); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", tool.Name, got, want)
		}
	}
}

// An output schema must describe an object: structuredContent always is one.
func TestOutputSchemaMustDescribeAnObject(t *testing.T) {
	tool := catalog.Tool{Name: "ztw_get_thing", Service: "ztw", Toolset: "ztw", Action: catalog.Read, Description: "d",
		Method: "GET", Path: "/ztw/api/v1/thing", Shape: catalog.Record}
	for schema, ok := range map[string]bool{`{"type":"object"}`: true, `{"type":"array"}`: false, `not json`: false} {
		tool.Output = json.RawMessage(schema)
		if err := tool.Check(); (err == nil) != ok {
			t.Errorf("output schema %s: Check() = %v", schema, err)
		}
	}
}
