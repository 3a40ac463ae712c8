package catalog

import (
	"fmt"
	"strings"
)

// DestinationTypes are what an IP destination group holds, in ZIA and in
// ZTW (Cloud Connector) alike: IPs, FQDNs, wildcard domains, or countries
// and IP categories (DSTN_OTHER).
var DestinationTypes = []string{"DSTN_IP", "DSTN_FQDN", "DSTN_DOMAIN", "DSTN_OTHER"}

// CountryCodes writes countries as the ZIA and ZTW APIs name them,
// COUNTRY_XX, from ISO codes given with or without the prefix, in any case.
// What is not a two-letter code is refused, named.
func CountryCodes(in []string) ([]string, error) {
	out := make([]string, len(in))
	for i, c := range in {
		code := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c)), "COUNTRY_")
		if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
			return nil, fmt.Errorf("%q is not a two-letter ISO country code (such as US) or COUNTRY_XX", c)
		}
		out[i] = "COUNTRY_" + code
	}
	return out, nil
}
