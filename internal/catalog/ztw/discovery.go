package ztw

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// discoverySchema describes the view ztw_get_discovery_settings returns.
var discoverySchema = json.RawMessage(`{"type":"object","properties":{` +
	`"discovery_role":{"type":["string","null"],"description":"IAM role the discovery service assumes, if set."},` +
	`"external_id":{"type":["string","null"],"description":"External id the role trust requires, if set."},` +
	`"trusted_account_id":{"type":["string","null"],"description":"Zscaler account trusted to assume the role, if set."},` +
	`"trusted_role_name":{"type":["string","null"],"description":"Name of that trusted role, if set."},` +
	`"settings":{"type":"object","description":"The settings exactly as the API returned them."}},` +
	`"required":["settings"],"additionalProperties":false}`)

func discovery() []catalog.Tool {
	return []catalog.Tool{{
		Name: "ztw_get_discovery_settings", Toolset: "ztw", Action: catalog.Read,
		Description: "Get the tenant's workload discovery settings (one object for the whole tenant): the IAM " +
			"role and external id or the trusted account and role that let Zscaler discover cloud workloads, " +
			"with the full settings as the API returns them.",
		Method: "GET", Path: api + "/discoveryService/workloadDiscoverySettings", Shape: catalog.Record,
		Output:  discoverySchema,
		Handler: discoverySettings,
	}}
}

func discoverySettings(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	res, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(res.Record, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("the discovery settings are not an object: %.80s", res.Record)
	}
	text := func(keys ...string) any {
		for _, k := range keys {
			var s string
			if json.Unmarshal(raw[k], &s) == nil && s != "" {
				return s
			}
		}
		return nil
	}
	return catalog.ObjectResult(map[string]any{
		"discovery_role":     text("discoveryRole"),
		"external_id":        text("externalId"),
		"trusted_account_id": text("trustedAccountId"),
		"trusted_role_name":  text("trustedRoleName", "trustedRole"),
		"settings":           res.Record,
	}), nil
}
