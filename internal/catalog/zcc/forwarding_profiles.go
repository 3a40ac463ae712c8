package zcc

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func forwardingProfiles() []catalog.Tool {
	return []catalog.Tool{
		companyList("zcc_list_forwarding_profiles", "zcc_forwarding_profiles",
			"List the Client Connector forwarding profiles of the company: for each, how traffic is forwarded "+
				"(tunnel, PAC, direct) on each network type (trusted, off-trusted, VPN), the trusted-network "+
				"conditions that select it, and its ZPA settings. Records are returned as the API sends them.",
			"/webForwardingProfile/listByCompany", "",
			"Only profiles whose name contains this text."),
	}
}
