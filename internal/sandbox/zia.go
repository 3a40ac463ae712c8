package sandbox

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ZIA speaks compact JSON, answers bare arrays paged with page/pageSize,
// creates with 200 and the full object, updates with 200 and the object,
// deletes with 204, stages every change until /status/activate, and reports
// errors as {"code","message"}. An unknown path is a 404 with an empty body.
func ziaService() *service {
	return &service{
		name: "zia", prd: "ZIA", root: "/zia/", prefix: "/zia/api/v1", contentType: "application/json",
		rateLimit: 5000, rateWindow: time.Minute, rateHeader: "5000, 5000;w=60",
		headers: map[string]string{
			"x-zscaler-mode":      "read-write",
			"content-disposition": `attachment; filename="api.json"`,
		},
		notFound:   func() reply { return reply{status: http.StatusNotFound} },
		fault:      ziaFault,
		retryAfter: retryAfterOn429("1"),
		fail:       ziaFail,
		page:       pageBare, pageSize: 100, maxPage: 1000,
		before:  requireJSONWrites,
		created: http.StatusOK, updated: http.StatusOK, staged: true, // ZIA creates answer 200, not 201
		firstID: 90000000, newID: func(n int64) any { return n },
		clock: func(t time.Time) any { return t.Unix() },
		admin: map[string]any{"id": 52400001, "name": "ops-admin@" + Domain},
		resources: slices.Concat([]*Resource{
			{
				Name: "zia/users", What: "user", Path: "/users", Verbs: ReadOnly, MaxPage: 10000,
				Filters: []Filter{
					{Param: "name", Fields: []string{"name"}, Op: Prefix},
					{Param: "dept", Fields: []string{"department.name"}, Op: Prefix},
					{Param: "group", Fields: []string{"groups.name"}, Op: Prefix},
					{Param: "search", Fields: []string{"name", "email"}},
				},
				Refs: []Ref{{Field: "department", To: "zia/departments", Keep: idName}, {Field: "groups", To: "zia/groups", Keep: idName}},
			},
			{Name: "zia/groups", What: "group", Path: "/groups", Verbs: ReadOnly, Filters: searchByName},
			{Name: "zia/departments", What: "department", Path: "/departments", Verbs: ReadOnly, Filters: searchByName},
			{
				Name: "zia/locations", What: "location", Path: "/locations", Verbs: ReadOnly,
				Filters: append([]Filter{
					{Param: "authRequired", Fields: []string{"authRequired"}, Op: Bool},
					{Param: "xffEnabled", Fields: []string{"xffForwardEnabled"}, Op: Bool},
					{Param: "enableIOT", Fields: []string{"iotDiscoveryEnabled"}, Op: Bool},
					{Param: "bwEnforced", Fields: []string{"upBandwidth", "dnBandwidth"}, Op: Bool},
				}, searchByName...),
			},
			{
				Name: "zia/firewall_rules", What: "firewall filtering rule", Path: "/firewallFilteringRules",
				Verbs: ReadOnly, MaxPage: 5000, Refs: ruleRefs("labels", "locations", "departments", "groups", "users"),
				Filters: []Filter{
					{Param: "ruleName", Fields: []string{"name"}},
					{Param: "ruleDescription", Fields: []string{"description"}},
					{Param: "ruleAction", Fields: []string{"action"}, Op: Equal},
					{Param: "ruleOrder", Fields: []string{"order"}, Op: Equal},
					{Param: "ruleLabel", Fields: []string{"labels.name"}},
					{Param: "ruleLabelId", Fields: []string{"labels.id"}, Op: Equal},
					{Param: "location", Fields: []string{"locations.name"}},
					{Param: "department", Fields: []string{"departments.name"}},
					{Param: "group", Fields: []string{"groups.name"}},
					{Param: "user", Fields: []string{"users.name"}},
					{Param: "nwServices", Fields: []string{"nwServices.name"}},
					{Param: "srcIps", Fields: []string{"srcIps"}},
					{Param: "destAddresses", Fields: []string{"destAddresses"}},
					{Param: "destIpCategories", Fields: []string{"destIpCategories"}, Op: Equal},
				},
			},
			{
				Name: "zia/rule_labels", What: "rule label", Path: "/ruleLabels", Verbs: CRUD, Filters: searchByName,
				Backrefs: []Backref{
					{Field: "referencedRuleCount", From: "zia/firewall_rules", Via: "labels", Count: true},
					{Field: "referencedRuleCount", From: "zia/ssl_inspection_rules", Via: "labels", Count: true},
				},
				Stamps:   map[string]Stamp{"lastModifiedTime": Modified, "lastModifiedBy": Modifier, "createdBy": Creator},
				Required: []string{"name"}, Unique: "name",
			},
			{
				Name: "zia/url_categories", What: "URL category", Path: "/urlCategories", Verbs: ReadOnly, Unpaged: true,
				Filters: []Filter{
					{Param: "customOnly", Fields: []string{"customCategory"}, Op: OnlyTrue},
					{Param: "type", Fields: []string{"type"}, Op: Equal, Default: "URL_CATEGORY", All: "ALL",
						Enum: []string{"URL_CATEGORY", "TLD_CATEGORY", "ALL"}},
				},
				Routes: map[string]handler{"POST /urlLookup": urlLookup},
			},
			// Zscaler's URL database, for fictional domains only: a host
			// covers its subdomains.
			{Name: "zia/url_database", ID: "host", Refs: []Ref{{Field: "category", To: "zia/url_categories"}}},
			{Name: "zia/activation", Routes: map[string]handler{
				"GET /status": func(c *call) reply { return activationStatus(c, c.s.pending["zia"]) },
				"POST /status/activate": func(c *call) reply {
					c.s.pending["zia"] = false
					return activationStatus(c, false)
				},
			}},
		},
			ziaURLFiltering(),
			ziaSSLInspection(),
			ziaCloudApplications(),
			ziaFileTypeControl(),
			ziaSandbox(),
			ziaWebDLP(),
		),
	}
}

var (
	idName       = []string{"id", "name"}
	searchByName = []Filter{{Param: "search", Fields: []string{"name"}}}
)

// ruleRefs are a rule's references, each shown as {id, name} of its target.
func ruleRefs(fields ...string) []Ref {
	to := map[string]string{"labels": "zia/rule_labels", "locations": "zia/locations", "departments": "zia/departments",
		"groups": "zia/groups", "users": "zia/users"}
	out := make([]Ref, len(fields))
	for i, f := range fields {
		out[i] = Ref{Field: f, To: to[f], Keep: idName}
	}
	return out
}

func activationStatus(_ *call, pending bool) reply {
	if pending {
		return jsonReply(http.StatusOK, map[string]string{"status": "PENDING"})
	}
	return jsonReply(http.StatusOK, map[string]string{"status": "ACTIVE"})
}

func retryAfterOn429(v string) func(int) string {
	return func(status int) string {
		if status == http.StatusTooManyRequests {
			return v
		}
		return ""
	}
}

func ziaError(status int, code, msg string) reply {
	return jsonReply(status, struct {
		Code    string `json:"code,omitempty"`
		Message string `json:"message,omitempty"`
	}{code, msg})
}

func ziaFail(res *Resource, f failure, detail ...string) reply {
	switch f {
	case notFound:
		return ziaError(http.StatusNotFound, "RESOURCE_NOT_FOUND", fmt.Sprintf("No %s found with id %s", res.What, detail[0]))
	case badParam:
		return ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", fmt.Sprintf("Invalid value for %s: %q", detail[0], detail[1]))
	case missing:
		return ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", fmt.Sprintf("%s %s is required.", capital(res.What), detail[0]))
	case duplicate:
		return ziaError(http.StatusConflict, "DUPLICATE_ITEM", fmt.Sprintf("%s with %s '%s' already exists.", capital(res.What), detail[0], detail[1]))
	case inUse:
		return ziaError(http.StatusBadRequest, "INVALID_OPERATION", fmt.Sprintf("%s %s is in use by %s.", capital(res.What), detail[0], strings.Join(detail[1:], ", ")))
	}
	return ziaError(http.StatusBadRequest, "", "Request body is invalid.")
}

func capital(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// ziaFault is the body real ZIA sends with each status (recorded bodies).
func ziaFault(status int, retryAfter string) reply {
	switch status {
	case http.StatusTooManyRequests:
		secs := "1"
		if _, err := strconv.Atoi(retryAfter); err == nil {
			secs = retryAfter
		}
		return jsonReply(status, struct {
			Message    string `json:"message"`
			RetryAfter string `json:"Retry-After"`
		}{"Rate Limit (2/SECOND) exceeded", secs + " seconds"})
	case http.StatusConflict:
		return ziaError(status, "EDIT_LOCK_NOT_AVAILABLE", "")
	case http.StatusInternalServerError:
		return ziaError(status, "UNEXPECTED_ERROR", "An unexpected error has occurred, please contact Zscaler's support")
	case http.StatusBadRequest:
		return ziaFail(nil, badBody)
	case http.StatusForbidden:
		return ziaError(status, "SCOPE_LIMITED", "The admin's scope does not allow this operation.")
	case http.StatusNotFound:
		return reply{status: status}
	}
	code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	return ziaError(status, code, http.StatusText(status))
}

// requireJSONWrites enforces what ZIA does on OneAPI: a write without
// Content-Type: application/json is a 415 with an empty body.
func requireJSONWrites(c *call) *reply {
	if c.r.Method == http.MethodGet || c.r.Method == http.MethodDelete {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != "application/json" {
		return &reply{status: http.StatusUnsupportedMediaType}
	}
	return nil
}

// maxLookupURLs is ZIA's per-request limit (the SDKs chunk by it).
const maxLookupURLs = 100

// urlLookup classifies each URL: the tenant's categories whose URL lists
// cover it first, then the URL database, else MISCELLANEOUS_OR_UNKNOWN.
// Categories of the SECURITY super-category are reported apart, as ZIA does.
func urlLookup(c *call) reply {
	var urls []string
	if err := json.Unmarshal(c.body, &urls); err != nil {
		return c.fail(badBody)
	}
	if len(urls) > maxLookupURLs {
		return ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT",
			fmt.Sprintf("The number of URLs in a request cannot exceed %d.", maxLookupURLs))
	}
	categories, db := c.s.store("zia/url_categories"), c.s.store("zia/url_database")
	type result struct {
		URL             string   `json:"url"`
		Classifications []string `json:"urlClassifications"`
		Security        []string `json:"urlClassificationsWithSecurityAlert"`
	}
	out := make([]result, 0, len(urls))
	for _, u := range urls {
		host := hostOf(u)
		var found []string
		for _, cat := range categories.items {
			for _, entry := range cat.values("urls") {
				if matchesEntry(host, entry) && !slices.Contains(found, cat.text("id")) {
					found = append(found, cat.text("id"))
				}
			}
		}
		for h := host; h != ""; h = parentDomain(h) {
			if known := db.get(h); known != nil {
				if cat := known.text("category"); !slices.Contains(found, cat) {
					found = append(found, cat)
				}
				break
			}
		}
		if len(found) == 0 {
			found = []string{"MISCELLANEOUS_OR_UNKNOWN"}
		}
		r := result{URL: u, Classifications: []string{}, Security: []string{}}
		for _, id := range found {
			if cat := categories.get(id); cat != nil && cat.text("superCategory") == "SECURITY" {
				r.Security = append(r.Security, id)
			} else {
				r.Classifications = append(r.Classifications, id)
			}
		}
		out = append(out, r)
	}
	return jsonReply(http.StatusOK, out)
}

// hostOf reduces "https://Host.example.com:8443/path?q" to "host.example.com".
func hostOf(raw string) string {
	h := strings.ToLower(strings.TrimSpace(raw))
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

func parentDomain(h string) string {
	_, rest, ok := strings.Cut(h, ".")
	if !ok || !strings.Contains(rest, ".") {
		return ""
	}
	return rest
}

// matchesEntry applies ZIA's URL-list semantics: ".example.com" covers the
// domain and all its subdomains, "example.com" only that host, and a bare
// ".tld" entry (TLD categories) every host under it.
func matchesEntry(host, entry string) bool {
	entry = strings.ToLower(strings.TrimSpace(entry))
	if strings.HasPrefix(entry, ".") {
		return host == entry[1:] || strings.HasSuffix(host, entry)
	}
	return host == hostOf(entry)
}
