package sandbox

// zccForwardingProfiles are the company's forwarding profiles: a bare
// array, paged, searched by name.
func zccForwardingProfiles() []*Resource {
	return []*Resource{
		{
			Name: "zcc/forwarding_profiles", What: "forwarding profile", Path: "/webForwardingProfile/listByCompany", Verbs: List,
			Filters: []Filter{{Param: "search", Fields: []string{"name"}}},
		},
	}
}
