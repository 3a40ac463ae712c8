package zpa

import (
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// idList sends a list of ids as the API's bare id list under wire
// (appServerGroupIds), each checked first; a required one needs at least one.
func idList(name, desc, wire string, some bool) catalog.Param {
	p := catalog.StrList(name, desc).Body(wire).Converted(func(v any) (any, error) {
		ids := v.([]string)
		if some && len(ids) == 0 {
			return nil, fmt.Errorf("must list at least one id")
		}
		for i, s := range ids {
			if err := checkID(s); err != nil {
				return nil, fmt.Errorf("element %d %w", i, err)
			}
		}
		return ids, nil
	})
	p.Required = some
	return p
}

func applicationServers() []catalog.Tool {
	sid := id("server_id", "Application server")
	body := func(verb string) []catalog.Param {
		return []catalog.Param{
			catalog.Str("name", verb+" server name.").Body("name"),
			catalog.Str("address", verb+" address: an IP address or a fully qualified domain name.").Body("address"),
			catalog.Str("description", verb+" description.").Body("description"),
			idList("app_server_group_ids", verb+" server group ids the server belongs to (sent as appServerGroupIds).", "appServerGroupIds", false),
			microtenant(),
		}
	}
	create := append(body("The"), catalog.Bool("enabled", "Whether the server is enabled.").Def(true).Body("enabled"))
	create[0], create[1] = create[0].Req(), create[1].Req()
	update := append([]catalog.Param{sid}, append(body("New"), catalog.Bool("enabled", "Enable or disable the server.").Body("enabled"))...)
	return []catalog.Tool{
		{
			Name: "zpa_list_application_servers", Toolset: "zpa_application_servers", Action: catalog.Read,
			Description: "List ZPA application servers: the hosts (IP or FQDN) that server groups with dynamic discovery " +
				"off send traffic to, with their server groups. Without page, every page is read.",
			Method: "GET", Path: mgmt + "/server",
			Params: listParams("application server"),
		},
		{
			Name: "zpa_get_application_server", Toolset: "zpa_application_servers", Action: catalog.Read,
			Description: "Get one ZPA application server by id: its address, state and server groups.",
			Method:      "GET", Path: mgmt + "/server/{server_id}", Shape: catalog.Record,
			Params: []catalog.Param{sid, microtenant()},
		},
		{
			Name: "zpa_create_application_server", Toolset: "zpa_application_servers", Action: catalog.Create,
			Description: "Create a ZPA application server from a name and an address (IP or FQDN), optionally in server " +
				"groups. Server groups use listed servers only with dynamic discovery off. Takes effect at once. " +
				"Returns the record as created.",
			Method: "POST", Path: mgmt + "/server", Shape: catalog.Record,
			Params:  create,
			Example: map[string]any{"name": "Catalogue Test Server", "address": "192.0.2.50", "description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zpa_update_application_server", Toolset: "zpa_application_servers", Action: catalog.Update,
			Description: "Update a ZPA application server. The current record is read and only the fields given change " +
				"(app_server_group_ids, when given, replaces the list). Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/server/{server_id}", Shape: catalog.Record,
			Merge: mgmt + "/server/{server_id}", Refetch: mgmt + "/server/{server_id}",
			Params: update, Example: map[string]any{"address": "192.0.2.51"},
		},
		{
			Name: "zpa_delete_application_server", Toolset: "zpa_application_servers", Action: catalog.Delete,
			Description: "Delete a ZPA application server; server groups that listed it no longer reach it. Destructive and " +
				"immediate; confirmation required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: mgmt + "/server/{server_id}", Shape: catalog.Done,
			Params: []catalog.Param{sid, microtenant()},
		},
	}
}
