package zia

import (
	"slices"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func cloudFirewall() []catalog.Tool {
	return slices.Concat(
		ruleFamily{
			what: "cloud firewall rule", name: "cloud_firewall_rule", path: api + "/firewallFilteringRules",
			actions: "ALLOW, BLOCK_DROP, BLOCK_RESET, BLOCK_ICMP or EVAL_NWAPP",
			about:   "action, state, sources, destinations, network services and applications, locations, users, labels.",
			example: map[string]any{"name": "Catalogue Test Firewall Rule", "action": "BLOCK_DROP", "order": 3,
				"advanced": map[string]any{"destAddresses": []string{"198.51.100.0/24"}, "nw_services": `["7740011"]`, "labels": []string{"2210003"}}},
		}.tools(),
		ruleFamily{
			what: "cloud firewall DNS rule", name: "cloud_firewall_dns_rule", path: api + "/firewallDnsRules",
			actions: "ALLOW, BLOCK, REDIR_REQ, REDIR_RES, REDIR_ZPA, REDIR_REQ_DOH, REDIR_REQ_KEEP_SENDER, REDIR_REQ_TCP, REDIR_REQ_UDP or BLOCK_WITH_RESPONSE",
			about:   "action (allow, block, redirect), protocols, requested and resolved categories, DNS tunnels and applications, redirect targets.",
			example: map[string]any{"name": "Catalogue Test DNS Rule", "action": "REDIR_REQ",
				"advanced": map[string]any{"redirectIp": "10.10.0.53", "protocols": []string{"ANY_RULE"}, "destCountries": `["COUNTRY_KP"]`}},
		}.tools(),
		ruleFamily{
			what: "cloud firewall IPS rule", name: "cloud_firewall_ips_rule", path: api + "/firewallIpsRules",
			actions: "ALLOW, BLOCK_DROP, BLOCK_RESET or BYPASS_IPS",
			about:   "action, threat categories, sources and destinations, network services, locations and users.",
			example: map[string]any{"name": "Catalogue Test IPS Rule", "action": "BLOCK_DROP", "enabled": false,
				"advanced": map[string]any{"threatCategories": []map[string]any{{"id": 66}}, "srcIps": "[\"172.16.100.0/22\"]"}},
		}.tools(),
		firewallObjects(),
	)
}
