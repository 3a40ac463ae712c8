package zpa

import (
	"strings"
	"testing"
)

// A credential that lacks what its type needs is refused naming the
// parameters, and nothing is sent; a secret given never appears in the error.
func TestCredentialNeedsItsSecret(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{`{"name":"a","credential_type":"USERNAME_PASSWORD","username":"u"}`, "credential_type USERNAME_PASSWORD needs password"},
		{`{"name":"a","credential_type":"SSH_KEY","password":"s3cret-value"}`, "credential_type SSH_KEY needs username and private_key"},
		{`{"name":"a","credential_type":"PASSWORD","username":"u"}`, "credential_type PASSWORD needs password"},
		{`{"name":"a","credential_type":"TOKEN","password":"s3cret-value"}`, "credential_type: must be one of USERNAME_PASSWORD, SSH_KEY, PASSWORD"},
	} {
		res, api := run(t, "zpa_create_pra_credential", c.args, `{}`)
		if !strings.Contains(res.Error, c.want) || strings.Contains(res.Error, "s3cret") {
			t.Errorf("%s: error %q, want it to say %q and no secret", c.args, res.Error, c.want)
		}
		if len(api.sent) != 0 {
			t.Errorf("%s: sent %d requests", c.args, len(api.sent))
		}
	}
}

// The secrets go in the body under the API's names; the answer, which has
// none, is the result.
func TestCredentialBody(t *testing.T) {
	res, api := run(t, "zpa_create_pra_credential", `{"name":"Jump","credential_type":"SSH_KEY","username":"ops",
		"private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----","user_domain":"northwind.example.com"}`,
		`{"id":"77","name":"Jump","userName":"ops","credentialType":"SSH_KEY","lastCredentialResetTime":"1700000000"}`)
	if res.Error != "" || len(api.sent) != 1 {
		t.Fatalf("error %q, %d requests", res.Error, len(api.sent))
	}
	body := bodyJSON(t, api.sent[0])
	want := map[string]string{"name": "Jump", "credentialType": "SSH_KEY", "userName": "ops", "userDomain": "northwind.example.com",
		"privateKey": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body %s = %v, want %q", k, body[k], v)
		}
	}
	if _, sent := body["password"]; sent {
		t.Errorf("a password was sent though none was given: %v", body)
	}
	if got := string(res.Structured()); !strings.Contains(got, `"id":"77"`) || strings.Contains(got, "PRIVATE KEY") {
		t.Errorf("result %s", got)
	}
}
