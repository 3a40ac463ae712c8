package zms

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

// onePage are the page inputs of the aggregate reads, sent as given.
func onePage() []catalog.Param {
	return []catalog.Param{
		wired(catalog.Int("page_num", "Page of the summary (from 1; default 1).").AtLeast(1).Def(1), "pageNum"),
		wired(catalog.Int("page_size", "Entries per page (1-100; default 20).").Range(1, 100).Def(20), "pageSize"),
	}
}

func resources() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_resources",
			Description: "List the workloads ZMS protects (virtual machines, containers, bare-metal hosts). Each record " +
				"is a resource: id, name, type, status, cloud provider and region, hostname, OS and its distribution and " +
				"version, local IPs, the agent on it and its app zones. Filters combine: name, cloud_region and " +
				"platform_os match part of the value, status, resource_type and cloud_provider match it exactly; deleted " +
				"resources show only with include_deleted." + pagingNote + customerNote,
			Handler: graph("ListResources", "resources", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				wired(catalog.Bool("include_deleted", "Also list deleted resources (default false).").Def(false), "includeDeleted"),
				filter("name", "Only resources whose name contains this text.", "filter.name.contains"),
				filter("status", "Only resources in this status (exact).", "filter.status.equals"),
				filter("resource_type", "Only resources of this type: VIRTUAL_MACHINE, CONTAINER or BARE_METAL (exact).", "filter.resourceType.equals"),
				filter("cloud_provider", "Only resources of this cloud provider: AWS, AZURE, GCP or ON_PREMISES (exact).", "filter.cloudProvider.equals"),
				filter("cloud_region", "Only resources whose cloud region contains this text.", "filter.cloudRegion.contains"),
				filter("platform_os", "Only resources whose OS contains this text (LINUX, WINDOWS).", "filter.platformOs.contains"),
				direction("sort_order", "Sort by name: ASC or DESC.", "orderBy.name"),
			),
		},
		{
			Name: "zms_get_resource_protection_status", JSONText: true,
			Description: "Summarise how many workloads microsegmentation protects: protected and unprotected counts, the " +
				"total and the protected percentage. Returns {data}: the API's summary connection as it is." + customerNote,
			Handler: graph("ResourceProtectionStatus", "resourceProtectionStatus", false, asAgg),
			Shape:   catalog.Record, Output: aggregateStatus,
			Params: onePage(),
		},
		{
			Name: "zms_get_metadata", JSONText: true,
			Description: "Read the metadata of the resource events the deployment records (what event kinds and fields " +
				"exist). Returns {data}: the API's metadata object as it is." + customerNote,
			Handler: graph("GetMetadata", "metadata", false, asAgg),
			Shape:   catalog.Record, Output: aggregateStatus,
		},
	}
}

func resourceGroups() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zms_list_resource_groups",
			Description: "List the resource groups policy rules apply to: managed groups (members chosen by tags and " +
				"rules) and unmanaged ones (members given as CIDRs and FQDNs). Each record has the id, name, " +
				"description, type, origin, member count and modification time, and for unmanaged groups the CIDRs and " +
				"FQDNs. name and resource_hostname match part of the value." + pagingNote + customerNote,
			Handler: graph("ListResourceGroups", "resourceGroups", true, asIs),
			Params: append(paging("page_num", "pageNum"),
				filter("name", "Only groups whose name contains this text.", "filter.name.contains"),
				filter("resource_hostname", "Only groups with a member whose hostname contains this text.", "filter.resourceHostname.contains"),
			),
		},
		{
			Name: "zms_get_resource_group_members",
			Description: "List the workloads in one resource group: id, name, type, status, cloud provider and region, " +
				"hostname and OS of each. An id no group has is an empty list." + pagingNote + customerNote,
			Handler: graph("GetResourceGroupMembers", "resourceGroupMembers", true, asIs),
			Params: append([]catalog.Param{
				wired(catalog.Str("group_id", "The resource group's id, as zms_list_resource_groups shows it.").Req(), "id"),
			}, paging("page_num", "pageNum")...),
			Example: map[string]any{"group_id": "72058304855015424-00000000000000000000000000000201"},
		},
		{
			Name: "zms_get_resource_group_protection_status", JSONText: true,
			Description: "Summarise how many resource groups microsegmentation protects: protected and unprotected " +
				"group counts, the total and the protected percentage. Returns {data}: the API's summary connection as " +
				"it is." + customerNote,
			Handler: graph("ResourceGroupProtectionStatus", "resourceGroupProtectionStatus", false, asAgg),
			Shape:   catalog.Record, Output: aggregateStatus,
			Params: onePage(),
		},
	}
}
