package sandbox

import "strings"

// zpaPRA is Privileged Remote Access: portals (each on a domain, with a
// certificate) and the issued certificates they present.
func zpaPRA() []*Resource {
	const mgmtV2 = "/zpa/mgmtconfig/v2/admin/customers/{cid}"
	return []*Resource{
		{
			Name: "zpa/pra_portals", What: "PRA portal", Path: "/praPortal", Verbs: CRUD,
			Refs:   []Ref{{Field: "certificateId", To: "zpa/issued_certificates", Name: "certificateName"}},
			Stamps: zpaStamps, Required: []string{"name", "domain"}, Unique: "name",
			Derived: []string{"cName"},
			// The CNAME to publish: <portal id>.<customer id>.pra.p.<ZPA's app
			// domain>, zpa-app.net in production and a reserved name here.
			Render: func(c *call, p *record) {
				p.set("cName", strings.Join([]string{p.text("id"), c.t.opts.CustomerID, "pra.p.zpa-app.example.net"}, "."))
			},
		},
		// Shared with the BA certificate tools (cat14), which own the row; this
		// one only serves what PRA portals look up.
		{Name: "zpa/issued_certificates", What: "certificate",
			Routes: map[string]handler{"GET " + mgmtV2 + "/clientlessCertificate/issued": listRecords}},
	}
}
