package zpa

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Policy conditions. A rule's conditions are ANDed or ORed (the rule's
// operator, AND); each condition ORs or ANDs its operands. The v2 write
// endpoints take an operand per object type: {"objectType", "values"} for
// the types named by id, {"objectType", "entryValues":[{"lhs","rhs"}]} for
// those that pair a key with a value (an IdP and its SCIM group, a posture
// profile and true/false). Reads answer the v1 form instead: one operand per
// value, with lhs and rhs.

// Object types whose operands list ids (values).
var valueTypes = []string{"APP", "APP_GROUP", "CONSOLE", "MACHINE_GRP", "LOCATION", "BRANCH_CONNECTOR_GROUP",
	"EDGE_CONNECTOR_GROUP", "CLIENT_TYPE", "USER_PORTAL", "PRIVILEGE_PORTAL", "CHROME_POSTURE_PROFILE", "IDP"}

// Object types whose operands pair lhs with rhs (entryValues).
var entryTypes = []string{"PLATFORM", "POSTURE", "TRUSTED_NETWORK", "SAML", "SCIM", "SCIM_GROUP", "COUNTRY_CODE",
	"RISK_FACTOR_TYPE", "CHROME_ENTERPRISE"}

const conditionsHelp = "Policy conditions, as a list (or its JSON text) in any of these forms: " +
	`v2 objects [{"operator":"OR","operands":[{"objectType":"APP","values":["<segment id>"]},` +
	`{"objectType":"SCIM_GROUP","entryValues":[{"lhs":"<IdP id>","rhs":"<SCIM group id>"}]}]}]; ` +
	`operand objects with lhs/rhs as rules are read ({"objectType":"APP","lhs":"id","rhs":"<id>"}); ` +
	`or tuples [["app",["<id>","<id>"]], ["scim_group",[["<IdP id>","<group id>"]]], ["posture","<profile udid>","true"], ["AND",["client_type",["zpn_client_type_zapp"]]]]. ` +
	"Object types: APP, APP_GROUP, CONSOLE, MACHINE_GRP, LOCATION, BRANCH_CONNECTOR_GROUP, EDGE_CONNECTOR_GROUP, " +
	"CLIENT_TYPE, USER_PORTAL, PRIVILEGE_PORTAL, CHROME_POSTURE_PROFILE, IDP (by id); PLATFORM, POSTURE, " +
	"TRUSTED_NETWORK, SAML, SCIM, SCIM_GROUP, COUNTRY_CODE, RISK_FACTOR_TYPE, CHROME_ENTERPRISE (lhs/rhs pairs). " +
	"An empty list removes every condition; on an update, omitted keeps the current ones."

// convertConditions reads conditions in any accepted form and returns them
// in the v2 write form. Every problem is reported with where it is.
func convertConditions(v any) (any, error) {
	if s, ok := v.(string); ok {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var list []any
		if err := dec.Decode(&list); err != nil {
			return nil, fmt.Errorf("the text is not a JSON list (%v); %s", err, conditionsHelp)
		}
		v = list
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a list; %s", conditionsHelp)
	}
	var b condBuilder
	for i, c := range list {
		var err error
		switch x := c.(type) {
		case map[string]any:
			err = b.object(x)
		case []any:
			err = b.tuple("OR", x)
		default:
			err = fmt.Errorf("is %s", kindName(c))
		}
		if err != nil {
			return nil, fmt.Errorf("condition %d: %v; %s", i, err, conditionsHelp)
		}
	}
	return b.out(), nil
}

// condBuilder collects conditions in order. Tuples are grouped as the SDKs
// group them: APP and APP_GROUP share one condition, and the pairs of one
// entry type and operator share one operand.
type condBuilder struct {
	conds []map[string]any
	apps  map[string]any // the condition holding the tuples' APP and APP_GROUP operands
	pairs map[string]map[string]any
}

func (b *condBuilder) out() []any {
	out := make([]any, 0, len(b.conds))
	for _, c := range b.conds {
		out = append(out, c)
	}
	return out
}

func (b *condBuilder) object(c map[string]any) error {
	op, err := operator(c["operator"])
	if err != nil {
		return err
	}
	raw, ok := c["operands"].([]any)
	if !ok {
		return fmt.Errorf("has no operands list")
	}
	cond := map[string]any{"operator": op}
	if n, ok := c["negated"]; ok {
		if _, isBool := n.(bool); !isBool {
			return fmt.Errorf("negated must be true or false")
		}
		cond["negated"] = n
	}
	var operands []any
	byType := map[string]map[string]any{} // v1 operands of one type merge into one
	for j, o := range raw {
		m, ok := o.(map[string]any)
		if !ok {
			return fmt.Errorf("operand %d is %s, not an object", j, kindName(o))
		}
		typ, err := objectType(first(m, "objectType", "object_type"))
		if err != nil {
			return fmt.Errorf("operand %d: %v", j, err)
		}
		values, entries := first(m, "values"), first(m, "entryValues", "entry_values")
		lhs, hasLHS := m["lhs"]
		rhs, hasRHS := m["rhs"]
		var operand map[string]any
		switch {
		case values != nil || entries != nil:
			if operand, err = v2Operand(typ, values, entries); err != nil {
				return fmt.Errorf("operand %d: %v", j, err)
			}
			operands = append(operands, operand)
			continue
		case hasLHS && hasRHS:
			if err := scalars(lhs, rhs); err != nil {
				return fmt.Errorf("operand %d: %v", j, err)
			}
		default:
			return fmt.Errorf("operand %d (%s) has neither values, entryValues nor lhs and rhs", j, typ)
		}
		if have := byType[typ]; have != nil {
			appendOperand(have, typ, lhs, rhs)
			continue
		}
		operand = map[string]any{"objectType": typ}
		appendOperand(operand, typ, lhs, rhs)
		byType[typ] = operand
		operands = append(operands, operand)
	}
	cond["operands"] = operands
	b.conds = append(b.conds, cond)
	return nil
}

func (b *condBuilder) tuple(op string, t []any) error {
	if len(t) == 2 {
		if s, ok := t[0].(string); ok && (strings.EqualFold(s, "AND") || strings.EqualFold(s, "OR")) {
			inner, ok := t[1].([]any)
			if !ok {
				return fmt.Errorf("after the operator %s comes a tuple, not %s", s, kindName(t[1]))
			}
			return b.tuple(strings.ToUpper(s), inner)
		}
	}
	if len(t) < 2 || len(t) > 3 {
		return fmt.Errorf("a tuple is [type, values], [type, lhs, rhs] or [operator, tuple]; this one has %d elements", len(t))
	}
	name, _ := t[0].(string)
	typ, err := objectType(name)
	if err != nil {
		return err
	}
	var pairs [][2]any
	var values []any
	isEntry := slices.Contains(entryTypes, typ)
	switch {
	case len(t) == 3:
		if err := scalars(t[1], t[2]); err != nil {
			return err
		}
		pairs, values = [][2]any{{t[1], t[2]}}, []any{t[2]}
	case isEntry:
		if pairs, err = pairList(t[1]); err != nil {
			return fmt.Errorf("%s takes [lhs, rhs] pairs: %v", typ, err)
		}
	default:
		if values, err = valueList(t[1]); err != nil {
			return fmt.Errorf("%s takes ids: %v", typ, err)
		}
	}
	if isEntry {
		key := op + " " + typ
		operand := b.pairs[key]
		if operand == nil {
			operand = map[string]any{"objectType": typ, "entryValues": []any{}}
			if b.pairs == nil {
				b.pairs = map[string]map[string]any{}
			}
			b.pairs[key] = operand
			b.conds = append(b.conds, map[string]any{"operator": op, "operands": []any{operand}})
		}
		for _, p := range pairs {
			operand["entryValues"] = append(operand["entryValues"].([]any), map[string]any{"lhs": p[0], "rhs": p[1]})
		}
		return nil
	}
	operand := map[string]any{"objectType": typ, "values": values}
	if typ == "APP" || typ == "APP_GROUP" {
		if b.apps == nil {
			b.apps = map[string]any{"operator": "OR", "operands": []any{}}
			b.conds = append(b.conds, b.apps)
		}
		b.apps["operands"] = append(b.apps["operands"].([]any), operand)
		return nil
	}
	b.conds = append(b.conds, map[string]any{"operator": op, "operands": []any{operand}})
	return nil
}

func appendOperand(operand map[string]any, typ string, lhs, rhs any) {
	if slices.Contains(entryTypes, typ) {
		ev, _ := operand["entryValues"].([]any)
		operand["entryValues"] = append(ev, map[string]any{"lhs": lhs, "rhs": rhs})
		return
	}
	vs, _ := operand["values"].([]any)
	operand["values"] = append(vs, rhs)
}

func v2Operand(typ string, values, entries any) (map[string]any, error) {
	if slices.Contains(entryTypes, typ) {
		if entries == nil {
			return nil, fmt.Errorf("%s takes entryValues (lhs/rhs pairs), not values", typ)
		}
		if m, ok := entries.(map[string]any); ok {
			entries = []any{m}
		}
		list, ok := entries.([]any)
		if !ok {
			return nil, fmt.Errorf("entryValues must be a list of {lhs, rhs}")
		}
		out := make([]any, 0, len(list))
		for k, e := range list {
			m, ok := e.(map[string]any)
			if !ok || m["lhs"] == nil || m["rhs"] == nil || scalars(m["lhs"], m["rhs"]) != nil {
				return nil, fmt.Errorf("entryValues %d must be {\"lhs\": ..., \"rhs\": ...} with text or ids", k)
			}
			out = append(out, map[string]any{"lhs": m["lhs"], "rhs": m["rhs"]})
		}
		return map[string]any{"objectType": typ, "entryValues": out}, nil
	}
	if values == nil {
		return nil, fmt.Errorf("%s takes values (ids), not entryValues", typ)
	}
	list, err := valueList(values)
	if err != nil {
		return nil, fmt.Errorf("values: %v", err)
	}
	return map[string]any{"objectType": typ, "values": list}, nil
}

func valueList(v any) ([]any, error) {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("the list is empty")
	}
	for _, e := range list {
		if scalars(e) != nil {
			return nil, fmt.Errorf("%s is not an id", kindName(e))
		}
	}
	return list, nil
}

func pairList(v any) ([][2]any, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, fmt.Errorf("got %s", kindName(v))
	}
	if len(list) == 1 { // one more level of nesting, as the reference tolerates
		if inner, ok := list[0].([]any); ok && len(inner) > 0 {
			if _, nested := inner[0].([]any); nested {
				list = inner
			}
		}
	}
	var out [][2]any
	for _, e := range list {
		p, ok := e.([]any)
		if !ok || len(p) != 2 || scalars(p[0], p[1]) != nil {
			return nil, fmt.Errorf("%s is not an [lhs, rhs] pair", kindName(e))
		}
		out = append(out, [2]any{p[0], p[1]})
	}
	return out, nil
}

func operator(v any) (string, error) {
	if v == nil {
		return "OR", nil
	}
	s, _ := v.(string)
	switch strings.ToUpper(s) {
	case "AND", "OR":
		return strings.ToUpper(s), nil
	}
	return "", fmt.Errorf("operator must be AND or OR, got %v", v)
}

func objectType(v any) (string, error) {
	s, _ := v.(string)
	t := strings.ToUpper(strings.TrimSpace(s))
	if slices.Contains(valueTypes, t) || slices.Contains(entryTypes, t) {
		return t, nil
	}
	return "", fmt.Errorf("unknown object type %q", fmt.Sprint(v))
}

func first(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok && v != nil {
			return v
		}
	}
	return nil
}

// scalars checks that each value is text or a number (an id).
func scalars(vs ...any) error {
	for _, v := range vs {
		switch v.(type) {
		case string, json.Number, float64:
		default:
			return fmt.Errorf("%s where text or an id was expected", kindName(v))
		}
	}
	return nil
}

func kindName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
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
