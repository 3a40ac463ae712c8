// Package zms declares the Zscaler Microsegmentation (ZMS) tools: agents and
// agent groups, nonces (provisioning keys), resources and resource groups
// with their members and protection status, policy rules, app zones, the
// app catalogue and tags, all reads.
//
// ZMS is one GraphQL endpoint (POST /zms/graphql). Each row names its
// operation, whose query document is data beside the rows
// (queries/<Operation>.graphql), and its parameters name the GraphQL
// variables they fill (Wire, a dotted path into the variables:
// "filter.name.contains"). Every operation takes the tenant's customerId
// (ZSCALER_CUSTOMER_ID). GraphQL refuses at HTTP 200 with an "errors" list:
// that, with or without partial data, is a tool error naming the code and
// the message.
package zms

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const (
	endpoint = "/zms/graphql"
	maxSize  = 100 // ZMS's largest page
	maxPages = 100 // pages read before a list stops with a note
	defSize  = 20  // the page size of one page asked for, as the API's default
)

//go:embed queries/*.graphql
var queries embed.FS

// Tools is every ZMS tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{
		agents(),
		agentGroups(),
		nonces(),
		resources(),
		resourceGroups(),
		policyRules(),
		appZones(),
		appCatalog(),
		tags(),
	} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service, out[i].Toolset, out[i].Action = zscaler.ZMS, "zms", catalog.Read
		out[i].Method, out[i].Path = "POST", endpoint
	}
	return out
}

// Document is the query document of an operation.
func Document(op string) string {
	b, err := queries.ReadFile("queries/" + op + ".graphql")
	if err != nil {
		panic("zms: no query document for " + op) // a row naming a missing file; the catalogue test runs every row
	}
	return string(b)
}

// view is how a tool's result is shaped.
type view int

const (
	asIs  view = iota // the answer's object
	asAgg             // AggregateStatus: {"data": <the answer>}
	byID              // NonceDetail, TotpSecrets: {"eyez_id", "data": <the answer>}
)

// Output schemas of the composed results, as the reference declares them.
var (
	aggregateStatus = json.RawMessage(`{"type":"object","properties":{"data":{"type":"object","description":"The API's answer, as it is: counts and percentages, or the metadata."}},"required":["data"]}`)
	nonceDetail     = json.RawMessage(`{"type":"object","properties":{"eyez_id":{"type":["string","null"],"description":"The nonce's eyez id, as asked."},"data":{"type":"object","description":"The API's answer: the nonce under \"nonce\"."}},"required":["data"]}`)
	totpSecrets     = json.RawMessage(`{"type":"object","properties":{"eyez_id":{"type":["string","null"],"description":"The agent group's eyez id, as asked."},"data":{"type":"object","description":"The group's TOTP secret, QR code and generation time: credentials."}},"required":["data"]}`)
)

// page and pageSize are the paging parameters of a list whose page variable
// is named wire ("page" or "pageNum").
func paging(name, wire string) []catalog.Param {
	return []catalog.Param{
		wired(catalog.Int(name, "Read only this page (from 1). Leave it out to read every page.").AtLeast(1), wire),
		wired(catalog.Int("page_size", "Records per page (1-100; default 20 with a page, 100 when reading every page).").Range(1, 100), "pageSize"),
	}
}

// wired makes p a GraphQL variable at a dotted path of the variables
// ("" for a parameter the row's Complete reads).
func wired(p catalog.Param, path string) catalog.Param {
	p.In, p.Wire = catalog.InHandler, path
	return p
}

// pagingNote is what the descriptions of paged lists say.
const pagingNote = " Every page is read unless a page is named (pages count from 1, at most 100 records each)."

const customerNote = " Needs ZSCALER_CUSTOMER_ID."

// filter is an optional text parameter that fills a GraphQL variable.
func filter(name, desc, wire string) catalog.Param {
	return wired(catalog.Str(name, desc), wire)
}

// direction is a sort direction parameter.
func direction(name, desc, wire string) catalog.Param {
	return wired(catalog.Str(name, desc).OneOf("ASC", "DESC"), wire)
}

// graph is the handler of every ZMS row: the operation op answers its root
// field; a paged one is a connection {nodes, pageInfo}, read page by page.
func graph(op, field string, paged bool, v view) func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	doc := Document(op)
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		if c.Exec.CustomerID == "" {
			return nil, &catalog.MissingCustomerIDError{Service: zscaler.ZMS}
		}
		vars, err := variables(c)
		if err != nil {
			return nil, err
		}
		if !paged {
			raw, err := post(ctx, c, op, doc, vars, field)
			if err != nil {
				return nil, err
			}
			return shape(c, raw, v)
		}
		return pages(ctx, c, op, doc, vars, field)
	}
}

// variables are the operation's variables from the arguments: the tenant's
// customerId, then every parameter given at its dotted Wire path.
func variables(c *catalog.Call) (map[string]any, error) {
	vars := map[string]any{"customerId": c.Exec.CustomerID}
	for _, p := range c.Tool.Params {
		v, ok := c.Args[p.Name]
		if !ok || p.Wire == "" {
			continue
		}
		if p.Values != nil {
			v = p.Values[v.(string)]
		}
		set(vars, p.Wire, v)
	}
	if c.Tool.Complete != nil {
		if err := c.Tool.Complete(c.Args, vars); err != nil {
			return nil, err
		}
	}
	return vars, nil
}

// set puts v at a dotted path of nested objects.
func set(m map[string]any, path string, v any) {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		m[head] = v
		return
	}
	inner, _ := m[head].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
		m[head] = inner
	}
	set(inner, rest, v)
}

// pages reads a connection from the page asked for, or every page from the
// first; the policy rules' fetchAll answers every record at once.
func pages(ctx context.Context, c *catalog.Call, op, doc string, vars map[string]any, field string) (*catalog.Result, error) {
	pageParam, pageWire := "", ""
	for _, p := range c.Tool.Params {
		if p.In == catalog.InHandler && (p.Wire == "page" || p.Wire == "pageNum") {
			pageParam, pageWire = p.Name, p.Wire
		}
	}
	start, single := c.Args[pageParam].(int64)
	if !single {
		start = 1
	}
	size, ok := c.Args["page_size"].(int64)
	switch {
	case ok:
	case single:
		size = defSize
	default:
		size = maxSize
	}
	fetchAll, _ := vars["fetchAll"].(bool)
	out := []json.RawMessage{}
	for n := start; ; n++ {
		vars[pageWire], vars["pageSize"] = n, size
		raw, err := post(ctx, c, op, doc, vars, field)
		if err != nil {
			return nil, err
		}
		var conn struct {
			Nodes    []json.RawMessage `json:"nodes"`
			PageInfo struct {
				TotalPages int64 `json:"totalPages"`
			} `json:"pageInfo"`
		}
		if err := json.Unmarshal(raw, &conn); err != nil {
			return nil, fmt.Errorf("the API answered %s with %s where a connection {nodes, pageInfo} was expected", field, kind(raw))
		}
		out = append(out, conn.Nodes...)
		more := n < conn.PageInfo.TotalPages && len(conn.Nodes) > 0 && !fetchAll
		switch {
		case !more:
			return catalog.RecordsResult(out), nil
		case single:
			res := catalog.RecordsResult(out)
			res.Notes = append(res.Notes, fmt.Sprintf("NOTE: more records exist (%d pages); call again with %s=%d for the next page.", conn.PageInfo.TotalPages, pageParam, n+1))
			return res, nil
		case n+1-start >= maxPages:
			res := catalog.RecordsResult(out)
			res.Notes = append(res.Notes, fmt.Sprintf("NOTE: only the first %d pages (%d records) were read; more exist. Narrow the search, or pass %s and page_size to read further.", maxPages, len(out), pageParam))
			return res, nil
		}
	}
}

// shape composes a single answer as the tool's view.
func shape(c *catalog.Call, raw json.RawMessage, v view) (*catalog.Result, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&obj) != nil {
		obj = nil
	}
	switch v {
	case asAgg:
		return catalog.ObjectResult(map[string]any{"data": orEmpty(obj)}), nil
	case byID:
		id, _ := c.Args["eyez_id"].(string)
		return catalog.ObjectResult(map[string]any{"eyez_id": id, "data": orEmpty(obj)}), nil
	}
	if obj == nil {
		return nil, fmt.Errorf("the API answered %s with %s, not an object", c.Tool.Name, kind(raw))
	}
	return catalog.RecordResult(raw), nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// gqlError is one entry of a GraphQL answer's errors.
type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code           string `json:"code"`
		Classification string `json:"classification"`
	} `json:"extensions"`
}

// post sends one operation and returns its root field's value. An answer
// with errors is an error, partial data or not.
func post(ctx context.Context, c *catalog.Call, op, doc string, vars map[string]any, field string) (json.RawMessage, error) {
	resp, err := c.Exec.API.Do(ctx, &zscaler.Request{Service: zscaler.ZMS, Method: "POST", Path: endpoint,
		Body: map[string]any{"query": doc, "variables": vars, "operationName": op}})
	if err != nil {
		return nil, err
	}
	return answer(resp.Body, field)
}

// answer reads a GraphQL answer: its errors, or data's field.
func answer(body []byte, field string) (json.RawMessage, error) {
	var env struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []gqlError                 `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("the API answered with something that is not a GraphQL answer (%d bytes)", len(body))
	}
	if len(env.Errors) > 0 {
		var msgs []string
		for _, e := range env.Errors {
			code := e.Extensions.Code
			if code == "" {
				code = e.Extensions.Classification
			}
			if code != "" {
				msgs = append(msgs, code+": "+e.Message)
			} else {
				msgs = append(msgs, e.Message)
			}
		}
		return nil, errors.New("the ZMS API refused the query: " + strings.Join(msgs, "; "))
	}
	raw, ok := env.Data[field]
	if !ok {
		return nil, fmt.Errorf("the API's answer has no %s", field)
	}
	return raw, nil
}

func kind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '{':
		return "an object"
	case raw[0] == '[':
		return "a list"
	case string(raw) == "null":
		return "null"
	}
	return "a scalar"
}
