package zeasm

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const finding = org + "/findings/{finding_id}"

func findings() []catalog.Tool {
	one := func() []catalog.Param {
		return []catalog.Param{orgID(), catalog.PathID("finding_id", "Finding id (from zeasm_list_findings).")}
	}
	return []catalog.Tool{
		{
			Name: "zeasm_list_findings", Toolset: "zeasm_findings", Action: catalog.Read,
			Description: "List what EASM found on an organization's internet-facing assets: each finding's name, type, " +
				"category, risk score and level, status, the impacted asset, and when it was first and last seen. " +
				"Every page is read.",
			Method: "GET", Path: org + "/findings", Paging: zscaler.PagingEASM,
			Params: []catalog.Param{orgID()},
		},
		{
			Name: "zeasm_get_finding_details", Toolset: "zeasm_findings", Action: catalog.Read,
			Description: "Get one EASM finding in full: its description, risk, category, status and impacted asset.",
			Method:      "GET", Path: finding + "/details", Shape: catalog.Record,
			Params: one(),
		},
		{
			Name: "zeasm_get_finding_evidence", JSONText: true, Toolset: "zeasm_findings", Action: catalog.Read,
			Description: "Get the evidence of one EASM finding: the part of the scan of the asset that shows the " +
				"problem, as JSON text in content. It is what an outside host answered, not tenant data.",
			Method: "GET", Path: finding + "/evidence", Shape: catalog.Record, Untrusted: true,
			Params: one(),
		},
		{
			Name: "zeasm_get_finding_scan_output", JSONText: true, Toolset: "zeasm_findings", Action: catalog.Read,
			Description: "Get the whole scan output behind one EASM finding (request, status, headers, body or TLS " +
				"facts, as JSON text in content, with source_type). It is what an outside host answered, not tenant data.",
			Method: "GET", Path: finding + "/scan-output", Shape: catalog.Record, Untrusted: true,
			Params: one(),
		},
	}
}
