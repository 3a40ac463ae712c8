package sandbox

// ziaWebRule is a row of one of ZIA's web policy rule tables (URL filtering,
// SSL inspection, file type control, sandbox, web DLP, cloud app control):
// every one is read whole (the API does not page rules), written whole, named
// uniquely, stamped with who changed it and when, and refers to locations,
// departments, groups, users and labels shown as {id, name}.
func ziaWebRule(name, what, path string) *Resource {
	return &Resource{
		Name: "zia/" + name, What: what, Path: path, Verbs: CRUD, Unpaged: true,
		Refs:     ruleRefs("labels", "locations", "departments", "groups", "users"),
		Stamps:   map[string]Stamp{"lastModifiedTime": Modified, "lastModifiedBy": Modifier},
		Required: []string{"name"}, Unique: "name",
	}
}
