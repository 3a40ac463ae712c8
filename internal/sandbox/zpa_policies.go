package sandbox

import (
	"net/http"
	"strconv"
)

// zpaPolicies is ZPA's policy sets, one per policy type, and their rules.
// A rule belongs to one set; the API numbers the rules of a set 1, 2, ... in
// evaluation order, a new rule going last and a deleted one closing its gap,
// which is the order the rules are stored in here.
func zpaPolicies() []*Resource {
	const mgmtV2 = "/zpa/mgmtconfig/v2/admin/customers/{cid}"
	return []*Resource{
		{
			// The API finds a set by its policy type; the seed keeps the type's
			// name in _type (the record shows only its number).
			Name: "zpa/policy_sets", What: "policy set",
			Routes: map[string]handler{"GET /policySet/policyType/{type}": func(c *call) reply {
				set := policySetOfType(c, c.r.PathValue("type"))
				if set == nil {
					return c.fail(badParam, "policyType", c.r.PathValue("type"))
				}
				return jsonReply(http.StatusOK, public(c.view(c.res, set, false)))
			}},
		},
		{
			Name: "zpa/policy_rules", What: "policy rule",
			Item: "/policySet/{sid}/rule/{id}", Also: []string{mgmtV2 + "/policySet/{sid}/rule/{id}"},
			Verbs: Get | Update | Delete,
			Scope: map[string]string{"sid": "_policySetId"},
			Routes: map[string]handler{"POST " + mgmtV2 + "/policySet/{sid}/rule": writeRecord, "GET /policySet/rules/policyType/{type}": func(c *call) reply {
				set := policySetOfType(c, c.r.PathValue("type"))
				if set == nil {
					return c.fail(badParam, "policyType", c.r.PathValue("type"))
				}
				keep, bad := c.matcher(c.res)
				if bad != nil {
					return *bad
				}
				var out []*record
				for _, rec := range c.s.store(c.res.Name).items {
					if rec.text("_policySetId") != set.text("id") {
						continue
					}
					if v := c.view(c.res, rec, false); keep(v) {
						out = append(out, v)
					}
				}
				return c.svc.page(c, out)
			}},
			Stamps: zpaStamps, Required: []string{"name", "action"},
			Derived: []string{"ruleOrder", "policyType", "policySetId"},
			Render: func(c *call, r *record) {
				set := r.text("_policySetId")
				order := 0
				for _, other := range c.s.store("zpa/policy_rules").items {
					if other.text("_policySetId") == set {
						order++
					}
					if other.text("id") == r.text("id") {
						break
					}
				}
				r.set("ruleOrder", strconv.Itoa(order))
				if s := c.s.store("zpa/policy_sets").get(set); s != nil {
					r.set("policyType", s.raw("policyType"))
				}
				r.set("policySetId", set)
			},
		},
	}
}

func policySetOfType(c *call, typ string) *record {
	for _, set := range c.s.store("zpa/policy_sets").items {
		if set.text("_type") == typ {
			return set
		}
	}
	return nil
}
