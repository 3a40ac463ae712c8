package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZPA speaks compact JSON with string ids and times, pages with page and lowercase pagesize (default 20,
// max 500) inside {"totalPages","totalCount","list"} with string totals, searches with
// search=<field>+<OP>+<value>, creates with 201 and the object, updates and deletes with 204, and reports
// errors as {"id","reason","params"}. A missing object is a 400 with id resource.not.found, as the SDKs expect.
func zpaService() *service {
	return &service{
		name: "zpa", prefix: "/zpa/mgmtconfig/v1/admin/customers/{cid}",
		contentType: "application/json;charset=utf-8", checkCID: true,
		rateLimit: 5000, rateWindow: time.Minute, rateHeader: "5000, 5000;w=60",
		notFound: plainNotFound("text/plain;charset=utf-8"), fault: zpaFault, fail: zpaFail, page: pageZPA, filter: zpaFilter,
		retryAfter: func(status int) string { return either(status == 429 || status == 503, "1s", "") }, // real: "4s", "13s": same form, shorter wait
		render: func(_ *call, r *record) {
			r.set("microtenantName", either(r.text("microtenantId") == "", "Default", "Microtenant "+r.text("microtenantId")))
		},
		derived: []string{"microtenantName"},
		// The create answer is the record as stored (no microtenantName, references as sent), as ZPA's is.
		created: http.StatusCreated, updated: http.StatusNoContent, echoStored: true,
		firstID: 734512908613400000, newID: func(n int64) any { return strconv.FormatInt(n, 10) },
		clock: func(t time.Time) any { return strconv.FormatInt(t.Unix(), 10) }, admin: "734512908613000101",
	}
}

// portPairs shows a segment's ports in both of ZPA's forms, the flat
// ["from","to",...] list and the {"from","to"} objects, whichever was written.
func portPairs(a *record, flat, pairs string) {
	ports := a.values(flat)
	if froms, tos := a.values(pairs+".from"), a.values(pairs+".to"); len(froms) > 0 && len(froms) == len(tos) {
		ports = nil
		for i := range froms {
			ports = append(ports, froms[i], tos[i])
		}
	}
	var out []map[string]string
	for i := 0; i+1 < len(ports); i += 2 {
		out = append(out, map[string]string{"from": ports[i], "to": ports[i+1]})
	}
	setList(a, flat, ports[:2*len(out)])
	setList(a, pairs, out)
}

// zpaPolicyRule shows a rule's place in its set's evaluation order (1 first:
// the order rules are stored in) and the set's policy type.
func zpaPolicyRule(c *call, r *record) {
	st, set, order := c.s.store("zpa/policy_rules"), r.text("policySetId"), 0
	for _, o := range st.items[:st.index[r.text("id")]+1] {
		order += either(o.text("policySetId") == set, 1, 0)
	}
	r.set("ruleOrder", strconv.Itoa(order))
	if s := c.target(Ref{To: "zpa/policy_sets", By: "id"}, set); s != nil {
		r.set("policyType", s.raw("policyType"))
	}
}

const zpaPRADomain = ".pra.p.zpa-app.example.net" // PRA portals' CNAMEs end so: ZPA's app domain is zpa-app.net, a reserved one here

func plainNotFound(ctype string) func() reply {
	return func() reply { return reply{status: http.StatusNotFound, text: "404 Not Found", ctype: ctype} }
}

func zpaError(status int, id, reason string, params ...string) reply {
	return jsonReply(status, struct {
		Params []string `json:"params,omitempty"`
		ID     string   `json:"id"`
		Reason string   `json:"reason"`
	}{params, id, reason})
}

func zpaFail(res *Resource, f failure, detail ...string) reply {
	switch f {
	case notFound:
		return zpaError(http.StatusBadRequest, "resource.not.found", "No resource exists with the given id/name :"+detail[0], detail[0])
	case badParam:
		return zpaError(http.StatusBadRequest, "invalid."+strings.ToLower(detail[0]), fmt.Sprintf("Invalid %s: %s", detail[0], detail[1]), detail[1])
	case missing:
		return zpaError(http.StatusBadRequest, detail[0]+".not.null", capital(detail[0])+" cannot be null or empty", detail[0])
	case duplicate:
		return zpaError(http.StatusBadRequest, "resource.already.exist", fmt.Sprintf("A %s named %s already exists", res.What, detail[1]), detail[1])
	case inUse:
		return zpaError(http.StatusBadRequest, strings.ReplaceAll(res.What, " ", ".")+".in.use",
			fmt.Sprintf("%s %s is in use by %d record(s); remove them from it first.", capital(res.What), detail[0], len(detail)-1), detail[1:]...)
	}
	return zpaError(http.StatusBadRequest, "invalid.request.body", "The request body could not be parsed.")
}

// zpaFault is the body real ZPA sends with each status. The 429 comes from
// the rate limiter, which pretty-prints like Jackson (recorded).
func zpaFault(status int, _ string) reply {
	switch status {
	case http.StatusTooManyRequests:
		body := map[string]string{"exception": "invalid.toomanyrequests", "id": "invalid.toomanyrequests", "reason": "Exceeded the number of requests allowed."}
		return reply{status: status, text: string(encodeJSON(body, true)), ctype: "application/json"}
	case http.StatusServiceUnavailable:
		return zpaError(status, "retryable.server.error", "Service is temporarily unavailable. Please retry.")
	case http.StatusConflict:
		return zpaError(status, "api.concurrent.access.error", "Unable to modify the resource due to concurrent change requests. Try again")
	case http.StatusInternalServerError:
		return zpaError(status, "internal.server.error", "An internal server error occurred.")
	case http.StatusUnauthorized:
		return zpaError(status, "access.denied", "Access denied")
	case http.StatusNotFound, http.StatusBadRequest:
		return zpaError(http.StatusBadRequest, "resource.not.found", "No resource exists with the given id/name")
	}
	return zpaError(status, strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", ".")), http.StatusText(status))
}

// pageZPA reads page and lowercase pagesize ("pageSize" is not ZPA's parameter and is ignored, like upstream)
// and wraps the page with string totals. An empty page has no list at all; clients must cope, as with real ZPA.
func pageZPA(c *call, items []*record) reply {
	if c.res.Unpaged { // the CBI API's lists are bare arrays
		return jsonReply(http.StatusOK, publicAll(items))
	}
	page, err := strconv.Atoi(cmp.Or(c.q("page"), "1"))
	size, err2 := strconv.Atoi(cmp.Or(c.q("pagesize"), "20"))
	if bad := either(err != nil, "page", "pagesize"); err != nil || err2 != nil || size < 1 || size > 500 {
		return c.fail(badParam, bad, c.q(bad))
	}
	env := obj("totalPages", strconv.Itoa((len(items)+size-1)/size), "totalCount", strconv.Itoa(len(items)))
	setList(env, "list", publicAll(pageOf(items, max(page, 1), size)))
	return jsonReply(http.StatusOK, env)
}

// zpaFilter applies what every ZPA list takes: microtenantId (omitted: every microtenant; "0": the Default one)
// and search, either "<field>+<OP>+<value>" (the form the SDKs send, "+" percent-encoded) or plain text matched
// against the name.
func zpaFilter(c *call) func(*record) bool {
	raw := strings.TrimSpace(c.query.Get("search"))
	field, op, value := "name", either(raw == "", "", "CONTAINS"), raw
	// Decoded, the separators are "+" when the client encoded them, spaces when it sent a literal "+".
	for _, sep := range []string{"+", " "} {
		if parts := strings.SplitN(raw, sep, 3); len(parts) == 3 && parts[0] != "" && zpaSearchOps[strings.ToUpper(parts[1])] != nil {
			field, op, value = parts[0], strings.ToUpper(parts[1]), parts[2]
			break
		}
	}
	mt, scoped := either(c.q("microtenantId") == "0", "", c.q("microtenantId")), c.query.Has("microtenantId")
	return func(rec *record) bool {
		return (!scoped || rec.text("microtenantId") == mt) &&
			(op == "" || slices.ContainsFunc(rec.values(field), func(have string) bool { return zpaSearchOps[op](have, value) }))
	}
}

// zpaSearchOps compare a record's value with a search's, ignoring case;
// the order comparisons are numeric where both sides are numbers.
var zpaSearchOps = map[string]func(have, want string) bool{
	"EQ":         strings.EqualFold,
	"NE":         func(h, w string) bool { return !strings.EqualFold(h, w) },
	"CONTAINS":   containsFold,
	"STARTSWITH": prefixFold,
	"ENDSWITH":   func(h, w string) bool { return strings.HasSuffix(strings.ToLower(h), strings.ToLower(w)) },
	"GT":         func(h, w string) bool { return order(h, w) > 0 },
	"LT":         func(h, w string) bool { return order(h, w) < 0 },
	"GE":         func(h, w string) bool { return order(h, w) >= 0 },
	"LE":         func(h, w string) bool { return order(h, w) <= 0 },
}

func order(have, want string) int {
	h, err1 := strconv.ParseFloat(have, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return either(err1 == nil && err2 == nil, cmp.Compare(h, w), strings.Compare(strings.ToLower(have), strings.ToLower(want)))
}

// zpaBulkDelete deletes the body's ids: all, or none when one is missing (then named in ZPA's not-found error).
func zpaBulkDelete(c *call) reply {
	body, err := parseRecord(c.body)
	if err != nil || len(body.values("ids")) == 0 {
		return c.fail(badBody)
	}
	st, ids := c.s.store(c.res.Name), body.values("ids")
	if i := slices.IndexFunc(ids, func(id string) bool { return st.get(id) == nil }); i >= 0 {
		return c.fail(notFound, ids[i])
	}
	for _, id := range ids {
		st.remove(id)
	}
	c.changed()
	return noContent()
}
