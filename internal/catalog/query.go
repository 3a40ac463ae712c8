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

// Confirmation inputs of every delete tool: the token a first call handed
// out, top level or — as agents written for the reference server send it —
// inside kwargs.
var (
	ConfirmationTokenParam = Str("confirmation_token", "Only on a repeated call, after the user explicitly agreed: the token the first call returned.").At(InHandler)
	KwargsParam            = Param{Name: "kwargs", Type: TextOrObject, Wire: "kwargs", In: InHandler,
		Description: "Legacy form of the confirmation: {\"confirmation_token\": \"...\"}, as an object or as JSON text."}
)

// Inputs are the tool's parameters as the agent sees them: its own, plus
// query on list tools and the confirmation inputs on delete tools.
func (t *Tool) Inputs() []Param {
	out := t.Params[:len(t.Params):len(t.Params)]
	if t.IsList() {
		out = append(out, queryParam)
	}
	if t.Action == Delete {
		out = append(out, ConfirmationTokenParam, KwargsParam)
	}
	return out
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
