package sandbox

// ziaFirewall is the cloud firewall: its filtering, DNS and IPS rule tables
// and the objects the rules refer to. Predefined rules and network services
// are records like the custom ones, marked as the API marks them.
func ziaFirewall() []*Resource {
	return []*Resource{
		firewallRules("zia/firewall_rules", "firewall filtering rule", "/firewallFilteringRules", []Filter{
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
		}),
		firewallRules("zia/firewall_dns_rules", "firewall DNS rule", "/firewallDnsRules", nil),
		firewallRules("zia/firewall_ips_rules", "firewall IPS rule", "/firewallIpsRules", nil),
		{
			Name: "zia/network_services", What: "network service", Path: "/networkServices", Verbs: ReadOnly,
			Filters: append([]Filter{{Param: "protocol", Fields: []string{"protocol"}, Op: Equal}}, searchByName...),
		},
	}
}

// firewallRules is a rule table: the rules refer to the objects they match
// on, shown as {id, name}; the server stamps who changed a rule and when.
func firewallRules(name, what, path string, filters []Filter) *Resource {
	return &Resource{
		Name: name, What: what, Path: path, Verbs: CRUD, MaxPage: 5000, Filters: filters,
		Refs: append(ruleRefs("labels", "locations", "departments", "groups", "users"),
			Ref{Field: "nwServices", To: "zia/network_services", Keep: idName}),
		Stamps:   map[string]Stamp{"lastModifiedTime": Modified, "lastModifiedBy": Modifier},
		Required: []string{"name", "action"}, Unique: "name",
	}
}
