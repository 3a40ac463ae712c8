package zpa

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// issuedCertificates is where ZPA keeps the certificates a browser-access or
// PRA portal can present.
const issuedCertificates = mgmtV2 + "/clientlessCertificate/issued"

func praPortals() []catalog.Tool {
	id := id("portal_id", "PRA portal")
	const toolset = "zpa_pra"
	return []catalog.Tool{
		{
			Name: "zpa_list_pra_portals", Toolset: toolset, Action: catalog.Read,
			Description: "List ZPA Privileged Remote Access (PRA) portals: the web portals through which users reach " +
				"privileged consoles (RDP, SSH, VNC) in the browser, with domain, certificate, CNAME and user notification.",
			Method: "GET", Path: mgmt + "/praPortal",
			Params: listParams("PRA portal"),
		},
		{
			Name: "zpa_get_pra_portal", Toolset: toolset, Action: catalog.Read,
			Description: "Get one ZPA PRA portal by id, with its domain, certificate and the CNAME to publish in DNS.",
			Method:      "GET", Path: mgmt + "/praPortal/{portal_id}", Shape: catalog.Record,
			Params: []catalog.Param{id, microtenant()},
		},
		{
			Name: "zpa_create_pra_portal", Toolset: toolset, Action: catalog.Create,
			Description: "Create a ZPA PRA portal on a domain. It needs a certificate for that domain: pass certificate_id " +
				"(see zpa_list_ba_certificates), or omit it and the issued certificate whose name equals the portal's " +
				"name is used; with no such certificate nothing is created. Takes effect at once; returns the new portal. " +
				"Publish the portal's cName in DNS for users to reach it.",
			Method: "POST", Path: mgmt + "/praPortal", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Portal name.").Req().Body("name"),
				catalog.Str("domain", "The portal's domain, e.g. \"pra.northwind.example\".").Req().Body("domain"),
				catalog.Str("certificate_id", "Id of the issued certificate for the domain; omitted, the certificate named like the portal.").Body("certificateId"),
				catalog.Str("description", "Description.").Body("description"),
				catalog.Bool("enabled", "Whether the portal is enabled.").Def(true).Body("enabled"),
				catalog.Str("user_notification", "Message shown to users on the portal.").Body("userNotification"),
				catalog.Bool("user_notification_enabled", "Whether the message is shown.").Body("userNotificationEnabled"),
				microtenant(),
			},
			Handler: createPortal,
			Example: map[string]any{"name": "Catalogue Test Portal", "domain": "catalogue-test.northwind.example.com",
				"certificate_id": "734512908613500101", "user_notification": "Made by the catalogue-wide test"},
		},
		{
			Name: "zpa_update_pra_portal", Toolset: toolset, Action: catalog.Update,
			Description: "Update a ZPA PRA portal. Only the fields given change; the others keep their current values. " +
				"Returns the portal as it is after the change.",
			Method: "PUT", Path: mgmt + "/praPortal/{portal_id}", Shape: catalog.Record,
			Merge: mgmt + "/praPortal/{portal_id}", Refetch: mgmt + "/praPortal/{portal_id}",
			Params: []catalog.Param{
				id,
				catalog.Str("name", "New name.").Body("name"),
				catalog.Str("domain", "New domain.").Body("domain"),
				catalog.Str("certificate_id", "Id of the issued certificate to present.").Body("certificateId"),
				catalog.Str("description", "New description.").Body("description"),
				catalog.Bool("enabled", "Enable or disable the portal.").Body("enabled"),
				catalog.Str("user_notification", "New message shown to users.").Body("userNotification"),
				catalog.Bool("user_notification_enabled", "Show the message or not.").Body("userNotificationEnabled"),
				microtenant(),
			},
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_pra_portal", Toolset: toolset, Action: catalog.Delete,
			Description: "Delete a ZPA PRA portal. Destructive and immediate; confirmation required: the user must " +
				"confirm before anything is deleted. Users lose browser access to the consoles behind it.",
			Method: "DELETE", Path: mgmt + "/praPortal/{portal_id}", Shape: catalog.Done,
			Params: []catalog.Param{id, microtenant()},
		},
	}
}

// createPortal fills in the certificate the reference picks when none is
// given: the issued certificate named like the portal. Several or none is
// an error naming certificate_id, and nothing is created.
func createPortal(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, given := c.Args["certificate_id"]; !given {
		name := c.Args["name"].(string)
		found, err := certificateNamed(ctx, c, name)
		if err != nil {
			return nil, err
		}
		c.Args["certificate_id"] = found
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
}

// recordIDs reads every page of a tenant's ZPA collection and returns the
// ids of the records whose member is value (case ignored).
func recordIDs(ctx context.Context, c *catalog.Call, path string, query map[string][]string, member, value string) ([]string, error) {
	if c.Exec.CustomerID == "" {
		return nil, &catalog.MissingCustomerIDError{Service: zscaler.ZPA}
	}
	path = strings.ReplaceAll(path, "{customerId}", url.PathEscape(c.Exec.CustomerID))
	lr, err := c.Exec.API.List(ctx, &zscaler.Request{Service: zscaler.ZPA, Method: "GET", Path: path, Query: query},
		zscaler.ListOptions{Paging: zscaler.PagingZPA})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range lr.Records {
		var rec map[string]any
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber() // an id sent as a JSON number keeps every digit
		if dec.Decode(&rec) != nil {
			continue
		}
		if got, _ := rec[member].(string); strings.EqualFold(got, value) {
			ids = append(ids, fmt.Sprint(rec["id"]))
		}
	}
	return ids, nil
}

func certificateNamed(ctx context.Context, c *catalog.Call, name string) (string, error) {
	ids, err := recordIDs(ctx, c, issuedCertificates, map[string][]string{"search": {name}}, "name", name)
	if err != nil {
		return "", err
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", &catalog.ArgError{Problems: []string{fmt.Sprintf("certificate_id is required: no issued certificate is named %q; pass the id of the certificate for the portal's domain", name)}}
	}
	return "", &catalog.ArgError{Problems: []string{fmt.Sprintf("certificate_id is required: %d issued certificates are named %q (%s); pass the one to use", len(ids), name, strings.Join(ids, ", "))}}
}
