package sandbox

// services are the conventions the tenant speaks, each with its resources.
// They are built per tenant, so that no tenant shares a row with another.
func services() []*service {
	return []*service{ziaService(), zpaService(), zdxService(), zccService()}
}
