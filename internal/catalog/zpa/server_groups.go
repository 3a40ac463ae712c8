package zpa

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func serverGroups() []catalog.Tool {
	gid := id("group_id", "Server group")
	body := func(verb string) []catalog.Param {
		return []catalog.Param{
			catalog.Str("name", verb+" server group name.").Body("name"),
			someRefIDs("app_connector_group_ids", verb+" app connector group ids (at least one): the connectors that reach "+
				"the group's servers. Sent as appConnectorGroups references.", "appConnectorGroups"),
			catalog.Str("description", verb+" description.").Body("description"),
			refIDs("server_ids", verb+" application server ids, sent as servers references; needed when dynamic "+
				"discovery is off.", "servers"),
			catalog.Bool("ip_anchored", "Whether traffic to the group's applications leaves through ZIA source IP anchoring.").Body("ipAnchored"),
		}
	}
	create := append(body("The"), microtenant(),
		catalog.Bool("enabled", "Whether the group is enabled.").Def(true).Body("enabled"),
		catalog.Bool("dynamic_discovery", "Let the connectors discover the servers from the applications' domains (true), "+
			"or use only the servers listed in server_ids (false).").Def(true).Body("dynamicDiscovery"))
	create[0], create[1] = create[0].Req(), create[1].Req()
	update := append([]catalog.Param{gid}, append(body("New"), microtenant(),
		catalog.Bool("enabled", "Enable or disable the group.").Body("enabled"),
		catalog.Bool("dynamic_discovery", "Turn dynamic server discovery on or off; off needs servers.").Body("dynamicDiscovery"))...)
	return []catalog.Tool{
		{
			Name: "zpa_list_server_groups", Toolset: "zpa_server_groups", Action: catalog.Read,
			Description: "List ZPA server groups with their app connector groups, servers and the applications they serve. " +
				"Without page, every page is read.",
			Method: "GET", Path: mgmt + "/serverGroup",
			Params: listParams("server group"),
		},
		{
			Name: "zpa_get_server_group", Toolset: "zpa_server_groups", Action: catalog.Read,
			Description: "Get one ZPA server group by id: connector groups, servers, applications, discovery setting.",
			Method:      "GET", Path: mgmt + "/serverGroup/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{gid, microtenant()},
		},
		{
			Name: "zpa_create_server_group", Toolset: "zpa_server_groups", Action: catalog.Create,
			Description: "Create a ZPA server group: the app connector groups that reach a set of servers, found dynamically " +
				"(the default) or listed. Application segments then point at it. Takes effect at once. Returns the record as created.",
			Method: "POST", Path: mgmt + "/serverGroup", Shape: catalog.Record,
			Params: create,
			Example: map[string]any{"name": "Catalogue Test Servers", "app_connector_group_ids": []any{"734512908613300101"},
				"description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zpa_update_server_group", Toolset: "zpa_server_groups", Action: catalog.Update,
			Description: "Update a ZPA server group. The current record is read and only the fields given change (a list " +
				"given replaces that list whole). Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/serverGroup/{group_id}", Shape: catalog.Record,
			Merge: mgmt + "/serverGroup/{group_id}", Refetch: mgmt + "/serverGroup/{group_id}",
			Params: update, Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_server_group", Toolset: "zpa_server_groups", Action: catalog.Delete,
			Description: "Delete a ZPA server group. Destructive and immediate; confirmation required: the user must confirm " +
				"before anything is deleted. ZPA refuses, with its own message, while application segments still use the group.",
			Method: "DELETE", Path: mgmt + "/serverGroup/{group_id}", Shape: catalog.Done,
			Params: []catalog.Param{gid, microtenant()},
		},
	}
}
