package sandbox

import (
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
func zpaService() *service {
	const mgmtV2 = "/zpa/mgmtconfig/v2/admin/customers/{cid}"
	return &service{
		name: "zpa", prd: "ZPA", root: "/zpa/", prefix: "/zpa/mgmtconfig/v1/admin/customers/{cid}",
		contentType: "application/json;charset=utf-8", checkCID: true,
		rateLimit: 5000, rateWindow: time.Minute, rateHeader: "5000, 5000;w=60",
		notFound: plainNotFound("text/plain;charset=utf-8"),
		fault:    zpaFault,
		retryAfter: func(status int) string {
			if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
				return "1s" // real values are "4s", "13s", "10s": same form, shorter wait
			}
			return ""
		},
		fail:    zpaFail,
		page:    pageZPA,
		filter:  zpaFilter,
		render:  func(_ *call, rec *record) { rec.set("microtenantName", microtenantName(rec.text("microtenantId"))) },
		derived: []string{"microtenantName"},
		// The create answer is the record as stored: no microtenantName,
		// references as sent, as ZPA's is.
		created: http.StatusCreated, updated: http.StatusNoContent, echoStored: true,
		firstID: 734512908613400000, newID: func(n int64) any { return strconv.FormatInt(n, 10) },
		clock: func(t time.Time) any { return strconv.FormatInt(t.Unix(), 10) },
		admin: "734512908613000101",
		resources: slices.Concat([]*Resource{
			{
				Name: "zpa/application_segments", What: "application segment", Path: "/application", Verbs: ReadOnly,
				Refs: []Ref{
					{Field: "serverGroups", To: "zpa/server_groups", Keep: serverGroupBrief},
					{Field: "segmentGroupId", To: "zpa/segment_groups", Name: "segmentGroupName"},
				},
				Derived: []string{"tcpPortRange", "udpPortRange"},
				Render: func(_ *call, a *record) {
					portPairs(a, "tcpPortRanges", "tcpPortRange")
					portPairs(a, "udpPortRanges", "udpPortRange")
				},
			},
			{
				Name: "zpa/segment_groups", What: "segment group", Path: "/segmentGroup", Verbs: CRUD,
				Also: []string{mgmtV2 + "/segmentGroup/{id}"},
				// Membership belongs to the applications (their segmentGroupId).
				Backrefs: []Backref{{Field: "applications", From: "zpa/application_segments", Via: "segmentGroupId"}},
				InUse:    true,
				Stamps:   zpaStamps, Required: []string{"name"},
			},
			{
				Name: "zpa/server_groups", What: "server group", Path: "/serverGroup", Verbs: ReadOnly,
				Refs: []Ref{{Field: "appConnectorGroups", To: "zpa/app_connector_groups", Keep: connectorGroupBrief}},
				Backrefs: []Backref{{Field: "applications", From: "zpa/application_segments", Via: "serverGroups",
					Keep: []string{"id", "name", "enabled"}}},
			},
			{
				Name: "zpa/app_connector_groups", What: "app connector group", Path: "/appConnectorGroup", Verbs: ReadOnly,
				Backrefs: []Backref{{Field: "serverGroups", From: "zpa/server_groups", Via: "appConnectorGroups", Keep: serverGroupBrief}},
			},
		},
			zpaPRA(),
			zpaPolicies(),
		),
	}
}

var (
	zpaStamps = map[string]Stamp{"creationTime": Created, "modifiedTime": Modified, "modifiedBy": Modifier}
	// How a server group shows inside an application segment or a connector group.
	serverGroupBrief = []string{"id", "modifiedTime", "creationTime", "modifiedBy", "name", "enabled=false", "description",
		"configSpace", `weight="0"`, "passive=false", "extranetEnabled=false", "dynamicDiscovery=false"}
	// How a connector group shows inside a server group.
	connectorGroupBrief = []string{"id", "modifiedTime", "creationTime", "modifiedBy", "name", "enabled=false", "description",
		"versionProfileId", "overrideVersionProfile=false", "location", "dnsQueryType", "cityCountry", "countryCode",
		"tcpQuickAckApp=false", "tcpQuickAckAssistant=false", "tcpQuickAckReadAssistant=false", "praEnabled=false",
		"useInDrMode=false", "connectorGroupType", "wafDisabled=false", "lssAppConnectorGroup=false"}
)

func microtenantName(id string) string {
	if id == "" {
		return "Default"
	}
	return "Microtenant " + id
}

// portPairs shows ZPA's flat ["from","to",...] port list in its object
// form as well; the API returns both.
func portPairs(a *record, flat, pairs string) {
	ports := a.values(flat)
	if len(ports) < 2 {
		a.del(pairs)
		return
	}
	var out []map[string]string
	for i := 0; i+1 < len(ports); i += 2 {
		out = append(out, map[string]string{"from": ports[i], "to": ports[i+1]})
	}
	a.set(pairs, out)
}

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
	}
	return zpaError(status, strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", ".")), http.StatusText(status))
}

const zpaMaxPageSize = 500

// pageZPA reads page and lowercase pagesize ("pageSize" is not ZPA's
// parameter and is ignored, like upstream) and wraps the page with string
// totals. An empty page has no list at all; clients must cope, as with real ZPA.
func pageZPA(c *call, items []*record) reply {
	page, size := 1, 20
	if raw := c.q("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return zpaError(http.StatusBadRequest, "invalid.page", "Invalid page: "+raw, raw)
		}
		page = max(n, 1)
	}
	if raw := c.q("pagesize"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > zpaMaxPageSize {
			return zpaError(http.StatusBadRequest, "invalid.page.size", fmt.Sprintf("Page size must be between 1 and %d", zpaMaxPageSize), raw)
		}
		size = n
	}
	return jsonReply(http.StatusOK, struct {
		TotalPages string    `json:"totalPages"`
		TotalCount string    `json:"totalCount"`
		List       []*record `json:"list,omitempty"`
	}{strconv.Itoa((len(items) + size - 1) / size), strconv.Itoa(len(items)), publicAll(pageOf(items, page, size))})
}

// zpaFilter applies what every ZPA list takes: microtenantId (omitted:
// every microtenant; "0": the Default one) and search, either
// "<field>+<OP>+<value>" (the form the SDKs send, "+" percent-encoded) or
// plain text matched against the name.
func zpaFilter(c *call) (func(*record) bool, *reply) {
	field, op, value := "", "", ""
	if raw := strings.TrimSpace(c.query.Get("search")); raw != "" {
		field, op, value = "name", "CONTAINS", raw
		// Decoded, the separators are "+" when the client encoded them and
		// spaces when it sent a literal "+" (which URL decoding turns into a space).
		for _, sep := range []string{"+", " "} {
			parts := strings.SplitN(raw, sep, 3)
			if len(parts) == 3 && parts[0] != "" && slices.Contains(zpaSearchOps, strings.ToUpper(parts[1])) {
				field, op, value = parts[0], strings.ToUpper(parts[1]), parts[2]
				break
			}
		}
	}
	mt, scoped := c.q("microtenantId"), c.query.Has("microtenantId")
	if mt == "0" {
		mt = ""
	}
	return func(rec *record) bool {
		if scoped && rec.text("microtenantId") != mt {
			return false
		}
		return op == "" || slices.ContainsFunc(rec.values(field), func(have string) bool { return compareOp(op, have, value) })
	}, nil
}

var zpaSearchOps = []string{"EQ", "NE", "GT", "LT", "GE", "LE", "CONTAINS", "STARTSWITH", "ENDSWITH"}

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
	}
	return cmp <= 0 // LE
}
