package policy

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// ProductCodes maps the product codes a OneAPI token lists in
// service-info[].prd to services. It is data, and lenient: codes are compared
// upper-cased with separators removed, and several spellings of each product
// are known. The reference server once shipped a map that dropped working
// services (its issue #95); here an unknown code is reported, never guessed.
var ProductCodes = map[string]zscaler.Service{
	"ZIA": zscaler.ZIA, "INTERNETACCESS": zscaler.ZIA,
	"ZPA": zscaler.ZPA, "PRIVATEACCESS": zscaler.ZPA,
	"ZDX": zscaler.ZDX, "DIGITALEXPERIENCE": zscaler.ZDX,
	"ZCC": zscaler.ZCC, "ZAPP": zscaler.ZCC, "CLIENTCONNECTOR": zscaler.ZCC, "MOBILEADMIN": zscaler.ZCC,
	"ZTW": zscaler.ZTW, "CLOUDCONNECTOR": zscaler.ZTW, "BRANCHCONNECTOR": zscaler.ZTW, "ZCBC": zscaler.ZTW, "ZTC": zscaler.ZTW,
	"ZID": zscaler.ZID, "ZIDENTITY": zscaler.ZID, "IDENTITY": zscaler.ZID, "ZIAM": zscaler.ZID,
	"ZEASM": zscaler.EASM, "EASM": zscaler.EASM,
	"ZINS": zscaler.ZINS, "ZINSIGHTS": zscaler.ZINS, "INSIGHTS": zscaler.ZINS,
	"ZMS": zscaler.ZMS, "MICROSEGMENTATION": zscaler.ZMS,
	"ZCELL": zscaler.ZCELL, "ZCELLULAR": zscaler.ZCELL, "CELLULAR": zscaler.ZCELL,
}

// Entitlement is what a token says about the tenant's products.
type Entitlement struct {
	Services []zscaler.Service // recognised, sorted, without duplicates
	Codes    []string          // every code seen, as sent
	Unknown  []string          // codes no entry of ProductCodes matches
}

// ReadEntitlement decodes a OneAPI access token's payload (without verifying
// it: the token came straight from ZIdentity over TLS, and the filter can
// only remove tools, never add any) and reads service-info[].prd.
func ReadEntitlement(token string) (*Entitlement, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("the access token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, errors.New("the access token's payload is not base64url")
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, errors.New("the access token's payload is not a JSON object")
	}
	raw, ok := claims["service-info"]
	if !ok {
		raw, ok = claims["serviceInfo"]
	}
	if !ok {
		return nil, errors.New("the access token carries no service-info claim")
	}
	var infos []struct {
		Prd string `json:"prd"`
	}
	if err := json.Unmarshal(raw, &infos); err != nil {
		return nil, errors.New("the token's service-info claim is not a list of objects")
	}
	e := &Entitlement{}
	seen := map[zscaler.Service]bool{}
	for _, info := range infos {
		if info.Prd == "" {
			continue
		}
		e.Codes = append(e.Codes, info.Prd)
		svc, ok := ProductCodes[normalize(info.Prd)]
		if !ok {
			e.Unknown = append(e.Unknown, info.Prd)
			continue
		}
		if !seen[svc] {
			seen[svc] = true
			e.Services = append(e.Services, svc)
		}
	}
	sort.Slice(e.Services, func(i, j int) bool { return e.Services[i] < e.Services[j] })
	if len(e.Services) == 0 {
		return e, errors.New("the token's service-info names no product this server knows")
	}
	return e, nil
}

func normalize(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// GetUnknown is Unknown, safe on a nil Entitlement.
func (e *Entitlement) GetUnknown() []string {
	if e == nil {
		return nil
	}
	return e.Unknown
}
