package zpa

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// ruleKind is one ZPA policy type with rule tools. The API keeps each type's
// rules in a policy set of its own, whose id the tools look up by the type
// (once; it does not change) rather than asking the agent for it.
type ruleKind struct {
	noun    string // "access_policy_rule": the tools are zpa_<verb>_<noun>
	apiType string // ACCESS_POLICY
	what    string // "access policy rule"
	about   string // what the rules decide, for the descriptions
	actions []string
	// extra are the type's own inputs; on updates they lose their defaults.
	extra []catalog.Param
	// needs says which action needs which body field ("ISOLATE" → zpnIsolationProfileId).
	needs   map[string]string
	example map[string]any // create arguments the sandbox accepts
	seedID  string         // a seeded rule, for the get tool's example
}

func ruleKinds() []ruleKind {
	groupIDs := func(name, wire, what string) catalog.Param {
		return refIDs(name, what+" ids the rule sends matching traffic through.", wire)
	}
	seconds := func(name, wire, what, def string) catalog.Param {
		return catalog.Str(name, what+", in seconds as text (e.g. \""+def+"\"); \"-1\" means never.").Body(wire).Def(def).Converted(wholeSeconds)
	}
	return []ruleKind{
		{
			noun: "access_policy_rule", apiType: "ACCESS_POLICY", what: "access policy rule",
			about:   "who may reach which application segments, and from where (ALLOW, DENY or REQUIRE_APPROVAL)",
			actions: []string{"ALLOW", "DENY", "REQUIRE_APPROVAL"},
			extra: []catalog.Param{
				groupIDs("app_connector_group_ids", "appConnectorGroups", "App connector group"),
				groupIDs("app_server_group_ids", "appServerGroups", "Server group"),
			},
			example: map[string]any{"name": "Catalogue Test Access Rule", "action_type": "ALLOW",
				"conditions": []any{map[string]any{"operator": "OR", "operands": []any{
					map[string]any{"objectType": "APP", "values": []any{"734512908613300501"}}}}}},
			seedID: "734512908613610101",
		},
		{
			noun: "timeout_policy_rule", apiType: "TIMEOUT_POLICY", what: "timeout policy rule",
			about:   "how long users' sessions last before they must authenticate again (RE_AUTH)",
			actions: []string{"RE_AUTH"},
			extra: []catalog.Param{
				catalog.Str("custom_msg", "Message shown to users when they must authenticate again.").Body("customMsg"),
				seconds("reauth_timeout", "reauthTimeout", "Session lifetime", "172800"),
				seconds("reauth_idle_timeout", "reauthIdleTimeout", "Idle time before re-authentication", "600"),
			},
			example: map[string]any{"name": "Catalogue Test Timeout Rule", "reauth_timeout": "3600",
				"conditions": []any{[]any{"client_type", []any{"zpn_client_type_zapp"}}}},
			seedID: "734512908613610103",
		},
		{
			noun: "forwarding_policy_rule", apiType: "CLIENT_FORWARDING_POLICY", what: "client forwarding policy rule",
			about:   "whether Client Connector sends traffic for applications to ZPA (INTERCEPT, INTERCEPT_ACCESSIBLE) or lets it go direct (BYPASS)",
			actions: []string{"INTERCEPT", "INTERCEPT_ACCESSIBLE", "BYPASS"},
			example: map[string]any{"name": "Catalogue Test Forwarding Rule", "action_type": "BYPASS"},
			seedID:  "734512908613610104",
		},
		{
			noun: "isolation_policy_rule", apiType: "ISOLATION_POLICY", what: "isolation policy rule",
			about:   "which browser-access sessions open in Cloud Browser Isolation (ISOLATE, with an isolation profile) or not (BYPASS_ISOLATE)",
			actions: []string{"ISOLATE", "BYPASS_ISOLATE"},
			extra: []catalog.Param{
				catalog.Str("zpn_isolation_profile_id", "The isolation profile: its id as get_zpa_isolation_profile lists it (a CBI UUID, "+
					"sent as ZPA's own id of that profile), or ZPA's id itself (a number, as rules show it in zpnIsolationProfileId); "+
					"required with ISOLATE.").Body("zpnIsolationProfileId"),
			},
			needs:   map[string]string{"ISOLATE": "zpnIsolationProfileId"},
			example: map[string]any{"name": "Catalogue Test Isolation Rule", "action_type": "BYPASS_ISOLATE"},
			seedID:  "734512908613610105",
		},
		{
			noun: "app_protection_rule", apiType: "INSPECTION_POLICY", what: "app protection (inspection) policy rule",
			about:   "which application traffic is inspected against an app protection profile (INSPECT) or not (BYPASS_INSPECT)",
			actions: []string{"INSPECT", "BYPASS_INSPECT"},
			extra: []catalog.Param{
				catalog.Str("zpn_inspection_profile_id", "App protection (inspection) profile id (see get_zpa_app_protection_profile); required with INSPECT.").Body("zpnInspectionProfileId"),
			},
			needs:   map[string]string{"INSPECT": "zpnInspectionProfileId"},
			example: map[string]any{"name": "Catalogue Test Inspection Rule", "action_type": "BYPASS_INSPECT"},
			seedID:  "734512908613610106",
		},
	}
}

func policyRules() []catalog.Tool {
	var out []catalog.Tool
	for _, k := range ruleKinds() {
		out = append(out, k.tools()...)
	}
	return out
}

func (k ruleKind) tools() []catalog.Tool {
	const toolset = "zpa_access_policies"
	set := map[string]catalog.Lookup{"policySetId": {Path: mgmt + "/policySet/policyType/" + k.apiType, Field: "id", Query: []string{"microtenant_id"}}}
	rule := mgmt + "/policySet/{policySetId}/rule/{rule_id}"
	id := id("rule_id", "Policy rule")
	scope := "Rules are evaluated in ruleOrder, first match wins; a new rule goes last. The policy set of " +
		k.apiType + " is looked up by the tool. No activation step: changes apply at once."
	row := func(verb, desc string) catalog.Tool {
		return catalog.Tool{Name: "zpa_" + verb + "_" + k.noun, Toolset: toolset, Description: desc, Part: k.apiType, Lookups: set}
	}
	list := row("list", "List ZPA "+k.what+"s, which decide "+k.about+", in evaluation order (ruleOrder), "+
		"with their conditions (operands in the read form: objectType, lhs, rhs). "+scope)
	list.Name += "s"
	list.Action, list.Method, list.Path, list.Lookups = catalog.Read, "GET", mgmt+"/policySet/rules/policyType/"+k.apiType, nil
	list.Params = listParams("rule")

	get := row("get", "Get one ZPA "+k.what+" by id: action, conditions, order and the objects it applies to.")
	get.Action, get.Method, get.Path, get.Shape = catalog.Read, "GET", rule, catalog.Record
	get.Params = []catalog.Param{id, microtenant()}
	get.Example = map[string]any{"rule_id": k.seedID}

	create := row("create", "Create a ZPA "+k.what+". "+k.createNotes()+" "+scope+" Returns the rule as created.")
	create.Action, create.Method, create.Path, create.Shape = catalog.Create, "POST", mgmtV2+"/policySet/{policySetId}/rule", catalog.Record
	create.Params = k.params(true)
	create.Complete = k.complete(true)
	create.Example = k.example

	update := row("update", "Update a ZPA "+k.what+". Only the fields given change: the others, conditions included, "+
		"keep their current values (conditions given replace all of them). Returns the rule as it is after the change.")
	update.Action, update.Method, update.Path, update.Shape = catalog.Update, "PUT", mgmtV2+"/policySet/{policySetId}/rule/{rule_id}", catalog.Record
	update.Merge, update.Refetch = rule, rule
	update.Params = append([]catalog.Param{id}, k.params(false)...)
	update.Complete = k.complete(false)
	update.Example = map[string]any{"description": "Changed by the catalogue-wide test"}

	if k.apiType == "ISOLATION_POLICY" {
		create.Handler, update.Handler = isolationProfileByCBIID, isolationProfileByCBIID
	}

	del := row("delete", "Delete a ZPA "+k.what+". Destructive and immediate; confirmation required: the user must "+
		"confirm before anything is deleted. The rules after it move up one place.")
	del.Action, del.Method, del.Path, del.Shape = catalog.Delete, "DELETE", rule, catalog.Done
	del.Params = []catalog.Param{id, microtenant()}
	return []catalog.Tool{list, get, create, update, del}
}

func (k ruleKind) createNotes() string {
	var b strings.Builder
	b.WriteString("Rules of this type decide " + k.about + ".")
	for action, field := range k.needs {
		fmt.Fprintf(&b, " %s needs %s.", action, field)
	}
	if k.apiType == "ISOLATION_POLICY" {
		b.WriteString(" Isolation applies to browser access: without a CLIENT_TYPE condition the rule gets zpn_client_type_exporter, as the API requires.")
	}
	return b.String()
}

// params are the inputs of a create (required name and action, defaults) or
// of an update (all optional, no defaults).
func (k ruleKind) params(create bool) []catalog.Param {
	action := catalog.Str("action_type", "What the rule does: "+strings.Join(k.actions, ", ")+" (any case).").
		Body("action").Converted(oneOfFold(k.actions))
	name := catalog.Str("name", "Rule name.").Body("name")
	if create {
		name = name.Req()
		if len(k.actions) == 1 {
			action = action.Def(k.actions[0])
		} else {
			action = action.Req()
		}
	}
	ps := []catalog.Param{name, action, catalog.Str("description", "Description.").Body("description")}
	for _, p := range k.extra {
		if !create {
			p.Default = nil
		}
		ps = append(ps, p)
	}
	return append(ps,
		catalog.Param{Name: "conditions", Type: catalog.ListOrText, Description: conditionsHelp, In: catalog.InBody,
			Wire: "conditions"}.Converted(convertConditions),
		microtenant())
}

// complete checks what needs more than one field, and on an update turns
// the current conditions, read in the v1 form, into the v2 form the write takes.
func (k ruleKind) complete(create bool) func(catalog.Args, map[string]any) error {
	return func(args catalog.Args, body map[string]any) error {
		if _, given := args["conditions"]; !given && !create {
			if cur, ok := body["conditions"].([]any); ok {
				conv, err := convertConditions(cur)
				if err != nil {
					return fmt.Errorf("the rule's current conditions could not be carried over: %v", err)
				}
				body["conditions"] = conv
			}
		}
		action, _ := body["action"].(string)
		if field, ok := k.needs[action]; ok {
			if s, _ := body[field].(string); strings.TrimSpace(s) == "" {
				return &catalog.ArgError{Problems: []string{fmt.Sprintf("%s needs %s (parameter %s)", action, field, paramFor(k, field))}}
			}
		}
		if create && k.apiType == "ISOLATION_POLICY" && !hasObjectType(body["conditions"], "CLIENT_TYPE") {
			conds, _ := body["conditions"].([]any)
			body["conditions"] = append(conds, map[string]any{"operator": "OR", "operands": []any{
				map[string]any{"objectType": "CLIENT_TYPE", "values": []any{"zpn_client_type_exporter"}}}})
		}
		return nil
	}
}

func paramFor(k ruleKind, wire string) string {
	for _, p := range k.extra {
		if p.Wire == wire {
			return p.Name
		}
	}
	return wire
}

func hasObjectType(conds any, typ string) bool {
	list, _ := conds.([]any)
	for _, c := range list {
		m, _ := c.(map[string]any)
		ops, _ := m["operands"].([]any)
		for _, o := range ops {
			if om, _ := o.(map[string]any); om["objectType"] == typ {
				return true
			}
		}
	}
	return false
}

// oneOfFold accepts the values in any case and sends them as the API spells them.
func oneOfFold(values []string) func(any) (any, error) {
	return func(v any) (any, error) {
		s := strings.ToUpper(strings.TrimSpace(v.(string)))
		if !slices.Contains(values, s) {
			return nil, fmt.Errorf("must be one of %s, got %q", strings.Join(values, ", "), v)
		}
		return s, nil
	}
}

func wholeSeconds(v any) (any, error) {
	s := strings.TrimSpace(v.(string))
	if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < -1 {
		return nil, fmt.Errorf("must be a whole number of seconds as text, or \"-1\", got %q", v)
	}
	return s, nil
}
