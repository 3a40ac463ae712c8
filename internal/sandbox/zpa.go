package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ZPA speaks compact JSON with string ids and times, pages with page and
// lowercase pagesize (default 20, max 500) inside {"totalPages","totalCount",
// "list"} with string totals, searches with search=<field>+<OP>+<value>,
// creates with 201 and the object, updates with 204, deletes with 204, and
// reports errors as {"id","reason","params"}. A missing object is a 400 with
// id resource.not.found, as the SDKs expect.
var zpa = &service{
	name:        "zpa",
	prd:         "ZPA",
	root:        "/zpa/",
	prefix:      "/zpa/mgmtconfig/v1/admin/customers/{cid}",
	contentType: "application/json;charset=utf-8",
	checkCID:    true,
	rateLimit:   5000,
	rateWindow:  time.Minute,
	rateHeader:  "5000, 5000;w=60",
	notFound:    plainNotFound("text/plain;charset=utf-8"),
	fault:       zpaFault,
	retryAfter: func(status int) string {
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			return "1s" // real values are "4s", "13s", "10s": same form, shorter wait
		}
		return ""
	},
}

const zpaV2Prefix = "/zpa/mgmtconfig/v2/admin/customers/{cid}"

func plainNotFound(ctype string) func() reply {
	return func() reply { return reply{status: http.StatusNotFound, text: "404 Not Found", ctype: ctype} }
}

type zpaErr struct {
	Params []string `json:"params,omitempty"`
	ID     string   `json:"id"`
	Reason string   `json:"reason"`
}

func zpaError(status int, id, reason string, params ...string) reply {
	return jsonReply(status, zpaErr{ID: id, Reason: reason, Params: params})
}

func zpaNotFound(id string) reply {
	return zpaError(http.StatusBadRequest, "resource.not.found", "No resource exists with the given id/name :"+id, id)
}

func zpaBadBody() reply {
	return zpaError(http.StatusBadRequest, "invalid.request.body", "The request body could not be parsed.")
}

// zpaFault is the body real ZPA sends with each status. The 429 comes from
// the rate limiter, which pretty-prints like Jackson (recorded).
func zpaFault(status int, _ string) reply {
	switch status {
	case http.StatusTooManyRequests:
		body := map[string]string{"exception": "invalid.toomanyrequests", "id": "invalid.toomanyrequests",
			"reason": "Exceeded the number of requests allowed."}
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
	default:
		return zpaError(status, strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", ".")), http.StatusText(status))
	}
}

type zpaState struct {
	nextID          int64
	adminID         string // modifiedBy of every change
	applications    *Collection[zpaApplication]
	segmentGroups   *Collection[zpaSegmentGroup]
	serverGroups    *Collection[zpaServerGroup]
	connectorGroups *Collection[zpaConnectorGroup]
}

func (z *zpaState) newID() string {
	z.nextID++
	return strconv.FormatInt(z.nextID, 10)
}

// zpaStamp carries the server-managed fields a write sets.
type zpaStamp struct {
	ID, Now, By string
}

// zpaSpec describes one ZPA collection for the route helpers below.
type zpaSpec[T any] struct {
	coll        func(*state) *Collection[T]
	render      func(*state, T) T               // read-time joins; nil = as stored
	microtenant func(*T) string                 // the record's microtenantId ("" = Default)
	stamp       func(v, old *T, st zpaStamp)    // writes: id and times; old is nil on create
	check       func(c *call, v, old *T) *reply // writes: validation; old is nil on create
	canDelete   func(c *call, v *T) *reply
}

func (sp zpaSpec[T]) view(s *state, v T) T {
	if sp.render != nil {
		return sp.render(s, v)
	}
	return v
}

type zpaPage[T any] struct {
	TotalPages string `json:"totalPages"`
	TotalCount string `json:"totalCount"`
	// An empty page has no list at all; clients must cope, as with real ZPA.
	List []T `json:"list,omitempty"`
}

const (
	zpaDefaultPageSize = 20
	zpaMaxPageSize     = 500
)

func zpaList[T any](t *Tenant, path string, sp zpaSpec[T]) {
	t.snapshot(snapshotKey(zpa.prefix+path), func(s *state) []any {
		all := sp.coll(s).All()
		out := make([]T, len(all))
		for i, v := range all {
			out[i] = sp.view(s, v)
		}
		return toAny(out)
	})
	t.handle(zpa, "GET "+path, func(c *call) reply {
		page, size, bad := zpaPaging(c)
		if bad != nil {
			return *bad
		}
		search := parseZPASearch(c.query.Get("search"))
		var items []T
		for _, v := range sp.coll(c.s).All() {
			if !microtenantMatch(c, sp.microtenant(&v)) {
				continue
			}
			v = sp.view(c.s, v)
			if search.matches(v) {
				items = append(items, v)
			}
		}
		pages := (len(items) + size - 1) / size
		return jsonReply(http.StatusOK, zpaPage[T]{
			TotalPages: strconv.Itoa(pages),
			TotalCount: strconv.Itoa(len(items)),
			List:       pageOf(items, page, size),
		})
	})
}

func zpaGet[T any](t *Tenant, path string, sp zpaSpec[T]) {
	t.handle(zpa, "GET "+path+"/{id}", func(c *call) reply {
		v, ok := sp.coll(c.s).Get(c.id())
		if !ok {
			return zpaNotFound(c.id())
		}
		return jsonReply(http.StatusOK, sp.view(c.s, v))
	})
}

func zpaCreate[T any](t *Tenant, path string, sp zpaSpec[T]) {
	t.handle(zpa, "POST "+path, func(c *call) reply {
		var v T
		if !decodeObject(c.body, &v) {
			return zpaBadBody()
		}
		sp.stamp(&v, nil, zpaStamp{ID: c.s.zpa.newID(), Now: strconv.FormatInt(c.now.Unix(), 10), By: c.s.zpa.adminID})
		if sp.check != nil {
			if rep := sp.check(c, &v, nil); rep != nil {
				return *rep
			}
		}
		sp.coll(c.s).Insert(v)
		// The create answer is the stored record without read-time joins,
		// as ZPA's is (no microtenantName, references as sent).
		return jsonReply(http.StatusCreated, v)
	})
}

// zpaUpdate registers PUT on the v1 path and, for resources that have one,
// the same handler on the v2 path.
func zpaUpdate[T any](t *Tenant, path string, sp zpaSpec[T], alsoV2 bool) {
	h := func(c *call) reply {
		old, ok := sp.coll(c.s).Get(c.id())
		if !ok {
			return zpaNotFound(c.id())
		}
		v := cloneJSON(old)
		if !decodeObject(c.body, &v) {
			return zpaBadBody()
		}
		// Identity and creation are server-managed whatever the body says.
		sp.stamp(&v, &old, zpaStamp{ID: c.id(), Now: strconv.FormatInt(c.now.Unix(), 10), By: c.s.zpa.adminID})
		if sp.check != nil {
			if rep := sp.check(c, &v, &old); rep != nil {
				return *rep
			}
		}
		sp.coll(c.s).Replace(v)
		return noContent()
	}
	t.handle(zpa, "PUT "+path+"/{id}", h)
	if alsoV2 {
		t.handle(zpa, "PUT "+zpaV2Prefix+path+"/{id}", h)
	}
}

func zpaDelete[T any](t *Tenant, path string, sp zpaSpec[T]) {
	t.handle(zpa, "DELETE "+path+"/{id}", func(c *call) reply {
		v, ok := sp.coll(c.s).Get(c.id())
		if !ok {
			return zpaNotFound(c.id())
		}
		if sp.canDelete != nil {
			if rep := sp.canDelete(c, &v); rep != nil {
				return *rep
			}
		}
		sp.coll(c.s).Delete(c.id())
		return noContent()
	})
}

// microtenantMatch applies the microtenantId parameter: omitted means every
// microtenant, "0" the Default one, anything else that microtenant.
func microtenantMatch(c *call, recordMT string) bool {
	if !c.query.Has("microtenantId") {
		return true
	}
	want := c.q("microtenantId")
	if want == "0" || want == "" {
		return recordMT == ""
	}
	return recordMT == want
}

// zpaPaging reads page and pagesize. ZPA's parameter is lowercase pagesize;
// "pageSize" is an unknown parameter there and is ignored, like upstream.
func zpaPaging(c *call) (page, size int, bad *reply) {
	page, size = 1, zpaDefaultPageSize
	if raw := c.q("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			rep := zpaError(http.StatusBadRequest, "invalid.page", "Invalid page: "+raw, raw)
			return 0, 0, &rep
		}
		page = max(n, 1)
	}
	if raw := c.q("pagesize"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > zpaMaxPageSize {
			rep := zpaError(http.StatusBadRequest, "invalid.page.size",
				fmt.Sprintf("Page size must be between 1 and %d", zpaMaxPageSize), raw)
			return 0, 0, &rep
		}
		size = n
	}
	return page, size, nil
}

// zpaSearch is a parsed search parameter: "<field>+<OP>+<value>" (the form
// the SDKs send, "+" percent-encoded) or plain text matched against the name.
type zpaSearch struct {
	field, op, value string
}

var zpaSearchOps = []string{"EQ", "NE", "GT", "LT", "GE", "LE", "CONTAINS", "STARTSWITH", "ENDSWITH"}

func parseZPASearch(raw string) zpaSearch {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return zpaSearch{}
	}
	// Decoded, the separators are "+" when the client encoded them and
	// spaces when it sent a literal "+" (which URL decoding turns into a space).
	for _, sep := range []string{"+", " "} {
		parts := strings.SplitN(raw, sep, 3)
		if len(parts) == 3 && parts[0] != "" && slices.Contains(zpaSearchOps, strings.ToUpper(parts[1])) {
			return zpaSearch{field: parts[0], op: strings.ToUpper(parts[1]), value: parts[2]}
		}
	}
	return zpaSearch{field: "name", op: "CONTAINS", value: raw}
}

func (s zpaSearch) matches(v any) bool {
	if s.op == "" {
		return true
	}
	return slices.ContainsFunc(fieldValues(v, s.field), func(have string) bool { return compareOp(s.op, have, s.value) })
}

func compareOp(op, have, want string) bool {
	h, w := strings.ToLower(have), strings.ToLower(want)
	switch op {
	case "EQ":
		return h == w
	case "NE":
		return h != w
	case "CONTAINS":
		return strings.Contains(h, w)
	case "STARTSWITH":
		return strings.HasPrefix(h, w)
	case "ENDSWITH":
		return strings.HasSuffix(h, w)
	}
	cmp := strings.Compare(h, w)
	if hn, err1 := strconv.ParseFloat(have, 64); err1 == nil {
		if wn, err2 := strconv.ParseFloat(want, 64); err2 == nil {
			cmp = 0
			if hn < wn {
				cmp = -1
			} else if hn > wn {
				cmp = 1
			}
		}
	}
	switch op {
	case "GT":
		return cmp > 0
	case "LT":
		return cmp < 0
	case "GE":
		return cmp >= 0
	case "LE":
		return cmp <= 0
	}
	return false
}

// fieldValues returns a record's top-level field as strings (each element
// for an array), reading the record through its wire form so that search
// works on any field of any resource.
func fieldValues(v any, field string) []string {
	var m map[string]any
	if json.Unmarshal(encodeJSON(v, false), &m) != nil {
		return nil
	}
	var out []string
	var add func(x any)
	add = func(x any) {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case float64, bool:
			out = append(out, fmt.Sprint(x))
		case []any:
			for _, e := range x {
				add(e)
			}
		}
	}
	add(m[field])
	return out
}

// ---- routes ----

func (t *Tenant) registerZPA() {
	t.addService(zpa)

	apps := zpaSpec[zpaApplication]{
		coll:        func(s *state) *Collection[zpaApplication] { return s.zpa.applications },
		render:      renderApplication,
		microtenant: func(a *zpaApplication) string { return a.MicrotenantID },
	}
	zpaList(t, "/application", apps)
	zpaGet(t, "/application", apps)

	segments := zpaSpec[zpaSegmentGroup]{
		coll:        func(s *state) *Collection[zpaSegmentGroup] { return s.zpa.segmentGroups },
		render:      renderSegmentGroup,
		microtenant: func(g *zpaSegmentGroup) string { return g.MicrotenantID },
		stamp: func(g, old *zpaSegmentGroup, st zpaStamp) {
			g.ID, g.ModifiedTime, g.ModifiedBy, g.CreationTime = st.ID, st.Now, st.By, st.Now
			if old != nil {
				g.CreationTime = old.CreationTime
			}
		},
		check:     checkSegmentGroup,
		canDelete: segmentGroupUnused,
	}
	zpaList(t, "/segmentGroup", segments)
	zpaGet(t, "/segmentGroup", segments)
	zpaCreate(t, "/segmentGroup", segments)
	zpaUpdate(t, "/segmentGroup", segments, true)
	zpaDelete(t, "/segmentGroup", segments)

	servers := zpaSpec[zpaServerGroup]{
		coll:        func(s *state) *Collection[zpaServerGroup] { return s.zpa.serverGroups },
		render:      renderServerGroup,
		microtenant: func(g *zpaServerGroup) string { return g.MicrotenantID },
	}
	zpaList(t, "/serverGroup", servers)
	zpaGet(t, "/serverGroup", servers)

	connectors := zpaSpec[zpaConnectorGroup]{
		coll:        func(s *state) *Collection[zpaConnectorGroup] { return s.zpa.connectorGroups },
		render:      renderConnectorGroup,
		microtenant: func(g *zpaConnectorGroup) string { return g.MicrotenantID },
	}
	zpaList(t, "/appConnectorGroup", connectors)
	zpaGet(t, "/appConnectorGroup", connectors)
}

func microtenantName(id string) string {
	if id == "" {
		return "Default"
	}
	return "Microtenant " + id
}

func renderApplication(s *state, a zpaApplication) zpaApplication {
	groups := make([]zpaServerGroupBrief, len(a.ServerGroups))
	for i, ref := range a.ServerGroups {
		groups[i] = zpaServerGroupBrief{ID: ref.ID}
		if g, ok := s.zpa.serverGroups.Get(ref.ID); ok {
			groups[i] = g.brief()
		}
	}
	a.ServerGroups = groups
	a.TCPPortRange = portPairs(a.TCPPortRanges)
	a.UDPPortRange = portPairs(a.UDPPortRanges)
	a.SegmentGroupName = ""
	if g, ok := s.zpa.segmentGroups.Get(a.SegmentGroupID); ok {
		a.SegmentGroupName = g.Name
	}
	a.MicrotenantName = microtenantName(a.MicrotenantID)
	return a
}

// portPairs turns ZPA's flat ["from","to",...] list into its object form;
// the API returns both.
func portPairs(flat []string) []zpaPortRange {
	var out []zpaPortRange
	for i := 0; i+1 < len(flat); i += 2 {
		out = append(out, zpaPortRange{From: flat[i], To: flat[i+1]})
	}
	return out
}

func renderSegmentGroup(s *state, g zpaSegmentGroup) zpaSegmentGroup {
	g.Applications = nil
	for _, a := range s.zpa.applications.All() {
		if a.SegmentGroupID == g.ID {
			g.Applications = append(g.Applications, renderApplication(s, a))
		}
	}
	g.MicrotenantName = microtenantName(g.MicrotenantID)
	return g
}

func renderServerGroup(s *state, g zpaServerGroup) zpaServerGroup {
	g.Applications = nil
	for _, a := range s.zpa.applications.All() {
		if slices.ContainsFunc(a.ServerGroups, func(r zpaServerGroupBrief) bool { return r.ID == g.ID }) {
			g.Applications = append(g.Applications, zpaAppBrief{ID: a.ID, Name: a.Name, Enabled: a.Enabled})
		}
	}
	refs := make([]zpaConnectorGroupBrief, len(g.AppConnectorGroups))
	for i, ref := range g.AppConnectorGroups {
		refs[i] = zpaConnectorGroupBrief{ID: ref.ID}
		if cg, ok := s.zpa.connectorGroups.Get(ref.ID); ok {
			refs[i] = cg.brief()
		}
	}
	g.AppConnectorGroups = refs
	g.MicrotenantName = microtenantName(g.MicrotenantID)
	return g
}

func renderConnectorGroup(s *state, g zpaConnectorGroup) zpaConnectorGroup {
	g.ServerGroups = nil
	for _, sg := range s.zpa.serverGroups.All() {
		if slices.ContainsFunc(sg.AppConnectorGroups, func(r zpaConnectorGroupBrief) bool { return r.ID == g.ID }) {
			g.ServerGroups = append(g.ServerGroups, sg.brief())
		}
	}
	g.MicrotenantName = microtenantName(g.MicrotenantID)
	return g
}

func checkSegmentGroup(_ *call, g, _ *zpaSegmentGroup) *reply {
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		rep := zpaError(http.StatusBadRequest, "name.not.null", "Name cannot be null or empty", "name")
		return &rep
	}
	// Membership belongs to the applications (their segmentGroupId); an
	// applications list in the body does not move anything.
	g.Applications = nil
	g.MicrotenantName = ""
	if g.ConfigSpace == "" {
		g.ConfigSpace = "DEFAULT"
	}
	if g.TCPKeepAliveEnabled == "" {
		g.TCPKeepAliveEnabled = "0"
	}
	return nil
}

// segmentGroupUnused refuses to delete a segment group that still holds
// applications, as ZPA does.
func segmentGroupUnused(c *call, g *zpaSegmentGroup) *reply {
	var names []string
	for _, a := range c.s.zpa.applications.All() {
		if a.SegmentGroupID == g.ID {
			names = append(names, a.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	rep := zpaError(http.StatusBadRequest, "segment.group.in.use",
		fmt.Sprintf("Segment group %s is in use by %d application segment(s); remove them from the group first.", g.Name, len(names)),
		names...)
	return &rep
}
