package template

import (
	"net/url"
	"strings"
)

// IdP is what the tool knows about an OpenID Connect provider, detected
// from its issuer or discovery URL.
type IdP struct {
	// Name is the provider's name, or "" when the URL matched no known
	// provider.
	Name string
	// ClientClaim is the access-token claim that carries the OAuth client
	// id. AgentCore's allowedClients reads client_id only (Cognito's
	// convention); any other claim is matched with a customClaims rule.
	ClientClaim string
}

// Client-id claim names.
const (
	ClaimClientID = "client_id" // Amazon Cognito
	ClaimAZP      = "azp"       // Auth0, Entra ID v2, Keycloak, Google (RFC 9068 / OIDC "authorized party")
	ClaimCID      = "cid"       // Okta
	ClaimAppID    = "appid"     // Entra ID v1 tokens (issuer sts.windows.net)
)

const wellKnown = "/.well-known/openid-configuration"

// DetectIdP recognises the provider from an issuer or discovery URL. An
// unknown provider gets the client_id claim (the AgentCore default), which
// the caller should report so that the user can override it.
func DetectIdP(rawURL string) IdP {
	u := strings.ToLower(strings.TrimSpace(rawURL))
	host, path := u, ""
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		host, path = p.Hostname(), p.Path
	}
	switch {
	case u == "":
		return IdP{ClientClaim: ClaimClientID}
	case strings.HasPrefix(host, "cognito-idp.") || strings.HasSuffix(host, ".amazoncognito.com"):
		return IdP{Name: "Amazon Cognito", ClientClaim: ClaimClientID}
	case strings.HasSuffix(host, ".auth0.com"):
		return IdP{Name: "Auth0", ClientClaim: ClaimAZP}
	case strings.HasSuffix(host, ".okta.com") || strings.HasSuffix(host, ".oktapreview.com") || strings.HasSuffix(host, ".okta-emea.com") || strings.HasSuffix(host, ".okta-gov.com"):
		return IdP{Name: "Okta", ClientClaim: ClaimCID}
	case host == "sts.windows.net":
		return IdP{Name: "Microsoft Entra ID (v1 tokens)", ClientClaim: ClaimAppID}
	case host == "login.microsoftonline.com" || strings.HasSuffix(host, ".ciamlogin.com"):
		if strings.Contains(path, "/v2.0") || strings.HasSuffix(host, ".ciamlogin.com") {
			return IdP{Name: "Microsoft Entra ID (v2 tokens)", ClientClaim: ClaimAZP}
		}
		return IdP{Name: "Microsoft Entra ID (v1 tokens)", ClientClaim: ClaimAppID}
	case host == "accounts.google.com":
		return IdP{Name: "Google", ClientClaim: ClaimAZP}
	case strings.Contains(path, "/realms/"):
		return IdP{Name: "Keycloak", ClientClaim: ClaimAZP}
	}
	return IdP{ClientClaim: ClaimClientID}
}

// DiscoveryURL is the OIDC discovery document URL of an issuer (kept as is
// when it already is one).
func DiscoveryURL(issuer string) string {
	issuer = strings.TrimSpace(issuer)
	if issuer == "" || strings.HasSuffix(issuer, wellKnown) || strings.Contains(issuer, "/.well-known/") {
		return issuer
	}
	return strings.TrimRight(issuer, "/") + wellKnown
}

// IssuerFromDiscovery is the issuer ("iss" claim) that a discovery URL
// stands for. Providers differ on the trailing slash: Auth0 and Entra v1
// issue "…/", the others do not; the container compares iss exactly.
func IssuerFromDiscovery(discovery string) string {
	d := strings.TrimSpace(discovery)
	if !strings.HasSuffix(d, wellKnown) {
		return ""
	}
	iss := strings.TrimSuffix(d, wellKnown)
	p, err := url.Parse(iss)
	if err != nil {
		return iss
	}
	host := strings.ToLower(p.Hostname())
	switch {
	case strings.HasSuffix(host, ".auth0.com"), host == "sts.windows.net":
		return strings.TrimRight(iss, "/") + "/"
	case host == "login.microsoftonline.com" && !strings.Contains(p.Path, "/v2.0"):
		// The v1 discovery document names sts.windows.net as its issuer.
		tenant := strings.Trim(p.Path, "/")
		if tenant != "" && !strings.Contains(tenant, "/") {
			return "https://sts.windows.net/" + tenant + "/"
		}
	}
	return iss
}

// JWKSURI derives the JSON Web Key Set URL of an issuer for the providers
// whose layout is fixed; "" when it cannot be derived offline.
func JWKSURI(issuer string) string {
	iss := strings.TrimSpace(issuer)
	p, err := url.Parse(iss)
	if err != nil || p.Host == "" || p.Scheme != "https" {
		return ""
	}
	host := strings.ToLower(p.Hostname())
	base := strings.TrimRight(iss, "/")
	path := strings.Trim(p.Path, "/")
	switch {
	case strings.HasPrefix(host, "cognito-idp."):
		return base + "/.well-known/jwks.json"
	case strings.HasSuffix(host, ".auth0.com"):
		return base + "/.well-known/jwks.json"
	case strings.HasSuffix(host, ".okta.com") || strings.HasSuffix(host, ".oktapreview.com") || strings.HasSuffix(host, ".okta-emea.com") || strings.HasSuffix(host, ".okta-gov.com"):
		if strings.HasPrefix(path, "oauth2/") {
			return base + "/v1/keys" // a custom authorization server
		}
		return base + "/oauth2/v1/keys" // the org authorization server
	case host == "sts.windows.net" && path != "":
		return "https://login.microsoftonline.com/" + path + "/discovery/keys"
	case host == "login.microsoftonline.com" && strings.HasSuffix(path, "/v2.0"):
		return "https://login.microsoftonline.com/" + strings.TrimSuffix(path, "/v2.0") + "/discovery/v2.0/keys"
	case host == "accounts.google.com":
		return "https://www.googleapis.com/oauth2/v3/certs"
	case strings.Contains(path, "realms/"):
		return base + "/protocol/openid-connect/certs"
	}
	return ""
}
