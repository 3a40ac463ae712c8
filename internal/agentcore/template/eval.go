package template

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The evaluator computes what CloudFormation computes from a template and
// its parameter values: conditions, Fn::If, Fn::Sub, Fn::Join, Fn::Split,
// Fn::Select, Ref and Fn::GetAtt, with AWS::NoValue removing what it stands
// in. Validate evaluates the Rules with it; PlanAWSCLI evaluates the
// resources' properties with it; the tests use it to check every
// combination of conditions.

// noValueT is the evaluated AWS::NoValue: the property or element is dropped.
type noValueT struct{}

// resolver gives the value of Ref (attr == "") or Fn::GetAtt of a resource.
type resolver func(logicalID, attr string) (any, error)

type evaluator struct {
	params     map[string]string
	types      map[string]string
	pseudo     map[string]any
	conditions map[string]any // the template's Conditions section, unevaluated
	memo       map[string]bool
	resource   resolver
}

func newEvaluator(params map[string]string, resource resolver) *evaluator {
	types := map[string]string{}
	for _, p := range parameters() {
		types[p.Name] = p.Type
	}
	return &evaluator{
		params: params,
		types:  types,
		pseudo: map[string]any{
			"AWS::Region":    "us-east-1",
			"AWS::AccountId": "123456789012",
			"AWS::Partition": "aws",
			"AWS::URLSuffix": "amazonaws.com",
			"AWS::StackName": DefaultStackName,
			"AWS::StackId":   "arn:aws:cloudformation:us-east-1:123456789012:stack/" + DefaultStackName + "/00000000-0000-0000-0000-000000000000",
		},
		memo:     map[string]bool{},
		resource: resource,
	}
}

// withConditions gives the evaluator the template's Conditions section.
func (e *evaluator) withConditions(section any) *evaluator {
	e.conditions = map[string]any{}
	for k, v := range entries(section) {
		e.conditions[k] = v
	}
	return e
}

// entries reads a mapping (obj or map) as a Go map.
func entries(v any) map[string]any {
	out := map[string]any{}
	switch m := v.(type) {
	case obj:
		for _, e := range m {
			out[e.K] = e.V
		}
	case map[string]any:
		for k, x := range m {
			out[k] = x
		}
	}
	return out
}

// intrinsic reports a one-key mapping naming an intrinsic function.
func intrinsic(v any) (string, any, bool) {
	switch m := v.(type) {
	case obj:
		if len(m) == 1 && (m[0].K == "Ref" || m[0].K == "Condition" || strings.HasPrefix(m[0].K, "Fn::")) {
			return m[0].K, m[0].V, true
		}
	case map[string]any:
		if len(m) == 1 {
			for k, x := range m {
				if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
					return k, x, true
				}
			}
		}
	}
	return "", nil, false
}

// conditionValue evaluates a named condition once.
func (e *evaluator) conditionValue(name string) (bool, error) {
	if v, ok := e.memo[name]; ok {
		return v, nil
	}
	expr, ok := e.conditions[name]
	if !ok {
		return false, fmt.Errorf("unknown condition %q", name)
	}
	v, err := e.condition(expr)
	if err != nil {
		return false, fmt.Errorf("condition %s: %w", name, err)
	}
	e.memo[name] = v
	return v, nil
}

// condition evaluates a condition expression (Conditions and Rules).
func (e *evaluator) condition(expr any) (bool, error) {
	fn, arg, ok := intrinsic(expr)
	if !ok {
		if b, isBool := expr.(bool); isBool {
			return b, nil
		}
		return false, fmt.Errorf("not a condition: %v", expr)
	}
	args, _ := arg.([]any)
	switch fn {
	case "Condition":
		name, _ := arg.(string)
		return e.conditionValue(name)
	case "Fn::Equals":
		if len(args) != 2 {
			return false, errors.New("Fn::Equals takes two values")
		}
		a, err := e.eval(args[0])
		if err != nil {
			return false, err
		}
		b, err := e.eval(args[1])
		if err != nil {
			return false, err
		}
		return reflect.DeepEqual(normalize(a), normalize(b)), nil
	case "Fn::Not":
		if len(args) != 1 {
			return false, errors.New("Fn::Not takes one condition")
		}
		v, err := e.condition(args[0])
		return !v, err
	case "Fn::And", "Fn::Or":
		if len(args) < 2 || len(args) > 10 {
			return false, fmt.Errorf("%s takes 2 to 10 conditions, not %d", fn, len(args))
		}
		for _, a := range args {
			v, err := e.condition(a)
			if err != nil {
				return false, err
			}
			if fn == "Fn::And" && !v {
				return false, nil
			}
			if fn == "Fn::Or" && v {
				return true, nil
			}
		}
		return fn == "Fn::And", nil
	case "Fn::EachMemberEquals", "Fn::Contains":
		if len(args) != 2 {
			return false, fmt.Errorf("%s takes a list and a string", fn)
		}
		l, err := e.eval(args[0])
		if err != nil {
			return false, err
		}
		s, err := e.eval(args[1])
		if err != nil {
			return false, err
		}
		items, ok := l.([]any)
		if !ok {
			return false, fmt.Errorf("%s: not a list: %v", fn, l)
		}
		for _, it := range items {
			match := fmt.Sprint(it) == fmt.Sprint(s)
			if fn == "Fn::Contains" && match {
				return true, nil
			}
			if fn == "Fn::EachMemberEquals" && !match {
				return false, nil
			}
		}
		return fn == "Fn::EachMemberEquals", nil
	}
	return false, fmt.Errorf("%s is not a condition function", fn)
}

func normalize(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]string, len(x))
		for i, it := range x {
			out[i] = fmt.Sprint(it)
		}
		return out
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

var subRef = regexp.MustCompile(`\$\{([^}]*)\}`)

// eval computes a value. Mappings keep their kind (obj or map).
func (e *evaluator) eval(v any) (any, error) {
	if fn, arg, ok := intrinsic(v); ok {
		return e.call(fn, arg)
	}
	switch x := v.(type) {
	case obj:
		var out obj
		for _, en := range x {
			val, err := e.eval(en.V)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", en.K, err)
			}
			if _, drop := val.(noValueT); !drop {
				out = append(out, kv{en.K, val})
			}
		}
		if out == nil {
			out = obj{}
		}
		return out, nil
	case map[string]any:
		out := map[string]any{}
		for k, it := range x {
			val, err := e.eval(it)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if _, drop := val.(noValueT); !drop {
				out[k] = val
			}
		}
		return out, nil
	case []any:
		out := []any{}
		for i, it := range x {
			val, err := e.eval(it)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			if _, drop := val.(noValueT); !drop {
				out = append(out, val)
			}
		}
		return out, nil
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, nil
	}
	return v, nil
}

func (e *evaluator) call(fn string, arg any) (any, error) {
	args, _ := arg.([]any)
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		return e.ref(name)
	case "Fn::GetAtt":
		var res, attr string
		switch a := arg.(type) {
		case string:
			res, attr, _ = strings.Cut(a, ".")
		case []any:
			if len(a) == 2 {
				res, _ = a[0].(string)
				attr, _ = a[1].(string)
			}
		}
		if res == "" || attr == "" {
			return nil, fmt.Errorf("Fn::GetAtt: bad argument %v", arg)
		}
		if e.resource == nil {
			return nil, fmt.Errorf("Fn::GetAtt %s.%s: no resources here", res, attr)
		}
		return e.resource(res, attr)
	case "Fn::If":
		if len(args) != 3 {
			return nil, errors.New("Fn::If takes a condition name and two values")
		}
		name, _ := args[0].(string)
		c, err := e.conditionValue(name)
		if err != nil {
			return nil, err
		}
		if c {
			return e.eval(args[1])
		}
		return e.eval(args[2])
	case "Fn::Join":
		if len(args) != 2 {
			return nil, errors.New("Fn::Join takes a delimiter and a list")
		}
		sep, _ := args[0].(string)
		l, err := e.eval(args[1])
		if err != nil {
			return nil, err
		}
		items, ok := l.([]any)
		if !ok {
			return nil, fmt.Errorf("Fn::Join: not a list: %v", l)
		}
		parts := make([]string, 0, len(items))
		for _, it := range items {
			s, err := scalar(it)
			if err != nil {
				return nil, fmt.Errorf("Fn::Join: %w", err)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, sep), nil
	case "Fn::Split":
		if len(args) != 2 {
			return nil, errors.New("Fn::Split takes a delimiter and a string")
		}
		sep, _ := args[0].(string)
		s, err := e.eval(args[1])
		if err != nil {
			return nil, err
		}
		str, err := scalar(s)
		if err != nil {
			return nil, fmt.Errorf("Fn::Split: %w", err)
		}
		var out []any
		for _, p := range strings.Split(str, sep) {
			out = append(out, p)
		}
		return out, nil
	case "Fn::Select":
		if len(args) != 2 {
			return nil, errors.New("Fn::Select takes an index and a list")
		}
		iv, err := e.eval(args[0])
		if err != nil {
			return nil, err
		}
		i, err := strconv.Atoi(fmt.Sprint(iv))
		if err != nil {
			return nil, fmt.Errorf("Fn::Select: index %v", iv)
		}
		l, err := e.eval(args[1])
		if err != nil {
			return nil, err
		}
		items, ok := l.([]any)
		if !ok || i < 0 || i >= len(items) {
			return nil, fmt.Errorf("Fn::Select: index %d out of %v", i, l)
		}
		return items[i], nil
	case "Fn::Sub":
		var tmpl string
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			tmpl = a
		case []any:
			if len(a) != 2 {
				return nil, errors.New("Fn::Sub takes a string and a map")
			}
			tmpl, _ = a[0].(string)
			vars = entries(a[1])
		}
		var subErr error
		out := subRef.ReplaceAllStringFunc(tmpl, func(m string) string {
			name := m[2 : len(m)-1]
			if strings.HasPrefix(name, "!") {
				return "${" + name[1:] + "}"
			}
			var val any
			var err error
			if x, ok := vars[name]; ok {
				val, err = e.eval(x)
			} else if res, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
				val, err = e.call("Fn::GetAtt", []any{res, attr})
			} else {
				val, err = e.ref(name)
			}
			if err == nil {
				var s string
				s, err = scalar(val)
				val = s
			}
			if err != nil && subErr == nil {
				subErr = fmt.Errorf("Fn::Sub ${%s}: %w", name, err)
			}
			return fmt.Sprint(val)
		})
		return out, subErr
	case "Condition", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::EachMemberEquals", "Fn::Contains":
		return e.condition(obj{{fn, arg}})
	}
	return nil, fmt.Errorf("unsupported intrinsic function %s", fn)
}

func (e *evaluator) ref(name string) (any, error) {
	if name == "AWS::NoValue" {
		return noValueT{}, nil
	}
	if v, ok := e.pseudo[name]; ok {
		return v, nil
	}
	if v, ok := e.params[name]; ok {
		if e.types[name] == typeList {
			var out []any
			for _, p := range strings.Split(v, ",") {
				out = append(out, strings.TrimSpace(p))
			}
			return out, nil
		}
		return v, nil
	}
	if e.resource != nil {
		return e.resource(name, "")
	}
	return nil, fmt.Errorf("Ref %s: no such parameter", name)
}

func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int, int64, float64, bool:
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("not a string: %v", v)
}

// conditionNames lists a Conditions section's names, sorted.
func conditionNames(section any) []string {
	var names []string
	for k := range entries(section) {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
