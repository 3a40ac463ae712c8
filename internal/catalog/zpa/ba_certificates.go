package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func baCertificates() []catalog.Tool {
	cid := id("certificate_id", "Browser access certificate")
	return []catalog.Tool{
		{
			Name: "zpa_list_ba_certificates", Toolset: "zpa_ba_certificates", Action: catalog.Read,
			Description: "List the ZPA certificates issued for browser access and PRA portals: name, subject, SANs, " +
				"issuer, validity and the public certificate (never a private key). Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/clientlessCertificate/issued",
			Params: listParams("certificate"),
		},
		{
			Name: "zpa_get_ba_certificate", Toolset: "zpa_ba_certificates", Action: catalog.Read,
			Description: "Get one ZPA browser access certificate by id: subject, SANs, issuer, validity and the public certificate.",
			Method:      "GET", Path: mgmt + "/certificate/{certificate_id}", Shape: catalog.Record,
			Params: []catalog.Param{cid, microtenant()},
		},
		{
			Name: "zpa_create_ba_certificate", Toolset: "zpa_ba_certificates", Action: catalog.Create,
			Description: "Upload a certificate for ZPA browser access or PRA portals: cert_blob is the PEM text of the " +
				"certificate and its private key (and chain). ZPA reads the subject, SANs and validity from it and never " +
				"returns the private key; it is not logged here either. Returns the record as created.",
			Method: "POST", Path: mgmt + "/certificate", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Certificate name.").Req().Body("name"),
				catalog.Str("cert_blob", "PEM text: the certificate, then its private key (and any chain), "+
					"\"-----BEGIN CERTIFICATE-----...\". Write-only.").Req().Body("certBlob"),
				microtenant(),
			},
			Example: map[string]any{"name": "catalogue-test.northwind.example.com",
				"cert_blob": "-----BEGIN CERTIFICATE-----\nQ0FUQUxPR1VFIFRFU1Q=\n-----END CERTIFICATE-----\n"},
		},
		{
			Name: "zpa_delete_ba_certificate", Toolset: "zpa_ba_certificates", Action: catalog.Delete,
			Description: "Delete a ZPA browser access certificate. Destructive and immediate; confirmation required: the " +
				"user must confirm before anything is deleted. A refusal (a certificate still in use) comes back with ZPA's own message.",
			Method: "DELETE", Path: mgmt + "/certificate/{certificate_id}", Shape: catalog.Done,
			Params: []catalog.Param{cid, microtenant()},
		},
	}
}
