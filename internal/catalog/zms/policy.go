package zms

import (
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

func policyRules() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_policy_rules",
			Description: "List the microsegmentation policy rules the tenant defined. Each record is a rule: id, name, " +
				"action (ALLOW or BLOCK), priority, description, source, destination and app-zone scope target types, " +
				"ports and protocols, creation, modification and last-hit times. name matches part of the name, action " +
				"exactly. fetch_all has the API answer every rule in one reply (heavy on large tenants)." +
				pagingNote + customerNote,
			Handler: graph("ListPolicyRules", "policyRules", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				wired(catalog.Bool("fetch_all", "Have the API answer every rule at once, without paging (default false).").Def(false), "fetchAll"),
				filter("name", "Only rules whose name contains this text.", "filter.name.contains"),
				wired(catalog.Str("action", "Only rules with this action: ALLOW or BLOCK.").OneOf("ALLOW", "BLOCK"), "filter.action.equals"),
			),
		},
		{
			Name: "zms_list_default_policy_rules",
			Description: "List the built-in default rules, applied to traffic no custom rule matches: id, name, action, " +
				"direction, description, scope type and modification time of each." + pagingNote + customerNote,
			Handler: graph("ListDefaultPolicyRules", "defaultPolicyRules", true, asIs),
			Params:  paging("page_num", "pageNum"),
		},
	}
}

func appZones() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_app_zones",
			Description: "List the app zones, the network scopes (VPCs, subnets) policy rules can be limited to. Each " +
				"record has the id, name, description, member count and whether every VPC or subnet is included. name " +
				"matches part of the zone's name." + pagingNote + customerNote,
			Handler: graph("ListAppZones", "appZones", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				filter("name", "Only zones whose name contains this text.", "filter.appZoneName.contains"),
				direction("sort_order", "Sort by zone name: ASC or DESC.", "orderBy.appZoneName"),
			),
		},
	}
}

// catalogOrder is the app catalogue's sort fields, by their names here.
var catalogOrder = map[string]string{"name": "name", "category": "category", "creation_time": "creationTime", "modified_time": "modifiedTime"}

func appCatalog() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_app_catalog", JSONText: true,
			Description: "List the applications ZMS knows, with what identifies their traffic: id, name, category, " +
				"creation and modification times, and details (protocols with port ranges, process names) — useful to " +
				"write rules. name and category match part of the value; sort_by with sort_order orders the list " +
				"(sort_order alone sorts by name, sort_by alone ascending)." + pagingNote + customerNote,
			Handler: graph("ListAppCatalog", "appCatalog", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				filter("name", "Only applications whose name contains this text.", "filter.name.contains"),
				filter("category", "Only applications whose category contains this text.", "filter.category.contains"),
				wired(catalog.Str("sort_by", "Sort field: name, category, creation_time or modified_time.").OneOf("name", "category", "creation_time", "modified_time"), ""),
				wired(catalog.Str("sort_order", "Sort direction: ASC or DESC.").OneOf("ASC", "DESC"), ""),
			),
			Complete: func(args catalog.Args, vars map[string]any) error {
				by, hasBy := args["sort_by"].(string)
				dir, hasDir := args["sort_order"].(string)
				if !hasBy && !hasDir {
					return nil
				}
				if !hasBy {
					by = "name"
				}
				if !hasDir {
					dir = "ASC"
				}
				field, ok := catalogOrder[by]
				if !ok {
					return fmt.Errorf("sort_by: %q is not one of name, category, creation_time, modified_time", by)
				}
				vars["orderBy"] = map[string]any{field: dir}
				return nil
			},
		},
	}
}

func tags() []catalog.Tool {
	origins := []string{"CUSTOM", "EXTERNAL", "ML", "UNKNOWN"}
	return []catalog.Tool{
		{
			Name: "zms_list_tag_namespaces",
			Description: "List the tag namespaces, the top of ZMS's tag hierarchy (namespace, key, value): id, name, " +
				"description and origin (CUSTOM, EXTERNAL, ML or UNKNOWN) of each. name matches part of the name, " +
				"origin exactly." + pagingNote + customerNote,
			Handler: graph("ListTagNamespaces", "tagNamespaces", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				filter("name", "Only namespaces whose name contains this text.", "filter.name.contains"),
				wired(catalog.Str("origin", "Only namespaces of this origin: CUSTOM, EXTERNAL, ML or UNKNOWN.").OneOf(origins...), "filter.origin.equals"),
				direction("sort_order", "Sort by name: ASC or DESC.", "orderBy.name"),
			),
		},
		{
			Name: "zms_list_tag_keys",
			Description: "List the tag keys of one namespace (id, name, description of each); namespace_id comes from " +
				"zms_list_tag_namespaces. key_name matches part of the key's name." + pagingNote + customerNote,
			Handler: graph("ListTagKeys", "tagKeys", true, asIs),
			Params: append([]catalog.Param{
				wired(catalog.Str("namespace_id", "The namespace's id, as zms_list_tag_namespaces shows it.").Req(), "namespaceId"),
			}, append(paging("page_num", "pageNum"),
				filter("key_name", "Only keys whose name contains this text.", "filter.keyName.contains"),
				direction("sort_order", "Sort by name: ASC or DESC.", "orderBy.name"),
			)...),
			Example: map[string]any{"namespace_id": "72057594037927936-00000000000000000000000000000001"},
		},
		{
			Name: "zms_list_tag_values",
			Description: "List the values of one tag key (id and name of each); tag_id comes from zms_list_tag_keys, " +
				"and namespace_origin is the origin of the key's namespace. name matches part of the value." +
				pagingNote + customerNote,
			Handler: graph("ListTagValues", "tagValues", true, asIs),
			Params: append([]catalog.Param{
				wired(catalog.Str("tag_id", "The tag key's id, as zms_list_tag_keys shows it.").Req(), "tagId"),
				wired(catalog.Str("namespace_origin", "The origin of the key's namespace: CUSTOM, EXTERNAL, ML or UNKNOWN.").OneOf(origins...).Req(), "namespaceOrigin"),
			}, append(paging("page_num", "pageNum"),
				filter("name", "Only values whose name contains this text.", "filter.name.contains"),
				direction("sort_order", "Sort by name: ASC or DESC.", "orderBy.name"),
			)...),
			Example: map[string]any{"tag_id": "72057594037927936-00000000000000000000000000001001", "namespace_origin": "EXTERNAL"},
		},
	}
}
