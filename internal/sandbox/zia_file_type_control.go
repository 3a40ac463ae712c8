package sandbox

func ziaFileTypeControl() []*Resource {
	return []*Resource{
		ziaWebRule("file_type_rules", "file type control rule", "/fileTypeRules"),
		{Name: "zia/file_type_categories", What: "file type", Path: "/fileTypeCategories", Verbs: List, Unpaged: true},
	}
}
