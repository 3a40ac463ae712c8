package confirm

import (
	"encoding/json"
	"strings"
)

// TokenFrom extracts a confirmation token from a call's raw arguments, the two ways agents send it:
//   - a top-level "confirmation_token" string;
//   - as with the reference server, "kwargs" holding {"confirmation_token": "…"}, either as an object or as a JSON
//     string (a doubly JSON-encoded string is also accepted).
//
// A top-level token wins over one in kwargs. Anything else in kwargs (legacy {"confirmed": true}, junk, a non-string
// token) yields no token. The token is trimmed of white space; "" means none.
//
// rest is a shallow copy of args without the "confirmation_token" and "kwargs" keys (args itself is not modified); it
// is what [Confirmer.Issue] and [Confirmer.Redeem] bind.
func TokenFrom(args map[string]any) (token string, rest map[string]any) {
	rest = make(map[string]any, len(args))
	for k, v := range args {
		if k == "confirmation_token" || k == "kwargs" {
			continue
		}
		rest[k] = v
	}
	if s, ok := args["confirmation_token"].(string); ok {
		token = strings.TrimSpace(s)
	}
	if token == "" {
		token = fromKwargs(args["kwargs"], 0)
	}
	return token, rest
}

func fromKwargs(v any, depth int) string {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["confirmation_token"].(string); ok {
			return strings.TrimSpace(s)
		}
	case map[string]string:
		return strings.TrimSpace(x["confirmation_token"])
	case string:
		if depth >= 2 {
			return ""
		}
		s := strings.TrimSpace(x)
		if s == "" {
			return ""
		}
		var y any
		if err := json.Unmarshal([]byte(s), &y); err != nil {
			return ""
		}
		return fromKwargs(y, depth+1)
	case json.RawMessage:
		return fromKwargs(string(x), depth)
	}
	return ""
}
