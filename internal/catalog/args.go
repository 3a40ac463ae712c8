package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Args are a call's validated arguments: string, int64, float64, bool,
// []string or map[string]any, keyed by parameter name. Omitted optional
// parameters without a default are absent.
type Args map[string]any

// ArgError is bad input from the agent. Its message names the parameter and
// says what would be accepted.
type ArgError struct{ Problems []string }

func (e *ArgError) Error() string { return "invalid arguments: " + strings.Join(e.Problems, "; ") }

// ParseArgs decodes and validates raw JSON arguments against the tool's
// parameters, reporting every problem at once.
func (t *Tool) ParseArgs(raw json.RawMessage) (Args, error) {
	in := map[string]any{}
	if len(bytes.TrimSpace(raw)) > 0 && string(bytes.TrimSpace(raw)) != "null" {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&in); err != nil {
			return nil, &ArgError{[]string{"arguments must be a JSON object: " + err.Error()}}
		}
	}
	var problems []string
	out := Args{}
	inputs := t.Inputs()
	for _, p := range inputs {
		v, ok := in[p.Name]
		if !ok || v == nil {
			if p.Required {
				problems = append(problems, fmt.Sprintf("%s is required (%s)", p.Name, p.Description))
			} else if p.Default != nil {
				out[p.Name] = normalizeDefault(p.Default)
			}
			continue
		}
		val, err := p.coerce(v)
		if err == nil && p.Build != nil {
			_, err = p.Build(val)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p.Name, err))
			continue
		}
		out[p.Name] = val
	}
	var unknown []string
	for k := range in {
		if !hasParam(inputs, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		known := make([]string, 0, len(inputs))
		for _, p := range inputs {
			known = append(known, p.Name)
		}
		accepted := "it takes no arguments"
		if len(known) > 0 {
			accepted = "accepted: " + strings.Join(known, ", ")
		}
		problems = append(problems, fmt.Sprintf("unknown argument(s) %s; %s", strings.Join(unknown, ", "), accepted))
	}
	if len(problems) > 0 {
		return nil, &ArgError{problems}
	}
	return out, nil
}

func normalizeDefault(v any) any {
	switch d := v.(type) {
	case int:
		return int64(d)
	default:
		return v
	}
}

func (p Param) coerce(v any) (any, error) {
	switch p.Type {
	case String:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case json.Number: // an id sent as a number: keep its exact digits, if it can still have them
			digits, err := safeIntegerText(x)
			if err != nil {
				return nil, err
			}
			s = digits
		case bool:
			s = strconv.FormatBool(x)
		default:
			return nil, fmt.Errorf("must be a string, got %s", jsonKind(v))
		}
		if len(p.Enum) > 0 && !contains(p.Enum, s) {
			return nil, fmt.Errorf("must be one of %s, got %q", strings.Join(p.Enum, ", "), s)
		}
		return s, nil
	case Integer:
		if x, ok := v.(json.Number); ok && beyondSafe(x) {
			return nil, fmt.Errorf("must be a whole number of magnitude below 2^53, got %s", x)
		}
		n, err := toNumber(v)
		if err != nil {
			return nil, err
		}
		if n != math.Trunc(n) || math.Abs(n) >= maxSafe {
			return nil, fmt.Errorf("must be a whole number, got %v", v)
		}
		if err := p.inRange(n); err != nil {
			return nil, err
		}
		return int64(n), nil
	case Number:
		n, err := toNumber(v)
		if err != nil {
			return nil, err
		}
		if err := p.inRange(n); err != nil {
			return nil, err
		}
		return n, nil
	case Boolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			if b, err := strconv.ParseBool(strings.ToLower(x)); err == nil {
				return b, nil
			}
		}
		return nil, fmt.Errorf("must be true or false, got %v", v)
	case StringList:
		return toStringList(v)
	case TextOrObject:
		switch v.(type) {
		case string:
			return v, nil
		case map[string]any:
			if err := refuseRoundedNumbers(v, ""); err != nil {
				return nil, err
			}
			return v, nil
		}
		return nil, fmt.Errorf("must be an object or its JSON text, got %s", jsonKind(v))
	case ObjectList:
		if s, ok := v.(string); ok { // agents often send a list as JSON text
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var list []any
			if err := dec.Decode(&list); err != nil {
				return nil, fmt.Errorf("must be a list of objects (the text is not a JSON array: %v)", err)
			}
			v = list
		}
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("must be a list of objects, got %s", jsonKind(v))
		}
		for i, e := range list {
			if _, ok := e.(map[string]any); !ok {
				return nil, fmt.Errorf("element %d must be an object, got %s", i, jsonKind(e))
			}
		}
		if err := refuseRoundedNumbers(list, ""); err != nil {
			return nil, err
		}
		return list, nil
	case ListOrText:
		switch v.(type) {
		case string:
			return v, nil
		case []any:
			if err := refuseRoundedNumbers(v, ""); err != nil {
				return nil, err
			}
			return v, nil
		}
		return nil, fmt.Errorf("must be a list or its JSON text, got %s", jsonKind(v))
	case Object:
		if s, ok := v.(string); ok { // agents often send an object as JSON text
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var m map[string]any
			if err := dec.Decode(&m); err != nil || m == nil {
				return nil, fmt.Errorf("must be a JSON object")
			}
			return m, nil
		}
		if m, ok := v.(map[string]any); ok {
			if err := refuseRoundedNumbers(m, ""); err != nil {
				return nil, err
			}
			return m, nil
		}
		return nil, fmt.Errorf("must be a JSON object, got %s", jsonKind(v))
	}
	return nil, fmt.Errorf("unsupported parameter type %q", p.Type)
}

func (p Param) inRange(n float64) error {
	if p.Min != nil && n < *p.Min {
		return fmt.Errorf("must be at least %v, got %v", *p.Min, n)
	}
	if p.Max != nil && n > *p.Max {
		return fmt.Errorf("must be at most %v, got %v", *p.Max, n)
	}
	return nil
}

func toNumber(v any) (float64, error) {
	switch x := v.(type) {
	case json.Number:
		return x.Float64()
	case float64:
		return x, nil
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return f, nil
		}
	}
	return 0, fmt.Errorf("must be a number, got %v", v)
}

// toStringList accepts a JSON array, a JSON array sent as text, or a single
// string (one element), which is how agents actually send lists.
func toStringList(v any) ([]string, error) {
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for i, e := range x {
			switch s := e.(type) {
			case string:
				out = append(out, s)
			case json.Number:
				digits, err := safeIntegerText(s)
				if err != nil {
					return nil, fmt.Errorf("element %d: %w", i, err)
				}
				out = append(out, digits)
			default:
				return nil, fmt.Errorf("element %d must be a string, got %s", i, jsonKind(e))
			}
		}
		return out, nil
	case string:
		trimmed := strings.TrimSpace(x)
		if strings.HasPrefix(trimmed, "[") {
			var arr []any
			dec := json.NewDecoder(strings.NewReader(trimmed))
			dec.UseNumber()
			if err := dec.Decode(&arr); err != nil {
				return nil, fmt.Errorf("must be a list of strings (the text is not a JSON array: %v)", err)
			}
			return toStringList(arr)
		}
		return []string{x}, nil
	}
	return nil, fmt.Errorf("must be a list of strings, got %s", jsonKind(v))
}

// maxSafe is 2^53: from there on, not every integer has a float64, and so a
// JavaScript client (most MCP clients) may have rounded the number it sent.
const maxSafe = 1 << 53

// safeIntegerText is the digits of a JSON number sent where a string (an id)
// is expected. Only a safe integer is taken: a larger one may already have been
// rounded by the client, and acting on it could touch a neighbouring object.
func safeIntegerText(n json.Number) (string, error) {
	if beyondSafe(n) {
		return "", roundedNumberError(n)
	}
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		return "", fmt.Errorf("must be a string; %s is not a whole number (pass ids as strings)", n)
	}
	return strconv.FormatInt(i, 10), nil
}

// beyondSafe says whether a JSON number's magnitude is 2^53 or more, judged on
// its text so that no rounding decides it.
func beyondSafe(n json.Number) bool {
	if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
		return i >= maxSafe || i <= -maxSafe
	}
	f, err := n.Float64()
	return err != nil || math.Abs(f) >= maxSafe // too large for int64, or written with a fraction or exponent
}

func roundedNumberError(n json.Number) error {
	return fmt.Errorf("%s may not be the id that was meant: JSON numbers this large lose digits in JavaScript clients; "+
		"pass it as a string (\"%s\"), exactly as the API returned it", n, n)
}

// refuseRoundedNumbers walks a free-form value (the advanced passthrough,
// conditions, operands) for numbers of magnitude 2^53 or more: nothing there
// legitimately needs one, and an id reference there is rounded like any other.
func refuseRoundedNumbers(v any, at string) error {
	switch x := v.(type) {
	case json.Number:
		if beyondSafe(x) {
			return fmt.Errorf("%s: %w", strings.TrimPrefix(at, "."), roundedNumberError(x))
		}
	case float64:
		if math.Abs(x) >= maxSafe {
			return fmt.Errorf("%s: %w", strings.TrimPrefix(at, "."), roundedNumberError(json.Number(strconv.FormatFloat(x, 'f', -1, 64))))
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := refuseRoundedNumbers(x[k], at+"."+k); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := refuseRoundedNumbers(e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func hasParam(params []Param, name string) bool {
	for _, p := range params {
		if p.Name == name {
			return true
		}
	}
	return false
}
