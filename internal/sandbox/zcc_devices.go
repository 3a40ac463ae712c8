package sandbox

import "net/http"

// zccDevices are what ZCC keeps per device beyond its listing: the one-time
// passwords /getOtp hands out for a udid, as one object.
func zccDevices() []*Resource {
	return []*Resource{
		{
			Name: "zcc/otps", What: "device", ID: "udid",
			Routes: map[string]handler{"GET /getOtp": getByQuery("udid")},
			Refs:   []Ref{{Field: "udid", To: "zcc/devices", By: "udid"}},
		},
	}
}

// getByQuery answers the one record whose id a query parameter names.
func getByQuery(param string) handler {
	return func(c *call) reply {
		id := c.q(param)
		if id == "" {
			return c.fail(badParam, param, id)
		}
		rec := c.s.store(c.res.Name).get(id)
		if rec == nil {
			return c.fail(notFound, id)
		}
		return jsonReply(http.StatusOK, public(c.view(c.res, rec, false)))
	}
}
