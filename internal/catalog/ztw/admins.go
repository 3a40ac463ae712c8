package ztw

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func admins() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "ztw_list_admins", Toolset: "ztw", Action: catalog.Read,
			Description: "List the Cloud & Branch Connector admin accounts: login name, email, role, scope and " +
				"status. Without page every page is read.",
			Method: "GET", Path: api + "/adminUsers", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Bool("include_auditor_users", "Include auditor accounts.").Query("includeAuditorUsers"),
				catalog.Bool("include_admin_users", "Include admin accounts (the API's default: true).").Query("includeAdminUsers"),
				catalog.Bool("include_api_roles", "Include accounts with API roles.").Query("includeApiRoles"),
				catalog.Str("search", "Only admins whose name, login name or email contains this (matched by the API).").Query("search"),
				catalog.Int("page", "Read only this page (1-based).").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page, 1-1000.").Range(1, 1000).At(catalog.InPageSize),
				catalog.Int("version", "Read the admins of this configuration backup version instead of the current ones.").Query("version"),
			},
		},
		{
			Name: "ztw_list_roles", Toolset: "ztw", Action: catalog.Read,
			Description: "List the Cloud & Branch Connector admin roles with their access levels and feature " +
				"permissions (NONE, READ_ONLY, READ_WRITE per area). search is matched on the role names after " +
				"they are read; the API has no role search.",
			Method: "GET", Path: api + "/adminRoles", Paging: zscaler.PagingZIA,
			Params: []catalog.Param{
				catalog.Bool("include_auditor_role", "Include the auditor role.").Query("includeAuditorRole"),
				catalog.Bool("include_partner_role", "Include partner roles (the API's default: true).").Query("includePartnerRole"),
				catalog.Bool("include_api_roles", "Include API roles (the API's default: true).").Query("includeApiRoles"),
				catalog.StrList("role_ids", "Only the roles with these ids.").Query("id"),
				catalog.Str("search", "Case-insensitive substring of the role name; filters the roles after they are read.").At(catalog.InFilter),
			},
		},
	}
}
