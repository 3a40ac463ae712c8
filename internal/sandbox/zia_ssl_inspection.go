package sandbox

func ziaSSLInspection() []*Resource {
	return []*Resource{ziaWebRule("ssl_inspection_rules", "SSL inspection rule", "/sslInspectionRules")}
}
