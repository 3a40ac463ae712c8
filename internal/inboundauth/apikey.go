package inboundauth

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// authAPIKey: "Authorization: Bearer <key>" or "X-Api-Key: <key>". When an Authorization header
// is present it alone decides (a wrong Bearer with a right X-Api-Key is refused, and a scheme
// other than Bearer is refused).
func (a *Authenticator) authAPIKey(r *http.Request) (*Identity, *failure) {
	var presented string
	if v, ok, multi := singleHeader(r, headerAuthorization); ok {
		if multi {
			return nil, unauthorized("multiple Authorization headers")
		}
		scheme, cred := splitAuthorization(v)
		if !strings.EqualFold(scheme, "Bearer") || cred == "" {
			return nil, unauthorized("Expected: Authorization: Bearer <api-key>")
		}
		presented = cred
	} else if v, ok, multi := singleHeader(r, headerAPIKey); ok {
		if multi {
			return nil, unauthorized("multiple X-Api-Key headers")
		}
		presented = strings.TrimSpace(v)
		if presented == "" {
			return nil, unauthorized("empty X-Api-Key header")
		}
	} else {
		return nil, unauthorized("API key required (Authorization: Bearer <api-key> or X-Api-Key: <api-key>)")
	}
	if len(presented) > maxCredentialLen {
		return nil, unauthorized("Invalid API key")
	}
	// Comparing digests keeps the comparison constant-time whatever the lengths.
	got := sha256.Sum256([]byte(presented))
	if subtle.ConstantTimeCompare(got[:], a.keyDigest[:]) != 1 {
		return nil, unauthorized("Invalid API key")
	}
	return &Identity{Subject: a.keySubject, ClientID: a.keySubject}, nil
}
