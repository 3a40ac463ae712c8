package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// ZMS and Z-Insights are GraphQL services: POST /zms/graphql and
// /zins/graphql answer by operation. A resource's Key is the field path of
// its query ("agents"; Z-Insights nests reports in a domain,
// "CYBER_SECURITY.incidents"); the operation's variables stand for the query
// parameters its filters read; the answer holds only the fields the query
// selects, under "data"; and every refusal is an "errors" list at HTTP 200,
// as the real services answer (recorded).
func graphService(name string, page func(c *call, items []*record) reply) *service {
	return &service{name: name, prefix: "/" + name, page: page, pageSize: 20, maxPage: 1000,
		fail: func(_ *Resource, _ failure, detail ...string) reply { // a variable missing, or not accepted
			return graphErrors(fmt.Sprintf("Variable '%s' has an invalid value: %s", detail[0], append(detail[1:], "null")[0]), "ValidationError", "", "")
		}}
}

// zmsService pages {"nodes","pageInfo"} by page (or pageNum) and pageSize;
// every query takes the tenant's customerId.
func zmsService() *service {
	return graphService("zms", func(c *call, items []*record) reply {
		page, size, bad := c.pageArgs(either(c.q("pageNum") != "", "pageNum", "page"), "pageSize", 1)
		if bad != nil {
			return *bad
		}
		if c.q("fetchAll") == "true" { // every record at once (the policy rules)
			page, size = 1, max(len(items), 1)
		}
		return jsonReply(http.StatusOK, obj("nodes", publicAll(pageOf(items, page, size)), "pageInfo",
			obj("pageNumber", page, "pageSize", size, "totalCount", len(items), "totalPages", (len(items)+size-1)/size)))
	})
}

// zinsService answers reports as {"obfuscated","entries"} cut at limit; unpaged ones as their record.
func zinsService() *service {
	return graphService("zins", func(c *call, items []*record) reply {
		if c.res.Unpaged && len(items) > 0 { // one object: IoT's device stats, the shadow IT summary
			return jsonReply(http.StatusOK, public(items[0]))
		}
		limit, err := strconv.Atoi(either(c.q("limit") != "", c.q("limit"), "1000"))
		if err != nil || limit < 1 || limit > 1000 {
			return c.fail(badParam, "limit", c.q("limit"))
		}
		return jsonReply(http.StatusOK, obj("obfuscated", false, "entries", publicAll(items[:min(limit, len(items))])))
	})
}

func graphQL(c *call) reply {
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	_ = json.Unmarshal(c.body, &req)
	roots, err := selections(req.Query)
	if err != nil {
		return graphErrors("Invalid Syntax : "+err.Error(), "InvalidSyntax", "", "")
	}
	c.query = url.Values{} // the variables stand for query parameters, so that rows filter alike
	flatten(c.query, "", req.Variables)
	data := obj()
	for _, root := range roots {
		answer, errs := c.graphField(root, "")
		if errs != nil {
			return *errs
		}
		data.set(root.name, answer)
	}
	return jsonReply(http.StatusOK, obj("data", data))
}

// flatten files variables by name, a list's elements each, an input object's members dotted ("filter.name.contains").
func flatten(q url.Values, name string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(q, strings.TrimPrefix(name+"."+k, "."), e)
		}
	case []any:
		for _, e := range x {
			flatten(q, name, e)
		}
	case nil:
	default:
		q.Add(name, strings.Trim(string(encodeJSON(x, false)), `"`))
	}
}

// graphField answers one field of the query: a resource's Key, or a domain
// whose fields are.
func (c *call) graphField(f field, domain string) (json.RawMessage, *reply) {
	path := strings.TrimPrefix(domain+"."+f.name, ".")
	for _, res := range c.svc.resources {
		if res.Key != path {
			continue
		}
		c.res = res
		if id := c.q("customerId"); id != "" && id != c.t.opts.CustomerID {
			rep := graphErrors("Forbidden: customer "+id+" is not this tenant", "INTERNAL_ERROR", "FORBIDDEN", f.name)
			return nil, &rep
		}
		items, bad := c.list(res)
		if bad != nil {
			return nil, bad
		}
		if res.Unpaged { // one record answers (a get by id, a statistic), or null
			return pickFields(encodeJSON(append(publicAll(items), nil)[0], false), f.sub), nil
		}
		rep := c.svc.page(c, items)
		if env, ok := rep.body.(*record); ok && !env.has("errors") {
			return pickFields(encodeJSON(env, false), f.sub), nil
		}
		return nil, &rep
	}
	if domain != "" || len(f.sub) == 0 {
		rep := graphErrors(fmt.Sprintf("Validation error (FieldUndefined@[%s]) : Field '%s' is undefined", path, f.name), "ValidationError", "", "")
		return nil, &rep
	}
	reports := obj()
	for _, sub := range f.sub {
		answer, errs := c.graphField(sub, f.name)
		if errs != nil {
			return nil, errs
		}
		reports.set(sub.name, answer)
	}
	return encodeJSON(reports, false), nil
}

// graphErrors is a refusal as GraphQL answers one, at HTTP 200; the refusal
// of one field (path) comes with data, null there.
func graphErrors(msg, classification, code, path string) reply {
	ext := obj("classification", classification)
	if code != "" {
		ext = obj("code", code, "http_status", http.StatusForbidden, "classification", classification)
	}
	if path == "" {
		return jsonReply(http.StatusOK, obj("errors", []*record{obj("message", msg, "extensions", ext)}))
	}
	return jsonReply(http.StatusOK, obj("errors", []*record{obj("message", msg, "path", []string{path}, "extensions", ext)}, "data", obj(path, nil)))
}

// pickFields keeps what a selection set asks for; a field the value lacks is null.
func pickFields(raw json.RawMessage, sel []field) json.RawMessage {
	if rec, err := parseRecord(raw); err == nil && len(sel) > 0 {
		out := obj()
		for _, f := range sel {
			out.put(f.name, pickFields(either(rec.has(f.name), rec.raw(f.name), json.RawMessage("null")), f.sub))
		}
		return encodeJSON(out, false)
	}
	var elems []json.RawMessage
	if kind(raw) != '[' || json.Unmarshal(raw, &elems) != nil {
		return raw
	}
	for i := range elems {
		elems[i] = pickFields(elems[i], sel)
	}
	return encodeJSON(elems, false)
}

// field is one field of a GraphQL selection set.
type field struct {
	name string
	sub  []field
}

var gqlTokenRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|#[^\n]*|[_A-Za-z][_0-9A-Za-z]*|[^\s,]`)

// selections parses the selection set of a query document's operation.
// Arguments and variable definitions are skipped: the sandbox answers by
// field names and reads the arguments from the variables.
func selections(q string) ([]field, error) {
	var toks []string
	depth := 0 // of parentheses: arguments and variable definitions
	for _, tok := range gqlTokenRE.FindAllString(q, -1) {
		switch {
		case tok == "(":
			depth++
		case tok == ")":
			depth--
		case depth == 0 && tok[0] != '#':
			toks = append(toks, tok)
		}
	}
	if i := slices.Index(toks, "{"); i >= 0 {
		set, _, err := selectionSet(toks, i)
		return set, err
	}
	return nil, errors.New("no selection set")
}

// selectionSet parses the set that opens at toks[i] and returns where it ends.
func selectionSet(toks []string, i int) ([]field, int, error) {
	var out []field
	for i++; i < len(toks); i++ {
		switch tok := toks[i]; {
		case tok == "}":
			return out, i, nil
		case tok == "." && i+5 < len(toks) && toks[i+3] == "on" && toks[i+5] == "{": // ... on Type { }: its fields
			sub, end, err := selectionSet(toks, i+5)
			if err != nil {
				return nil, 0, err
			}
			out, i = append(out, sub...), end // a field two fragments select is answered once
		case tok == "{" && len(out) > 0:
			var err error
			if out[len(out)-1].sub, i, err = selectionSet(toks, i); err != nil {
				return nil, 0, err
			}
		case tok[0] == '_' || unicode.IsLetter(rune(tok[0])):
			out = append(out, field{name: tok})
		default:
			return nil, 0, fmt.Errorf("offending token '%s'", tok)
		}
	}
	return nil, 0, errors.New("a selection set is not closed")
}
