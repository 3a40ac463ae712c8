package catalog

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"sort"
)

// Result is what a tool call hands back to the MCP layer.
type Result struct {
	// Structured is the API's answer verbatim: {"result":[...]} for a
	// collection, the record itself for one record.
	Structured map[string]any
	// Notes are facts the model needs beside the records (more pages exist, ...).
	Notes []string
	// Error is set on failure; the result then carries only this message.
	Error string
}

// Errorf is a failed result.
func failure(msg string) *Result { return &Result{Error: msg} }

// RecordsResult wraps a collection the way every list tool returns it.
func RecordsResult(records []any) *Result {
	if records == nil {
		records = []any{}
	}
	return &Result{Structured: map[string]any{"result": records}}
}

// RecordResult wraps one answer; anything that is not an object is wrapped so
// that structuredContent is always an object, as MCP requires.
func RecordResult(v any) *Result {
	if m, ok := v.(map[string]any); ok {
		return &Result{Structured: m}
	}
	return &Result{Structured: map[string]any{"result": v}}
}

// Text renders the result compactly for the model: CSV when the result is a
// non-empty list of flat records, compact JSON otherwise, then any notes.
func (r *Result) Text() string {
	if r.Error != "" {
		return r.Error
	}
	var body []byte
	if recs, ok := r.Structured["result"].([]any); ok && len(r.Structured) == 1 {
		if c, ok := renderCSV(recs); ok {
			body = c
		} else {
			body = compactJSON(recs)
		}
	} else {
		body = compactJSON(r.Structured)
	}
	for _, n := range r.Notes {
		body = append(body, "\n\n"...)
		body = append(body, n...)
	}
	return string(body)
}

func compactJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte(`"unrenderable result"`)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// renderCSV renders records whose every value is a scalar or an empty
// container. Columns: id and name first (what a reader scans for), then the
// rest in name order, the union over all rows.
func renderCSV(records []any) ([]byte, bool) {
	if len(records) == 0 {
		return nil, false
	}
	seen := map[string]bool{}
	var cols []string
	for _, r := range records {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, false
		}
		for k, v := range m {
			if !isFlat(v) {
				return nil, false
			}
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	sort.Slice(cols, func(i, j int) bool {
		ri, rj := colRank(cols[i]), colRank(cols[j])
		if ri != rj {
			return ri < rj
		}
		return cols[i] < cols[j]
	})
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	row := make([]string, len(cols))
	for _, r := range records {
		m := r.(map[string]any)
		for i, c := range cols {
			row[i] = cell(m[c])
		}
		_ = w.Write(row)
	}
	w.Flush()
	return bytes.TrimRight(buf.Bytes(), "\n"), true
}

func colRank(c string) int {
	switch c {
	case "id":
		return 0
	case "name":
		return 1
	}
	return 2
}

func isFlat(v any) bool {
	switch x := v.(type) {
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return true
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		return "[]"
	case map[string]any:
		return "{}"
	}
	return string(compactJSON(v))
}
