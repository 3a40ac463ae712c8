package zia

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// The ZIA policy-rule families (cloud firewall, DNS, IPS) share one shape:
// a name, an action, a state, an order in the rule table, an admin rank, and
// many references to other objects, which the API takes as [{"id": N}].

// refMembers are the rule members that refer to other ZIA objects.
var refMembers = []string{
	"locations", "locationGroups", "departments", "groups", "users", "timeWindows", "labels",
	"devices", "deviceGroups", "nwServices", "nwServiceGroups", "nwApplicationGroups",
	"appServices", "appServiceGroups", "srcIpGroups", "srcIpv6Groups", "destIpGroups", "destIpv6Groups",
	"workloadGroups", "applicationGroups", "threatCategories", "excludedDepartments", "excludedGroups", "excludedUsers",
}

// listMembers are the rule members that are lists of plain values.
var listMembers = []string{
	"srcIps", "destAddresses", "sourceCountries", "destCountries", "destIpCategories", "resCategories",
	"deviceTrustLevels", "nwApplications", "protocols", "applications", "dnsRuleRequestTypes",
}

const advancedHelp = "Other rule members, in the API's names (camelCase, e.g. srcIps, destAddresses, destCountries, " +
	"nwServices, locations) or the reference server's snake_case (src_ips, nw_services). References to other " +
	"objects (locations, locationGroups, departments, groups, users, timeWindows, labels, devices, deviceGroups, " +
	"nwServices, nwServiceGroups, nwApplicationGroups, srcIpGroups, destIpGroups, workloadGroups, ...) are lists " +
	"of ids, e.g. {\"locations\": [\"33800102\"]}, and are sent as [{\"id\": N}]. Any list may also be given as " +
	"JSON text. Members with their own parameter are set by that parameter."

// ruleParams are the parameters of a rule create (defaults: enabled, order 1,
// rank 7, as the API requires an order) or of an update (nothing defaulted).
func ruleParams(what, actions string, create bool) []catalog.Param {
	name := catalog.Str("name", "Rule name, unique among the "+what+"s.").Body("name")
	action := catalog.Str("action", "What the rule does to matching traffic: "+actions+".").Body("action")
	enabled := catalog.Bool("enabled", "Whether the rule is enforced (sent as state ENABLED or DISABLED).").At(catalog.InHandler)
	order := catalog.Int("order", "Position in the rule table, from 1 (evaluated first); rules at and after it move down.").AtLeast(1).Body("order")
	rank := catalog.Int("rank", "Admin rank 0-7 (0 highest): only admins of this rank or higher can change the rule.").Range(0, 7).Body("rank")
	if create {
		name, action = name.Req(), action.Req()
		enabled, order, rank = enabled.Def(true), order.Def(1), rank.Def(7)
	}
	return []catalog.Param{
		catalog.Obj("advanced", advancedHelp).At(catalog.InBodyMore),
		name, action,
		catalog.Str("description", "Rule description.").Body("description"),
		enabled, order, rank,
	}
}

// ruleFamily is the five tools of one ZIA rule family.
type ruleFamily struct {
	what    string // "cloud firewall rule"
	name    string // tool name stem: "cloud_firewall_rule" → zia_list_cloud_firewall_rules
	path    string // the collection
	actions string // the actions, for the parameter's description
	about   string // what the list holds, for its description
	example map[string]any
}

func (f ruleFamily) tools() []catalog.Tool {
	id := catalog.PathID("rule_id", "Id of the "+f.what+".")
	item := f.path + "/{rule_id}"
	return []catalog.Tool{
		{
			Name: "zia_list_" + f.name + "s", Toolset: "zia_cloud_firewall", Action: catalog.Read,
			Description: "List ZIA " + f.what + "s in table order, predefined and default rules included " +
				"(marked predefined and defaultRule): " + f.about + " Every page is read.",
			Method: "GET", Path: f.path, Paging: zscaler.PagingZIA,
			Params: []catalog.Param{nameFilter("rule")},
		},
		{
			Name: "zia_get_" + f.name, Toolset: "zia_cloud_firewall", Action: catalog.Read,
			Description: "Get one ZIA " + f.what + " by id, with every member and the objects it refers to.",
			Method:      "GET", Path: item, Shape: catalog.Record,
			Params: []catalog.Param{id},
		},
		{
			Name: "zia_create_" + f.name, Toolset: "zia_cloud_firewall", Action: catalog.Create,
			Description: "Create a ZIA " + f.what + ". It goes in at order (1, the top, when not given) and the " +
				"rules from there move down; rank defaults to 7 and the rule is enabled unless enabled is false. " +
				"Criteria and references go in advanced. Returns the rule as created.",
			Method: "POST", Path: f.path, Shape: catalog.Record,
			Params:  ruleParams(f.what, f.actions, true),
			Handler: writeRule,
			Example: f.example,
		},
		{
			Name: "zia_update_" + f.name, Toolset: "zia_cloud_firewall", Action: catalog.Update,
			Description: "Update a ZIA " + f.what + ". The API replaces the whole rule, so the current rule is " +
				"read first and only the members given change; the others keep their values. Returns the rule as updated.",
			Method: "PUT", Path: item, Merge: item, Shape: catalog.Record,
			Params:  append([]catalog.Param{id}, ruleParams(f.what, f.actions, false)...),
			Handler: writeRule,
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_delete_" + f.name, Toolset: "zia_cloud_firewall", Action: catalog.Delete,
			Description: "Delete a ZIA " + f.what + ". Destructive; confirmation required: the user must confirm " +
				"before anything is deleted. Predefined and default rules cannot be deleted.",
			Method: "DELETE", Path: item, Shape: catalog.Done,
			Params: []catalog.Param{id},
		},
	}
}

// writeRule sends a rule create or update: enabled becomes the API's state,
// and the advanced members are put in the API's shape before anything is sent.
func writeRule(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	more, err := ruleMembers(c.Args["advanced"])
	if err != nil {
		return nil, err
	}
	if on, given := c.Args["enabled"].(bool); given {
		more["state"] = map[bool]string{true: "ENABLED", false: "DISABLED"}[on]
	}
	args := maps.Clone(c.Args)
	args["advanced"] = more
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}

// ruleMembers puts the advanced members in the API's shape: camelCase
// names, references as [{"id": N}], lists given as JSON text decoded. A
// value that cannot be read is an error naming it; nothing is sent then.
func ruleMembers(v any) (map[string]any, error) {
	in, _ := v.(map[string]any)
	out := make(map[string]any, len(in))
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(in)) {
		name := camel(k)
		val := in[k]
		var err error
		switch {
		case val == nil:
			continue
		case slices.Contains(refMembers, name):
			val, err = idRefs(val)
		case slices.Contains(listMembers, name):
			val, err = listOf(val)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("advanced.%s: %v", k, err))
			continue
		}
		out[name] = val
	}
	if len(problems) > 0 {
		return nil, &catalog.ArgError{Problems: problems}
	}
	return out, nil
}

// camel turns the reference server's snake_case member names into the API's.
func camel(k string) string {
	parts := strings.Split(k, "_")
	for i := 1; i < len(parts); i++ {
		if p := parts[i]; p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// listOf reads a list: a JSON array, its JSON text, or one value alone.
func listOf(v any) ([]any, error) {
	switch x := v.(type) {
	case []any:
		return x, nil
	case string:
		t := strings.TrimSpace(x)
		if !strings.HasPrefix(t, "[") {
			return []any{x}, nil
		}
		dec := json.NewDecoder(strings.NewReader(t))
		dec.UseNumber()
		var list []any
		if err := dec.Decode(&list); err != nil {
			return nil, fmt.Errorf("the text is not a JSON list (%v); give a list, e.g. [\"a\", \"b\"]", err)
		}
		return list, nil
	}
	return nil, fmt.Errorf("must be a list or its JSON text, got %v", v)
}

// idRefs reads references given as ids (numbers or their digits, or objects
// with an id) and returns them as the API's [{"id": N}].
func idRefs(v any) ([]any, error) {
	list, err := listOf(v)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(list))
	for i, e := range list {
		if obj, isObj := e.(map[string]any); isObj {
			e = obj["id"]
		}
		n, ok := wholeID(e)
		if !ok {
			return nil, fmt.Errorf("element %d (%v) is not an id: give ids as whole numbers or their digits, e.g. [\"33800102\"]", i, e)
		}
		out = append(out, map[string]any{"id": n})
	}
	return out, nil
}

// wholeID is an id as the JSON number the API expects.
func wholeID(v any) (json.Number, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return "", false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return "", false
	}
	return json.Number(strconv.FormatInt(n, 10)), true
}
