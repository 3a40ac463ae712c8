package zia

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// The objects the cloud firewall rules refer to: IP source and destination
// groups, network services and their groups, network applications and their
// groups, and custom IPS signatures. Each is a plain ZIA collection: POST
// creates, PUT replaces (the tools read, merge and write), DELETE answers 204.

// object is the list, get, create, update and delete rows of one collection;
// a nil create leaves out the writes (network applications are read-only).
type object struct {
	what, plural, name string // "IP source group", "IP source groups", "ip_source_group"
	path, id           string // collection; the id parameter
	list, get          string // what the list holds; what the get returns
	listParams         []catalog.Param
	create, update     []catalog.Param // without the id
	createDoc          string
	updateDoc          string
	deleteDoc          string
	createEx, updEx    map[string]any
	idParam            catalog.Param
	listName           string // zia_list_<listName>; default name+"s"
	// complete checks a write's body, after any merge, before it is sent.
	complete func(args catalog.Args, body map[string]any) error
}

func (o object) tools() []catalog.Tool {
	item := o.path + "/{" + o.id + "}"
	listName := o.listName
	if listName == "" {
		listName = o.name + "s"
	}
	tools := []catalog.Tool{
		{
			Name: "zia_list_" + listName, Toolset: "zia_cloud_firewall", Action: catalog.Read,
			Description: "List ZIA " + o.plural + ": " + o.list + " Every page is read.",
			Method:      "GET", Path: o.path, Paging: zscaler.PagingZIA,
			Params: o.listParams,
		},
		{
			Name: "zia_get_" + o.name, Toolset: "zia_cloud_firewall", Action: catalog.Read,
			Description: "Get one ZIA " + o.what + " by id: " + o.get,
			Method:      "GET", Path: item, Shape: catalog.Record,
			Params: []catalog.Param{o.idParam},
		},
	}
	if o.create == nil {
		return tools
	}
	return append(tools,
		catalog.Tool{
			Name: "zia_create_" + o.name, Toolset: "zia_cloud_firewall", Action: catalog.Create,
			Description: "Create a ZIA " + o.what + ". " + o.createDoc + " Returns it with its new id.",
			Method:      "POST", Path: o.path, Shape: catalog.Record,
			Params: o.create, Example: o.createEx, Complete: o.complete,
		},
		catalog.Tool{
			Name: "zia_update_" + o.name, Toolset: "zia_cloud_firewall", Action: catalog.Update,
			Description: "Update a ZIA " + o.what + ". " + o.updateDoc + " The API replaces the whole " +
				"object, so the current one is read first and the members not given keep their values.",
			Method: "PUT", Path: item, Merge: item, Shape: catalog.Record,
			Params: append([]catalog.Param{o.idParam}, o.update...), Example: o.updEx, Complete: o.complete,
		},
		catalog.Tool{
			Name: "zia_delete_" + o.name, Toolset: "zia_cloud_firewall", Action: catalog.Delete,
			Description: "Delete a ZIA " + o.what + ". Destructive; confirmation required: the user must confirm " +
				"before anything is deleted. " + o.deleteDoc,
			Method: "DELETE", Path: item, Shape: catalog.Done,
			Params: []catalog.Param{o.idParam},
		},
	)
}

// searchParam is the API's own name search of a ZIA list.
func searchParam(what string) catalog.Param {
	return catalog.Str("search", "Text the "+what+" name contains, matched by the API.").Query("search")
}

func firewallObjects() []catalog.Tool {
	name := func(what string) catalog.Param {
		return catalog.Str("name", what+" name, unique in the tenant.").Req().Body("name")
	}
	desc := catalog.Str("description", "Description.").Body("description")
	group := numeric(catalog.PathID("group_id", "Group id (a number, as text)."))

	sourceParams := []catalog.Param{
		name("Group"),
		catalog.StrList("ip_addresses", "Source IP addresses, ranges (a-b) or CIDRs; a JSON array, or its text. "+
			"On update, the whole new set.").Req().Body("ipAddresses"),
		desc,
	}
	destParams := []catalog.Param{
		name("Group"),
		catalog.Str("type", "What the group holds: DSTN_IP (IPs, ranges, CIDRs), DSTN_FQDN (host names), "+
			"DSTN_DOMAIN (wildcard domains such as .example.com) or DSTN_OTHER (countries and IP categories).").
			OneOf(catalog.DestinationTypes...).Req().Body("type"),
		desc,
		catalog.StrList("addresses", "Members for DSTN_IP, DSTN_FQDN or DSTN_DOMAIN groups; a JSON array, or its text.").Body("addresses"),
		catalog.StrList("countries", "Countries, DSTN_OTHER only: ISO codes (US, DE) or COUNTRY_XX, sent as COUNTRY_XX.").
			Body("countries").Converted(countryCodes),
		catalog.StrList("ip_categories", "URL category ids the destinations belong to (such as FINANCE), DSTN_OTHER only.").Body("ipCategories"),
	}
	appGroupParams := []catalog.Param{
		name("Group"),
		catalog.StrList("network_applications", "Network application ids, such as [\"APNS\",\"DICT\"] "+
			"(zia_list_network_apps); on update, the whole new set.").Req().Body("networkApplications"),
		desc,
	}
	svcGroupParams := []catalog.Param{
		name("Group"),
		catalog.StrList("service_ids", "Network service ids (zia_list_network_services), sent as [{\"id\": N}]; "+
			"on update, the whole new set.").Req().Body("services").Converted(serviceRefs),
		desc,
	}
	portsHelp := "Port tuples [direction, protocol, start, end?]: direction src or dest, protocol tcp or udp, ports " +
		"1-65535, end only for a range; e.g. [[\"dest\",\"tcp\",\"443\"],[\"dest\",\"udp\",\"3268\",\"3269\"]]. " +
		"JSON text is accepted."
	ports := catalog.Param{Name: "ports", Type: catalog.ListOrText, Wire: "ports"}
	rule := numeric(catalog.PathID("rule_id", "IPS signature rule id (a number, as text)."))

	return slices.Concat(
		object{
			what: "IP source group", plural: "IP source groups", name: "ip_source_group",
			path: api + "/ipSourceGroups", id: "group_id", idParam: group,
			list:       "the named sets of source IPs, ranges and CIDRs that firewall rules match traffic from (srcIpGroups).",
			get:        "its name, description and addresses.",
			listParams: []catalog.Param{searchParam("group")},
			create:     sourceParams, update: sourceParams,
			createDoc: "Give the source addresses; firewall rules then refer to the group by its id.",
			updateDoc: "Name and ip_addresses are required, the addresses replacing the current set.",
			deleteDoc: "ZIA refuses while a rule still uses the group.",
			createEx:  map[string]any{"name": "Catalogue Test Sources", "ip_addresses": []string{"198.51.100.0/25"}},
			updEx:     map[string]any{"name": "Catalogue Test Sources 2", "ip_addresses": []string{"198.51.100.0/25", "198.51.100.200"}},
		}.tools(),
		object{
			what: "IP destination group", plural: "IP destination groups", name: "ip_destination_group",
			path: api + "/ipDestinationGroups", id: "group_id", idParam: group,
			list: "the named destinations firewall rules match traffic to (destIpGroups): IPs (DSTN_IP), host names " +
				"(DSTN_FQDN), wildcard domains (DSTN_DOMAIN), or countries and IP categories (DSTN_OTHER).",
			get:        "its type, addresses, countries and IP categories.",
			listParams: []catalog.Param{searchParam("group")},
			create:     destParams, update: destParams,
			createDoc: "DSTN_IP, DSTN_FQDN and DSTN_DOMAIN groups list addresses; a DSTN_OTHER group lists countries " +
				"and IP categories instead.",
			updateDoc: "Name and type are required; the members must suit the type, as on create.",
			complete:  destinationMembers,
			deleteDoc: "ZIA refuses while a rule still uses the group.",
			createEx:  map[string]any{"name": "Catalogue Test Destinations", "type": "DSTN_FQDN", "addresses": []string{"updates.example.net"}},
			updEx:     map[string]any{"name": "Catalogue Test Destinations 2", "type": "DSTN_FQDN", "addresses": []string{"updates.example.net", "cdn.example.net"}},
		}.tools(),
		object{
			what: "network application", plural: "network applications", name: "network_app", listName: "network_apps",
			path: api + "/networkApplications", id: "app_id",
			idParam: catalog.PathID("app_id", "Network application id, a name such as APNS or DICT."),
			list: "the predefined applications the firewall recognises on the wire (ids such as APNS, SKYPE), each " +
				"with its parent category, for firewall rules (nwApplications) and network application groups. Read-only.",
			get: "its parent category, description and whether it is deprecated.",
			listParams: []catalog.Param{
				catalog.Str("search", "Text the application id or description contains, matched by the API.").Query("search"),
				catalog.Str("locale", "Language of the descriptions: en-US, de-DE, es-ES, fr-FR, ja-JP or zh-CN.").Query("locale"),
			},
		}.tools(),
		object{
			what: "network application group", plural: "network application groups", name: "network_app_group",
			path: api + "/networkApplicationGroups", id: "group_id", idParam: group,
			list:       "named bundles of network applications that firewall rules refer to (nwApplicationGroups), with their applications.",
			get:        "its name, description and network applications.",
			listParams: []catalog.Param{searchParam("group")},
			create:     appGroupParams, update: appGroupParams,
			createDoc: "Give the network application ids it holds.",
			updateDoc: "Name and network_applications are required, the applications replacing the current set.",
			deleteDoc: "ZIA refuses while a rule still uses the group.",
			createEx:  map[string]any{"name": "Catalogue Test Apps", "network_applications": []string{"APNS", "DICT"}},
			updEx:     map[string]any{"name": "Catalogue Test Apps 2", "network_applications": []string{"APNS"}},
		}.tools(),
		object{
			what: "network service", plural: "network services", name: "network_service",
			path: api + "/networkServices", id: "service_id",
			idParam: numeric(catalog.PathID("service_id", "Network service id (a number, as text).")),
			list: "the protocol and port definitions firewall rules match on (nwServices), the predefined and standard " +
				"ones (type PREDEFINED, STANDARD) alongside the custom ones (CUSTOM), with their source and destination TCP and UDP ports.",
			get: "its type and its source and destination TCP and UDP port ranges.",
			listParams: []catalog.Param{
				catalog.Str("name", "Case-insensitive substring of the service name; filters the records after they are read.").At(catalog.InFilter),
				searchParam("service"),
				catalog.Str("protocol", "Only services of this protocol: ICMP, TCP, UDP, GRE, ESP or OTHER.").Query("protocol"),
			},
			create: []catalog.Param{name("Service"), withPorts(ports, portsHelp, false).Req(), desc},
			update: []catalog.Param{name("Service"),
				withPorts(ports, portsHelp+" When given, they replace every port list of the service; when not, the ports stay.", true), desc},
			createDoc: "Give its ports; predefined services cannot be changed, only custom ones.",
			updateDoc: "Name is required; ports, when given, replace every port list of the service.",
			deleteDoc: "Only custom services; ZIA refuses while a rule or service group still uses the service.",
			createEx:  map[string]any{"name": "Catalogue Test Service", "ports": [][]string{{"dest", "tcp", "8443"}, {"dest", "udp", "8000", "8010"}}},
			updEx:     map[string]any{"name": "Catalogue Test Service 2", "description": "Changed by the catalogue-wide test"},
		}.tools(),
		object{
			what: "network service group", plural: "network service groups", name: "network_svc_group",
			path: api + "/networkServiceGroups", id: "group_id", idParam: group,
			list:       "named bundles of network services that firewall rules refer to (nwServiceGroups), with their services.",
			get:        "its name, description and the services it holds.",
			listParams: []catalog.Param{searchParam("group")},
			create:     svcGroupParams, update: svcGroupParams,
			createDoc: "Give the ids of the network services it holds.",
			updateDoc: "Name and service_ids are required, the services replacing the current set.",
			deleteDoc: "ZIA refuses while a rule still uses the group.",
			createEx:  map[string]any{"name": "Catalogue Test Service Group", "service_ids": []string{"7740011", "7740016"}},
			updEx:     map[string]any{"name": "Catalogue Test Service Group 2", "service_ids": []string{"7740011", "7740016"}},
		}.tools(),
		object{
			what: "custom IPS signature rule", plural: "custom IPS signature rules", name: "ips_signature_rule",
			path: api + "/ipsSignatureRules", id: "rule_id", idParam: rule,
			list:       "the tenant's own Snort-style IPS signatures, with their rule text and validation state.",
			get:        "its name, rule text, category and whether it is enabled and passed validation.",
			listParams: []catalog.Param{searchParam("signature")},
			create: []catalog.Param{
				catalog.Str("name", "Signature name (at most 31 characters).").Req().Body("name"),
				catalog.Str("rule_text", "The signature in Snort syntax, e.g. alert http any any -> any any (msg:\"admin page\"; content:\"/admin\"; sid:1000001;).").Req().Body("ruleText"),
				desc,
			},
			update: []catalog.Param{
				catalog.Str("name", "New name (at most 31 characters).").Body("name"),
				catalog.Str("rule_text", "New signature text, in Snort syntax.").Body("ruleText"),
				desc,
			},
			createDoc: "The API validates the rule text and refuses what does not parse, with its message.",
			updateDoc: "A new rule_text is validated by the API, which refuses what does not parse.",
			deleteDoc: "IPS rules stop matching it.",
			createEx: map[string]any{"name": "Catalogue Test Sig",
				"rule_text": `alert http any any -> any any (msg:"catalogue test"; content:"/catalogue-test"; sid:1000999;)`},
			updEx: map[string]any{"description": "Changed by the catalogue-wide test"},
		}.tools(),
	)
}

// withPorts describes the ports parameter and builds the API's port lists
// from it. An update sends all four lists, so that the ports given replace
// the ones the service had (the read record is merged under them).
func withPorts(p catalog.Param, help string, all bool) catalog.Param {
	p.Description = help
	return p.Builds(func(v any) (map[string]any, error) { return portLists(v, all) })
}

// portLists turns port tuples [direction, protocol, start, end?] into the
// API's srcTcpPorts, destTcpPorts, srcUdpPorts and destUdpPorts.
func portLists(v any, all bool) (map[string]any, error) {
	list, err := listOf(v)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("give at least one port tuple, e.g. [[\"dest\",\"tcp\",\"443\"]]")
	}
	out := map[string]any{}
	if all {
		for _, k := range []string{"srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"} {
			out[k] = []any{}
		}
	}
	for i, e := range list {
		tuple, ok := e.([]any)
		if !ok || len(tuple) < 3 || len(tuple) > 4 {
			return nil, fmt.Errorf("element %d (%v) is not a tuple [direction, protocol, start, end?], e.g. [\"dest\",\"tcp\",\"443\"]", i, e)
		}
		dir, proto := strings.ToLower(fmt.Sprint(tuple[0])), strings.ToLower(fmt.Sprint(tuple[1]))
		if dir != "src" && dir != "dest" {
			return nil, fmt.Errorf("element %d: direction %q is not src or dest", i, tuple[0])
		}
		if proto != "tcp" && proto != "udp" {
			return nil, fmt.Errorf("element %d: protocol %q is not tcp or udp", i, tuple[1])
		}
		r := map[string]any{}
		for j, key := range []string{"start", "end"} {
			if 2+j >= len(tuple) {
				break
			}
			n, err := strconv.Atoi(strings.TrimSpace(fmt.Sprint(tuple[2+j])))
			if err != nil || n < 1 || n > 65535 {
				return nil, fmt.Errorf("element %d: %s port %v is not a port number 1-65535", i, key, tuple[2+j])
			}
			r[key] = n
		}
		if end, ok := r["end"].(int); ok && end < r["start"].(int) {
			return nil, fmt.Errorf("element %d: the range ends (%d) before it starts (%d)", i, end, r["start"])
		}
		key := dir + strings.ToUpper(proto[:1]) + proto[1:] + "Ports"
		prev, _ := out[key].([]any)
		out[key] = append(prev, r)
	}
	return out, nil
}

// serviceRefs sends network service ids as the API's [{"id": N}].
func serviceRefs(v any) (any, error) {
	ids := v.([]string)
	if len(ids) == 0 {
		return nil, fmt.Errorf("give at least one network service id")
	}
	list := make([]any, len(ids))
	for i, id := range ids {
		list[i] = id
	}
	return idRefs(list)
}

// destinationMembers refuses, before anything is sent, the destination
// group the API would: addresses on a DSTN_OTHER group, countries or IP
// categories on the others, or a group with no member at all.
func destinationMembers(_ catalog.Args, body map[string]any) error {
	count := func(k string) int {
		switch x := body[k].(type) {
		case []any:
			return len(x)
		case []string:
			return len(x)
		}
		return 0
	}
	kind, _ := body["type"].(string)
	var problem string
	switch {
	case kind == "DSTN_OTHER" && count("addresses") > 0:
		problem = "addresses: a DSTN_OTHER group takes countries and ip_categories, not addresses"
	case kind == "DSTN_OTHER" && count("countries")+count("ipCategories") == 0:
		problem = "countries: a DSTN_OTHER group needs at least one country or IP category"
	case kind != "DSTN_OTHER" && count("countries")+count("ipCategories") > 0:
		problem = "countries, ip_categories: only a DSTN_OTHER group takes them; a " + kind + " group lists addresses"
	case kind != "DSTN_OTHER" && count("addresses") == 0:
		problem = "addresses: a " + kind + " group needs at least one address"
	}
	if problem != "" {
		return &catalog.ArgError{Problems: []string{problem}}
	}
	return nil
}

// countryCodes sends countries as the API names them: COUNTRY_XX.
func countryCodes(v any) (any, error) { return catalog.CountryCodes(v.([]string)) }
