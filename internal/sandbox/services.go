package sandbox

// services are the conventions the tenant speaks; their resources are the
// rows of rows/<service>/<family>.json. They are built per tenant, so that no tenant
// shares a row with another.
func services() []*service {
	out := []*service{ziaService(), zpaService(), zdxService(), zccService(), ztwService(), zidService(),
		easmService(), zcellService(), zmsService(), zinsService()}
	for _, svc := range out {
		svc.resources = loadRows(svc)
	}
	return out
}

// handlers are the behaviours beyond storage that rows' Routes name.
var handlers = map[string]handler{
	"ziaURLLookup":  urlLookup,
	"ziaCloudApps":  cloudApps,
	"ziaWebDLPLite": webDLPLite,
	"ziaListEdit":   listEdit,
	"zccGetByQuery": getByQuery, // also ZPA's LSS log formats by ?logType=
	"zcellSIM":      zcellSIM,
	"graphQL":       graphQL,
	"list":          listRecords, // a second list path of a row's records (ZTW's /lite)
	// The activation of services that stage changes, answered in the service's words.
	"status": func(c *call) reply { return c.svc.status(c.s.pending[c.svc.name], false) },
	"activate": func(c *call) reply {
		c.s.pending[c.svc.name] = false
		return c.svc.status(false, true)
	},
	"zpaBulkDelete": zpaBulkDelete,
	"zpaPolicyRules": func(c *call) reply { // ZPA's rules of the policy set of the path's type, as that set lists them
		if set := c.s.store("zpa/policy_sets").get(c.r.PathValue("type")); set != nil {
			c.r.SetPathValue("sid", set.text("id"))
		}
		return listRecords(c)
	},
	// ZIA's sandbox report by MD5, at the details level asked; cloud app control's actions per rule type.
	"ziaSandboxReport":   sandboxReport,
	"ziaCloudAppActions": cloudAppActions,
}

// renderers compute members on every read that declarations cannot express.
var renderers = map[string]func(*call, *record){
	"zdxAppUsers": zdxAppUsers, "zdxProgress": zdxProgress,
	"zpaPortRanges": func(_ *call, a *record) {
		portPairs(a, "tcpPortRanges", "tcpPortRange")
		portPairs(a, "udpPortRanges", "udpPortRange")
	},
	"zpaPolicyRule": zpaPolicyRule,
	"zpaGlobal":     func(_ *call, r *record) { r.del("microtenantName") },                                          // records outside the microtenants (posture, CBI, LSS)
	"zpaPRACName":   func(c *call, p *record) { p.set("cName", p.text("id")+"."+c.t.opts.CustomerID+zpaPRADomain) }, // the CNAME to publish
}
