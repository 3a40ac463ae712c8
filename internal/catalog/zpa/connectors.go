package zpa

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func appConnectors() []catalog.Tool {
	cid := id("connector_id", "App connector")
	return []catalog.Tool{
		{
			Name: "zpa_list_app_connectors", Toolset: "zpa_connectors", Action: catalog.Read,
			Description: "List ZPA app connectors (enrolled with a provisioning key; there is no create): group, " +
				"control channel status, versions and upgrade state, public and private IPs, location. Without page, every page is read.",
			Method: "GET", Path: mgmt + "/connector",
			Params: listParams("app connector"),
		},
		{
			Name: "zpa_get_app_connector", Toolset: "zpa_connectors", Action: catalog.Read,
			Description: "Get one ZPA app connector by id: group, health, versions, IPs and enrolment details.",
			Method:      "GET", Path: mgmt + "/connector/{connector_id}", Shape: catalog.Record,
			Params: []catalog.Param{cid, microtenant()},
		},
		{
			Name: "zpa_update_app_connector", Toolset: "zpa_connectors", Action: catalog.Update,
			Description: "Rename, describe, enable or disable a ZPA app connector. The current record is read and only " +
				"the fields given change. Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/connector/{connector_id}", Shape: catalog.Record,
			Merge: mgmt + "/connector/{connector_id}", Refetch: mgmt + "/connector/{connector_id}",
			Params: []catalog.Param{
				cid,
				catalog.Str("name", "New name.").Body("name"),
				catalog.Str("description", "New description.").Body("description"),
				catalog.Bool("enabled", "Enable or disable the connector.").Body("enabled"),
				microtenant(),
			},
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_app_connector", Toolset: "zpa_connectors", Action: catalog.Delete,
			Description: "Delete a ZPA app connector: it leaves its group and must be enrolled again to come back. " +
				"Destructive and immediate; confirmation required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: mgmt + "/connector/{connector_id}", Shape: catalog.Done,
			Params: []catalog.Param{cid, microtenant()},
		},
		{
			Name: "zpa_bulk_delete_app_connectors", Toolset: "zpa_connectors", Action: catalog.Delete,
			Description: "Delete several ZPA app connectors in one request (decommissioned hosts). Destructive and " +
				"immediate; confirmation required: the user must confirm before anything is deleted.",
			Method: "POST", Path: mgmt + "/connector/bulkDelete", Shape: catalog.Done,
			Params: []catalog.Param{
				idList("connector_ids", "Ids of the app connectors to delete (at least one), sent as the body's ids.", "ids", true),
				microtenant(),
			},
			Handler: bulkDelete("connector_ids"), Example: map[string]any{"connector_ids": []any{"734512908613302204"}},
		},
	}
}

// bulkDelete runs the bulk delete and says which ids it deleted.
func bulkDelete(param string) func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
			return nil, err
		}
		return catalog.ObjectResult(map[string]any{"deleted": true, param: c.Args[param]}), nil
	}
}
