package sandbox

import "net/http"

func ziaWebDLP() []*Resource {
	rules := ziaWebRule("web_dlp_rules", "web DLP rule", "/webDlpRules")
	rules.Routes = map[string]handler{"GET /webDlpRules/lite": webDLPLite}
	return []*Resource{rules}
}

// webDLPLite is the rules' short form: ZIA leaves out the table position,
// the action and the references.
func webDLPLite(c *call) reply {
	items, bad := c.list(c.res)
	if bad != nil {
		return *bad
	}
	out := make([]*record, len(items))
	for i, rec := range items {
		lite := public(rec).clone()
		for _, k := range []string{"order", "rank", "action", "protocols", "lastModifiedTime", "lastModifiedBy",
			"labels", "locations", "departments", "groups", "users"} {
			lite.del(k)
		}
		out[i] = lite
	}
	return jsonReply(http.StatusOK, out)
}
