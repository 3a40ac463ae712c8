package zins

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func firewall() []catalog.Tool {
	row := func(name, op, field, desc, what string) catalog.Tool {
		return catalog.Tool{
			Name: name, Toolset: "zins_firewall", Action: catalog.Read,
			Description: desc + windowNote,
			Handler:     report{op: op, at: []string{"ZERO_TRUST_FIREWALL", field}}.handler(),
			Params:      append(windowParams(9), limit(what)),
		}
	}
	return []catalog.Tool{
		row("zins_get_firewall_by_action", "FirewallByAction", "action",
			"Split the Zero Trust Firewall's traffic by the action taken (allowed, blocked, ...) from Z-Insights: one "+
				"entry per action with its total.", "actions"),
		row("zins_get_firewall_by_location", "FirewallByLocation", "location_firewall",
			"Rank the locations by Zero Trust Firewall traffic from Z-Insights: one entry per location with its id, "+
				"name and total.", "locations"),
		row("zins_get_firewall_network_services", "FirewallNetworkServices", "network_service",
			"Break the Zero Trust Firewall's traffic down by network service (protocol and port, e.g. DNS, SSH) from "+
				"Z-Insights: one entry per service with its total.", "services"),
	}
}
