package zscaler

import "strings"

// normalizeCloud folds the cloud names the SDKs accept onto one spelling:
// "" and "production" (any case) are the same cloud.
func normalizeCloud(cloud string) string {
	c := strings.ToLower(strings.TrimSpace(cloud))
	if c == "production" {
		return ""
	}
	return c
}

// GatewayURL returns the OneAPI gateway base URL for a cloud
// (zscaler-api.md §2.1): production → api.zsapi.net, gov and govus have
// their own domains, any other name X → api.X.zsapi.net.
func GatewayURL(cloud string) string {
	switch c := normalizeCloud(cloud); c {
	case "":
		return "https://api.zsapi.net"
	case "gov":
		return "https://api.zscalergov.net"
	case "govus":
		return "https://api.zscalergov.us"
	default:
		return "https://api." + c + ".zsapi.net"
	}
}

// TokenEndpoint returns the ZIdentity token URL for a tenant's vanity domain
// on a cloud (zscaler-api.md §1.1).
func TokenEndpoint(cloud, vanity string) string {
	v := strings.ToLower(strings.TrimSpace(vanity))
	var host string
	switch c := normalizeCloud(cloud); c {
	case "":
		host = v + ".zslogin.net"
	case "gov":
		host = v + ".zidentitygov.net"
	case "govus":
		host = v + ".zidentitygov.us"
	default:
		host = v + ".zslogin" + c + ".net"
	}
	return "https://" + host + "/oauth2/v1/token"
}

// validHostLabel reports whether s can be spliced into a host name; cloud
// and vanity values end up there, so anything else would silently build a
// URL pointing somewhere unintended.
func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
