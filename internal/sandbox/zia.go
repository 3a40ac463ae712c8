package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZIA speaks compact JSON, answers bare arrays paged with page/pageSize,
// creates with 200 and the full object, updates with 200 and the object,
// deletes with 204, stages every change until /status/activate, and reports
// errors as {"code","message"}. An unknown path is a 404 with an empty body.
var zia = &service{
	name:        "zia",
	prd:         "ZIA",
	root:        "/zia/",
	prefix:      "/zia/api/v1",
	contentType: "application/json",
	rateLimit:   5000,
	rateWindow:  time.Minute,
	rateHeader:  "5000, 5000;w=60",
	headers: map[string]string{
		"x-zscaler-mode":      "read-write",
		"content-disposition": `attachment; filename="api.json"`,
	},
	notFound: func() reply { return reply{status: http.StatusNotFound} },
	fault:    ziaFault,
	retryAfter: func(status int) string {
		if status == http.StatusTooManyRequests {
			return "1"
		}
		return ""
	},
}

type ziaErr struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

func ziaError(status int, code, msg string) reply {
	return jsonReply(status, ziaErr{Code: code, Message: msg})
}

func ziaInvalidBody() reply {
	return ziaError(http.StatusBadRequest, "", "Request body is invalid.")
}

func ziaNotFound(what, id string) reply {
	return ziaError(http.StatusNotFound, "RESOURCE_NOT_FOUND", fmt.Sprintf("No %s found with id %s", what, id))
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
		return ziaInvalidBody()
	case http.StatusForbidden:
		return ziaError(status, "SCOPE_LIMITED", "The admin's scope does not allow this operation.")
	case http.StatusNotFound:
		return reply{status: status}
	default:
		code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
		return ziaError(status, code, http.StatusText(status))
	}
}

// ziaRef is ZIA's {id, name} reference to another object.
type ziaRef struct {
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
}

type ziaState struct {
	status string // ACTIVE, or PENDING after an unactivated change
	nextID int
	admin  ziaRef // the admin every seeded change is attributed to

	users         *Collection[ziaUser]
	groups        *Collection[ziaGroup]
	departments   *Collection[ziaDepartment]
	locations     *Collection[ziaLocation]
	sslRules      *Collection[ziaSSLRule]
	firewallRules *Collection[ziaFirewallRule]
	ruleLabels    *Collection[ziaRuleLabel]
	urlCategories *Collection[ziaURLCategory]
}

func (z *ziaState) newID() int {
	z.nextID++
	return z.nextID
}

func intKey(id int) string { return strconv.Itoa(id) }

// ziaSpec describes one ZIA collection for the route helpers below; a new
// ZIA resource is a spec plus one ziaCRUD (or ziaList/ziaGet) call.
type ziaSpec[T any] struct {
	what   string // "rule label", for error messages
	coll   func(*state) *Collection[T]
	render func(*state, T) T               // read-time joins; nil = as stored
	filter func(*call, *T) bool            // list query filters; nil = none
	paged  bool                            // honours page and pageSize
	size   int                             // default pageSize (default 100)
	max    int                             // largest pageSize honoured (default 1000)
	setID  func(*T, int)                   // writes: stamps the id
	check  func(c *call, v, old *T) *reply // writes: validation and server-managed fields; old is nil on create
}

func (sp ziaSpec[T]) view(s *state, v T) T {
	if sp.render != nil {
		return sp.render(s, v)
	}
	return v
}

func (sp ziaSpec[T]) viewAll(s *state, items []T) []T {
	out := make([]T, len(items))
	for i, v := range items {
		out[i] = sp.view(s, v)
	}
	return out
}

func ziaCRUD[T any](t *Tenant, path string, sp ziaSpec[T]) {
	ziaList(t, path, sp)
	ziaGet(t, path, sp)
	ziaCreate(t, path, sp)
	ziaUpdate(t, path, sp)
	ziaDelete(t, path, sp)
}

func ziaList[T any](t *Tenant, path string, sp ziaSpec[T]) {
	t.snapshot(zia.prefix+path, func(s *state) []any { return toAny(sp.viewAll(s, sp.coll(s).All())) })
	t.handle(zia, "GET "+path, func(c *call) reply {
		// Filters see the rendered records, so a filter on a joined name
		// (a rule's label, say) matches what the client reads.
		items := sp.viewAll(c.s, sp.coll(c.s).All())
		if sp.filter != nil {
			items = slices.DeleteFunc(items, func(v T) bool { return !sp.filter(c, &v) })
		}
		if sp.paged {
			page, size, bad := ziaPaging(c, sp.size, sp.max)
			if bad != nil {
				return *bad
			}
			items = pageOf(items, page, size)
		}
		return jsonReply(http.StatusOK, nonNil(items))
	})
}

func ziaGet[T any](t *Tenant, path string, sp ziaSpec[T]) {
	t.handle(zia, "GET "+path+"/{id}", func(c *call) reply {
		v, ok := sp.coll(c.s).Get(c.id())
		if !ok {
			return ziaNotFound(sp.what, c.id())
		}
		return jsonReply(http.StatusOK, sp.view(c.s, v))
	})
}

func ziaCreate[T any](t *Tenant, path string, sp ziaSpec[T]) {
	t.handle(zia, "POST "+path, requireJSON(func(c *call) reply {
		var v T
		if !decodeObject(c.body, &v) {
			return ziaInvalidBody()
		}
		if sp.check != nil {
			if rep := sp.check(c, &v, nil); rep != nil {
				return *rep
			}
		}
		sp.setID(&v, c.s.zia.newID())
		sp.coll(c.s).Insert(v)
		c.s.zia.status = "PENDING"
		return jsonReply(http.StatusOK, sp.view(c.s, v)) // ZIA creates answer 200, not 201
	}))
}

func ziaUpdate[T any](t *Tenant, path string, sp ziaSpec[T]) {
	t.handle(zia, "PUT "+path+"/{id}", requireJSON(func(c *call) reply {
		old, ok := sp.coll(c.s).Get(c.id())
		if !ok {
			return ziaNotFound(sp.what, c.id())
		}
		// The body is applied over a copy of the stored record: a client that
		// sends only the fields it changes keeps the others.
		v := cloneJSON(old)
		if !decodeObject(c.body, &v) {
			return ziaInvalidBody()
		}
		id, _ := strconv.Atoi(c.id())
		sp.setID(&v, id)
		if sp.check != nil {
			if rep := sp.check(c, &v, &old); rep != nil {
				return *rep
			}
		}
		sp.coll(c.s).Replace(v)
		c.s.zia.status = "PENDING"
		return jsonReply(http.StatusOK, sp.view(c.s, v))
	}))
}

func ziaDelete[T any](t *Tenant, path string, sp ziaSpec[T]) {
	t.handle(zia, "DELETE "+path+"/{id}", func(c *call) reply {
		if !sp.coll(c.s).Delete(c.id()) {
			return ziaNotFound(sp.what, c.id())
		}
		c.s.zia.status = "PENDING"
		return noContent()
	})
}

// ziaPaging reads page and pageSize. Without either, the first page of the
// default size is served, as ZIA does (so a client that never pages sees at
// most 100 users).
func ziaPaging(c *call, defSize, maxSize int) (page, size int, bad *reply) {
	if defSize == 0 {
		defSize = 100
	}
	if maxSize == 0 {
		maxSize = 1000
	}
	page, size = 1, defSize
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &page}, {"pageSize", &size}} {
		raw := c.q(p.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			rep := ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", fmt.Sprintf("Invalid value for %s: %q", p.name, raw))
			return 0, 0, &rep
		}
		*p.dst = n
	}
	return max(page, 1), min(max(size, 1), maxSize), nil
}

// decodeObject decodes a JSON object body onto v.
func decodeObject(body []byte, v any) bool {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return false
	}
	return json.Unmarshal(body, v) == nil
}

// requireJSON enforces what ZIA does on OneAPI: a POST or PUT without
// Content-Type: application/json is a 415 with an empty body.
func requireJSON(h handler) handler {
	return func(c *call) reply {
		mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
		if mt != "application/json" {
			return reply{status: http.StatusUnsupportedMediaType}
		}
		return h(c)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func toAny[T any](items []T) []any {
	out := make([]any, len(items))
	for i, v := range items {
		var generic any
		_ = json.Unmarshal(encodeJSON(v, false), &generic)
		out[i] = generic
	}
	return out
}

// ---- filters ----

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
func prefixFold(s, p string) bool { return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p)) }

func anyRef(refs []ziaRef, match func(ziaRef) bool) bool { return slices.ContainsFunc(refs, match) }

// boolParam reads a ZIA boolean filter; the SDKs send true, True or 1.
func boolParam(c *call, name string) (value, set bool) {
	raw := strings.ToLower(c.q(name))
	if raw == "" {
		return false, false
	}
	return raw == "true" || raw == "1", true
}

// ---- routes ----

func (t *Tenant) registerZIA() {
	t.addService(zia)

	ziaList(t, "/users", ziaSpec[ziaUser]{
		what: "user", coll: func(s *state) *Collection[ziaUser] { return s.zia.users },
		paged: true, max: 10000,
		filter: func(c *call, u *ziaUser) bool {
			if v := c.q("name"); v != "" && !prefixFold(u.Name, v) {
				return false
			}
			if v := c.q("dept"); v != "" && (u.Department == nil || !prefixFold(u.Department.Name, v)) {
				return false
			}
			if v := c.q("group"); v != "" && !anyRef(u.Groups, func(g ziaRef) bool { return prefixFold(g.Name, v) }) {
				return false
			}
			if v := c.q("search"); v != "" && !containsFold(u.Name, v) && !containsFold(u.Email, v) {
				return false
			}
			return true
		},
	})
	ziaGet(t, "/users", ziaSpec[ziaUser]{what: "user", coll: func(s *state) *Collection[ziaUser] { return s.zia.users }})

	groups := ziaSpec[ziaGroup]{
		what: "group", coll: func(s *state) *Collection[ziaGroup] { return s.zia.groups }, paged: true,
		filter: func(c *call, g *ziaGroup) bool { return c.q("search") == "" || containsFold(g.Name, c.q("search")) },
	}
	ziaList(t, "/groups", groups)
	ziaGet(t, "/groups", groups)

	departments := ziaSpec[ziaDepartment]{
		what: "department", coll: func(s *state) *Collection[ziaDepartment] { return s.zia.departments }, paged: true,
		filter: func(c *call, d *ziaDepartment) bool {
			return c.q("search") == "" || containsFold(d.Name, c.q("search"))
		},
	}
	ziaList(t, "/departments", departments)
	ziaGet(t, "/departments", departments)

	locations := ziaSpec[ziaLocation]{
		what: "location", coll: func(s *state) *Collection[ziaLocation] { return s.zia.locations }, paged: true,
		filter: func(c *call, l *ziaLocation) bool {
			if v := c.q("search"); v != "" && !containsFold(l.Name, v) {
				return false
			}
			for name, actual := range map[string]bool{
				"authRequired": l.AuthRequired, "xffEnabled": l.XffForwardEnabled,
				"enableIOT": l.IotDiscoveryEnabled, "bwEnforced": l.UpBandwidth > 0 || l.DnBandwidth > 0,
			} {
				if want, set := boolParam(c, name); set && want != actual {
					return false
				}
			}
			return true
		},
	}
	ziaList(t, "/locations", locations)
	ziaGet(t, "/locations", locations)

	ssl := ziaSpec[ziaSSLRule]{
		what: "SSL inspection rule", coll: func(s *state) *Collection[ziaSSLRule] { return s.zia.sslRules },
		render: func(s *state, r ziaSSLRule) ziaSSLRule { r.Labels = currentLabels(s, r.Labels); return r },
	}
	ziaList(t, "/sslInspectionRules", ssl) // not paged: the SDKs read it in one call
	ziaGet(t, "/sslInspectionRules", ssl)

	firewall := ziaSpec[ziaFirewallRule]{
		what: "firewall filtering rule", coll: func(s *state) *Collection[ziaFirewallRule] { return s.zia.firewallRules },
		paged: true, max: 5000, filter: firewallFilter,
		render: func(s *state, r ziaFirewallRule) ziaFirewallRule { r.Labels = currentLabels(s, r.Labels); return r },
	}
	ziaList(t, "/firewallFilteringRules", firewall)
	ziaGet(t, "/firewallFilteringRules", firewall)

	ziaCRUD(t, "/ruleLabels", ziaSpec[ziaRuleLabel]{
		what: "rule label", coll: func(s *state) *Collection[ziaRuleLabel] { return s.zia.ruleLabels }, paged: true,
		filter: func(c *call, l *ziaRuleLabel) bool { return c.q("search") == "" || containsFold(l.Name, c.q("search")) },
		render: renderRuleLabel,
		setID:  func(l *ziaRuleLabel, id int) { l.ID = id },
		check:  checkRuleLabel,
	})

	categories := ziaSpec[ziaURLCategory]{
		what: "URL category", coll: func(s *state) *Collection[ziaURLCategory] { return s.zia.urlCategories },
	}
	t.snapshot(zia.prefix+"/urlCategories", func(s *state) []any { return toAny(s.zia.urlCategories.All()) })
	t.handle(zia, "GET /urlCategories", listURLCategories)
	ziaGet(t, "/urlCategories", categories)
	t.handle(zia, "POST /urlLookup", requireJSON(urlLookup))

	t.handle(zia, "GET /status", func(c *call) reply {
		return jsonReply(http.StatusOK, map[string]string{"status": c.s.zia.status})
	})
	t.handle(zia, "POST /status/activate", requireJSON(func(c *call) reply {
		c.s.zia.status = "ACTIVE"
		return jsonReply(http.StatusOK, map[string]string{"status": "ACTIVE"})
	}))
}

func firewallFilter(c *call, r *ziaFirewallRule) bool {
	byName := func(want string) func(ziaRef) bool {
		return func(ref ziaRef) bool { return containsFold(ref.Name, want) }
	}
	checks := []struct {
		param string
		match func(v string) bool
	}{
		{"ruleName", func(v string) bool { return containsFold(r.Name, v) }},
		{"ruleDescription", func(v string) bool { return containsFold(r.Description, v) }},
		{"ruleAction", func(v string) bool { return strings.EqualFold(r.Action, v) }},
		{"ruleOrder", func(v string) bool { return strconv.Itoa(r.Order) == v }},
		{"ruleLabel", func(v string) bool { return anyRef(r.Labels, byName(v)) }},
		{"ruleLabelId", func(v string) bool { return anyRef(r.Labels, func(l ziaRef) bool { return intKey(l.ID) == v }) }},
		{"location", func(v string) bool { return anyRef(r.Locations, byName(v)) }},
		{"department", func(v string) bool { return anyRef(r.Departments, byName(v)) }},
		{"group", func(v string) bool { return anyRef(r.Groups, byName(v)) }},
		{"user", func(v string) bool { return anyRef(r.Users, byName(v)) }},
		{"nwServices", func(v string) bool { return anyRef(r.NwServices, byName(v)) }},
		{"srcIps", func(v string) bool {
			return slices.ContainsFunc(r.SrcIps, func(s string) bool { return containsFold(s, v) })
		}},
		{"destAddresses", func(v string) bool {
			return slices.ContainsFunc(r.DestAddresses, func(s string) bool { return containsFold(s, v) })
		}},
		{"destIpCategories", func(v string) bool {
			return slices.ContainsFunc(r.DestIPCategories, func(s string) bool { return strings.EqualFold(s, v) })
		}},
	}
	for _, ch := range checks {
		if v := c.q(ch.param); v != "" && !ch.match(v) {
			return false
		}
	}
	return true
}

// currentLabels re-reads the labels a rule references, so that a renamed
// label shows its new name in every rule and a deleted one drops out.
func currentLabels(s *state, refs []ziaRef) []ziaRef {
	var out []ziaRef
	for _, r := range refs {
		if l, ok := s.zia.ruleLabels.Get(intKey(r.ID)); ok {
			out = append(out, ziaRef{ID: l.ID, Name: l.Name})
		}
	}
	return out
}

// renderRuleLabel fills referencedRuleCount from the rules that use the label.
func renderRuleLabel(s *state, l ziaRuleLabel) ziaRuleLabel {
	uses := func(refs []ziaRef) bool { return anyRef(refs, func(r ziaRef) bool { return r.ID == l.ID }) }
	l.ReferencedRuleCount = 0
	for _, r := range s.zia.firewallRules.All() {
		if uses(r.Labels) {
			l.ReferencedRuleCount++
		}
	}
	for _, r := range s.zia.sslRules.All() {
		if uses(r.Labels) {
			l.ReferencedRuleCount++
		}
	}
	return l
}

func checkRuleLabel(c *call, l, old *ziaRuleLabel) *reply {
	l.Name = strings.TrimSpace(l.Name)
	if l.Name == "" {
		rep := ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", "Label name is required.")
		return &rep
	}
	for _, other := range c.s.zia.ruleLabels.All() {
		if strings.EqualFold(other.Name, l.Name) && (old == nil || other.ID != old.ID) {
			rep := ziaError(http.StatusConflict, "DUPLICATE_ITEM", fmt.Sprintf("Rule label with name '%s' already exists.", l.Name))
			return &rep
		}
	}
	admin := c.s.zia.admin
	l.LastModifiedTime = c.now.Unix()
	l.LastModifiedBy = &admin
	if old == nil {
		l.CreatedBy = &admin
	} else {
		l.CreatedBy = old.CreatedBy // server-managed: a client cannot rewrite history
	}
	return nil
}

func listURLCategories(c *call) reply {
	customOnly, _ := boolParam(c, "customOnly")
	kind := strings.ToUpper(c.q("type"))
	switch kind {
	case "":
		kind = "URL_CATEGORY"
	case "URL_CATEGORY", "TLD_CATEGORY", "ALL":
	default:
		return ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT", "Invalid value for type: "+c.q("type"))
	}
	items := c.s.zia.urlCategories.Filter(func(cat *ziaURLCategory) bool {
		return (!customOnly || cat.CustomCategory) && (kind == "ALL" || cat.Type == kind)
	})
	return jsonReply(http.StatusOK, nonNil(items))
}

type urlLookupResult struct {
	URL                                 string   `json:"url"`
	URLClassifications                  []string `json:"urlClassifications"`
	URLClassificationsWithSecurityAlert []string `json:"urlClassificationsWithSecurityAlert"`
}

// maxLookupURLs is ZIA's per-request limit (the SDKs chunk by it).
const maxLookupURLs = 100

func urlLookup(c *call) reply {
	var urls []string
	if err := json.Unmarshal(c.body, &urls); err != nil {
		return ziaInvalidBody()
	}
	if len(urls) > maxLookupURLs {
		return ziaError(http.StatusBadRequest, "INVALID_INPUT_ARGUMENT",
			fmt.Sprintf("The number of URLs in a request cannot exceed %d.", maxLookupURLs))
	}
	out := make([]urlLookupResult, 0, len(urls))
	for _, u := range urls {
		classes, alerts := classify(c.s, u)
		out = append(out, urlLookupResult{URL: u, URLClassifications: classes, URLClassificationsWithSecurityAlert: alerts})
	}
	return jsonReply(http.StatusOK, out)
}

// classify looks a URL up in the tenant's categories (custom URLs first),
// then in the built-in classification table, and falls back to
// MISCELLANEOUS_OR_UNKNOWN. Security categories are reported separately, as
// ZIA does.
func classify(s *state, raw string) (classes, alerts []string) {
	host := hostOf(raw)
	var found []string
	for _, cat := range s.zia.urlCategories.All() {
		if slices.ContainsFunc(cat.Urls, func(entry string) bool { return matchesEntry(host, entry) }) {
			found = append(found, cat.ID)
		}
	}
	for h := host; h != ""; h = parentDomain(h) {
		if cat, ok := builtinClassification[h]; ok {
			if !slices.Contains(found, cat) {
				found = append(found, cat)
			}
			break
		}
	}
	if len(found) == 0 {
		found = []string{"MISCELLANEOUS_OR_UNKNOWN"}
	}
	classes, alerts = []string{}, []string{}
	for _, cat := range found {
		if securityCategories[cat] {
			alerts = append(alerts, cat)
		} else {
			classes = append(classes, cat)
		}
	}
	return classes, alerts
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
