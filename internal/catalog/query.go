package catalog

import (
	"encoding/json"
	"fmt"

	"github.com/jmespath-community/go-jmespath"
)

// queryParam is added to every list tool: a JMESPath expression over the
// records, so the agent can keep only what it needs.
var queryParam = Str("query", "Optional JMESPath expression applied to the list of records before they are returned, "+
	"e.g. \"[?enabled].{id: id, name: name}\" or \"length(@)\". Field names are the API's own, as the records show them.").At(InHandler)

// Inputs are the tool's parameters as the agent sees them: its own, plus
// query on list tools.
func (t *Tool) Inputs() []Param {
	if !t.IsList() {
		return t.Params
	}
	return append(t.Params[:len(t.Params):len(t.Params)], queryParam)
}

// applyQuery runs the agent's JMESPath expression over the records. A result
// that is not a list becomes a one-element list (null: an empty one), so a
// list tool always answers with a list.
func applyQuery(expr string, records []json.RawMessage) ([]json.RawMessage, error) {
	compiled, err := jmespath.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("the query %q is not a valid JMESPath expression: %v", expr, err)
	}
	data := make([]any, len(records))
	for i, r := range records {
		if err := json.Unmarshal(r, &data[i]); err != nil {
			return nil, err
		}
	}
	out, err := compiled.Search(data)
	if err != nil {
		return nil, fmt.Errorf("the query %q failed: %v", expr, err)
	}
	var items []any
	switch v := out.(type) {
	case nil:
		items = []any{}
	case []any:
		items = v
	default:
		items = []any{v}
	}
	result := make([]json.RawMessage, len(items))
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return nil, err
		}
		result[i] = b
	}
	return result, nil
}
