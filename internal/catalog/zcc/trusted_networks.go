package zcc

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func trustedNetworks() []catalog.Tool {
	return []catalog.Tool{
		companyList("zcc_list_trusted_networks", "zcc_trusted_networks",
			"List the trusted networks Client Connector recognises (the networkName, and the DNS servers, "+
				"search domains, hostnames, subnets, gateways or DHCP servers that identify it, with whether "+
				"it is active). Forwarding profiles refer to them to decide how traffic leaves a device.",
			"/webTrustedNetwork/listByCompany", "trustedNetworkContracts",
			"Only networks whose name contains this text."),
	}
}
