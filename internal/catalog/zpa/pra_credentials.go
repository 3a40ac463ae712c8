package zpa

import (
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// credentialTypes are ZPA's privileged credential types and the secret
// (besides userName) each needs: an RDP/SSH/VNC login, an SSH key, or a
// VNC password alone.
var credentialTypes = map[string][]string{
	"USERNAME_PASSWORD": {"userName", "password"},
	"SSH_KEY":           {"userName", "privateKey"},
	"PASSWORD":          {"password"},
}

// credentialParams are the fields of a PRA credential. The secrets are
// write-only: ZPA stores them for the consoles and never returns them, and
// the audit log redacts password and private_key.
func credentialParams(verb string) []catalog.Param {
	return []catalog.Param{
		catalog.Str("credential_type", "Kind of credential: USERNAME_PASSWORD (RDP, SSH or VNC login), SSH_KEY (SSH user and "+
			"private key) or PASSWORD (VNC password only).").OneOf("USERNAME_PASSWORD", "SSH_KEY", "PASSWORD").Req().Body("credentialType"),
		catalog.Str("username", verb+" user name the console logs in with (USERNAME_PASSWORD, SSH_KEY).").Body("userName"),
		catalog.Str("password", verb+" password (USERNAME_PASSWORD, PASSWORD). Write-only: never shown again.").Body("password"),
		catalog.Str("private_key", verb+" SSH private key in PEM form (SSH_KEY). Write-only: never shown again.").Body("privateKey"),
		catalog.Str("description", verb+" description.").Body("description"),
		catalog.Str("user_domain", verb+" domain of the user name, e.g. \"northwind.example.com\" for RDP logins.").Body("userDomain"),
		microtenant(),
	}
}

func praCredentials() []catalog.Tool {
	id := id("credential_id", "PRA credential")
	const toolset = "zpa_pra"
	item := mgmt + "/credential/{credential_id}"
	return []catalog.Tool{
		{
			Name: "zpa_list_pra_credentials", Toolset: toolset, Action: catalog.Read,
			Description: "List ZPA Privileged Remote Access (PRA) credentials: the logins PRA consoles use on the user's " +
				"behalf, with name, type, user name and domain and when the secret was last set. Passwords and keys are " +
				"never returned.",
			Method: "GET", Path: mgmt + "/credential",
			Params: listParams("credential"),
		},
		{
			Name: "zpa_get_pra_credential", Toolset: toolset, Action: catalog.Read,
			Description: "Get one ZPA PRA credential by id: type, user name and domain, last reset time; never its secret.",
			Method:      "GET", Path: item, Shape: catalog.Record,
			Params: []catalog.Param{id, microtenant()},
		},
		{
			Name: "zpa_create_pra_credential", Toolset: toolset, Action: catalog.Create,
			Description: "Create a ZPA PRA credential that privileged consoles log in with, so users never see it. " +
				"USERNAME_PASSWORD needs username and password, SSH_KEY username and private_key, PASSWORD a password; " +
				"nothing is sent without them. The secret is stored by ZPA and never returned. Returns the new credential.",
			Method: "POST", Path: mgmt + "/credential", Shape: catalog.Record,
			Params:   append([]catalog.Param{catalog.Str("name", "Credential name.").Req().Body("name")}, credentialParams("The")...),
			Complete: credentialNeeds,
			Example: map[string]any{"name": "Catalogue Test Credential", "credential_type": "USERNAME_PASSWORD",
				"username": "pra-svc", "password": "Catalogue-Test-Only-1", "user_domain": "northwind.example.com"},
		},
		{
			Name: "zpa_update_pra_credential", Toolset: toolset, Action: catalog.Update,
			Description: "Update a ZPA PRA credential. Only the fields given change; the others keep their current values, " +
				"and the stored secret stays unless a new password or private_key is given. Returns the credential after the change.",
			Method: "PUT", Path: item, Shape: catalog.Record, Merge: item, Refetch: item,
			Params:  append([]catalog.Param{id, catalog.Str("name", "New name.").Body("name")}, credentialParams("New")...),
			Example: map[string]any{"credential_type": "USERNAME_PASSWORD", "description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_pra_credential", Toolset: toolset, Action: catalog.Delete,
			Description: "Delete a ZPA PRA credential. Destructive and immediate; confirmation required: the user must " +
				"confirm before anything is deleted. Consoles and policies that log in with it stop working.",
			Method: "DELETE", Path: item, Shape: catalog.Done,
			Params: []catalog.Param{id, microtenant()},
		},
	}
}

// credentialNeeds refuses, before anything is sent, a create that lacks
// what its credential type needs. The error names parameters, never a value.
func credentialNeeds(_ catalog.Args, body map[string]any) error {
	params := map[string]string{"userName": "username", "password": "password", "privateKey": "private_key"}
	typ, _ := body["credentialType"].(string)
	var missing []string
	for _, field := range credentialTypes[typ] {
		if s, _ := body[field].(string); strings.TrimSpace(s) == "" {
			missing = append(missing, params[field])
		}
	}
	if len(missing) > 0 {
		return &catalog.ArgError{Problems: []string{fmt.Sprintf("credential_type %s needs %s", typ, strings.Join(missing, " and "))}}
	}
	return nil
}
