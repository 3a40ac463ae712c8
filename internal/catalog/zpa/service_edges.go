package zpa

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// versionProfileParams are the version profile by name or by id, as the
// reference takes it: either sends the id (ZPA fills in the name) with the
// override on, which is what makes a profile apply; an
// override_version_profile given after them has the last word.
func versionProfileParams(verb string) []catalog.Param {
	byName := catalog.Str("version_profile_name", verb+" version profile by name: Default, Previous Default or New Release "+
		"(case ignored); turns override_version_profile on unless it is given.").Builds(func(v any) (map[string]any, error) {
		id, ok := versionProfiles[strings.ToLower(strings.TrimSpace(v.(string)))]
		if !ok {
			return nil, fmt.Errorf("must be Default, Previous Default or New Release, got %q", v)
		}
		return map[string]any{"versionProfileId": id, "overrideVersionProfile": true}, nil
	})
	byID := catalog.Str("version_profile_id", verb+" version profile by id: \"0\" Default, \"1\" Previous Default, \"2\" New "+
		"Release; wins over version_profile_name.").Builds(func(v any) (map[string]any, error) {
		id := strings.TrimSpace(v.(string))
		if id != "0" && id != "1" && id != "2" {
			return nil, fmt.Errorf("must be \"0\" (Default), \"1\" (Previous Default) or \"2\" (New Release), got %q", v)
		}
		return map[string]any{"versionProfileId": id, "overrideVersionProfile": true}, nil
	})
	return []catalog.Param{byName, byID}
}

// edgeGroupBody is what a service edge group's create and update take,
// beyond the group id: site and upgrade window (shared with connector
// groups), version profile, public use, grace distance and members.
func edgeGroupBody(verb string, create bool) []catalog.Param {
	site := siteParams(verb, "group")
	for i, p := range site {
		if create && (p.Name == "latitude" || p.Name == "longitude" || p.Name == "location") {
			site[i] = p.Req()
		}
	}
	name := catalog.Str("name", verb+" group name.").Body("name")
	enabled := catalog.Bool("enabled", "Enable or disable the group.").Body("enabled")
	if create {
		name, enabled = name.Req(), catalog.Bool("enabled", "Whether the group is enabled.").Def(true).Body("enabled")
	}
	out := append([]catalog.Param{name, enabled}, versionProfileParams(verb)...)
	out = append(out, site...) // override_version_profile, among them, comes after the profile
	return append(out,
		catalog.Bool("is_public", "Whether the group's service edges also serve other tenants as public edges; sent as the API's "+
			"\"TRUE\" or \"FALSE\".").Body("isPublic").Converted(func(v any) (any, error) {
			return strings.ToUpper(strconv.FormatBool(v.(bool))), nil
		}),
		refIDs("service_edge_ids", verb+" service edge ids, sent as serviceEdges references (a list given replaces the members).", "serviceEdges"),
		refIDs("trusted_network_ids", verb+" trusted network ids, sent as trustedNetworks references: users on those networks "+
			"are sent to this group's edges (get_zpa_trusted_network lists them).", "trustedNetworks"),
		catalog.Bool("grace_distance_enabled", "Whether a private edge of this group within the grace distance is preferred "+
			"over a closer public edge.").Body("graceDistanceEnabled"),
		catalog.Int("grace_distance_value", verb+" grace distance, in grace_distance_value_unit; sent as the API's decimal string.").
			Body("graceDistanceValue").Converted(func(v any) (any, error) { return strconv.FormatInt(v.(int64), 10), nil }),
		catalog.Str("grace_distance_value_unit", verb+" unit of the grace distance.").OneOf("MILES", "KMS").Body("graceDistanceValueUnit"),
		microtenant(),
	)
}

func serviceEdgeGroups() []catalog.Tool {
	gid := id("group_id", "Service edge group")
	eid := id("service_edge_id", "Service edge")
	const set = "zpa_service_edge_groups"
	return []catalog.Tool{
		{
			Name: "zpa_list_service_edge_groups", Toolset: set, Action: catalog.Read,
			Description: "List ZPA private service edge groups: site, upgrade window, version profile, public use, grace " +
				"distance, with their service edges and trusted networks. Without page, every page is read.",
			Method: "GET", Path: mgmt + "/serviceEdgeGroup",
			Params: listParams("service edge group"),
		},
		{
			Name: "zpa_get_service_edge_group", Toolset: set, Action: catalog.Read,
			Description: "Get one ZPA private service edge group by id, with its service edges, trusted networks and version.",
			Method:      "GET", Path: mgmt + "/serviceEdgeGroup/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{gid, microtenant()},
		},
		{
			Name: "zpa_create_service_edge_group", Toolset: set, Action: catalog.Create,
			Description: "Create a ZPA private service edge group: the site (name, latitude, longitude and location are " +
				"required), its upgrade window and version profile, and optionally its edges and trusted networks. Edges " +
				"join it by enrolling with a provisioning key made for the group. Takes effect at once. Returns the record as created.",
			Method: "POST", Path: mgmt + "/serviceEdgeGroup", Shape: catalog.Record,
			Params: edgeGroupBody("The", true),
			Example: map[string]any{"name": "Catalogue Test Edges", "location": "Portland, OR, USA", "latitude": "45.5152",
				"longitude": "-122.6784", "upgrade_day": "SUNDAY", "upgrade_time_in_secs": "66600", "version_profile_id": "0"},
		},
		{
			Name: "zpa_update_service_edge_group", Toolset: set, Action: catalog.Update,
			Description: "Update a ZPA private service edge group. The current record is read and only the fields given " +
				"change (a list given replaces that list whole). Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/serviceEdgeGroup/{group_id}", Shape: catalog.Record,
			Merge: mgmt + "/serviceEdgeGroup/{group_id}", Refetch: mgmt + "/serviceEdgeGroup/{group_id}",
			Params:  append([]catalog.Param{gid}, edgeGroupBody("New", false)...),
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_service_edge_group", Toolset: set, Action: catalog.Delete,
			Description: "Delete a ZPA private service edge group. Destructive and immediate; confirmation required: the user " +
				"must confirm before anything is deleted. ZPA refuses, with its own message, while the group is in use.",
			Method: "DELETE", Path: mgmt + "/serviceEdgeGroup/{group_id}", Shape: catalog.Done,
			Params: []catalog.Param{gid, microtenant()},
		},
		{
			Name: "zpa_list_service_edges", Toolset: set, Action: catalog.Read,
			Description: "List ZPA private service edges (the enrolled instances): group, version, platform, IPs, control " +
				"channel status and last connection. Without page, every page is read.",
			Method: "GET", Path: mgmt + "/serviceEdge",
			Params: listParams("service edge"),
		},
		{
			Name: "zpa_get_service_edge", Toolset: set, Action: catalog.Read,
			Description: "Get one ZPA private service edge by id: its group, version, platform, IPs and connection status.",
			Method:      "GET", Path: mgmt + "/serviceEdge/{service_edge_id}", Shape: catalog.Record,
			Params: []catalog.Param{eid, microtenant()},
		},
		{
			Name: "zpa_update_service_edge", Toolset: set, Action: catalog.Update,
			Description: "Rename, describe, enable or disable a ZPA private service edge. The current record is read and " +
				"only the fields given change. Returns the record after the change.",
			Method: "PUT", Path: mgmt + "/serviceEdge/{service_edge_id}", Shape: catalog.Record,
			Merge: mgmt + "/serviceEdge/{service_edge_id}", Refetch: mgmt + "/serviceEdge/{service_edge_id}",
			Params: []catalog.Param{eid,
				catalog.Str("name", "New name.").Body("name"),
				catalog.Str("description", "New description.").Body("description"),
				catalog.Bool("enabled", "Enable or disable the edge.").Body("enabled"),
				microtenant(),
			},
			Example: map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_service_edge", Toolset: set, Action: catalog.Delete,
			Description: "Delete a ZPA private service edge. Destructive and immediate; confirmation required: the user must " +
				"confirm before anything is deleted. The instance must be enrolled again to reconnect.",
			Method: "DELETE", Path: mgmt + "/serviceEdge/{service_edge_id}", Shape: catalog.Done,
			Params: []catalog.Param{eid, microtenant()},
		},
		{
			Name: "zpa_bulk_delete_service_edges", Toolset: set, Action: catalog.Delete,
			Description: "Delete several ZPA private service edges in one request. Destructive and immediate; confirmation " +
				"required: the user must confirm before anything is deleted. Each instance must be enrolled again to reconnect.",
			Method: "POST", Path: mgmt + "/serviceEdge/bulkDelete", Shape: catalog.Done,
			Params: []catalog.Param{
				catalog.StrList("service_edge_ids", "Ids of the service edges to delete (at least one).").Req().Builds(func(v any) (map[string]any, error) {
					ids := v.([]string)
					if len(ids) == 0 {
						return nil, fmt.Errorf("must list at least one id")
					}
					for i, s := range ids {
						if err := checkID(s); err != nil {
							return nil, fmt.Errorf("element %d %w", i, err)
						}
					}
					return map[string]any{"ids": ids}, nil
				}),
				microtenant(),
			},
			Handler: bulkDeleted, Example: map[string]any{"service_edge_ids": []any{"734512908613303202"}},
		},
	}
}

// bulkDeleted sends the bulk delete and names what it deleted: the API
// answers nothing.
func bulkDeleted(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args); err != nil {
		return nil, err
	}
	return catalog.ObjectResult(map[string]any{"deleted": true, "service_edge_ids": c.Args["service_edge_ids"]}), nil
}
