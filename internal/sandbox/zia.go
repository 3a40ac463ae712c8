package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZIA speaks the ziaLike convention; /status reports whether a change waits
// for /status/activate.
func ziaService() *service {
	svc := ziaLike("zia", "/zia/api/v1", 2)
	svc.status = func(pending, _ bool) reply {
		return jsonReply(http.StatusOK, obj("status", either(pending, "PENDING", "ACTIVE")))
	}
	svc.headers = map[string]string{"x-zscaler-mode": "read-write", "content-disposition": `attachment; filename="api.json"`}
	return svc
}

// ziaLike is the convention ZIA and ZTW share: bare arrays paged with
// page/pageSize, creates and updates answered 200 with the object, changes
// staged until activated, errors as {"code","message"}, and an unknown path
// a 404 with an empty body. perSecond is the rate its 429 body names.
func ziaLike(name, prefix string, perSecond int) *service {
	return &service{
		name: name, prefix: prefix,
		rateLimit: 5000, rateWindow: time.Minute, rateHeader: "5000, 5000;w=60",
		notFound: func() reply { return reply{status: http.StatusNotFound} },
		fault:    func(status int, retryAfter string) reply { return ziaFault(status, retryAfter, perSecond) },
		page:     pageBare, pageSize: 100, maxPage: 1000,
		before:  requireJSONWrites,
		created: http.StatusOK, updated: http.StatusOK, staged: true, // creates answer 200, not 201
		firstID: 90000000, newID: func(n int64) any { return n },
		clock: func(t time.Time) any { return t.Unix() },
		admin: map[string]any{"id": 52400001, "name": "ops-admin@" + Domain},
	}
}

func retryAfterOn429(v string) func(int) string {
	return func(status int) string { return either(status == http.StatusTooManyRequests, v, "") }
}

// codeError is the {"code","message"} body of ZIA and ZTW (recorded), which
// the sandbox also answers for the services whose errors no recording shows
// (ZIdentity, EASM, ZCell): a guess, named as such in their comments.
func codeError(status int, code, msg string) reply {
	return jsonReply(status, struct {
		Code    string `json:"code,omitempty"`
		Message string `json:"message,omitempty"`
	}{code, msg})
}

func codeFail(res *Resource, f failure, detail ...string) reply {
	switch f {
	case notFound:
		return codeError(http.StatusNotFound, "RESOURCE_NOT_FOUND", fmt.Sprintf("No %s found with id %s", res.What, detail[0]))
	case badParam:
		return codeError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", fmt.Sprintf("Invalid value for %s: %q", detail[0], detail[1]))
	case missing:
		return codeError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", fmt.Sprintf("%s %s is required.", capital(res.What), detail[0]))
	case duplicate:
		return codeError(http.StatusConflict, "DUPLICATE_ITEM", fmt.Sprintf("%s with %s '%s' already exists.", capital(res.What), detail[0], detail[1]))
	case inUse:
		return codeError(http.StatusBadRequest, "INVALID_OPERATION", fmt.Sprintf("%s %s is in use by %s.", capital(res.What), detail[0], strings.Join(detail[1:], ", ")))
	}
	return codeError(http.StatusBadRequest, "", "Request body is invalid.")
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// ziaFault is the body real ZIA sends with each status (recorded bodies).
func ziaFault(status int, retryAfter string, perSecond int) reply {
	switch status {
	case http.StatusTooManyRequests:
		_, err := strconv.Atoi(retryAfter)
		return jsonReply(status, obj("message", fmt.Sprintf("Rate Limit (%d/SECOND) exceeded", perSecond),
			"Retry-After", either(err == nil, retryAfter, "1")+" seconds"))
	case http.StatusConflict:
		return codeError(status, "EDIT_LOCK_NOT_AVAILABLE", "")
	case http.StatusInternalServerError:
		return codeError(status, "UNEXPECTED_ERROR", "An unexpected error has occurred, please contact Zscaler's support")
	case http.StatusBadRequest:
		return codeFail(nil, badBody)
	case http.StatusForbidden:
		return codeError(status, "SCOPE_LIMITED", "The admin's scope does not allow this operation.")
	case http.StatusNotFound:
		return reply{status: status}
	}
	return statusError(status)
}

// statusError is an injected fault's body where a service has no recorded one.
func statusError(status int) reply {
	return codeError(status, strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_")), http.StatusText(status))
}

// requireJSONWrites enforces what ZIA does on OneAPI: a write without
// Content-Type: application/json is a 415 with an empty body.
func requireJSONWrites(c *call) *reply {
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	write := c.r.Method != http.MethodGet && c.r.Method != http.MethodDelete
	return either(mt != "application/json" && write, &reply{status: http.StatusUnsupportedMediaType}, nil)
}

// urlLookup classifies each URL: the tenant's categories whose URL lists
// cover it first, then the URL database, else MISCELLANEOUS_OR_UNKNOWN.
// Categories of the SECURITY super-category are reported apart, as ZIA does.
func urlLookup(c *call) reply {
	var urls []string
	if err := json.Unmarshal(c.body, &urls); err != nil {
		return c.fail(badBody)
	}
	if len(urls) > 100 { // ZIA's per-request limit (the SDKs chunk by it)
		return codeError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", "The number of URLs in a request cannot exceed 100.")
	}
	categories, db := c.s.store("zia/url_categories"), c.s.store("zia/url_database")
	out := make([]*record, 0, len(urls))
	for _, u := range urls {
		host, found := hostOf(u), []string{}
		for _, cat := range categories.items {
			if slices.ContainsFunc(cat.values("urls"), func(entry string) bool { return matchesEntry(host, entry) }) {
				found = append(found, cat.text("id"))
			}
		}
		h := host // the database knows the host, or its nearest parent domain
		for ; h != "" && db.get(h) == nil; h = parentDomain(h) {
		}
		if known := db.get(h); known != nil && !slices.Contains(found, known.text("category")) {
			found = append(found, known.text("category"))
		}
		classes, security := []string{}, []string{}
		for _, id := range either(len(found) > 0, found, []string{"MISCELLANEOUS_OR_UNKNOWN"}) {
			if cat := categories.get(id); cat != nil && cat.text("superCategory") == "SECURITY" {
				security = append(security, id)
			} else {
				classes = append(classes, id)
			}
		}
		out = append(out, obj("url", u, "urlClassifications", classes, "urlClassificationsWithSecurityAlert", security))
	}
	return jsonReply(http.StatusOK, out)
}

// hostOf reduces "https://Host.example.com:8443/path?q" to "host.example.com".
func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if u, err := url.Parse(either(strings.Contains(raw, "://"), raw, "http://"+raw)); err == nil {
		return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	}
	return strings.ToLower(raw)
}

func parentDomain(h string) string {
	_, rest, _ := strings.Cut(h, ".")
	return either(strings.Contains(rest, "."), rest, "")
}

// matchesEntry applies ZIA's URL-list semantics: ".example.com" covers the
// domain and all its subdomains, "example.com" only that host, and a bare
// ".tld" entry (TLD categories) every host under it.
func matchesEntry(host, entry string) bool {
	entry = strings.ToLower(strings.TrimSpace(entry))
	return either(strings.HasPrefix(entry, "."), strings.HasSuffix("."+host, entry), host == hostOf(entry))
}

// cloudApps lists the cloud applications or, with groupResults=true, counts
// them per class, keyed "[parentName, parent]" as ZIA does.
func cloudApps(c *call) reply {
	items, bad := c.list(c.res)
	if bad != nil || !strings.EqualFold(c.q("groupResults"), "true") {
		return listRecords(c)
	}
	counts := map[string]int{}
	for _, app := range items {
		counts["["+app.text("parentName")+", "+app.text("parent")+"]"]++
	}
	return jsonReply(http.StatusOK, counts)
}

// webDLPLite is the web DLP rules' short form, with the members ZIA's answer
// holds (recorded): no position, action, protocols, references or stamps.
func webDLPLite(c *call) reply {
	items, bad := c.list(c.res)
	if bad != nil {
		return *bad
	}
	for i, rec := range items {
		items[i] = project(rec, []string{"accessControl", "id", "description", "fileTypes", "fileTypeCategories",
			"cloudApplications", "minSize", "state", "matchOnly", "withoutContentInspection", "inspectHttpGetEnabled",
			"name", "dlpDownloadScanEnabled", "zccNotificationsEnabled", "severity", "sourceIpGroups"})
	}
	return jsonReply(http.StatusOK, items)
}

// listEdit is ZIA's incremental change of a record's lists (?action=ADD_TO_LIST or REMOVE_FROM_LIST): each list the
// body gives is added to or taken from the record's, the rest kept; a POST or a singleton list's PUT answers the lists given, another PUT the record.
func listEdit(c *call) reply {
	act, old := c.q("action"), c.find()
	body, err := parseRecord(c.body)
	switch {
	case act == "" && c.r.Method == http.MethodPut: // a plain update replaces the record
		return writeRecord(c)
	case old == nil || err != nil:
		return either(old == nil, c.fail(notFound, c.id()), c.fail(badBody))
	case act != "ADD_TO_LIST" && act != "REMOVE_FROM_LIST":
		return c.fail(badParam, "action", act)
	}
	rec := old.clone()
	for _, k := range body.keys {
		if given := body.values(k); kind(body.raw(k)) == '[' {
			kept := slices.DeleteFunc(old.values(k), func(v string) bool { return slices.Contains(given, v) })
			rec.set(k, either(act == "ADD_TO_LIST", append(kept, given...), kept))
		}
	}
	c.s.store(c.res.Name).put(rec)
	c.changed()
	return jsonReply(http.StatusOK, either(c.r.Method == http.MethodPost || c.res.ID == "_key", body, public(c.view(c.res, rec, false))))
}

// sandboxReport answers a file's report at the ?details level (summary unless full), under the member ZIA names it
// by; a hash never analysed gets the seed's "unknown" record: ZIA's CONTENT_NOTFOUND answer, at 200 (recorded).
func sandboxReport(c *call) reply {
	rec, key := cmp.Or(c.find(), c.s.store(c.res.Name).get("unknown")), either(strings.EqualFold(c.q("details"), "full"), "Full Details", "Summary")
	return jsonReply(http.StatusOK, obj(key, rec.raw(key)))
}

// cloudAppActions is the bare list of the granular actions the path's rule type offers (recorded shape).
func cloudAppActions(c *call) reply {
	if rec := c.s.store(c.res.Name).get(c.r.PathValue("rule_type")); rec != nil {
		return jsonReply(http.StatusOK, rec.values("actions"))
	}
	return c.fail(badParam, "rule_type", c.r.PathValue("rule_type"))
}
