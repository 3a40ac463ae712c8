package sandbox

func ziaURLFiltering() []*Resource {
	return []*Resource{ziaWebRule("url_filtering_rules", "URL filtering rule", "/urlFilteringRules")}
}
