package catalog

import (
	"encoding/json"
	"fmt"
)

// InputSchema renders the tool's flat JSON Schema (draft 2020-12). It is built
// once per tool at start-up and handed to the SDK as raw JSON, so a tools/list
// costs a copy, not a reflection walk.
func (t *Tool) InputSchema() json.RawMessage {
	inputs := t.Inputs()
	props := make(map[string]any, len(inputs))
	required := []string{}
	for _, p := range inputs {
		props[p.Name] = p.schema()
		if p.Required {
			required = append(required, p.Name)
		}
	}
	schema := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		schema["required"] = required
	}
	b, err := json.Marshal(schema)
	if err != nil {
		panic(fmt.Sprintf("tool %s: schema: %v", t.Name, err)) // only literals go in; cannot happen
	}
	return b
}

func (p Param) schema() map[string]any {
	s := map[string]any{"description": p.Description}
	switch p.Type {
	case StringList:
		s["type"] = "array"
		s["items"] = map[string]any{"type": "string"}
	case Object:
		s["type"] = "object"
	case TextOrObject:
		s["type"] = []string{"string", "object"}
	case ListOrText:
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
	return s
}
