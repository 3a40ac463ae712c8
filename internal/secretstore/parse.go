package secretstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

var known = func() map[string]bool {
	m := make(map[string]bool, len(Keys))
	for _, k := range Keys {
		m[k] = true
	}
	return m
}()

const fixJSON = "store the settings as one JSON object of string values, e.g. " +
	`{"ZSCALER_CLIENT_ID":"...","ZSCALER_CLIENT_SECRET":"...","ZSCALER_VANITY_DOMAIN":"..."}` +
	" (aws secretsmanager put-secret-value --secret-id <name> --secret-string file://settings.json)"

// parse decodes the secret's payload. It returns the known keys' values and
// the sorted names of the unknown keys. Errors never quote the payload: the
// JSON decoder's own messages can quote a character of it, so only offsets
// and JSON types are reported.
func parse(id string, str *string, bin []byte) (map[string]string, []string, *Error) {
	if str == nil {
		cause := "Secret " + id + " has no SecretString"
		if len(bin) > 0 {
			cause = "Secret " + id + " holds binary data (SecretBinary), not a JSON SecretString"
		}
		return nil, nil, &Error{Kind: KindBinary, SecretID: id, Cause: cause, Fix: fixJSON}
	}
	dec := json.NewDecoder(strings.NewReader(*str))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, &Error{Kind: KindNotJSON, SecretID: id,
			Cause: "Secret " + id + " is not valid JSON (" + jsonProblem(err, dec) + ")", Fix: fixJSON}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, &Error{Kind: KindNotJSON, SecretID: id,
			Cause: fmt.Sprintf("Secret %s is not valid JSON (unexpected data after the JSON value at byte %d)", id, dec.InputOffset()),
			Fix:   fixJSON}
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, nil, &Error{Kind: KindNotObject, SecretID: id,
			Cause: "Secret " + id + " is a JSON " + jsonType(doc) + ", not an object", Fix: fixJSON}
	}
	values := make(map[string]string)
	var unknown []string
	for k, v := range obj {
		if !known[k] {
			unknown = append(unknown, k)
			continue
		}
		switch t := v.(type) {
		case nil:
			// null: skipped
		case string:
			values[k] = t
		case bool:
			values[k] = strconv.FormatBool(t)
		case json.Number:
			values[k] = decimal(t)
		default:
			return nil, nil, &Error{Kind: KindBadValue, SecretID: id,
				Cause: "Secret " + id + ": " + k + " is a JSON " + jsonType(v) + "; expected a string, number or boolean",
				Fix:   "store " + k + " as a string (lists are comma-separated)"}
		}
	}
	sort.Strings(unknown)
	return values, unknown, nil
}

func jsonProblem(err error, dec *json.Decoder) string {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.Is(err, io.EOF):
		return "the secret string is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	default:
		return fmt.Sprintf("decoding failed at byte %d", dec.InputOffset())
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}

// decimal renders a JSON number as decimal text: the literal as written
// unless it has an exponent, which is expanded exactly (1e3 → "1000",
// 2.5E-1 → "0.25"). Integers keep every digit (tenant ids exceed float64).
func decimal(n json.Number) string {
	s := string(n)
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return s
	}
	exp, err := strconv.Atoi(s[i+1:])
	if err != nil || exp > 400 || exp < -400 {
		return s
	}
	mant := s[:i]
	frac := 0
	if j := strings.IndexByte(mant, '.'); j >= 0 {
		frac = len(mant) - j - 1
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s
	}
	if r.IsInt() {
		return r.Num().String()
	}
	prec := frac - exp
	if prec < 0 {
		prec = 0
	}
	out := r.FloatString(prec)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out
}

// checkRequired reports every missing credential in one error. unknown (the
// ignored key names) lets the fix point at a wrongly cased key.
func checkRequired(id string, values map[string]string, unknown []string) *Error {
	has := func(k string) bool { return strings.TrimSpace(values[k]) != "" }
	var missing []string
	if !has("ZSCALER_CLIENT_ID") {
		missing = append(missing, "ZSCALER_CLIENT_ID")
	}
	if !has("ZSCALER_CLIENT_SECRET") && !has("ZSCALER_PRIVATE_KEY") {
		missing = append(missing, "ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY)")
	}
	if len(missing) == 0 {
		return nil
	}
	fix := "add " + strings.Join(missing, " and ") + " to the secret (aws secretsmanager put-secret-value --secret-id " + id + " --secret-string file://settings.json)"
	var near []string
	for _, u := range unknown {
		for _, k := range []string{"ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY"} {
			if strings.EqualFold(strings.TrimSpace(u), k) {
				near = append(near, u+" → "+k)
			}
		}
	}
	if len(near) > 0 {
		fix += "; key names are exact and case-sensitive: rename " + strings.Join(near, ", ")
	}
	return &Error{Kind: KindMissingKey, SecretID: id,
		Cause: "Secret " + id + " is missing " + strings.Join(missing, " and "),
		Fix:   fix}
}
