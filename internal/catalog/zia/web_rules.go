package zia

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// webRule is one family of ZIA web policy rules (URL filtering, SSL
// inspection, file type control, sandbox, web DLP, cloud app control). They
// share a shape: an ordered table of rules with a name, a state, an admin
// rank, an action and references to locations, groups, users and labels.
// The family's five tools are built from it.
type webRule struct {
	toolset string
	noun    string // "URL filtering rule"
	one     string // "url_filtering_rule": tool names are zia_<verb>_<one>[s]
	path    string // the collection, under api; may hold leading path parameters
	scope   []catalog.Param

	about      string // what a rule of the family matches and does, for the descriptions
	listNote   string // what the list reads, beyond the records
	listParams []catalog.Param
	// action says how the action parameter reaches the wire.
	action         ruleAction
	actionRequired bool
	actionDesc     string
	advancedDesc   string         // the family's own advanced fields
	example        map[string]any // a create the sandbox accepts
}

// ruleAction is where a family keeps its action.
type ruleAction struct {
	wire string
	// kind: "" a string; "type" an object {"type": action} (SSL inspection);
	// "list" a list of actions (cloud app control).
	kind string
}

const (
	defaultRuleOrder = 1 // ZIA requires an order on create: the top of the table
	defaultRuleRank  = 7 // the lowest admin rank, what the admin portal gives new rules
)

func (r *webRule) itemPath() string { return r.path + "/{rule_id}" }

func (r *webRule) tools() []catalog.Tool {
	id := catalog.PathID("rule_id", "The "+r.noun+"'s id (a string, even though it is numeric).")
	withScope := func(ps ...catalog.Param) []catalog.Param { return append(slices.Clone(r.scope), ps...) }
	staged := " ZIA stages the change until the configuration is activated (zia_activate_configuration)."
	return []catalog.Tool{
		{
			Name: "zia_list_" + r.one + "s", Toolset: r.toolset, Action: catalog.Read,
			Description: "List ZIA " + r.noun + "s with every field, in the API's order: " + r.about + " " + r.listNote,
			Method:      "GET", Path: api + r.path,
			Params: withScope(r.listParams...),
		},
		{
			Name: "zia_get_" + r.one, Toolset: r.toolset, Action: catalog.Read,
			Description: "Get one ZIA " + r.noun + " by id, with every field the API holds: order, rank, state, action, " +
				"and its references (locations, groups, departments, users, labels) as {id, name}.",
			Method: "GET", Path: api + r.itemPath(), Shape: catalog.Record,
			Params: withScope(id),
		},
		{
			Name: "zia_create_" + r.one, Toolset: r.toolset, Action: catalog.Create,
			Description: "Create a ZIA " + r.noun + ": " + r.about + " The rule goes at order 1 (the top) and admin rank 7 " +
				"unless order and rank say otherwise, and is enabled unless enabled is false. References in advanced " +
				"(locations, groups, departments, users, labels, time_windows, ...) are ids, sent as the API's {\"id\": N} " +
				"objects; list fields may be JSON text. Returns the created rule." + staged,
			Method: "POST", Path: api + r.path, Shape: catalog.Record,
			Params:  withScope(r.writeParams(true)...),
			Handler: r.write,
			Example: r.example,
		},
		{
			Name: "zia_update_" + r.one, Toolset: r.toolset, Action: catalog.Update,
			Description: "Update a ZIA " + r.noun + ". The API replaces the whole rule, so the current rule is read and only " +
				"the fields given change; everything else, references included, is kept. Fields without a parameter go " +
				"in advanced, by their API name (camelCase) or snake_case. Returns the updated rule." + staged,
			Method: "PUT", Path: api + r.itemPath(), Merge: api + r.itemPath(), Shape: catalog.Record,
			Params:  withScope(append([]catalog.Param{id}, r.writeParams(false)...)...),
			Handler: r.write,
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_" + r.one, Toolset: r.toolset, Action: catalog.Delete,
			Description: "Delete a ZIA " + r.noun + ". Destructive; confirmation required: the user must confirm before " +
				"anything is deleted. Predefined and default rules cannot be deleted." + staged,
			Method: "DELETE", Path: api + r.itemPath(), Shape: catalog.Done,
			Params: withScope(id),
		},
	}
}

func (r *webRule) writeParams(create bool) []catalog.Param {
	name := catalog.Str("name", "Rule name, unique among the family's rules (ZIA allows 31 characters for most rule types).").Body("name")
	action := catalog.Str("action", r.actionDesc).Body(r.action.wire)
	enabled := catalog.Bool("enabled", "Whether the rule is enforced (sent as state ENABLED or DISABLED).").Body("state")
	order := catalog.Int("order", "Position in the rule table, 1-based; lower is evaluated first. Rules below move down one.").AtLeast(1).Body("order")
	rank := catalog.Int("rank", "Admin rank, 0 (highest) to 7 (lowest): only admins of this rank or higher can edit the rule.").Range(0, 7).Body("rank")
	if create {
		name = name.Req()
		enabled = enabled.Def(true)
		order.Description += " Default 1 (the top)."
		rank.Description += " Default 7."
		if r.actionRequired {
			action = action.Req()
		}
	} else {
		name.Description = "New rule name."
		enabled.Description = "Enable (true) or disable (false) the rule."
	}
	return []catalog.Param{
		name, action,
		catalog.Str("description", "Free-text description of the rule.").Body("description"),
		enabled, order, rank,
		catalog.Obj("advanced", "More rule fields, by their API name (camelCase) or in snake_case, laid over the "+
			"fields above. References are id lists, e.g. {\"locations\": [\"1234\"], \"groups\": [\"5678\"]}, "+
			"sent as [{\"id\": 1234}]: locations, location_groups, groups, departments, users, labels, "+
			"time_windows, devices, device_groups. "+r.advancedDesc+" List values may also be JSON text, "+
			"e.g. \"[\\\"HTTP_RULE\\\"]\".").At(catalog.InBodyMore),
	}
}

// write builds the rule's body from the parameters and sends it; an update
// merges it over the current rule (the row's Merge).
func (r *webRule) write(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	create := c.Tool.Action == catalog.Create
	body, err := r.body(c.Args, create)
	if err != nil {
		return nil, err
	}
	row := c.Tool.Plain()
	args := catalog.Args{"body": body}
	row.Params = nil
	for _, p := range c.Tool.Params {
		if p.In == catalog.InPath {
			row.Params = append(row.Params, p)
			args[p.Name] = c.Args[p.Name]
		}
	}
	row.Params = append(row.Params, catalog.Obj("body", "The rule.").BodyRoot())
	return c.Exec.Run(ctx, row, args)
}

// body is the rule as the API takes it: advanced first, then the named
// parameters over it.
func (r *webRule) body(args catalog.Args, create bool) (map[string]any, error) {
	body := map[string]any{}
	if adv, ok := args["advanced"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(adv)) {
			wire := wireName(k)
			v, err := ruleField(wire, adv[k])
			if err != nil {
				return nil, &catalog.ArgError{Problems: []string{fmt.Sprintf("advanced.%s: %v", k, err)}}
			}
			body[wire] = v
		}
	}
	for _, k := range []string{"name", "description"} {
		if v, ok := args[k]; ok {
			body[k] = v
		}
	}
	if a, ok := args["action"].(string); ok {
		v, err := r.actionValue(a)
		if err != nil {
			return nil, &catalog.ArgError{Problems: []string{"action: " + err.Error()}}
		}
		body[r.action.wire] = v
	}
	if on, ok := args["enabled"].(bool); ok {
		body["state"] = map[bool]string{true: "ENABLED", false: "DISABLED"}[on]
	}
	for _, k := range []string{"order", "rank"} {
		if v, ok := args[k]; ok {
			body[k] = v
		}
	}
	if create {
		if _, ok := body["order"]; !ok {
			body["order"] = defaultRuleOrder
		}
		if _, ok := body["rank"]; !ok {
			body["rank"] = defaultRuleRank
		}
	} else if len(body) == 0 {
		return nil, &catalog.ArgError{Problems: []string{"nothing to change: give at least one of name, action, description, enabled, order, rank or advanced"}}
	}
	return body, nil
}

// actionValue is the action as the family's API takes it.
func (r *webRule) actionValue(a string) (any, error) {
	a = strings.TrimSpace(a)
	switch r.action.kind {
	case "type":
		if strings.HasPrefix(a, "{") {
			var obj map[string]any
			if err := decodeJSON(a, &obj); err != nil {
				return nil, fmt.Errorf("the text is not a JSON object (%v); give an action type such as DECRYPT, or the whole action object", err)
			}
			return obj, nil
		}
		if a == "" {
			return nil, fmt.Errorf("must not be empty; give an action type such as DECRYPT or DO_NOT_DECRYPT")
		}
		return map[string]any{"type": a}, nil
	case "list":
		list, err := stringList(a)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, fmt.Errorf("must name at least one action; zia_list_cloud_app_control_actions lists those the applications offer")
		}
		return list, nil
	}
	if a == "" {
		return nil, fmt.Errorf("must not be empty")
	}
	return a, nil
}

// stringList reads a list given as JSON text, comma-separated text or one value.
func stringList(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		var out []string
		if err := decodeJSON(s, &out); err != nil {
			return nil, fmt.Errorf("the text is not a JSON list of strings (%v)", err)
		}
		return out, nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out, nil
}

func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("text after the JSON value")
	}
	return nil
}

// Rule fields whose values are references: lists of {"id": N}, or one such object.
var (
	refLists = []string{
		"locations", "locationGroups", "groups", "departments", "users", "labels", "timeWindows", "devices",
		"deviceGroups", "overrideUsers", "overrideGroups", "excludedUsers", "excludedGroups", "excludedDepartments",
		"dlpEngines", "sourceIpGroups", "srcIpGroups", "destIpGroups", "nwServices", "nwServiceGroups",
		"nwApplicationGroups", "appServices", "appServiceGroups", "workloadGroups", "httpHeaderProfiles",
		"httpHeaderActionProfiles", "zpaAppSegments", "sharingDomainProfiles", "formSharingDomainProfiles",
		"cloudAppTenants", "tenancyProfileIds", "smartIsolationUsers", "smartIsolationGroups",
	}
	refObjects = []string{"notificationTemplate", "auditor", "icapServer", "proxyGateway"}
	// Fields that hold lists of strings, which agents send as JSON text too.
	stringLists = []string{
		"urlCategories", "urlCategories2", "protocols", "requestMethods", "userAgentTypes", "deviceTrustLevels",
		"userRiskScoreLevels", "fileTypes", "cloudApplications", "applications", "actions", "platforms",
		"baPolicyCategories", "sourceCountries", "destCountries", "srcIps", "destAddresses", "destIpCategories",
		"nwApplications", "cloudApps", "userGroups", "severities",
	}
	// snake_case names whose API name is not their camelCase.
	wireAliases = map[string]string{
		"capture_pcap": "capturePCAP", "show_eun": "showEUN", "show_eunatp": "showEUNATP",
		"http_header_profile_ids": "httpHeaderProfiles", "http_header_action_profile_ids": "httpHeaderActionProfiles",
		"cloud_app_tenant_ids": "cloudAppTenants", "smart_isolation_user_ids": "smartIsolationUsers",
		"smart_isolation_group_ids": "smartIsolationGroups", "src_ipv6_groups": "srcIpv6Groups",
		"dest_ipv6_groups": "destIpv6Groups", "cbi_profile": "cbiProfile",
	}
)

// wireName is a field's API name: camelCase kept, snake_case converted.
func wireName(k string) string {
	if w, ok := wireAliases[k]; ok {
		return w
	}
	if !strings.Contains(k, "_") {
		return k
	}
	return camel(strings.ToLower(k))
}

// ruleField is an advanced value as the API takes it: references as id
// objects, JSON-text lists decoded.
func ruleField(wire string, v any) (any, error) {
	isRefList, isRefObject, isList := slices.Contains(refLists, wire), slices.Contains(refObjects, wire), slices.Contains(stringLists, wire)
	if s, ok := v.(string); ok && (isRefList || isList) {
		if !strings.HasPrefix(strings.TrimSpace(s), "[") {
			list, _ := stringList(s)
			v = anyList(list)
		} else {
			var arr []any
			if err := decodeJSON(s, &arr); err != nil {
				return nil, fmt.Errorf("the text is not a JSON list (%v)", err)
			}
			v = arr
		}
	}
	switch {
	case isRefList:
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("must be a list of ids, e.g. [\"1234\", \"5678\"]")
		}
		out := make([]any, len(arr))
		for i, e := range arr {
			ref, err := refObject(e)
			if err != nil {
				return nil, fmt.Errorf("element %d %v", i, err)
			}
			out[i] = ref
		}
		return out, nil
	case isRefObject:
		return refObject(v)
	case isList:
		if _, ok := v.([]any); !ok {
			return nil, fmt.Errorf("must be a list of strings")
		}
	}
	return v, nil
}

func anyList(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// isDigits reports whether s is an integer's digits, with an optional minus.
func isDigits(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// refObject is one reference as ZIA takes it: {"id": N}, with a numeric id as
// a number. An object with an id passes as given.
func refObject(e any) (any, error) {
	switch x := e.(type) {
	case string:
		if s := strings.TrimSpace(x); isDigits(s) {
			return map[string]any{"id": json.Number(s)}, nil
		}
		return nil, fmt.Errorf("must be an id (its digits), got %q", x)
	case json.Number:
		if isDigits(x.String()) {
			return map[string]any{"id": x}, nil
		}
	case map[string]any:
		if id, ok := x["id"]; ok {
			if s, isText := id.(string); isText && isDigits(s) {
				x["id"] = json.Number(s)
			}
			return x, nil
		}
	}
	return nil, fmt.Errorf("must be an id or an object with an id, got %v", e)
}
