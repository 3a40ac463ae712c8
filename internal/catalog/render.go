package catalog

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Result is what a tool call hands back to the MCP layer. Records travel as
// the API's own bytes: nothing is decoded and re-encoded on the way, so field
// names, numbers and key order reach the agent exactly as Zscaler sent them.
type Result struct {
	// Records is a collection's records; nil for a one-record result.
	Records []json.RawMessage
	// Record is a one-record result, always a JSON object.
	Record json.RawMessage
	// Notes are facts the model needs beside the records (more pages exist, ...).
	Notes []string
	// Message is a text-only answer that is not a failure (a confirmation
	// request, a cancelled delete): no structured content.
	Message string
	// Banner goes before the records in the text content, never in the
	// structured content (the untrusted-content warning).
	Banner string
	// Error is set on failure; the result then carries only this message.
	Error string
	// JSONOnly keeps the text content JSON even for flat records (the
	// tool's JSONText).
	JSONOnly bool
}

func failure(msg string) *Result { return &Result{Error: msg} }

// RecordsResult wraps a collection the way every list tool returns it.
func RecordsResult(records []json.RawMessage) *Result {
	if records == nil {
		records = []json.RawMessage{}
	}
	return &Result{Records: records}
}

// RecordResult wraps one answer; anything that is not an object is wrapped
// as {"result": ...} so that structuredContent is always an object, as MCP
// requires.
func RecordResult(raw json.RawMessage) *Result {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		return &Result{Record: raw}
	}
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	return &Result{Record: joinJSON([]byte(`{"result":`), raw, []byte(`}`))}
}

// ObjectResult is a result the server composes itself (what a delete did).
func ObjectResult(v map[string]any) *Result {
	b, err := json.Marshal(v)
	if err != nil {
		return failure("unrenderable result: " + err.Error())
	}
	return &Result{Record: b}
}

// Structured is the structuredContent: {"result":[...]} for a collection,
// the record itself otherwise.
func (r *Result) Structured() json.RawMessage {
	if r.Message != "" {
		return nil
	}
	if r.Records == nil {
		return r.Record
	}
	return joinJSON([]byte(`{"result":`), arrayOf(r.Records), []byte(`}`))
}

// Text renders the result compactly for the model: CSV when the result is a
// non-empty list of flat records, compact JSON otherwise, then any notes.
func (r *Result) Text() string {
	if r.Error != "" {
		return r.Error
	}
	if r.Message != "" {
		return r.Message
	}
	var body []byte
	switch {
	case r.Records != nil:
		if c, ok := renderCSV(r.Records); ok && !r.JSONOnly {
			body = c
		} else {
			body = compact(arrayOf(r.Records))
		}
	default:
		body = compact(r.Record)
	}
	if r.Banner != "" {
		body = append([]byte(r.Banner+"\n\n"), body...)
	}
	for _, n := range r.Notes {
		body = append(body, "\n\n"...)
		body = append(body, n...)
	}
	return string(body)
}

func arrayOf(records []json.RawMessage) []byte {
	n := 2
	for _, r := range records {
		n += len(r) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, r := range records {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, r...)
	}
	return append(out, ']')
}

func joinJSON(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// compact removes insignificant whitespace. Most Zscaler APIs answer compact
// JSON already, and a byte scan for the marks of pretty-printing is far
// cheaper than re-scanning every token; a false alarm only costs the compaction.
func compact(b []byte) []byte {
	if bytes.IndexAny(b, "\n\r\t") < 0 && !bytes.Contains(b, []byte(`": `)) && !bytes.Contains(b, []byte(`, "`)) {
		return b
	}
	var buf bytes.Buffer
	buf.Grow(len(b))
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}

var errNested = errors.New("a nested value")

// field is one member of a record, in the order the API sent it.
type field struct {
	key   string
	value json.RawMessage
}

// flatFields reads a record's members in order without decoding their
// values, and stops with errNested at the first non-empty nested value.
func flatFields(record json.RawMessage) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(record))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if !isFlat(v) {
			return nil, errNested
		}
		out = append(out, field{tok.(string), v})
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return nil, err
	}
	return out, nil
}

// renderCSV renders records whose every value is a scalar or an empty
// container. Columns are the union of the records' fields in first-seen order.
func renderCSV(records []json.RawMessage) ([]byte, bool) {
	if len(records) == 0 {
		return nil, false
	}
	rows := make([][]field, len(records))
	index := map[string]int{}
	var cols []string
	for i, r := range records {
		fs, err := flatFields(r)
		if err != nil {
			return nil, false
		}
		for _, f := range fs {
			if _, ok := index[f.key]; !ok {
				index[f.key] = len(cols)
				cols = append(cols, f.key)
			}
		}
		rows[i] = fs
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	line := make([]string, len(cols))
	for _, fs := range rows {
		clear(line)
		for _, f := range fs {
			line[index[f.key]] = cell(f.value)
		}
		_ = w.Write(line)
	}
	w.Flush()
	return bytes.TrimRight(buf.Bytes(), "\n"), true
}

func isFlat(v json.RawMessage) bool {
	switch v[0] {
	case '[', '{':
		inner := strings.TrimSpace(string(v[1 : len(v)-1]))
		return inner == ""
	}
	return true
}

func cell(v json.RawMessage) string {
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case 'n':
		return ""
	case '[':
		return "[]"
	case '{':
		return "{}"
	}
	return string(v)
}
