package sandbox

func ziaSandbox() []*Resource {
	return []*Resource{ziaWebRule("sandbox_rules", "sandbox rule", "/sandboxRules")}
}
