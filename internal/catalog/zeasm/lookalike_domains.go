package zeasm

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func lookalikeDomains() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zeasm_list_lookalike_domains", Toolset: "zeasm_lookalike_domains", Action: catalog.Read,
			Description: "List the domains EASM found imitating an organization's own (typosquats, homoglyphs, other " +
				"TLDs): how each deceives, whether and by whom it is registered, registrar, risk and status. " +
				"Registration data is written by outsiders. Every page is read.",
			Method: "GET", Path: org + "/lookalike-domains", Paging: zscaler.PagingEASM, Untrusted: true,
			Params: []catalog.Param{orgID()},
		},
		{
			Name: "zeasm_get_lookalike_domain", Toolset: "zeasm_lookalike_domains", Action: catalog.Read,
			Description: "Get one lookalike domain of an organization by the domain name itself: deception methods, " +
				"registration, registrar, risk, status and the suggested remediation. Registration data is written by outsiders.",
			Method: "GET", Path: org + "/lookalike-domains/{lookalike_raw}/details", Shape: catalog.Record, Untrusted: true,
			Params: []catalog.Param{orgID(), catalog.PathID("lookalike_raw", "The lookalike domain name, e.g. northwlnd.example.com.")},
		},
	}
}
